import Foundation
import Testing

@testable import DDNSKit

/// nsupdate against a real BIND `named` on loopback.
@Suite(.serialized) struct NSUpdateTests {
    func bind() throws -> BindServer {
        switch BindServer.shared {
        case .success(let server): return server
        case .failure(let failure): throw failure
        }
    }

    func host(_ name: String, _ bind: BindServer, algorithm: String = "hmac-sha256", extra: [String: String] = [:])
        -> HostConfig
    {
        HostConfig(
            name: name,
            values: [
                "protocol": "nsupdate", "server": "127.0.0.1:\(bind.port)", "zone": BindServer.zone,
                "password": bind.keyFiles[algorithm]!,
                "ttl": "60", "tcp": "0", "timeout": "5",
            ].merging(extra) { $1 })
    }

    func context(_ sink: MemorySink = MemorySink()) -> UpdateContext {
        UpdateContext(
            http: NoHTTP(), log: Log(verbosity: .debug, sinks: [sink]), now: { Int(Date().timeIntervalSince1970) })
    }

    @Test("A and AAAA for several hosts land in one UPDATE and are verified")
    func severalHosts() throws {
        let bind = try bind()
        let before = bind.serial()
        let targets = ["multi1", "multi2", "multi3"].map {
            UpdateTarget(host: host("\($0).\(BindServer.zone)", bind), ipv4: "192.0.2.31", ipv6: "2001:db8::31")
        }
        let results = NSUpdateProtocol().update(targets, context: context())
        for result in results {
            #expect(result.ipv4?.isSuccess == true && result.ipv6?.isSuccess == true, "\(result)")
            #expect(result.ipv4?.message.contains("verified") == true)
        }
        #expect(bind.dig("multi2.\(BindServer.zone)", "A") == ["192.0.2.31"])
        #expect(bind.dig("multi3.\(BindServer.zone)", "AAAA") == ["2001:db8::31"])
        // Each UPDATE message raises the zone's serial once: three hosts, one message.
        #expect(bind.serial() == before + 1)
    }

    @Test("the old address is replaced, not added; over TCP as well", arguments: ["0", "1"])
    func replaceOverTransport(tcp: String) throws {
        let bind = try bind()
        let name = "replace\(tcp).\(BindServer.zone)"
        for address in ["192.0.2.40", "192.0.2.41"] {
            let result = NSUpdateProtocol().update(
                [UpdateTarget(host: host(name, bind, extra: ["tcp": tcp]), ipv4: address)], context: context())
            #expect(result.first?.ipv4?.isSuccess == true, "\(result)")
        }
        #expect(bind.dig(name, "A") == ["192.0.2.41"])
    }

