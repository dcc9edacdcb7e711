/// ChangeIP (`protocol=changeip`): a legacy one-address protocol; success is "Successful Update".
public struct ChangeIPProtocol: DDNSProtocol {
    public init() {}
    public let name = "changeip"
    public let summary = "ChangeIP dynamic DNS (nic.changeip.com), one address per request"
    public var example: String { "protocol=changeip, login=myname, password=secret home.example.com" }
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
