/// Dynadot (`protocol=dynadot`): one `GET /set_ddns` per family with the domain, the
/// subdomain (left out for the root), the record type, the address, the TTL and the DDNS
/// password; "ok" in the reply is success.
public struct DynadotProtocol: DDNSProtocol {
    public init() {}
    public let name = "dynadot"
    public let summary =
        "Dynadot dynamic DNS (www.dynadot.com/set_ddns), the domain's DDNS password, one request per family"
    public var example: String { "protocol=dynadot, zone=example.com, password=ddns-password home.example.com" }
    static let defaultServer = "www.dynadot.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "update server"),
            OptionSpec("password", .password, required: true, help: "the domain's DDNS password"),
            OptionSpec("zone", .fqdn, help: "the domain; default: the host without its first label"),
            OptionSpec("ttl", .number(minimum: 0), default: "300", help: "record TTL"),
            OptionSpec("on-root-domain", .bool, default: "0", help: "also set the domain's root record"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }

    /// (subdomain, domain) as ddclient splits the host.
    static func split(_ host: String, zone: String?) -> (String, String)? {
        if let zone, !zone.isEmpty {
            if host == zone { return ("", zone) }
            guard host.hasSuffix("." + zone) else { return nil }
            return (String(host.dropLast(zone.count + 1)), zone)
        }
        guard let dot = host.firstIndex(of: ".") else { return ("", host) }
        return (String(host[..<dot]), String(host[host.index(after: dot)...]))
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            guard let (sub, domain) = Self.split(target.name, zone: host.values["zone"]) else {
                return UpdateResult(target: target) { _ in
                    .failed(
                        .unknownHost, token: "nozone",
                        "hostname does not end with the 'zone' value: \(host.values["zone"] ?? "")")
                }
            }
            let server = ProviderSupport.serverName(host, defaultServer: Self.defaultServer)
            func set(_ address: String?, _ type: RecordType) -> FamilyOutcome? {
                guard let address else { return nil }
                var items: [(String, String)] = [
                    ("containRoot", sub.isEmpty || host.bool("on-root-domain") ? "true" : "false"), ("domain", domain),
                    ("ip", address), ("pwd", host.values["password"] ?? ""), ("ttl", String(host.integer("ttl"))),
                    ("type", type.rawValue),
                ]
                if !sub.isEmpty { items.append(("subDomain", sub)) }
                let url =
                    ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/set_ddns?"
                    + URLEncoding.query(items, keeping: [])
                return ProviderSupport.fetchOne(
                    HTTPRequest(url: url), target: target, address: address, server: server, context: context
                ) { response in
                    let body = response.text.trimmingSuffix(while: \.isNewline)
                    if body.contains(try! Regex(#"\bok\b"#).ignoresCase()) { return .good(address) }
                    return .failed(
                        .malformedReply, token: "failed",
                        "\(server) said: \(ProviderSupport.firstLine(String(body)).excerpt(160))")
                }
            }
            return UpdateResult(host: target.name, ipv4: set(target.ipv4, .a), ipv6: set(target.ipv6, .aaaa))
        }
    }
}
