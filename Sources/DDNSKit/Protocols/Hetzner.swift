#if canImport(Glibc)
    import Glibc
#endif

/// Hetzner (`protocol=hetzner`), the Cloud API's DNS: read the rrset, set its records (or
/// create it), then follow the returned action until it succeeds, as ddclient main does.
public struct HetznerProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "hetzner"
    public let summary = "Hetzner DNS through the Cloud API (api.hetzner.cloud/v1, bearer token), both families"
    public var example: String { "protocol=hetzner, zone=example.com, password=cloud-api-token home.example.com" }
    static let defaultServer = "api.hetzner.cloud/v1"
    /// ddclient asks about an action up to 5 times, 10 seconds apart.
    static let actionTries = 5
    static let actionPause = 10.0

    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API base"),
            OptionSpec("password", .password, required: true, help: "Cloud API token"),
            OptionSpec("zone", .fqdn, required: true, help: "the zone (example.com)"),
            OptionSpec("ttl", .number(minimum: 60), default: "60", help: "TTL of a created record"),
            OptionSpec("min-interval", .delay(minimum: 0), default: "60", help: "least time between updates"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        RecordAPIDriver.update(self, targets, context: context)
    }
}

extension HetznerProtocol: RecordAPI {
    struct Session: Sendable {
        /// `…/zones/<zone>`.
        var zoneURL: String
        var base: String
        /// The record's name in the zone (`@` for the apex).
        var name: String
        var auth: HTTPHeader
    }

    func session(for target: UpdateTarget, context: UpdateContext) -> Result<Session, RecordAPIFailure> {
        let host = target.host
        let zone = host.values["zone"] ?? ""
        let base = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer)
        let name = target.name.hasSuffix("." + zone) ? String(target.name.dropLast(zone.count + 1)) : "@"
        return .success(
            Session(
                zoneURL: "\(base)/zones/\(zone)", base: base, name: name,
                auth: HTTPHeader("Authorization", "Bearer \(host.values["password"] ?? "")")))
    }

    private func refusal(_ response: HTTPResponse, _ what: String) -> RecordAPIFailure {
        let words =
            JSONValue.parse(response.text)?["error"]?["message"]?.string ?? ProviderSupport.firstLine(response.text)
        return RecordAPIFailure(status: response.status, "Hetzner (\(what)): HTTP \(response.status) \(words)")
    }

    /// 404: no rrset (it will be created); a reply without `rrset`: the same.
    func read(_ type: RecordType, session: Session, target: UpdateTarget, context: UpdateContext) -> Result<
        RecordRead<Void>, RecordAPIFailure
    > {
        let request = HTTPRequest(
            url: "\(session.zoneURL)/rrsets/\(session.name)/\(type.rawValue)",
            headers: [session.auth, HTTPHeader("Content-Type", "application/json")])
        return RecordAPIDriver.send(request, context: context).flatMap { response in
            if response.status == 404 { return .success(.missing) }
            guard response.isSuccess else { return .failure(refusal(response, "read \(type.rawValue)")) }
            return .success(JSONValue.parse(response.text)?["rrset"] == nil ? .missing : .found(()))
        }
    }

    // ddclient sets the records whatever they hold; so does ddswift (the same requests);
    // isCurrent keeps the driver's default (never current).

    func write(
        _ address: String, type: RecordType, existing: Void?, session: Session, target: UpdateTarget,
        context: UpdateContext
    ) -> Result<Void, RecordAPIFailure> {
        // ddclient's bodies, byte for byte.
        let value = JSONValue.quote(address)
        let request: HTTPRequest
        if existing != nil {
            request = HTTPRequest(
                method: .post, url: "\(session.zoneURL)/rrsets/\(session.name)/\(type.rawValue)/actions/set_records",
                json: "{\"records\": [{\"value\": \(value)}]}", headers: [session.auth])
        } else {
            request = HTTPRequest(
                method: .post, url: "\(session.zoneURL)/rrsets",
                json:
                    "{\"name\":\(JSONValue.quote(session.name)),\"type\":\"\(type.rawValue)\",\"ttl\":\(target.host.integer("ttl")),\"records\":[{\"value\":\(value)}]}",
                headers: [session.auth])
        }
        return RecordAPIDriver.send(request, context: context).flatMap { response in
            guard response.isSuccess else { return .failure(refusal(response, "set \(type.rawValue)")) }
            guard let action = JSONValue.parse(response.text)?["action"], let id = action["id"]?.string else {
                return .failure(RecordAPIFailure("failed", "Hetzner sent an invalid reply (no action)"))
            }
            return follow(action: id, session: session, context: context)
        }
    }

    /// Asks about the action until it succeeds or fails, at most `actionTries` times.
    private func follow(action id: String, session: Session, context: UpdateContext) -> Result<Void, RecordAPIFailure> {
        let request = HTTPRequest(
            url: "\(session.base)/actions/\(id)",
            headers: [session.auth, HTTPHeader("Content-Type", "application/json")])
        for attempt in 1...Self.actionTries {
            switch RecordAPIDriver.send(request, context: context) {
            case .failure(let failure): return .failure(failure)
            case .success(let response):
                let json = JSONValue.parse(response.text)
                if response.isSuccess, let action = json?["action"] {
                    switch action["status"]?.string {
                    case "success": return .success(())
                    case "error":
                        let words =
                            action["message"]?.string ?? action["error"]?["message"]?.string
                            ?? json?["error"]?["message"]?.string ?? "unknown error"
                        return .failure(
                            RecordAPIFailure("failed", "Hetzner: action \(id) has status 'error': \(words)"))
                    default: break
                    }
                } else {
                    context.log.warning("Hetzner: no action status on try \(attempt) (HTTP \(response.status))", [name])
                }
            }
            if attempt < Self.actionTries, !ProcessControl.pauseUnlessStopped(seconds: Self.actionPause) {
                return .failure(
                    RecordAPIFailure(
                        FamilyOutcome.interrupted, "Hetzner: a stop signal came while action \(id) was pending",
                        kind: .interrupted))
            }
        }
        return .failure(
            RecordAPIFailure("failed", "Hetzner: action \(id) did not finish after \(Self.actionTries) tries"))
    }
}
