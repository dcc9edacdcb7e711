/// Infomaniak (`protocol=infomaniak`): one request per address family.
public struct InfomaniakProtocol: DDNSProtocol {
    public init() {}
    public let name = "infomaniak"
    public let summary = "Infomaniak dynamic DNS (infomaniak.com/nic/update), one request per family"
    public var example: String { "protocol=infomaniak, login=myname, password=secret home.example.com" }
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
