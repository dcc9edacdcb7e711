import DDNSFakeProvider
import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// Hetzner: ddclient's t/protocol_hetzner.pl vectors (scripted replies in order).
@Suite struct HetznerTests {
    static let running = FakeResponse.json(#"{"action":{"id":1,"status":"running"}}"#)
    static let success = FakeResponse.json(#"{"action":{"id":1,"status":"success"}}"#)
    static let error = FakeResponse.json(
        #"{"action":{"id":1,"status":"error","error":{"message":"something went wrong"}}}"#)
    static let notFound = FakeResponse.json("", status: 404)
    static func found(_ name: String, _ type: String) -> FakeResponse {
        .json(#"{"rrset":{"id":"abc123","name":"\#(name)","type":"\#(type)"}}"#)
    }

    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var host = "host.example.com"
        var password = "mytoken"
        var replies: [FakeResponse]
        var ipv4: String?
        var ipv6: String?
        var requests: [String]
        /// The body of the second request (the create or the set).
        var body: String?
        var status4: String?
        var status6: String? = nil
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(
            name: "IPv4 success, no existing record (create)", replies: [notFound, running, success], ipv4: "192.0.2.1",
            requests: ["GET /zones/example.com/rrsets/host/A", "POST /zones/example.com/rrsets", "GET /actions/1"],
            body: #"{"name":"host","type":"A","ttl":60,"records":[{"value":"192.0.2.1"}]}"#, status4: "good"),
        Vector(
            name: "IPv4 success, existing record (update)", replies: [found("host", "A"), running, success],
            ipv4: "192.0.2.2",
            requests: [
                "GET /zones/example.com/rrsets/host/A", "POST /zones/example.com/rrsets/host/A/actions/set_records",
                "GET /actions/1",
            ], body: #"{"records": [{"value": "192.0.2.2"}]}"#, status4: "good"),
        Vector(
            name: "the zone's apex is @", host: "example.com", replies: [notFound, running, success], ipv4: "192.0.2.1",
            requests: ["GET /zones/example.com/rrsets/@/A", "POST /zones/example.com/rrsets", "GET /actions/1"],
            body: #"{"name":"@","type":"A","ttl":60,"records":[{"value":"192.0.2.1"}]}"#, status4: "good"),
        Vector(
            name: "IPv6 create", replies: [notFound, running, success], ipv6: "2001:db8::1",
            requests: ["GET /zones/example.com/rrsets/host/AAAA", "POST /zones/example.com/rrsets", "GET /actions/1"],
            body: #"{"name":"host","type":"AAAA","ttl":60,"records":[{"value":"2001:db8::1"}]}"#, status4: nil,
            status6: "good"),
        Vector(
            name: "both families", replies: [notFound, running, success, notFound, running, success], ipv4: "192.0.2.1",
            ipv6: "2001:db8::1",
            requests: [
                "GET /zones/example.com/rrsets/host/A", "POST /zones/example.com/rrsets", "GET /actions/1",
                "GET /zones/example.com/rrsets/host/AAAA", "POST /zones/example.com/rrsets", "GET /actions/1",
            ], status4: "good", status6: "good"),
        Vector(
            name: "the action fails", replies: [notFound, running, error], ipv4: "192.0.2.1",
            requests: ["GET /zones/example.com/rrsets/host/A", "POST /zones/example.com/rrsets", "GET /actions/1"],
            status4: "failed"),
        Vector(
            name: "the token is sent as a bearer", password: "supersecrettoken", replies: [notFound, running, success],
            ipv4: "192.0.2.1",
            requests: ["GET /zones/example.com/rrsets/host/A", "POST /zones/example.com/rrsets", "GET /actions/1"],
            status4: "good"),
    ]

    @Test("ddclient's t/protocol_hetzner.pl vectors", arguments: vectors)
    func vector(_ vector: Vector) throws {
        let harness = try ProviderHarness(pinning: ["api.hetzner.cloud"], replies: vector.replies)
        defer { harness.server.stop() }
        let host = HostConfig(
            name: vector.host,
            values: [
                "protocol": "hetzner", "server": harness.server("api.hetzner.cloud"), "ssl": "0", "zone": "example.com",
                "password": vector.password, "ttl": "60",
            ])
        let result = HetznerProtocol().update(
            [UpdateTarget(host: host, ipv4: vector.ipv4, ipv6: vector.ipv6)], context: harness.context
        ).first
        let requests = harness.server.requests
        #expect(requests.map { "\($0.method) \($0.target)" } == vector.requests)
        #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer \(vector.password)" })
        if let body = vector.body { #expect(requests.count > 1 && requests[1].bodyText == body) }
        #expect(result?.ipv4?.status == vector.status4, "\(String(describing: result))")
        #expect(result?.ipv6?.status == vector.status6, "\(String(describing: result))")
        if vector.name == "the action fails" {
            #expect(result?.ipv4?.message.contains("something went wrong") == true)
        }
    }

    @Test("a stop signal while an action is pending ends the run within 2 s (the pause between polls is 10 s)")
    func stopDuringPendingAction() throws {
        let server = try FakeHTTPServer { request in
            request.method == "GET" && request.path.hasPrefix("/zones/") ? Self.notFound : Self.running
        }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            ssl=no, use=ip, ip=192.0.2.1
            protocol=hetzner, server=api.hetzner.cloud:\(server.port), zone=example.com, password=token host.example.com
            """, in: directory)
        let running = try startDDSwift(
            ["-file", path, "-cache", directory + "/c"],
            environment: ["DDSWIFT_RESOLVE": "api.hetzner.cloud:\(server.port):127.0.0.1"])
        let deadline = Date().addingTimeInterval(10)
        while !server.requests.contains(where: { $0.path.hasPrefix("/actions/") }) && Date() < deadline {
            usleep(20_000)
        }
        #expect(server.requests.contains { $0.path.hasPrefix("/actions/") })
        let stopped = Date()
        kill(running.process.processIdentifier, SIGTERM)
        let run = running.finish()
        #expect(Date().timeIntervalSince(stopped) < 2, "\(run.stderr)")
        // The host is not recorded as failed: the next run sends it again at once.
        #expect(try CacheFile.read(path: directory + "/c").entries["host.example.com"]?.failures(.ipv4) ?? 0 == 0)
    }
}
