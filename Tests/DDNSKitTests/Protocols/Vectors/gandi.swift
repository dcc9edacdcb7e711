import DDNSFakeProvider

@testable import DDNSKit

/// protocol=gandi: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let gandi = ProviderVectorSet(
        realName: "api.gandi.net", values: ["password": "gk", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in
                request.method == "GET"
                    ? .json(#"{"rrset_values":["198.51.100.1"],"rrset_ttl":300}"#)
                    : .json(#"{"message":"DNS Record Created"}"#, status: 201)
            },
            requests: [
                "GET /v5/livedns/domains/example.com/records/home/A",
                "PUT /v5/livedns/domains/example.com/records/home/A",
                "GET /v5/livedns/domains/example.com/records/home/AAAA",
                "PUT /v5/livedns/domains/example.com/records/home/AAAA",
            ], expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(
                .json(
                    #"{"code":401,"message":"The server could not verify that you authorized to access the document you requested."}"#,
                    status: 401)), requests: ["GET /v5/livedns/domains/example.com/records/home/A"],
            expect4: .failed(permanent: true), token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["GET /v5/livedns/domains/example.com/records/home/A"], prefixOnly: true,
            expect4: .failed(permanent: false)))
}
