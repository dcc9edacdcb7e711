/// A value as written in a file or on the command line, with where it came from.
public struct RawValue: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation?
    /// True when the value was written on the host's own line (not captured from the globals).
    public var onHostLine: Bool

    public init(_ text: String, at location: SourceLocation?, onHostLine: Bool = false) {
        self.text = text
        self.location = location
        self.onHostLine = onHostLine
    }
}

/// A host as the file defines it, before validation.
public struct RawHost: Sendable, Equatable {
    public var name: String
    public var values: [String: RawValue]
    public var location: SourceLocation?
}

/// A configuration as written: globals (their final values) and hosts (with what they captured).
public struct RawConfig: Sendable, Equatable {
    public var globals: [String: RawValue] = [:] { didSet { captured = nil } }
    public private(set) var hosts: [RawHost] = []
    public var diagnostics: [ConfigDiagnostic] = []
    /// Host name → index in ``hosts`` (a linear search made 10,000-host files quadratic).
    private var positions: [String: Int] = [:]
    /// The globals as host lines capture them, made once per change of the globals: hosts
    /// between two global lines share one dictionary (and resolving them compares pointers).
    private var captured: [String: RawValue]?

    mutating func capturedGlobals() -> [String: RawValue] {
        if let captured { return captured }
        let fresh = globals.mapValues { RawValue($0.text, at: $0.location, onHostLine: false) }
        captured = fresh
        return fresh
    }

    public static func == (lhs: RawConfig, rhs: RawConfig) -> Bool {
        lhs.globals == rhs.globals && lhs.hosts == rhs.hosts && lhs.diagnostics == rhs.diagnostics
    }

    /// Index of `name` in ``hosts``.
    func index(of name: String) -> Int? { positions[name] }

    mutating func append(_ host: RawHost) {
        positions[host.name] = hosts.count
        hosts.append(host)
    }

    mutating func setValue(_ value: RawValue, forKey key: String, host index: Int) {
        hosts[index].values[key] = value
    }
}

