import DDNSFakeProvider

@testable import DDNSKit

/// protocol=digitalocean: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let digitalocean = ProviderVectorSet(
        realName: "api.digitalocean.com", values: ["password": "do-token", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in
                if request.method == "GET" {
                    return .json(
                        #"{"domain_records":[{"id":42,"type":"\#(request.queryValue("type")!)","name":"home","data":"198.51.100.1"}]}"#
                    )
                }
                return .json(#"{"domain_record":{}}"#)
            },
            requests: [
                "GET /v2/domains/example.com/records?name=home.example.com&type=A",
                "PATCH /v2/domains/example.com/records/42",
                "GET /v2/domains/example.com/records?name=home.example.com&type=AAAA",
                "PATCH /v2/domains/example.com/records/42",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.json(#"{"id":"unauthorized","message":"Unable to authenticate you."}"#, status: 401)),
            requests: ["GET /v2/domains/example.com/records?name=home.example.com&type=A"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /v2/domains/example.com/records?name=home.example.com&type=A"],
            expect4: .failed(permanent: false)))
}
