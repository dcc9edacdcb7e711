/// Providers that speak a dyndns2-like `GET …/nic/update?hostname=…&myip=…` with one host (and
/// often one address family) per request. Each differs in small ways, described by data:
/// the query it builds and the words that mean success.
struct DynDNSStyleRequest {
    /// Sends one GET and turns the reply into an outcome for `address`.
    static func send(
        url: String, basicAuth: BasicCredentials?, target: UpdateTarget, address: String, server: String,
        context: UpdateContext, interpret: (String) -> FamilyOutcome
    ) -> FamilyOutcome {
        let single = UpdateTarget(host: target.host, ipv4: address.contains(":") ? nil : address, ipv6: address.contains(":") ? address : nil)
        switch ProviderSupport.fetch(HTTPRequest(url: url, basicAuth: basicAuth), for: [single], server: server, context: context) {
        case .failure(let failed): return (failed.results[0].ipv4 ?? failed.results[0].ipv6)!
        case .success(let response): return interpret(response.text)
        }
    }

    /// dyndns2 return-code semantics for the first word of the first line.
    static func dyndnsStatus(_ body: String, address: String, server: String) -> FamilyOutcome {
        let line = ProviderSupport.firstLine(body)
        let code = DynDNSReturnCode(line: line.lowercased())
        if code.isSuccess { return .good(address, message: code.token == "nochg" ? "address was already \(address) (nochg)" : nil) }
        if let (message, permanent) = DynDNSReturnCode.meaning(code.token, server: server) { return .failed(code.token, message, permanent: permanent) }
        if code.token == "servererror" { return .failed("servererror", "\(server) reports an error on its side; will retry") }
        return .failed(code.token.isEmpty ? "unknown" : String(code.token.prefix(40)), "unexpected status from \(server): \(line.prefix(160))")
    }
}

/// Hurricane Electric's free DNS (`protocol=he.net`): the host name is the login; one request
/// per address family.
public struct HENetProtocol: DDNSProtocol {
    public init() {}
    public let name = "he.net"
    static let defaultServer = "dyn.dns.he.net"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("password", .password, required: true, help: "the record's DDNS key"),
            OptionSpec("min-interval", .delay(minimum: 0), default: "300", help: "least time between updates"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }
    public var example: String { "protocol=he.net, password=ddns-key home.example.com" }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let server = ProviderSupport.serverName(target.host, defaultServer: Self.defaultServer)
            let auth = BasicCredentials(user: target.name, password: target.host.values["password"] ?? "")
            func one(_ address: String?) -> FamilyOutcome? {
                guard let address else { return nil }
                let url = ProviderSupport.baseURL(target.host, defaultServer: Self.defaultServer) + "/nic/update?" + URLEncoding.query([("hostname", target.name), ("myip", address)])
                return DynDNSStyleRequest.send(url: url, basicAuth: auth, target: target, address: address, server: server, context: context) {
                    DynDNSStyleRequest.dyndnsStatus($0, address: address, server: server)
                }
            }
            return UpdateResult(host: target.name, ipv4: one(target.ipv4), ipv6: one(target.ipv6))
        }
    }
}

/// Dynu (`protocol=dynu`): one request per host with both addresses; `zone` sends the host as
/// an alias of the zone.
public struct DynuProtocol: DDNSProtocol {
    public init() {}
    public let name = "dynu"
    static let defaultServer = "api.dynu.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "Dynu user name"),
            OptionSpec("password", .password, required: true, help: "Dynu password (or its MD5/SHA-256)"),
            OptionSpec("zone", .string, help: "the zone, when the host is an alias in it"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let server = ProviderSupport.serverName(host, defaultServer: Self.defaultServer)
            var items: [(String, String)] = []
            if let zone = host.nonEmpty("zone"), target.name != zone, target.name.hasSuffix("." + zone) {
                items.append(("hostname", zone))
                items.append(("alias", String(target.name.dropLast(zone.count + 1))))
            } else {
                items.append(("hostname", target.name))
            }
            items.append(("myip", target.ipv4 ?? "no"))
            if let v6 = target.ipv6 { items.append(("myipv6", v6)) }
            let url = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/nic/update?" + URLEncoding.query(items)
            let address = target.ipv4 ?? target.ipv6 ?? ""
            let outcome = DynDNSStyleRequest.send(url: url, basicAuth: ProviderSupport.credentials(host), target: target, address: address, server: server, context: context) {
                DynDNSStyleRequest.dyndnsStatus($0, address: address, server: server)
            }
            return UpdateResult(target: target) { wanted in outcome.isSuccess ? .good(wanted, message: outcome.message.hasPrefix("address") ? nil : outcome.message) : outcome }
        }
    }
}

