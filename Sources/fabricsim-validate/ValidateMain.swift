import FabricExport
import FabricValidation
import Foundation

/// `make validate`: regenerates the tables of docs/validation.md from simulations and rewrites only the text
/// between their markers, atomically. Exit 1 when a row fails its tolerance (a known, explained miss does not
/// count), 2 on a page or scenario problem.
///
///     fabricsim-validate [--page docs/validation.md] [--only NAME]...
@main
struct ValidateMain {
    static func main() {
        var page = "docs/validation.md"
        var only: [String] = []
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--page": page = arguments.popFirst() ?? page
            case "--only": if let name = arguments.popFirst() { only.append(name) }
            default:
                fail(
                    "unknown argument '\(argument)'; usage: fabricsim-validate [--page docs/validation.md] [--only NAME]...",
                    code: 2)
            }
        }
        let url = URL(fileURLWithPath: page)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { fail("cannot read \(page)", code: 2) }
        let sections: MarkedSections
        do { sections = try MarkedSections(text) } catch { fail("\(page): \(error)", code: 2) }
        let names = only.isEmpty ? ValidationPage.sections : only
        let validation = ValidationPage(root: url.deletingLastPathComponent().deletingLastPathComponent().path)
        var contents: [String: String] = [:]
        var failed: [String] = []
        for name in names {
            let start = ContinuousClock.now
            let table: ValidationTable
            do { table = try validation.table(name) } catch { fail("\(name): \(error)", code: 2) }
            contents[name] = table.markdown
            let passes = table.rows.filter { $0.verdict == .pass }.count
            let misses = table.rows.count - passes - table.failures.count
            print(
                "\(name): \(passes) pass, \(misses) known misses, \(table.failures.count) fail (\(Int((ContinuousClock.now - start) / .seconds(1))) s)"
            )
            failed += table.failures.map {
                "\(name): \($0.label): simulated \($0.simulated), reference \($0.reference)"
            }
        }
        do {
            let rewritten = try sections.replacing(contents)
            var files = AtomicFiles(directory: url.deletingLastPathComponent())
            try files.stage(url.lastPathComponent, contents: rewritten)
            try files.commit()
        } catch {
            fail("\(page): \(error)", code: 2)
        }
        for line in failed { FileHandle.standardError.write(Data("FAIL \(line)\n".utf8)) }
        if !failed.isEmpty { exit(1) }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(code)
    }
}
