import DDNSFakeProvider
import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// Spaceship: ddclient's t/protocol_spaceship.pl vectors (scripted replies in order).
@Suite struct SpaceshipTests {
    static let empty = FakeResponse.json(#"{"items":[],"total":0}"#)
    static let one = FakeResponse.json(
        #"{"items":[{"type":"A","name":"host","address":"192.0.2.99","ttl":300}],"total":1}"#)
    static let noContent = FakeResponse(status: 204, headers: [], body: [])

    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var host = "host.example.com"
        var values: [String: String] = ["login": "key1", "password": "sec1", "zone": "example.com"]
        var replies: [FakeResponse]
        var ipv4: String? = "192.0.2.1"
        var ipv6: String? = nil
        var requests: [String]
        var status4: String?
        var status6: String? = nil
        var messageContains: String? = nil
        var testDescription: String { name }
    }

    static let list = "GET /api/v1/dns/records/example.com?take=500&skip=0"
    static let records = "/api/v1/dns/records/example.com"

    static let vectors: [Vector] = [
        Vector(
            name: "v4, no record: PUT", replies: [empty, noContent], requests: [list, "PUT \(records)"], status4: "good"
        ),
        Vector(
            name: "v4, replace: DELETE the old address, then PUT", replies: [one, noContent, noContent],
            ipv4: "192.0.2.2",
            requests: [list, "DELETE \(records)", "PUT \(records)"], status4: "good"),
        Vector(
            name: "v6", replies: [empty, noContent], ipv4: nil, ipv6: "2001:db8::1",
            requests: [list, "PUT \(records)"],
            status4: nil, status6: "good"),
        Vector(
            name: "both", replies: [empty, noContent, empty, noContent], ipv6: "2001:db8::1",
            requests: [list, "PUT \(records)", list, "PUT \(records)"], status4: "good", status6: "good"),
        Vector(
            name: "inferred zone", values: ["login": "key1", "password": "sec1"], replies: [empty, noContent],
            requests: [list, "PUT \(records)"], status4: "good"),
        Vector(
            name: "401", replies: [.json(#"{"detail":"Unauthorized"}"#, status: 401)], requests: [list],
            status4: "badauth",
            messageContains: "API error 401: Unauthorized"),
        Vector(
            name: "429", replies: [.json(#"{"detail":"Too Many Requests"}"#, status: 429)], requests: [list],
            status4: "429",
            messageContains: "API error 429"),
        Vector(
            name: "PUT 500", replies: [empty, .text("", status: 500)], requests: [list, "PUT \(records)"],
            status4: "failed",
            messageContains: "API error 500"),
        Vector(
            name: "DELETE 500: no PUT", replies: [one, .json(#"{"detail":"Delete failed"}"#, status: 500)],
            requests: [list, "DELETE \(records)"], status4: "failed", messageContains: "Delete failed"),
        Vector(
            name: "outside the zone", host: "other.example.org", replies: [], requests: [], status4: "nozone",
            messageContains: "does not end with zone"),
    ]

    @Test("ddclient's t/protocol_spaceship.pl vectors", arguments: vectors)
    func vector(_ vector: Vector) throws {
        let harness = try ProviderHarness(pinning: ["spaceship.dev"], replies: vector.replies)
        defer { harness.server.stop() }
        let host = providerHost(vector.host, "spaceship", server: harness.server("spaceship.dev"), vector.values)
        let result = SpaceshipProtocol().update(
            [UpdateTarget(host: host, ipv4: vector.ipv4, ipv6: vector.ipv6)], context: harness.context
        ).first
        let requests = harness.server.requests
        #expect(requests.map { "\($0.method) \($0.target)" } == vector.requests)
        #expect(requests.allSatisfy { $0.header("X-Api-Key") == "key1" && $0.header("X-Api-Secret") == "sec1" })
        for request in requests where request.method == "DELETE" {
            #expect(JSONValue.parse(request.bodyText)?[0]?["address"]?.string == "192.0.2.99")
        }
        for request in requests where request.method == "PUT" {
            let item = JSONValue.parse(request.bodyText)?["items"]?[0]
            #expect(JSONValue.parse(request.bodyText)?["force"] == .bool(true))
            #expect(item?["name"]?.string == "host" && item?["ttl"]?.int == 300)
            #expect(item?["address"]?.string == (item?["type"]?.string == "AAAA" ? vector.ipv6 : vector.ipv4))
        }
        #expect(result?.ipv4?.status == vector.status4, "\(String(describing: result))")
        #expect(result?.ipv6?.status == vector.status6, "\(String(describing: result))")
        if let words = vector.messageContains {
            #expect(result?.ipv4?.message.contains(words) == true, "\(String(describing: result?.ipv4?.message))")
        }
    }
}
