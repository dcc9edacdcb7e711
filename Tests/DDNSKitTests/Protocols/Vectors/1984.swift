import DDNSFakeProvider

@testable import DDNSKit

/// protocol=1984: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let p1984 = ProviderVectorSet(
        realName: "api.1984.is", values: ["password": "k"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.json(#"{"ok": true, "msg": "IP updated", "ip": "192.0.2.1"}"#)),
            requests: ["GET /1.0/freedns/?apikey=k&domain=home.example.com&ip=192.0.2.1"], expect4: .good),
        refusal: .init(
            reply: fixed(.json(#"{"ok": false, "msg": "invalid api key"}"#)),
            requests: ["GET /1.0/freedns/?apikey=k&domain=home.example.com&ip=192.0.2.1"],
            expect4: .failed(permanent: false), token4: "failed"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /1.0/freedns/?apikey=k&domain=home.example.com&ip=192.0.2.1"],
            expect4: .failed(permanent: false)))
}
