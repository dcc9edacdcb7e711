import DDNSFakeProvider
import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// Request/reply vectors for every protocol, checked by one test that walks
/// `ProtocolRegistry.all`: a protocol without vectors fails it (a peer shipped a provider
/// missing from its hand-kept test list). Each set has a success (both families where the
/// protocol sends both), the provider's own refusal of the credentials, and a malformed
/// reply (or the reason there is none). nsupdate's vectors run over DNS against BIND.
struct ProviderVectorSet: Sendable {
    /// The provider's real host name, pinned to the fake; `suffix` follows `name:port`.
    var realName: String
    /// Further names pinned to the fake (mythicdyn's ipv4.<server>).
    var pins: [String] = []
    var suffix = ""
    var host = "home.example.com"
    /// Host options; `%SERVER%` in a value becomes the pinned `name:port` (protocol=custom).
    var values: [String: String]
    var success: ProviderVector
    var refusal: ProviderVector
    var malformed: ProviderVector?
    /// Why a malformed reply cannot be told apart (the body is not read), when it cannot.
    var noMalformedBecause: String? = nil
}

struct ProviderVector: Sendable {
    enum Expect: Sendable, Equatable {
        case good
        case failed(permanent: Bool)
    }

    var ipv4: String? = "192.0.2.1"
    var ipv6: String? = nil
    /// The fake's answers, by request.
    var reply: @Sendable (RecordedRequest) -> FakeResponse
    /// "METHOD target" of every request, in order (a prefix when `prefixOnly`).
    var requests: [String]
    var prefixOnly = false
    var expect4: Expect?
    var expect6: Expect? = nil
    /// The cache token expected for IPv4, when it matters.
    var token4: String? = nil
}

enum ProviderVectors {
    static let html = FakeResponse.text(
        "<html><head><title>Down for maintenance</title></head><body>back soon</body></html>")
    static let unauthorized = FakeResponse.text("Unauthorized", status: 401)

    static func fixed(_ response: FakeResponse) -> @Sendable (RecordedRequest) -> FakeResponse { { _ in response } }

