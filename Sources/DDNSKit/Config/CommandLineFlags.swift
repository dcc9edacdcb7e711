/// How a flag takes its value, in Perl Getopt::Long's terms (ddclient's `@opt` spec).
public enum FlagKind: Sendable, Equatable {
    /// `-force`, `-noforce`, `-no-force`, `+force` (`force!`).
    case negatable
    /// `-file F`, `-file=F` (`file=s`); takes the next argument even if it starts with `-`.
    case string
    /// `-timeout 30` (`timeout=i`).
    case integer
    /// `-version`, `-version=short` (`version:s`).
    case optionalString
    /// `-help` (no value, not negatable).
    case plain
}

/// One command-line flag: its spelling, how it takes a value, and what it sets.
public struct CommandLineFlag: Sendable, Equatable {
    public var name: String
    public var kind: FlagKind
    /// The configuration option it sets (nil for actions such as `-help`).
    public var option: String?
    /// The value placeholder in `-help` (`<delay>`).
    public var placeholder: String
    public var help: String
    /// Where `-help` lists it.
    public var section: Section

    public enum Section: String, Sendable, CaseIterable {
        case run = "Running"
        case files = "Files"
        case detection = "IP address detection"
        case update = "Updates"
        case output = "Output"
        case information = "Information"
    }

    public init(
        _ name: String, _ kind: FlagKind, option: String? = nil, _ placeholder: String = "", _ section: Section,
        _ help: String
    ) {
        self.name = name
        self.kind = kind
        self.option = option
        self.placeholder = placeholder
        self.help = help
        self.section = section
    }
}

