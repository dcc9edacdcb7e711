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
        RecordAPIDriver.update(self, targets, context: context)
    }
}

extension GandiProtocol: RecordAPI {
    struct Session: Sendable {
        /// `…/livedns/domains/<zone>/records/<name>`.
        var base: String
        var auth: HTTPHeader
        var ttl: Int?
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        let zone = host.values["zone"] ?? ""
        let sub = RecordName.relative(target.name, zone: zone)
        let secret = host.values["password"] ?? ""
        let auth = HTTPHeader(
            "Authorization", host.bool("use-personal-access-token") ? "Bearer \(secret)" : "Apikey \(secret)")
        let base =
            ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + (host.nonEmpty("script") ?? "/v5")
            + "/livedns/domains/\(zone)/records/\(URLEncoding.encode(sub))"
        return .success(Session(base: base, auth: auth, ttl: host.int("ttl")))
    }

    /// The rrset as JSON; anything but a refusal that is not one (404, an error page) means
    /// the PUT below creates it.
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<JSONValue>, RecordAPIFailure
    > {
        RecordAPIDriver.send(
            HTTPRequest(url: "\(session.base)/\(type.rawValue)", headers: [session.auth]), context: context
        )
        .flatMap { current in
            if current.status == 401 || current.status == 403 {
                return .failure(
                    RecordAPIFailure("badauth", "Gandi refused the API key (HTTP \(current.status))", permanent: true))
            }
            guard current.isSuccess, let json = JSONValue.parse(current.text) else { return .success(.missing) }
            return .success(.found(json))
        }
    }

    func isCurrent(_ record: JSONValue, address: String, session: Session) -> Bool {
        record["rrset_values"]?[0]?.string == address && (session.ttl == nil || record["rrset_ttl"]?.int == session.ttl)
    }

    func write(
        _ address: String, type: RecordType, existing: JSONValue?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        var body: [(String, JSONValue)] = []
        if let ttl = session.ttl { body.append(("rrset_ttl", .number(String(ttl)))) }
        body.append(("rrset_values", .array([.string(address)])))
        let request = HTTPRequest(
            method: .put, url: "\(session.base)/\(type.rawValue)", json: JSONValue.object(body).encoded,
            headers: [session.auth])
        return RecordAPIDriver.send(request, context: context).flatMap { response in
            if response.isSuccess, JSONValue.parse(response.text) != nil { return .success(()) }
            let words = JSONValue.parse(response.text)?["message"]?.string ?? ProviderSupport.firstLine(response.text)
            return .failure(
                RecordAPIFailure(status: response.status, "Gandi refused the change: HTTP \(response.status) \(words)"))
        }
    }
}
