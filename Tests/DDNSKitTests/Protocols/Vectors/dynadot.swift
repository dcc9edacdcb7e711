import DDNSFakeProvider

@testable import DDNSKit

/// protocol=dynadot: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let dynadot = ProviderVectorSet(
        realName: "www.dynadot.com", values: ["password": "pw", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("ok")),
            requests: [
                "GET /set_ddns?containRoot=false&domain=example.com&ip=192.0.2.1&pwd=pw&ttl=300&type=A&subDomain=home",
                "GET /set_ddns?containRoot=false&domain=example.com&ip=2001%3Adb8%3A%3A1&pwd=pw&ttl=300&type=AAAA&subDomain=home",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.text("fail: invalid password")),
            requests: [
                "GET /set_ddns?containRoot=false&domain=example.com&ip=192.0.2.1&pwd=pw&ttl=300&type=A&subDomain=home"
            ],
            expect4: .failed(permanent: false), token4: "failed"),
        malformed: .init(
            reply: fixed(html),
            requests: [
                "GET /set_ddns?containRoot=false&domain=example.com&ip=192.0.2.1&pwd=pw&ttl=300&type=A&subDomain=home"
            ],
            expect4: .failed(permanent: false)))
}
