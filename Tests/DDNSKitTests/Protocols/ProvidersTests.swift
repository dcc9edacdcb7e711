import DDNSFakeProvider
import Testing

@testable import DDNSKit

func providerHost(_ name: String, _ proto: String, server: String, _ values: [String: String]) -> HostConfig {
    HostConfig(name: name, values: ["protocol": proto, "server": server, "ssl": "0"].merging(values) { $1 })
}

@Suite struct NoIPTests {
    @Test("grouped request with system=noip; per-line results; w5m waits; badauth is permanent")
    func requestsAndReplies() throws {
        let harness = try ProviderHarness(pinning: ["dynupdate.no-ip.com"]) { request in
            .text(
                request.queryValue("hostname") == "a.ddns.net,b.ddns.net"
                    ? "good 192.0.2.1\nNOCHG 192.0.2.1\n" : "badauth")
        }
        defer { harness.server.stop() }
        let server = harness.server("dynupdate.no-ip.com")
        let values = ["login": "me@example.com", "password": "p&w"]
        let targets = ["a.ddns.net", "b.ddns.net"].map {
            UpdateTarget(host: providerHost($0, "noip", server: server, values), ipv4: "192.0.2.1")
        }
        let results = NoIPProtocol().update(targets, context: harness.context)
        #expect(harness.server.requests.first?.rawQuery == "system=noip&hostname=a.ddns.net,b.ddns.net&myip=192.0.2.1")
        #expect(harness.server.requests.first?.basicAuth == "me@example.com:p&w")
        #expect(results.allSatisfy { $0.ipv4?.isSuccess == true })
        let refused = NoIPProtocol().update(
            [UpdateTarget(host: providerHost("c.ddns.net", "noip", server: server, values), ipv4: "192.0.2.1")],
            context: harness.context)
        #expect(refused.first?.ipv4?.kind == .permanentFailure)
    }
}

@Suite struct DynDNS1Tests {
    @Test("the /nic/dyndns request and its NOERROR reply; a refusal carries the page title")
    func request() throws {
        let harness = try ProviderHarness(pinning: ["members.dyndns.org"]) { request in
            request.queryValue("host_id") == "ok.example.com"
                ? .text("<TITLE>Success</TITLE>\nreturn code: NOERROR\nerror code: NOERROR\n")
                : .text("<TITLE>Bad hostname</TITLE>\nreturn code: NUMERR\n")
        }
        defer { harness.server.stop() }
        let server = harness.server("members.dyndns.org")
        let host = providerHost(
            "ok.example.com", "dyndns1", server: server,
            ["login": "u", "password": "p", "wildcard": "1", "static": "1"])
        let result = DynDNS1Protocol().update([UpdateTarget(host: host, ipv4: "192.0.2.3")], context: harness.context)
        #expect(
            harness.server.requests.first?.target
                == "/nic/statdns?action=edit&started=1&hostname=YES&host_id=ok.example.com&myip=192.0.2.3&wildcard=ON")
        #expect(result.first?.ipv4?.isSuccess == true)
        let bad = DynDNS1Protocol().update(
            [
                UpdateTarget(
                    host: providerHost("bad.example.com", "dyndns1", server: server, ["login": "u", "password": "p"]),
                    ipv4: "192.0.2.3")
            ], context: harness.context)
        #expect(bad.first?.ipv4?.message.contains("Bad hostname") == true)
    }
}

@Suite struct DuckDNSTests {
    @Test("domains grouped, token and both addresses; OK and KO")
    func request() throws {
        let harness = try ProviderHarness(pinning: ["www.duckdns.org"]) { request in
            .text(request.queryValue("token") == "t0k" ? "OK" : "KO")
        }
        defer { harness.server.stop() }
        let server = harness.server("www.duckdns.org")
        let targets = ["a.duckdns.org", "b.duckdns.org"].map {
            UpdateTarget(
                host: providerHost($0, "duckdns", server: server, ["password": "t0k"]), ipv4: "192.0.2.5",
                ipv6: "2001:db8::5")
        }
        let results = DuckDNSProtocol().update(targets, context: harness.context)
        #expect(
            harness.server.requests.first?.rawQuery
                == "domains=a.duckdns.org,b.duckdns.org&token=t0k&ip=192.0.2.5&ipv6=2001:db8::5")
        #expect(results.allSatisfy { $0.ipv4?.isSuccess == true && $0.ipv6?.isSuccess == true })
        let ko = DuckDNSProtocol().update(
            [
                UpdateTarget(
                    host: providerHost("a.duckdns.org", "duckdns", server: server, ["password": "wrong"]),
                    ipv4: "192.0.2.5")
            ], context: harness.context)
        #expect(ko.first?.ipv4?.status == "KO")
    }
}

