import DDNSFakeProvider
import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// NS1: ddclient's t/protocol_ns1.pl vectors (scripted replies in order).
@Suite struct NS1Tests {
    static let notFound = FakeResponse.json(#"{"message":"record not found"}"#, status: 404)
    static let record = FakeResponse.json(
        #"{"zone":"example.com","domain":"host.example.com","type":"A","answers":[{"answer":["192.0.2.99"]}],"ttl":3600}"#
    )
    static let ok = FakeResponse.json(#"{"zone":"example.com","domain":"host.example.com","type":"A"}"#)

    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var host = "host.example.com"
        var values: [String: String] = ["login": "mykey", "zone": "example.com"]
        var replies: [FakeResponse]
        var ipv4: String? = "192.0.2.1"
        var ipv6: String? = nil
        var requests: [String]
        /// The answer and ttl of each write.
        var bodies: [(String, Int)] = []
        var status4: String?
        var status6: String? = nil
        var messageContains: String? = nil
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(
            name: "v4, no record: PUT with ttl 300 as a number", replies: [notFound, ok],
            requests: ["GET /v1/zones/example.com/host.example.com/A", "PUT /v1/zones/example.com/host.example.com/A"],
            bodies: [("192.0.2.1", 300)], status4: "good"),
        Vector(
            name: "v4, existing record: POST", replies: [record, ok], ipv4: "192.0.2.2",
            requests: [
                "GET /v1/zones/example.com/host.example.com/A", "POST /v1/zones/example.com/host.example.com/A",
            ],
            bodies: [("192.0.2.2", 300)], status4: "good"),
        Vector(
            name: "v6, no record", replies: [notFound, ok], ipv4: nil, ipv6: "2001:db8::1",
            requests: [
                "GET /v1/zones/example.com/host.example.com/AAAA", "PUT /v1/zones/example.com/host.example.com/AAAA",
            ],
            bodies: [("2001:db8::1", 300)], status4: nil, status6: "good"),
        Vector(
            name: "both families", replies: [notFound, ok, notFound, ok], ipv6: "2001:db8::1",
            requests: [
                "GET /v1/zones/example.com/host.example.com/A", "PUT /v1/zones/example.com/host.example.com/A",
                "GET /v1/zones/example.com/host.example.com/AAAA", "PUT /v1/zones/example.com/host.example.com/AAAA",
            ], status4: "good", status6: "good"),
        Vector(
            name: "custom ttl", values: ["login": "mykey", "zone": "example.com", "ttl": "600"],
            replies: [notFound, ok],
            requests: ["GET /v1/zones/example.com/host.example.com/A", "PUT /v1/zones/example.com/host.example.com/A"],
            bodies: [("192.0.2.1", 600)], status4: "good"),
        Vector(
            name: "inferred zone", values: ["login": "mykey"], replies: [notFound, ok],
            requests: ["GET /v1/zones/example.com/host.example.com/A", "PUT /v1/zones/example.com/host.example.com/A"],
            status4: "good"),
        Vector(
            name: "401", replies: [.json(#"{"message":"Unauthorized"}"#, status: 401)],
            requests: ["GET /v1/zones/example.com/host.example.com/A"], status4: "badauth",
            messageContains: "API error 401: Unauthorized"),
        Vector(
            name: "PUT fails", replies: [notFound, .json(#"{"message":"Internal Server Error"}"#, status: 500)],
            requests: ["GET /v1/zones/example.com/host.example.com/A", "PUT /v1/zones/example.com/host.example.com/A"],
            status4: "failed", messageContains: "API error 500"),
        Vector(
            name: "outside the zone", host: "other.example.org", replies: [], requests: [], status4: "nozone",
            messageContains: "does not end with zone"),
        Vector(
            name: "no dot, no zone", host: "localhostname", values: ["login": "mykey"], replies: [], requests: [],
            status4: "nozone", messageContains: "no dot in hostname; use zone="),
        Vector(
            name: "apex, inferred zone", host: "example.com", values: ["login": "mykey"], replies: [notFound, ok],
            requests: ["GET /v1/zones/example.com/example.com/A", "PUT /v1/zones/example.com/example.com/A"],
            status4: "good"),
    ]

    @Test("ddclient's t/protocol_ns1.pl vectors", arguments: vectors)
    func vector(_ vector: Vector) throws {
        let harness = try ProviderHarness(pinning: ["api.nsone.net"], replies: vector.replies)
        defer { harness.server.stop() }
        let host = providerHost(vector.host, "ns1", server: harness.server("api.nsone.net") + "/v1", vector.values)
        let result = NS1Protocol().update(
            [UpdateTarget(host: host, ipv4: vector.ipv4, ipv6: vector.ipv6)], context: harness.context
        ).first
        let requests = harness.server.requests
        #expect(requests.map { "\($0.method) \($0.target)" } == vector.requests)
        #expect(
            requests.allSatisfy { $0.header("X-NSONE-Key") == "mykey" && $0.header("Accept") == "application/json" })
        let writes = requests.filter { $0.method != "GET" }
        for (request, (answer, ttl)) in zip(writes, vector.bodies) {
            let body = try #require(JSONValue.parse(request.bodyText))
            #expect(
                body["answers"]?[0]?["answer"]?[0]?.string == answer && body["ttl"] == .number(String(ttl)),
                "\(request.bodyText)")
        }
        #expect(result?.ipv4?.status == vector.status4, "\(String(describing: result))")
        #expect(result?.ipv6?.status == vector.status6, "\(String(describing: result))")
        if let words = vector.messageContains {
            #expect(result?.ipv4?.message.contains(words) == true, "\(String(describing: result?.ipv4?.message))")
        }
    }
}
