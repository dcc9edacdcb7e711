/// The DynDNS v2 protocol (`protocol=dyndns2`), spoken by Dyn and by many others with
/// `server=`: deSEC (`update.dedyn.io`), dynv6 (`dynv6.com`, `login=none`), DDNSS (`ddnss.de`),
/// all-inkl (`dyndns.kasserver.com`), no-ip, Joker, LuaDNS, …
///
/// `GET {server}/nic/update?hostname=a,b&myip=v4[,v6][&wildcard=ON][&mx=…&backmx=YES|NO]` with
/// Basic auth; one status line per host (`good`, `nochg`, or an error code).
public struct DynDNS2Protocol: DDNSProtocol {
    public init() {}

    public let name = "dyndns2"
    public let summary =
        "the dyndns2 protocol (Dyn, deSEC, dynv6, DDNSS, all-inkl and any dyndns2 server=), up to 20 hosts per request"
    static let defaultServer = "members.dyndns.org"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "account login"),
            OptionSpec("password", .password, required: true, help: "account password or token"),
            OptionSpec("script", .string, default: "/nic/update", help: "update path"),
            OptionSpec("mx", .fqdn, help: "mail exchanger"),
            OptionSpec("backupmx", .bool, default: "0", help: "mx is a backup mail exchanger"),
            OptionSpec("wildcard", .bool, default: "0", help: "also update *.host"),
            OptionSpec("static", .bool, default: "0", help: "ddclient 3.x: static DNS service (system=statdns)"),
            OptionSpec("custom", .bool, default: "0", help: "ddclient 3.x: custom DNS service (system=custom)"),
            OptionSpec("offline", .bool, default: "0", help: "mark the host offline"),
        ]
    }

    public var forceUpdateIfChanged: [String] { ["wildcard", "mx", "backupmx"] }
    public var groupBy: [String] {
        [
            "backupmx", "login", "mx", "password", "script", "server", "static", "custom", "offline", "wantipv4",
            "wantipv6", "wildcard", "ssl",
        ]
    }
    public var maxHostsPerRequest: Int { 20 }
    public var example: String {
        """
        protocol=dyndns2                # Dyn, or any dyndns2 service with server=
        server=members.dyndns.org       # deSEC: update.dedyn.io, dynv6: dynv6.com, DDNSS: ddnss.de
        login=your-login, password='your-password'
        your.host.example.org
        """
    }

    /// The request for a group (every host shares the settings that `groupBy` compares).
    func request(for targets: [UpdateTarget]) -> HTTPRequest {
        let first = targets[0].host
        var items: [(String, String)] = []
        if first.bool("static") {
            items.append(("system", "statdns"))
        } else if first.bool("custom") {
            items.append(("system", "custom"))
        }
        items.append(("hostname", targets.map(\.name).joined(separator: ",")))
        items.append(("myip", [targets[0].ipv4, targets[0].ipv6].compactMap { $0 }.joined(separator: ",")))
        if first.bool("wildcard") { items.append(("wildcard", "ON")) }
        if let mx = first.nonEmpty("mx") {
            items.append(("mx", mx))
            items.append(("backmx", first.bool("backupmx") ? "YES" : "NO"))
        }
        if first.bool("offline") { items.append(("offline", "YES")) }
        let script = first.nonEmpty("script") ?? "/nic/update"
        let url =
            ProviderSupport.baseURL(first, defaultServer: Self.defaultServer)
            + (script.hasPrefix("/") ? script : "/" + script) + "?" + URLEncoding.query(items)
        return HTTPRequest(url: url, basicAuth: ProviderSupport.credentials(first))
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        guard !targets.isEmpty else { return [] }
        let server = ProviderSupport.serverName(targets[0].host, defaultServer: Self.defaultServer)
        let response: HTTPResponse
        switch ProviderSupport.fetch(request(for: targets), for: targets, server: server, context: context) {
        case .failure(let failed): return failed.results
        case .success(let answer): response = answer
        }
        return Self.parseReply(response.text, targets: targets, server: server, protocolName: name, context: context)
    }

    /// Reply parsing (reference §3.4, §7.4): line *i* is host *i*; one line for several hosts
    /// applies to all; a host without a line failed; extra lines are a warning.
    static func parseReply(
        _ body: String, targets: [UpdateTarget], server: String, protocolName: String, context: UpdateContext
    ) -> [UpdateResult] {
        let lines = body.split(separator: "\n").map {
            $0.trimmingSuffix(while: { $0 == " " || $0 == "\t" }).drop { $0 == " " || $0 == "\t" }
        }.filter { !$0.isEmpty }.map(String.init)
        let names = targets.map(\.name).joined(separator: ",")
        if lines.count > targets.count {
            context.log.warning(
                "unexpected extra lines after per-host update status lines:\n"
                    + lines[targets.count...].joined(separator: "\n"), [protocolName, names])
        }
        if lines.count == 1 && targets.count > 1 {
            let status = DynDNSReturnCode(line: lines[0])
            if status.isSuccess {
                context.log.warning(
                    "service returned one successful result for multiple hosts; assuming it applies to all",
                    [protocolName, names])
            }
        }
        return targets.enumerated().map { index, target in
            let line: String? = index < lines.count ? lines[index] : (lines.count == 1 ? lines[0] : nil)
            guard let line else {
                return UpdateResult(target: target) { _ in
                    .failed("unknown", "\(server) did not return a result for this host; assuming failure")
                }
            }
            let code = DynDNSReturnCode(line: line)
            if code.token == "nochg" {
                context.log.warning(
                    "nochg: no update required; repeated unnecessary updates can get a host blocked",
                    [protocolName, target.name])
            }
            return code.result(for: target, server: server, now: context.now())
        }
    }
}

