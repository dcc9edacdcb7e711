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
            reply: .init(success: [#"\bgood\b"#], match: .regex, otherwise: ("failed", "said"))),
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
        // 1984 Hosting: the API key in the query, one address; the JSON reply's "ok" decides.
        SimpleProvider(
            name: "1984",
            summary: "1984 Hosting free DNS (api.1984.is), the account's API key, one address per request",
            server: "api.1984.is",
            options: [OptionSpec("password", .password, required: true, help: "API key")],
            unused: ["login"], example: "protocol=1984, password=api-key home.example.com",
            request: .init(
                path: .fixed("/1.0/freedns/"), query: [("apikey", .password), ("domain", .host), ("ip", .address)],
                auth: .none),
            families: .oneAddress,
            reply: .init(success: [#""ok"\s*:\s*true"#], match: .regex, otherwise: ("failed", "said"))),
        // freemyip: the token and the domain; the service takes the address the request comes
        // from (no address is sent). Success is "OK" in capitals.
        SimpleProvider(
            name: "freemyip", summary: "freemyip.com, the domain's token; the address is the request's own",
            server: "freemyip.com",
            options: [OptionSpec("password", .password, required: true, help: "the domain's token")],
            unused: ["login"], example: "protocol=freemyip, password=token home.freemyip.com",
            request: .init(path: .fixed("/update"), query: [("token", .password), ("domain", .host)], auth: .none),
            families: .oneAddress,
            reply: .init(success: ["OK"], otherwise: ("failed", "said"), caseSensitive: true)),
        // Key-Systems (RRPproxy): success is "code = 200" in the reply.
        SimpleProvider(
            name: "keysystems",
            summary: "Key-Systems / RRPproxy dynamic DNS (dynamicdns.key-systems.net), one address per request",
            server: "dynamicdns.key-systems.net",
            options: [OptionSpec("password", .password, required: true, help: "the host's dynamic DNS password")],
            unused: ["login"], example: "protocol=keysystems, password=secret home.example.com",
            request: .init(
                path: .fixed("/update.php"), query: [("hostname", .host), ("password", .password), ("ip", .address)],
                auth: .none),
            families: .oneAddress,
            reply: .init(success: ["code = 200"], otherwise: ("failed", "said"))),
        // regfish: both families in one request; "success" (in that case) decides.
        SimpleProvider(
            name: "regfishde", summary: "regfish.de dynamic DNS (dyndns.regfish.de), both families in one request",
            server: "dyndns.regfish.de",
            options: [OptionSpec("password", .password, required: true, help: "the record's token")],
            unused: ["login"], example: "protocol=regfishde, password=token home.example.com",
            request: .init(
                path: .fixed("/"),
                query: [
                    ("fqdn", .host), ("forcehost", .literal("1")), ("token", .password), ("ipv4", .address4),
                    ("ipv6", .address6),
                ], auth: .none),
            families: .bothInOne,
            reply: .init(success: ["success"], otherwise: ("failed", "said"), caseSensitive: true)),
        // Sitelutions: the host is the numeric record id; "success" on any line.
        SimpleProvider(
            name: "sitelutions", summary: "Sitelutions dynamic DNS (api2.sitelutions.com); the host is the record's id",
            server: "api2.sitelutions.com",
            options: [
                OptionSpec("login", .login, required: true, help: "account e-mail"),
                OptionSpec("password", .password, required: true, help: "account password"),
                OptionSpec("ttl", .number(minimum: 0), help: "record TTL"),
                OptionSpec("min-interval", .delay(minimum: 300), default: "300", help: "least time between updates"),
            ],
            example: "protocol=sitelutions, login=me@example.com, password=secret 12345678",
            request: .init(
                path: .fixed("/dnsup"),
                query: [
                    ("id", .host), ("user", .login), ("pass", .password), ("ip", .address),
                    ("ttl", .optional(.option("ttl"))),
                ], auth: .none),
            families: .oneAddress,
            reply: .init(success: ["success"], otherwise: ("failed", "gave an invalid reply"))),
        // eNom: the host is the record's label (www, @, *), login the zone; "Done=true" decides.
        SimpleProvider(
            name: "enom",
            summary: "eNom dynamic DNS (dynamic.name-services.com); the host is the label, login the zone",
            server: "dynamic.name-services.com",
            options: [
                OptionSpec("login", .login, required: true, help: "the zone (example.com)"),
                OptionSpec("password", .password, required: true, help: "the domain's password"),
                OptionSpec("min-interval", .delay(minimum: 300), default: "300", help: "least time between updates"),
            ],
            example: "protocol=enom, login=example.com, password=domain-password www",
            request: .init(
                path: .fixed("/interface.asp"),
                query: [
                    ("Command", .literal("SetDNSHost")), ("HostName", .host), ("Zone", .login),
                    ("DomainPassword", .password), ("Address", .address),
                ], auth: .none),
            families: .oneAddress,
            reply: .init(success: ["done=true"], otherwise: ("failed", "gave an invalid reply")),
            wildcardNames: true, apexMarkers: true),
        // DNS Made Easy: the host is the numeric record id; the last line of the reply decides,
        // with DNS Made Easy's own error words.
        SimpleProvider(
            name: "dnsmadeeasy", summary: "DNS Made Easy dynamic DNS (cp.dnsmadeeasy.com); the host is the record's id",
            server: "cp.dnsmadeeasy.com",
            options: [
                OptionSpec("login", .login, required: true, help: "account e-mail"),
                OptionSpec("password", .password, required: true, help: "the record's dynamic DNS password"),
                OptionSpec("script", .string, default: "/servlet/updateip", help: "update path"),
            ],
            example: "protocol=dnsmadeeasy, login=me@example.com, password=secret 1007",
            request: .init(
                path: .option("script"),
                query: [("username", .login), ("password", .password), ("ip", .address), ("id", .host)], auth: .none),
            families: .oneAddress,
            reply: .init(
                success: ["success"],
                failures: [
                    .init("error-auth-suspend", .blocked, "the account is suspended (complaints or misuse)"),
                    .init("error-auth-voided", .blocked, "the account is permanently revoked"),
                    .init("error-auth", .refusedCredentials, "invalid username or password, or invalid IP syntax"),
                    .init("error-record-invalid", .unknownHost, "the record id does not exist"),
                    .init("error-record-auth", .refusedCredentials, "this user may not change this record"),
                    .init("error-record-ip-same", .serverError, "no update required (the record has this address)"),
                    .init("error-system", .serverError, "DNS Made Easy reports a system error"),
                    .init("error", .serverError, "DNS Made Easy reports an unrecognised error"),
                ], match: .lastLine, otherwise: ("failed", "said"), caseSensitive: true)),
        // DonDominio: the last line holds "OK" or "IP:<address>".
        SimpleProvider(
            name: "dondominio", summary: "DonDominio dynamic DNS (dondns.dondominio.com), one address per request",
            server: "dondns.dondominio.com",
            options: [
                OptionSpec("login", .login, required: true, help: "user name"),
                OptionSpec("password", .password, required: true, help: "API key"),
            ],
            example: "protocol=dondominio, login=me, password=api-key home.example.com",
            request: .init(
                path: .fixed("/plain/"),
                query: [("user", .login), ("password", .password), ("host", .host), ("ip", .address)],
                auth: .none),
            families: .oneAddress,
            reply: .init(
                success: ["OK", "IP:%i"], match: .lastLine, otherwise: ("failed", "said"), caseSensitive: true)),
        // dinahosting: Basic auth; the host split at its first dot; the command names the
        // record type (ddclient main's fixed form of this URL).
        SimpleProvider(
            name: "dinahosting", summary: "Dinahosting's API (dinahosting.com), Basic auth, one address per request",
            server: "dinahosting.com",
            options: [
                OptionSpec("login", .login, required: true, help: "account login"),
                OptionSpec("password", .password, required: true, help: "account password"),
                OptionSpec("script", .string, default: "/special/api.php", help: "API path"),
                OptionSpec(
                    "min-error-interval", .delay(minimum: 0), default: "480", help: "least time between failed attempts"
                ),
            ],
            example: "protocol=dinahosting, login=me, password=secret home.example.com",
            request: .init(
                path: .option("script"),
                query: [
                    ("hostname", .firstLabel), ("domain", .afterFirstLabel),
                    ("command", .byFamily(v4: "Domain_Zone_UpdateTypeA", v6: "Domain_Zone_UpdateTypeAAAA")),
                    ("ip", .address),
                ]),
            families: .oneAddress,
            reply: .init(success: ["success"], otherwise: ("failed", "said"))),
        // Directnic: the whole update URL per family is the user's (urlv4, urlv6), with data=;
        // the JSON reply's "result" decides.
        SimpleProvider(
            name: "directnic", summary: "Directnic's dynamic DNS gateway URLs (urlv4, urlv6), one request per family",
            server: "directnic.com",
            options: [
                OptionSpec("urlv4", .url, help: "the record's IPv4 update URL from Directnic"),
                OptionSpec("urlv6", .url, help: "the record's IPv6 update URL from Directnic"),
            ],
            unused: ["login", "password"],
            example: "protocol=directnic, urlv4=https://directnic.com/dns/gateway/TOKEN/ home.example.com",
            request: .init(path: .urlOption(v4: "urlv4", v6: "urlv6"), query: [("data", .address)], auth: .none),
            families: .eachFamily,
            reply: .init(
                success: [#""result"\s*:\s*"success""#],
                failures: [.init(#""result"\s*:"#, .serverError, "did not update the record", token: "failed")],
                match: .regex, otherwise: ("bad", "sent a reply that is not a JSON object"))),
        // ClouDNS: the record's dynamic URL (dynurl) with proxy=1, the address in
        // X-Forwarded-For; hosts sharing a dynurl share the request. Only two exact answers
        // are failures.
        SimpleProvider(
            name: "cloudns", summary: "ClouDNS dynamic URLs (dynurl), the address in X-Forwarded-For",
            server: "ipv4.cloudns.net",
            options: [OptionSpec("dynurl", .string, required: true, help: "the record's dynamic URL from ClouDNS")],
            unused: ["login", "password"],
            example: "protocol=cloudns, dynurl='https://ipv4.cloudns.net/api/dynamicURL/?q=KEY' home.example.com",
            request: .init(
                path: .wholeURL("dynurl"), query: [("proxy", .literal("1"))], auth: .none,
                headers: [("X-Forwarded-For", .address)]),
            families: .oneAddress,
            reply: .init(
                failures: [
                    .init(
                        "The record's key is wrong!", .refusedCredentials, "the dynamic URL's key is wrong",
                        token: "badauth"),
                    .init("Invalid request.", .refused, "the request was refused as invalid", token: "invalid"),
                ], caseSensitive: true, otherwiseSucceeds: true),
            groupBy: ["dynurl", "wantipv4", "wantipv6"]),
        // Mythic Beasts: an empty POST per family to ipv4./ipv6. of the server, over that
        // family; the service sets the address the request comes from. A 2xx is the answer.
        SimpleProvider(
            name: "mythicdyn",
            summary: "Mythic Beasts dynamic DNS (api.mythic-beasts.com), an empty POST per family over that family",
            server: "api.mythic-beasts.com",
            options: [
                OptionSpec("login", .login, required: true, help: "API key id"),
                OptionSpec("password", .password, required: true, help: "API key secret"),
                OptionSpec("min-interval", .delay(minimum: 0), default: "300", help: "least time between updates"),
            ],
            example: "protocol=mythicdyn, login=key-id, password=key-secret home.example.com",
            request: .init(.post, path: .fixed("/dns/v2/dynamic/%h"), query: [], familyHostPrefix: ("ipv4.", "ipv6.")),
            families: .eachFamily, reply: .status),
        // DSLReports: the host is the monitor's id; path by `static`; a "return code:" line
        // with NOERROR decides.
        SimpleProvider(
            name: "dslreports1", summary: "DSLReports host monitors (www.dslreports.com); the host is the monitor's id",
            server: "www.dslreports.com",
            options: [
                OptionSpec("login", .login, required: true, help: "account login"),
                OptionSpec("password", .password, required: true, help: "account password"),
                OptionSpec("static", .bool, default: "0", help: "static DNS service (nic/statdns)"),
            ],
            example: "protocol=dslreports1, login=me, password=secret 123456",
            request: .init(
                path: .flag("static", yes: "/nic/statdns", no: "/nic/dyndns"),
                query: [
                    ("action", .literal("edit")), ("started", .literal("1")), ("hostname", .literal("YES")),
                    ("host_id", .host),
                    ("myip", .address),
                ]),
            families: .oneAddress,
            reply: .init(success: [#"(?m)^return\s+code\s*:.*noerror"#], match: .regex, otherwise: ("failed", "said"))),
    ]

    /// The entry called `name`.
    public static func named(_ name: String) -> SimpleProvider? { table.first { $0.name == name } }
}
