import Foundation

/// A results directory that holds one run's files, all of them or none: built beside it and swapped in whole.
///
/// The new results are written into a sibling (`.NAME.new-HOST-PID`, `TemporaryName`) in the same parent, so that
/// `rename(2)` moves them in one step; the previous directory is renamed aside (`.NAME.old-HOST-PID`), the new one
/// renamed in, and the old one removed. An interrupted or killed run therefore leaves the previous complete
/// directory or the new complete one, never a mixture of the two; a kill between the two renames leaves the
/// previous one aside, and the next command put it back (`StaleTemporaries`). A rerun with fewer formats leaves
/// only its own files, and a sweep only its own points.
///
/// Before anything runs, `init` refuses a path that is empty, the current directory (or above it), a file, or a
/// directory that is not this tool's (`ResultTree`), and cleans the stale temporaries of dead processes beside
/// the directory and inside it.
public struct ResultDirectory: Sendable {
    /// Where the results go, absolute.
    public let url: URL
    /// The directory being built, between `begin()` and `commit()` or `discard()`.
    public private(set) var building: URL?

    public init(path: String, currentDirectory: String = FileManager.default.currentDirectoryPath)
        throws(ResultDirectoryError)
    {
        guard !path.isEmpty else { throw .emptyPath }
        let base = URL(fileURLWithPath: currentDirectory, isDirectory: true)
        let url = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.resolvingSymlinksInPath()
        let here = base.standardizedFileURL.resolvingSymlinksInPath().path
        guard url.pathComponents.count > 1, here != url.path, !here.hasPrefix(url.path + "/") else {
            throw .holdsCurrentDirectory
        }
        self.url = url
        StaleTemporaries.clean(in: url.deletingLastPathComponent(), target: url.lastPathComponent)
        try Self.checkReplaceable(url)
        StaleTemporaries.clean(in: url, depth: ResultTree.folderDepth)
    }

    /// Nothing there, or a directory that is empty or this tool's.
    static func checkReplaceable(_ url: URL) throws(ResultDirectoryError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .notADirectory }
        if case .foreign(let reason) = ResultTree.verdict(url) { throw .notResults(reason) }
    }

    /// Creates the empty directory the results are written into (and the parent directories the results
    /// directory needs) and returns it.
    public mutating func begin() throws -> URL {
        if let building { return building }
        let parent = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let new = parent.appendingPathComponent(TemporaryName(target: url.lastPathComponent, kind: .new).text)
        try? FileManager.default.removeItem(at: new)
        try FileManager.default.createDirectory(at: new, withIntermediateDirectories: false)
        building = new
        return new
    }

    /// Swaps the built directory in, in place of the previous one. The rule is checked again: what the
    /// directory became while the run went on is not swept away either.
    public mutating func commit() throws {
        guard let new = building else { return }
        do {
            try Self.checkReplaceable(url)
        } catch {
            discard()
            throw error
        }
        let old = url.deletingLastPathComponent().appendingPathComponent(
            TemporaryName(target: url.lastPathComponent, kind: .old).text)
        let replacing = FileManager.default.fileExists(atPath: url.path)
        if replacing { try Self.rename(url, to: old) }
        do {
            try Self.rename(new, to: url)
        } catch {
            if replacing { try? Self.rename(old, to: url) }
            discard()
            throw error
        }
        building = nil
        if replacing { try? FileManager.default.removeItem(at: old) }
    }

    /// Removes the built directory; the previous results stay as they were.
    public mutating func discard() {
        if let building { try? FileManager.default.removeItem(at: building) }
        building = nil
    }

    static func rename(_ from: URL, to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSLocalizedDescriptionKey: "cannot rename \(from.path) to \(to.path): \(reason)"])
        }
    }
}

/// Why a results directory cannot be written; the command names the path (or the `--out` option) before it.
public enum ResultDirectoryError: LocalizedError, Equatable, CustomStringConvertible {
    case emptyPath
    case holdsCurrentDirectory
    case notADirectory
    case notResults(String)

    public var description: String {
        switch self {
        case .emptyPath:
            "an empty directory name; name the results directory, for example --out results/NAME"
        case .holdsCurrentDirectory:
            "is the current directory or holds it, and a results directory is replaced whole; name a directory of its own, for example --out results/NAME"
        case .notADirectory:
            "is a file, not a directory; name a directory for the results"
        case .notResults(let reason):
            "not a FabricSim results directory: \(reason); it is replaced whole by the results, so choose another directory, or empty or remove this one first"
        }
    }

    public var errorDescription: String? { description }
}
