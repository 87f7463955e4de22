import Foundation

/// The name this tool gives a file or directory it has not finished writing: `.TARGET.KIND-HOST-PID`.
///
/// Hidden (a leading dot), named after what it will become (`TARGET`), with its kind — `tmp` a file being
/// written, `new` a results directory being built, `old` a results directory being replaced — and the host and
/// process that write it. The host is there because a cluster's shared file system is written by processes of
/// several machines, whose process ids mean nothing to one another: a temporary is stale only when it is this
/// host's and `kill(pid, 0)` says there is no such process (`ESRCH`). Version 0.1.0 named file temporaries
/// `.TARGET.tmp-PID`, without the host; those are judged by the process id alone, as they were named.
public struct TemporaryName: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case tmp, new, old
    }

    /// The name of the file or directory this one will become (or, for `old`, was).
    public var target: String
    public var kind: Kind
    /// The writer's host (`TemporaryName.thisHost`); nil in a name of version 0.1.0.
    public var host: String?
    public var pid: Int32

    /// A temporary of this process, on this host.
    public init(target: String, kind: Kind) {
        self.init(target: target, kind: kind, host: Self.thisHost, pid: ProcessInfo.processInfo.processIdentifier)
    }

    public init(target: String, kind: Kind, host: String?, pid: Int32) {
        self.target = target
        self.kind = kind
        self.host = host
        self.pid = pid
    }

    public var text: String {
        ".\(target).\(kind.rawValue)-" + (host.map { "\($0)-" } ?? "") + "\(pid)"
    }

    /// Reads a name this tool gave; nil for any other name.
    public init?(parsing name: String) {
        guard name.hasPrefix("."), let dash = name.lastIndex(of: "-"),
            let pid = Int32(name[name.index(after: dash)...]),
            pid > 0
        else { return nil }
        let head = name[name.index(after: name.startIndex)..<dash]
        if let hostDash = head.lastIndex(of: "-") {
            let host = head[head.index(after: hostDash)...]
            if let (target, kind) = Self.split(head[..<hostDash]), !host.isEmpty, host.allSatisfy(Self.isHostCharacter)
            {
                self.init(target: target, kind: kind, host: String(host), pid: pid)
                return
            }
        }
        guard let (target, kind) = Self.split(head), kind == .tmp else { return nil }
        self.init(target: target, kind: kind, host: nil, pid: pid)
    }

    /// `TARGET.KIND` into its parts.
    private static func split(_ text: Substring) -> (String, Kind)? {
        guard let dot = text.lastIndex(of: "."), dot > text.startIndex,
            let kind = Kind(rawValue: String(text[text.index(after: dot)...]))
        else { return nil }
        return (String(text[..<dot]), kind)
    }

    /// True when the process that wrote it is gone: this host's (or a name without a host) and no such process.
    public var writerIsGone: Bool {
        guard host == nil || host == Self.thisHost else { return false }
        return kill(pid, 0) == -1 && errno == ESRCH
    }

    private static func isHostCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_")
    }

    /// This machine's host name, with every character outside letters, digits, `.` and `_` replaced by `_` (so
    /// a `-` never makes the name ambiguous) and at most 64 of them.
    public static let thisHost: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let name =
            gethostname(&buffer, buffer.count - 1) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let clean = String(name.prefix(64).map { isHostCharacter($0) ? $0 : "_" })
        return clean.isEmpty ? "localhost" : clean
    }()
}
