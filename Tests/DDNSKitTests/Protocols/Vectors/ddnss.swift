import DDNSFakeProvider

@testable import DDNSKit

/// protocol=ddnss: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let ddnss = ProviderVectorSet(
        realName: "ddnss.de", values: ["password": "k"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("good")),
            requests: [
                "GET /upd.php?key=k&host=home.example.com&ip=192.0.2.1",
                "GET /upd.php?key=k&host=home.example.com&ip6=2001:db8::1",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.text("badauth")), requests: ["GET /upd.php?key=k&host=home.example.com&ip=192.0.2.1"],
            expect4: .failed(permanent: false), token4: "failed"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /upd.php?key=k&host=home.example.com&ip=192.0.2.1"],
            expect4: .failed(permanent: false)))
}
