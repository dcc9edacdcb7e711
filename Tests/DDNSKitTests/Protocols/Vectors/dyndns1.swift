import DDNSFakeProvider

@testable import DDNSKit

/// protocol=dyndns1: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let dyndns1 = ProviderVectorSet(
        realName: "members.dyndns.org", values: ["login": "u", "password": "p"],
        success: .init(
            reply: fixed(.text("<TITLE>Success</TITLE>\nreturn code: NOERROR\nerror code: NOERROR\n")),
            requests: [
                "GET /nic/dyndns?action=edit&started=1&hostname=YES&host_id=home.example.com&myip=192.0.2.1"
            ], expect4: .good),
        refusal: .init(
            reply: fixed(unauthorized),
            requests: [
                "GET /nic/dyndns?action=edit&started=1&hostname=YES&host_id=home.example.com&myip=192.0.2.1"
            ], expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html),
            requests: [
                "GET /nic/dyndns?action=edit&started=1&hostname=YES&host_id=home.example.com&myip=192.0.2.1"
            ], expect4: .failed(permanent: false)))
}
