import DDNSFakeProvider

@testable import DDNSKit

/// protocol=njalla: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let njalla = ProviderVectorSet(
        realName: "njal.la", values: ["password": "key"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: fixed(
                .json(#"{"status":200,"message":"record updated","value":{"A":"192.0.2.1","AAAA":"2001:db8::1"}}"#)),
            requests: ["GET /update/?h=home.example.com&k=key&a=192.0.2.1&aaaa=2001:db8::1"], expect4: .good,
            expect6: .good),
        refusal: .init(
            reply: fixed(.json(#"{"status":401,"message":"invalid host or key"}"#)),
            requests: ["GET /update/?h=home.example.com&k=key&a=192.0.2.1"], expect4: .failed(permanent: true),
            token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /update/?h=home.example.com&k=key&a=192.0.2.1"],
            expect4: .failed(permanent: false), token4: "bad"))
}