@Suite struct NamecheapTests {
    @Test("the domain is stripped literally, @ for the apex, the password encoded; ErrCount decides")
    func request() throws {
        let harness = try ProviderHarness(pinning: ["dynamicdns.park-your-domain.com"]) { request in
            request.queryValue("host") == "www"
                ? .text("<?xml version=\"1.0\"?><interface-response><ErrCount>0</ErrCount></interface-response>")
                : .text(
                    "<interface-response><ErrCount>1</ErrCount><errors><Err1>Passwords do not match</Err1></errors></interface-response>"
                )
        }
        defer { harness.server.stop() }
        let server = harness.server("dynamicdns.park-your-domain.com")
        let ok = NamecheapProtocol().update(
            [
                UpdateTarget(
                    host: providerHost(
                        "www.example.com", "namecheap", server: server, ["login": "example.com", "password": "a&b c"]),
                    ipv4: "192.0.2.8")
            ], context: harness.context)
        #expect(harness.server.requests[0].rawQuery == "host=www&domain=example.com&password=a%26b%20c&ip=192.0.2.8")
        #expect(ok.first?.ipv4?.isSuccess == true)
        let apex = NamecheapProtocol().update(
            [
                UpdateTarget(
                    host: providerHost(
                        "example.com", "namecheap", server: server, ["login": "example.com", "password": "x"]),
                    ipv4: "192.0.2.8")
            ], context: harness.context)
        #expect(harness.server.requests[1].queryValue("host") == "@")
        #expect(apex.first?.ipv4?.message.contains("Passwords do not match") == true)
        #expect(apex.first?.ipv4?.kind == .permanentFailure)
    }
}

@Suite struct FreeDNSTests {
    @Test("lists records with sha1(login|password), updates only a changed address")
    func request() throws {
        let harness = try ProviderHarness(pinning: ["freedns.afraid.org"]) { request in
            let me = request.header("Host") ?? ""  // the update URLs point back at this fake
            if request.path == "/api/" {
                return .text(
                    "a.mooo.com|192.0.2.1|http://\(me)/dynamic/update.php?KEYA\nb.mooo.com|192.0.2.9|http://\(me)/dynamic/update.php?KEYB\n"
                )
            }
            return .text("Updated 1 host(s) b.mooo.com to 192.0.2.1 in 0.1 seconds")
        }
        defer { harness.server.stop() }
        let server = harness.server("freedns.afraid.org")
        let results = FreeDNSProtocol().update(
            ["a.mooo.com", "b.mooo.com", "c.mooo.com"].map {
                UpdateTarget(
                    host: providerHost($0, "freedns", server: server, ["login": "user", "password": "pass"]),
                    ipv4: "192.0.2.1")
            }, context: harness.context)
        let sha = Digest.hex(Digest.hash("sha1", Array("user|pass".utf8))!)
        #expect(sha == "8894721a433861735f4c2f52ff577ddd37279e24")
        #expect(harness.server.requests.first?.rawQuery == "action=getdyndns&v=2&sha=\(sha)")
        #expect(results[0].ipv4?.isSuccess == true)  // already current: no update request
        #expect(results[2].ipv4?.kind == .permanentFailure)  // no record
        #expect(results[1].ipv4?.isSuccess == true)
        #expect(harness.server.requests.map(\.target).contains("/dynamic/update.php?KEYB&address=192.0.2.1"))
        // One list for the account (ddclient fetches it once per run), and one update.
        #expect(harness.server.requests.count == 2)
    }

