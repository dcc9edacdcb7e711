import DDNSFakeProvider
import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// netcup: ddclient's t/protocol_netcup.pl vectors (scripted replies in order).
@Suite struct NetcupTests {
    static let loginOK = FakeResponse.json(#"{"status":"success","responsedata":{"apisessionid":"sess-abc123"}}"#)
    static let updateOK = FakeResponse.json(#"{"status":"success","responsedata":{}}"#)
    static let logoutOK = FakeResponse.json(#"{"status":"success"}"#)
    static func records(_ list: String...) -> FakeResponse {
        .json(#"{"status":"success","responsedata":{"dnsrecords":[\#(list.joined(separator: ","))]}}"#)
    }
    static let hostA =
        #"{"id":"99","hostname":"host","type":"A","destination":"10.0.0.1","deleterecord":false,"state":"yes"}"#

    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var host = "host.example.com"
        var replies: [FakeResponse]
        var ipv4: String? = "192.0.2.1"
        var ipv6: String? = nil
        /// The JSON-RPC actions, in order.
        var actions: [String]
        /// The records sent by updateDnsRecords: (id, hostname, type, destination).
        var updates: [(String?, String, String, String)]
        var status4: String?
        var status6: String? = nil
        var messageContains: String? = nil
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(
            name: "v4, existing record", replies: [loginOK, records(hostA), updateOK, logoutOK],
            actions: ["login", "infoDnsRecords", "updateDnsRecords", "logout"],
            updates: [("99", "host", "A", "192.0.2.1")],
            status4: "good"),
        Vector(
            name: "v6, no record: no id", replies: [loginOK, records(), updateOK, logoutOK], ipv4: nil,
            ipv6: "2001:db8::1",
            actions: ["login", "infoDnsRecords", "updateDnsRecords", "logout"],
            updates: [(nil, "host", "AAAA", "2001:db8::1")],
            status4: nil, status6: "good"),
        Vector(
            name: "both families, one session",
            replies: [loginOK, records(hostA), updateOK, records(hostA), updateOK, logoutOK],
            ipv6: "2001:db8::1",
            actions: ["login", "infoDnsRecords", "updateDnsRecords", "infoDnsRecords", "updateDnsRecords", "logout"],
            updates: [("99", "host", "A", "192.0.2.1"), (nil, "host", "AAAA", "2001:db8::1")], status4: "good",
            status6: "good"),
        Vector(
            name: "login failure",
            replies: [
                .json(#"{"status":"error","shortmessage":"Authentication failed","longmessage":"Invalid credentials"}"#)
            ],
            actions: ["login"], updates: [], status4: "badauth", messageContains: "Invalid credentials"),
        Vector(
            name: "apex", host: "example.com",
            replies: [loginOK, records(#"{"id":"1","hostname":"@","type":"A"}"#), updateOK, logoutOK],
            actions: ["login", "infoDnsRecords", "updateDnsRecords", "logout"], updates: [("1", "@", "A", "192.0.2.1")],
            status4: "good"),
        Vector(
            name: "infoDnsRecords error; still logged out",
            replies: [loginOK, .json(#"{"status":"error","longmessage":"Zone not found"}"#), logoutOK],
            actions: ["login", "infoDnsRecords", "logout"], updates: [], status4: "failed",
            messageContains: "Zone not found"),
    ]

    @Test("ddclient's t/protocol_netcup.pl vectors", arguments: vectors)
    func vector(_ vector: Vector) throws {
        let harness = try ProviderHarness(pinning: ["ccp.netcup.net"], replies: vector.replies)
        defer { harness.server.stop() }
        let values = [
            "protocol": "netcup", "server": harness.server("ccp.netcup.net"), "ssl": "0", "login": "12345",
            "password": "mypass",
            "apikey": "myapikey", "zone": "example.com",
        ]
        let result = NetcupProtocol().update(
            [UpdateTarget(host: HostConfig(name: vector.host, values: values), ipv4: vector.ipv4, ipv6: vector.ipv6)],
            context: harness.context
        ).first
        let requests = harness.server.requests
        #expect(requests.allSatisfy { $0.method == "POST" && $0.target == "/run/webservice/servers/endpoint.php" })
        let bodies = requests.compactMap { JSONValue.parse($0.bodyText) }
        #expect(bodies.map { $0["action"]?.string ?? "" } == vector.actions)
        if let login = bodies.first {
            #expect(
                login["param"]?["customernumber"]?.string == "12345" && login["param"]?["apikey"]?.string == "myapikey")
            #expect(login["param"]?["apipassword"]?.string == "mypass")
        }
        for body in bodies.dropFirst() { #expect(body["param"]?["apisessionid"]?.string == "sess-abc123") }
        let updates = bodies.filter { $0["action"]?.string == "updateDnsRecords" }.compactMap {
            $0["param"]?["dnsrecordset"]?["dnsrecords"]?[0]
        }
        #expect(updates.count == vector.updates.count)
        for (sent, expected) in zip(updates, vector.updates) {
            #expect(sent["id"]?.string == expected.0 && sent["hostname"]?.string == expected.1)
            #expect(sent["type"]?.string == expected.2 && sent["destination"]?.string == expected.3)
        }
        #expect(result?.ipv4?.status == vector.status4, "\(String(describing: result))")
        #expect(result?.ipv6?.status == vector.status6, "\(String(describing: result))")
        if let words = vector.messageContains {
            #expect(result?.ipv4?.message.contains(words) == true, "\(String(describing: result?.ipv4?.message))")
        }
    }
}
