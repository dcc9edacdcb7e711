import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// ZoneEdit: one grouped request; the reply's tags belong to the hosts in order (the replies
/// are the examples in ddclient's source).
@Suite struct ZoneEdit1Tests {
    @Test(
        "hosts grouped in one request; SUCCESS, ERROR 707 (a duplicate: success) and other ERRORs per host; a missing tag fails"
    )
    func grouped() throws {
        let harness = try ProviderHarness(pinning: ["dynamic.zoneedit.com"]) { _ in
            .text(
                """
                <SUCCESS CODE="200" TEXT="Update succeeded." ZONE="example.com" IP="192.0.2.1">
                <ERROR CODE="707" TEXT="Duplicate updates for the same host/ip, adjust client settings" ZONE="example.com"><ERROR CODE="701" TEXT="Zone is not set up in this account." ZONE="bad.com">
                """)
        }
        defer { harness.server.stop() }
        let values = [
            "protocol": "zoneedit1", "server": harness.server("dynamic.zoneedit.com"), "ssl": "0", "login": "me",
            "password": "pw",
            "zone": "example.com",
        ]
        let targets = ["a.example.com", "b.example.com", "c.example.com", "d.example.com"].map {
            UpdateTarget(host: HostConfig(name: $0, values: values), ipv4: "192.0.2.1", ipv6: "2001:db8::1")
        }
        let results = ZoneEdit1Protocol().update(targets, context: harness.context)
        #expect(
            harness.server.requests.map(\.target) == [
                "/auth/dynamic.html?host=a.example.com,b.example.com,c.example.com,d.example.com&dnsto=192.0.2.1&zone=example.com"
            ])
        #expect(harness.server.requests.first?.basicAuth == "me:pw")
        #expect(results.map { $0.ipv4?.status } == ["good", "good", "error-701", "failed"])
        #expect(results.allSatisfy { $0.ipv6 == nil })
        #expect(results[2].ipv4?.message.contains("701: Zone is not set up in this account.") == true)
        #expect(results[3].ipv4?.message.contains("no response") == true)
    }

    @Test("the engine groups zoneedit1 hosts with equal login, password, server, zone and address")
    func engineGroups() {
        let proto = ZoneEdit1Protocol()
        let host = { (name: String, zone: String) in
            UpdateTarget(
                host: HostConfig(
                    name: name, values: ["protocol": "zoneedit1", "login": "me", "password": "pw", "zone": zone]),
                ipv4: "192.0.2.1")
        }
        let groups = UpdateRunner.group([
            (proto, host("a.example.com", "example.com")), (proto, host("b.example.com", "example.com")),
            (proto, host("c.example.org", "example.org")),
        ])
        #expect(groups.map { $0.targets.map(\.name) } == [["a.example.com", "b.example.com"], ["c.example.org"]])
    }
}