    @Test("login= (ddclient's path of the nsupdate program) is ignored with a warning")
    func loginIgnored() throws {
        let bind = try bind()
        let sink = MemorySink()
        let name = "login.\(BindServer.zone)"
        let result = NSUpdateProtocol().update(
            [UpdateTarget(host: host(name, bind, extra: ["login": "/opt/bin/nsupdate"]), ipv4: "192.0.2.91")],
            context: context(sink))
        #expect(result.first?.ipv4?.isSuccess == true, "\(result)")
        #expect(bind.dig(name, "A") == ["192.0.2.91"])
        #expect(
            sink.lines(at: .warning).contains {
                $0.contains("login=/opt/bin/nsupdate") && $0.contains("does not run it")
            })
    }

    @Test("BIND on ::1 is reached over IPv6")
    func overIPv6() throws {
        let bind = try bind()
        let name = "v6server.\(BindServer.zone)"
        let result = NSUpdateProtocol().update(
            [UpdateTarget(host: host(name, bind, extra: ["server": "[::1]:\(bind.port)"]), ipv6: "2001:db8::88")],
            context: context())
        #expect(result.first?.ipv6?.isSuccess == true, "\(result)")
        #expect(bind.dig(name, "AAAA") == ["2001:db8::88"])
    }

    @Test("every HMAC algorithm is accepted by BIND", arguments: TSIGAlgorithm.allCases.map(\.rawValue))
    func algorithms(_ algorithm: String) throws {
        let bind = try bind()
        let name = "alg-\(algorithm).\(BindServer.zone)"
        let result = NSUpdateProtocol().update(
            [UpdateTarget(host: host(name, bind, algorithm: algorithm), ipv4: "192.0.2.50")], context: context())
        #expect(result.first?.ipv4?.isSuccess == true, "\(result)")
        #expect(bind.dig(name, "A") == ["192.0.2.50"])
    }

    @Test(
        "a wrong secret is refused with BADSIG; an unknown key with BADKEY; both permanent; the secret is never logged")
    func wrongKeys() throws {
        let bind = try bind()
        let directory = temporaryDirectory()
        let wrongSecret = Base64.encode(Array("definitely-not-the-secret-123456".utf8))
        try "key \"ddkey-hmac-sha256\" { algorithm hmac-sha256; secret \"\(wrongSecret)\"; };".write(
            toFile: directory + "/wrong.key", atomically: false, encoding: .utf8)
        try "key \"nobody\" { algorithm hmac-sha256; secret \"\(wrongSecret)\"; };".write(
            toFile: directory + "/unknown.key", atomically: false, encoding: .utf8)
        let sink = MemorySink()
        let bad = NSUpdateProtocol().update(
            [
                UpdateTarget(
                    host: host("bad.\(BindServer.zone)", bind, extra: ["password": directory + "/wrong.key"]),
                    ipv4: "192.0.2.60")
            ], context: context(sink))
        #expect(bad.first?.ipv4?.status == "BADSIG", "\(bad)")
        #expect(bad.first?.ipv4?.kind == .permanentFailure)
        let unknown = NSUpdateProtocol().update(
            [
                UpdateTarget(
                    host: host("bad.\(BindServer.zone)", bind, extra: ["password": directory + "/unknown.key"]),
                    ipv4: "192.0.2.60")
            ], context: context(sink))
        #expect(unknown.first?.ipv4?.status == "BADKEY", "\(unknown)")
        #expect(bind.dig("bad.\(BindServer.zone)", "A").isEmpty)
        #expect(!sink.text.contains(wrongSecret))
    }

    @Test(
        "a key that may not update the zone, and a zone the server does not have: NOTAUTH/REFUSED/NOTZONE with the RCODE name"
    )
    func refusals() throws {
        let bind = try bind()
        let outsider = NSUpdateProtocol().update(
            [UpdateTarget(host: host("x.\(BindServer.zone)", bind, algorithm: "outsider"), ipv4: "192.0.2.61")],
            context: context())
        let status = outsider.first?.ipv4?.status ?? ""
        #expect(["REFUSED", "NOTAUTH"].contains(status), "\(outsider)")
        #expect(outsider.first?.ipv4?.message.contains(status) == true)
        let otherZone = NSUpdateProtocol().update(
            [UpdateTarget(host: host("x.other.test", bind, extra: ["zone": "other.test"]), ipv4: "192.0.2.61")],
            context: context())
        let zoneStatus = otherZone.first?.ipv4?.status ?? ""
        #expect(["NOTAUTH", "NOTZONE", "REFUSED"].contains(zoneStatus), "\(otherZone)")
        #expect(otherZone.first?.ipv4?.kind == .permanentFailure)
    }

    @Test("a server that never answers times out within the budget")
    func timeout() throws {
        // A UDP socket that reads nothing: datagrams to it are never answered.
        let (fd, port) = loopbackUDPSocket()
        defer { close(fd) }
        let bind = try bind()
        let started = Date()
        let result = NSUpdateProtocol().update(
            [
                UpdateTarget(
                    host: host("t.\(BindServer.zone)", bind, extra: ["server": "127.0.0.1:\(port)", "timeout": "1"]),
                    ipv4: "192.0.2.62")
            ], context: context())
        #expect(result.first?.ipv4?.status == "timeout", "\(result)")
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test("a reply that is not DNS (registry vector: malformed) is a retryable failure")
    func malformedReply() throws {
        let (fd, port) = loopbackUDPSocket()
        // Shut down here; the responder closes the socket when it ends, so no later socket can
        // reuse the descriptor while the responder still reads from it.
        defer { shutdown(fd, Int32(SHUT_RDWR)) }
        // Answer every datagram with junk (three times at most: the client's attempts).
        let responder = Thread {
            defer { close(fd) }
            for _ in 0..<3 {
                var buffer = [UInt8](repeating: 0, count: 2048)
                var peer = sockaddr_storage()
                var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let count = withUnsafeMutablePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(fd, &buffer, buffer.count, 0, $0, &peerLength)
                    }
                }
                if count <= 0 { return }
                let junk = Array("<html>not DNS</html>".utf8)
                _ = withUnsafePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, junk, junk.count, 0, $0, peerLength)
                    }
                }
            }
        }
        responder.start()
        let bind = try bind()
        let result = NSUpdateProtocol().update(
            [
                UpdateTarget(
                    host: host("m.\(BindServer.zone)", bind, extra: ["server": "127.0.0.1:\(port)", "timeout": "2"]),
                    ipv4: "192.0.2.63")
            ], context: context())
        #expect(result.first?.ipv4?.isSuccess == false, "\(result)")
        #expect(result.first?.ipv4?.kind == .failure, "\(result)")
    }

    @Test("the real binary updates the zone, then a second run sends nothing")
    func endToEnd() throws {
        let bind = try bind()
        let directory = temporaryDirectory()
        let name = "e2e.\(BindServer.zone)"
        let path = try writeConfig(
            """
            cache=\(directory)/c.cache
            usev4=ipv4, ipv4=198.51.100.70, usev6=ipv6, ipv6=2001:db8::70
            protocol=nsupdate, server=127.0.0.1:\(bind.port), zone=\(BindServer.zone), ttl=120
            password=\(bind.keyFiles["hmac-sha512"]!)
            \(name)
            """, in: directory)
        let first = try runDDSwift(["-file", path, "-verbose"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(bind.dig(name, "A") == ["198.51.100.70"])
        #expect(bind.dig(name, "AAAA") == ["2001:db8::70"])
        let serial = bind.serial()
        let second = try runDDSwift(["-file", path])
        #expect(second.status == 0)
        #expect(bind.serial() == serial)
        let status = try runDDSwift(["--status", "-file", path])
        #expect(status.stdout.contains("(verified)"))
    }
}
