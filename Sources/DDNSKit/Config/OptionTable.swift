/// ddclient's option table (reference §2): the global options and the options every protocol
/// accepts. Protocol-specific options, and protocols' own defaults, come from each
/// ``DDNSProtocol/options``. The config file, the YAML loader, the command line and `-help`
/// all read this one table.
public enum OptionTable {
    /// Options read as globals (`daemon`, `cache`, …). Their values also reach every host.
    public static let global: [OptionSpec] = [
        OptionSpec(
            "watch", .bool, default: "1", scope: .global,
            help: "as a daemon, start a cycle within 2 s of an address or default-route change (netlink)"),
        OptionSpec(
            "daemon", .delay(minimum: 0), default: "0", scope: .global,
            help: "run as a daemon every N seconds; 0: run once"),
        OptionSpec(
            "jitter", .delay(minimum: 0), scope: .global,
            help: "random extra delay of each daemon sleep (default 20% of daemon)"),
        OptionSpec("foreground", .bool, default: "0", scope: .global, help: "do not detach as a daemon"),
        OptionSpec("file", .file, scope: .global, help: "configuration file"),
        OptionSpec("cache", .file, default: DefaultPaths.cache, scope: .global, help: "cache file"),
        OptionSpec("pid", .file, scope: .global, help: "pid file"),
        OptionSpec("proxy", .fqdnWithPort, scope: .global, help: "HTTP proxy"),
        OptionSpec("timeout", .delay(minimum: 1), default: "120", scope: .global, help: "network timeout in seconds"),
        OptionSpec("force", .bool, default: "0", scope: .global, help: "update even when unchanged"),
        OptionSpec("ssl", .bool, default: "1", scope: .global, help: "https where a URL has no scheme"),
        OptionSpec("ssl_ca_dir", .file, scope: .global, help: "CA certificate folder"),
        OptionSpec("ssl_ca_file", .file, scope: .global, help: "CA certificate file"),
        OptionSpec("redirect", .number(minimum: 0), default: "0", scope: .global, help: "redirects followed at most"),
        OptionSpec("syslog", .bool, default: "0", scope: .global, help: "also log to syslog"),
        OptionSpec("facility", .string, default: "daemon", scope: .global, help: "syslog facility"),
        OptionSpec(
            "priority", .string, default: "notice", scope: .global,
            help: "syslog priority (accepted; ddswift follows each message's severity)"),
        OptionSpec("mail", .email, scope: .global, help: "mail each run's messages here"),
        OptionSpec(
            "metrics-file", .file, scope: .global,
            help: "write Prometheus metrics here after each cycle (node_exporter textfile collector)"),
        OptionSpec(
            "notify", .urls, scope: .global, secret: true,
            help: "webhook URL(s) that get each event as JSON; healthchecks ping URLs get one ping per cycle"),
        OptionSpec("notify-cmd", .program, scope: .global, help: "program run for each event (DDSWIFT_* variables)"),
        OptionSpec(
            "notify-events", .choices(CycleEvent.Kind.allCases.map(\.rawValue)), default: Notifier.defaultEvents,
            scope: .global,
            help: "which events notify: \(CycleEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))"),
        OptionSpec(
            "log-format", .choice(["text", "json"]), default: "text", scope: .global,
            help: "text (ddclient's lines) or json"),
        OptionSpec("mail-failure", .email, scope: .global, help: "mail failed runs' messages here instead"),
        OptionSpec("mail-from", .email, scope: .global, help: "From: of those mails"),
        OptionSpec("max-warn", .number(minimum: 0), default: "1", scope: .global, help: "limit on repeated warnings"),
        OptionSpec("exec", .bool, default: "1", scope: .global, help: "0: make no update requests (like -test)"),
        OptionSpec("debug", .bool, default: "0", scope: .global, help: "debugging output"),
        OptionSpec("verbose", .bool, default: "0", scope: .global, help: "explain every decision"),
        OptionSpec("quiet", .bool, default: "0", scope: .global, help: "only warnings and failures"),
        OptionSpec("test", .bool, default: "0", scope: .global, help: "send nothing, write nothing"),
        OptionSpec("postscript", .program, scope: .global, help: "command run with the new addresses after updates"),
        OptionSpec(
            "max-concurrency", .number(minimum: 1), default: "32", scope: .global, help: "update requests at once"),
        OptionSpec(
            "max-per-server", .number(minimum: 1), default: "4", scope: .global, help: "requests at once to one server"),
        OptionSpec(
            "retry", .bool, scope: .global, help: "ddclient 3.x option; no effect",
            deprecatedBy: "nothing (ddswift retries after min-error-interval)"),
        OptionSpec(
            "curl", .bool, scope: .global, help: "ddclient 3.x option; no effect",
            deprecatedBy: "nothing (ddswift always uses libcurl)"),
    ]

