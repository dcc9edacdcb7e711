/// OVH DynHost (`protocol=ovh`): a legacy one-address protocol whose success is a word
/// anywhere in the reply (good or nochg).
public struct OVHProtocol: DDNSProtocol {
    public init() {}
    public let name = "ovh"
    public let summary = "OVH DynHost (www.ovh.com/nic/update), one address per request"
    public var example: String { "protocol=ovh, login=example.com-dynhost, password=secret home.example.com" }
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
