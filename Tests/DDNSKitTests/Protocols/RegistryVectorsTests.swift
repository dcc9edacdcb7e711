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

    /// The set of a dyndns2-style provider that sends `/nic/update` once per family: `good`
    /// (or `success`) for both, `badauth` held, an HTML page a retryable failure.
    static func nicUpdatePerFamily(
        realName: String, values: [String: String], success: String = "good", malformedToken: String? = nil
    ) -> ProviderVectorSet {
        let v4 = "GET /nic/update?hostname=home.example.com&myip=192.0.2.1"
        return ProviderVectorSet(
            realName: realName, values: values,
            success: .init(
                ipv6: "2001:db8::1", reply: fixed(.text(success)),
                requests: [v4, "GET /nic/update?hostname=home.example.com&myip=2001:db8::1"], expect4: .good,
                expect6: .good),
            refusal: .init(
                reply: fixed(.text("badauth")), requests: [v4], expect4: .failed(permanent: true), token4: "badauth"),
            malformed: .init(
                reply: fixed(html), requests: [v4], expect4: .failed(permanent: false), token4: malformedToken))
    }

    /// Every vector set, each in its own file beside the others in `Vectors/` (named after
    /// the `protocol=` value); the registry-wide test fails for a protocol missing here.
    static let all: [String: ProviderVectorSet] = [
        "1984": p1984,
        "dinahosting": dinahosting,
        "directnic": directnic,
        "dnsexit2": dnsexit2,
        "dnsmadeeasy": dnsmadeeasy,
        "dondominio": dondominio,
        "enom": enom,
        "freemyip": freemyip,
        "ionos": ionos,
        "keysystems": keysystems,
        "regfishde": regfishde,
        "sitelutions": sitelutions,
        "changeip": changeip,
        "cloudflare": cloudflare,
        "cloudns": cloudns,
        "custom": custom,
        "ddns.fm": ddnsFm,
        "ddnss": ddnss,
        "digitalocean": digitalocean,
        "domeneshop": domeneshop,
        "dslreports1": dslreports1,
        "duckdns": duckdns,
        "dyndns1": dyndns1,
        "dyndns2": dyndns2,
        "dynadot": dynadot,
        "dynu": dynu,
        "easydns": easydns,
        "freedns": freedns,
        "gandi": gandi,
        "godaddy": godaddy,
        "he.net": heNet,
        "hetzner": hetzner,
        "infomaniak": infomaniak,
        "inwx": inwx,
        "namecheap": namecheap,
        "mythicdyn": mythicdyn,
        "netcup": netcup,
        "njalla": njalla,
        "nfsn": nfsn,
        "noip": noip,
        "ns1": ns1,
        "ovh": ovh,
        "porkbun": porkbun,
        "yandex": yandex,
        "zoneedit1": zoneedit1,
        "spaceship": spaceship,
        "simply.com": simplyCom,
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
