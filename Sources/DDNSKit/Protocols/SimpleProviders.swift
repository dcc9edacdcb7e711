/// The table of simple providers: one entry each, no code (see ``SimpleProvider``). Facts
/// (paths, parameters, reply words) are ddclient's.
public enum SimpleProviders {
    public static let table: [SimpleProvider] = [
        // Hurricane Electric: the host name is the Basic user, the record's DDNS key the password.
        SimpleProvider(
            name: "he.net",
            summary: "Hurricane Electric free DNS (dyn.dns.he.net), the record's DDNS key, one request per family",
            server: "dyn.dns.he.net",
            options: [
                OptionSpec("password", .password, required: true, help: "the record's DDNS key"),
                OptionSpec("min-interval", .delay(minimum: 0), default: "300", help: "least time between updates"),
            ],
            unused: ["login"], example: "protocol=he.net, password=ddns-key home.example.com",
            request: .init(
                path: .fixed("/nic/update"), query: [("hostname", .host), ("myip", .address)], auth: .basicHostAsUser),
            families: .eachFamily, reply: .dyndns2),
        // ChangeIP answers "200 Successful Update"; ddclient accepts any "success", which a
        // truncated JSON error page (`{"success":false…`) also contains.
        SimpleProvider(
            name: "changeip", summary: "ChangeIP dynamic DNS (nic.changeip.com), one address per request",
            server: "nic.changeip.com",
            options: [
                OptionSpec("login", .login, required: true, help: "ChangeIP login"),
                OptionSpec("password", .password, required: true, help: "ChangeIP password"),
            ],
            example: "protocol=changeip, login=myname, password=secret home.example.com",
            request: .init(path: .fixed("/nic/update"), query: [("hostname", .host), ("ip", .address)]),
            families: .oneAddress,
            reply: .init(success: ["successful"], otherwise: ("failed", "did not confirm the update"))),
        // Infomaniak: dyndns2 words, of whose failures only nohost and badauth are its own.
        SimpleProvider(
            name: "infomaniak", summary: "Infomaniak dynamic DNS (infomaniak.com/nic/update), one request per family",
            server: "infomaniak.com",
            options: [
                OptionSpec("login", .login, required: true, help: "DynDNS login"),
                OptionSpec("password", .password, required: true, help: "DynDNS password"),
            ],
            example: "protocol=infomaniak, login=myname, password=secret home.example.com",
            request: .init(path: .fixed("/nic/update"), query: [("hostname", .host), ("myip", .address)]),
            families: .eachFamily,
            reply: .init(
                dyndnsCodes: true, keptCodes: ["nohost", "badauth"], otherwise: ("unknown", "gave an unknown reply"))),
        // OVH DynHost: success is "good" or "nochg" anywhere in the reply.
        SimpleProvider(
            name: "ovh", summary: "OVH DynHost (www.ovh.com/nic/update), one address per request",
            server: "www.ovh.com",
            options: [
                OptionSpec("login", .login, required: true, help: "DynHost login"),
                OptionSpec("password", .password, required: true, help: "DynHost password"),
                OptionSpec("script", .string, default: "/nic/update", help: "update path"),
            ],
            example: "protocol=ovh, login=example.com-dynhost, password=secret home.example.com",
            request: .init(
                path: .option("script"),
                query: [("system", .literal("dyndns")), ("hostname", .host), ("myip", .address)]),
            families: .oneAddress,
            reply: .init(success: ["good", "nochg"], dyndnsCodes: true)),
        // Simply.com: `zone` is sent as domain= when set.
        SimpleProvider(
            name: "simply.com", summary: "Simply.com dynamic DNS (dyndns.simply.com), one request per family",
            server: "dyndns.simply.com",
            options: [
                OptionSpec("login", .login, required: true, help: "account number"),
                OptionSpec("password", .password, required: true, help: "API key"),
                OptionSpec("zone", .string, help: "the domain, when it is not the host's parent"),
            ],
            example: "protocol=simply.com, login=S123456, password=api-key home.example.com",
            request: .init(
                path: .fixed("/nic/update"),
                query: [("hostname", .host), ("myip", .address), ("domain", .optional(.option("zone")))]),
            families: .eachFamily,
            reply: .init(success: ["good", "nochg"], match: .lineStart, dyndnsCodes: true)),
        // DDNSS: the API key in the query, ip= for IPv4 and ip6= for IPv6, one request each;
        // success is the word "good", anything else a retryable failure (ddclient: "server said").
        SimpleProvider(
            name: "ddnss", summary: "DDNSS (ddnss.de), the account's update key, one request per family",
            server: "ddnss.de",
            options: [OptionSpec("password", .password, required: true, help: "the update key (API key)")],
            unused: ["login"], example: "protocol=ddnss, password=update-key myhost.ddnss.de",
            request: .init(
                path: .fixed("/upd.php"),
                query: [("key", .password), ("host", .host), ("ip", .address4), ("ip6", .address6)], auth: .none),
            families: .eachFamily,
            reply: .init(success: ["good"], match: .word, otherwise: ("failed", "said"))),
        // ddns.fm: the key in the query, one request per family; a 2xx is the whole answer.
        SimpleProvider(
            name: "ddns.fm", summary: "ddns.fm (api.ddns.fm), the domain's key, one request per family",
            server: "https://api.ddns.fm",
            options: [OptionSpec("password", .password, required: true, help: "the domain's update key")],
            unused: ["login"], example: "protocol=ddns.fm, password=update-key home.example.com",
            request: .init(
                path: .fixed("/update"), query: [("key", .password), ("domain", .host), ("myip", .address)], auth: .none
            ),
            families: .eachFamily, reply: .status),
        // Domeneshop: Basic auth with the API token and secret; a 2xx is the whole answer.
        SimpleProvider(
            name: "domeneshop", summary: "Domeneshop (api.domeneshop.no) dynamic DNS API, one request per family",
            server: "api.domeneshop.no",
            options: [
                OptionSpec("login", .login, required: true, help: "API token"),
                OptionSpec("password", .password, required: true, help: "API secret"),
            ],
            example: "protocol=domeneshop, login=api-token, password=api-secret home.example.com",
            request: .init(path: .fixed("/v0/dyndns/update"), query: [("hostname", .host), ("myip", .address)]),
            families: .eachFamily, reply: .status),
    ]

    /// The entry called `name`.
    public static func named(_ name: String) -> SimpleProvider? { table.first { $0.name == name } }
}
