/// NS1 (`protocol=ns1`): per family, read the record, then PUT a new one or POST the change;
/// `login` is the API key (as in ddclient), `zone` is inferred from the host when not given.
public struct NS1Protocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "ns1"
    public let summary = "NS1 (IBM NS1 Connect) records through the v1 API; login is the API key"
    public var example: String { "protocol=ns1, login=api-key, zone=example.com home.example.com" }
    static let defaultServer = "api.nsone.net/v1"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API base"),
            OptionSpec("login", .password, required: true, help: "API key (X-NSONE-Key)"),
            OptionSpec("zone", .fqdn, help: "the zone; default: the host without its first label"),
            OptionSpec("ttl", .number(minimum: 0), default: "300", help: "record TTL"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["password"] }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        RecordAPIDriver.update(self, targets, context: context)
    }

    /// The zone: as configured (the host must be in it), or inferred as ddclient does.
    static func zone(for host: String, configured: String?) -> Result<String, RecordAPIFailure> {
        if let zone = configured, !zone.isEmpty {
            guard host == zone || host.hasSuffix("." + zone) else {
                return .failure(
                    RecordAPIFailure("nozone", "hostname '\(host)' does not end with zone '\(zone)'", permanent: true))
            }
            return .success(zone)
        }
        let labels = host.split(separator: ".")
        guard labels.count >= 2 else {
            return .failure(
                RecordAPIFailure(
                    "nozone", "cannot infer zone from '\(host)': no dot in hostname; use zone=", permanent: true))
        }
        return .success(labels.count == 2 ? host : labels.dropFirst().joined(separator: "."))
    }
}

extension NS1Protocol: RecordAPI {
    struct Session: Sendable {
        /// `…/zones/<zone>/<host>`.
        var recordURL: String
        var headers: [HTTPHeader]
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        return Self.zone(for: target.name, configured: host.values["zone"]).map { zone in
            Session(
                recordURL: ProviderSupport.baseURL(host, defaultServer: Self.defaultServer)
                    + "/zones/\(zone)/\(target.name)",
                headers: [
                    HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json"),
                    HTTPHeader("X-NSONE-Key", host.values["login"] ?? ""),
                ])
        }
    }

    /// NS1's JSON, or "API error <code>: <message>"; an empty 2xx body is `{}`.
    private func check(_ response: HTTPResponse) -> Result<JSONValue, RecordAPIFailure> {
        let json = response.text.allSatisfy(\.isWhitespace) ? JSONValue.object([]) : JSONValue.parse(response.text)
        guard response.isSuccess else {
            let words = json?["message"]?.string.map { ": \($0)" } ?? ""
            return .failure(RecordAPIFailure(status: response.status, "NS1: API error \(response.status)\(words)"))
        }
        guard let json else {
            return .failure(
                RecordAPIFailure(
                    "failed", "NS1: unexpected API response: \(ProviderSupport.firstLine(response.text).excerpt(160))"))
        }
        return .success(json)
    }

    /// A 404 is "no record".
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<Void>, RecordAPIFailure
    > {
        RecordAPIDriver.send(
            HTTPRequest(url: "\(session.recordURL)/\(type.rawValue)", headers: session.headers), context: context
        )
        .flatMap { response in
            if response.status == 404 { return .success(.missing) }
            return check(response).map { $0["type"] == nil ? .missing : .found(()) }
        }
    }

    // ddclient writes whatever the record holds; so does ddswift (the same requests);
    // isCurrent keeps the driver's default (never current).

    /// PUT creates, POST changes; the same body.
    func write(
        _ address: String, type: RecordType, existing: Void?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        let body = JSONValue.object([
            ("answers", .array([.object([("answer", .array([.string(address)]))])])),
            ("ttl", .number(String(target.host.integer("ttl")))),
        ])
        let request = HTTPRequest(
            method: existing == nil ? .put : .post, url: "\(session.recordURL)/\(type.rawValue)", json: body.encoded,
            headers: session.headers)
        return RecordAPIDriver.send(request, context: context).flatMap { check($0).map { _ in () } }
    }
}
