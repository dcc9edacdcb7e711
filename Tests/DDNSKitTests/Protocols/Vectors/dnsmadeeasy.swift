import DDNSFakeProvider

@testable import DDNSKit

/// protocol=dnsmadeeasy: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let dnsmadeeasy = ProviderVectorSet(
        realName: "cp.dnsmadeeasy.com", host: "1007", values: ["login": "me@example.com", "password": "p"],
        success: .init(
            reply: fixed(.text("success\n")),
            requests: ["GET /servlet/updateip?username=me%40example.com&password=p&ip=192.0.2.1&id=1007"],
            expect4: .good),
        refusal: .init(
            reply: fixed(.text("error-auth\n")),
            requests: ["GET /servlet/updateip?username=me%40example.com&password=p&ip=192.0.2.1&id=1007"],
            expect4: .failed(permanent: true), token4: "error-auth"),
        malformed: .init(
            reply: fixed(html),
            requests: ["GET /servlet/updateip?username=me%40example.com&password=p&ip=192.0.2.1&id=1007"],
            expect4: .failed(permanent: false)))
}
