/// DigitalOcean (`protocol=digitalocean`): find the one A/AAAA record of the name, PATCH its
/// data when it differs.
public struct DigitalOceanProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "digitalocean"
    public let summary = "DigitalOcean DNS records through the v2 API (bearer token)"
    public var example: String { "protocol=digitalocean, zone=example.com, password=dop_v1_token home.example.com" }
    static let defaultServer = "api.digitalocean.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("password", .password, required: true, help: "API token"),
            OptionSpec("zone", .fqdn, required: true, help: "the domain"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let zone = host.values["zone"] ?? ""
            let base = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/v2/domains/\(zone)/records"
            let token = host.values["password"] ?? ""
            func set(_ address: String?, type: String) -> FamilyOutcome? {
                guard let address else { return nil }
                do {
                    var lookup = HTTPRequest(
                        url: "\(base)?" + URLEncoding.query([("name", target.name), ("type", type)]))
                    lookup.bearerToken = token
                    let listing = try context.http.send(lookup)
                    guard listing.isSuccess, let json = JSONValue.parse(listing.text) else {
                        let words =
                            JSONValue.parse(listing.text)?["message"]?.string ?? ProviderSupport.firstLine(listing.text)
                        return .failed(
                            listing.status == 401 || listing.status == 403 ? "badauth" : "failed",
                            "DigitalOcean answered HTTP \(listing.status): \(words)",
                            permanent: listing.status == 401 || listing.status == 403)
                    }
                    let records = json["domain_records"]?.array ?? []
                    guard records.count == 1, let record = records.first, let id = record["id"]?.string else {
                        return .failed(
                            "norecord",
                            "DigitalOcean has \(records.count) '\(type)' records for \(target.name); exactly one is needed",
                            permanent: true)
                    }
                    if record["data"]?.string == address {
                        return .good(address, message: "address was already \(address)")
                    }
                    var patch = HTTPRequest(
                        method: .patch, url: "\(base)/\(id)",
                        json: JSONValue.object([("type", .string(type)), ("data", .string(address))]).encoded)
                    patch.bearerToken = token
                    let response = try context.http.send(patch)
                    return response.isSuccess
                        ? .good(address)
                        : .failed(
                            "failed",
                            "DigitalOcean refused the change: HTTP \(response.status) \(ProviderSupport.firstLine(response.text))"
                        )
                } catch {
                    return .failed(ProviderSupport.transportToken(error), "\(error)")
                }
            }
            return UpdateResult(
                host: target.name, ipv4: set(target.ipv4, type: "A"), ipv6: set(target.ipv6, type: "AAAA"))
        }
    }
}
