import Foundation

/// What killed processes of this tool left half-done (SIGKILL, a power cut, a scheduler's hard kill): removed by the
/// next command that writes the same results, before it starts.
///
/// Only names this tool gives (`TemporaryName`) whose writer is gone are touched; a live writer's temporary, another
/// host's, and every other name stay. A results directory that was being replaced (`old`) when its replacement had not
/// yet been renamed in is put back where it was, so the last complete results are never lost.
public enum StaleTemporaries {
    /// Cleans `directory`, and its subdirectories down to `depth` levels (a sweep's point and seed folders), of stale
    /// temporaries; with `target`, only those of that name in `directory` itself. Returns the names it removed or
    /// restored, relative to `directory`. Errors are ignored: what cannot be removed is left for the next time.
    @discardableResult
    public static func clean(in directory: URL, target: String? = nil, depth: Int = 0) -> [String] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { return [] }
        var cleaned: [String] = []
        for name in names.sorted() {
            let url = directory.appendingPathComponent(name)
            guard let temporary = TemporaryName(parsing: name) else {
                if target == nil, depth > 0, isPlainDirectory(url) {
                    cleaned += clean(in: url, depth: depth - 1).map { "\(name)/\($0)" }
                }
                continue
            }
            guard target == nil || temporary.target == target, temporary.writerIsGone else { continue }
            let original = directory.appendingPathComponent(temporary.target)
            if temporary.kind == .old, !manager.fileExists(atPath: original.path) {
                if rename(url.path, original.path) == 0 { cleaned.append(name) }
            } else if (try? manager.removeItem(at: url)) != nil {
                cleaned.append(name)
            }
        }
        return cleaned
    }

    /// A directory, not a symbolic link to one (a link is never followed into another tree).
    static func isPlainDirectory(_ url: URL) -> Bool {
        var status = stat()
        return lstat(url.path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
