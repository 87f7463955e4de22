import CYaml
import FabricKernel

/// Builds a `ScenarioNode` tree from libyaml's event stream, with bounds on what a document may expand to.
///
/// Why not `Yams.compose`: it resolves an alias by sharing the anchored node, so a 351-byte "billion laughs" (ten
/// anchors, each a list of ten aliases of the one before) composes instantly but expands to 10¹⁰ values as soon as
/// anything walks it; and its duplicate-key check hashes every key deeply, so an alias used as a key walks the
/// whole expansion before anything can refuse it. Here every node is counted as it is built — an alias counts as
/// everything it expands to — and the document is refused once the count passes `maximumNodes(forBytes:)`, and
/// once it nests deeper than `maximumDepth`. Keys must be scalars (a scenario's keys are names), so the
/// duplicate check compares text. libyaml itself comes from Yams' bundled copy (its `CYaml` module).
///
/// An aliased node keeps the locations of its anchor's text, so a problem inside it is reported where it is
/// written.
struct YAMLComposer {
    /// A document that cannot be composed: what is wrong, in plain words, and where (1-based line and column).
    struct Failure: Error, Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    /// Levels of nested lists and mappings, the root counting as one. A scenario nests four or five deep (a
    /// background generator's keys are at level three); the bound keeps every recursive walk of the tree shallow.
    static let maximumDepth = 64

    /// Values a document of `bytes` bytes may hold once its aliases are expanded: 10,000 plus two per byte. Without
    /// aliases a document can never reach it (a value takes at least one byte: `{a,b,c}` is 6 values in 7 bytes),
    /// so the bound only ever refuses alias expansion beyond a few copies of the document — and it keeps the
    /// work of every later walk of the tree linear in the file's size.
    static func maximumNodes(forBytes bytes: Int) -> Int { 10_000 + 2 * bytes }

    /// libyaml's own nesting bound (1,000 by default, a process-wide setting), lowered to `maximumDepth` once, so
    /// that whichever of the two checks meets a deep document first, the limit is the same.
    private static let nestingLimitSet: Void = yaml_set_max_nest_level(Int32(maximumDepth))

    /// The message for a document nested deeper than `maximumDepth`.
    static let tooDeep =
        "the document nests lists and mappings more than \(maximumDepth) levels deep here; a scenario needs a handful"

    private struct Built {
        var node: ScenarioNode
        /// Values in the expanded subtree, this one included.
        var size: Int
        /// Levels of the subtree, this one included.
        var height: Int
    }

    private var parser = yaml_parser_t()
    private var anchors: [String: Built] = [:]
    private var nodes = 0
    private let maximumNodes: Int
    private let locate: (Int, Int) -> SourceLocation

    private init(maximumNodes: Int, locate: @escaping (Int, Int) -> SourceLocation) {
        self.maximumNodes = maximumNodes
        self.locate = locate
    }

