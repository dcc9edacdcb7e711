/// `use=web` / `usev4=webv4` / `usev6=webv6`, `use=fw` and the router models: a page whose
/// text holds the address, after an optional skip pattern. The request goes over the family
/// asked for (an IPv4 check over IPv4).
public struct WebSource: AddressLookup {
    public var url: String
    public var skip: String?
    public var login: String?
    public var password: String?
    public var verifyTLS: Bool

    public init(url: String, skip: String?, login: String? = nil, password: String? = nil, verifyTLS: Bool) {
        self.url = url
        self.skip = skip
        self.login = login
        self.password = password
        self.verifyTLS = verifyTLS
    }

    public var key: String {
        "web \(url) skip=\(skip ?? "") login=\(login ?? "") password=\(password ?? "") tls=\(verifyTLS)"
    }

    public func find(_ family: AddressFamily?, in context: DetectionContext) -> Result<String, DetectionError> {
        var request = HTTPRequest(url: url, family: family, verifyTLS: verifyTLS)
        if let login, let password { request.basicAuth = BasicCredentials(user: login, password: password) }
        let text: String
        do {
            let response = try context.http.send(request)
            guard response.isSuccess else { return .failure(.web("\(url) answered \(response.status)")) }
            text = AddressText.applySkip(skip, to: response.text)
        } catch {
            return .failure(.web(error.description))
        }
        guard let address = AddressText.parse(text, family: family, whole: false) else {
            return .failure(.nothingFound(family))
        }
        return .success(address)
    }
}
