/// REST providers that address a record by zone and name: GoDaddy, DigitalOcean, Gandi.
enum RecordName {
    /// The record name inside `zone`: `@` for the apex.
    static func relative(_ host: String, zone: String) -> String {
        if host == zone { return "@" }
        if host.hasSuffix("." + zone) { return String(host.dropLast(zone.count + 1)) }
        return host
    }
}

/// GoDaddy (`protocol=godaddy`): `PUT …/<zone>/records/<type>/<name>` per family, with
/// `Authorization: sso-key login:password`.
public struct GoDaddyProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "godaddy"
    static let defaultServer = "api.godaddy.com/v1/domains"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API base"),
            OptionSpec("login", .login, required: true, help: "API key"),
            OptionSpec("password", .password, required: true, help: "API secret"),
            OptionSpec("zone", .fqdn, required: true, help: "the domain"),
            OptionSpec("ttl", .number(minimum: 600), default: "600", help: "record TTL"),
            OptionSpec("min-interval", .delay(minimum: 0), default: "300", help: "least time between updates"),
        ]
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
        targets.map { target in
            let host = target.host
            let zone = host.values["zone"] ?? ""
            let sub = RecordName.relative(target.name, zone: zone)
            let auth = HTTPHeader("Authorization", "sso-key \(host.values["login"] ?? ""):\(host.values["password"] ?? "")")
            func set(_ address: String?, type: String) -> FamilyOutcome? {
                guard let address else { return nil }
                let url = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + "/\(zone)/records/\(type)/\(URLEncoding.encode(sub))"
                let body = JSONValue.array([.object([("data", .string(address)), ("ttl", .number(String(host.int("ttl") ?? 600))), ("name", .string(sub)), ("type", .string(type))])])
                do {
                    let response = try context.http.send(HTTPRequest(method: .put, url: url, json: body.encoded, headers: [HTTPHeader("Accept", "application/json"), auth]))
                    // 2xx with an empty or JSON body; an HTML page behind a 200 is not GoDaddy's answer.
                    if response.isSuccess {
                        let body = response.text.trimmingSuffix(while: \.isWhitespace)
                        if body.isEmpty || JSONValue.parse(String(body)) != nil { return .good(address) }
                        return .failed("failed", "unexpected reply from GoDaddy: \(ProviderSupport.firstLine(response.text).prefix(120))")
                    }
                    let words = JSONValue.parse(response.text)?["message"]?.string.map { ": \($0)" } ?? ""
                    return .failed("failed", Self.explain(response.status) + words, permanent: [401, 403, 404].contains(response.status))
                } catch {
                    return .failed("failed", "\(error)")
                }
            }
            return UpdateResult(host: target.name, ipv4: set(target.ipv4, type: "A"), ipv6: set(target.ipv6, type: "AAAA"))
        }
    }
}

/// DigitalOcean (`protocol=digitalocean`): find the one A/AAAA record of the name, PATCH its
/// data when it differs.
public struct DigitalOceanProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "digitalocean"
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
                    var lookup = HTTPRequest(url: "\(base)?" + URLEncoding.query([("name", target.name), ("type", type)]))
                    lookup.bearerToken = token
                    let listing = try context.http.send(lookup)
                    guard listing.isSuccess, let json = JSONValue.parse(listing.text) else {
                        let words = JSONValue.parse(listing.text)?["message"]?.string ?? ProviderSupport.firstLine(listing.text)
                        return .failed("failed", "DigitalOcean answered HTTP \(listing.status): \(words)", permanent: listing.status == 401 || listing.status == 403)
                    }
                    let records = json["domain_records"]?.array ?? []
                    guard records.count == 1, let record = records.first, let id = record["id"]?.string else {
                        return .failed("norecord", "DigitalOcean has \(records.count) '\(type)' records for \(target.name); exactly one is needed", permanent: true)
                    }
                    if record["data"]?.string == address { return .good(address, message: "address was already \(address)") }
                    var patch = HTTPRequest(method: .patch, url: "\(base)/\(id)", json: JSONValue.object([("type", .string(type)), ("data", .string(address))]).encoded)
                    patch.bearerToken = token
                    let response = try context.http.send(patch)
                    return response.isSuccess ? .good(address) : .failed("failed", "DigitalOcean refused the change: HTTP \(response.status) \(ProviderSupport.firstLine(response.text))")
                } catch {
                    return .failed("failed", "\(error)")
                }
            }
            return UpdateResult(host: target.name, ipv4: set(target.ipv4, type: "A"), ipv6: set(target.ipv6, type: "AAAA"))
        }
    }
}

