import DDNSFakeProvider

@testable import DDNSKit

/// protocol=freemyip: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let freemyip = ProviderVectorSet(
        realName: "freemyip.com", host: "home.freemyip.com", values: ["password": "tok"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("OK\n")),
            requests: ["GET /update?token=tok&domain=home.freemyip.com"],
            expect4: .good),
        refusal: .init(
            reply: fixed(.text("ERROR: invalid token\n")),
            requests: ["GET /update?token=tok&domain=home.freemyip.com"],
            expect4: .failed(permanent: false), token4: "failed"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /update?token=tok&domain=home.freemyip.com"],
            expect4: .failed(permanent: false)))
}