    @Test("SHA-1 from libcrypto matches the known vector")
    func sha1() {
        #expect(Digest.hex(Digest.hash("sha1", Array("abc".utf8))!) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(
            Digest.hex(
                Digest.hmac(
                    "sha256", key: Array("key".utf8), Array("The quick brown fox jumps over the lazy dog".utf8))!)
                == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    }
}

@Suite struct CloudflareTests {
    static func handler(_ request: RecordedRequest) -> FakeResponse {
        switch (request.method, request.path) {
        case ("GET", "/client/v4/zones/"):
            if request.header("Authorization") != "Bearer cf-token" && request.header("X-Auth-Key") != "global-key" {
                return .json(
                    #"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}"#, status: 403)
            }
            return .json(#"{"success":true,"result":[{"id":"zone123","name":"example.com"}]}"#)
        case ("GET", "/client/v4/zones/zone123/dns_records"):
            if request.queryValue("name") == "home.example.com" {
                return .json(
                    #"{"success":true,"result":[{"id":"rec\#(request.queryValue("type")!)","name":"home.example.com","content":"192.0.2.1"}]}"#
                )
            }
            return .json(#"{"success":true,"result":[]}"#)
        case ("PATCH", let path) where path.hasPrefix("/client/v4/zones/zone123/dns_records/"):
            return .json(#"{"success":true,"result":{"id":"x"}}"#)
        default:
            return .json(#"{"success":false,"errors":[{"message":"not found"}]}"#, status: 404)
        }
    }

    @Test("token auth: zone lookup, record lookup per family, PATCH content")
    func token() throws {
        let harness = try ProviderHarness(pinning: ["api.cloudflare.com"], handler: Self.handler)
        defer { harness.server.stop() }
        let host = providerHost(
            "home.example.com", "cloudflare", server: harness.server("api.cloudflare.com") + "/client/v4",
            ["login": "token", "password": "cf-token", "zone": "example.com"])
        let result = CloudflareProtocol().update(
            [UpdateTarget(host: host, ipv4: "192.0.2.7", ipv6: "2001:db8::7")], context: harness.context)
        let requests = harness.server.requests.map { "\($0.method) \($0.target)" }
        #expect(
            requests == [
                "GET /client/v4/zones/?name=example.com",
                "GET /client/v4/zones/zone123/dns_records?type=A&name=home.example.com",
                "PATCH /client/v4/zones/zone123/dns_records/recA",
                "GET /client/v4/zones/zone123/dns_records?type=AAAA&name=home.example.com",
                "PATCH /client/v4/zones/zone123/dns_records/recAAAA",
            ])
        #expect(harness.server.requests[2].bodyText == #"{"content":"192.0.2.7"}"#)
        #expect(harness.server.requests[2].header("Content-Type") == "application/json")
        #expect(result.first?.ipv4?.isSuccess == true && result.first?.ipv6?.isSuccess == true)
    }

    @Test("email + global key; a missing record is never created; bad credentials are permanent")
    func failures() throws {
        let harness = try ProviderHarness(pinning: ["api.cloudflare.com"], handler: Self.handler)
        defer { harness.server.stop() }
        let server = harness.server("api.cloudflare.com") + "/client/v4"
        let missing = CloudflareProtocol().update(
            [
                UpdateTarget(
                    host: providerHost(
                        "other.example.com", "cloudflare", server: server,
                        ["login": "me@example.com", "password": "global-key", "zone": "example.com"]), ipv4: "192.0.2.7"
                )
            ], context: harness.context)
        #expect(harness.server.requests.first?.header("X-Auth-Email") == "me@example.com")
        #expect(missing.first?.ipv4?.message.contains("no 'A' record") == true)
        #expect(!harness.server.requests.contains { $0.method != "GET" })
        let denied = CloudflareProtocol().update(
            [
                UpdateTarget(
                    host: providerHost(
                        "home.example.com", "cloudflare", server: server, ["password": "bad", "zone": "example.com"]),
                    ipv4: "192.0.2.7")
            ], context: harness.context)
        #expect(denied.first?.ipv4?.kind == .permanentFailure)
        #expect(denied.first?.ipv4?.message.contains("Authentication error") == true)
    }
}

@Suite struct PorkbunTests {
    @Test("retrieve, then edit with the record's ttl and notes; an equal address sends no edit")
    func request() throws {
        let harness = try ProviderHarness(pinning: ["api.porkbun.com"]) { request in
            if request.path.contains("/retrieveByNameType/example.com/A/home") {
                return .json(
                    #"{"status":"SUCCESS","records":[{"id":"1","name":"home.example.com","type":"A","content":"192.0.2.1","ttl":"600","notes":"n"}]}"#
                )
            }
            if request.path.contains("/retrieveByNameType/") { return .json(#"{"status":"SUCCESS","records":[]}"#) }
            return .json(#"{"status":"SUCCESS"}"#)
        }
        defer { harness.server.stop() }
        let host = providerHost(
            "home.example.com", "porkbun", server: harness.server("api.porkbun.com"),
            ["apikey": "pk1_\"x", "secretapikey": "sk1_y"])
        let result = PorkbunProtocol().update(
            [UpdateTarget(host: host, ipv4: "192.0.2.2", ipv6: "2001:db8::2")], context: harness.context)
        let requests = harness.server.requests
        #expect(
            requests.map(\.path) == [
                "/api/json/v3/dns/retrieveByNameType/example.com/A/home",
                "/api/json/v3/dns/editByNameType/example.com/A/home",
                "/api/json/v3/dns/retrieveByNameType/example.com/AAAA/home",
            ])
        #expect(requests[0].bodyText == #"{"secretapikey":"sk1_y","apikey":"pk1_\"x"}"#)
        #expect(
            requests[1].bodyText
                == #"{"secretapikey":"sk1_y","apikey":"pk1_\"x","content":"192.0.2.2","ttl":"600","notes":"n"}"#)
        #expect(result.first?.ipv4?.isSuccess == true)
        #expect(result.first?.ipv6?.kind == .permanentFailure)
        let same = PorkbunProtocol().update([UpdateTarget(host: host, ipv4: "192.0.2.1")], context: harness.context)
        #expect(same.first?.ipv4?.isSuccess == true)
        #expect(harness.server.requests.count == 4)
    }

    @Test("sub/domain split: first dot, root-domain, on-root-domain")
    func split() {
        #expect(PorkbunProtocol.split(HostConfig(name: "a.b.example.com", values: [:])) == ("a", "b.example.com"))
        #expect(
            PorkbunProtocol.split(HostConfig(name: "a.b.example.com", values: ["root-domain": "example.com"])) == (
                "a.b", "example.com"
            ))
        #expect(
            PorkbunProtocol.split(HostConfig(name: "example.com", values: ["on-root-domain": "1"])) == (
                "", "example.com"
            ))
    }
}

@Suite struct JSONTests {
    @Test("parses and re-encodes; refuses junk and deep nesting without crashing")
    func parse() {
        let text = #"{"a":[1,2.5,-3e2,true,false,null],"b":{"c":"x\"y\\z\u00e9\n"},"d":"\ud83d\ude00"}"#
        let value = JSONValue.parse(text)
        #expect(value?["a"]?[1]?.string == "2.5")
        #expect(value?["b"]?["c"]?.string == "x\"y\\zé\n")
        #expect(value?["d"]?.string == "😀")
        #expect(value.map { JSONValue.parse($0.encoded) } == value)
        for junk in [
            "", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "01x",
            String(repeating: "[", count: 100) + String(repeating: "]", count: 100), "{} extra",
        ] {
            #expect(JSONValue.parse(junk) == nil, "\(junk.prefix(20))")
        }
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...40)).map { _ in "{}[]\",:01tfn\\ u".randomElement()! }
            _ = JSONValue.parse(String(bytes))
        }
    }
}

/// Every HTTP provider, fed the replies that break naive parsers: each must report a failure
/// (never a success, never a crash) with something a person can read.
@Suite struct BadRepliesAcrossProvidersTests {
    struct Provider: Sendable, CustomTestStringConvertible {
        var proto: any DDNSProtocol
        var realName: String
        var values: [String: String]
        var serverSuffix: String = ""
        /// GoDaddy's documented success is an empty 200: that case does not apply to it.
        var emptyOKIsSuccess = false
        var testDescription: String { proto.name }
    }

