import DDNSFakeProvider

@testable import DDNSKit

/// protocol=keysystems: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let keysystems = ProviderVectorSet(
        realName: "dynamicdns.key-systems.net", values: ["password": "p"],
        success: .init(
            reply: fixed(.text("[RESPONSE]\ncode = 200\ndescription = Command completed successfully\n")),
            requests: ["GET /update.php?hostname=home.example.com&password=p&ip=192.0.2.1"], expect4: .good),
        refusal: .init(
            reply: fixed(.text("[RESPONSE]\ncode = 531\ndescription = Authorization failed\n")),
            requests: ["GET /update.php?hostname=home.example.com&password=p&ip=192.0.2.1"],
            expect4: .failed(permanent: false), token4: "failed"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /update.php?hostname=home.example.com&password=p&ip=192.0.2.1"],
            expect4: .failed(permanent: false)))
}
