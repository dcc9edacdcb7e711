import DDNSFakeProvider
import PropertyBased
import Testing

@testable import DDNSKit

/// The table engine itself: templates, families, reply rules and typed failures.
@Suite struct SimpleProviderTests {
    static let probe = SimpleProvider(
        name: "probe", summary: "a test entry", server: "update.example.net",
        options: [
            OptionSpec("zone", .string, help: "zone"), OptionSpec("script", .string, default: "/u", help: "path"),
            OptionSpec("wildcard", .bool, default: "0", help: "w"),
        ],
        example: "protocol=probe h.example.com",
        request: .init(
            path: .option("script"),
            query: [
                ("h", .host), ("a", .address), ("u", .login), ("p", .password), ("k", .literal("v w")),
                ("z", .optional(.option("zone"))), ("w", .flag("wildcard", yes: "ON", no: "OFF")),
            ], auth: .none),
        families: .eachFamily,
        reply: .init(
            success: ["all good"],
            failures: [
                .init("denied", .refusedCredentials, "login refused"), .init("slow down", .rateLimited, "too fast"),
            ], match: .lineStart))

    func target(_ values: [String: String]) -> UpdateTarget {
        UpdateTarget(
            host: HostConfig(name: "h.example.com", values: ["protocol": "probe"].merging(values) { $1 }),
            ipv4: "192.0.2.1", ipv6: "2001:db8::1")
    }

    @Test("the URL: path from its option, items in order, values URL-encoded, optional items left out")
    func url() {
        let plain = Self.probe.url(target(["login": "bob", "password": "p&w"]), address: "192.0.2.1")
        #expect(plain == "https://update.example.net/u?h=h.example.com&a=192.0.2.1&u=bob&p=p%26w&k=v%20w&w=OFF")
        let full = Self.probe.url(
            target([
                "login": "bob", "password": "p", "zone": "example.com", "wildcard": "1", "script": "/v2", "ssl": "0",
            ]), address: "2001:db8::1")
        #expect(
            full == "http://update.example.net/v2?h=h.example.com&a=2001:db8::1&u=bob&p=p&k=v%20w&z=example.com&w=ON")
    }

    @Test("reply words: success and failure words at a line start, with their kinds; anything else is 'unknown'")
    func replies() {
        let good = Self.probe.read("first line\nALL GOOD here", address: "192.0.2.1", server: "s")
        #expect(good.isSuccess && good.address == "192.0.2.1")
        let denied = Self.probe.read("Denied: bad key", address: "192.0.2.1", server: "s")
        #expect(
            denied.failure == .refusedCredentials && denied.kind == .permanentFailure && denied.status == "denied"
                && denied.message == "s: login refused: Denied: bad key")
        let slow = Self.probe.read("slow down", address: "192.0.2.1", server: "s")
        #expect(slow.failure == .rateLimited && slow.kind == .failure)
        let other = Self.probe.read("<html><b>what?</b></html>", address: "192.0.2.1", server: "s")
        #expect(
            other.failure == .malformedReply && other.kind == .failure && other.status == "unknown"
                && other.message == "s gave an unexpected reply: what?")
        // Not at a line start: not the word.
        #expect(!Self.probe.read("it is not all good", address: "192.0.2.1", server: "s").isSuccess)
    }

    @Test("one request per family; oneAddress sends IPv4 when there is one")
    func families() throws {
        let harness = try ProviderHarness(pinning: ["update.example.net"]) { _ in .text("all good") }
        defer { harness.server.stop() }
        var values = ["server": harness.server("update.example.net"), "ssl": "0"]
        values["protocol"] = "probe"
        let results = Self.probe.update(
            [
                UpdateTarget(
                    host: HostConfig(name: "h.example.com", values: values), ipv4: "192.0.2.1", ipv6: "2001:db8::1")
            ], context: harness.context)
        #expect(harness.server.requests.compactMap { $0.queryValue("a") } == ["192.0.2.1", "2001:db8::1"])
        #expect(results.first?.ipv4?.isSuccess == true && results.first?.ipv6?.isSuccess == true)
        var single = Self.probe
        single = SimpleProvider(
            name: "probe", summary: "s", server: "update.example.net", example: "e", request: single.request,
            families: .oneAddress, reply: single.reply)
        harness.server.clearRequests()
        let one = single.update(
            [
                UpdateTarget(
                    host: HostConfig(name: "h.example.com", values: values), ipv4: "192.0.2.1", ipv6: "2001:db8::1")
            ], context: harness.context)
        #expect(harness.server.requests.compactMap { $0.queryValue("a") } == ["192.0.2.1"])
        #expect(one.first?.ipv4?.isSuccess == true && one.first?.ipv6 == nil)
    }

    @Test("a token's kind never changes whether it is permanent (property; seed reported on failure)")
    func classifyKeepsPermanence() async {
        let words = [
            "badauth", "nohost", "abuse", "!donator", "dnserr", "911", "timeout", "failed", "unknown", "w5m", "TOOSOON",
            "NOERROR", "", "x",
        ]
        for word in words {
            for permanent in [false, true] {
                #expect(ProviderFailure.classify(token: word, permanent: permanent).isPermanent == permanent, "\(word)")
            }
        }
        await propertyCheck(input: Gen.int(in: 32...126).array(of: 0...12), Gen.bool) { codes, permanent in
            let token = String(decoding: codes.map { UInt8($0) }, as: UTF8.self)
            #expect(ProviderFailure.classify(token: token, permanent: permanent).isPermanent == permanent)
        }
    }
}
