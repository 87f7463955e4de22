import FabricExport
import FabricMetrics
import Foundation

/// A validator for the part of JSON Schema (draft 2020-12) that docs/summary.schema.json uses, so the test suite
/// checks the shipped schema without Python. A keyword it does not know is an error, never silently passed:
/// if the schema grows a keyword, this validator must learn it (scripts/validate-summary.sh checks with the
/// reference implementation, python3-jsonschema, where it is installed).
struct JSONSchemaValidator {
    let root: ResultValue

    static let annotations: Set<String> = ["$schema", "$id", "title", "description"]

    /// Every violation, as "path: what is wrong"; empty when the instance is valid.
    func validate(_ instance: ResultValue) -> [String] {
        var errors: [String] = []
        check(instance, against: root, path: "$", errors: &errors)
        return errors
    }

    func resolve(_ reference: String) -> ResultValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node = root
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let next = node[String(part)] else { return nil }
            node = next
        }
        return node
    }

    static func typeName(_ value: ResultValue) -> String {
        switch value {
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .bool: "boolean"
        case .null: "null"
        case .array: "array"
        case .object: "object"
        }
    }

    static func matches(_ value: ResultValue, type: String) -> Bool {
        switch (type, value) {
        case ("integer", .int): true
        case ("integer", .double(let d)): d.rounded() == d
        case ("number", .int), ("number", .double): true
        case ("string", .string), ("boolean", .bool), ("null", .null), ("array", .array), ("object", .object): true
        default: false
        }
    }

    static func equal(_ a: ResultValue, _ b: ResultValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    func check(_ value: ResultValue, against schema: ResultValue, path: String, errors: inout [String]) {
        if case .bool(let allowed) = schema {
            if !allowed { errors.append("\(path): no value is allowed here") }
            return
        }
        guard case .object(let keywords) = schema else {
            errors.append("\(path): the schema is neither an object nor a boolean")
            return
        }
        let properties = keywords["properties"]?.objectValue
        for (keyword, argument) in keywords.entries {
            switch keyword {
            case _ where Self.annotations.contains(keyword), "$defs":
                continue
            case "$ref":
                guard case .string(let reference) = argument, let target = resolve(reference) else {
                    errors.append("\(path): cannot resolve \(argument)")
                    continue
                }
                check(value, against: target, path: path, errors: &errors)
            case "type":
                let types: [String] =
                    switch argument {
                    case .string(let t): [t]
                    case .array(let items): items.compactMap { if case .string(let t) = $0 { t } else { nil } }
                    default: []
                    }
                if !types.contains(where: { Self.matches(value, type: $0) }) {
                    errors.append("\(path): found \(Self.typeName(value)); expected \(types.joined(separator: " or "))")
                }
            case "const":
                if !Self.equal(value, argument) { errors.append("\(path): expected the constant \(argument)") }
            case "enum":
                if case .array(let options) = argument, !options.contains(where: { Self.equal(value, $0) }) {
                    errors.append("\(path): \(value) is not one of \(options)")
                }
            case "pattern":
                if case .string(let text) = value, case .string(let pattern) = argument,
                    text.range(of: pattern, options: .regularExpression) == nil
                {
                    errors.append("\(path): '\(text)' does not match \(pattern)")
                }
            case "minLength":
                if case .string(let text) = value, let n = argument.doubleValue, Double(text.count) < n {
                    errors.append("\(path): shorter than \(Int(n))")
                }
            case "minimum":
                if let x = value.doubleValue, let m = argument.doubleValue, x < m {
                    errors.append("\(path): \(x) < \(m)")
                }
            case "exclusiveMinimum":
                if let x = value.doubleValue, let m = argument.doubleValue, x <= m {
                    errors.append("\(path): \(x) ≤ \(m)")
                }
            case "required":
                if case .object(let object) = value, case .array(let names) = argument {
                    for case .string(let name) in names where object[name] == nil {
                        errors.append("\(path): the required key '\(name)' is missing")
                    }
                }
            case "properties":
                if case .object(let object) = value, case .object(let schemas) = argument {
                    for (key, sub) in schemas.entries {
                        if let member = object[key] {
                            check(member, against: sub, path: "\(path).\(key)", errors: &errors)
                        }
                    }
                }
            case "additionalProperties":
                if case .object(let object) = value {
                    for (key, member) in object.entries where properties?[key] == nil {
                        if case .bool(false) = argument {
                            errors.append("\(path): the key '\(key)' is not allowed")
                        } else {
                            check(member, against: argument, path: "\(path).\(key)", errors: &errors)
                        }
                    }
                }
            case "propertyNames":
                if case .object(let object) = value {
                    for (key, _) in object.entries {
                        check(.string(key), against: argument, path: "\(path)[key \(key)]", errors: &errors)
                    }
                }
            case "items":
                if case .array(let items) = value {
                    for (i, item) in items.enumerated() {
                        check(item, against: argument, path: "\(path)[\(i)]", errors: &errors)
                    }
                }
            case "anyOf", "oneOf":
                guard case .array(let options) = argument else { continue }
                var passing = 0
                var firstErrors: [String] = []
                for option in options {
                    var sub: [String] = []
                    check(value, against: option, path: path, errors: &sub)
                    if sub.isEmpty { passing += 1 } else if firstErrors.isEmpty { firstErrors = sub }
                }
                if passing == 0 {
                    errors.append(
                        "\(path): matches none of the \(keyword) alternatives (first: \(firstErrors.first ?? ""))")
                } else if keyword == "oneOf", passing > 1 {
                    errors.append("\(path): matches \(passing) of the oneOf alternatives; expected exactly one")
                }
            case "allOf":
                if case .array(let options) = argument {
                    for option in options { check(value, against: option, path: path, errors: &errors) }
                }
            default:
                errors.append("\(path): the validator does not know the keyword '\(keyword)'")
            }
        }
    }
}
