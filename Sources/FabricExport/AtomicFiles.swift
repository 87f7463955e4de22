import Foundation

/// Writes a set of result files so that a reader sees all of them complete, or none of them new.
///
/// Each file is first written in full under a temporary name in the destination directory, then all are renamed
/// into place; `rename(2)` within one directory is atomic, so no file is ever seen half-written. If any write
/// fails, the temporary files are removed and the previous results, if any, stay untouched. The temporary names are
/// `TemporaryName`s, and a stale one of the same file (its writer was killed) is removed before the file is staged.
///
/// For files written into a directory that other files share (a sweep's `shards/`, its summary beside its point
/// folders); a run's results directory is replaced whole instead (`ResultDirectory`).
public struct AtomicFiles {
    public let directory: URL
    private var staged: [(temporary: URL, final: URL)] = []

    public init(directory: URL) { self.directory = directory }

    /// Writes `contents` to a temporary file that `commit()` will rename to `name`.
    public mutating func stage(_ name: String, contents: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let final = directory.appendingPathComponent(name)
        StaleTemporaries.clean(in: directory, target: name)
        let temporary = directory.appendingPathComponent(TemporaryName(target: name, kind: .tmp).text)
        do {
            try Data(contents.utf8).write(to: temporary)
        } catch {
            discard()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        staged.append((temporary, final))
    }

    /// Renames every staged file into place.
    public mutating func commit() throws {
        for (temporary, final) in staged {
            if rename(temporary.path, final.path) != 0 {
                let reason = String(cString: strerror(errno))
                discard()
                throw CocoaError(
                    .fileWriteUnknown,
                    userInfo: [NSLocalizedDescriptionKey: "cannot rename \(temporary.path) to \(final.path): \(reason)"]
                )
            }
        }
        staged.removeAll()
    }

    /// Removes every staged temporary file.
    public mutating func discard() {
        for (temporary, _) in staged { try? FileManager.default.removeItem(at: temporary) }
        staged.removeAll()
    }
}
