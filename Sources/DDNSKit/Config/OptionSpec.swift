/// The value types of ddclient's option table (`T_BOOL`, `T_DELAY`, …). Every value is
/// validated and normalised by its type before anything else sees it.
public enum OptionType: Sendable, Equatable {
    /// `yes/no/true/false/1/0` (and `y`, `t`, `n`, `f`), normalised to `1`/`0`.
    case bool
    /// An interval (`30`, `5m`, `2h`, `1d`, `inf`), normalised to seconds or `inf`, clamped up to `minimum`.
    case delay(minimum: Int)
    /// Digits only, clamped up to `minimum`.
    case number(minimum: Int)
    /// A host name with an inner dot, lower-cased.
    case fqdn
    /// A host name with an optional `:port` (and, for some providers, a scheme), lower-cased.
    case fqdnWithPort
    /// An `http(s)://` URL.
    case url
    /// A protocol name known to the registry.
    case protocolName
    /// The legacy `use=` strategy.
    case use
    /// The `usev4=` strategy.
    case useV4
    /// The `usev6=` strategy.
    case useV6
    /// An interface name (`^[a-zA-Z0-9:._-]+$`).
    case interface
    /// A non-empty file path.
    case file
    /// A non-empty shell command.
    case program
    /// A non-empty login.
    case login
    /// A secret: never logged or printed.
    case password
    /// Free text.
    case string
    /// An IPv4 or IPv6 address.
    case ip
    case ipv4
    case ipv6
    /// An e-mail address (not checked beyond being non-empty).
    case email
    /// An `http(s)://` URL that may hold `%` placeholders (protocol=custom).
    case urlTemplate
    /// A regular expression (checked when the file is read).
    case regex
    /// One of a fixed set of words, lower-cased.
    case choice([String])
    /// A list of words from a fixed set (`'updated,failed'`), lower-cased, joined by commas.
    case choices([String])
    /// A list of `http(s)://` URLs (`'URL,URL'`).
    case urls

    /// The value says where requests go: an invalid one skips its hosts rather than falling
    /// back to a default (which would send the login to another server).
    var namesDestination: Bool {
        switch self {
        case .fqdnWithPort, .url, .urlTemplate: true
        default: false
        }
    }
}

/// Where an option is read: globals only (`daemon`, `cache`) or per host (`login`, `server`).
public enum OptionScope: Sendable, Equatable {
    case global
    case host
}

/// One row of the option table: shared by the `ddclient.conf` parser, the YAML loader, the
/// command line and `--help`.
public struct OptionSpec: Sendable, Equatable {
    public var name: String
    public var type: OptionType
    /// The normalised default, or nil for "undefined".
    public var defaultValue: String?
    /// A host without this value is reported and skipped, never sent.
    public var required: Bool
    public var scope: OptionScope
    /// Secret values are masked in logs, `--print-config` and `--status`.
    public var secret: Bool
    /// One line for `--help` and the man page.
    public var help: String
    /// Set when the option is deprecated: what to use instead.
    public var deprecatedBy: String?

    public init(
        _ name: String,
        _ type: OptionType,
        default defaultValue: String? = nil,
        required: Bool = false,
        scope: OptionScope = .host,
        secret: Bool? = nil,
        help: String = "",
        deprecatedBy: String? = nil
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.scope = scope
        self.secret = secret ?? (type == .password)
        self.help = help
        self.deprecatedBy = deprecatedBy
    }
}
