import DDNSFakeProvider

@testable import DDNSKit

/// protocol=domeneshop: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let domeneshop = ProviderVectorSet(
        realName: "api.domeneshop.no", values: ["login": "t", "password": "s"],
        success: .init(
            ipv6: "2001:db8::1", reply: fixed(.text("", status: 204)),
            requests: [
                "GET /v0/dyndns/update?hostname=home.example.com&myip=192.0.2.1",
                "GET /v0/dyndns/update?hostname=home.example.com&myip=2001:db8::1",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(unauthorized),
            requests: ["GET /v0/dyndns/update?hostname=home.example.com&myip=192.0.2.1"],
            expect4: .failed(permanent: true), token4: "badauth"),
        noMalformedBecause: "ddclient reads only the HTTP status of Domeneshop's reply")
}
