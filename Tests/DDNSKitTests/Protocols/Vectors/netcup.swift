import DDNSFakeProvider

@testable import DDNSKit

/// protocol=netcup: the request/reply vectors the registry-wide test runs.
extension ProviderVectors {
    static let netcup = ProviderVectorSet(
        realName: "ccp.netcup.net",
        values: ["login": "12345", "password": "pw", "apikey": "key", "zone": "example.com"],
        success: .init(
            ipv6: "2001:db8::1",
            reply: { request in
                let action = JSONValue.parse(request.bodyText)?["action"]?.string
                if action == "login" { return NetcupTests.loginOK }
                if action == "infoDnsRecords" { return NetcupTests.records() }
                return NetcupTests.updateOK
            },
            requests: Array(repeating: "POST /run/webservice/servers/endpoint.php", count: 6), expect4: .good,
            expect6: .good),
        refusal: .init(
            reply: fixed(
                .json(
                    #"{"status":"error","shortmessage":"Authentication failed","longmessage":"Invalid credentials"}"#
                )),
            requests: ["POST /run/webservice/servers/endpoint.php"], expect4: .failed(permanent: true),
            token4: "badauth"),
        malformed: .init(
            reply: fixed(html), requests: ["POST /run/webservice/servers/endpoint.php"],
            expect4: .failed(permanent: false),
            token4: "failed"))
}
