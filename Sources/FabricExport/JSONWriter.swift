import FabricMetrics

/// Writes a `ResultValue` as JSON: keys in the value's own order, two-space indentation, numbers in their
/// shortest exact form. The same value always gives the same bytes.
public enum JSONWriter {
    public static func string(_ value: ResultValue) -> String {
        var out = ""
        write(value, indent: 0, to: &out)
        out += "\n"
        return out
    }

    /// The value on one line, without spaces: one event per line of trace.json.
    public static func compact(_ value: ResultValue) -> String {
        var out = ""
        writeCompact(value, to: &out)
        return out
    }

    static func writeCompact(_ value: ResultValue, to out: inout String) {
        switch value {
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                writeCompact(item, to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (i, entry) in object.entries.enumerated() {
                if i > 0 { out += "," }
                writeString(entry.key, to: &out)
                out += ":"
                writeCompact(entry.value, to: &out)
            }
            out += "}"
        default:
            write(value, indent: 0, to: &out)
        }
    }

    static func write(_ value: ResultValue, indent: Int, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            // JSON has no infinities or NaN; a figure that is undefined is written as null.
            out += d.isFinite ? String(d) : "null"
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            if items.allSatisfy(isScalar), items.count <= 16 {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += ", " }
                    write(item, indent: indent, to: &out)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                write(item, indent: indent + 2, to: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let object):
            guard !object.entries.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, entry) in object.entries.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                writeString(entry.key, to: &out)
                out += ": "
                write(entry.value, indent: indent + 2, to: &out)
                out += i + 1 < object.entries.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    static func isScalar(_ value: ResultValue) -> Bool {
        switch value {
        case .array, .object: false
        default: true
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
