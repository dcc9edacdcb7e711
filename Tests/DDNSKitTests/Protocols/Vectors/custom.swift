import DDNSFakeProvider

@testable import DDNSKit

/// protocol=custom: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let custom = ProviderVectorSet(
        realName: "dyn.example.net",
        values: ["url": "http://%SERVER%/update?host=%h&ip=%i", "login": "u", "password": "p", "success": "^good"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("good")),
            requests: [
                "GET /update?host=home.example.com&ip=192.0.2.1",
                "GET /update?host=home.example.com&ip=2001%3Adb8%3A%3A1",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(unauthorized), requests: ["GET /update?host=home.example.com&ip=192.0.2.1"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /update?host=home.example.com&ip=192.0.2.1"],
            expect4: .failed(permanent: false), token4: "unknown"))
}
