import DDNSFakeProvider

@testable import DDNSKit

/// protocol=duckdns: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let duckdns = ProviderVectorSet(
        realName: "www.duckdns.org", host: "home.duckdns.org", values: ["password": "t0k"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("OK")),
            requests: ["GET /update?domains=home.duckdns.org&token=t0k&ip=192.0.2.1&ipv6=2001:db8::1"],
            expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.text("KO")), requests: ["GET /update?domains=home.duckdns.org&token=t0k&ip=192.0.2.1"],
            expect4: .failed(permanent: true), token4: "KO"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /update?domains=home.duckdns.org&token=t0k&ip=192.0.2.1"],
            expect4: .failed(permanent: false)))
}
