import ArgumentParser
import FabricExport

extension ResultDirectory {
    /// The results directory a command is about to write, checked before anything runs; exit 2 with the reason
    /// when it cannot be written (an empty `--out`, the current directory, a directory that is not this tool's).
    static func checked(_ path: String, fromOption option: Bool) throws -> ResultDirectory {
        do {
            return try ResultDirectory(path: path)
        } catch {
            printError("error: " + (option ? "--out '\(path)'" : path) + ": \(error)")
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