/// INWX (`protocol=inwx`): the account is bound to one host, so no host name is sent; the
/// last status line applies to every host of the group.
public struct INWXProtocol: DDNSProtocol {
    public init() {}
    public let name = "inwx"
    static let defaultServer = "dyndns.inwx.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "DynDNS account login"),
            OptionSpec("password", .password, required: true, help: "DynDNS account password"),
            OptionSpec("script", .string, default: "/nic/update", help: "update path"),
        ]
    }
    public var groupBy: [String] { ["login", "password", "server", "script", "ssl", "wantipv4", "wantipv6"] }
    public var maxHostsPerRequest: Int { 20 }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        guard let first = targets.first?.host else { return [] }
        let server = ProviderSupport.serverName(first, defaultServer: Self.defaultServer)
        var items: [(String, String)] = []
        if let v4 = targets[0].ipv4 { items.append(("myip", v4)) }
        if let v6 = targets[0].ipv6 { items.append(("myipv6", v6)) }
        let script = first.nonEmpty("script") ?? "/nic/update"
        let url = ProviderSupport.baseURL(first, defaultServer: Self.defaultServer) + script + "?" + URLEncoding.query(items)
        switch ProviderSupport.fetch(HTTPRequest(url: url, basicAuth: ProviderSupport.credentials(first)), for: targets, server: server, context: context) {
        case .failure(let failed): return failed.results
        case .success(let response):
            let last = response.text.split(separator: "\n").last.map(String.init) ?? ""
            return targets.map { target in
                UpdateResult(target: target) { address in DynDNSStyleRequest.dyndnsStatus(last, address: address, server: server) }
            }
        }
    }
}

/// Infomaniak (`protocol=infomaniak`): one request per address family.
public struct InfomaniakProtocol: DDNSProtocol {
    public init() {}
    public let name = "infomaniak"
    static let defaultServer = "infomaniak.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server (ddclient: fixed)"),
            OptionSpec("login", .login, required: true, help: "DynDNS login"),
            OptionSpec("password", .password, required: true, help: "DynDNS password"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let server = ProviderSupport.serverName(target.host, defaultServer: Self.defaultServer)
            func one(_ address: String?) -> FamilyOutcome? {
                guard let address else { return nil }
                let url = ProviderSupport.baseURL(target.host, defaultServer: Self.defaultServer) + "/nic/update?" + URLEncoding.query([("hostname", target.name), ("myip", address)])
                return DynDNSStyleRequest.send(url: url, basicAuth: ProviderSupport.credentials(target.host), target: target, address: address, server: server, context: context) { body in
                    let outcome = DynDNSStyleRequest.dyndnsStatus(body, address: address, server: server)
                    return outcome.isSuccess || ["nohost", "badauth"].contains(outcome.status) ? outcome : .failed(outcome.status, "unknown reply from Infomaniak: \(ProviderSupport.firstLine(body).prefix(120))")
                }
            }
            return UpdateResult(host: target.name, ipv4: one(target.ipv4), ipv6: one(target.ipv6))
        }
    }
}

/// OVH DynHost (`protocol=ovh`) and ChangeIP (`protocol=changeip`): legacy one-address
/// protocols whose success is a word anywhere in the reply (ovh: good/nochg, changeip: success).
public struct OVHProtocol: DDNSProtocol {
    public init() {}
    public let name = "ovh"
    static let defaultServer = "www.ovh.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "DynHost login"),
            OptionSpec("password", .password, required: true, help: "DynHost password"),
            OptionSpec("script", .string, default: "/nic/update", help: "update path"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let server = ProviderSupport.serverName(target.host, defaultServer: Self.defaultServer)
            let address = target.ipv4 ?? target.ipv6 ?? ""
            let script = target.host.nonEmpty("script") ?? "/nic/update"
            let url = ProviderSupport.baseURL(target.host, defaultServer: Self.defaultServer) + script + "?" + URLEncoding.query([("system", "dyndns"), ("hostname", target.name), ("myip", address)])
            let outcome = DynDNSStyleRequest.send(url: url, basicAuth: ProviderSupport.credentials(target.host), target: target, address: address, server: server, context: context) { body in
                let lowered = body.lowercased()
                if lowered.contains("good") || lowered.contains("nochg") { return .good(address) }
                return DynDNSStyleRequest.dyndnsStatus(body, address: address, server: server)
            }
            return address.contains(":") ? UpdateResult(host: target.name, ipv6: outcome) : UpdateResult(host: target.name, ipv4: outcome)
        }
    }
}

public struct ChangeIPProtocol: DDNSProtocol {
    public init() {}
    public let name = "changeip"
    static let defaultServer = "nic.changeip.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "ChangeIP login"),
            OptionSpec("password", .password, required: true, help: "ChangeIP password"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let server = ProviderSupport.serverName(target.host, defaultServer: Self.defaultServer)
            let address = target.ipv4 ?? target.ipv6 ?? ""
            let url = ProviderSupport.baseURL(target.host, defaultServer: Self.defaultServer) + "/nic/update?" + URLEncoding.query([("hostname", target.name), ("ip", address)])
            let outcome = DynDNSStyleRequest.send(url: url, basicAuth: ProviderSupport.credentials(target.host), target: target, address: address, server: server, context: context) { body in
                // ChangeIP answers "200 Successful Update"; ddclient accepts any "success", which a
                // truncated JSON error page (`{"success":false…`) also contains.
                body.lowercased().contains("successful") ? .good(address) : .failed("failed", "\(server) did not confirm the update: \(ProviderSupport.firstLine(body).prefix(160))")
            }
            return address.contains(":") ? UpdateResult(host: target.name, ipv6: outcome) : UpdateResult(host: target.name, ipv4: outcome)
        }
    }
}

