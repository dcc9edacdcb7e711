import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// ddclient's message labels, from least to most severe.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case debug
    case info
    case success
    case warning
    case failed
    case fatal

    /// The label printed before the message (`WARNING:`).
    public var label: String {
        switch self {
        case .debug: "DEBUG"
        case .info: "INFO"
        case .success: "SUCCESS"
        case .warning: "WARNING"
        case .failed: "FAILED"
        case .fatal: "FATAL"
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How much a run prints: `-quiet` hides successes and skips, `-verbose` adds INFO, `-debug` adds DEBUG.
public enum Verbosity: Int, Sendable, Comparable {
    case quiet
    case normal
    case verbose
    case debug

    public static func < (lhs: Verbosity, rhs: Verbosity) -> Bool { lhs.rawValue < rhs.rawValue }

    func shows(_ level: LogLevel) -> Bool {
        switch level {
        case .debug: self >= .debug
        case .info: self >= .verbose
        case .success: self >= .normal
        case .warning, .failed, .fatal: true
        }
    }
}

/// Where finished log lines go.
public protocol LogSink: Sendable {
    func write(_ level: LogLevel, _ line: String)
}

/// Writes to standard error with `write(2)` (Glibc's `stderr` is not concurrency-safe).
public struct StandardErrorSink: LogSink {
    public init() {}
    public func write(_ level: LogLevel, _ line: String) {
        var text = line
        text.append("\n")
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

/// Keeps lines in memory: for tests, and for `mail` reports.
public final class MemorySink: LogSink {
    private let storage = Mutex<[(LogLevel, String)]>([])
    public init() {}
    public func write(_ level: LogLevel, _ line: String) { storage.withLock { $0.append((level, line)) } }
    public var lines: [String] { storage.withLock { $0.map(\.1) } }
    public var text: String { lines.joined(separator: "\n") }
    public func lines(at level: LogLevel) -> [String] { storage.withLock { $0.filter { $0.0 == level }.map(\.1) } }
}

/// The run's logger: ddclient's line format (`WARNING: [ctx][ctx]> message`), its labels, and
/// one safety net that the rest of the code relies on: every registered secret is replaced by
/// `********` in every line, whatever produced it.
public final class Log: Sendable {
    public let verbosity: Verbosity
    /// `-log-format=json`: one JSON object per line instead of ddclient's text.
    public let json: Bool
    private let sinks: [any LogSink]
    private let state = Mutex<State>(State())

    private struct State {
        /// Secrets by their first character, longest first, so a line is masked in one pass
        /// whatever the number of secrets (a 10,000-host config has 10,000 passwords).
        var secrets = SecretIndex()
        /// Registered, their forms not computed yet: a run that logs nothing a secret could be
        /// in (a cron run with nothing to do) never computes them.
        var pending: [Pending] = []
        var failed = false
        var counts: [LogLevel: Int] = [:]
    }

    public init(verbosity: Verbosity = .normal, sinks: [any LogSink] = [StandardErrorSink()], json: Bool = false) {
        self.verbosity = verbosity
        self.sinks = sinks
        self.json = json
    }

    /// A log that drops everything (for tools and tests that do not care).
    public static var silent: Log { Log(verbosity: .quiet, sinks: []) }

    /// Masks `secret` and the forms a request or a reply may carry it in (URL-encoded,
    /// JSON-escaped, base64) in all later lines. Very short values are not registered:
    /// masking every `a` in the log would hide the log, not the secret.
    public func register(secret: String) {
        guard secret.count >= 3 else { return }
        state.withLock { $0.pending.append(.secret(secret)) }
    }

    /// Masks the HTTP Basic form of `login:password` (base64), with the forms of that.
    public func register(basicCredentials credentials: String) {
        state.withLock { $0.pending.append(.basicCredentials(credentials)) }
    }

    private enum Pending {
        case secret(String)
        case basicCredentials(String)
    }

    /// The registered secrets, the forms of those registered since the last call added.
    private func secretIndex() -> SecretIndex {
        state.withLock { state in
            for pending in state.pending {
                let secret: String
                switch pending {
                case .secret(let value): secret = value
                case .basicCredentials(let credentials): secret = Base64.encode(Array(credentials.utf8))
                }
                for form in Self.forms(of: secret) { state.secrets.insert(form) }
            }
            state.pending.removeAll()
            return state.secrets
        }
    }

    static func forms(of secret: String) -> [String] {
        // The forms a request or reply may carry it in; most secrets need only the plain, the
        // URL-encoded and the base64 forms (the others equal one of them).
        let encoded = URLEncoding.encode(secret)
        let base64 = Base64.encode(Array(secret.utf8))
        var forms = [secret, encoded, base64]
        if secret.contains(where: { URLEncoding.queryKept.contains($0) }) {
            // The query encoder keeps `,` and `:` (namecheap's only `:`).
            for kept in [URLEncoding.queryKept, [":"]] { forms.append(URLEncoding.encode(secret, keeping: kept)) }
        }
        if secret.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || $0.value < 0x20 }) {
            forms.append(String(JSONValue.quote(secret).dropFirst().dropLast()))
        }
        // The forms other encoders write: PHP's JSON (`\/`), Go's JSON (`\u0026` for & < >),
        // lower-case and form-style (`+`) percent-encoding, HTML entities, unpadded base64.
        if secret.contains("/") { forms.append(secret.replacingAll("/", with: "\\/")) }
        if secret.contains(where: { "&<>".contains($0) }) {
            forms.append(
                secret.replacingAll("&", with: "\\u0026").replacingAll("<", with: "\\u003c").replacingAll(
                    ">", with: "\\u003e"))
            forms.append(
                secret.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;").replacingAll(">", with: "&gt;"))
        }
        if encoded != secret {
            forms.append(Self.lowercasingEscapes(encoded))
            if secret.contains(" ") {
                let plus = URLEncoding.encode(secret.replacingAll(" ", with: "+")).replacingAll("%2B", with: "+")
                let spaced = encoded.replacingAll("%20", with: "+")
                forms += [spaced, Self.lowercasingEscapes(spaced), plus]
            }
        }
        if base64.hasSuffix("=") { forms.append(String(base64.trimmingSuffix { $0 == "=" })) }
        return forms
    }

    /// `%2F` written as `%2f`.
    static func lowercasingEscapes(_ encoded: String) -> String {
        var out = ""
        var pending = 0
        for character in encoded {
            if character == "%" {
                pending = 2
                out.append(character)
            } else if pending > 0 {
                pending -= 1
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// `text` with every registered secret replaced by `********`: for what leaves the run
    /// other than through the log (the cache's messages, `-status`).
    public func mask(_ text: String) -> String {
        Self.mask(text, secrets: secretIndex())
    }

    /// True once any FAILED or FATAL line was logged (exit code 1).
    public var hasFailures: Bool { state.withLock { $0.failed } }

    public func count(_ level: LogLevel) -> Int { state.withLock { $0.counts[level] ?? 0 } }

    public func debug(_ message: @autoclosure () -> String, _ context: [String] = []) {
        guard verbosity.shows(.debug) else { return }
        log(.debug, message(), context)
    }

    public func info(_ message: @autoclosure () -> String, _ context: [String] = []) {
        guard verbosity.shows(.info) else { return }
        log(.info, message(), context)
    }

    public func success(_ message: String, _ context: [String] = []) { log(.success, message, context) }
    public func warning(_ message: String, _ context: [String] = []) { log(.warning, message, context) }
    public func failed(_ message: String, _ context: [String] = []) { log(.failed, message, context) }
    public func fatal(_ message: String, _ context: [String] = []) { log(.fatal, message, context) }

    /// `event` and `family`: what the line reports, for `-log-format=json` (the cycle's event
    /// kind; nil for lines that are not a host's outcome).
    public func log(
        _ level: LogLevel, _ message: String, _ context: [String] = [], event: CycleEvent.Kind? = nil,
        family: AddressFamily? = nil
    ) {
        state.withLock { state in
            if level >= .failed { state.failed = true }
            state.counts[level, default: 0] += 1
        }
        guard verbosity.shows(level), !sinks.isEmpty else { return }
        let secrets = secretIndex()
        let formatted =
            json
            ? Self.jsonLine(level, message, context, event: event, family: family, time: Int(time(nil)))
            : Self.format(level, message, context)
        let text = Self.mask(formatted, secrets: secrets)
        for sink in sinks { sink.write(level, text) }
    }

    /// ddclient's format: the label padded to 8 columns plus a space, the context frames, `> `,
    /// and for further lines of a multi-line message the same prefix with two spaces.
    public static func format(_ level: LogLevel, _ message: String, _ context: [String]) -> String {
        var label = level.label + ":"
        while label.count < 8 { label += " " }
        let prefix = label + " " + context.map { "[\($0.neutralisingControls())]" }.joined()
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return lines.enumerated().map { index, line in
            prefix + (index == 0 ? "> " : "  ") + line.neutralisingControls()
        }.joined(separator: "\n")
    }

    /// `-log-format=json`: `{"time":…,"level":"failed","host":…,"protocol":…,"family":…,
    /// "event":…,"message":…}`. The context `[protocol][host]` gives protocol and host; a
    /// single context frame (an address source) is `"source"`.
    public static func jsonLine(
        _ level: LogLevel, _ message: String, _ context: [String], event: CycleEvent.Kind?, family: AddressFamily?,
        time: Int
    ) -> String {
        var fields: [(String, JSONValue)] = [
            ("time", .number(String(time))), ("level", .string(level.label.lowercased())),
            ("host", .optional(context.count >= 2 ? context[1] : nil)),
            ("protocol", .optional(context.count >= 2 ? context[0] : nil)),
        ]
        if context.count == 1 { fields.append(("source", .string(context[0]))) }
        fields += [
            ("family", .optional(family?.addressKey)), ("event", .optional(event?.rawValue)),
            ("message", .string(message)),
        ]
        return JSONValue.object(fields).encoded
    }

    static func mask(_ text: String, secrets: SecretIndex) -> String {
        secrets.isEmpty ? text : secrets.mask(text)
    }
}

/// Registered secrets: a set plus, per first byte, the byte lengths of the secrets that start
/// with it, so masking a line costs one table look-up per byte and a hash only where a secret
/// could start, whatever the number of secrets (a 10,000-host config has 10,000 passwords).
struct SecretIndex: Sendable {
    private var secrets: Set<String> = []
    /// For each first byte, the distinct lengths (in UTF-8 bytes) of secrets starting with it, longest first.
    private var lengths = [[Int]](repeating: [], count: 256)
    /// The secrets that hold a character ``Swift/StringProtocol/excerpt(_:)`` may cut at: only
    /// they can be cut in half by it (usually none or a few, whatever the number of secrets).
    private var cuttable: [[UInt8]] = []
    var isEmpty: Bool { secrets.isEmpty }

    mutating func insert(_ secret: String) {
        guard let first = secret.utf8.first, secrets.insert(secret).inserted else { return }
        if secret.contains(where: excerptBoundaries.contains) { cuttable.append(Array(secret.utf8)) }
        let length = secret.utf8.count
        if !lengths[Int(first)].contains(length) {
            lengths[Int(first)].append(length)
            lengths[Int(first)].sort(by: >)
        }
    }

    /// Every occurrence of any secret replaced by `********`, longest match first. Works on
    /// UTF-8 bytes: a secret (valid UTF-8) can only match where a character starts.
    func mask(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var masked = false
        outer: while index < bytes.count {
            for length in lengths[Int(bytes[index])] where index + length <= bytes.count {
                if secrets.contains(String(decoding: bytes[index..<(index + length)], as: UTF8.self)) {
                    out.append(contentsOf: "********".utf8)
                    index += length
                    masked = true
                    continue outer
                }
            }
            out.append(bytes[index])
            index += 1
        }
        if maskCutSecrets(&out) { masked = true }
        return masked ? String(decoding: out, as: UTF8.self) : text
    }

    /// A text cut short (``Swift/StringProtocol/excerpt(_:)``) is cut between words and ends
    /// with `…`, so a secret without a word boundary is shown whole (and masked) or not at
    /// all. A secret with a boundary inside may be cut in half there: the longest start of such
    /// a secret right before each `…` is masked too.
    private func maskCutSecrets(_ out: inout [UInt8]) -> Bool {
        let ellipsis = Array("…".utf8)
        var masked = false
        var position = 0
        while position + ellipsis.count <= out.count {
            guard out[position] == ellipsis[0], Array(out[position..<(position + ellipsis.count)]) == ellipsis else {
                position += 1
                continue
            }
            var longest = 0
            for start in cuttable {
                var length = min(start.count - 1, position)
                while length > longest {
                    if out[(position - length)..<position].elementsEqual(start[0..<length]) {
                        longest = length
                        break
                    }
                    length -= 1
                }
            }
            if longest > 0 {
                out.replaceSubrange((position - longest)..<position, with: "********".utf8)
                position += 8 - longest
                masked = true
            }
            position += ellipsis.count
        }
        return masked
    }
}

/// Where ``Swift/StringProtocol/excerpt(_:)`` may cut: white space and the punctuation that
/// separates words in replies (JSON, HTML, query strings).
let excerptBoundaries: Set<Character> = [
    " ", "\t", "\n", "\r", ",", ";", "\"", "'", "<", ">", "{", "}", "[", "]", "(", ")",
]

extension StringProtocol {
    /// At most `limit` characters of a text from outside (a provider's reply), cut between
    /// words and ending with `…` when cut: a secret is shown whole (and so masked) or not at
    /// all; one that holds a boundary is masked up to the cut (``SecretIndex``).
    public func excerpt(_ limit: Int) -> String {
        guard count > limit else { return String(self) }
        var cut = prefix(limit)
        if let next = self[cut.endIndex...].first, !excerptBoundaries.contains(next),
            let last = cut.last, !excerptBoundaries.contains(last)
        {
            cut =
                cut[
                    ..<(cut.lastIndex(where: excerptBoundaries.contains).map { cut.index(after: $0) } ?? cut.startIndex)
                ]
        }
        return String(cut) + "…"
    }

    /// Control characters (escape sequences, carriage returns, a provider's embedded NUL) and
    /// bidirectional overrides shown as `?`, so that a reply cannot rewrite the operator's
    /// terminal, forge a line or make one read backwards.
    /// Line breaks are kept where `keepingLineBreaks` (the log continues them with its
    /// prefix).
    public func neutralisingControls(keepingLineBreaks: Bool = false) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.value < 0x20 && !(keepingLineBreaks && scalar == "\n") && scalar != "\t")
                || (0x7F...0x9F).contains(scalar.value) || scalar.isBidiControl
        }
        guard unicodeScalars.contains(where: isControl) else { return String(self) }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars { result.append(isControl(scalar) ? "?" : scalar) }
        return String(result)
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation here).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}

/// Percent-encoding for query values and form bodies (RFC 3986 unreserved characters are kept).
/// ddclient pastes raw values; a password with `&` must still arrive whole.
public enum URLEncoding {
    public static func encode(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 15)]))
            }
        }
        return result
    }

    /// `k=v&k=v` with every key and value encoded. Characters that are safe *and* meaningful to
    /// providers (`,` between host names, `:` in IPv6) are kept as ddclient sends them.
    public static func query(_ items: [(String, String)], keeping kept: Set<Character> = queryKept) -> String {
        items.map { key, value in encode(key) + "=" + encode(value, keeping: kept) }.joined(separator: "&")
    }

    /// What ``query(_:keeping:)`` leaves as it is by default.
    public static let queryKept: Set<Character> = [",", ":"]

    /// `value` encoded as in a query, with the `kept` characters left as they are.
    public static func encode(_ value: String, keeping kept: Set<Character>) -> String {
        value.map { kept.contains($0) ? String($0) : encode(String($0)) }.joined()
    }

    /// Decodes `%XX` sequences (and `+` as space when `plusIsSpace`).
    public static func decode(_ text: String, plusIsSpace: Bool = false) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
