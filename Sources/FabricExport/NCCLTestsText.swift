import FabricMetrics

/// The table nccl-tests prints (`all_reduce_perf` and its siblings), from a collective sweep's `nccl_tests` rows:
/// one line per size, its out-of-place half (the simulator moves the same bytes either way). Printed in the
/// terminal so that a run reads like the tool its figures are compared with.
enum NCCLTestsText {
    static let columns: [(key: String, title: String, unit: String, width: Int)] = [
        ("size_bytes", "size", "(B)", 12), ("count_elements", "count", "(elements)", 14), ("type", "type", "", 10),
        ("redop", "redop", "", 8), ("root", "root", "", 8), ("time_us", "time", "(us)", 9),
        ("algbw_gbps", "algbw", "(GB/s)", 8), ("busbw_gbps", "busbw", "(GB/s)", 8),
    ]

    /// The table, or nil when `rows` lack one of nccl-tests' columns.
    static func text(_ rows: [ResultObject]) -> String? {
        var lines = [columns.map { ($0.title, $0.width) }, columns.map { ($0.unit, $0.width) }].map { header in
            "#" + header.enumerated().map { i, cell in pad(cell.0, cell.1 - (i == 0 ? 1 : 0)) }.joined()
        }
        for row in rows {
            var line = ""
            for column in columns {
                guard let value = row[column.key], let cell = cell(value, key: column.key) else { return nil }
                line += pad(cell, column.width)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Integers as they are; the time with one decimal below a millisecond and none above; bandwidths with two.
    static func cell(_ value: ResultValue, key: String) -> String? {
        switch value {
        case .int(let v): return String(v)
        case .string(let s): return s
        case .double(let v) where key == "time_us": return fixed(v, v >= 1000 ? 0 : 1)
        case .double(let v): return fixed(v, 2)
        default: return nil
        }
    }

    /// A time or a bandwidth (never negative) with `decimals` digits after the point.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        var text = String(Int64((value * scale).rounded()))
        if decimals > 0 {
            while text.count <= decimals { text = "0" + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
        }
        return text
    }

    static func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
}
