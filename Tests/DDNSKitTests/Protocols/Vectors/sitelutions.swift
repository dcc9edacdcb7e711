import DDNSFakeProvider

@testable import DDNSKit

/// protocol=sitelutions: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let sitelutions = ProviderVectorSet(
        realName: "api2.sitelutions.com", host: "12345678",
        values: ["login": "me@example.com", "password": "p", "ttl": "300"],
        success: .init(
            reply: fixed(.text("success\n")),
            requests: ["GET /dnsup?id=12345678&user=me%40example.com&pass=p&ip=192.0.2.1&ttl=300"], expect4: .good),
        refusal: .init(
            reply: fixed(.text("failure: invalid login\n")),
            requests: ["GET /dnsup?id=12345678&user=me%40example.com&pass=p&ip=192.0.2.1&ttl=300"],
            expect4: .failed(permanent: false), token4: "failed"),
        malformed: .init(
            reply: fixed(html),
            requests: ["GET /dnsup?id=12345678&user=me%40example.com&pass=p&ip=192.0.2.1&ttl=300"],
            expect4: .failed(permanent: false)))
}
