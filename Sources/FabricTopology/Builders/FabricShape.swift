/// A fabric's shape as its builder's configuration: checked without building anything (sizes, rates, radix), then
/// built into a `Topology`. Every builder conforms; a scenario holds its topology as one (`TopologySpec`), so the
/// code that checks and builds a fabric never lists the shapes (docs/design/0013-topology-shapes.md).
public protocol FabricShape: Sendable {
    func validate() throws(TopologyBuilder.Problem)
    func build() throws(TopologyBuilder.Problem) -> Topology
}
