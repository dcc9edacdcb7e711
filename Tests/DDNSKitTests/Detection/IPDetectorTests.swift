import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

@Suite struct IPDetectorTests {
    let client = CurlHTTPClient(configuration: HTTPClientConfiguration(connectTimeout: 2, totalTimeout: 2))

    func host(_ name: String, _ values: [String: String]) -> HostConfig { detectionHost(name, values) }
    func host(_ values: [String: String]) -> HostConfig { detectionHost("h.example.com", values) }

    func detect(_ hosts: [HostConfig], client: CurlHTTPClient? = nil, sink: MemorySink = MemorySink()) -> [String:
        HostAddresses]
    {
        IPDetector(http: client ?? self.client, log: Log(verbosity: .verbose, sinks: [sink])).detect(hosts)
    }

    @Test("plain text, HTML with a built-in skip, and several addresses with web-skip")
    func webPages() throws {
        let server = try FakeHTTPServer { request in
            switch request.path {
            case "/plain": .text("203.0.113.5\n")
            case "/html":
                .text(
                    "<html><head><title>Current IP Check</title></head><body>Current IP Address: 198.51.100.23</body></html>"
                )
            default: .text("Decoy 192.0.2.1 skip 192.0.2.2 skip2 192.0.2.3")
            }
        }
        defer { server.stop() }
        let result = detect([
            host("a", ["usev4": "webv4", "webv4": "\(server.baseURL)/plain"]),
            host("b", ["usev4": "webv4", "webv4": "\(server.baseURL)/html", "webv4-skip": "Current IP Address:"]),
            host("c", ["usev4": "webv4", "webv4": "\(server.baseURL)/multi"]),
            host("d", ["usev4": "webv4", "webv4": "\(server.baseURL)/multi", "webv4-skip": "skip"]),
            host("e", ["usev4": "webv4", "webv4": "\(server.baseURL)/multi", "webv4-skip": "skip2"]),
        ])
        #expect(result["a"]?.ipv4 == "203.0.113.5")
        #expect(result["b"]?.ipv4 == "198.51.100.23")
        #expect(result["c"]?.ipv4 == "192.0.2.1")
        #expect(result["d"]?.ipv4 == "192.0.2.2")
        #expect(result["e"]?.ipv4 == "192.0.2.3")
    }

    @Test("an address only in a header is not taken")
    func headerOnly() throws {
        let server = try FakeHTTPServer { _ in .text("no address here", headers: [("Set-Cookie", "x=1.0.1.1")]) }
        defer { server.stop() }
        let result = detect([host(["usev4": "webv4", "webv4": "\(server.baseURL)/"])])
        #expect(result["h.example.com"]?.ipv4 == nil)
    }

    @Test("a 404 and a timeout give no address and a warning")
    func failures() throws {
        let server = try FakeHTTPServer { request in
            request.path == "/slow" ? .hangForever : .text("203.0.113.9", status: 404)
        }
        defer { server.stop() }
        let sink = MemorySink()
        let quick = CurlHTTPClient(configuration: HTTPClientConfiguration(connectTimeout: 1, totalTimeout: 1))
        let result = detect(
            [
                host("a", ["usev4": "webv4", "webv4": "\(server.baseURL)/missing"]),
                host("b", ["usev4": "webv4", "webv4": "\(server.baseURL)/slow"]),
            ], client: quick, sink: sink)
        #expect(result["a"]?.ipv4 == nil && result["b"]?.ipv4 == nil)
        #expect(sink.lines(at: .warning).contains { $0.contains("answered 404") })
        #expect(sink.lines(at: .warning).contains { $0.contains("no answer") })
    }

    @Test("the IPv4 check goes over IPv4: against a server only on ::1 it fails instead of answering over IPv6")
    func familyForced() throws {
        let server = try FakeHTTPServer(host: "::1") { _ in .text("2001:db8::77 and 203.0.113.77") }
        defer { server.stop() }
        let pinned = CurlHTTPClient(
            configuration: HTTPClientConfiguration(
                connectTimeout: 2, totalTimeout: 2, resolve: ["check.test:\(server.port):[::1]"]))
        let url = "http://check.test:\(server.port)/"
        let result = detect(
            [host("v4", ["usev4": "webv4", "webv4": url]), host("v6", ["usev6": "webv6", "webv6": url])], client: pinned
        )
        #expect(result["v4"]?.ipv4 == nil)
        #expect(result["v6"]?.ipv6 == "2001:db8::77")
        #expect(server.requests.count == 1)
    }

