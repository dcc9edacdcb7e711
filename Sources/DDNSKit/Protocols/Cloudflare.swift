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

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        RecordAPIDriver.update(self, targets, context: context)
    }
}

extension CloudflareProtocol: RecordAPI {
    struct Session: Sendable {
        var base: String
        var auth: [HTTPHeader]
        var zoneID: String
    }

    /// Sends a request and returns the JSON reply, or a failure in Cloudflare's words.
    private func call(_ request: HTTPRequest, context: UpdateContext) -> Result<JSONValue, RecordAPIFailure> {
        RecordAPIDriver.send(request, context: context).flatMap { response in
            guard let json = JSONValue.parse(response.text) else {
                if let problem = ProviderSupport.statusProblem(response) {
                    return .failure(RecordAPIFailure(status: response.status, "Cloudflare: \(problem)"))
                }
                return .failure(
                    RecordAPIFailure(
                        "failed",
                        "Cloudflare sent a reply that is not JSON: \(ProviderSupport.firstLine(response.text))"))
            }
            if json["success"]?.bool != true || !response.isSuccess {
                let errors = json["errors"]?.array?.compactMap { $0["message"]?.string }.joined(separator: "; ") ?? ""
                let words =
                    errors.isEmpty
                    ? "request failed (HTTP \(response.status))"
                    : response.isSuccess ? errors : "\(errors) (HTTP \(response.status))"
                let failure = RecordAPIFailure(status: response.status, "Cloudflare: \(words)")
                return .failure(
                    failure.permanent
                        ? RecordAPIFailure(
                            failure.token, failure.message + " (check the API token and its permissions)",
                            permanent: true)
                        : failure)
            }
            return .success(json)
        }
    }

    /// The zone's id, found by name.
    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        let base = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer)
        let zone = host.values["zone"] ?? ""
        let auth = headers(host)
        // ddclient main asks `/zones/?name=`; Cloudflare answers Unicode zone names, so an
        // `xn--` zone is compared in its Unicode form.
        let request = HTTPRequest(
            url: "\(base)/zones/?name=\(URLEncoding.encode(zone))",
            headers: auth + [HTTPHeader("Content-Type", "application/json")])
        return call(request, context: context).flatMap { json in
            guard
                let id = json["result"]?.array?.first(where: {
                    $0["name"]?.string.map { Punycode.toUnicode($0.lowercased()) } == Punycode.toUnicode(zone)
                })?["id"]?.string
            else {
                return .failure(
                    RecordAPIFailure(
                        "nozone", "zone \(zone) not found at Cloudflare for these credentials", permanent: true))
            }
            return .success(Session(base: base, auth: auth, zoneID: id))
        }
    }

    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<String>, RecordAPIFailure
    > {
        let request = HTTPRequest(
            url:
                "\(session.base)/zones/\(session.zoneID)/dns_records?type=\(type.rawValue)&name=\(URLEncoding.encode(target.name))",
            headers: session.auth + [HTTPHeader("Content-Type", "application/json")])
        return call(request, context: context).flatMap { json in
            guard let record = json["result"]?.array?.first(where: { $0["name"]?.string?.lowercased() == target.name })
            else { return .success(.missing) }
            guard let id = record["id"]?.string else {
                return .failure(RecordAPIFailure("failed", "Cloudflare's record has no id"))
            }
            return .success(.found(id))
        }
    }

    // ddclient PATCHes whatever the record holds; so does ddswift (the request is the same;
    // isCurrent keeps the driver's default: never current).

    func missing(_ type: RecordType, target: UpdateTarget) -> RecordAPIFailure? {
        RecordAPIFailure(
            "norecord",
            "no '\(type.rawValue)' record for \(target.name) at Cloudflare; create it first (ddswift never creates records)",
            permanent: true)
    }

    func write(
        _ address: String, type: RecordType, existing: String?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        let body = JSONValue.object([("content", .string(address))]).encoded
        let request = HTTPRequest(
            method: .patch, url: "\(session.base)/zones/\(session.zoneID)/dns_records/\(existing ?? "")", json: body,
            headers: session.auth)
        return call(request, context: context).map { _ in () }
    }
}
