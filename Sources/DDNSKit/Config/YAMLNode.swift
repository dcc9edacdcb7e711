import CLibYAML

/// A YAML document as a small tree. Scalars stay strings: the configuration layer gives them
/// types through the same option table as `ddclient.conf`, so both files mean the same thing.
public struct YAMLNode: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// A scalar; `quoted` tells `"no"` (a string) from `no` where it matters.
        case scalar(String, quoted: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var value: Value
    /// 1-based position of the node in its file.
    public var line: Int
    public var column: Int

    public init(_ value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// The scalar text, or nil for a sequence or mapping.
    public var scalar: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    /// The mapping's pairs, or nil.
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = value { return pairs }
        return nil
    }

    /// The sequence's items, or nil.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The value of mapping key `key`, or nil.
    public subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key == key }?.value
    }
}

/// One `key: value` entry of a mapping; keys are scalars.
public struct YAMLPair: Sendable, Equatable {
    public var key: String
    public var keyLine: Int
    public var keyColumn: Int
    public var value: YAMLNode

    public init(key: String, keyLine: Int, keyColumn: Int, value: YAMLNode) {
        self.key = key
        self.keyLine = keyLine
        self.keyColumn = keyColumn
        self.value = value
    }
}

/// Bad YAML, reported as `file:line:column: message`.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Reads YAML with the system libyaml (document API).
///
/// libyaml resolves aliases itself and will build cyclic graphs (`&a [*a]`) and exponential
/// ones ("billion laughs"), so the walk is bounded by a depth limit and a node budget that
/// grows with the input size (an honest file has fewer nodes than bytes).
public enum YAMLReader {
    public static let maxDepth = 64

    /// Parses every document in `text`. An empty file gives no documents.
    public static func parse(_ text: String, file: String = "<yaml>", maxNodes: Int? = nil) throws(YAMLError)
        -> [YAMLNode]
    {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(file: file, line: 0, column: 0, message: "cannot initialise libyaml")
        }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        let count = bytes.count
        try checkDepth(&bytes, file: file)
        let budgetPerDocument = maxNodes ?? (10_000 + 4 * count)
        return try bytes.withUnsafeMutableBufferPointer { (buffer) throws(YAMLError) -> [YAMLNode] in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, count)
            var documents: [YAMLNode] = []
            while true {
                var document = yaml_document_t()
                guard yaml_parser_load(&parser, &document) == 1 else {
                    let mark = parser.problem_mark
                    let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
                    let context = parser.context.map { String(cString: $0) + ": " } ?? ""
                    throw YAMLError(
                        file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1, message: context + problem)
                }
                defer { yaml_document_delete(&document) }
                guard let root = yaml_document_get_root_node(&document) else { break }  // end of stream
                var walker = Walker(file: file, budget: budgetPerDocument)
                documents.append(try walker.convert(root, in: &document, depth: 0))
            }
            return documents
        }
    }
}

extension YAMLReader {
    /// Streams the events once and stops at the first collection nested deeper than
    /// `maxDepth`: libyaml's document loader takes time quadratic in the nesting (100,000
    /// levels took 25 s) before the walk below could refuse it.
    static func checkDepth(_ bytes: inout [UInt8], file: String) throws(YAMLError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(file: file, line: 0, column: 0, message: "cannot initialise libyaml")
        }
        defer { yaml_parser_delete(&parser) }
        let count = bytes.count
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(YAMLError) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, count)
            var depth = 0
            while true {
                var event = yaml_event_t()
                // A syntax error is reported by the loader, with its own words.
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    depth += 1
                    if depth >= maxDepth {
                        throw YAMLError(
                            file: file, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1,
                            message: "nesting too deep (more than \(maxDepth - 1) levels)")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                case YAML_STREAM_END_EVENT:
                    return
                default:
                    break
                }
            }
        }
    }
}

private struct Walker {
    let file: String
    var budget: Int