    @Test("hosts with the same source share one request; a different skip is another source")
    func deduplication() throws {
        let server = try FakeHTTPServer { _ in .text("a 192.0.2.1 b 192.0.2.2") }
        defer { server.stop() }
        let url = "\(server.baseURL)/"
        let result = detect([
            host("a", ["usev4": "webv4", "webv4": url]), host("b", ["usev4": "webv4", "webv4": url]),
            host("c", ["usev4": "webv4", "webv4": url, "webv4-skip": "b"]),
        ])
        #expect(server.requests.count == 2)
        #expect(
            result["a"]?.ipv4 == "192.0.2.1" && result["b"]?.ipv4 == "192.0.2.1" && result["c"]?.ipv4 == "192.0.2.2")
    }

    @Test("given addresses are published as given (even loopback or private); an invalid one is reported")
    func fixed() {
        let sink = MemorySink()
        let result = detect(
            [
                host("a", ["usev4": "ipv4", "ipv4": "192.0.2.10"]), host("b", ["use": "ip", "ip": "2001:db8::10"]),
                host("c", ["usev4": "ipv4", "ipv4": "127.0.0.1"]), host("d", ["usev4": "ipv4", "ipv4": "300.1.1.1"]),
                host("e", ["usev4": "ipv4", "ipv4": "10.0.0.5"]),
            ], sink: sink)
        #expect(result["a"]?.ipv4 == "192.0.2.10")
        #expect(result["b"]?.ipv6 == "2001:db8::10")
        #expect(result["c"]?.ipv4 == "127.0.0.1")  // the user's choice
        #expect(result["d"]?.ipv4 == nil)
        #expect(result["e"]?.ipv4 == "10.0.0.5")
        #expect(sink.lines(at: .warning).count == 1)
    }

    @Test(
        "a non-global address from any detection source is refused with a warning naming source and address",
        arguments: [
            ("10.1.2.3", "a private address"), ("100.64.0.9", "a carrier-grade NAT (100.64.0.0/10) address"),
            ("127.0.0.2", "a loopback address"), ("169.254.1.1", "a link-local address"),
            ("fd00::5", "a unique-local address"), ("fe80::1", "a link-local or site-local address"),
            ("::ffff:192.0.2.1", "an IPv4-mapped or -compatible address"),
        ])
    func nonGlobalRefused(address: String, why: String) throws {
        let server = try FakeHTTPServer(host: address.contains(":") ? "::1" : "127.0.0.1") { _ in .text(address) }
        defer { server.stop() }
        let sink = MemorySink()
        let family = address.contains(":") ? "v6" : "v4"
        let result = detect([host(["use\(family)": "web\(family)", "web\(family)": server.baseURL])], sink: sink)
        #expect(result["h.example.com"] == HostAddresses())
        let shown = IPv6Address(address)?.description ?? address
        #expect(
            sink.lines(at: .warning).contains {
                $0.contains("web\(family)=") && $0.contains("\(shown) is \(why); not published")
            },
            "\(sink.lines(at: .warning))")
    }

    @Test("publish-private=yes publishes private and unique-local addresses (LAN-only zones), never loopback")
    func publishPrivate() throws {
        let server = try FakeHTTPServer { request in .text(request.path == "/lo" ? "127.0.0.1" : "10.1.2.3") }
        defer { server.stop() }
        let result = detect([
            host("a", ["usev4": "webv4", "webv4": server.baseURL + "/", "publish-private": "1"]),
            host("b", ["usev4": "webv4", "webv4": server.baseURL + "/lo", "publish-private": "1"]),
        ])
        #expect(result["a"]?.ipv4 == "10.1.2.3")
        #expect(result["b"]?.ipv4 == nil)
    }

    @Test("commands: success with skip, failure with its stderr, timeout")
    func commands() {
        let sink = MemorySink()
        var detector = IPDetector(http: client, log: Log(verbosity: .verbose, sinks: [sink]), commandTimeout: 1)
        detector.commandTimeout = 1
        let result = detector.detect([
            host("a", ["usev4": "cmdv4", "cmdv4": "echo 'wan 192.0.2.44 up'"]),
            host("b", ["use": "cmd", "cmd": "echo 192.0.2.1 then 192.0.2.2", "cmd-skip": "then"]),
            host("c", ["usev4": "cmdv4", "cmdv4": "echo boom >&2; exit 3"]),
            host("d", ["usev4": "cmdv4", "cmdv4": "sleep 5"]),
            host("e", ["usev6": "cmdv6", "cmdv6": "printf '2001:DB8:0::9\\n'"]),
        ])
        #expect(result["a"]?.ipv4 == "192.0.2.44")
        #expect(result["b"]?.ipv4 == "192.0.2.2")
        #expect(result["c"]?.ipv4 == nil)
        #expect(result["d"]?.ipv4 == nil)
        #expect(result["e"]?.ipv6 == "2001:db8::9")
        #expect(sink.lines(at: .warning).contains { $0.contains("exited with status 3: boom") })
        #expect(sink.lines(at: .warning).contains { $0.contains("did not finish") })
    }

    @Test("interface lo: found, but loopback is never published; a missing interface is named")
    func loopbackInterface() {
        let sink = MemorySink()
        let result = detect(
            [host("a", ["usev4": "ifv4", "ifv4": "lo"]), host("b", ["usev4": "ifv4", "ifv4": "nosuch0"])], sink: sink)
        #expect(result["a"]?.ipv4 == nil)
        #expect(result["b"]?.ipv4 == nil)
        #expect(Interfaces.ipv4Addresses(of: "lo")?.contains { $0.address == "127.0.0.1" } == true)
        #expect(sink.lines(at: .warning).contains { $0.contains("interface nosuch0 does not exist") })
        #expect(sink.lines(at: .warning).contains { $0.contains("interface lo has no usable IPv4 address") })
    }

    @Test("a dummy interface with a documentation address is read from the kernel")
    func dummyInterface() throws {
        let setup = CommandRunner.run(
            "ip link add ddstest0 type dummy && ip addr add 192.0.2.55/24 dev ddstest0 && ip -6 addr add 2001:db8:5::55/64 dev ddstest0 nodad && ip link set ddstest0 up",
            timeout: 5)
        defer { _ = CommandRunner.run("ip link del ddstest0", timeout: 5) }
        guard setup.status == 0 else {
            // Stated reason: creating interfaces needs CAP_NET_ADMIN and iproute2.
            print("skipped: cannot create a dummy interface here: \(setup.stderr)")
            return
        }
        let result = detect([host(["usev4": "ifv4", "ifv4": "ddstest0", "usev6": "ifv6", "ifv6": "ddstest0"])])
        #expect(result["h.example.com"]?.ipv4 == "192.0.2.55")
        #expect(result["h.example.com"]?.ipv6 == "2001:db8:5::55")
    }

    @Test("IPv6 selection: global, not temporary or deprecated, static first, then longer prefix, then shorter")
    func ipv6Selection() {
        let ubuntu = [  // after ddclient's IF01-style fixture
            InterfaceAddress(
                interface: "ens33", address: "2001:db8:4341:781:89b9:4b1c:186c:a0c7", prefixLength: 64, flags: 0x01),
            InterfaceAddress(interface: "ens33", address: "2001:db8:4341:781::8214", prefixLength: 128, flags: 0x00),
            InterfaceAddress(interface: "ens33", address: "2001:db8:4341:781::100", prefixLength: 128, flags: 0x80),
            InterfaceAddress(interface: "ens33", address: "2001:db8:4341:781:aaaa::1", prefixLength: 64, flags: 0x20),
            InterfaceAddress(interface: "ens33", address: "fdb6:1d86:d9bd:1::8214", prefixLength: 128, flags: 0x80),
            InterfaceAddress(interface: "ens33", address: "fe80::1", prefixLength: 64, flags: 0x80),
        ]
        #expect(Interfaces.selectIPv6(ubuntu)?.address == "2001:db8:4341:781::100")
        let dynamic = [  // IF07-style: DHCPv6 /128 beats SLAAC /64
            InterfaceAddress(interface: "ens33", address: "2001:db8:450a:e723:adee:be82:7fba:ffb2", prefixLength: 64),
            InterfaceAddress(interface: "ens33", address: "2001:db8:450a:e723::21", prefixLength: 128),
        ]
        #expect(Interfaces.selectIPv6(dynamic)?.address == "2001:db8:450a:e723::21")
        let sameprefix = [
            InterfaceAddress(interface: "e", address: "2001:db8:450b:13f:ed44:eb63:b070:212f", prefixLength: 64),
            InterfaceAddress(interface: "e", address: "2001:db8:450b:13f::1", prefixLength: 64),
        ]
        #expect(Interfaces.selectIPv6(sameprefix)?.address == "2001:db8:450b:13f::1")
        #expect(Interfaces.selectIPv6([ubuntu[0], ubuntu[3], ubuntu[4], ubuntu[5]]) == nil)
    }

    @Test("/proc parsers: if_inet6 and the default routes")
    func procParsers() {
        let inet6 = """
            20010db8000000000000000000000001 02 40 00 80     eth0
            fe800000000000000000000000000001 02 40 20 80     eth0
            00000000000000000000000000000001 01 80 10 80       lo
            """
        let parsed = Interfaces.parseIfInet6(inet6)
        #expect(parsed.map(\.address) == ["2001:db8::1", "fe80::1", "::1"])
        #expect(parsed[0].prefixLength == 64 && parsed[0].isPermanent)
        let route = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth1\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            eth0\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
            wlan0\t00000000\t0102A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
            """
        #expect(Interfaces.parseRoute(route) == "eth0")
        let route6 = """
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     ens33
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
            """
        #expect(Interfaces.parseIPv6Route(route6) == "ens33")
    }
}
