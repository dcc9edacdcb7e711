import Synchronization

/// GoDaddy (`protocol=godaddy`): `PUT …/<zone>/records/<type>/<name>` per family, with
/// `Authorization: sso-key login:password`.
public struct GoDaddyProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "godaddy"
    public let summary = "GoDaddy DNS records through the v1 API (sso-key login:secret)"
    public var example: String {
        "protocol=godaddy, zone=example.com, login=api-key, password=api-secret home.example.com"
    }
    static let defaultServer = "api.godaddy.com/v1/domains"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API base"),
            OptionSpec("login", .login, required: true, help: "API key"),
            OptionSpec("password", .password, required: true, help: "API secret"),
            OptionSpec("zone", .fqdn, required: true, help: "the domain"),
            OptionSpec(
                "ttl", .number(minimum: 0), default: "600",
                help: "record TTL (GoDaddy's minimum, 600, is sent for less)"),
            OptionSpec("min-interval", .delay(minimum: 0), default: "300", help: "least time between updates"),
        ]
    }

    /// GoDaddy refuses a TTL under 600; front-ends (OPNsense) write ttl=300, which ddclient
    /// sends and GoDaddy refuses. 600 is sent instead, with a warning once per process.
    static let minimumTTL = 600
    private static let warnedAboutTTL = Mutex(false)

    static func ttl(_ host: HostConfig, context: UpdateContext) -> Int {
        let configured = host.integer("ttl")
        guard configured < minimumTTL else { return configured }
        let first = warnedAboutTTL.withLock { warned in
            defer { warned = true }
            return !warned
        }
        if first {
            context.log.warning(
                "ttl=\(configured) is below GoDaddy's minimum; \(minimumTTL) is sent", ["godaddy", host.name])
        }
        return minimumTTL
    }

    static func explain(_ status: Int) -> String {
        switch status {
        case 400: "GoDaddy refused the request as malformed"
        case 401: "GoDaddy refused the API key or secret"
        case 403: "the API key may not change this domain"
        case 404: "the domain or record was not found at GoDaddy"
        case 422: "GoDaddy refused the record's value"
        case 429: "too many requests to GoDaddy; will retry"
        case 503: "GoDaddy is unavailable; will retry"
        default: "GoDaddy answered HTTP \(status)"
        }
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        RecordAPIDriver.update(self, targets, context: context)
    }
}

extension GoDaddyProtocol: RecordAPI {
    struct Session: Sendable {
        var zone: String
        var sub: String
        var auth: HTTPHeader
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        let zone = host.values["zone"] ?? ""
        let auth = HTTPHeader("Authorization", "sso-key \(host.values["login"] ?? ""):\(host.values["password"] ?? "")")
        return .success(Session(zone: zone, sub: RecordName.relative(target.name, zone: zone), auth: auth))
    }

    /// GoDaddy's PUT replaces the record set whatever it held: nothing is read.
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<Never>, RecordAPIFailure
    > { .success(.notRead) }

    func write(
        _ address: String, type: RecordType, existing: Never?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        let host = target.host
        let url =
            ProviderSupport.baseURL(host, defaultServer: Self.defaultServer)
            + "/\(session.zone)/records/\(type.rawValue)/\(URLEncoding.encode(session.sub))"
        let body = JSONValue.array([
            .object([
                ("data", .string(address)), ("ttl", .number(String(Self.ttl(host, context: context)))),
                ("name", .string(session.sub)), ("type", .string(type.rawValue)),
            ])
        ])
        let request = HTTPRequest(
            method: .put, url: url, json: body.encoded,
            headers: [HTTPHeader("Accept", "application/json"), session.auth])
        return RecordAPIDriver.send(request, context: context).flatMap { response in
            // 2xx with an empty or JSON body; an HTML page behind a 200 is not GoDaddy's answer.
            if response.isSuccess {
                let text = response.text.trimmingSuffix(while: \.isWhitespace)
                if text.isEmpty || JSONValue.parse(String(text)) != nil { return .success(()) }
                return .failure(
                    RecordAPIFailure(
                        "failed",
                        "unexpected reply from GoDaddy: \(ProviderSupport.firstLine(response.text).excerpt(120))"))
            }
            let words = JSONValue.parse(response.text)?["message"]?.string.map { ": \($0)" } ?? ""
            // The shared status rule, plus GoDaddy's 404: the domain is not in this account.
            if response.status == 404 {
                return .failure(RecordAPIFailure("nozone", Self.explain(404) + words, permanent: true))
            }
            return .failure(RecordAPIFailure(status: response.status, Self.explain(response.status) + words))
        }
    }
}
