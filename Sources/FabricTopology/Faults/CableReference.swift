/// A cable named by the nodes at its two ends, as a fault specification writes it: `leaf0-spine1` is the first
/// cable between leaf0 and spine1, `leaf0-spine1/2` the third of their parallel cables. The name a report gives
/// either direction of it (`Topology.linkName`: `leaf0→spine1/2`, `spine1→leaf0/2`) is read as the same cable, so
/// a link named in a report can be pasted into a fault. Node names never contain `-`, `→` or `/`, so the text is
/// unambiguous; the order of the two names does not matter.
public struct CableReference: Sendable, Hashable, CustomStringConvertible {
    public var a: String
    public var b: String
    /// Which of the parallel cables between the two nodes, counted from 0 in the port order of `a` (the builders
    /// add parallel cables in the same order at both ends, so either end counts alike).
    public var index: Int

    public init(_ a: String, _ b: String, index: Int = 0) {
        self.a = a
        self.b = b
        self.index = index
    }

    /// `leaf0-spine1`, or `leaf0-spine1/2` for a parallel cable other than the first.
    public var description: String { index == 0 ? "\(a)-\(b)" : "\(a)-\(b)/\(index)" }

    /// Reads `a-b` or `a-b/i`, or `a→b`, `a→b/i`.
    public static func parse(_ text: String) throws(TopologyBuilder.Problem) -> CableReference {
        var body = Substring(text)
        var index = 0
        if let slash = body.firstIndex(of: "/") {
            guard let i = Int(body[body.index(after: slash)...]), i >= 0 else {
                throw TopologyBuilder.Problem(
                    "cable '\(text)': after '/' comes the index of a parallel cable, "
                        + "a whole number from 0 (e.g. leaf0-spine1/1)")
            }
            index = i
            body = body[..<slash]
        }
        let ends = body.split(separator: body.contains("→") ? "→" : "-", omittingEmptySubsequences: false)
        guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty else {
            throw TopologyBuilder.Problem(
                "cable '\(text)': expected the names of its two ends joined by '-' "
                    + "(e.g. leaf0-spine1, or leaf0-spine1/1 for the second parallel cable), or by '→' as reports name links"
            )
        }
        return CableReference(String(ends[0]), String(ends[1]), index: index)
    }
}