    func error(_ node: yaml_node_t, _ message: String) -> YAMLError {
        YAMLError(
            file: file, line: Int(node.start_mark.line) + 1, column: Int(node.start_mark.column) + 1, message: message)
    }

    mutating func convert(_ pointer: UnsafeMutablePointer<yaml_node_t>, in document: inout yaml_document_t, depth: Int)
        throws(YAMLError) -> YAMLNode
    {
        let node = pointer.pointee
        budget -= 1
        guard depth < YAMLReader.maxDepth else {
            throw error(node, "nesting too deep (an alias that refers to itself?)")
        }
        guard budget >= 0 else { throw error(node, "document too large (alias expansion?)") }
        let line = Int(node.start_mark.line) + 1
        let column = Int(node.start_mark.column) + 1
        switch node.type {
        case YAML_SCALAR_NODE:
            let scalar = node.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let quoted =
                scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
            return YAMLNode(.scalar(text, quoted: quoted), line: line, column: column)
        case YAML_SEQUENCE_NODE:
            var items: [YAMLNode] = []
            var item = node.data.sequence.items.start
            while let current = item, current != node.data.sequence.items.top {
                items.append(try child(current.pointee, node, in: &document, depth: depth))
                item = current + 1
            }
            return YAMLNode(.sequence(items), line: line, column: column)
        case YAML_MAPPING_NODE:
            var pairs: [YAMLPair] = []
            var merged: [YAMLPair] = []
            var lines: [String: Int] = [:]
            var pair = node.data.mapping.pairs.start
            while let current = pair, current != node.data.mapping.pairs.top {
                let keyPointer = yaml_document_get_node(&document, current.pointee.key)
                let key = try child(current.pointee.key, node, in: &document, depth: depth)
                guard let name = key.scalar else { throw error(node, "mapping keys must be plain values") }
                if name != "<<" || key.value != .scalar(name, quoted: false) {
                    // A key written twice is a mistake YAML parsers usually hide (the last one
                    // wins): which of the two did the user mean?
                    if let first = lines[name], let keyPointer {
                        throw error(
                            keyPointer.pointee,
                            "key '\(name)' appears twice in this mapping, at lines \(first) and \(key.line)")
                    }
                    lines[name] = key.line
                }
                let value = try child(current.pointee.value, node, in: &document, depth: depth)
                if name == "<<", case .scalar(_, false) = key.value {
                    merged += try mergeSource(value, node)
                } else {
                    pairs.append(YAMLPair(key: name, keyLine: key.line, keyColumn: key.column, value: value))
                }
                pair = current + 1
            }
            // YAML 1.1 merge keys: explicit keys win over merged ones.
            for extra in merged where lines[extra.key] == nil {
                lines[extra.key] = extra.keyLine
                pairs.append(extra)
            }
            return YAMLNode(.mapping(pairs), line: line, column: column)
        default:
            return YAMLNode(.scalar("", quoted: false), line: line, column: column)
        }
    }

    private func mergeSource(_ value: YAMLNode, _ node: yaml_node_t) throws(YAMLError) -> [YAMLPair] {
        switch value.value {
        case .mapping(let pairs): return pairs
        case .sequence(let items):
            var result: [YAMLPair] = []
            var seen: Set<String> = []
            for item in items {
                guard let pairs = item.pairs else { throw error(node, "'<<' takes a mapping or a list of mappings") }
                for candidate in pairs where seen.insert(candidate.key).inserted { result.append(candidate) }
            }
            return result
        case .scalar: throw error(node, "'<<' takes a mapping or a list of mappings")
        }
    }

    private mutating func child(_ index: Int32, _ parent: yaml_node_t, in document: inout yaml_document_t, depth: Int)
        throws(YAMLError) -> YAMLNode
    {
        guard let node = yaml_document_get_node(&document, index) else { throw error(parent, "dangling node \(index)") }
        return try convert(node, in: &document, depth: depth + 1)
    }
}
