/// Cloudflare (`protocol=cloudflare`), API v4: find the zone, find the host's A/AAAA record,
/// set its content. Never creates or deletes records. `login=token` (the default) sends the
/// password as an API token; any other login is the account e-mail with a global API key.
public struct CloudflareProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "cloudflare"
    public let summary = "Cloudflare DNS records through the v4 API (token or global key), both families"
    static let defaultServer = "api.cloudflare.com/client/v4"

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API base"),
            OptionSpec("login", .login, default: "token", help: "'token' for an API token, else the account e-mail"),
            OptionSpec("password", .password, required: true, help: "API token (or global API key)"),
            OptionSpec("zone", .fqdn, required: true, help: "the zone (example.com)"),
            OptionSpec("min-interval", .delay(minimum: 0), default: "300", help: "least time between updates"),
            OptionSpec("ttl", .number(minimum: 1), help: "accepted for ddclient 3.x configs (not sent)"),
        ]
    }
    public var example: String { "protocol=cloudflare, zone=example.com, password=your-api-token home.example.com" }

    func headers(_ host: HostConfig) -> [HTTPHeader] {
        let login = host.values["login"] ?? "token"
        let secret = host.values["password"] ?? ""
        if login == "token" { return [HTTPHeader("Authorization", "Bearer \(secret)")] }
        return [HTTPHeader("X-Auth-Email", login), HTTPHeader("X-Auth-Key", secret)]
    }

    /// Sends a request and returns the JSON reply, or a message in Cloudflare's words.
    func call(_ request: HTTPRequest, context: UpdateContext) -> Result<JSONValue, CloudflareFailure> {
        let response: HTTPResponse
        do { response = try context.http.send(request) } catch {
            return .failure(
                CloudflareFailure(message: "\(error)", permanent: false, token: ProviderSupport.transportToken(error)))
        }
        guard let json = JSONValue.parse(response.text) else {
            if let problem = ProviderSupport.statusProblem(response) {
                return .failure(
                    CloudflareFailure(
                        message: "Cloudflare: \(problem)", permanent: response.status == 401 || response.status == 403))
            }
            return .failure(
                CloudflareFailure(
                    message: "Cloudflare sent a reply that is not JSON: \(ProviderSupport.firstLine(response.text))",
                    permanent: false))
        }
        if json["success"]?.bool != true || !response.isSuccess {
            let errors = json["errors"]?.array?.compactMap { $0["message"]?.string }.joined(separator: "; ") ?? ""
            let permanent = response.status == 401 || response.status == 403
            let words = errors.isEmpty ? "request failed (HTTP \(response.status))" : errors
            return .failure(
                CloudflareFailure(
                    message: "Cloudflare: \(words)\(permanent ? " (check the API token and its permissions)" : "")",
                    permanent: permanent))
        }
        return .success(json)
    }

    struct CloudflareFailure: Error {
        var message: String
        var permanent: Bool
        /// The cache token when not a refusal (`interrupted` after a stop signal).
        var token = "failed"
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let base = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer)
            let zone = host.values["zone"] ?? ""
            let auth = headers(host)
            let zoneReply = call(
                HTTPRequest(
                    url: "\(base)/zones?name=\(URLEncoding.encode(zone))",
                    headers: auth + [HTTPHeader("Content-Type", "application/json")]), context: context)
            let zoneID: String
            switch zoneReply {
            case .failure(let failure):
                return UpdateResult(target: target) { _ in
                    .failed(
                        failure.permanent ? "badauth" : failure.token, failure.message, permanent: failure.permanent)
                }
            case .success(let json):
                guard
                    let id = json["result"]?.array?.first(where: { $0["name"]?.string?.lowercased() == zone })?["id"]?
                        .string
                else {
                    return UpdateResult(target: target) { _ in
                        .failed("nozone", "zone \(zone) not found at Cloudflare for these credentials", permanent: true)
                    }
                }
                zoneID = id
            }
            func set(_ wanted: String?, type: String) -> FamilyOutcome? {
                guard let wanted else { return nil }
                let lookup = call(
                    HTTPRequest(
                        url: "\(base)/zones/\(zoneID)/dns_records?type=\(type)&name=\(URLEncoding.encode(target.name))",
                        headers: auth + [HTTPHeader("Content-Type", "application/json")]), context: context)
                let record: JSONValue
                switch lookup {
                case .failure(let failure): return .failed(failure.token, failure.message, permanent: failure.permanent)
                case .success(let json):
                    guard
                        let found = json["result"]?.array?.first(where: {
                            $0["name"]?.string?.lowercased() == target.name
                        })
                    else {
                        return .failed(
                            "norecord",
                            "no '\(type)' record for \(target.name) at Cloudflare; create it first (ddswift never creates records)",
                            permanent: true)
                    }
                    record = found
                }
                guard let recordID = record["id"]?.string else {
                    return .failed("failed", "Cloudflare's record has no id")
                }
                let body = JSONValue.object([("content", .string(wanted))]).encoded
                switch call(
                    HTTPRequest(
                        method: .patch, url: "\(base)/zones/\(zoneID)/dns_records/\(recordID)", json: body,
                        headers: auth), context: context)
                {
                case .failure(let failure): return .failed(failure.token, failure.message, permanent: failure.permanent)
                case .success: return .good(wanted)
                }
            }
            return UpdateResult(
                host: target.name, ipv4: set(target.ipv4, type: "A"), ipv6: set(target.ipv6, type: "AAAA"))
        }
    }
}
