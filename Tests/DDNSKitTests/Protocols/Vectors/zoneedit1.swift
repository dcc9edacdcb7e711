import DDNSFakeProvider

@testable import DDNSKit

/// protocol=zoneedit1: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let zoneedit1 = ProviderVectorSet(
        realName: "dynamic.zoneedit.com", values: ["login": "me", "password": "pw"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: fixed(
                .text(#"<SUCCESS CODE="200" TEXT="Update succeeded." ZONE="example.com" IP="192.0.2.1">"#)),
            requests: ["GET /auth/dynamic.html?host=home.example.com&dnsto=192.0.2.1"], expect4: .good),
        refusal: .init(
            reply: fixed(unauthorized), requests: ["GET /auth/dynamic.html?host=home.example.com&dnsto=192.0.2.1"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /auth/dynamic.html?host=home.example.com&dnsto=192.0.2.1"],
            expect4: .failed(permanent: false), token4: "failed"))
}
