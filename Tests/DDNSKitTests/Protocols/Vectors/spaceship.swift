import DDNSFakeProvider

@testable import DDNSKit

/// protocol=spaceship: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let spaceship = ProviderVectorSet(
        realName: "spaceship.dev", values: ["login": "k", "password": "s", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in request.method == "GET" ? SpaceshipTests.empty : SpaceshipTests.noContent },
            requests: [
                "GET /api/v1/dns/records/example.com?take=500&skip=0", "PUT /api/v1/dns/records/example.com",
                "GET /api/v1/dns/records/example.com?take=500&skip=0", "PUT /api/v1/dns/records/example.com",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.json(#"{"detail":"Unauthorized"}"#, status: 401)),
            requests: ["GET /api/v1/dns/records/example.com?take=500&skip=0"], expect4: .failed(permanent: true),
            token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /api/v1/dns/records/example.com?take=500&skip=0"],
            expect4: .failed(permanent: false), token4: "failed"))
}
