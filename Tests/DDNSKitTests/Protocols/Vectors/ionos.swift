import DDNSFakeProvider

@testable import DDNSKit

/// protocol=ionos: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let ionos = ProviderVectorSet(
        realName: "api.hosting.ionos.com", values: ["password": "prefix.secret"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in
                if request.path == "/dns/v1/zones" { return IONOSTests.zonesOK }
                if request.method == "GET" {
                    return IONOSTests.records(
                        IONOSTests.aRecord.replacingOccurrences(of: "host.example.com", with: "home.example.com"))
                }
                return IONOSTests.updateOK
            },
            requests: [
                "GET /dns/v1/zones", "GET /dns/v1/zones/zone-1?suffix=home.example.com&recordType=A%2CAAAA",
                "PUT /dns/v1/zones/zone-1/records/rec-a", "POST /dns/v1/zones/zone-1/records",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.json(#"[{"code":"UNAUTHORIZED","message":"The API key is invalid"}]"#, status: 401)),
            requests: ["GET /dns/v1/zones"], expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /dns/v1/zones"], expect4: .failed(permanent: false),
            token4: "failed"))
}