/// The DynDNS return codes and what they tell the user (reference §3.4 and the router manual).
struct DynDNSReturnCode {
    /// The first word, as the provider wrote it (`good`, `badauth`, `!yours`, `w5m`).
    var token: String
    /// The rest of the line (an address after `good`, a text after an error).
    var rest: String
    var line: String

    init(line: String) {
        self.line = line
        let words = line.split(separator: " ", maxSplits: 1)
        token = words.first.map(String.init) ?? ""
        rest = words.count > 1 ? String(words[1]) : ""
    }

    var isSuccess: Bool { token == "good" || token == "nochg" }

    /// `w<N><s|m|h>`: seconds to wait, or nil.
    var waitSeconds: Int? {
        guard token.hasPrefix("w"), token.count >= 3, let unit = token.last else { return nil }
        guard let number = OptionValue.checkedNumber(token.dropFirst().dropLast(), maximum: Int.max) else { return nil }
        let scale: Int
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        default: return nil
        }
        // A day at most: a longer wait in the cache would be taken for a wrong clock (the
        // decision ignores cached times further ahead than that).
        let (seconds, overflow) = number.multipliedReportingOverflow(by: scale)
        return overflow ? UpdateDecision.futureTolerance : min(seconds, UpdateDecision.futureTolerance)
    }

    /// (message, permanent) for an error token; nil when unknown.
    static func meaning(_ token: String, server: String) -> (String, Bool)? {
        switch token {
        case "badauth": ("login or password refused by \(server)", true)
        case "!donator", "!donor": ("the requested feature needs a paid account at \(server)", true)
        case "notfqdn":
            ("the host name is not a fully qualified domain name; check the host names in the configuration", true)
        case "nohost":
            ("the host does not exist in this account at \(server); check its spelling or create it there", true)
        case "numhost": ("too many hosts in one request for \(server); updates stop until the config changes", true)
        case "abuse": ("host blocked by \(server) for repeated updates; updates stop until the config changes", true)
        case "badagent":
            ("\(server) refused this client (bad user agent or request); updates stop until the config changes", true)
        case "badsys": ("\(server) does not know the requested system parameter (static/custom setting)", true)
        case "!yours": ("the host belongs to another account at \(server)", true)
        case "!active": ("the host is not active at \(server); activate it in the account", true)
        case "dnserr": ("DNS error at \(server); retried after the backoff (min-error-interval, doubling)", false)
        case "servererror": ("\(server) reports an error on its side; will retry", false)
        case "911":
            (
                "\(server) reports a problem or maintenance on its side; retried after the backoff (min-error-interval, doubling)",
                false
            )
        case "badip":
            (
                "\(server) refused the address (sending both IPv4 and IPv6 in one request is not supported by every provider)",
                false
            )
        default: nil
        }
    }

    func result(for target: UpdateTarget, server: String, now: Int) -> UpdateResult {
        if isSuccess {
            return UpdateResult(target: target) { address in
                .good(address, message: token == "nochg" ? "address was already \(address) (nochg)" : nil)
            }
        }
        if let wait = waitSeconds {
            return UpdateResult(
                target: target,
                outcome: { _ in .failed(token, "\(server) asks to wait \(wait) seconds before the next update") },
                waitUntil: now + wait)
        }
        let words = rest.isEmpty ? "" : " (\(server) said: \(rest.excerpt(120)))"
        if let (message, permanent) = Self.meaning(token, server: server) {
            return UpdateResult(target: target) { _ in .failed(token, message + words, permanent: permanent) }
        }
        let shown = line.excerpt(160)
        return UpdateResult(target: target) { _ in
            .failed(token.isEmpty ? "unknown" : token.excerpt(40), "unexpected status from \(server): \(shown)")
        }
    }
}