    static let providers: [Provider] = [
        Provider(proto: DynDNS2Protocol(), realName: "members.dyndns.org", values: ["login": "u", "password": "p"]),
        Provider(proto: DynDNS1Protocol(), realName: "members.dyndns.org", values: ["login": "u", "password": "p"]),
        Provider(proto: NoIPProtocol(), realName: "dynupdate.no-ip.com", values: ["login": "u", "password": "p"]),
        Provider(proto: DuckDNSProtocol(), realName: "www.duckdns.org", values: ["password": "t"]),
        Provider(
            proto: NamecheapProtocol(), realName: "dynamicdns.park-your-domain.com",
            values: ["login": "example.com", "password": "p"]),
        Provider(proto: FreeDNSProtocol(), realName: "freedns.afraid.org", values: ["login": "u", "password": "p"]),
        Provider(
            proto: CloudflareProtocol(), realName: "api.cloudflare.com",
            values: ["password": "t", "zone": "example.com"], serverSuffix: "/client/v4"),
        Provider(proto: PorkbunProtocol(), realName: "api.porkbun.com", values: ["apikey": "k", "secretapikey": "s"]),
        Provider(proto: SimpleProviders.named("he.net")!, realName: "dyn.dns.he.net", values: ["password": "p"]),
        Provider(proto: DynuProtocol(), realName: "api.dynu.com", values: ["login": "u", "password": "p"]),
        Provider(proto: INWXProtocol(), realName: "dyndns.inwx.com", values: ["login": "u", "password": "p"]),
        Provider(
            proto: SimpleProviders.named("infomaniak")!, realName: "infomaniak.com",
            values: ["login": "u", "password": "p"]),
        Provider(
            proto: SimpleProviders.named("ovh")!, realName: "www.ovh.com", values: ["login": "u", "password": "p"]),
        Provider(
            proto: SimpleProviders.named("changeip")!, realName: "nic.changeip.com",
            values: ["login": "u", "password": "p"]),
        Provider(proto: EasyDNSProtocol(), realName: "api.cp.easydns.com", values: ["login": "u", "password": "p"]),
        Provider(
            proto: SimpleProviders.named("simply.com")!, realName: "dyndns.simply.com",
            values: ["login": "u", "password": "p"]),
        Provider(
            proto: GoDaddyProtocol(), realName: "api.godaddy.com",
            values: ["login": "k", "password": "s", "zone": "example.com"], serverSuffix: "/v1/domains",
            emptyOKIsSuccess: true),
        Provider(
            proto: DigitalOceanProtocol(), realName: "api.digitalocean.com",
            values: ["password": "t", "zone": "example.com"]),
        Provider(
            proto: GandiProtocol(), realName: "api.gandi.net",
            values: ["password": "t", "zone": "example.com", "script": "/v5"]),
    ]