/// Gandi LiveDNS (`protocol=gandi`): read the rrset, PUT it when the address differs.
public struct GandiProtocol: DDNSProtocol {
    public var acceptsWildcardName: Bool { true }
    public init() {}
    public let name = "gandi"
    static let defaultServer = "api.gandi.net"
    public var options: [OptionSpec] {
        [
            OptionSpec("server", .fqdnWithPort, default: Self.defaultServer, help: "API server"),
            OptionSpec("script", .string, default: "/v5", help: "API path"),
            OptionSpec("password", .password, required: true, help: "API key or personal access token"),
            OptionSpec("zone", .fqdn, required: true, help: "the domain"),
            OptionSpec("ttl", .delay(minimum: 300), help: "record TTL"),
            OptionSpec("use-personal-access-token", .bool, default: "0", help: "the password is a personal access token (Bearer)"),
            OptionSpec("min-interval", .delay(minimum: 300), default: "300", help: "least time between updates"),
        ]
    }
    public var unusedCommonOptions: Set<String> { ["login"] }

    public func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        targets.map { target in
            let host = target.host
            let zone = host.values["zone"] ?? ""
            let sub = RecordName.relative(target.name, zone: zone)
            let secret = host.values["password"] ?? ""
            let auth = HTTPHeader("Authorization", host.bool("use-personal-access-token") ? "Bearer \(secret)" : "Apikey \(secret)")
            let base = ProviderSupport.baseURL(host, defaultServer: Self.defaultServer) + (host.nonEmpty("script") ?? "/v5")
            let ttl = host.int("ttl")
            func set(_ address: String?, type: String) -> FamilyOutcome? {
                guard let address else { return nil }
                let url = "\(base)/livedns/domains/\(zone)/records/\(URLEncoding.encode(sub))/\(type)"
                do {
                    let current = try context.http.send(HTTPRequest(url: url, headers: [auth]))
                    if current.isSuccess, let json = JSONValue.parse(current.text), json["rrset_values"]?[0]?.string == address,
                        ttl == nil || json["rrset_ttl"]?.int == ttl
                    {
                        return .good(address, message: "address was already \(address)")
                    }
                    if current.status == 401 || current.status == 403 {
                        return .failed("badauth", "Gandi refused the API key (HTTP \(current.status))", permanent: true)
                    }
                    var body: [(String, JSONValue)] = []
                    if let ttl { body.append(("rrset_ttl", .number(String(ttl)))) }
                    body.append(("rrset_values", .array([.string(address)])))
                    let response = try context.http.send(HTTPRequest(method: .put, url: url, json: JSONValue.object(body).encoded, headers: [auth]))
                    if response.isSuccess, JSONValue.parse(response.text) != nil { return .good(address) }
                    let words = JSONValue.parse(response.text)?["message"]?.string ?? ProviderSupport.firstLine(response.text)
                    return .failed("failed", "Gandi refused the change: HTTP \(response.status) \(words)", permanent: response.status == 401 || response.status == 403)
                } catch {
                    return .failed("failed", "\(error)")
                }
            }
            return UpdateResult(host: target.name, ipv4: set(target.ipv4, type: "A"), ipv6: set(target.ipv6, type: "AAAA"))
        }
    }
}
