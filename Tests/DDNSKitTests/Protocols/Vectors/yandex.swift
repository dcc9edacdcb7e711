import DDNSFakeProvider

@testable import DDNSKit

/// protocol=yandex: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let yandex = ProviderVectorSet(
        realName: "pddimp.yandex.ru", values: ["login": "example.com", "password": "tok"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in
                request.method == "GET"
                    ? .json(
                        #"{"success":"ok","records":[{"record_id":77,"fqdn":"home.example.com","type":"A","content":"198.51.100.1"}]}"#
                    )
                    : .json(#"{"success":"ok","record_id":77}"#)
            },
            requests: ["GET /api2/admin/dns/list?domain=example.com", "POST /api2/admin/dns/edit"], expect4: .good),
        refusal: .init(
            reply: fixed(.json(#"{"success":"error","error":"no_auth"}"#)),
            requests: ["GET /api2/admin/dns/list?domain=example.com"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /api2/admin/dns/list?domain=example.com"],
            expect4: .failed(permanent: false),
            token4: "failed"))
}
