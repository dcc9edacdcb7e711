/// IONOS (`protocol=ionos`), the hosting DNS API: per host, the zone list and the zone's A/AAAA
/// records once; per family, PUT the record found by name, or POST a new one.
public struct IONOSProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "ionos"
    public let summary = "IONOS DNS records through the hosting API (X-API-Key prefix.secret)"
    public var example: String { "protocol=ionos, password=prefix.secret home.example.com" }
    static let defaultServer = "api.hosting.ionos.com"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("password", .password, required: true, help: "API key, prefix.secret"),
            OptionSpec("ttl", .number(minimum: 300), default: "300", help: "record TTL"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        RecordAPIDriver.update(self, targets, context: context)
    }
}

extension IONOSProtocol: RecordAPI {
    struct Session: Sendable {
        /// `…/dns/v1/zones/<zone id>`.
        var zoneURL: String
        /// Content-Type, accept, X-API-Key (a JSON body puts its own Content-Type in place).
        var headers: [HTTPHeader]
        var records: [JSONValue]
    }

    /// A JSON reply, or a failure with IONOS's status and words.
    private func call(_ request: HTTPRequest, what: String, context: UpdateContext) -> Result<
        JSONValue?, RecordAPIFailure
    > {
        RecordAPIDriver.send(request, context: context).flatMap { response in
            guard response.isSuccess else {
                let words = ProviderSupport.statusProblem(response) ?? "HTTP \(response.status)"
                return .failure(RecordAPIFailure(status: response.status, "IONOS (\(what)): \(words)"))
            }
            return .success(JSONValue.parse(response.text))
        }
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        let base = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/dns/v1/zones"
        let headers = [
            HTTPHeader("Content-Type", "application/json"), HTTPHeader("accept", "application/json"),
            HTTPHeader("X-API-Key", host.values["password"] ?? ""),
        ]
        let zones: [JSONValue]
        switch call(HTTPRequest(url: base, headers: headers), what: "zone list", context: context) {
        case .failure(let failure): return .failure(failure)
        case .success(let json):
            guard let list = json?.array else {
                return .failure(RecordAPIFailure("failed", "failed to parse IONOS zone list"))
            }
            zones = list
        }
        // The first zone (in the API's order) that the host is in.
        guard
            let zone = zones.first(where: { zone in
                guard let name = zone["name"]?.string?.lowercased() else { return false }
                return target.name == name || target.name.hasSuffix("." + name)
            }), let zoneID = zone["id"]?.string
        else {
            return .failure(RecordAPIFailure("nozone", "no IONOS zone found for \(target.name)", permanent: true))
        }
        let zoneURL = "\(base)/\(URLEncoding.encode(zoneID))"
        let query = "suffix=\(URLEncoding.encode(target.name))&recordType=A%2CAAAA"
        switch call(HTTPRequest(url: "\(zoneURL)?\(query)", headers: headers), what: "zone records", context: context) {
        case .failure(let failure): return .failure(failure)
        case .success(let json):
            guard let records = json?["records"]?.array else {
                return .failure(RecordAPIFailure("failed", "failed to parse IONOS zone records"))
            }
            return .success(Session(zoneURL: zoneURL, headers: headers, records: records))
        }
    }

    /// From the records read with the zone: by type and name (with or without the final dot).
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<String>, RecordAPIFailure
    > {
        let found = session.records.first { record in
            let name = record["name"]?.string?.lowercased()
            return record["type"]?.string == type.rawValue && (name == target.name || name == target.name + ".")
        }
        guard let id = found?["id"]?.string else { return .success(.missing) }
        return .success(.found(id))
    }

    // ddclient writes whatever the record holds; so does ddswift (the same requests);
    // isCurrent keeps the driver's default (never current).

    func write(
        _ address: String, type: RecordType, existing: String?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        let ttl = JSONValue.number(String(target.host.integer("ttl")))
        let fields: [(String, JSONValue)] = [
            ("content", .string(address)), ("ttl", ttl), ("prio", .number("0")), ("disabled", .bool(false)),
        ]
        let request: HTTPRequest
        if let existing {
            request = HTTPRequest(
                method: .put, url: "\(session.zoneURL)/records/\(URLEncoding.encode(existing))",
                json: JSONValue.object(fields).encoded, headers: session.headers)
        } else {
            let record = JSONValue.object([("name", .string(target.name)), ("type", .string(type.rawValue))] + fields)
            request = HTTPRequest(
                method: .post, url: "\(session.zoneURL)/records", json: JSONValue.array([record]).encoded,
                headers: session.headers)
        }
        return call(request, what: existing == nil ? "create record" : "update record", context: context).map { _ in ()
        }
    }
}
