/// One point of a sweep's grid: a value of every axis.
public struct SweepPoint: Sendable, Equatable {
    /// Position in the grid, the first axis varying slowest (as nested loops in the order of the `--vary`s).
    public var index: Int
    /// For each axis, the position of its value.
    public var valueIndices: [Int]
    /// `key=value` per axis, as `--set` would take them.
    public var overrides: [String]
    /// The point's folder under the sweep's output directory: `p0003-fabric=roce-topology.spines=4`.
    public var directory: String

    init(index: Int, valueIndices: [Int], axes: [SweepAxis]) {
        self.index = index
        self.valueIndices = valueIndices
        overrides = zip(axes, valueIndices).map { $0.override($1) }
        let digits = String(index)
        var name = "p" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        for (axis, value) in zip(axes, valueIndices) {
            name += "-" + Self.fileSafe(axis.key) + "=" + Self.fileSafe(String(axis.values[value].prefix(40)))
        }
        directory = name
    }

    /// The value texts, one per axis.
    public func values(of axes: [SweepAxis]) -> [String] { zip(axes, valueIndices).map { $0.values[$1] } }

    /// Keeps letters, digits and `._+-`; anything else (slashes, brackets, spaces) becomes `_`. The point number
    /// in front keeps two points apart even when their values differ only in such characters.
    static func fileSafe(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._+-".contains($0)) ? $0 : "_" })
    }
}
