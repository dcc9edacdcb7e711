import DDNSFakeProvider

@testable import DDNSKit

/// protocol=godaddy: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let godaddy = ProviderVectorSet(
        realName: "api.godaddy.com", suffix: "/v1/domains",
        values: ["login": "key", "password": "secret", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.json("")),
            requests: [
                "PUT /v1/domains/example.com/records/A/home", "PUT /v1/domains/example.com/records/AAAA/home",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.json(#"{"code":"UNABLE_TO_AUTHENTICATE","message":"Unauthorized"}"#, status: 401)),
            requests: ["PUT /v1/domains/example.com/records/A/home"], expect4: .failed(permanent: true),
            token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["PUT /v1/domains/example.com/records/A/home"],
            expect4: .failed(permanent: false)))
}
