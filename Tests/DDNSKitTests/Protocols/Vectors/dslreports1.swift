import DDNSFakeProvider

@testable import DDNSKit

/// protocol=dslreports1: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let dslreports1 = ProviderVectorSet(
        realName: "www.dslreports.com", host: "123456", values: ["login": "u", "password": "p"],
        success: .init(
            reply: fixed(.text("<title>DSLReports</title>\nreturn code: NOERROR\n")),
            requests: ["GET /nic/dyndns?action=edit&started=1&hostname=YES&host_id=123456&myip=192.0.2.1"],
            expect4: .good),
        refusal: .init(
            reply: fixed(unauthorized),
            requests: ["GET /nic/dyndns?action=edit&started=1&hostname=YES&host_id=123456&myip=192.0.2.1"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(.text("return code: NOHOST\n")),
            requests: ["GET /nic/dyndns?action=edit&started=1&hostname=YES&host_id=123456&myip=192.0.2.1"],
            expect4: .failed(permanent: false), token4: "failed"))
}