/// Every flag ddswift accepts: all of ddclient's (4.x and 3.10) and ddswift's own.
public enum CommandLineFlags {
    public static let all: [CommandLineFlag] = [
        // Running
        .init(
            "daemon", .string, option: "daemon", "<delay>", .run,
            "run as a daemon, checking every <delay> (5m, 1h); 0 or absent: run once and exit"),
        .init(
            "jitter", .string, option: "jitter", "<delay>", .run,
            "add a random delay up to <delay> to each daemon sleep (default: 20% of -daemon)"),
        .init("foreground", .negatable, option: "foreground", "", .run, "do not detach when running as a daemon"),
        .init(
            "watch", .negatable, option: "watch", "", .run,
            "as a daemon, check within 2 s of an address change (default yes)"),
        .init("force", .negatable, option: "force", "", .run, "update even when the address is unchanged"),
        .init(
            "test", .negatable, option: "test", "", .run,
            "detect and decide; send and write nothing, run no postscript or mail, but report what a real run would hit"
        ),
        .init("exec", .negatable, option: "exec", "", .run, "-noexec: like -test (make no update requests)"),
        .init(
            "query", .negatable, option: nil, "", .run,
            "print the address every configured detection method finds, then exit"),
        .init("retry", .negatable, option: "retry", "", .run, "accepted for ddclient 3.x compatibility (no effect)"),
        .init(
            "curl", .negatable, option: "curl", "", .run,
            "accepted for ddclient 3.x compatibility (ddswift always uses libcurl)"),
        .init(
            "max-concurrency", .integer, option: "max-concurrency", "<n>", .run,
            "at most <n> update requests at once (default 32)"),
        .init(
            "max-per-server", .integer, option: "max-per-server", "<n>", .run,
            "at most <n> requests at once to one server (default 4)"),
        // Files
        .init(
            "file", .string, option: "file", "<path>", .files,
            "configuration file (default: see Files below)"),
        .init(
            "cache", .string, option: "cache", "<path>", .files,
            "cache file (default \(DefaultPaths.cache))"),
        .init("pid", .string, option: "pid", "<path>", .files, "as a daemon, write the process id to <path>"),
        // Detection
        .init(
            "use", .string, option: "use", "<which>", .detection,
            "deprecated address source: ip, if, web, cmd, fw, <router>, disabled"),
        .init(
            "usev4", .string, option: "usev4", "<which>", .detection,
            "IPv4 sources, in order: ipv4, ifv4, webv4, cmdv4, fwv4, dnsv4, stunv4, <router>, disabled"),
        .init(
            "usev6", .string, option: "usev6", "<which>", .detection,
            "IPv6 sources, in order: ipv6, ifv6, webv6, cmdv6, dnsv6, stunv6, disabled"),
        .init(
            "dnsv4", .string, option: "dnsv4", "<service|name@server>", .detection,
            "DNS service for -usev4=dnsv4: opendns (default), cloudflare, google or QNAME@SERVER[:PORT]"),
        .init(
            "dnsv6", .string, option: "dnsv6", "<service|name@server>", .detection,
            "DNS service for -usev6=dnsv6: opendns (default), cloudflare, google or QNAME@SERVER[:PORT]"),
        .init(
            "stunv4", .string, option: "stunv4", "<server>", .detection,
            "STUN server for -usev4=stunv4: cloudflare (default), google or HOST[:PORT]"),
        .init(
            "stunv6", .string, option: "stunv6", "<server>", .detection,
            "STUN server for -usev6=stunv6: cloudflare (default), google or HOST[:PORT]"),
        .init("ip", .string, option: "ip", "<address>", .detection, "fixed address for -use=ip"),
        .init("ipv4", .string, option: "ipv4", "<address>", .detection, "fixed IPv4 address for -usev4=ipv4"),
        .init("ipv6", .string, option: "ipv6", "<address>", .detection, "fixed IPv6 address for -usev6=ipv6"),
        .init("if", .string, option: "if", "<interface>", .detection, "interface for -use=if (default ppp0)"),
        .init(
            "ifv4", .string, option: "ifv4", "<interface>", .detection,
            "interface for -usev4=ifv4 (default: the default route's)"),
        .init(
            "ifv6", .string, option: "ifv6", "<interface>", .detection,
            "interface for -usev6=ifv6 (default: the default route's)"),
        .init("if-skip", .string, option: "if-skip", "<text>", .detection, "deprecated, no effect"),
        .init(
            "web", .string, option: "web", "<service|url>", .detection,
            "web service or URL for -use=web (default dyndns)"),
        .init(
            "web-skip", .string, option: "web-skip", "<text>", .detection,
            "skip the page up to <text> before looking for the address"),
        .init(
            "webv4", .string, option: "webv4", "<service|url>", .detection,
            "web service or URL for -usev4=webv4 (default ipify-ipv4)"),
        .init("webv4-skip", .string, option: "webv4-skip", "<text>", .detection, "skip text for -webv4"),
        .init(
            "webv6", .string, option: "webv6", "<service|url>", .detection,
            "web service or URL for -usev6=webv6 (default ipify-ipv6)"),
        .init("webv6-skip", .string, option: "webv6-skip", "<text>", .detection, "skip text for -webv6"),
        .init(
            "web-ssl-validate", .negatable, option: "web-ssl-validate", "", .detection,
            "verify TLS certificates of web services (default yes)"),
        .init("fw", .string, option: "fw", "<address|url>", .detection, "router address or status page for -use=fw"),
        .init("fw-skip", .string, option: "fw-skip", "<text>", .detection, "skip text for -fw"),
        .init(
            "fwv4", .string, option: "fwv4", "<address|url>", .detection,
            "router address or status page for -usev4=fwv4"),
        .init("fwv4-skip", .string, option: "fwv4-skip", "<text>", .detection, "skip text for -fwv4"),
        .init(
            "fwv6", .string, option: "fwv6", "<address|url>", .detection,
            "router status page for IPv6 (not implemented by ddclient either)"),
        .init("fwv6-skip", .string, option: "fwv6-skip", "<text>", .detection, "skip text for -fwv6"),
        .init("fw-login", .string, option: "fw-login", "<login>", .detection, "router login"),
        .init("fw-password", .string, option: "fw-password", "<secret>", .detection, "router password"),
        .init(
            "fw-ssl-validate", .negatable, option: "fw-ssl-validate", "", .detection,
            "verify TLS certificates of the router (default yes)"),
        .init("fw-banlocal", .negatable, option: "fw-banlocal", "", .detection, "deprecated, no effect"),
        .init(
            "cmd", .string, option: "cmd", "<command>", .detection, "shell command that prints the address for -use=cmd"
        ),
        .init("cmd-skip", .string, option: "cmd-skip", "<text>", .detection, "skip text for -cmd"),
        .init("cmdv4", .string, option: "cmdv4", "<command>", .detection, "shell command that prints the IPv4 address"),
        .init("cmdv6", .string, option: "cmdv6", "<command>", .detection, "shell command that prints the IPv6 address"),
        .init(
            "timeout", .integer, option: "timeout", "<seconds>", .detection, "network timeout in seconds (default 120)"),
        .init("proxy", .string, option: "proxy", "<host[:port]>", .detection, "HTTP proxy for web checks and updates"),
        .init("redirect", .integer, option: "redirect", "<n>", .detection, "follow at most <n> redirects (default 0)"),
        // Updates
        .init("protocol", .string, option: "protocol", "<name>", .update, "update protocol (see -list-protocols)"),
        .init("server", .string, option: "server", "<host[:port]>", .update, "the provider's server"),
        .init("login", .string, option: "login", "<login>", .update, "login at the provider"),
        .init("password", .string, option: "password", "<secret>", .update, "password or token at the provider"),
        .init("host", .string, option: nil, "<host[,host]>", .update, "limit the run (and -options) to these hosts"),
        .init(
            "options", .string, option: nil, "<name=value,...>", .update,
            "set configuration options (for -host's hosts, or globally)"),
        .init("ssl", .negatable, option: "ssl", "", .update, "use https where a server has no scheme (default yes)"),
        .init("ssl_ca_dir", .string, option: "ssl_ca_dir", "<dir>", .update, "folder of CA certificates"),
        .init("ssl_ca_file", .string, option: "ssl_ca_file", "<file>", .update, "file of CA certificates"),
        .init(
            "postscript", .string, option: "postscript", "<command>", .update,
            "run <command> <addresses> after successful updates"),
        // Output
        .init("syslog", .negatable, option: "syslog", "", .output, "also log to syslog"),
        .init("facility", .string, option: "facility", "<facility>", .output, "syslog facility (default daemon)"),
        .init(
            "priority", .string, option: "priority", "<priority>", .output,
            "syslog priority (accepted; ddswift uses each message's severity)"),
        .init("mail", .string, option: "mail", "<address>", .output, "mail each run's messages to <address>"),
        .init(
            "mail-failure", .string, option: "mail-failure", "<address>", .output,
            "mail failed runs' messages to <address> instead"),
        .init("mail-from", .string, option: "mail-from", "<address>", .output, "From: of those mails"),
        .init(
            "metrics-file", .string, option: "metrics-file", "<path>", .output,
            "write Prometheus metrics to <path> after each cycle"),
        .init(
            "notify", .string, option: "notify", "<url>", .output,
            "send each event to this webhook (or ping this healthchecks URL)"),
        .init("notify-cmd", .string, option: "notify-cmd", "<program>", .output, "run <program> for each event"),
        .init(
            "notify-events", .string, option: "notify-events", "<events>", .output,
            "which events notify (default \(Notifier.defaultEvents))"),
        .init(
            "notify-test", .plain, option: nil, "", .information,
            "send one test event to every notify target, report, and exit"),
        .init(
            "log-format", .string, option: "log-format", "<text|json>", .output,
            "json: one JSON object per line (time, level, host, protocol, event, message)"),
        .init("max-warn", .integer, option: "max-warn", "<n>", .output, "limit of repeated warnings (accepted)"),
        .init("debug", .negatable, option: "debug", "", .output, "print debugging messages (secrets masked)"),
        .init("verbose", .negatable, option: "verbose", "", .output, "print what is decided and why"),
        .init("quiet", .negatable, option: "quiet", "", .output, "print only warnings and failures"),
        .init(
            "geturl", .string, option: nil, "<url>", .output,
            "print the body of <url> and exit (ddclient 3.x debugging aid)"),
        // Information
        .init(
            "help", .optionalString, option: nil, "[=protocol]", .information,
            "print this text, or one protocol's options and example, and exit"),
        .init("version", .optionalString, option: nil, "[=short]", .information, "print the version and exit"),
        .init(
            "list-protocols", .plain, option: nil, "", .information,
            "print the supported protocols, one per line (with -verbose: what each is), and exit"),
        .init("list-web-services", .plain, option: nil, "", .information, "print the built-in web services and exit"),
        .init("list-devices", .plain, option: nil, "", .information, "print the supported routers and exit"),
        .init("status", .plain, option: nil, "", .information, "print each host's state from the cache and exit"),
        .init("json", .negatable, option: nil, "", .information, "with -status: print JSON"),
        .init(
            "print-config", .optionalString, option: nil, "[=conf|yaml]", .information,
            "print the effective configuration and exit"),
        .init(
            "show-secrets", .negatable, option: nil, "", .information,
            "with -print-config: show passwords instead of ********"),
    ]

    /// The flag called exactly `name`.
    public static func named(_ name: String) -> CommandLineFlag? { byName[name] }

    static let byName: [String: CommandLineFlag] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
