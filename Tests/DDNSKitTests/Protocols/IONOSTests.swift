import DDNSFakeProvider
import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// IONOS: ddclient's t/protocol_ionos.pl vectors (scripted replies in order).
@Suite struct IONOSTests {
    static let zonesOK = FakeResponse.json(#"[{"id":"zone-1","name":"example.com","type":"NATIVE"}]"#)
    static let aRecord =
        #"{"id":"rec-a","name":"host.example.com","type":"A","content":"203.0.113.1","ttl":300,"prio":0,"disabled":false}"#
    static let aaaaRecord =
        #"{"id":"rec-aaaa","name":"host.example.com","type":"AAAA","content":"2001:db8::1","ttl":300,"prio":0,"disabled":false}"#
    static func records(_ list: String...) -> FakeResponse {
        .json(#"{"id":"zone-1","name":"example.com","records":[\#(list.joined(separator: ","))]}"#)
    }
    static let updateOK = FakeResponse.json(#"{"id":"rec-a"}"#)
    static let serverError = FakeResponse.text("server error", status: 500)

    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var replies: [FakeResponse]
        var ipv4: String?
        var ipv6: String?
        /// "METHOD path" of each request.
        var requests: [String]
        var status4: String?
        var status6: String? = nil
        var messageContains: String? = nil
        var testDescription: String { name }
    }

    static let zones = "GET /dns/v1/zones"
    static let zoneRecords = "GET /dns/v1/zones/zone-1?suffix=host.example.com&recordType=A%2CAAAA"

    static let vectors: [Vector] = [
        Vector(
            name: "IPv4 update, record exists (PUT)", replies: [zonesOK, records(aRecord), updateOK], ipv4: "192.0.2.1",
            requests: [zones, zoneRecords, "PUT /dns/v1/zones/zone-1/records/rec-a"], status4: "good"),
        Vector(
            name: "IPv6 update, record exists (PUT)", replies: [zonesOK, records(aaaaRecord), updateOK],
            ipv6: "2001:db8::2",
            requests: [zones, zoneRecords, "PUT /dns/v1/zones/zone-1/records/rec-aaaa"], status4: nil, status6: "good"),
        Vector(
            name: "IPv4 update, no existing record (POST)", replies: [zonesOK, records(), updateOK], ipv4: "192.0.2.1",
            requests: [zones, zoneRecords, "POST /dns/v1/zones/zone-1/records"], status4: "good"),
        Vector(
            name: "both IPv4 and IPv6 updated (dual-stack)",
            replies: [zonesOK, records(aRecord, aaaaRecord), updateOK, updateOK],
            ipv4: "192.0.2.1", ipv6: "2001:db8::2",
            requests: [
                zones, zoneRecords, "PUT /dns/v1/zones/zone-1/records/rec-a",
                "PUT /dns/v1/zones/zone-1/records/rec-aaaa",
            ],
            status4: "good", status6: "good"),
        Vector(
            name: "zone not found", replies: [.json("[]")], ipv4: "192.0.2.1", requests: [zones], status4: "nozone",
            messageContains: "no IONOS zone found"),
        Vector(
            name: "zone list API error", replies: [serverError], ipv4: "192.0.2.1", requests: [zones],
            status4: "failed",
            messageContains: "500"),
        Vector(
            name: "zone records API error", replies: [zonesOK, serverError], ipv4: "192.0.2.1",
            requests: [zones, zoneRecords],
            status4: "failed", messageContains: "500"),
        Vector(
            name: "update API error", replies: [zonesOK, records(), serverError], ipv4: "192.0.2.1",
            requests: [zones, zoneRecords, "POST /dns/v1/zones/zone-1/records"], status4: "failed",
            messageContains: "500"),
    ]

    @Test("ddclient's t/protocol_ionos.pl vectors", arguments: vectors)
    func vector(_ vector: Vector) throws {
        let harness = try ProviderHarness(pinning: ["api.hosting.ionos.com"], replies: vector.replies)
        defer { harness.server.stop() }
        let host = HostConfig(
            name: "host.example.com",
            values: [
                "protocol": "ionos", "server": harness.server("api.hosting.ionos.com"), "ssl": "0",
                "password": "test-prefix.test-secret", "ttl": "300",
            ])
        let result = IONOSProtocol().update(
            [UpdateTarget(host: host, ipv4: vector.ipv4, ipv6: vector.ipv6)], context: harness.context
        ).first
        let requests = harness.server.requests
        #expect(requests.map { "\($0.method) \($0.target)" } == vector.requests)
        #expect(
            requests.allSatisfy {
                $0.header("X-API-Key") == "test-prefix.test-secret" && $0.header("accept") == "application/json"
            })
        #expect(result?.ipv4?.status == vector.status4, "\(String(describing: result))")
        #expect(result?.ipv6?.status == vector.status6, "\(String(describing: result))")
        if let words = vector.messageContains {
            #expect(result?.ipv4?.message.contains(words) == true, "\(String(describing: result?.ipv4?.message))")
        }
        for request in requests where request.method == "PUT" {
            let body = try #require(JSONValue.parse(request.bodyText))
            #expect(body["content"]?.string == (request.path.hasSuffix("rec-a") ? vector.ipv4 : vector.ipv6))
            #expect(body["name"] == nil && body["type"] == nil && body["ttl"]?.int == 300 && body["prio"]?.int == 0)
            #expect(request.header("Content-Type") == "application/json")
        }
        for request in requests where request.method == "POST" {
            let body = try #require(JSONValue.parse(request.bodyText)?.array?.first)
            #expect(
                body["name"]?.string == "host.example.com" && body["type"]?.string == "A"
                    && body["content"]?.string == "192.0.2.1")
        }
    }
}
