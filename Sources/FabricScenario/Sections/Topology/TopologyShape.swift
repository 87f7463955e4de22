/// The shapes a scenario's `topology.shape` names, and the section that reads each: the one list of shapes.
public enum TopologyShape: String, ScenarioChoice {
    case leafSpine = "leaf-spine"
    case fatTree = "fat-tree"
    case railOptimized = "rail-optimized"
    case ring

    /// The shape's keys, reference and reader.
    var section: any TopologyShapeSection.Type {
        switch self {
        case .leafSpine: LeafSpineSection.self
        case .fatTree: FatTreeSection.self
        case .railOptimized: RailOptimizedSection.self
        case .ring: RingSection.self
        }
    }
}