    /// Composes the one document of `bytes` (UTF-8, already checked by `ScenarioText`), or nil when it holds none.
    /// `locate` turns a line and column into the location values are tagged with.
    static func compose(_ bytes: [UInt8], locate: @escaping (Int, Int) -> SourceLocation) -> Result<
        ScenarioNode?, Failure
    > {
        _ = nestingLimitSet
        var composer = YAMLComposer(maximumNodes: maximumNodes(forBytes: bytes.count), locate: locate)
        guard yaml_parser_initialize(&composer.parser) == 1 else {
            return .failure(Failure(line: 1, column: 1, message: "there is not enough memory to read the YAML"))
        }
        defer { yaml_parser_delete(&composer.parser) }
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&composer.parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&composer.parser, YAML_UTF8_ENCODING)
            return Result { () throws(Failure) in try composer.document(bytes: buffer) }
        }
    }

    // MARK: - Events

    /// One libyaml event, freed when it goes out of use.
    private final class Event {
        var raw = yaml_event_t()
        deinit { yaml_event_delete(&raw) }
        var type: yaml_event_type_t { raw.type }
        var line: Int { raw.start_mark.line + 1 }
        var column: Int { raw.start_mark.column + 1 }
    }

    private mutating func next(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Event {
        let event = Event()
        guard yaml_parser_parse(&parser, &event.raw) == 1 else { throw parserFailure(bytes) }
        return event
    }

    /// libyaml's error, located and in plain words. A reader error gives a byte offset instead of a mark.
    private func parserFailure(_ bytes: UnsafeBufferPointer<UInt8>) -> Failure {
        if parser.error == YAML_MEMORY_ERROR {
            return Failure(line: 1, column: 1, message: "there is not enough memory to read the YAML")
        }
        var problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        // libyaml reports a tab at the start of a line as a character that starts no token; it is indentation.
        let index = parser.problem_mark.index
        if problem == "found character that cannot start any token", index < bytes.count,
            bytes[index] == UInt8(ascii: "\t")
        {
            problem = "found a tab character that violates indentation"
        }
        let context = parser.context.map { String(cString: $0) }
        var (line, column) = (parser.problem_mark.line + 1, parser.problem_mark.column + 1)
        if parser.error == YAML_READER_ERROR {
            (line, column) = Self.position(ofByte: parser.problem_offset, in: bytes)
        }
        let contextLine = context == nil ? nil : parser.context_mark.line + 1
        return Failure(
            line: line, column: column,
            message: YAMLProblem.describe(problem: problem, context: context, contextLine: contextLine))
    }

    /// The 1-based line and column (in characters) of a byte offset.
    private static func position(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var (line, column) = (1, 1)
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                (line, column) = (line + 1, 1)
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    // MARK: - Structure

    private mutating func document(bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> ScenarioNode? {
        _ = try next(bytes) // stream start
        let start = try next(bytes)
        guard start.type == YAML_DOCUMENT_START_EVENT else { return nil } // stream end: no document at all
        let root = try node(try next(bytes), depth: 1, bytes: bytes)
        _ = try next(bytes) // document end
        let after = try next(bytes)
        if after.type == YAML_DOCUMENT_START_EVENT {
            throw Failure(
                line: after.line, column: after.column,
                message:
                    "a second YAML document starts here; a scenario file holds one document (remove the '---' line, or split the file)"
            )
        }
        return root.node
    }

    private mutating func node(_ event: Event, depth: Int, bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Built {
        let location = locate(event.line, event.column)
        if depth > Self.maximumDepth {
            throw Failure(
                line: event.line, column: event.column,
                message: Self.tooDeep)
        }
        let built: Built
        let anchor: UnsafeMutablePointer<yaml_char_t>?
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = Self.text(event.raw.data.alias.anchor)
            guard let target = anchors[name] else {
                throw Failure(
                    line: event.line, column: event.column,
                    message: "the alias *\(name) names no anchor (&\(name)) written before it")
            }
            if depth - 1 + target.height > Self.maximumDepth {
                throw Failure(
                    line: event.line, column: event.column,
                    message:
                        "the alias *\(name) nests lists and mappings more than \(Self.maximumDepth) levels deep; a scenario needs a handful"
                )
            }
            try count(target.size, at: event)
            return target
        case YAML_SCALAR_EVENT:
            let scalar = event.raw.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let isNull = scalar.style == YAML_PLAIN_SCALAR_STYLE && ["", "~", "null", "Null", "NULL"].contains(value)
            try count(1, at: event)
            built = Built(node: isNull ? .null(location) : .scalar(value, location), size: 1, height: 1)
            anchor = scalar.anchor
        case YAML_SEQUENCE_START_EVENT:
            try count(1, at: event)
            var items: [ScenarioNode] = []
            var (size, height) = (1, 1)
            while true {
                let item = try next(bytes)
                if item.type == YAML_SEQUENCE_END_EVENT { break }
                let child = try node(item, depth: depth + 1, bytes: bytes)
                items.append(child.node)
                size += child.size
                height = max(height, child.height + 1)
            }
            built = Built(node: .sequence(items, location), size: size, height: height)
            anchor = event.raw.data.sequence_start.anchor
        case YAML_MAPPING_START_EVENT:
            built = try mapping(event, location: location, depth: depth, bytes: bytes)
            anchor = event.raw.data.mapping_start.anchor
        default:
            throw Failure(
                line: event.line, column: event.column, message: "the YAML is malformed here (an unexpected event)")
        }
        if let anchor { anchors[Self.text(anchor)] = built }
        return built
    }

    private mutating func mapping(
        _ event: Event, location: SourceLocation, depth: Int, bytes: UnsafeBufferPointer<UInt8>
    ) throws(Failure) -> Built {
        try count(1, at: event)
        var entries: [ScenarioEntry] = []
        var seen: [String: Int] = [:]
        var (size, height) = (1, 1)
        while true {
            let keyEvent = try next(bytes)
            if keyEvent.type == YAML_MAPPING_END_EVENT { break }
            guard keyEvent.type == YAML_SCALAR_EVENT else {
                let what =
                    keyEvent.type == YAML_ALIAS_EVENT
                    ? "an alias" : keyEvent.type == YAML_SEQUENCE_START_EVENT ? "a list" : "a mapping"
                throw Failure(
                    line: keyEvent.line, column: keyEvent.column,
                    message: "\(what) is used as a key here; a key of a scenario is a name, e.g. 'spines:'")
            }
            let scalar = keyEvent.raw.data.scalar
            let key = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            try count(1, at: keyEvent)
            if let line = seen[key] {
                throw Failure(
                    line: keyEvent.line, column: keyEvent.column,
                    message:
                        "the key \(MessageQuote.quoted(key)) is written twice in one mapping (first on line \(line)); keep one of them"
                )
            }
            seen[key] = keyEvent.line
            let keyLocation = locate(keyEvent.line, keyEvent.column)
            if let anchor = scalar.anchor {
                anchors[Self.text(anchor)] = Built(node: .scalar(key, keyLocation), size: 1, height: 1)
            }
            let value = try node(try next(bytes), depth: depth + 1, bytes: bytes)
            entries.append(ScenarioEntry(key: key, keyLocation: keyLocation, value: value.node))
            size += 1 + value.size
            height = max(height, value.height + 1)
        }
        return Built(node: .mapping(entries, location), size: size, height: height)
    }

    /// Adds `values` to the document's count, refusing it past the bound.
    private mutating func count(_ values: Int, at event: Event) throws(Failure) {
        nodes += values
        guard nodes <= maximumNodes else {
            throw Failure(
                line: event.line, column: event.column,
                message:
                    "aliases expand the document past \(maximumNodes) values here (10,000 plus two per byte of the document); write repeated parts out instead of nesting aliases"
            )
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
