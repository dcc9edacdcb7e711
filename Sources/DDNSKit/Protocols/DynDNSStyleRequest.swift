/// Providers that speak a dyndns2-like `GET …/nic/update?hostname=…&myip=…` with one host (and
/// often one address family) per request. Each differs in small ways, described by data:
/// the query it builds and the words that mean success.
struct DynDNSStyleRequest {
    /// Sends one GET and turns the reply into an outcome for `address`.
    static func send(
        url: String, basicAuth: BasicCredentials?, target: UpdateTarget, address: String, server: String,
        context: UpdateContext, interpret: (String) -> FamilyOutcome
    ) -> FamilyOutcome {
        ProviderSupport.fetchOne(
            HTTPRequest(url: url, basicAuth: basicAuth), target: target, address: address, server: server,
            context: context
        ) { interpret($0.text) }
    }

    /// dyndns2 return-code semantics for the first word of the first line.
    static func dyndnsStatus(_ body: String, address: String, server: String) -> FamilyOutcome {
        let line = ProviderSupport.firstLine(body)
        let code = DynDNSReturnCode(line: line.lowercased())
        if code.isSuccess {
            return .good(address, message: code.token == "nochg" ? "address was already \(address) (nochg)" : nil)
        }
        if let (message, permanent) = DynDNSReturnCode.meaning(code.token, server: server) {
            return .failed(code.token, message, permanent: permanent)
        }
        return .failed(
            code.token.isEmpty ? "unknown" : code.token.excerpt(40),
            "unexpected status from \(server): \(line.excerpt(160))")
    }
}
