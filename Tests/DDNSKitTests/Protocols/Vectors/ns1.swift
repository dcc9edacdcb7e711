import DDNSFakeProvider

@testable import DDNSKit

/// protocol=ns1: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let ns1 = ProviderVectorSet(
        realName: "api.nsone.net", suffix: "/v1", values: ["login": "key", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in
                if request.method != "GET" { return NS1Tests.ok }
                return request.path.hasSuffix("/A") ? NS1Tests.record : NS1Tests.notFound
            },
            requests: [
                "GET /v1/zones/example.com/home.example.com/A", "POST /v1/zones/example.com/home.example.com/A",
                "GET /v1/zones/example.com/home.example.com/AAAA",
                "PUT /v1/zones/example.com/home.example.com/AAAA",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.json(#"{"message":"Unauthorized"}"#, status: 401)),
            requests: ["GET /v1/zones/example.com/home.example.com/A"], expect4: .failed(permanent: true),
            token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /v1/zones/example.com/home.example.com/A"],
            expect4: .failed(permanent: false),
            token4: "failed"))
}
