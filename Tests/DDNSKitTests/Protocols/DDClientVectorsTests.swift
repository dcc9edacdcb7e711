import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// ddclient's t/protocol_cloudflare.pl, every vector: the same scripted replies, the same
/// requests (method, target, auth, body), the same verdict. Where ddclient records no status
/// (a failure before any family was tried) ddswift records a failure token: that difference
/// is deliberate (the backoff and `-status` need it).
@Suite struct CloudflareDDClientVectors {
    static func zone(_ name: String, _ id: String) -> FakeResponse {
        .json(#"{"success":true,"result":[{"id":"\#(id)","name":"\#(name)"}]}"#)
    }
    static func record(_ host: String, _ id: String) -> FakeResponse {
        .json(#"{"success":true,"result":[{"id":"\#(id)","name":"\#(host)"}]}"#)
    }
    static func patched(_ id: String) -> FakeResponse { .json(#"{"success":true,"result":{"id":"\#(id)"}}"#) }
    static let empty = FakeResponse.json(#"{"success":true,"result":[]}"#)
    static let badJSON = FakeResponse.text("not json at all")

    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var host = "host.example.com"
        var zone = "example.com"
        var login = "token"
        var password = "mytoken"
        var ipv4: String? = "192.0.2.1"
        var ipv6: String? = nil
        var replies: [FakeResponse]
        var requests: [String]
        var good4: Bool? = nil
        var good6: Bool? = nil
        var messageContains: String? = nil
        var testDescription: String { name }
    }

    static let zoneLookup = "GET /client/v4/zones/?name=example.com"
    static let recordA = "GET /client/v4/zones/zone111/dns_records?type=A&name=host.example.com"
    static let recordAAAA = "GET /client/v4/zones/zone111/dns_records?type=AAAA&name=host.example.com"
    static let patch = "PATCH /client/v4/zones/zone111/dns_records/rec222"

    static let vectors: [Vector] = [
        Vector(
            name: "IPv4 success, Bearer token auth",
            replies: [zone("example.com", "zone111"), record("host.example.com", "rec222"), patched("rec222")],
            requests: [zoneLookup, recordA, patch], good4: true),
        Vector(
            name: "IPv4 success, email+key auth", login: "user@example.com", password: "globalapikey",
            replies: [zone("example.com", "zone111"), record("host.example.com", "rec222"), patched("rec222")],
            requests: [zoneLookup, recordA, patch], good4: true),
        Vector(
            name: "IPv6 success", ipv4: nil, ipv6: "2001:db8::1",
            replies: [zone("example.com", "zone111"), record("host.example.com", "rec222"), patched("rec222")],
            requests: [zoneLookup, recordAAAA, patch], good6: true),
        Vector(
            name: "IPv4 and IPv6 success", ipv6: "2001:db8::1",
            replies: [
                zone("example.com", "zone111"), record("host.example.com", "rec222"), patched("rec222"),
                record("host.example.com", "rec222"), patched("rec222"),
            ],
            requests: [zoneLookup, recordA, patch, recordAAAA, patch], good4: true, good6: true),
        Vector(
            name: "zone not found", replies: [empty], requests: [zoneLookup], good4: false,
            messageContains: "zone example.com not found"),
        Vector(
            name: "DNS record not found", replies: [zone("example.com", "zone111"), empty],
            requests: [zoneLookup, recordA], good4: false, messageContains: "no 'A' record"),
        Vector(name: "invalid JSON from zone lookup", replies: [badJSON], requests: [zoneLookup], good4: false),
        Vector(
            name: "invalid JSON from DNS record lookup", replies: [zone("example.com", "zone111"), badJSON],
            requests: [zoneLookup, recordA], good4: false),
        Vector(
            name: "invalid JSON from PATCH",
            replies: [zone("example.com", "zone111"), record("host.example.com", "rec222"), badJSON],
            requests: [zoneLookup, recordA, patch], good4: false),
        Vector(
            name: "HTTP 401 on zone lookup (invalid or expired token)", password: "badtoken",
            replies: [
                .json(#"{"success":false,"errors":[{"code":9109,"message":"Invalid access token"}]}"#, status: 401)
            ], requests: [zoneLookup], good4: false, messageContains: "401"),
        Vector(
            name: "HTTP 403 on PATCH (token lacks DNS edit permission)", password: "readonlytoken",
            replies: [
                zone("example.com", "zone111"), record("host.example.com", "rec222"),
                .json(#"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}"#, status: 403),
            ], requests: [zoneLookup, recordA, patch], good4: false, messageContains: "403"),
        Vector(
            name: "success:false on zone lookup (API-level permission error)",
            replies: [
                .json(
                    #"{"success":false,"errors":[{"code":7003,"message":"Could not route to /zones"}],"result":null}"#)
            ], requests: [zoneLookup], good4: false),
        Vector(
            name: "IDN zone: punycode config matches unicode API response", host: "host.xn--mnchen-3ya.de",
            zone: "xn--mnchen-3ya.de",
            replies: [zone("münchen.de", "zone-idn"), record("host.xn--mnchen-3ya.de", "rec-idn"), patched("rec-idn")],
            requests: [
                "GET /client/v4/zones/?name=xn--mnchen-3ya.de",
                "GET /client/v4/zones/zone-idn/dns_records?type=A&name=host.xn--mnchen-3ya.de",
                "PATCH /client/v4/zones/zone-idn/dns_records/rec-idn",
            ], good4: true),
    ]

    @Test("t/protocol_cloudflare.pl", arguments: vectors)
    func vector(_ vector: Vector) throws {
        let harness = try ProviderHarness(pinning: ["api.cloudflare.com"], replies: vector.replies)
        defer { harness.server.stop() }
        let host = providerHost(
            vector.host, "cloudflare", server: harness.server("api.cloudflare.com") + "/client/v4",
            ["login": vector.login, "password": vector.password, "zone": vector.zone])
        let result = try #require(
            CloudflareProtocol().update(
                [UpdateTarget(host: host, ipv4: vector.ipv4, ipv6: vector.ipv6)], context: harness.context
            ).first)
        let requests = harness.server.requests
        #expect(requests.map { "\($0.method) \($0.target)" } == vector.requests)
        for request in requests {
            if vector.login == "token" {
                #expect(request.header("Authorization") == "Bearer \(vector.password)")
            } else {
                #expect(request.header("X-Auth-Email") == vector.login)
                #expect(request.header("X-Auth-Key") == vector.password)
                #expect(request.header("Authorization") == nil)
            }
        }
        #expect(
            requests.filter { $0.method == "PATCH" }.map { JSONValue.parse($0.bodyText)?["content"]?.string }
                == [vector.ipv4, vector.ipv6].compactMap { $0 }.prefix(requests.filter { $0.method == "PATCH" }.count)
                .map { $0 })
        if let good = vector.good4 { #expect(result.ipv4?.isSuccess == good, "\(result)") }
        if let good = vector.good6 { #expect(result.ipv6?.isSuccess == good, "\(result)") }
        if let words = vector.messageContains {
            #expect(result.ipv4?.message.contains(words) == true, "\(result)")
        }
    }

    @Test(
        "t/protocol_cloudflare.pl, IDN zone in Unicode: refused when the file (conf or YAML) is read, asking for the xn-- form"
    )
    func unicodeZoneRefused() throws {
        let config = try ConfigLoader.parse(
            text: "protocol=cloudflare, zone=münchen.de, password=t host.münchen.de\n", file: "t.conf", format: .conf)
        #expect(config.hosts.isEmpty)
        #expect(
            config.diagnostics.contains {
                $0.severity == .error && $0.description.hasPrefix("t.conf:1")
                    && $0.description.contains("write an internationalised name in its ASCII form, xn--")
            }, "\(config.diagnostics)")
        // The YAML form says the same.
        let yaml = try ConfigLoader.parse(
            text: "hosts:\n  - host: host.münchen.de\n    protocol: cloudflare\n    zone: xn--mnchen-3ya.de\n",
            file: "t.yaml", format: .yaml)
        #expect(yaml.hosts.isEmpty)
        #expect(
            yaml.diagnostics.contains {
                $0.severity == .error && $0.description.hasPrefix("t.yaml:2")
                    && $0.description.contains("write an internationalised name in its ASCII form, xn--")
            }, "\(yaml.diagnostics)")
        #expect(Punycode.toUnicode("host.xn--mnchen-3ya.de") == "host.münchen.de")
        #expect(Punycode.toUnicode("xn--bcher-kva.example") == "bücher.example")
        #expect(Punycode.toUnicode("xn--ab!.example") == "xn--ab!.example", "not Punycode: kept as written")
    }
}

/// ddclient's t/protocol_dynu.pl and t/protocol_simplycom.pl, every vector, and the ddnss
/// vector with no address: the same queries and verdicts, through the registry's providers.
@Suite struct DynDNSStyleDDClientVectors {
    struct Vector: Sendable, CustomTestStringConvertible {
        var file: String
        var name: String
        var proto: String
        var pinned: String
        var host: String
        var values: [String: String]
        var ipv4: String?
        var ipv6: String?
        var reply: String?
        /// `path?query` of each request (none: nothing may be sent).
        var requests: [String]
        var good4: Bool?
        var good6: Bool?
        var messageContains: String? = nil
        /// The status token the cache keeps (ddclient: `badauth`; for simply.com `failed`,
        /// where ddswift keeps the provider's word).
        var token: String? = nil
        var testDescription: String { "\(file): \(name)" }
    }

    static let dynu: [String: String] = ["login": "username", "password": "password"]
    static let simply: [String: String] = ["login": "S123456", "password": "apikey"]

    static let vectors: [Vector] =
        [
            Vector(
                file: "t/protocol_dynu.pl", name: "IPv4 only, good", proto: "dynu", pinned: "api.dynu.com",
                host: "myhome.dynu.net", values: dynu, ipv4: "192.0.2.1", reply: "good",
                requests: ["/nic/update?hostname=myhome.dynu.net&myip=192.0.2.1"], good4: true),
            Vector(
                file: "t/protocol_dynu.pl", name: "IPv6 only, good", proto: "dynu", pinned: "api.dynu.com",
                host: "myhome.dynu.net", values: dynu, ipv6: "2001:db8::1", reply: "good",
                requests: ["/nic/update?hostname=myhome.dynu.net&myip=no&myipv6=2001:db8::1"], good6: true),
            Vector(
                file: "t/protocol_dynu.pl", name: "dual-stack IPv4+IPv6, good", proto: "dynu", pinned: "api.dynu.com",
                host: "myhome.dynu.net", values: dynu, ipv4: "192.0.2.1", ipv6: "2001:db8::1", reply: "good",
                requests: ["/nic/update?hostname=myhome.dynu.net&myip=192.0.2.1&myipv6=2001:db8::1"], good4: true,
                good6: true),
            Vector(
                file: "t/protocol_dynu.pl", name: "nochg treated as good", proto: "dynu", pinned: "api.dynu.com",
                host: "myhome.dynu.net", values: dynu, ipv4: "192.0.2.1", reply: "nochg",
                requests: ["/nic/update?hostname=myhome.dynu.net&myip=192.0.2.1"], good4: true),
            Vector(
                file: "t/protocol_dynu.pl", name: "error response", proto: "dynu", pinned: "api.dynu.com",
                host: "myhome.dynu.net", values: dynu, ipv4: "192.0.2.1", reply: "badauth",
                requests: ["/nic/update?hostname=myhome.dynu.net&myip=192.0.2.1"], good4: false,
                messageContains: "login or password refused", token: "badauth"),
            Vector(
                file: "t/protocol_dynu.pl", name: "zone: hostname+alias construction", proto: "dynu",
                pinned: "api.dynu.com", host: "host.example.com", values: dynu.merging(["zone": "example.com"]) { $1 },
                ipv4: "192.0.2.1", reply: "good",
                requests: ["/nic/update?hostname=example.com&alias=host&myip=192.0.2.1"],
                good4: true),
            Vector(
                file: "t/protocol_dynu.pl", name: "zone mismatch: hostname outside zone", proto: "dynu",
                pinned: "api.dynu.com", host: "host.other.com", values: dynu.merging(["zone": "example.com"]) { $1 },
                ipv4: "192.0.2.1", reply: nil, requests: [], good4: false, messageContains: "does not end with the zone"
            ),
        ] + simplycom

    static let zoned = simply.merging(["zone": "example.com"]) { $1 }
    static func simplyVector(
        _ name: String, values: [String: String] = zoned, ipv4: String? = nil, ipv6: String? = nil, reply: String,
        requests: [String], good4: Bool? = nil, good6: Bool? = nil, token: String? = nil
    ) -> Vector {
        Vector(
            file: "t/protocol_simplycom.pl", name: name, proto: "simply.com", pinned: "dyndns.simply.com",
            host: "test.example.com", values: values, ipv4: ipv4, ipv6: ipv6, reply: reply, requests: requests,
            good4: good4, good6: good6, token: token)
    }

    static let simplycom: [Vector] = [
        simplyVector(
            "IPv4, good", ipv4: "192.0.2.1", reply: "good 192.0.2.1",
            requests: ["/nic/update?hostname=test.example.com&myip=192.0.2.1&domain=example.com"], good4: true),
        simplyVector(
            "IPv4, nochg", ipv4: "192.0.2.1", reply: "nochg 192.0.2.1",
            requests: ["/nic/update?hostname=test.example.com&myip=192.0.2.1&domain=example.com"], good4: true),
        simplyVector(
            "IPv4, failure", ipv4: "192.0.2.1", reply: "nohost",
            requests: ["/nic/update?hostname=test.example.com&myip=192.0.2.1&domain=example.com"], good4: false,
            token: "nohost"),
        simplyVector(
            "IPv6, good", ipv6: "2001:db8::1", reply: "good 2001:db8::1",
            requests: ["/nic/update?hostname=test.example.com&myip=2001:db8::1&domain=example.com"], good6: true),
        simplyVector(
            "IPv4 and IPv6, two separate requests", ipv4: "192.0.2.1", ipv6: "2001:db8::1", reply: "good",
            requests: [
                "/nic/update?hostname=test.example.com&myip=192.0.2.1&domain=example.com",
                "/nic/update?hostname=test.example.com&myip=2001:db8::1&domain=example.com",
            ], good4: true, good6: true),
        simplyVector(
            "zone is optional", values: simply, ipv4: "192.0.2.1", reply: "good 192.0.2.1",
            requests: ["/nic/update?hostname=test.example.com&myip=192.0.2.1"], good4: true),
    ]

    @Test("ddclient's vectors", arguments: vectors)
    func vector(_ vector: Vector) throws {
        let harness = try ProviderHarness(
            pinning: [vector.pinned], replies: vector.reply.map { [.text($0 + "\n"), .text($0 + "\n")] } ?? [])
        defer { harness.server.stop() }
        let proto = try #require(ProtocolRegistry.named(vector.proto))
        let host = providerHost(vector.host, vector.proto, server: harness.server(vector.pinned), vector.values)
        let result = try #require(
            proto.update([UpdateTarget(host: host, ipv4: vector.ipv4, ipv6: vector.ipv6)], context: harness.context)
                .first)
        #expect(harness.server.requests.map(\.target) == vector.requests)
        #expect(
            harness.server.requests.allSatisfy {
                $0.basicAuth == "\(host.values["login"]!):\(host.values["password"]!)"
            })
        if let good = vector.good4 { #expect(result.ipv4?.isSuccess == good, "\(result)") }
        if let good = vector.good6 { #expect(result.ipv6?.isSuccess == good, "\(result)") }
        if let words = vector.messageContains {
            #expect((result.ipv4 ?? result.ipv6)?.message.contains(words) == true, "\(result)")
        }
        if let token = vector.token { #expect(result.ipv4?.status == token, "\(result)") }
    }
}

/// t/protocol_ddnss.pl's vector without an address, and t/protocol_spaceship.pl's TTL vector
/// with a TTL that is not the default (ddclient's own uses 300, the default, and cannot tell).
@Suite struct RemainingDDClientVectors {
    @Test("t/protocol_ddnss.pl: no wantipv4 or wantipv6, no request sent")
    func ddnssNoAddress() throws {
        let harness = try ProviderHarness(pinning: ["ddnss.de"], replies: [.text("good\n")])
        defer { harness.server.stop() }
        let host = providerHost(
            "myhost.ddnss.de", "ddnss", server: harness.server("ddnss.de"), ["password": "myapikey"])
        let results = try #require(ProtocolRegistry.named("ddnss")).update(
            [UpdateTarget(host: host, ipv4: nil, ipv6: nil)], context: harness.context)
        #expect(harness.server.requests.isEmpty)
        #expect(results.allSatisfy { $0.ipv4 == nil && $0.ipv6 == nil }, "\(results)")
    }

    @Test("t/protocol_spaceship.pl: a custom TTL is sent in the record")
    func spaceshipTTL() throws {
        let harness = try ProviderHarness(
            pinning: ["spaceship.dev"], replies: [.json(#"{"items":[],"total":0}"#), .text("", status: 204)])
        defer { harness.server.stop() }
        let host = providerHost(
            "host.example.com", "spaceship", server: harness.server("spaceship.dev"),
            ["login": "key", "password": "secret", "zone": "example.com", "ttl": "1800"])
        let spaceship = try #require(ProtocolRegistry.named("spaceship"))
        let results = spaceship.update(
            [UpdateTarget(host: host, ipv4: "192.0.2.1", ipv6: nil)], context: harness.context)
        let result = try #require(results.first)
        #expect(result.ipv4?.isSuccess == true, "\(result)")
        let put = try #require(harness.server.requests.first { $0.method == "PUT" })
        #expect(JSONValue.parse(put.bodyText)?["items"]?.array?.first?["ttl"]?.int == 1800, "\(put.bodyText)")
    }
}