/// easyDNS (`protocol=easydns`): one request per host and family; the reply's first known
/// token (NOERROR, OK, NOACCESS, …) decides.
public struct EasyDNSProtocol: DDNSProtocol {
    public init() {}
    public let name = "easydns"
    static let defaultServer = "api.cp.easydns.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "easyDNS user name"),
            OptionSpec("password", .password, required: true, help: "easyDNS dynamic DNS token"),
            OptionSpec("script", .string, default: "/dyn/generic.php", help: "update path"),
            OptionSpec("mx", .fqdn, help: "mail exchanger"),
            OptionSpec("backupmx", .bool, default: "0", help: "mx is a backup mail exchanger"),
            OptionSpec("wildcard", .bool, default: "0", help: "also update *.host"),
            OptionSpec("min-interval", .delay(minimum: 0), default: "600", help: "least time between updates"),
        ]
    }
    public var forceUpdateIfChanged: [String] { ["wildcard", "mx", "backupmx"] }

    static let tokens: [(String, String?, Bool)] = [
        ("NOERROR", nil, false), ("OK", nil, false),
        ("NOACCESS", "authentication failed: check login and token", true), ("NO_AUTH", "authentication failed: check login and token", true),
        ("NOSERVICE", "dynamic DNS is not enabled for this domain", true), ("ILLEGAL INPUT", "the request was refused as invalid", true),
        ("TOOSOON", "updated too soon after the last update; will retry", false), ("TOO_FREQ", "updated too often; will retry", false),
    ]

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let server = ProviderSupport.serverName(host, defaultServer: Self.defaultServer)
            func one(_ address: String?) -> FamilyOutcome? {
                guard let address else { return nil }
                var items: [(String, String)] = [("hostname", target.name), ("myip", address), ("wildcard", host.bool("wildcard") ? "ON" : "OFF")]
                if let mx = host.nonEmpty("mx") {
                    items.append(("mx", mx))
                    items.append(("backmx", host.bool("backupmx") ? "YES" : "NO"))
                }
                let url = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + (host.nonEmpty("script") ?? "/dyn/generic.php") + "?" + URLEncoding.query(items)
                return DynDNSStyleRequest.send(url: url, basicAuth: ProviderSupport.credentials(host), target: target, address: address, server: server, context: context) { body in
                    let text = ProviderSupport.stripTags(body).uppercased()
                    let found = Self.tokens.compactMap { token -> (Int, (String, String?, Bool))? in
                        guard let range = text.firstRange(of: token.0) else { return nil }
                        return (text.distance(from: text.startIndex, to: range.lowerBound), token)
                    }.min { $0.0 < $1.0 }?.1
                    guard let (token, message, permanent) = found else {
                        return .failed("unknown", "unexpected reply from \(server): \(ProviderSupport.firstLine(body).prefix(160))")
                    }
                    guard let message else { return .good(address) }
                    return .failed(token, "\(server): \(message)", permanent: permanent)
                }
            }
            return UpdateResult(host: target.name, ipv4: one(target.ipv4), ipv6: one(target.ipv6))
        }
    }
}

/// Simply.com (`protocol=simply.com`): one request per family, optional `zone` as `domain=`.
public struct SimplyComProtocol: DDNSProtocol {
    public init() {}
    public let name = "simply.com"
    static let defaultServer = "dyndns.simply.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("login", .login, required: true, help: "account number"),
            OptionSpec("password", .password, required: true, help: "API key"),
            OptionSpec("zone", .string, help: "the domain, when it is not the host's parent"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let server = ProviderSupport.serverName(target.host, defaultServer: Self.defaultServer)
            func one(_ address: String?) -> FamilyOutcome? {
                guard let address else { return nil }
                var items = [("hostname", target.name), ("myip", address)]
                if let zone = target.host.nonEmpty("zone") { items.append(("domain", zone)) }
                let url = ProviderSupport.baseURL(target.host, defaultServer: Self.defaultServer) + "/nic/update?" + URLEncoding.query(items)
                return DynDNSStyleRequest.send(url: url, basicAuth: ProviderSupport.credentials(target.host), target: target, address: address, server: server, context: context) { body in
                    let good = body.split(separator: "\n").contains { $0.lowercased().hasPrefix("good") || $0.lowercased().hasPrefix("nochg") }
                    return good ? .good(address) : DynDNSStyleRequest.dyndnsStatus(body, address: address, server: server)
                }
            }
            return UpdateResult(host: target.name, ipv4: one(target.ipv4), ipv6: one(target.ipv6))
        }
    }
}
