/// Gandi LiveDNS (`protocol=gandi`): read the rrset, PUT it when the address differs.
public struct GandiProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "gandi"
    public let summary = "Gandi LiveDNS records through the v5 API (API key or personal access token)"
    public var example: String { "protocol=gandi, zone=example.com, password=api-key home.example.com" }
    static let defaultServer = "api.gandi.net"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("script", .string, default: "/v5", help: "API path"),
            OptionSpec("password", .password, required: true, help: "API key or personal access token"),
            OptionSpec("zone", .fqdn, required: true, help: "the domain"),
            OptionSpec("ttl", .delay(minimum: 300), help: "record TTL"),
            OptionSpec(
                "use-personal-access-token", .bool, default: "0",
                help: "the password is a personal access token (Bearer)"),
            OptionSpec("min-interval", .delay(minimum: 300), default: "300", help: "least time between updates"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let zone = host.values["zone"] ?? ""
            let sub = RecordName.relative(target.name, zone: zone)
            let secret = host.values["password"] ?? ""
            let auth = HTTPHeader(
                "Authorization", host.bool("use-personal-access-token") ? "Bearer \(secret)" : "Apikey \(secret)")
            let base =
                ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + (host.nonEmpty("script") ?? "/v5")
            let ttl = host.int("ttl")
            func set(_ address: String?, type: String) -> FamilyOutcome? {
                guard let address else { return nil }
                let url = "\(base)/livedns/domains/\(zone)/records/\(URLEncoding.encode(sub))/\(type)"
                do {
                    let current = try context.http.send(HTTPRequest(url: url, headers: [auth]))
                    if current.isSuccess, let json = JSONValue.parse(current.text),
                        json["rrset_values"]?[0]?.string == address,
                        ttl == nil || json["rrset_ttl"]?.int == ttl
                    {
                        return .good(address, message: "address was already \(address)")
                    }
                    if current.status == 401 || current.status == 403 {
                        return .failed("badauth", "Gandi refused the API key (HTTP \(current.status))", permanent: true)
                    }
                    var body: [(String, JSONValue)] = []
                    if let ttl { body.append(("rrset_ttl", .number(String(ttl)))) }
                    body.append(("rrset_values", .array([.string(address)])))
                    let response = try context.http.send(
                        HTTPRequest(method: .put, url: url, json: JSONValue.object(body).encoded, headers: [auth]))
                    if response.isSuccess, JSONValue.parse(response.text) != nil { return .good(address) }
                    let words =
                        JSONValue.parse(response.text)?["message"]?.string ?? ProviderSupport.firstLine(response.text)
                    return .failed(
                        "failed", "Gandi refused the change: HTTP \(response.status) \(words)",
                        permanent: response.status == 401 || response.status == 403)
                } catch {
                    return .failed(ProviderSupport.transportToken(error), "\(error)")
                }
            }
            return UpdateResult(
                host: target.name, ipv4: set(target.ipv4, type: "A"), ipv6: set(target.ipv6, type: "AAAA"))
        }
    }
}
