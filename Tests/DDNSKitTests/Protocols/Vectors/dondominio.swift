import DDNSFakeProvider

@testable import DDNSKit

/// protocol=dondominio: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let dondominio = ProviderVectorSet(
        realName: "dondns.dondominio.com", values: ["login": "me", "password": "k"],
        success: .init(
            reply: fixed(.text("IP:192.0.2.1\n")),
            requests: ["GET /plain/?user=me&password=k&host=home.example.com&ip=192.0.2.1"], expect4: .good),
        refusal: .init(
            reply: fixed(unauthorized),
            requests: ["GET /plain/?user=me&password=k&host=home.example.com&ip=192.0.2.1"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /plain/?user=me&password=k&host=home.example.com&ip=192.0.2.1"],
            expect4: .failed(permanent: false)))
}
