import DDNSFakeProvider

@testable import DDNSKit

/// protocol=directnic: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let directnic = ProviderVectorSet(
        realName: "directnic.com",
        values: ["urlv4": "http://%SERVER%/dns/gateway/abc/", "urlv6": "http://%SERVER%/dns/gateway/def/"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in
                .json(
                    #"{"result":"success","message":"Your record was updated to \#(request.queryValue("data") ?? "")"}"#
                )
            },
            requests: ["GET /dns/gateway/abc/?data=192.0.2.1", "GET /dns/gateway/def/?data=2001:db8::1"],
            expect4: .good, expect6: .good),
        refusal: .init(
            reply: fixed(.json(#"{"result":"error","message":"There was an error updating your record."}"#)),
            requests: ["GET /dns/gateway/abc/?data=192.0.2.1"], expect4: .failed(permanent: false), token4: "failed"
        ),
        malformed: .init(
            reply: fixed(.text("unexpected response body")), requests: ["GET /dns/gateway/abc/?data=192.0.2.1"],
            expect4: .failed(permanent: false), token4: "bad"))
}
