import DDNSFakeProvider
import Testing

@testable import DDNSKit

/// The dyndns2-like providers: exact request per family, success and refusal.
@Suite struct DynDNSStyleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var proto: any DDNSProtocol
        var realName: String
        var values: [String: String]
        var host = "home.example.com"
        var ipv6: String? = nil
        /// Expected requests as "path?query", and the Basic credentials.
        var requests: [String]
        var auth: String?
        var good: String
        var bad: String
        var badStatus: String
        var testDescription: String { proto.name }
    }

    static let cases: [Case] = [
        Case(
            proto: SimpleProviders.named("he.net")!, realName: "dyn.dns.he.net", values: ["password": "key"],
            ipv6: "2001:db8::9",
            requests: [
                "/nic/update?hostname=home.example.com&myip=192.0.2.9",
                "/nic/update?hostname=home.example.com&myip=2001:db8::9",
            ],
            auth: "home.example.com:key", good: "good 192.0.2.9", bad: "badauth", badStatus: "badauth"),
        Case(
            proto: DynuProtocol(), realName: "api.dynu.com",
            values: ["login": "u", "password": "p", "zone": "example.com"], ipv6: "2001:db8::9",
            requests: ["/nic/update?hostname=example.com&alias=home&myip=192.0.2.9&myipv6=2001:db8::9"],
            auth: "u:p", good: "good", bad: "911", badStatus: "911"),
        Case(
            proto: INWXProtocol(), realName: "dyndns.inwx.com", values: ["login": "u", "password": "p"],
            requests: ["/nic/update?myip=192.0.2.9"], auth: "u:p", good: "good 192.0.2.9", bad: "badauth",
            badStatus: "badauth"),
        Case(
            proto: SimpleProviders.named("infomaniak")!, realName: "infomaniak.com",
            values: ["login": "u", "password": "p"],
            requests: ["/nic/update?hostname=home.example.com&myip=192.0.2.9"], auth: "u:p", good: "nochg 192.0.2.9",
            bad: "nohost", badStatus: "nohost"),
        Case(
            proto: SimpleProviders.named("ovh")!, realName: "www.ovh.com", values: ["login": "u", "password": "p"],
            requests: ["/nic/update?system=dyndns&hostname=home.example.com&myip=192.0.2.9"], auth: "u:p",
            good: "good 192.0.2.9", bad: "nohost", badStatus: "nohost"),
        Case(
            proto: SimpleProviders.named("changeip")!, realName: "nic.changeip.com",
            values: ["login": "u", "password": "p"],
            requests: ["/nic/update?hostname=home.example.com&ip=192.0.2.9"], auth: "u:p",
            good: "200 Successful Update", bad: "401 Access Denied", badStatus: "failed"),
        Case(
            proto: EasyDNSProtocol(), realName: "api.cp.easydns.com",
            values: ["login": "u", "password": "p", "wildcard": "1"],
            requests: ["/dyn/generic.php?hostname=home.example.com&myip=192.0.2.9&wildcard=ON"], auth: "u:p",
            good: "<html>NOERROR</html>", bad: "NO_AUTH", badStatus: "NO_AUTH"),
        Case(
            proto: SimpleProviders.named("simply.com")!, realName: "dyndns.simply.com",
            values: ["login": "u", "password": "p", "zone": "example.com"],
            requests: ["/nic/update?hostname=home.example.com&myip=192.0.2.9&domain=example.com"], auth: "u:p",
            good: "good", bad: "badauth", badStatus: "badauth"),
    ]

    func run(_ testCase: Case, reply: String) throws -> (UpdateResult?, [RecordedRequest]) {
        let harness = try ProviderHarness(pinning: [testCase.realName]) { _ in .text(reply) }
        defer { harness.server.stop() }
        let host = providerHost(
            testCase.host, testCase.proto.name, server: harness.server(testCase.realName), testCase.values)
        let target = UpdateTarget(host: host, ipv4: "192.0.2.9", ipv6: testCase.ipv6)
        return (testCase.proto.update([target], context: harness.context).first, harness.server.requests)
    }

    @Test("the exact request and a successful reply", arguments: cases)
    func success(_ testCase: Case) throws {
        let (result, requests) = try run(testCase, reply: testCase.good)
        #expect(requests.map { "\($0.path)?\($0.rawQuery)" } == testCase.requests)
        #expect(requests.allSatisfy { $0.method == "GET" && $0.basicAuth == testCase.auth })
        #expect(result?.ipv4?.isSuccess == true, "\(String(describing: result))")
        if testCase.ipv6 != nil { #expect(result?.ipv6?.isSuccess == true) }
    }

    @Test("a refusal is a failure with the provider's token", arguments: cases)
    func refusal(_ testCase: Case) throws {
        let (result, _) = try run(testCase, reply: testCase.bad)
        #expect(result?.ipv4?.isSuccess == false)
        #expect(result?.ipv4?.status == testCase.badStatus, "\(String(describing: result))")
    }
}
