import DDNSFakeProvider

@testable import DDNSKit

/// protocol=dyndns2: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let dyndns2 = ProviderVectorSet(
        realName: "members.dyndns.org", values: ["login": "u", "password": "p"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("good 192.0.2.1,2001:db8::1")),
            requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1,2001:db8::1"], expect4: .good,
            expect6: .good),
        refusal: .init(
            reply: fixed(.text("badauth")), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
            expect4: .failed(permanent: false)))
}