    /// Options every protocol accepts per host (ddclient's `protocol-common-defaults`).
    public static let commonHost: [OptionSpec] = [
        OptionSpec("protocol", .protocolName, default: "dyndns2", help: "update protocol"),
        OptionSpec(
            "verify", .choice(["no", "yes", "drift"]), default: "no",
            help:
                "yes: after an update, ask the zone's authoritative servers; drift: also re-send when they no longer answer the cached address"
        ),
        OptionSpec(
            "verify-server", .fqdnWithPort,
            help: "the authoritative server to ask (HOST[:PORT]); default: found by NS lookup"),
        OptionSpec(
            "verify-delay", .delay(minimum: 0), default: "5", help: "seconds to wait after an update before verifying"),
        OptionSpec("server", .fqdnWithPort, default: "members.dyndns.org", help: "the provider's server"),
        OptionSpec("login", .login, help: "login at the provider"),
        OptionSpec("password", .password, help: "password or token"),
        OptionSpec("use", .use, help: "deprecated address source", deprecatedBy: "usev4/usev6"),
        OptionSpec("usev4", .useV4, default: "disabled", help: "IPv4 address source"),
        OptionSpec("usev6", .useV6, default: "disabled", help: "IPv6 address source"),
        OptionSpec("ip", .ip, help: "fixed address (use=ip)", deprecatedBy: "ipv4/ipv6"),
        OptionSpec("ipv4", .ipv4, help: "fixed IPv4 address (usev4=ipv4)"),
        OptionSpec("ipv6", .ipv6, help: "fixed IPv6 address (usev6=ipv6)"),
        OptionSpec("if", .interface, default: "ppp0", help: "interface (use=if)", deprecatedBy: "ifv4/ifv6"),
        OptionSpec(
            "ifv4", .interface, default: "default", help: "interface (usev4=ifv4); default: the default route's"),
        OptionSpec(
            "ifv6", .interface, default: "default", help: "interface (usev6=ifv6); default: the default route's"),
        OptionSpec(
            "web", .string, default: "dyndns", help: "web service or URL (use=web)", deprecatedBy: "webv4/webv6"),
        OptionSpec("web-skip", .string, help: "skip text (use=web)", deprecatedBy: "webv4-skip/webv6-skip"),
        OptionSpec("webv4", .string, default: "ipify-ipv4", help: "web service or URL (usev4=webv4)"),
        OptionSpec("webv4-skip", .string, help: "skip text (usev4=webv4)"),
        OptionSpec("webv6", .string, default: "ipify-ipv6", help: "web service or URL (usev6=webv6)"),
        OptionSpec("webv6-skip", .string, help: "skip text (usev6=webv6)"),
        OptionSpec("web-ssl-validate", .bool, default: "1", help: "verify web services' TLS"),
        OptionSpec("fw", .string, help: "router address or URL (use=fw)", deprecatedBy: "fwv4"),
        OptionSpec("fw-skip", .string, help: "skip text (use=fw)", deprecatedBy: "fwv4-skip"),
        OptionSpec("fwv4", .string, help: "router address or URL (usev4=fwv4)"),
        OptionSpec("fwv4-skip", .string, help: "skip text (usev4=fwv4)"),
        OptionSpec("fwv6", .string, help: "router address or URL (not implemented by ddclient)"),
        OptionSpec("fwv6-skip", .string, help: "skip text (fwv6)"),
        OptionSpec("fw-login", .login, help: "router login"),
        OptionSpec("fw-password", .password, help: "router password"),
        OptionSpec("fw-ssl-validate", .bool, default: "1", help: "verify the router's TLS"),
        OptionSpec("cmd", .program, help: "command printing the address (use=cmd)", deprecatedBy: "cmdv4/cmdv6"),
        OptionSpec("cmd-skip", .string, help: "skip text (use=cmd)"),
        OptionSpec("cmdv4", .program, help: "command printing the IPv4 address"),
        OptionSpec("cmdv6", .program, help: "command printing the IPv6 address"),
        OptionSpec(
            "dnsv4", .string, default: "opendns",
            help: "DNS service (opendns, cloudflare, google) or QNAME@SERVER[:PORT] (usev4=dnsv4)"),
        OptionSpec(
            "dnsv6", .string, default: "opendns",
            help: "DNS service (opendns, cloudflare, google) or QNAME@SERVER[:PORT] (usev6=dnsv6)"),
        OptionSpec(
            "stunv4", .string, default: "cloudflare",
            help: "STUN server HOST[:PORT], cloudflare or google (usev4=stunv4)"),
        OptionSpec(
            "stunv6", .string, default: "cloudflare",
            help: "STUN server HOST[:PORT], cloudflare or google (usev6=stunv6)"),
        OptionSpec(
            "usev4-agree", .number(minimum: 1), default: "1",
            help: "how many of usev4's sources must find the same address"),
        OptionSpec(
            "usev6-agree", .number(minimum: 1), default: "1",
            help: "how many of usev6's sources must find the same address"),
        OptionSpec(
            "publish-private", .bool, default: "0",
            help: "publish private, CGNAT and unique-local addresses found by detection (LAN-only zones)"),
        OptionSpec(
            "ipv6-host-id", .ipv6,
            help: "publish the detected IPv6 /64 prefix with this interface identifier (::a:b:c:d)"),
        OptionSpec("min-interval", .delay(minimum: 0), default: "30", help: "least time between successful updates"),
        OptionSpec(
            "max-interval", .delay(minimum: 0), default: "2160000", help: "refresh after this long even if unchanged"),
        OptionSpec("min-error-interval", .delay(minimum: 0), default: "300", help: "least time after a failed attempt"),
    ]

