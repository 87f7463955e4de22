import FabricTopology

/// A topology as the scenario describes it, ready to build: the shape's configuration, and its size computed from
/// the shape's numbers, so that the memory and work estimates refuse a fabric before it is built.
public struct TopologySpec: Sendable {
    public let shape: any FabricShape
    let size: TopologySize

    init(_ shape: any FabricShape, size: TopologySize) {
        self.shape = shape
        self.size = size
    }

    /// Checks the configuration (sizes, rates, radix) without building anything.
    public func validate() throws(TopologyBuilder.Problem) { try shape.validate() }

    public func build() throws(TopologyBuilder.Problem) -> Topology { try shape.build() }
}
