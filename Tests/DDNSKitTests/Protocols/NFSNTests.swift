import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// nfsn: the signed requests (list, remove, add) and the signature itself.
@Suite struct NFSNTests {
    @Test("the X-NFSN-Authentication signature (vector computed with Python's hashlib)")
    func signature() {
        let header = NFSNProtocol.signature(
            login: "me", time: 1_700_000_000, salt: "abcdefghijklmnop", apiKey: "key123",
            path: "/dns/example.com/listRRs",
            body: "name=home&type=A")
        #expect(header == "me;1700000000;abcdefghijklmnop;9d282c50e70a67dff81b9b4f717ced435d30fe83")
    }

    @Test("list, remove the old data, add the new; every request signed over its own path and body")
    func requests() throws {
        let harness = try ProviderHarness(pinning: ["api.nearlyfreespeech.net"]) { request in
            request.path.hasSuffix("/listRRs")
                ? .json(#"[{"name":"home","type":"A","data":"198.51.100.1","ttl":300}]"#) : .text("", status: 200)
        }
        defer { harness.server.stop() }
        let host = HostConfig(
            name: "home.example.com",
            values: [
                "protocol": "nfsn", "server": harness.server("api.nearlyfreespeech.net"), "ssl": "0", "login": "me",
                "password": "key123", "zone": "example.com", "ttl": "300",
            ])
        let result = NFSNProtocol().update(
            [UpdateTarget(host: host, ipv4: "192.0.2.5", ipv6: "2001:db8::5")], context: harness.context
        ).first
        let requests = harness.server.requests
        #expect(
            requests.map { "\($0.method) \($0.path) \($0.bodyText)" } == [
                "POST /dns/example.com/listRRs name=home&type=A",
                "POST /dns/example.com/removeRR name=home&type=A&data=198.51.100.1",
                "POST /dns/example.com/addRR name=home&type=A&data=192.0.2.5&ttl=300",
            ])
        for request in requests {
            let parts = (request.header("X-NFSN-Authentication") ?? "").split(separator: ";").map(String.init)
            #expect(parts.count == 4 && parts[0] == "me" && parts[1] == "1000" && parts[2].count == 16)
            let expected = NFSNProtocol.signature(
                login: "me", time: 1000, salt: parts[2], apiKey: "key123", path: request.path, body: request.bodyText)
            #expect(request.header("X-NFSN-Authentication") == expected)
        }
        #expect(result?.ipv4?.isSuccess == true && result?.ipv6 == nil)
    }
}
