/// Spaceship (`protocol=spaceship`): per family, list the domain's records, delete the host's
/// records of that type, then PUT the new one; `login` is the API key and `password` the API
/// secret (as in ddclient).
public struct SpaceshipProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "spaceship"
    public let summary = "Spaceship DNS records through its v1 API (API key and secret)"
    public var example: String {
        "protocol=spaceship, login=api-key, password=api-secret, zone=example.com home.example.com"
    }
    static let defaultServer = "spaceship.dev"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("login", .password, required: true, help: "API key (X-Api-Key)"),
            OptionSpec("password", .password, required: true, help: "API secret (X-Api-Secret)"),
            OptionSpec("zone", .fqdn, help: "the domain; default: the host without its first label"),
            OptionSpec("ttl", .number(minimum: 0), default: "300", help: "record TTL"),
        ]
    }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        RecordAPIDriver.update(self, targets, context: context)
    }

    /// (record name, domain) as ddclient computes them.
    static func names(for host: String, zone: String?) -> Result<(String, String), RecordAPIFailure> {
        if let zone, !zone.isEmpty {
            if host == zone { return .success(("@", zone)) }
            guard host.hasSuffix("." + zone) else {
                return .failure(
                    RecordAPIFailure("nozone", "hostname '\(host)' does not end with zone '\(zone)'", permanent: true))
            }
            return .success((String(host.dropLast(zone.count + 1)), zone))
        }
        guard let dot = host.firstIndex(of: ".") else {
            return .failure(
                RecordAPIFailure(
                    "nozone", "cannot infer zone from '\(host)': no dot in hostname; use zone=", permanent: true))
        }
        return .success((String(host[..<dot]), String(host[host.index(after: dot)...])))
    }
}

extension SpaceshipProtocol: RecordAPI {
    struct Session: Sendable {
        /// `…/api/v1/dns/records/<domain>`.
        var recordsURL: String
        var name: String
        var headers: [HTTPHeader]
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        return Self.names(for: target.name, zone: host.values["zone"]).map { name, domain in
            Session(
                recordsURL: ProviderSupport.baseURL(host, defaultServer: Self.defaultServer)
                    + "/api/v1/dns/records/\(domain)",
                name: name,
                headers: [
                    HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json"),
                    HTTPHeader("X-Api-Key", host.values["login"] ?? ""),
                    HTTPHeader("X-Api-Secret", host.values["password"] ?? ""),
                ])
        }
    }

    /// Spaceship's JSON (an empty 2xx body is `{}`), or "API error <code>: <detail>".
    private func call(_ request: HTTPRequest, context: UpdateContext) -> Result<JSONValue, RecordAPIFailure> {
        RecordAPIDriver.send(request, context: context).flatMap { response in
            let json = response.text.allSatisfy(\.isWhitespace) ? JSONValue.object([]) : JSONValue.parse(response.text)
            guard response.isSuccess else {
                let words = json?["detail"]?.string.map { ": \($0)" } ?? ""
                return .failure(
                    RecordAPIFailure(status: response.status, "Spaceship: API error \(response.status)\(words)"))
            }
            guard let json else {
                return .failure(
                    RecordAPIFailure(
                        "failed",
                        "Spaceship: unexpected API response: \(ProviderSupport.firstLine(response.text).excerpt(160))"))
            }
            return .success(json)
        }
    }

    /// The host's records of `type` among the domain's first 500 (as ddclient reads them).
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<[String]>, RecordAPIFailure
    > {
        call(HTTPRequest(url: "\(session.recordsURL)?take=500&skip=0", headers: session.headers), context: context).map
        { json in
            let addresses = (json["items"]?.array ?? []).filter {
                $0["type"]?.string == type.rawValue && $0["name"]?.string == session.name
            }.map { $0["address"]?.string ?? "" }
            return addresses.isEmpty ? .missing : .found(addresses)
        }
    }

    // ddclient replaces the records whatever they hold; so does ddswift (the same requests);
    // isCurrent keeps the driver's default (never current).

    /// Deletes the old records (a failed delete stops here), then PUTs the new one.
    func write(
        _ address: String, type: RecordType, existing: [String]?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        let headers = session.headers
        for old in existing ?? [] {
            let body = JSONValue.array([
                .object([("type", .string(type.rawValue)), ("name", .string(session.name)), ("address", .string(old))])
            ])
            if case .failure(let failure) = call(
                HTTPRequest(method: .delete, url: session.recordsURL, json: body.encoded, headers: headers),
                context: context)
            {
                return .failure(failure)
            }
        }
        let item = JSONValue.object([
            ("type", .string(type.rawValue)), ("name", .string(session.name)), ("address", .string(address)),
            ("ttl", .number(String(target.host.integer("ttl")))),
        ])
        let body = JSONValue.object([("force", .bool(true)), ("items", .array([item]))])
        return call(
            HTTPRequest(method: .put, url: session.recordsURL, json: body.encoded, headers: headers), context: context
        )
        .map { _ in () }
    }
}