    static let all: [String: ProviderVectorSet] = [
        "1984": ProviderVectorSet(
            realName: "api.1984.is", values: ["password": "k"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.json(#"{"ok": true, "msg": "IP updated", "ip": "192.0.2.1"}"#)),
                requests: ["GET /1.0/freedns/?apikey=k&domain=home.example.com&ip=192.0.2.1"], expect4: .good),
            refusal: .init(
                reply: fixed(.json(#"{"ok": false, "msg": "invalid api key"}"#)),
                requests: ["GET /1.0/freedns/?apikey=k&domain=home.example.com&ip=192.0.2.1"],
                expect4: .failed(permanent: false), token4: "failed"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /1.0/freedns/?apikey=k&domain=home.example.com&ip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "dinahosting": ProviderVectorSet(
            realName: "dinahosting.com", values: ["login": "me", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("Success")),
                requests: [
                    "GET /special/api.php?hostname=home&domain=example.com&command=Domain_Zone_UpdateTypeA&ip=192.0.2.1"
                ], expect4: .good),
            refusal: .init(
                reply: fixed(unauthorized),
                requests: [
                    "GET /special/api.php?hostname=home&domain=example.com&command=Domain_Zone_UpdateTypeA&ip=192.0.2.1"
                ], expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(.text("responseCode = 1001\nerrors_0_message = 'Invalid domain'\n")),
                requests: [
                    "GET /special/api.php?hostname=home&domain=example.com&command=Domain_Zone_UpdateTypeA&ip=192.0.2.1"
                ], expect4: .failed(permanent: false), token4: "failed")),
        "directnic": ProviderVectorSet(
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
                expect4: .failed(permanent: false), token4: "bad")),
        "dnsexit2": ProviderVectorSet(
            realName: "api.dnsexit.com", values: ["password": "key", "zone": "example.com"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.json(#"{"code":0,"message":"Success"}"#)), requests: ["POST /dns/"],
                expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.json(#"{"code":2,"message":"API Key Authentication Error"}"#)), requests: ["POST /dns/"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["POST /dns/"], expect4: .failed(permanent: false), token4: "failed")),
        "dnsmadeeasy": ProviderVectorSet(
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
                expect4: .failed(permanent: false))),
        "dondominio": ProviderVectorSet(
            realName: "dondns.dondominio.com", values: ["login": "me", "password": "k"],
            success: .init(
                reply: fixed(.text("IP:192.0.2.1\n")),
                requests: ["GET /plain/?user=me&password=k&host=home.example.com&ip=192.0.2.1"], expect4: .good),
            refusal: .init(
                reply: fixed(unauthorized),
                requests: ["GET /plain/?user=me&password=k&host=home.example.com&ip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /plain/?user=me&password=k&host=home.example.com&ip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "enom": ProviderVectorSet(
            realName: "dynamic.name-services.com", host: "www", values: ["login": "example.com", "password": "p"],
            success: .init(
                reply: fixed(.text("Command=SETDNSHOST\nErrCount=0\nDone=true\n")),
                requests: [
                    "GET /interface.asp?Command=SetDNSHost&HostName=www&Zone=example.com&DomainPassword=p&Address=192.0.2.1"
                ],
                expect4: .good),
            refusal: .init(
                reply: fixed(unauthorized),
                requests: [
                    "GET /interface.asp?Command=SetDNSHost&HostName=www&Zone=example.com&DomainPassword=p&Address=192.0.2.1"
                ],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(.text("ErrCount=1\nErr1=Domain name not found\nDone=false\n")),
                requests: [
                    "GET /interface.asp?Command=SetDNSHost&HostName=www&Zone=example.com&DomainPassword=p&Address=192.0.2.1"
                ],
                expect4: .failed(permanent: false), token4: "failed")),
        "freemyip": ProviderVectorSet(
            realName: "freemyip.com", host: "home.freemyip.com", values: ["password": "tok"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("OK\n")),
                requests: ["GET /update?token=tok&domain=home.freemyip.com"],
                expect4: .good),
            refusal: .init(
                reply: fixed(.text("ERROR: invalid token\n")),
                requests: ["GET /update?token=tok&domain=home.freemyip.com"],
                expect4: .failed(permanent: false), token4: "failed"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /update?token=tok&domain=home.freemyip.com"],
                expect4: .failed(permanent: false))),
        "ionos": ProviderVectorSet(
            realName: "api.hosting.ionos.com", values: ["password": "prefix.secret"],
            success: .init(
                ipv6: "2001:db8::1",
                reply: { request in
                    if request.path == "/dns/v1/zones" { return IONOSTests.zonesOK }
                    if request.method == "GET" {
                        return IONOSTests.records(
                            IONOSTests.aRecord.replacingOccurrences(of: "host.example.com", with: "home.example.com"))
                    }
                    return IONOSTests.updateOK
                },
                requests: [
                    "GET /dns/v1/zones", "GET /dns/v1/zones/zone-1?suffix=home.example.com&recordType=A%2CAAAA",
                    "PUT /dns/v1/zones/zone-1/records/rec-a", "POST /dns/v1/zones/zone-1/records",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.json(#"[{"code":"UNAUTHORIZED","message":"The API key is invalid"}]"#, status: 401)),
                requests: ["GET /dns/v1/zones"], expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /dns/v1/zones"], expect4: .failed(permanent: false),
                token4: "failed")),
        "keysystems": ProviderVectorSet(
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
                expect4: .failed(permanent: false))),
        "regfishde": ProviderVectorSet(
            realName: "dyndns.regfish.de", values: ["password": "tok"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("success|100|update succeeded!")),
                requests: ["GET /?fqdn=home.example.com&forcehost=1&token=tok&ipv4=192.0.2.1&ipv6=2001:db8::1"],
                expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("fail|401|invalid token")),
                requests: ["GET /?fqdn=home.example.com&forcehost=1&token=tok&ipv4=192.0.2.1"],
                expect4: .failed(permanent: false), token4: "failed"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /?fqdn=home.example.com&forcehost=1&token=tok&ipv4=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "sitelutions": ProviderVectorSet(
            realName: "api2.sitelutions.com", host: "12345678",
            values: ["login": "me@example.com", "password": "p", "ttl": "300"],
            success: .init(
                reply: fixed(.text("success\n")),
                requests: ["GET /dnsup?id=12345678&user=me%40example.com&pass=p&ip=192.0.2.1&ttl=300"], expect4: .good),
            refusal: .init(
                reply: fixed(.text("failure: invalid login\n")),
                requests: ["GET /dnsup?id=12345678&user=me%40example.com&pass=p&ip=192.0.2.1&ttl=300"],
                expect4: .failed(permanent: false), token4: "failed"),
            malformed: .init(
                reply: fixed(html),
                requests: ["GET /dnsup?id=12345678&user=me%40example.com&pass=p&ip=192.0.2.1&ttl=300"],
                expect4: .failed(permanent: false))),
        "changeip": ProviderVectorSet(
            realName: "nic.changeip.com", values: ["login": "u", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("200 Successful Update")),
                requests: ["GET /nic/update?hostname=home.example.com&ip=192.0.2.1"], expect4: .good),
            refusal: .init(
                reply: fixed(unauthorized), requests: ["GET /nic/update?hostname=home.example.com&ip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /nic/update?hostname=home.example.com&ip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "cloudflare": ProviderVectorSet(
            realName: "api.cloudflare.com", suffix: "/client/v4",
            values: ["login": "token", "password": "cf-token", "zone": "example.com"],
            success: .init(
                ipv6: "2001:db8::1", reply: CloudflareTests.handler,
                requests: [
                    "GET /client/v4/zones?name=example.com",
                    "GET /client/v4/zones/zone123/dns_records?type=A&name=home.example.com",
                    "PATCH /client/v4/zones/zone123/dns_records/recA",
                    "GET /client/v4/zones/zone123/dns_records?type=AAAA&name=home.example.com",
                    "PATCH /client/v4/zones/zone123/dns_records/recAAAA",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(
                    .json(#"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}"#, status: 403)
                ), requests: ["GET /client/v4/zones?name=example.com"], expect4: .failed(permanent: true),
                token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /client/v4/zones?name=example.com"],
                expect4: .failed(permanent: false))),
        "cloudns": ProviderVectorSet(
            realName: "ipv4.cloudns.net", values: ["dynurl": "http://%SERVER%/api/dynamicURL/?q=KEY"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("OK")), requests: ["GET /api/dynamicURL/?q=KEY&proxy=1"],
                expect4: .good),
            refusal: .init(
                reply: fixed(.text("The record's key is wrong!")), requests: ["GET /api/dynamicURL/?q=KEY&proxy=1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            noMalformedBecause: "ddclient takes any reply but ClouDNS's two failure sentences for a success"),
        "custom": ProviderVectorSet(
            realName: "dyn.example.net",
            values: ["url": "http://%SERVER%/update?host=%h&ip=%i", "login": "u", "password": "p", "success": "^good"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("good")),
                requests: [
                    "GET /update?host=home.example.com&ip=192.0.2.1",
                    "GET /update?host=home.example.com&ip=2001%3Adb8%3A%3A1",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(unauthorized), requests: ["GET /update?host=home.example.com&ip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /update?host=home.example.com&ip=192.0.2.1"],
                expect4: .failed(permanent: false), token4: "unknown")),
        "ddns.fm": ProviderVectorSet(
            realName: "api.ddns.fm", values: ["password": "k"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("")),
                requests: [
                    "GET /update?key=k&domain=home.example.com&myip=192.0.2.1",
                    "GET /update?key=k&domain=home.example.com&myip=2001:db8::1",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(unauthorized), requests: ["GET /update?key=k&domain=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            noMalformedBecause: "ddclient reads only the HTTP status of ddns.fm's reply"),
        "ddnss": ProviderVectorSet(
            realName: "ddnss.de", values: ["password": "k"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("good")),
                requests: [
                    "GET /upd.php?key=k&host=home.example.com&ip=192.0.2.1",
                    "GET /upd.php?key=k&host=home.example.com&ip6=2001:db8::1",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("badauth")), requests: ["GET /upd.php?key=k&host=home.example.com&ip=192.0.2.1"],
                expect4: .failed(permanent: false), token4: "failed"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /upd.php?key=k&host=home.example.com&ip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "digitalocean": ProviderVectorSet(
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
                expect4: .failed(permanent: false))),
        "domeneshop": ProviderVectorSet(
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
            noMalformedBecause: "ddclient reads only the HTTP status of Domeneshop's reply"),
        "dslreports1": ProviderVectorSet(
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
                expect4: .failed(permanent: false), token4: "failed")),
        "duckdns": ProviderVectorSet(
            realName: "www.duckdns.org", host: "home.duckdns.org", values: ["password": "t0k"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("OK")),
                requests: ["GET /update?domains=home.duckdns.org&token=t0k&ip=192.0.2.1&ipv6=2001:db8::1"],
                expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("KO")), requests: ["GET /update?domains=home.duckdns.org&token=t0k&ip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "KO"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /update?domains=home.duckdns.org&token=t0k&ip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "dyndns1": ProviderVectorSet(
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
                ], expect4: .failed(permanent: false))),
        "dyndns2": ProviderVectorSet(
            realName: "members.dyndns.org", values: ["login": "u", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("good 192.0.2.1,2001:db8::1")),
                requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1,2001:db8::1"], expect4: .good,
                expect6: .good),
            refusal: .init(
                reply: fixed(.text("badauth")), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "dynadot": ProviderVectorSet(
            realName: "www.dynadot.com", values: ["password": "pw", "zone": "example.com"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("ok")),
                requests: [
                    "GET /set_ddns?containRoot=false&domain=example.com&ip=192.0.2.1&pwd=pw&ttl=300&type=A&subDomain=home",
                    "GET /set_ddns?containRoot=false&domain=example.com&ip=2001%3Adb8%3A%3A1&pwd=pw&ttl=300&type=AAAA&subDomain=home",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("fail: invalid password")),
                requests: [
                    "GET /set_ddns?containRoot=false&domain=example.com&ip=192.0.2.1&pwd=pw&ttl=300&type=A&subDomain=home"
                ],
                expect4: .failed(permanent: false), token4: "failed"),
            malformed: .init(
                reply: fixed(html),
                requests: [
                    "GET /set_ddns?containRoot=false&domain=example.com&ip=192.0.2.1&pwd=pw&ttl=300&type=A&subDomain=home"
                ],
                expect4: .failed(permanent: false))),
        "dynu": ProviderVectorSet(
            realName: "api.dynu.com", values: ["login": "u", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("good")),
                requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1&myipv6=2001:db8::1"],
                expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("badauth")), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "easydns": ProviderVectorSet(
            realName: "api.cp.easydns.com", values: ["login": "u", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("NOERROR")),
                requests: [
                    "GET /dyn/generic.php?hostname=home.example.com&myip=192.0.2.1&wildcard=OFF",
                    "GET /dyn/generic.php?hostname=home.example.com&myip=2001:db8::1&wildcard=OFF",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("NO_AUTH")),
                requests: ["GET /dyn/generic.php?hostname=home.example.com&myip=192.0.2.1&wildcard=OFF"],
                expect4: .failed(permanent: true), token4: "NO_AUTH"),
            malformed: .init(
                reply: fixed(html),
                requests: ["GET /dyn/generic.php?hostname=home.example.com&myip=192.0.2.1&wildcard=OFF"],
                expect4: .failed(permanent: false), token4: "unknown")),
        "freedns": ProviderVectorSet(
            realName: "freedns.afraid.org", host: "home.mooo.com", values: ["login": "user", "password": "pass"],
            success: .init(
                reply: { request in
                    request.path == "/api/"
                        ? .text(
                            "home.mooo.com|198.51.100.1|http://\(request.header("Host") ?? "")/dynamic/update.php?KEY\n"
                        ) : .text("Updated 1 host(s) home.mooo.com to 192.0.2.1")
                },
                requests: [
                    "GET /api/?action=getdyndns&v=2&sha=8894721a433861735f4c2f52ff577ddd37279e24",
                    "GET /dynamic/update.php?KEY&address=192.0.2.1",
                ], expect4: .good),
            refusal: .init(
                reply: fixed(.text("ERROR: Could not authenticate.")),
                requests: ["GET /api/?action=getdyndns&v=2&sha=8894721a433861735f4c2f52ff577ddd37279e24"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html),
                requests: ["GET /api/?action=getdyndns&v=2&sha=8894721a433861735f4c2f52ff577ddd37279e24"],
                expect4: .failed(permanent: true))),
        "gandi": ProviderVectorSet(
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
                expect4: .failed(permanent: false))),
        "godaddy": ProviderVectorSet(
            realName: "api.godaddy.com", suffix: "/v1/domains",
            values: ["login": "key", "password": "secret", "zone": "example.com"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.json("")),
                requests: [
                    "PUT /v1/domains/example.com/records/A/home", "PUT /v1/domains/example.com/records/AAAA/home",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.json(#"{"code":"UNABLE_TO_AUTHENTICATE","message":"Unauthorized"}"#, status: 401)),
                requests: ["PUT /v1/domains/example.com/records/A/home"], expect4: .failed(permanent: true),
                token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["PUT /v1/domains/example.com/records/A/home"],
                expect4: .failed(permanent: false))),
        "he.net": ProviderVectorSet(
            realName: "dyn.dns.he.net", values: ["password": "key"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("good 192.0.2.1")),
                requests: [
                    "GET /nic/update?hostname=home.example.com&myip=192.0.2.1",
                    "GET /nic/update?hostname=home.example.com&myip=2001:db8::1",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("badauth")), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "hetzner": ProviderVectorSet(
            realName: "api.hetzner.cloud", suffix: "/v1", values: ["password": "tok", "zone": "example.com"],
            success: .init(
                ipv6: "2001:db8::1",
                reply: { request in
                    if request.method == "POST" { return HetznerTests.running }
                    if request.path.hasPrefix("/v1/actions/") { return HetznerTests.success }
                    return request.path.hasSuffix("/A") ? HetznerTests.found("home", "A") : HetznerTests.notFound
                },
                requests: [
                    "GET /v1/zones/example.com/rrsets/home/A",
                    "POST /v1/zones/example.com/rrsets/home/A/actions/set_records",
                    "GET /v1/actions/1", "GET /v1/zones/example.com/rrsets/home/AAAA",
                    "POST /v1/zones/example.com/rrsets",
                    "GET /v1/actions/1",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(
                    .json(#"{"error":{"code":"unauthorized","message":"unable to authenticate"}}"#, status: 401)),
                requests: ["GET /v1/zones/example.com/rrsets/home/A"], expect4: .failed(permanent: true),
                token4: "badauth"),
            malformed: .init(
                reply: { request in request.method == "GET" ? HetznerTests.notFound : html },
                requests: ["GET /v1/zones/example.com/rrsets/home/A", "POST /v1/zones/example.com/rrsets"],
                expect4: .failed(permanent: false), token4: "failed")),
        "infomaniak": ProviderVectorSet(
            realName: "infomaniak.com", values: ["login": "u", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("good")),
                requests: [
                    "GET /nic/update?hostname=home.example.com&myip=192.0.2.1",
                    "GET /nic/update?hostname=home.example.com&myip=2001:db8::1",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("badauth")), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: false), token4: "unknown")),
        "inwx": ProviderVectorSet(
            realName: "dyndns.inwx.com", values: ["login": "u", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("good")),
                requests: ["GET /nic/update?myip=192.0.2.1&myipv6=2001:db8::1"], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("badauth")), requests: ["GET /nic/update?myip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /nic/update?myip=192.0.2.1"], expect4: .failed(permanent: false))),
        "namecheap": ProviderVectorSet(
            realName: "dynamicdns.park-your-domain.com", host: "www.example.com",
            values: ["login": "example.com", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1",
                reply: fixed(
                    .text("<?xml version=\"1.0\"?><interface-response><ErrCount>0</ErrCount></interface-response>")),
                requests: ["GET /update?host=www&domain=example.com&password=p&ip=192.0.2.1"], expect4: .good),
            refusal: .init(
                reply: fixed(
                    .text(
                        "<interface-response><ErrCount>1</ErrCount><errors><Err1>Passwords do not match</Err1></errors></interface-response>"
                    )), requests: ["GET /update?host=www&domain=example.com&password=p&ip=192.0.2.1"],
                expect4: .failed(permanent: true)),
            malformed: .init(
                reply: fixed(html), requests: ["GET /update?host=www&domain=example.com&password=p&ip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "mythicdyn": ProviderVectorSet(
            realName: "api.mythic-beasts.com", pins: ["ipv4.api.mythic-beasts.com"],
            values: ["login": "id", "password": "secret"],
            success: .init(
                reply: fixed(.text("")), requests: ["POST /dns/v2/dynamic/home.example.com"], expect4: .good),
            refusal: .init(
                reply: fixed(unauthorized), requests: ["POST /dns/v2/dynamic/home.example.com"],
                expect4: .failed(permanent: true),
                token4: "badauth"),
            noMalformedBecause: "ddclient reads only the HTTP status of Mythic Beasts' reply"),
        "netcup": ProviderVectorSet(
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
                token4: "failed")),
        "njalla": ProviderVectorSet(
            realName: "njal.la", values: ["password": "key"],
            success: .init(
                ipv6: "2001:db8::1",
                reply: fixed(
                    .json(#"{"status":200,"message":"record updated","value":{"A":"192.0.2.1","AAAA":"2001:db8::1"}}"#)),
                requests: ["GET /update/?h=home.example.com&k=key&a=192.0.2.1&aaaa=2001:db8::1"], expect4: .good,
                expect6: .good),
            refusal: .init(
                reply: fixed(.json(#"{"status":401,"message":"invalid host or key"}"#)),
                requests: ["GET /update/?h=home.example.com&k=key&a=192.0.2.1"], expect4: .failed(permanent: true),
                token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /update/?h=home.example.com&k=key&a=192.0.2.1"],
                expect4: .failed(permanent: false), token4: "bad")),
        "nfsn": ProviderVectorSet(
            realName: "api.nearlyfreespeech.net", values: ["login": "me", "password": "key", "zone": "example.com"],
            success: .init(
                ipv6: "2001:db8::1",
                reply: { request in request.path.hasSuffix("/listRRs") ? .json("[]") : .text("") },
                requests: ["POST /dns/example.com/listRRs", "POST /dns/example.com/addRR"], expect4: .good),
            refusal: .init(
                reply: fixed(.json(#"{"error":"Authentication failed."}"#, status: 401)),
                requests: ["POST /dns/example.com/listRRs"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["POST /dns/example.com/listRRs"], expect4: .failed(permanent: false),
                token4: "failed")),
        "noip": ProviderVectorSet(
            realName: "dynupdate.no-ip.com", values: ["login": "u", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("good 192.0.2.1")),
                requests: ["GET /nic/update?system=noip&hostname=home.example.com&myip=192.0.2.1,2001:db8::1"],
                expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("badauth")),
                requests: ["GET /nic/update?system=noip&hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /nic/update?system=noip&hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "ns1": ProviderVectorSet(
            realName: "api.nsone.net", suffix: "/v1", values: ["login": "key", "zone": "example.com"],
            success: .init(
                ipv6: "2001:db8::1",
                reply: { request in
                    if request.method != "GET" { return NS1Tests.ok }
                    return request.path.hasSuffix("/A") ? NS1Tests.record : NS1Tests.notFound
                },
                requests: [
                    "GET /v1/zones/example.com/home.example.com/A", "POST /v1/zones/example.com/home.example.com/A",
                    "GET /v1/zones/example.com/home.example.com/AAAA",
                    "PUT /v1/zones/example.com/home.example.com/AAAA",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.json(#"{"message":"Unauthorized"}"#, status: 401)),
                requests: ["GET /v1/zones/example.com/home.example.com/A"], expect4: .failed(permanent: true),
                token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /v1/zones/example.com/home.example.com/A"],
                expect4: .failed(permanent: false),
                token4: "failed")),
        "ovh": ProviderVectorSet(
            realName: "www.ovh.com", values: ["login": "u", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("good 192.0.2.1")),
                requests: ["GET /nic/update?system=dyndns&hostname=home.example.com&myip=192.0.2.1"], expect4: .good),
            refusal: .init(
                reply: fixed(.text("badauth")),
                requests: ["GET /nic/update?system=dyndns&hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html),
                requests: ["GET /nic/update?system=dyndns&hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: false))),
        "porkbun": ProviderVectorSet(
            realName: "api.porkbun.com", values: ["apikey": "pk1_x", "secretapikey": "sk1_y"],
            success: .init(
                ipv6: "2001:db8::1",
                reply: { request in
                    if request.path.contains("/retrieveByNameType/") {
                        let type = request.path.contains("/AAAA/") ? "AAAA" : "A"
                        return .json(
                            #"{"status":"SUCCESS","records":[{"id":"1","name":"home.example.com","type":"\#(type)","content":"198.51.100.1","ttl":"600","notes":""}]}"#
                        )
                    }
                    return .json(#"{"status":"SUCCESS"}"#)
                },
                requests: [
                    "POST /api/json/v3/dns/retrieveByNameType/example.com/A/home",
                    "POST /api/json/v3/dns/editByNameType/example.com/A/home",
                    "POST /api/json/v3/dns/retrieveByNameType/example.com/AAAA/home",
                    "POST /api/json/v3/dns/editByNameType/example.com/AAAA/home",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.json(#"{"status":"ERROR","message":"Invalid API key. (002)"}"#, status: 400)),
                requests: ["POST /api/json/v3/dns/retrieveByNameType/example.com/A/home"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["POST /api/json/v3/dns/retrieveByNameType/example.com/A/home"],
                expect4: .failed(permanent: false))),
        "yandex": ProviderVectorSet(
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
                token4: "failed")),
        "zoneedit1": ProviderVectorSet(
            realName: "dynamic.zoneedit.com", values: ["login": "me", "password": "pw"],
            success: .init(
                ipv6: "2001:db8::1",
                reply: fixed(
                    .text(#"<SUCCESS CODE="200" TEXT="Update succeeded." ZONE="example.com" IP="192.0.2.1">"#)),
                requests: ["GET /auth/dynamic.html?host=home.example.com&dnsto=192.0.2.1"], expect4: .good),
            refusal: .init(
                reply: fixed(unauthorized), requests: ["GET /auth/dynamic.html?host=home.example.com&dnsto=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /auth/dynamic.html?host=home.example.com&dnsto=192.0.2.1"],
                expect4: .failed(permanent: false), token4: "failed")),
        "spaceship": ProviderVectorSet(
            realName: "spaceship.dev", values: ["login": "k", "password": "s", "zone": "example.com"],
            success: .init(
                ipv6: "2001:db8::1",
                reply: { request in request.method == "GET" ? SpaceshipTests.empty : SpaceshipTests.noContent },
                requests: [
                    "GET /api/v1/dns/records/example.com?take=500&skip=0", "PUT /api/v1/dns/records/example.com",
                    "GET /api/v1/dns/records/example.com?take=500&skip=0", "PUT /api/v1/dns/records/example.com",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.json(#"{"detail":"Unauthorized"}"#, status: 401)),
                requests: ["GET /api/v1/dns/records/example.com?take=500&skip=0"], expect4: .failed(permanent: true),
                token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /api/v1/dns/records/example.com?take=500&skip=0"],
                expect4: .failed(permanent: false), token4: "failed")),
        "simply.com": ProviderVectorSet(
            realName: "dyndns.simply.com", values: ["login": "u", "password": "p"],
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text("good")),
                requests: [
                    "GET /nic/update?hostname=home.example.com&myip=192.0.2.1",
                    "GET /nic/update?hostname=home.example.com&myip=2001:db8::1",
                ], expect4: .good, expect6: .good),
            refusal: .init(
                reply: fixed(.text("badauth")), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: ["GET /nic/update?hostname=home.example.com&myip=192.0.2.1"],
                expect4: .failed(permanent: false))),
    ]
}

@Suite struct RegistryVectorsTests {
    /// Protocols whose vectors are not HTTP: emailonly sends nothing (EmailOnlyTests shows the
    /// mail); nsupdate speaks DNS; its vectors run against BIND in
    /// NSUpdateTests (success for A and AAAA: severalHosts; refusal: wrongKeys; malformed reply:
    /// malformedReply).
    static let overDNS: Set<String> = ["nsupdate", "emailonly"]

    @Test(
        "every protocol in the registry has vectors: success, a refusal and a malformed reply",
        arguments: ProtocolRegistry.names)
    func hasVectors(name: String) {
        if Self.overDNS.contains(name) { return }
        let set = ProviderVectors.all[name]
        #expect(set != nil, "protocol \(name) has no vectors in ProviderVectors.all")
        #expect(
            set?.malformed != nil || set?.noMalformedBecause != nil,
            "\(name): a malformed-reply vector, or the reason there is none")
        if let success = set?.success {
            #expect(success.expect4 == .good || success.expect6 == .good)
        }
    }

    @Test("no vectors for protocols that do not exist")
    func noStrayVectors() {
        #expect(Set(ProviderVectors.all.keys).subtracting(ProtocolRegistry.names).isEmpty)
    }

    @Test("each vector: the exact requests and the parsed result", arguments: ProviderVectors.all.keys.sorted())
    func vectors(name: String) throws {
        let set = try #require(ProviderVectors.all[name])
        let proto = try #require(ProtocolRegistry.named(name))
        var cases = [("success", set.success), ("refusal", set.refusal)]
        if let malformed = set.malformed { cases.append(("malformed", malformed)) }
        for (label, vector) in cases {
            let harness = try ProviderHarness(pinning: [set.realName] + set.pins, handler: vector.reply)
            defer { harness.server.stop() }
            let server = harness.server(set.realName)
            var values = set.values.mapValues { $0.replacingOccurrences(of: "%SERVER%", with: server) }
            values["protocol"] = name
            values["server"] = server + set.suffix
            values["ssl"] = "0"
            // The protocol's defaults, as resolution would give them.
            let specs = OptionTable.hostOptions(for: proto)
            for (option, spec) in specs where values[option] == nil {
                if let value = spec.defaultValue { values[option] = value }
            }
            let target = UpdateTarget(
                host: HostConfig(name: set.host, values: values), ipv4: vector.ipv4, ipv6: vector.ipv6)
            let result = proto.update([target], context: harness.context).first
            let sent = harness.server.requests.map { "\($0.method) \($0.target)" }
            if vector.prefixOnly {
                #expect(Array(sent.prefix(vector.requests.count)) == vector.requests, "\(name) \(label)")
            } else {
                #expect(sent == vector.requests, "\(name) \(label)")
            }
            for (family, expected, outcome) in [
                ("IPv4", vector.expect4, result?.ipv4), ("IPv6", vector.expect6, result?.ipv6),
            ] {
                switch expected {
                case nil: #expect(outcome == nil, "\(name) \(label) \(family): \(String(describing: outcome))")
                case .good?:
                    #expect(outcome?.isSuccess == true, "\(name) \(label) \(family): \(String(describing: outcome))")
                case .failed(let permanent)?:
                    #expect(
                        outcome?.isSuccess == false && outcome?.kind == (permanent ? .permanentFailure : .failure),
                        "\(name) \(label) \(family): \(String(describing: outcome))")
                    #expect(!(outcome?.message.isEmpty ?? true))
                }
            }
            if let token = vector.token4 {
                #expect(result?.ipv4?.status == token, "\(name) \(label): \(String(describing: result?.ipv4))")
            }
        }
    }
}
