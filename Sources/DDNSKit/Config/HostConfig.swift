/// A place in a configuration file, for messages of the form `file:line: what is wrong`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// YAML knows columns; `ddclient.conf` does not.
    public var column: Int?

    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        if line <= 0 { return file }
        return column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }
}

/// An interval option's value: seconds, or `inf` (never).
public enum Interval: Sendable, Hashable, CustomStringConvertible {
    case seconds(Int)
    case infinite

    /// The longest finite interval accepted anywhere (10 years): every sum of a time and an
    /// interval stays far from overflow.
    public static let maximumSeconds = 10 * 365 * 86400

    /// Parses a normalised value (`"300"`, `"inf"`).
    public init?(normalised text: String) {
        if text == "inf" {
            self = .infinite
        } else if let seconds = OptionValue.checkedNumber(text, maximum: Self.maximumSeconds) {
            self = .seconds(seconds)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .infinite: "inf"
        case .seconds(let seconds): String(seconds)
        }
    }
}

/// One host with every option of its protocol resolved, in ddclient 4.x order: the value the
/// host captured in the file → the command line → the final globals → the protocol's default →
/// the common default. Values are normalised text (`1`/`0`, seconds, lower-cased names).
public struct HostConfig: Sendable, Equatable {
    public var name: String
    public var values: [String: String]
    /// Where the host was (first) defined.
    public var location: SourceLocation?

    public init(name: String, values: [String: String], location: SourceLocation? = nil) {
        self.name = name
        self.values = values
        self.location = location
    }

    public var protocolName: String { values["protocol"] ?? "dyndns2" }

    /// The value, or nil when undefined. An empty string is a defined value.
    public func string(_ key: String) -> String? { values[key] }

    /// The value, or nil when undefined or empty.
    public func nonEmpty(_ key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    public func bool(_ key: String) -> Bool { values[key] == "1" }

    public func int(_ key: String) -> Int? { values[key].flatMap { Int($0) } }

    /// A number or interval in seconds: the value, else the option table's default (for the
    /// host's protocol), else 0. No caller writes a default of its own.
    public func integer(_ key: String) -> Int {
        int(key) ?? OptionTable.defaultInteger(key, protocol: protocolName)
    }

    public func interval(_ key: String) -> Interval? { values[key].flatMap { Interval(normalised: $0) } }
}

/// How bad a configuration finding is. Warnings drop the option (as ddclient does); errors
/// make the line or the host unusable.
public enum DiagnosticSeverity: String, Sendable, Hashable {
    case warning
    case error
}

/// A finding while reading a configuration or the command line.
public struct ConfigDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public var severity: DiagnosticSeverity
    public var location: SourceLocation?
    public var host: String?
    public var option: String?
    public var message: String

    public init(
        _ severity: DiagnosticSeverity, _ message: String, at location: SourceLocation? = nil, host: String? = nil,
        option: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.host = host
        self.option = option
        self.message = message
    }

    /// `file:line: [host][option] message`.
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        if let host { text += "[\(host)]" }
        if let option { text += "[\(option)]" }
        if host != nil || option != nil { text += " " }
        return text + message
    }
}

/// A whole configuration after loading: globals, hosts and what was wrong with them.
public struct Configuration: Sendable {
    /// The configuration file it was read from (or `-` / `<command line>`).
    public var file: String
    /// Effective global values: file globals, then command-line values, then defaults.
    public var globals: [String: String]
    /// Usable hosts, in file order. Hosts with missing required values are not here (they are
    /// reported in ``diagnostics``).
    public var hosts: [HostConfig]
    public var diagnostics: [ConfigDiagnostic]
    /// The secret host options of each protocol the hosts use, by protocol name, from the
    /// option tables the loader built anyway (the log masks their values).
    public var secretOptions: [String: [String]] = [:]

    public init(file: String, globals: [String: String], hosts: [HostConfig], diagnostics: [ConfigDiagnostic] = []) {
        self.file = file
        self.globals = globals
        self.hosts = hosts
        self.diagnostics = diagnostics
    }

    public func global(_ key: String) -> String? { globals[key] }
    public func globalBool(_ key: String) -> Bool { globals[key] == "1" }
    /// `-test` or `exec=0`: detect and decide, send and write nothing.
    public var isDryRun: Bool { globalBool("test") || global("exec") == "0" }
    /// A global number or interval in seconds: the value, else the option table's default, else 0.
    public func globalInteger(_ key: String) -> Int {
        globals[key].flatMap { Int($0) } ?? OptionTable.defaultInteger(key)
    }
    public func globalInterval(_ key: String) -> Interval? { globals[key].flatMap { Interval(normalised: $0) } }
}
