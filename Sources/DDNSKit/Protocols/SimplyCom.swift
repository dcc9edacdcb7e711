/// Simply.com (`protocol=simply.com`): one request per family, optional `zone` as `domain=`.
public struct SimplyComProtocol: DDNSProtocol {
    public init() {}
    public let name = "simply.com"
    public let summary = "Simply.com dynamic DNS (dyndns.simply.com), one request per family"
    public var example: String { "protocol=simply.com, login=S123456, password=api-key home.example.com" }
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
