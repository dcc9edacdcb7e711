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

    @Test("t/protocol_cloudflare.pl, IDN zone in Unicode: refused when the file is read, asking for the xn-- form")
    func unicodeZoneRefused() throws {
        let config = try ConfigLoader.parse(
            text: "protocol=cloudflare, zone=münchen.de, password=t host.münchen.de\n", file: "t.conf", format: .conf)
        #expect(config.hosts.isEmpty)
        #expect(
            config.diagnostics.contains {
                $0.severity == .error && $0.description.hasPrefix("t.conf:1")
                    && $0.description.contains("write an internationalised name in its ASCII form, xn--")
            }, "\(config.diagnostics)")
        #expect(Punycode.toUnicode("host.xn--mnchen-3ya.de") == "host.münchen.de")
        #expect(Punycode.toUnicode("xn--bcher-kva.example") == "bücher.example")
        #expect(Punycode.toUnicode("xn--ab!.example") == "xn--ab!.example", "not Punycode: kept as written")
    }
}
