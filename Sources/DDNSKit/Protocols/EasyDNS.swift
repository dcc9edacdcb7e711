/// easyDNS (`protocol=easydns`): one request per host and family; the reply's first known
/// token (NOERROR, OK, NOACCESS, …) decides.
public struct EasyDNSProtocol: DDNSProtocol {
    public init() {}
    public let name = "easydns"
    public let summary = "easyDNS dynamic DNS (api.cp.easydns.com), one request per host and family"
    public var example: String { "protocol=easydns, login=myname, password=dyn-token home.example.com" }
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
        ("NOACCESS", "authentication failed: check login and token", true),
        ("NO_AUTH", "authentication failed: check login and token", true),
        ("NOSERVICE", "dynamic DNS is not enabled for this domain", true),
        ("ILLEGAL INPUT", "the request was refused as invalid", true),
        ("TOOSOON", "updated too soon after the last update; will retry", false),
        ("TOO_FREQ", "updated too often; will retry", false),
    ]

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let server = ProviderSupport.serverName(host, defaultServer: Self.defaultServer)
            func one(_ address: String?) -> FamilyOutcome? {
                guard let address else { return nil }
                var items: [(String, String)] = [
                    ("hostname", target.name), ("myip", address), ("wildcard", host.bool("wildcard") ? "ON" : "OFF"),
                ]
                if let mx = host.nonEmpty("mx") {
                    items.append(("mx", mx))
                    items.append(("backmx", host.bool("backupmx") ? "YES" : "NO"))
                }
                let url =
                    ProviderSupport.baseURL(host, defaultServer: Self.defaultServer)
                    + (host.nonEmpty("script") ?? "/dyn/generic.php") + "?" + URLEncoding.query(items)
                return DynDNSStyleRequest.send(
                    url: url, basicAuth: ProviderSupport.credentials(host), target: target, address: address,
                    server: server, context: context
                ) { body in
                    let text = ProviderSupport.stripTags(body).uppercased()
                    let found = Self.tokens.compactMap { token -> (Int, (String, String?, Bool))? in
                        guard let range = text.firstRange(of: token.0) else { return nil }
                        return (text.distance(from: text.startIndex, to: range.lowerBound), token)
                    }.min { $0.0 < $1.0 }?.1
                    guard let (token, message, permanent) = found else {
                        return .failed(
                            "unknown",
                            "unexpected reply from \(server): \(ProviderSupport.firstLine(body).excerpt(160))"
                        )
                    }
                    guard let message else { return .good(address) }
                    return .failed(token, "\(server): \(message)", permanent: permanent)
                }
            }
            return UpdateResult(host: target.name, ipv4: one(target.ipv4), ipv6: one(target.ipv6))
        }
    }
}
