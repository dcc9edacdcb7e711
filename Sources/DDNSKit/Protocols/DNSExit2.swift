/// DNSExit (`protocol=dnsexit2`), API v2: one JSON POST per zone with an `update` item per
/// host and family; the reply's `code` decides for all of them. A host without `zone` is its
/// own zone (as in ddclient).
public struct DNSExit2Protocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "dnsexit2"
    public let summary = "DNSExit API v2 (api.dnsexit.com/dns/), the API key; one JSON request per zone"
    public var example: String { "protocol=dnsexit2, zone=example.com, password=api-key home.example.com" }
    static let defaultServer = "api.dnsexit.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("path", .string, default: "/dns/", help: "API path"),
            OptionSpec("password", .password, required: true, help: "API key"),
            OptionSpec("zone", .fqdn, help: "the zone; default: the host itself"),
            OptionSpec("ttl", .number(minimum: 0), default: "5", help: "record TTL"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }
    public var groupBy: [String] { ["password", "path", "server", "ssl", "zone"] }
    public var maxHostsPerRequest: Int { 100 }

    /// The reply codes: meaning, and the failure kind (nil: success).
    static let codes: [Int: (String, ProviderFailure?)] = [
        0: ("Success! Actions got executed successfully.", nil),
        1: ("Some execution problems. May not indicate actions failures.", .serverError),
        2: ("API Key Authentication Error. The API Key is missing or wrong.", .refusedCredentials),
        3: ("Missing Required Definitions. Your JSON file may missing some required definitions.", .refused),
        4: ("JSON Data Syntax Error. Your JSON file has syntax error.", .refused),
        5: ("JSON Defined Record Type not Supported.", .refused),
        6: ("System Error. Our system problem. May not be your problem.", .serverError),
        7: ("Error getting post data. Our server has problem to receive your JSON posting.", .serverError),
    ]

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        // The engine grouped hosts with equal settings and zone; hosts without a zone are each
        // their own zone, so they are split here.
        var order: [String] = []
        var byZone: [String: [UpdateTarget]] = [:]
        var results: [UpdateResult] = []
        for target in targets {
            let zone = target.host.nonEmpty("zone") ?? target.name
            guard target.name == zone || target.name.hasSuffix("." + zone) else {
                results.append(
                    UpdateResult(target: target) { _ in
                        .failed(.unknownHost, token: "nozone", "hostname does not end with the zone: \(zone)")
                    })
                continue
            }
            if byZone[zone] == nil { order.append(zone) }
            byZone[zone, default: []].append(target)
        }
        for zone in order { results += send(byZone[zone]!, zone: zone, context: context) }
        return results
    }

    private func send(_ targets: [UpdateTarget], zone: String, context: UpdateContext) -> [UpdateResult] {
        let first = targets[0].host
        var items: [JSONValue] = []
        for target in targets {
            let name = target.name == zone ? "" : String(target.name.dropLast(zone.count + 1))
            for (type, address) in [("A", target.ipv4), ("AAAA", target.ipv6)] {
                guard let address else { continue }
                items.append(
                    .object([
                        ("name", .string(name)), ("type", .string(type)), ("content", .string(address)),
                        ("ttl", .number(String(target.host.integer("ttl")))),
                    ]))
            }
        }
        let body = JSONValue.object([
            ("apikey", .string(first.values["password"] ?? "")), ("domain", .string(zone)), ("update", .array(items)),
        ])
        let url =
            ProviderSupport.baseURL(first, defaultServer: Self.defaultServer) + (first.nonEmpty("path") ?? "/dns/")
        let server = ProviderSupport.serverName(first, defaultServer: Self.defaultServer)
        let request = HTTPRequest(
            method: .post, url: url, json: body.encoded, headers: [HTTPHeader("Accept", "application/json")])
        switch ProviderSupport.fetch(request, for: targets, server: server, context: context) {
        case .failure(let failed): return failed.results
        case .success(let response):
            guard let json = JSONValue.parse(response.text), json["code"] != nil || json["message"] != nil else {
                return targets.map { target in
                    UpdateResult(target: target) { _ in
                        .failed(
                            .malformedReply, token: "failed",
                            "\(server): response is not a JSON object with code and message: \(ProviderSupport.firstLine(response.text).excerpt(120))"
                        )
                    }
                }
            }
            let code = json["code"]?.int ?? -1
            let words = json["message"]?.string ?? ""
            guard let (meaning, failure) = Self.codes[code] else {
                return targets.map { target in
                    UpdateResult(target: target) { _ in
                        .failed(.malformedReply, token: "failed", "\(server): unknown status code: \(code)")
                    }
                }
            }
            return targets.map { target in
                UpdateResult(target: target) { address in
                    guard let failure else { return .good(address) }
                    return .failed(
                        failure, token: failure == .refusedCredentials ? "badauth" : "failed",
                        "\(server): \(meaning) (server response: \(words))")
                }
            }
        }
    }
}
