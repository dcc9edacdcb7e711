import DDNSFakeProvider

@testable import DDNSKit

/// protocol=cloudflare: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let cloudflare = ProviderVectorSet(
        realName: "api.cloudflare.com", suffix: "/client/v4",
        values: ["login": "token", "password": "cf-token", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1", reply: CloudflareTests.handler,
            requests: [
                "GET /client/v4/zones/?name=example.com",
                "GET /client/v4/zones/zone123/dns_records?type=A&name=home.example.com",
                "PATCH /client/v4/zones/zone123/dns_records/recA",
                "GET /client/v4/zones/zone123/dns_records?type=AAAA&name=home.example.com",
                "PATCH /client/v4/zones/zone123/dns_records/recAAAA",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(
                .json(#"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}"#, status: 403)
            ), requests: ["GET /client/v4/zones/?name=example.com"], expect4: .failed(permanent: true),
            token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /client/v4/zones/?name=example.com"],
            expect4: .failed(permanent: false)))
}