    /// Options that take several values in order: a comma list (quoted in ddclient.conf, since an
    /// unquoted comma ends a value) or a YAML list.
    public static let listOptions: Set<String> = [
        "use", "usev4", "usev6", "if", "ifv4", "ifv6", "dnsv4", "dnsv6", "stunv4", "stunv6", "notify", "notify-events",
    ]

    /// The items of a list option's value (`'dnsv4, webv4'`), trimmed, empty ones dropped.
    public static func listItems(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0.drop { $0 == " " }.trimmingSuffix { $0 == " " }) }.filter {
            !$0.isEmpty
        }
    }

    /// Accepted, ignored, with a warning (ddclient: "is deprecated and does nothing").
    public static let noOps: Set<String> = ["fw-banlocal", "if-skip"]

    static let globalByName: [String: OptionSpec] = Dictionary(uniqueKeysWithValues: global.map { ($0.name, $0) })
    static let commonByName: [String: OptionSpec] = Dictionary(uniqueKeysWithValues: commonHost.map { ($0.name, $0) })

    /// The options a host of `proto` accepts, by name: the common ones (minus those the protocol
    /// does not use), overridden and extended by the protocol's own.
    /// The table's default of `name`: the protocol's own row first, then the common and global
    /// rows. The only place defaults come from; typed accessors fall back to it.
    public static func defaultValue(_ name: String, protocol protocolName: String? = nil) -> String? {
        if let protocolName, let spec = ProtocolRegistry.named(protocolName)?.options.first(where: { $0.name == name })
        {
            return spec.defaultValue
        }
        return (commonByName[name] ?? globalByName[name])?.defaultValue
    }

    /// ``defaultValue(_:protocol:)`` as a number (0 when there is none).
    public static func defaultInteger(_ name: String, protocol protocolName: String? = nil) -> Int {
        defaultValue(name, protocol: protocolName).flatMap { Int($0) } ?? 0
    }

    public static func hostOptions(for proto: any DDNSProtocol) -> [String: OptionSpec] {
        var table = commonByName
        for name in proto.unusedCommonOptions { table[name] = nil }
        for spec in proto.options { table[spec.name] = spec }
        return table
    }

    /// Every option name any line may hold (for "did you mean").
    static func allNames(protocols: [any DDNSProtocol]) -> Set<String> {
        var names = Set(globalByName.keys).union(commonByName.keys)
        for proto in protocols { names.formUnion(proto.options.map(\.name)) }
        return names
    }

    /// Any definition of `name`: global, common, or some protocol's (for global lines, which
    /// ddclient checks against every protocol's options).
    static func anySpec(_ name: String, protocols: [any DDNSProtocol]) -> OptionSpec? {
        if let spec = globalByName[name] ?? commonByName[name] { return spec }
        for proto in protocols {
            if let spec = proto.options.first(where: { $0.name == name }) { return spec }
        }
        return nil
    }
}
