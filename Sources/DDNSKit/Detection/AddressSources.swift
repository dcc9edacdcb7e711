/// From a host's settings to the sources it asks, in order: `usev4='dnsv4,webv4'` asks DNS,
/// and the web only when DNS gives no publishable address; `ifv4='ppp0,ppp1'` the second WAN
/// interface when the first has none. One list per family (and one for the legacy `use=`).
public enum AddressSources {
    /// The strategies with their family suffix (`webv4`), as `usev4`/`usev6` accept them.
    static let familyStrategies: Set<String> = [
        "ipv4", "ipv6", "ifv4", "ifv6", "webv4", "webv6", "cmdv4", "cmdv6", "fwv4", "fwv6", "dnsv4", "dnsv6", "stunv4",
        "stunv6",
    ]

    /// The sources of one family (nil: the legacy `use=`) of `host`, in the order asked.
    public static func sources(for host: HostConfig, family: AddressFamily?) -> [AddressSource] {
        let key = family == .ipv4 ? "usev4" : family == .ipv6 ? "usev6" : "use"
        let strategies = OptionTable.listItems(host.values[key] ?? "disabled").map { $0.lowercased() }
            .filter { $0 != "disabled" && $0 != "no" }
        return strategies.flatMap { source(strategy: $0, family: family, host: host) }
    }

    static func source(strategy: String, family: AddressFamily?, host: HostConfig) -> [AddressSource] {
        let values = host.values
        func value(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }
        // Strategy names without their family suffix: usev6=web is the deprecated form of webv6.
        var base = strategy
        if familyStrategies.contains(base) { base = String(base.dropLast(2)) }
        let suffix = family == .ipv4 ? "v4" : family == .ipv6 ? "v6" : ""
        func option(_ name: String) -> String { suffix.isEmpty ? name : name + suffix }
        let label = family == nil ? "use=\(strategy)" : "use\(suffix)=\(strategy)"
        func one(_ lookup: any AddressLookup, _ detail: String? = nil) -> [AddressSource] {
            [AddressSource(lookup, family: family, label: detail.map { "\(label) \($0)" } ?? label)]
        }
        func unusable(_ reason: String) -> [AddressSource] { one(UnusableSource(reason)) }
        switch base {
        case "ip":
            let key = family == nil ? "ip" : option("ip")
            guard let address = value(key) ?? (family == .ipv6 ? value("ip") : nil) else {
                return unusable("\(label) needs \(key)=<address>")
            }
            return one(GivenAddress(address), "\(key)=\(address)")
        case "if":
            let names =
                value(option("if")) ?? (family == .ipv6 ? value("if") : nil) ?? (family == nil ? "ppp0" : "default")
            return OptionTable.listItems(names).flatMap { one(InterfaceSource($0), "\(option("if"))=\($0)") }
        case "web":
            let configured =
                value(option("web")) ?? (family == nil ? "dyndns" : family == .ipv4 ? "ipify-ipv4" : "ipify-ipv6")
            let userSkip = values["web\(suffix)-skip"] ?? (family == nil ? nil : values["web-skip"])
            let builtin = WebServices.named(configured)
            let url = builtin?.url ?? configured
            if !(url.hasPrefix("http://") || url.hasPrefix("https://")) && builtin == nil && !url.contains("/")
                && !url.contains(".")
            {
                return unusable(
                    "\(label): '\(configured)' is neither a built-in web service"
                        + Suggestion.didYouMean(
                            configured, among: WebServices.all.map(\.name), otherwise: " (see -list-web-services)")
                        + " nor a URL")
            }
            let fullURL = url.hasPrefix("http://") || url.hasPrefix("https://") ? url : "https://" + url
            return one(
                WebSource(
                    url: fullURL, skip: userSkip ?? builtin?.skip, verifyTLS: values["web-ssl-validate"] != "0"),
                "\(option("web"))=\(configured)")
        case "cmd":
            guard let command = value(option("cmd")) ?? (family == .ipv6 ? value("cmd") : nil) else {
                return unusable("\(label) needs \(option("cmd"))=<command>")
            }
            return one(
                CommandSource(command, skip: family == nil ? value("cmd-skip") : nil), "\(option("cmd"))=\(command)")
        case "dns", "stun":
            guard let family else {
                return unusable("use=\(base) does not exist; use usev4=\(base)v4 or usev6=\(base)v6")
            }
            let specs = OptionTable.listItems(value(option(base)) ?? OptionTable.defaultValue(option(base)) ?? "")
            guard !specs.isEmpty else { return unusable("\(label) needs \(option(base))=<server>") }
            return specs.flatMap { spec -> [AddressSource] in
                if base == "stun" { return one(STUNSource(spec), "\(option(base))=\(spec)") }
                switch DNSSource.named(spec, family: family) {
                case .success(let source): return one(source, "\(option(base))=\(spec)")
                case .failure(let error): return unusable("\(label): \(error)")
                }
            }
        case "fw":
            if family == .ipv6 { return unusable("usev6=fwv6 is not implemented (ddclient does not have it either)") }
            guard let target = value(option("fw")) ?? value("fw") else {
                return unusable("\(label) needs \(option("fw"))=<router address or URL>")
            }
            let url =
                target.contains("/") ? (target.hasPrefix("http") ? target : "http://" + target) : "http://\(target)/"
            return one(
                WebSource(
                    url: url, skip: values["fw\(suffix)-skip"] ?? values["fw-skip"], login: value("fw-login"),
                    password: value("fw-password"), verifyTLS: values["fw-ssl-validate"] != "0"), "fw=\(target)")
        default:
            guard let router = Routers.named(strategy) else { return unusable("\(label): unknown strategy") }
            guard let address = value(option("fw")) ?? value("fw") else {
                return unusable("\(label) needs fw=<router address>")
            }
            var path = router.path
            if path.contains("%IF%") {
                guard let interface = value(option("if")) ?? value("if") else {
                    return unusable("\(label) needs \(option("if"))=<the router's interface>")
                }
                path = path.replacingAll("%IF%", with: RouterModel.ciscoInterface(interface))
            }
            return one(
                WebSource(
                    url: "\(router.scheme)://\(address)\(path)",
                    skip: values["fw\(suffix)-skip"] ?? values["fw-skip"] ?? router.skip,
                    login: value("fw-login"), password: value("fw-password"),
                    verifyTLS: values["fw-ssl-validate"] != "0"), "fw=\(address)")
        }
    }
}
