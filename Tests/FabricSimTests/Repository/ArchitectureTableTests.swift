import Foundation
import Testing

/// docs/architecture.md's table of targets is the map a new engineer reads first; it drifts silently when a target
/// or an edge is added to Package.swift. This reads both and compares them.
@Suite("docs/architecture.md lists every target of Package.swift with its dependencies")
struct ArchitectureTableTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the targets table has one row per target, and each row's 'depends on' is the target's dependencies")
    func tableMatchesPackage() throws {
        let package = try Self.targets(
            inPackage: String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8))
        let table = try Self.rows(
            inArchitecture: String(
                contentsOf: Self.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8))
        #expect(package.count > 10, "Package.swift's targets were not found: \(package.keys.sorted())")
        #expect(Set(table.keys) == Set(package.keys), "rows \(table.keys.sorted()), targets \(package.keys.sorted())")
        for (name, dependencies) in package {
            guard let row = table[name] else { continue }
            // A row names a FabricX target as X, and a package's product by its product name.
            let written = Set(row.map { package[$0] == nil && package["Fabric" + $0] != nil ? "Fabric" + $0 : $0 })
            #expect(
                written == dependencies,
                "\(name): the table says \(row.sorted()), Package.swift \(dependencies.sorted())")
        }
    }

    /// Per target (test targets aside): the targets and products it depends on.
    static func targets(inPackage text: String) -> [String: Set<String>] {
        var targets: [String: Set<String>] = [:]
        let starts = [".target(", ".executableTarget(", ".systemLibrary("]
        var rest = Substring(text)
        while let start = starts.compactMap({ rest.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            rest = rest[start.upperBound...]
            // The declaration runs to the parenthesis that closes it.
            var depth = 1
            var end = rest.startIndex
            while depth > 0, end < rest.endIndex {
                if rest[end] == "(" { depth += 1 }
                if rest[end] == ")" { depth -= 1 }
                end = rest.index(after: end)
            }
            let declaration = rest[..<end]
            rest = rest[end...]
            guard let name = quoted(after: "name:", in: declaration) else { continue }
            var dependencies = Set<String>()
            if let list = declaration.range(of: "dependencies: ["),
                let close = declaration[list.upperBound...].firstIndex(of: "]")
            {
                // Strings in the list, but not a product's package name.
                let items = declaration[list.upperBound..<close].replacing(/package: "[^"]*"/, with: "")
                for match in items.matches(of: /"([^"]+)"/) { dependencies.insert(String(match.1)) }
            }
            targets[name] = dependencies
        }
        return targets
    }

    /// Per row of the "## Targets" table: the names in its last column ("—" for none; a parenthesis is a note).
    static func rows(inArchitecture text: String) throws -> [String: [String]] {
        let section = try #require(text.components(separatedBy: "## Targets").dropFirst().first)
        var rows: [String: [String]] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 4 else { continue }
            let name = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let column = cells[cells.count - 2].replacing(/\([^)]*\)/, with: "")
            rows[name] =
                column == "—"
                ? []
                : column.split(separator: ",").map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: " `"))
                }
        }
        return rows
    }

    private static func quoted(after key: String, in text: Substring) -> String? {
        guard let at = text.range(of: key) else { return nil }
        return text[at.upperBound...].firstMatch(of: /"([^"]+)"/).map { String($0.1) }
    }
}
