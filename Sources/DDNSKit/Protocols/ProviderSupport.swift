/// What the providers share: URLs from `server`, reply-status checks, outcome helpers.
enum ProviderSupport {
    /// `https://server` (or `http://` with `ssl=0`); an explicit scheme in `server` wins.
    static func baseURL(_ host: HostConfig, defaultServer: String) -> String {
        let server = host.nonEmpty("server") ?? defaultServer
        if server.hasPrefix("http://") || server.hasPrefix("https://") {
            return String(server.trimmingSuffix(while: { $0 == "/" }))
        }
        let scheme = host.values["ssl"] == "0" ? "http" : "https"
        return "\(scheme)://\(server.trimmingSuffix(while: { $0 == "/" }))"
    }

    /// The server's name for messages (`members.dyndns.org`).
    static func serverName(_ host: HostConfig, defaultServer: String) -> String {
        serverName(of: host.nonEmpty("server") ?? defaultServer)
    }

    /// The host part of a `server=` value or a URL, without scheme, path or port.
    static func serverName(of text: String) -> String {
        var server = Substring(text)
        for scheme in ["http://", "https://"] where server.hasPrefix(scheme) { server = server.dropFirst(scheme.count) }
        var authority = server.prefix { $0 != "/" }
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]"),
            authority[authority.index(after: colon)...].allSatisfy(\.isASCIIDigit),
            authority.filter({ $0 == ":" }).count == 1
        {
            authority = authority[..<colon]
        }
        return String(authority)
    }

    /// Basic credentials when both login and password are defined (ddclient's rule).
    static func credentials(_ host: HostConfig) -> BasicCredentials? {
        guard let login = host.values["login"], let password = host.values["password"] else { return nil }
        return BasicCredentials(user: login, password: password)
    }

    /// ddclient's `header_ok`: nil for 2xx, else the reason in the provider's words.
    static func statusProblem(_ response: HTTPResponse) -> String? {
        if response.isSuccess { return nil }
        let words = firstLine(response.text)
        switch response.status {
        case 401: return "401 authentication failed" + (words.isEmpty ? "" : ": \(words)")
        case 403: return "403 not authorized" + (words.isEmpty ? "" : ": \(words)")
        default: return "HTTP \(response.status)" + (words.isEmpty ? "" : ": \(words)")
        }
    }

    /// The first non-empty line, trimmed, HTML tags removed, at most 200 characters: the
    /// provider's own words for a message.
    static func firstLine(_ text: String) -> String {
        let stripped = stripTags(text)
        for line in stripped.split(separator: "\n") {
            let trimmed = line.trimmingSuffix(while: { $0 == " " || $0 == "\t" }).drop { $0 == " " || $0 == "\t" }
            if !trimmed.isEmpty { return trimmed.excerpt(200) }
        }
        return ""
    }

    static func stripTags(_ text: String) -> String {
        var out = ""
        var inTag = false
        for character in text {
            if character == "<" {
                inTag = true
                continue
            }
            if character == ">" && inTag {
                inTag = false
                out.append(" ")
                continue
            }
            if !inTag { out.append(character) }
        }
        return out
    }

    /// The same failure for every family a group asked for.
    static func failAll(_ targets: [UpdateTarget], status: String, message: String, permanent: Bool = false)
        -> [UpdateResult]
    {
        targets.map { target in UpdateResult(target: target) { _ in .failed(status, message, permanent: permanent) } }
    }

    /// Sends `request` for `targets`: the answer when it is a 2xx, otherwise the results that
    /// report the failure (a transport error is retryable; 401/403 are a refused login).
    static func fetch(_ request: HTTPRequest, for targets: [UpdateTarget], server: String, context: UpdateContext)
        -> Result<HTTPResponse, FailedGroup>
    {
        let response: HTTPResponse
        do {
            response = try context.http.send(request)
        } catch {
            return .failure(FailedGroup(results: transportFailure(targets, error)))
        }
        if let problem = statusProblem(response) {
            let refusal = RecordAPIFailure(status: response.status, "\(server): \(problem)")
            return .failure(
                FailedGroup(results: targets.map { target in UpdateResult(target: target) { _ in refusal.outcome } }))
        }
        return .success(response)
    }

    /// Sends one request that sets `address` for `target`'s host and reads a 2xx reply with
    /// `interpret`; a transport or HTTP failure is the shared rule's outcome.
    static func fetchOne(
        _ request: HTTPRequest, target: UpdateTarget, address: String, server: String, context: UpdateContext,
        interpret: (HTTPResponse) -> FamilyOutcome
    ) -> FamilyOutcome {
        switch fetch(request, for: [target.only(address)], server: server, context: context) {
        case .failure(let failed): return (failed.results[0].ipv4 ?? failed.results[0].ipv6)!
        case .success(let response): return interpret(response)
        }
    }

    /// The results of a request that failed before its reply could be read.
    struct FailedGroup: Error {
        var results: [UpdateResult]
    }

    /// A request that got no answer: the network's failure (ddclient's token `failed`), or
    /// `interrupted` when a stop signal abandoned it (the engine keeps the cache entry as it
    /// was). The kind is set here, not guessed from the token, which providers also use for
    /// their own refusals.
    static func transportOutcome(_ error: any Error) -> FamilyOutcome {
        if case .interrupted? = error as? HTTPError {
            return FamilyOutcome(failure: .interrupted, status: FamilyOutcome.interrupted, message: "\(error)")
        }
        return FamilyOutcome(failure: .transport, status: "failed", message: "\(error)")
    }

    /// A transport failure: retryable; `interrupted` when a stop signal abandoned the request
    /// (the engine then keeps the host's cache entry as it was).
    static func transportFailure(_ targets: [UpdateTarget], _ error: any Error) -> [UpdateResult] {
        targets.map { target in UpdateResult(target: target) { _ in transportOutcome(error) } }
    }
}
