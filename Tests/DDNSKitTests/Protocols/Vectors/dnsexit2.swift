import DDNSFakeProvider

@testable import DDNSKit

/// protocol=dnsexit2: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let dnsexit2 = ProviderVectorSet(
        realName: "api.dnsexit.com", values: ["password": "key", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.json(#"{"code":0,"message":"Success"}"#)), requests: ["POST /dns/"],
            expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.json(#"{"code":2,"message":"API Key Authentication Error"}"#)), requests: ["POST /dns/"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["POST /dns/"], expect4: .failed(permanent: false), token4: "failed"))
}
