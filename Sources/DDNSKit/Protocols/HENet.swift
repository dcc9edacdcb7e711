/// Hurricane Electric's free DNS (`protocol=he.net`): the host name is the login; one request
/// per address family.
public struct HENetProtocol: DDNSProtocol {
    public init() {}
    public let name = "he.net"
    public let summary = "Hurricane Electric free DNS (dyn.dns.he.net), the record's DDNS key, one request per family"
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
