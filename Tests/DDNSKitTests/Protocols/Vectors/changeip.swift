import DDNSFakeProvider

@testable import DDNSKit

/// protocol=changeip: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let changeip = ProviderVectorSet(
        realName: "nic.changeip.com", values: ["login": "u", "password": "p"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("200 Successful Update")),
            requests: ["GET /nic/update?hostname=home.example.com&ip=192.0.2.1"], expect4: .good),
        refusal: .init(
            reply: fixed(unauthorized), requests: ["GET /nic/update?hostname=home.example.com&ip=192.0.2.1"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /nic/update?hostname=home.example.com&ip=192.0.2.1"],
            expect4: .failed(permanent: false)))
}