/// The `ddclient.conf` grammar (reference §1.1–§1.2), ddclient 4.x semantics:
/// comments, the special `password` handling, `\` continuations, whitespace folding,
/// `name=value` assignments with `\` escapes and quotes, global lines, and host lines
/// `[name=value,…] host[,host…] [login [password]]`. A host captures the globals defined
/// above it; a host defined again keeps its first values and gains new keys.
public enum ConfFileParser {
    /// Reads every line; problems become diagnostics with `file:line`, never a crash.
    public static func parse(_ text: String, file: String, environment: [String: String] = [:]) -> RawConfig {
        var config = RawConfig()
        var continuation = ""
        var continuationStart = 0
        var savedPasswords: [String: String] = [:]
        var lineNumber = 0
        // Split on the byte: Swift reads "\r\n" as one Character, so a CRLF file split on the
        // Character "\n" would be one long line.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            Substring($0)
        }
        for (index, physical) in lines.enumerated() {
            lineNumber += 1
            if index == lines.count - 1 && physical.isEmpty { break }
            var line =
                physical.utf8.contains(13) ? String(physical.filter { $0 != "\r" && $0 != "\n" }) : String(physical)
            let location = SourceLocation(file: file, line: lineNumber)
            if line.utf8.count > 1 << 20 {
                config.diagnostics.append(ConfigDiagnostic(.error, "line longer than 1 MiB; ignored", at: location))
                continue
            }
            if line.utf8.contains(0) {
                config.diagnostics.append(ConfigDiagnostic(.error, "binary data in the line; ignored", at: location))
                continue
            }
            if endsWithBackslashThenSpace(line) {
                config.diagnostics.append(
                    ConfigDiagnostic(
                        .warning, "whitespace follows the \\ at the end-of-line; continuing anyway", at: location))
            }
            if let (rewritten, key, value) = extractPassword(line) {
                let quoted = containsBytes(line, "'\(value)'")
                line = rewritten
                savedPasswords[key] = value
                if !quoted, value.contains(","), value.hasSuffix(",") || value.contains(/,[A-Za-z][0-9A-Za-z_-]*=/) {
                    // ddclient's rule (its issue #738): an unquoted password runs to the next
                    // space, so `password=secret, zone=…` sends "secret," as the password and
                    // `password=secret,zone=…` sends "secret,zone=…".
                    config.diagnostics.append(
                        ConfigDiagnostic(
                            .warning,
                            "the \(key) value runs to the next space, so it includes the ',' and what follows it (as in ddclient); put the password last, or quote it",
                            at: location))
                }
            }
            if let hash = line.utf8.firstIndex(of: UInt8(ascii: "#")) { line = String(line[..<hash]) }
            if continuation.isEmpty { continuationStart = lineNumber }
            // Appended in place and trimmed from the end: a chain of n continuation lines
            // costs O(total length), not O(n × length) (issue 12, item 11).
            var joined = continuation
            continuation = ""
            joined += line
            var end = joined.endIndex
            while end > joined.startIndex, case let before = joined.index(before: end),
                joined[before] == " " || joined[before] == "\t"
            { end = before }
            if end > joined.startIndex, joined[joined.index(before: end)] == "\\" {
                joined.removeSubrange(joined.index(before: end)..<joined.endIndex)
                continuation = joined
                line = ""
                if index == lines.count - 1 || (index == lines.count - 2 && lines[lines.count - 1].isEmpty) {
                    config.diagnostics.append(
                        ConfigDiagnostic(.warning, "file ends while expecting a continuation line", at: location))
                    line = continuation
                    continuation = ""
                } else {
                    continue
                }
            } else {
                line = joined
            }
            _ = continuationStart
            let folded = fold(line)
            if folded.isEmpty {
                savedPasswords.removeAll()
                continue
            }
            processLogicalLine(
                folded, location: location, passwords: savedPasswords, environment: environment, config: &config)
            savedPasswords.removeAll()
        }
        if !continuation.isEmpty {
            let location = SourceLocation(file: file, line: lineNumber)
            config.diagnostics.append(
                ConfigDiagnostic(.warning, "file ends while expecting a continuation line", at: location))
            let folded = fold(continuation)
            if !folded.isEmpty {
                processLogicalLine(
                    folded, location: location, passwords: savedPasswords, environment: environment, config: &config)
            }
        }
        return config
    }

    /// Steps 9–14 of reference §1.1 for one logical line.
    static func processLogicalLine(
        _ line: String, location: SourceLocation, passwords: [String: String], environment: [String: String],
        config: inout RawConfig
    ) {
        // Without '=' there is no assignment: the whole line is the rest (most host lines).
        let parsed =
            line.utf8.contains(UInt8(ascii: "="))
            ? parseAssignments(line, environment: environment)
            : Assignments(values: [:], rest: String(line.drop { $0 == " " || $0 == "\t" || $0 == "," }), warnings: [])
        for warning in parsed.warnings { config.diagnostics.append(ConfigDiagnostic(.warning, warning, at: location)) }
        var locals = parsed.values
        for (key, value) in passwords where locals[key] != nil { locals[key] = value }
        var rest = parsed.rest
        rest = collapseCommas(rest)
        let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        var hostList = words.first ?? ""
        if let host = locals.removeValue(forKey: "host") {
            hostList += hostList.isEmpty ? host : ",\(host)"
        }
        if words.count > 1 { locals["login"] = words[1] }
        if words.count > 2 { locals["password"] = words[2] }
        if words.count > 3 {
            config.diagnostics.append(
                ConfigDiagnostic(
                    .warning, "extra words after the password ignored: \(words[3...].joined(separator: " "))",
                    at: location))
        }
        let hosts = hostList.split(whereSeparator: { $0 == "," || $0 == " " }).map { String($0).lowercased() }.filter {
            !$0.isEmpty
        }
        for key in locals.keys where OptionTable.noOps.contains(key) {
            config.diagnostics.append(
                ConfigDiagnostic(.warning, "'\(key)' is deprecated and does nothing", at: location, option: key))
            locals[key] = nil
        }
        if hosts.isEmpty {
            for (key, value) in locals { config.globals[key] = RawValue(value, at: location) }
            return
        }
        for host in hosts {
            guard isPlausibleHost(host) else {
                config.diagnostics.append(
                    ConfigDiagnostic(
                        .error,
                        "'\(host.prefix(80))' is not a host name\(HostName.asciiHint(host)); line not understood",
                        at: location))
                continue
            }
            var captured = config.capturedGlobals()
            for (key, value) in locals { captured[key] = RawValue(value, at: location, onHostLine: true) }
            if let existing = config.index(of: host) {
                // ddclient 4.x: the first definition wins for the keys it had; new keys are added.
                for (key, value) in captured where config.hosts[existing].values[key] == nil {
                    config.setValue(value, forKey: key, host: existing)
                }
            } else {
                config.append(RawHost(name: host, values: captured, location: location))
            }
        }
    }

    static func isPlausibleHost(_ host: String) -> Bool {
        CacheFile.isPlausibleHostName(host)
    }

    /// The result of ``parseAssignments(_:environment:)``.
    public struct Assignments: Sendable, Equatable {
        public var values: [String: String]
        public var rest: String
        public var warnings: [String]
    }

    /// ddclient's `parse_assignments`: leading `name=value` items separated by spaces or
    /// commas; `\` escapes the next character; `'` and `"` quote; unquoted white space or `,`
    /// ends a value. `name_env=VAR` takes the value from the environment, `name_file=PATH` from
    /// a file (relative paths are read from `$CREDENTIALS_DIRECTORY`, for systemd credentials).
    public static func parseAssignments(_ input: String, environment: [String: String] = [:]) -> Assignments {
        var values: [String: String] = [:]
        var warnings: [String] = []
        // Bytes, not Characters: every delimiter is ASCII, and ddclient (Perl) reads bytes too.
        // Only ASCII bytes are ever dropped, so a value stays valid UTF-8.
        let bytes = Array(input.utf8)
        var position = 0
        while true {
            var probe = position
            while probe < bytes.count, bytes[probe] == 32 || bytes[probe] == 9 || bytes[probe] == 44 { probe += 1 }
            guard let nameEnd = leadingNameEnd(bytes, from: probe) else {
                position = probe
                break
            }
            let name = String(decoding: bytes[probe..<nameEnd], as: UTF8.self)
            probe = nameEnd + 1  // name and '='
            var valueBytes: [UInt8] = []
            var quote: UInt8?
            while probe < bytes.count {
                let byte = bytes[probe]
                probe += 1
                if byte == UInt8(ascii: "\\") {
                    if probe < bytes.count {
                        valueBytes.append(bytes[probe])
                        probe += 1
                    } else {
                        warnings.append("trailing backslash in the value of '\(name)'")
                    }
                    continue
                }
                if let open = quote {
                    if byte == open { quote = nil } else { valueBytes.append(byte) }
                    continue
                }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                    continue
                }
                if byte == 32 || byte == 9 || byte == 10 || byte == 44 {
                    probe -= 1
                    break
                }
                valueBytes.append(byte)
            }
            let value = String(decoding: valueBytes, as: UTF8.self)
            if quote != nil { warnings.append("unclosed quote in the value of '\(name)'") }
            position = probe
            let lowered = name
            if lowered.hasSuffix("_env") {
                let real = String(lowered.dropLast(4))
                if !value.isEmpty, let fromEnvironment = environment[value] {
                    values[real] = fromEnvironment
                } else {
                    warnings.append("Environment variable '\(value)' not set for keyword '\(real)' (ignored)")
                }
            } else if lowered.hasSuffix("_file") && lowered != "ssl_ca_file" {
                let real = String(lowered.dropLast(5))
                var path = value
                if !path.hasPrefix("/"), let credentials = environment["CREDENTIALS_DIRECTORY"] {
                    path = credentials + "/" + path
                }
                // Secrets come only from regular files of at most 64 KiB: a FIFO without a
                // writer or a device would block the run, a huge file exhaust memory.
                do throws(FileError) {
                    guard !value.isEmpty else {
                        throw FileError(path: path, operation: "read", reason: "no file named")
                    }
                    let content = try readRegularFile(path, limit: 1 << 16)
                    values[real] = String(content.trimmingSuffix(while: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }))
                } catch {
                    warnings.append("cannot read '\(path)' for keyword '\(real)': \(error.why) (ignored)")
                }
            } else {
                values[lowered] = value
            }
        }
        return Assignments(
            values: values, rest: String(decoding: bytes[position...], as: UTF8.self), warnings: warnings)
    }

    /// `[A-Za-z][0-9A-Za-z_-]*` immediately followed by `=`, from `start`: where the `=` is.
    private static func leadingNameEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
        guard start < bytes.count, isLetter(bytes[start]) else { return nil }
        for index in start..<bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "=") { return index }
            guard isLetter(byte) || (48...57).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            else { return nil }
        }
        return nil
    }

    /// Step 5: a `…password=value` is taken out before comments are removed, so a password may
    /// hold `#`, `,` and (single-quoted) spaces. Returns the line with `key=dummy`.
    static func extractPassword(_ line: String) -> (String, String, String)? {
        guard containsBytes(line, "password") else { return nil }
        // Bytes: every mark looked for is ASCII, so each cut falls between characters.
        let chars = Array(line.utf8)
        func text(_ range: Range<Int>) -> String { String(decoding: chars[range], as: UTF8.self) }
        func isBlank(_ index: Int) -> Bool { chars[index] == 32 || chars[index] == 9 }
        let quote = UInt8(ascii: "'")
        // Candidate positions of "password" not after a '#'.
        let firstHash = chars.firstIndex(of: UInt8(ascii: "#")) ?? chars.count
        var searchFrom = 0
        while let range = find(Array("password".utf8), in: chars, from: searchFrom), range.lowerBound < firstHash {
            searchFrom = range.lowerBound + 1
            // The key runs back to white space or the line start.
            var keyStart = range.lowerBound
            while keyStart > 0, !isBlank(keyStart - 1) { keyStart -= 1 }
            var cursor = range.upperBound
            while cursor < chars.count, isBlank(cursor) { cursor += 1 }
            guard cursor < chars.count, chars[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < chars.count, isBlank(cursor) { cursor += 1 }
            let value: String
            let tailStart: Int
            if cursor < chars.count, chars[cursor] == quote {
                guard let lastQuote = chars.lastIndex(of: quote), lastQuote > cursor else {
                    return (
                        text(0..<range.upperBound) + "=dummy", keyName(chars, keyStart, range.upperBound),
                        text(cursor..<chars.count)
                    )
                }
                value = text((cursor + 1)..<lastQuote)
                tailStart = lastQuote + 1
            } else {
                var end = cursor
                while end < chars.count, !isBlank(end) { end += 1 }
                value = text(cursor..<end)
                tailStart = end
            }
            let rewritten = text(0..<range.upperBound) + "=dummy" + text(tailStart..<chars.count)
            return (rewritten, keyName(chars, keyStart, range.upperBound), value)
        }
        return nil
    }

    /// The option name in `…,fw-password`: the part after the last separator.
    private static func keyName(_ chars: [UInt8], _ start: Int, _ end: Int) -> String {
        var nameStart = end
        while nameStart > start, chars[nameStart - 1] != UInt8(ascii: ","), chars[nameStart - 1] != UInt8(ascii: "=") {
            nameStart -= 1
        }
        return String(decoding: chars[nameStart..<end], as: UTF8.self).lowercased()
    }

    private static func find(_ pattern: [UInt8], in chars: [UInt8], from: Int) -> Range<Int>? {
        guard chars.count >= pattern.count, from <= chars.count - pattern.count else { return nil }
        for start in from...(chars.count - pattern.count)
        where chars[start] == pattern[0] && chars[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start..<(start + pattern.count)
        }
        return nil
    }

    /// Whether `needle` occurs in `text`, byte by byte (the generic `firstRange(of:)` cost a
    /// quarter of a 100,000-host run).
    static func containsBytes(_ text: String, _ needle: StaticString) -> Bool {
        contains(text, UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
    }

    /// Whether `needle` occurs in `text`, byte by byte (`String.contains(_:)` cost a twentieth
    /// of a cron run, setting up its generic searcher).
    static func containsBytes(_ text: String, _ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { contains(text, $0) }
    }

    private static func contains(_ text: String, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = pattern.first else { return true }
        var copy = text
        return copy.withUTF8 { bytes in
            guard bytes.count >= pattern.count else { return false }
            var index = 0
            while index <= bytes.count - pattern.count {
                if bytes[index] == first {
                    var offset = 1
                    while offset < pattern.count && bytes[index + offset] == pattern[offset] { offset += 1 }
                    if offset == pattern.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    static func endsWithBackslashThenSpace(_ line: String) -> Bool {
        let trimmed = line.trimmingSuffix(while: { $0 == " " || $0 == "\t" })
        return trimmed.count < line.count && trimmed.hasSuffix("\\")
    }

    /// Step 8: trim, and fold every white-space run into one space.
    static func fold(_ line: String) -> String {
        // Most lines need nothing: no tab, vertical tab or form feed, no leading, trailing or
        // doubled space.
        let bytes = line.utf8
        if bytes.first != 32, bytes.last != 32, !bytes.contains(where: { $0 == 9 || $0 == 11 || $0 == 12 }),
            !containsBytes(line, "  ")
        {
            return line
        }
        var result = ""
        var pendingSpace = false
        for character in line {
            if character == " " || character == "\t" || character == "\u{0B}" || character == "\u{0C}" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// Step 10: `s/\s*,\s*/,/g`.
    static func collapseCommas(_ text: String) -> String {
        if !text.utf8.contains(UInt8(ascii: ",")) { return text }
        var result = ""
        var spaces = ""
        var afterComma = false
        for character in text {
            if character == " " || character == "\t" {
                if !afterComma { spaces.append(character) }
            } else if character == "," {
                spaces = ""
                result.append(",")
                afterComma = true
            } else {
                result += spaces
                spaces = ""
                afterComma = false
                result.append(character)
            }
        }
        return result + spaces
    }
}
