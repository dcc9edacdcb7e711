import DDNSFakeProvider
import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// Dynadot: ddclient's t/protocol_dynadot.pl vectors (parameters compared decoded: ddclient
/// sends them in Perl's random hash order).
@Suite struct DynadotTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var host = "test.example.com"
        var extra: [String: String] = [:]
        var replies: [FakeResponse]
        var ipv4: String?
        var ipv6: String? = nil
        /// The decoded parameters of each request.
        var queries: [[String: String]]
        var status4: String?
        var status6: String? = nil
        var messageContains: String? = nil
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(
            name: "subdomain, both families", replies: [.text("ok"), .text("ok")], ipv4: "192.0.2.1",
            ipv6: "2001:db8::1",
            queries: [
                [
                    "type": "A", "domain": "example.com", "subDomain": "test", "ip": "192.0.2.1",
                    "containRoot": "false", "pwd": "secret", "ttl": "300",
                ],
                [
                    "type": "AAAA", "domain": "example.com", "subDomain": "test", "ip": "2001:db8::1",
                    "containRoot": "false", "pwd": "secret", "ttl": "300",
                ],
            ], status4: "good", status6: "good"),
        Vector(
            name: "root", host: "example.com", replies: [.text("ok")], ipv4: "192.0.2.2",
            queries: [
                [
                    "type": "A", "domain": "example.com", "ip": "192.0.2.2", "containRoot": "true", "pwd": "secret",
                    "ttl": "300",
                ]
            ],
            status4: "good"),
        Vector(
            name: "on-root-domain", extra: ["on-root-domain": "1"], replies: [.text("ok")], ipv4: "192.0.2.3",
            queries: [
                [
                    "type": "A", "domain": "example.com", "subDomain": "test", "ip": "192.0.2.3", "containRoot": "true",
                    "pwd": "secret", "ttl": "300",
                ]
            ],
            status4: "good"),
        Vector(
            name: "provider error", replies: [.text("fail: invalid password")], ipv4: "192.0.2.4",
            queries: [
                [
                    "type": "A", "domain": "example.com", "subDomain": "test", "ip": "192.0.2.4",
                    "containRoot": "false", "pwd": "secret", "ttl": "300",
                ]
            ],
            status4: "failed", messageContains: "said: fail: invalid password"),
        Vector(
            name: "unexpected body", replies: [.text("something unexpected")], ipv4: "192.0.2.4",
            queries: [
                [
                    "type": "A", "domain": "example.com", "subDomain": "test", "ip": "192.0.2.4",
                    "containRoot": "false", "pwd": "secret", "ttl": "300",
                ]
            ],
            status4: "failed", messageContains: "said"),
        Vector(
            name: "HTTP error", replies: [.text("internal server error", status: 500)], ipv4: "192.0.2.4",
            queries: [
                [
                    "type": "A", "domain": "example.com", "subDomain": "test", "ip": "192.0.2.4",
                    "containRoot": "false", "pwd": "secret", "ttl": "300",
                ]
            ],
            status4: "failed", messageContains: "500"),
        Vector(
            name: "zone mismatch: nothing sent", host: "test.example.net", replies: [], ipv4: "192.0.2.5", queries: [],
            status4: "nozone", messageContains: "does not end with the 'zone' value"),
    ]

    @Test("ddclient's t/protocol_dynadot.pl vectors", arguments: vectors)
    func vector(_ vector: Vector) throws {
        let harness = try ProviderHarness(pinning: ["www.dynadot.com"], replies: vector.replies)
        defer { harness.server.stop() }
        let host = providerHost(
            vector.host, "dynadot", server: harness.server("www.dynadot.com"),
            ["password": "secret", "zone": "example.com", "ttl": "300"].merging(vector.extra) { $1 })
        let result = DynadotProtocol().update(
            [UpdateTarget(host: host, ipv4: vector.ipv4, ipv6: vector.ipv6)], context: harness.context
        ).first
        let requests = harness.server.requests
        #expect(requests.allSatisfy { $0.method == "GET" && $0.path == "/set_ddns" })
        #expect(requests.map { Dictionary($0.query.map { ($0.name, $0.value) }) { $1 } } == vector.queries)
        #expect(result?.ipv4?.status == vector.status4, "\(String(describing: result))")
        #expect(result?.ipv6?.status == vector.status6, "\(String(describing: result))")
        if let words = vector.messageContains {
            #expect(result?.ipv4?.message.contains(words) == true, "\(String(describing: result?.ipv4?.message))")
        }
    }
}
