/// libyaml's error texts in plain words. libyaml names its own state ("while parsing a block mapping", "did not
/// find expected key", "set with yaml_set_max_nest_level()"); a scenario's author needs what is wrong with the
/// text and what to write instead. Every problem and context libyaml 0.2.5 can report is listed; one it adds later
/// is shown as "the YAML is malformed here" with its own words in parentheses.
enum YAMLProblem {
    /// A plain-words message for libyaml's `problem`, with its `context` (what it was reading, and where that
    /// began) when there is one.
    static func describe(problem: String, context: String?, contextLine: Int?) -> String {
        var text = problems[problem] ?? "the YAML is malformed here (\(problem))"
        if let context, let reading = contexts[context] {
            text += "; this is inside \(reading)"
            if let contextLine { text += " that starts on line \(contextLine)" }
        }
        return text
    }

    static let problems: [String: String] = [
        "mapping values are not allowed in this context":
            "a ':' follows a value on the same line; put each key on its own line, or quote a value that holds ': '",
        "did not find expected key":
            "this line is indented as a key of the mapping above but is not a 'key: value' line; check its indentation",
        "could not find expected ':'":
            "a key has no ':' after it; write 'key: value', or quote text that spans lines",
        "did not find expected '-' indicator":
            "a list item does not start with '- ' at the list's indentation; check the indentation",
        "did not find expected node content":
            "a value is missing here (a ',', ']', '}' or indicator where a value should be)",
        "block sequence entries are not allowed in this context":
            "a '- ' list item is written where a value on the same line is expected; start the list on the next line",
        "mapping keys are not allowed in this context": "a '? ' key is written where a value is expected",
        "did not find expected ',' or ']'": "a [ ] list is not closed: expected ',' or ']'",
        "did not find expected ',' or '}'": "a { } mapping is not closed: expected ',' or '}'",
        "found unexpected end of stream": "the file ends inside a quoted text; close the quote",
        "found unexpected document indicator": "a '---' or '...' line is inside a quoted text; close the quote first",
        "found unknown escape character":
            "a '\\' in double-quoted text starts no known escape; write '\\\\' or use single quotes",
        "found invalid Unicode character escape code":
            "a \\u or \\U escape in double-quoted text is not a valid character",
        "did not find expected hexdecimal number": "a \\x, \\u or \\U escape needs hexadecimal digits",
        "found character that cannot start any token":
            "this character cannot start a value (YAML reserves '@' and '`', and '%' at the start of a line); quote the value",
        "found unexpected ':'": "a ':' is in an unexpected place; quote the value that holds it",
        "found a tab character that violates indentation": "a tab is used for indentation; indent with spaces",
        "found a tab character where an indentation space is expected":
            "a tab is used for indentation; indent with spaces",
        "did not find expected comment or line break": "something follows a value on its line; only a '# comment' may",
        "did not find expected whitespace or line break": "an indicator must be followed by a space here",
        "did not find expected whitespace": "an indicator must be followed by a space here",
        "found an indentation indicator equal to 0": "a block text's indentation indicator must be 1 to 9",
        "did not find expected alphabetic or numeric character":
            "an anchor (&name) or alias (*name) needs a name of letters, digits, '-' or '_' right after its sign",
        "did not find expected '!'": "a tag is malformed; scenario files need no tags (drop the '!')",
        "did not find expected tag URI": "a tag is malformed; scenario files need no tags (drop the '!')",
        "did not find the expected '>'": "a verbatim tag !<...> is not closed; scenario files need no tags",
        "found undefined tag handle": "a tag uses an undefined handle; scenario files need no tags (drop the '!')",
        "did not find URI escaped octet": "a tag holds a malformed %-escape; scenario files need no tags",
        "found an incorrect leading UTF-8 octet": "a tag holds invalid UTF-8; scenario files need no tags",
        "found an incorrect trailing UTF-8 octet": "a tag holds invalid UTF-8; scenario files need no tags",
        "found unknown directive name":
            "a line starting with '%' is read as a directive; quote a value that starts with '%'",
        "could not find expected directive name":
            "a line starting with '%' is read as a directive; quote a value that starts with '%'",
        "found unexpected non-alphabetical character":
            "a '%' directive is malformed; scenario files need no directives",
        "did not find expected digit or '.' character":
            "a %YAML directive is malformed; scenario files need no directives",
        "found extremely long version number": "a %YAML directive is malformed; scenario files need no directives",
        "did not find expected version number": "a %YAML directive is malformed; scenario files need no directives",
        "found duplicate %YAML directive": "a %YAML directive is repeated; scenario files need no directives",
        "found incompatible YAML document": "the %YAML directive names a version other than 1.x",
        "found duplicate %TAG directive": "a %TAG directive is repeated; scenario files need no directives",
        "did not find expected <document start>":
            "a value follows the end of the document; a scenario file holds one document",
        "did not find expected <stream-start>": "the text is not a YAML document",
        "Maximum nesting level reached, set with yaml_set_max_nest_level())": YAMLComposer.tooDeep,
        "control characters are not allowed": "the text holds a control character; a scenario is plain text",
        "invalid leading UTF-8 octet": "the text is not valid UTF-8",
        "invalid trailing UTF-8 octet": "the text is not valid UTF-8",
        "invalid length of a UTF-8 sequence": "the text is not valid UTF-8",
        "incomplete UTF-8 octet sequence": "the text is not valid UTF-8 (it ends inside a character)",
        "invalid Unicode character": "the text holds a character that is not valid Unicode",
        "incomplete UTF-16 character": "the text is not valid UTF-16",
        "incomplete UTF-16 surrogate pair": "the text is not valid UTF-16",
        "unexpected low surrogate area": "the text is not valid UTF-16",
        "expected low surrogate area": "the text is not valid UTF-16",
        "input is too long": "the text is too long to read",
        "input error": "the text cannot be read",
    ]

    static let contexts: [String: String] = [
        "while parsing a block mapping": "a mapping",
        "while parsing a block collection": "a list or mapping",
        "while parsing a flow sequence": "a [ ] list",
        "while parsing a flow mapping": "a { } mapping",
        "while parsing a block node": "a value",
        "while parsing a flow node": "a value",
        "while parsing a node": "a value",
        "while scanning a quoted scalar": "a quoted text",
        "while parsing a quoted scalar": "a quoted text",
        "while scanning a plain scalar": "a value",
        "while scanning a block scalar": "a block text (| or >)",
        "while scanning a simple key": "a key",
        "while scanning an anchor": "an anchor (&name)",
        "while scanning an alias": "an alias (*name)",
        "while scanning a tag": "a tag",
        "while parsing a tag": "a tag",
        "while scanning a directive": "a directive",
        "while scanning a %YAML directive": "a %YAML directive",
        "while scanning a %TAG directive": "a %TAG directive",
        "while parsing a %TAG directive": "a %TAG directive",
        "while parsing a tag directive": "a %TAG directive",
        "while scanning a tag directive": "a %TAG directive",
    ]
}
