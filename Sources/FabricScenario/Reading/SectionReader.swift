import FabricMetrics

/// Reads the keys of one mapping of a scenario, validating each against its `ScenarioKey`.
///
/// Problems are logged, not thrown, so that reading goes on and every error of the file is reported together.
/// Every key read is echoed (its value, or its default) into `echo`, which becomes the results' record of the
/// scenario as it was run. `finish()` reports the keys nobody asked for, with a suggestion for near misses.
public struct SectionReader {
    public let path: String
    public let location: SourceLocation?
    private(set) var entries: [ScenarioEntry]
    let log: DiagnosticLog
    private var known: [String] = []
    public private(set) var echo = ResultObject()

    public init(path: String, node: ScenarioNode, log: DiagnosticLog) {
        self.path = path
        self.log = log
        location = node.location
        if case .mapping(let entries, _) = node { self.entries = entries } else { self.entries = [] }
    }

    func keyPath(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// Adds `values` as if the document wrote them at `location`, each only where the document does not write
    /// that key itself (a profile's group of keys, which written keys override). Returns the keys the document
    /// wrote over.
    mutating func addDefaults(_ values: [(key: String, value: String)], at location: SourceLocation?) -> [String] {
        var overridden: [String] = []
        for (key, value) in values {
            if contains(key) {
                overridden.append(key)
            } else {
                entries.append(ScenarioEntry(key: key, keyLocation: location, value: .scalar(value, location)))
            }
        }
        return overridden
    }

    /// Marks a key as one this section knows without reading it (it was reported otherwise).
    public mutating func declare(_ name: String) { known.append(name) }

    /// Records the echo of a key read other than by its `ScenarioKey` (a default that follows from other keys).
    public mutating func record(_ name: String, echo value: ResultValue) { echo[name] = value }

    /// Whether the document writes this key at all.
    public func contains(_ name: String) -> Bool { entries.contains { $0.key == name } }

    /// Where a key's value is written (for diagnostics about combinations of keys).
    public func location(of name: String) -> SourceLocation? {
        entries.last { $0.key == name }?.value.location ?? location
    }

    /// The value of `key`, its default when absent, or nil (with a diagnostic) when it is invalid or required
    /// and missing. `fallback` supplies a default that depends on context (a name from the file name).
    public mutating func read<Value>(_ key: ScenarioKey<Value>, fallback: Value? = nil) -> Value? {
        known.append(key.name)
        guard let entry = entries.last(where: { $0.key == key.name }), !isNull(entry.value) else {
            if let value = key.defaultValue ?? fallback {
                echo[key.name] = value.echo
                return value
            }
            log.report(keyPath(key.name), at: location, "is required; expected \(Value.expectation)")
            return nil
        }
        switch Value.decode(entry.value) {
        case .failure(let failure):
            log.report(keyPath(key.name), at: entry.value.location, failure.reason)
            return nil
        case .success(let value):
            if let expected = key.validate(value) {
                log.report(
                    keyPath(key.name), at: entry.value.location,
                    "found \(entry.value.foundDescription); expected \(expected)")
                return nil
            }
            echo[key.name] = value.echo
            return value
        }
    }

    /// The value of a key that may be left out: `.none` when absent, `.some(nil)` when written but invalid (with a
    /// diagnostic), `.some(value)` otherwise.
    public mutating func readOptional<Value>(_ key: ScenarioKey<Value>) -> Value?? {
        guard contains(key.name) else {
            known.append(key.name)
            return .none
        }
        return .some(read(key))
    }

    /// A list of mappings (`faults:`), one reader per item, or nil when absent. Items that are not mappings
    /// are reported.
    public mutating func list(_ name: String) -> [SectionReader]? {
        known.append(name)
        guard let entry = entries.last(where: { $0.key == name }) else { return nil }
        guard case .sequence(let items, _) = entry.value else {
            if case .null = entry.value { return [] }
            log.report(
                keyPath(name), at: entry.value.location,
                "found \(entry.value.foundDescription); expected a list of mappings")
            return nil
        }
        var readers: [SectionReader] = []
        for (i, item) in items.enumerated() {
            guard case .mapping = item else {
                log.report(
                    "\(keyPath(name))[\(i)]", at: item.location,
                    "found \(item.foundDescription); expected a mapping of keys")
                continue
            }
            readers.append(SectionReader(path: "\(keyPath(name))[\(i)]", node: item, log: log))
        }
        return readers
    }

    /// Records the echo of a list of sections under `name`.
    public mutating func attach(list name: String, _ items: [SectionReader]) {
        echo[name] = .array(items.map { .object($0.echo) })
    }

    /// Reports a problem found while building what the section describes (a topology that needs more ports than
    /// its radix allows), at the key it names or else at the section.
    public func report(field: String?, _ message: String) {
        if let field, contains(field) {
            log.report(keyPath(field), at: location(of: field), message)
        } else {
            log.report(path, at: location, message)
        }
    }

    /// A nested section, or nil when it is absent. A section written as something other than a mapping is
    /// reported and read as absent.
    public mutating func section(_ name: String) -> SectionReader? {
        known.append(name)
        guard let entry = entries.last(where: { $0.key == name }) else { return nil }
        switch entry.value {
        case .mapping:
            return SectionReader(path: keyPath(name), node: entry.value, log: log)
        case .null:
            // `section:` with nothing under it: present, every key at its default.
            return SectionReader(path: keyPath(name), node: .mapping([], entry.value.location), log: log)
        default:
            log.report(
                keyPath(name), at: entry.value.location,
                "found \(entry.value.foundDescription); expected a mapping of keys under '\(name)'")
            return nil
        }
    }

    /// Records a finished nested section's echo under its name.
    public mutating func attach(_ child: SectionReader) {
        echo[String(child.path.split(separator: ".").last ?? "")] = .object(child.echo)
    }

    /// Reports a problem with a combination of values, at the location of `name`.
    public func reject(_ name: String, _ message: String) {
        log.report(keyPath(name), at: location(of: name), message)
    }

    /// Reports every key that was written but is not one this section knows.
    public func finish() {
        var names: [String] = []
        for name in known where !names.contains(name) { names.append(name) }
        for entry in entries where !known.contains(entry.key) {
            var message = "is not a key of \(path.isEmpty ? "the scenario" : "'\(path)'")"
            if let suggestion = Suggestion.closest(to: entry.key, among: names) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += "; expected one of: \(names.joined(separator: ", "))"
            }
            log.report(keyPath(entry.key), at: entry.keyLocation, message)
        }
    }

    private func isNull(_ node: ScenarioNode) -> Bool {
        if case .null = node { return true }
        return false
    }
}
