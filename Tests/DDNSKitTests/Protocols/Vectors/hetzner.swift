import DDNSFakeProvider

@testable import DDNSKit

/// protocol=hetzner: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let hetzner = ProviderVectorSet(
        realName: "api.hetzner.cloud", suffix: "/v1", values: ["password": "tok", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in
                if request.method == "POST" { return HetznerTests.running }
                if request.path.hasPrefix("/v1/actions/") { return HetznerTests.success }
                return request.path.hasSuffix("/A") ? HetznerTests.found("home", "A") : HetznerTests.notFound
            },
            requests: [
                "GET /v1/zones/example.com/rrsets/home/A",
                "POST /v1/zones/example.com/rrsets/home/A/actions/set_records",
                "GET /v1/actions/1", "GET /v1/zones/example.com/rrsets/home/AAAA",
                "POST /v1/zones/example.com/rrsets",
                "GET /v1/actions/1",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(
                .json(#"{"error":{"code":"unauthorized","message":"unable to authenticate"}}"#, status: 401)),
            requests: ["GET /v1/zones/example.com/rrsets/home/A"], expect4: .failed(permanent: true),
            token4: "badauth"),
        malformed: .init(
            reply: { request in request.method == "GET" ? HetznerTests.notFound : html },
            requests: ["GET /v1/zones/example.com/rrsets/home/A", "POST /v1/zones/example.com/rrsets"],
            expect4: .failed(permanent: false), token4: "failed"))
}
