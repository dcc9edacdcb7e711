import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// dnsexit2: ddclient's t/protocol_dnsexit2.pl vectors (bodies compared decoded), through the
/// engine's grouping.
@Suite struct DNSExit2Tests {
    struct Host: Sendable {
        var name: String
        var ttl: String
        var zone: String?
        var ipv4: String?
        var ipv6: String?
    }

    /// (domain, [(name, type, content, ttl)]) of each request, in order.
    typealias Body = (String, [(String, String, String, Int)])

    func run(_ hosts: [Host]) throws -> ([RecordedRequest], [UpdateResult]) {
        let harness = try ProviderHarness(pinning: ["api.dnsexit.com"]) { _ in .json(#"{"code":0,"message":"Success"}"#)
        }
        defer { harness.server.stop() }
        let proto = DNSExit2Protocol()
        let targets = hosts.map { host -> UpdateTarget in
            var values = [
                "protocol": "dnsexit2", "password": "key", "path": "/update",
                "server": harness.server("api.dnsexit.com"),
                "ssl": "0", "ttl": host.ttl,
            ]
            values["zone"] = host.zone
            return UpdateTarget(host: HostConfig(name: host.name, values: values), ipv4: host.ipv4, ipv6: host.ipv6)
        }
        var results: [UpdateResult] = []
        for group in UpdateRunner.group(targets.map { (proto as any DDNSProtocol, $0) }) {
            results += proto.update(group.targets, context: harness.context)
        }
        return (harness.server.requests, results)
    }

    func bodies(_ requests: [RecordedRequest]) -> [String] {
        requests.map { request in
            let json = JSONValue.parse(request.bodyText)
            let items = (json?["update"]?.array ?? []).map {
                "\($0["name"]?.string ?? "?")/\($0["type"]?.string ?? "?")/\($0["content"]?.string ?? "?")/\($0["ttl"]?.int ?? -1)"
            }
            return
                "\(json?["apikey"]?.string ?? "?") \(json?["domain"]?.string ?? "?") [\(items.joined(separator: " "))]"
        }
    }

    @Test("IPv4 and IPv6 of one host in one request")
    func bothFamilies() throws {
        let (requests, results) = try run([
            Host(name: "host.my.example.com", ttl: "5", zone: "my.example.com", ipv4: "192.0.2.1", ipv6: "2001:db8::1")
        ])
        #expect(
            requests.allSatisfy {
                $0.method == "POST" && $0.target == "/update" && $0.header("Accept") == "application/json"
                    && $0.header("Content-Type") == "application/json"
            })
        #expect(bodies(requests) == ["key my.example.com [host/A/192.0.2.1/5 host/AAAA/2001:db8::1/5]"])
        #expect(results.first?.ipv4?.isSuccess == true && results.first?.ipv6?.isSuccess == true)
    }

    @Test("the zone defaults to the host")
    func zoneDefault() throws {
        let (requests, _) = try run([Host(name: "host.my.example.com", ttl: "10", ipv4: "192.0.2.1")])
        #expect(bodies(requests) == ["key host.my.example.com [/A/192.0.2.1/10]"])
    }

    @Test("two hosts in different zones: two requests; in the same zone: one")
    func grouping() throws {
        let (different, _) = try run([
            Host(name: "host1.example.com", ttl: "5", ipv4: "192.0.2.1"),
            Host(name: "host2.example.com", ttl: "10", zone: "example.com", ipv6: "2001:db8::1"),
        ])
        #expect(
            Set(bodies(different)) == [
                "key host1.example.com [/A/192.0.2.1/5]", "key example.com [host2/AAAA/2001:db8::1/10]",
            ])
        let (same, results) = try run([
            Host(name: "host1.example.com", ttl: "5", zone: "example.com", ipv4: "192.0.2.1"),
            Host(name: "host2.example.com", ttl: "10", zone: "example.com", ipv6: "2001:db8::1"),
        ])
        #expect(bodies(same) == ["key example.com [host1/A/192.0.2.1/5 host2/AAAA/2001:db8::1/10]"])
        #expect(results.count == 2 && results.allSatisfy { ($0.ipv4 ?? $0.ipv6)?.isSuccess == true })
    }

    @Test("a host outside its zone: nothing sent for it, a permanent failure naming the zone")
    func outsideZone() throws {
        let (requests, results) = try run([Host(name: "host.example", ttl: "5", zone: "example.com", ipv4: "192.0.2.1")]
        )
        #expect(requests.isEmpty)
        #expect(results.first?.ipv4?.kind == .permanentFailure)
        #expect(results.first?.ipv4?.message.contains("hostname does not end with the zone: example.com") == true)
    }
}