    static let replies: [(status: Int, body: String)] = [
        (200, "<html><head><title>Maintenance</title></head><body><h1>Down for maintenance</h1></body></html>"),
        (200, ""),
        (401, "Unauthorized"),
        (403, "<html>Forbidden</html>"),
        (500, "Internal Server Error"),
        (200, "{\"success\":tr"),
    ]

    @Test("HTML page, empty 200, 401, 403, 500 and a truncated reply all fail readably", arguments: providers)
    func badReplies(_ provider: Provider) throws {
        for reply in Self.replies where !(provider.emptyOKIsSuccess && reply.status == 200 && reply.body.isEmpty) {
            let harness = try ProviderHarness(pinning: [provider.realName]) { _ in
                .text(reply.body, status: reply.status)
            }
            defer { harness.server.stop() }
            let host = providerHost(
                "home.example.com", provider.proto.name,
                server: harness.server(provider.realName) + provider.serverSuffix, provider.values)
            let target = UpdateTarget(host: host, ipv4: "192.0.2.1")
            let results = provider.proto.update([target], context: harness.context)
            let outcome = try #require(results.first?.ipv4, "\(provider.proto.name): no result for \(reply.status)")
            #expect(
                !outcome.isSuccess,
                "\(provider.proto.name) took HTTP \(reply.status) '\(reply.body.prefix(30))' for success")
            #expect(!outcome.message.isEmpty && outcome.message.count <= 400)
            #expect(!harness.server.requests.isEmpty)
        }
    }
}
