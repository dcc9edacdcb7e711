import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// The real binary against loopback fake providers: what a user runs from cron.
@Suite struct EndToEndTests {
    func config(
        server: FakeHTTPServer, ip: String, directory: String, extra: String = "", password: String = "pw-Secret&1"
    ) -> String {
        """
        daemon=0
        ssl=no
        cache=\(directory)/ddswift.cache
        min-interval=0
        use=ip, ip=\(ip)
        protocol=dyndns2, server=\(server.hostAndPort), login=bob, password='\(password)'
        \(extra)
        a.example.com,b.example.com
        """
    }

    @Test("first run updates, second sends nothing, a changed address updates, --status shows it")
    func cronCycle() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server: server, ip: "198.51.100.7", directory: directory), in: directory)
        let first = try runDDSwift(["-file", path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(server.requests.map(\.target) == ["/nic/update?hostname=a.example.com,b.example.com&myip=198.51.100.7"])
        #expect(server.requests.first?.basicAuth == "bob:pw-Secret&1")

        let second = try runDDSwift(["-file", path, "-verbose"])
        #expect(second.status == 0)
        #expect(server.requests.count == 1)
        #expect(second.stderr.contains("IPv4 address is already 198.51.100.7"))

        _ = try writeConfig(config(server: server, ip: "198.51.100.8", directory: directory), in: directory)
        let third = try runDDSwift(["-file", path])
        #expect(third.status == 0)
        #expect(server.requests.count == 2)
        #expect(server.requests.last?.queryValue("myip") == "198.51.100.8")

        let status = try runDDSwift(["--status", "-file", path])
        #expect(status.status == 0)
        #expect(status.stdout.contains("a.example.com"))
        #expect(status.stdout.contains("198.51.100.8"))
        #expect(status.stdout.contains("[good]"))
        let json = try runDDSwift(["--status", "--json", "-file", path])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let hosts = try #require(object?["hosts"] as? [[String: Any]])
        #expect(hosts.count == 2)
        #expect((hosts.first?["ipv4"] as? [String: Any])?["address"] as? String == "198.51.100.8")
    }

    @Test("a provider refusal exits 1, is held, and is not retried on the next run")
    func badauth() throws {
        let server = try dyndnsServer { _ in "badauth\n" }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server: server, ip: "198.51.100.7", directory: directory), in: directory)
        let first = try runDDSwift(["-file", path])
        #expect(first.status == 1)
        #expect(first.stderr.contains("FAILED"))
        // Held: nothing is sent, but the run fails (exit 1) and says why in one line.
        let second = try runDDSwift(["-file", path])
        #expect(second.status == 1)
        #expect(server.requests.count == 1)
        let lines = second.stderr.split(separator: "\n").filter { $0.hasPrefix("FAILED") }
        #expect(
            lines.count == 2
                && lines.allSatisfy { $0.contains("not retried after 'badauth' until the configuration changes") },
            "\(second.stderr)")
    }

    @Test("at -debug no secret appears in the output")
    func secretsNeverLogged() throws {
        let password = "Sup3r-Secret&pw"
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            config(server: server, ip: "198.51.100.7", directory: directory, password: password), in: directory)
        let run = try runDDSwift(["-file", path, "-debug", "-verbose", "-force"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("DEBUG"))
        for leak in [
            password, URLEncoding.encode(password), "Sup3r", Data("bob:\(password)".utf8).base64EncodedString(),
        ] {
            #expect(!run.stderr.contains(leak) && !run.stdout.contains(leak), "leaked \(leak)")
        }
        let printed = try runDDSwift(["-file", path, "--print-config=conf"])
        #expect(!printed.stdout.contains(password))
        #expect(printed.stdout.contains("********"))
    }

    @Test("two runs at once: the second waits for the lock and then sends nothing")
    func lockSerialisesRuns() throws {
        let server = try dyndnsServer(delay: 1.0)
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server: server, ip: "198.51.100.7", directory: directory), in: directory)
        let first = try startDDSwift(["-file", path])
        usleep(200_000)
        let second = try startDDSwift(["-file", path])
        let results = [first.finish(), second.finish()]
        #expect(results.map(\.status) == [0, 0], "\(results.map(\.stderr))")
        #expect(server.requests.count == 1)
    }

    @Test("a run that finds the lock busy past its wait exits 3")
    func lockBusy() throws {
        let server = try dyndnsServer(delay: 2.0)
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server: server, ip: "198.51.100.7", directory: directory), in: directory)
        let first = try startDDSwift(["-file", path])
        usleep(300_000)
        let second = try runDDSwift(["-file", path], environment: ["DDSWIFT_LOCK_WAIT": "0.2"])
        #expect(second.status == 3)
        #expect(second.stderr.contains("another ddswift run holds"))
        #expect(first.finish().status == 0)
    }

    @Test("SIGTERM in daemon mode lets an answer on its way arrive, writes the cache and exits 0")
    func sigtermDaemon() throws {
        let server = try dyndnsServer(delay: 0.1)
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server: server, ip: "198.51.100.7", directory: directory), in: directory)
        let daemon = try startDDSwift(["-file", path, "-daemon=300", "-foreground"])
        let deadline = Date().addingTimeInterval(10)
        while server.requests.isEmpty && Date() < deadline { usleep(20_000) }
        #expect(!server.requests.isEmpty)
        kill(daemon.process.processIdentifier, SIGTERM)  // while the provider is still answering
        let started = Date()
        let result = daemon.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(
            try CacheFile.read(path: directory + "/ddswift.cache").entries["a.example.com"]?.status(.ipv4) == "good")
    }

    @Test(
        "SIGTERM or SIGINT during a stuck request stops the run within 2 s; the cache stays readable",
        arguments: [SIGTERM, SIGINT])
    func signalDuringStuckRequest(signal: Int32) throws {
        let server = try FakeHTTPServer { _ in .hangForever }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(config(server: server, ip: "198.51.100.7", directory: directory), in: directory)
        let run = try startDDSwift(["-file", path])  // the default timeout: 120 s
        let deadline = Date().addingTimeInterval(10)
        while server.requests.isEmpty && Date() < deadline { usleep(20_000) }
        #expect(!server.requests.isEmpty)
        kill(run.process.processIdentifier, signal)
        let started = Date()
        let result = run.finish()
        #expect(Date().timeIntervalSince(started) < 2, "\(result.stderr)")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("not updated: a stop signal came before dyndns2 answered"), "\(result.stderr)")
        // Not a failure of the provider: the entry stays as it was (here: none), so the next
        // run sends the update at once.
        #expect(try CacheFile.read(path: directory + "/ddswift.cache").entries["a.example.com"] == nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp.") }
        #expect(leftovers.isEmpty)
    }

    @Test("an unknown flag exits 2 with a clear message")
    func unknownFlag() throws {
        let run = try runDDSwift(["-frobnicate"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("frobnicate"))
    }

    @Test("a config error is reported as file:line and exits 2")
    func configError() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "daemon=0\ncache=\(directory)/c\nprotocol=nosuchprotocol a.example.com\n", in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(path):3"))
    }
}

/// Issue [dyndns] end to end: several providers, their real host names pinned to one fake.
@Suite struct MultiProviderEndToEndTests {
    @Test("5 hosts over 3 providers: updated, then skipped, then updated after a change; --status shows the answers")
    func threeProviders() throws {
        let server = try FakeHTTPServer { request in
            let host = (request.header("Host") ?? "").split(separator: ":").first.map(String.init) ?? ""
            switch host {
            case "members.dyndns.org":
                let count = (request.queryValue("hostname") ?? "").split(separator: ",").count
                return .text(
                    Array(repeating: "good \(request.queryValue("myip") ?? "")", count: count).joined(separator: "\n"))
            case "www.duckdns.org":
                return .text("OK")
            case "api.cloudflare.com":
                if request.method == "PATCH" { return .json(#"{"success":true,"result":{}}"#) }
                if request.path.hasSuffix("/zones") {
                    return .json(#"{"success":true,"result":[{"id":"z1","name":"example.com"}]}"#)
                }
                return .json(
                    #"{"success":true,"result":[{"id":"r1","name":"\#(request.queryValue("name") ?? "")","content":"198.51.100.1"}]}"#
                )
            default:
                return .text("unexpected host \(host)", status: 500)
            }
        }
        defer { server.stop() }
        let directory = temporaryDirectory()
        func write(ip: String) throws -> String {
            try writeConfig(
                """
                ssl=no, cache=\(directory)/c.cache, min-interval=0
                usev4=ipv4, ipv4=\(ip)
                protocol=dyndns2, server=members.dyndns.org:\(server.port), login=bob, password=pw a.example.org,b.example.org
                protocol=duckdns, server=www.duckdns.org:\(server.port), password=duck-token c.duckdns.org,d.duckdns.org
                protocol=cloudflare, server=api.cloudflare.com:\(server.port)/client/v4, zone=example.com, password=cf-token e.example.com
                """, in: directory)
        }
        let path = try write(ip: "203.0.113.50")
        let pins = ["members.dyndns.org", "www.duckdns.org", "api.cloudflare.com"].map {
            "\($0):\(server.port):127.0.0.1"
        }.joined(separator: ",")
        let environment = ["DDSWIFT_RESOLVE": pins]
        let first = try runDDSwift(["-file", path], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let hostsSeen = Set(
            server.requests.compactMap { $0.header("Host")?.split(separator: ":").first.map(String.init) })
        #expect(hostsSeen == ["members.dyndns.org", "www.duckdns.org", "api.cloudflare.com"])
        #expect(server.requests.filter { $0.path == "/nic/update" }.count == 1)
        #expect(server.requests.filter { $0.path == "/update" }.count == 1)
        let afterFirst = server.requests.count

        let second = try runDDSwift(["-file", path], environment: environment)
        #expect(second.status == 0)
        #expect(server.requests.count == afterFirst)

        _ = try write(ip: "203.0.113.51")
        let third = try runDDSwift(["-file", path], environment: environment)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(server.requests.count > afterFirst)
        #expect(server.requests.last { $0.path == "/nic/update" }?.queryValue("myip") == "203.0.113.51")

        let status = try runDDSwift(["--status", "-file", path])
        for host in ["a.example.org", "b.example.org", "c.duckdns.org", "d.duckdns.org", "e.example.com"] {
            #expect(status.stdout.contains(host))
        }
        #expect(status.stdout.contains("203.0.113.51"))
        #expect(status.stdout.contains("cloudflare"))
    }
}

/// Issue [scale]: limits, request sizes and the cheap no-change path.
@Suite struct ScaleTests {
    @Test("45 dyndns2 hosts sharing a login become 3 requests")
    func splitRequests() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let hosts = (1...45).map { "h\($0).example.com" }.joined(separator: ",")
        let path = try writeConfig(
            "ssl=no, cache=\(directory)/c\nuse=ip, ip=192.0.2.45\nprotocol=dyndns2, server=\(server.hostAndPort), login=bob, password=pw \(hosts)\n",
            in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 0, "\(run.stderr)")
        let sizes = server.requests.map { ($0.queryValue("hostname") ?? "").split(separator: ",").count }
        #expect(sizes.sorted() == [5, 20, 20])
    }

    @Test("the per-server limit is never exceeded and other servers are not stalled")
    func perServerLimit() throws {
        let slow = try FakeHTTPServer { request in .text("good \(request.queryValue("myip") ?? "")", delay: 0.3) }
        let fast = try FakeHTTPServer { request in .text("good \(request.queryValue("myip") ?? "")") }
        defer {
            slow.stop()
            fast.stop()
        }
        let directory = temporaryDirectory()
        var lines = "ssl=no, cache=\(directory)/c\nuse=ip, ip=192.0.2.46\nprotocol=dyndns2\n"
        for index in 0..<12 {
            lines += "server=\(slow.hostAndPort), login=u\(index), password=pw slow\(index).example.com\n"
        }
        for index in 0..<12 {
            lines += "server=\(fast.hostAndPort), login=u\(index), password=pw fast\(index).example.com\n"
        }
        let path = try writeConfig(lines, in: directory)
        let run = try runDDSwift(["-file", path, "--max-per-server=3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(slow.requests.count == 12 && fast.requests.count == 12)
        #expect(slow.peakConcurrency() <= 3)
        #expect(slow.peakConcurrency() >= 2)
        #expect(fast.peakConcurrency() <= 3)
    }

    @Test("all hosts current with use=ip: the run opens no connection at all")
    func noConnection() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "ssl=no, cache=\(directory)/c\nuse=ip, ip=192.0.2.47\nprotocol=dyndns2, server=\(server.hostAndPort), login=bob, password=pw a.example.com,b.example.com\n",
            in: directory)
        #expect(try runDDSwift(["-file", path]).status == 0)
        let connections = server.connectionCount
        let again = try runDDSwift(["-file", path])
        #expect(again.status == 0)
        #expect(server.connectionCount == connections)
    }
}

@Suite struct CommandBehaviourTests {
    @Test("postscript runs after a successful update with the new addresses")
    func postscript() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        try "#!/bin/sh\necho \"$@\" > \(directory)/postscript.out\n".write(
            toFile: directory + "/record.sh", atomically: false, encoding: .utf8)
        let path = try writeConfig(
            """
            ssl=no, cache=\(directory)/c, postscript='/bin/sh \(directory)/record.sh'
            usev4=ipv4, ipv4=192.0.2.80, usev6=ipv6, ipv6=2001:db8::80
            protocol=dyndns2, server=\(server.hostAndPort), login=bob, password=pw a.example.com
            """, in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            (try? String(contentsOfFile: directory + "/postscript.out", encoding: .utf8)) == "192.0.2.80 2001:db8::80\n"
        )
    }

    @Test("a configuration without hosts warns and exits 1 (ddclient does the same)")
    func noHosts() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig("daemon=0, cache=\(directory)/c\n", in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no hosts configured"))
    }

    @Test("-list-protocols, -version, -help and -geturl")
    func information() throws {
        #expect(
            try runDDSwift(["-list-protocols"]).stdout.split(separator: "\n").contains {
                $0.split(separator: " ").first == "nsupdate"
            })
        #expect(try runDDSwift(["-version=short"]).stdout == "\(DDSwiftVersion.string)\n")
        let help = try runDDSwift(["--help"])
        #expect(help.status == 0 && help.stdout.contains("Exit codes:") && help.stdout.contains("-daemon=0"))
        let server = try dyndnsServer { _ in "hello from the page" }
        defer { server.stop() }
        let fetched = try runDDSwift(["-geturl", server.baseURL + "/"])
        #expect(fetched.stdout == "hello from the page\n")
    }

    @Test("-query lists the loopback interface's address and exits 0")
    func query() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "cache=\(directory)/c\nusev4=ipv4, ipv4=192.0.2.90, login=a, password=b h.example.com\n", in: directory)
        let run = try runDDSwift(["-file", path, "-query"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("if=lo address is 127.0.0.1"))
        #expect(run.stdout.contains("ipv4=192.0.2.90 address is 192.0.2.90"))
    }
}

@Suite struct DaemonTests {
    @Test("SIGHUP makes a daemon re-read its configuration and run again at once")
    func sighupReloads() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        func config(_ ip: String) -> String {
            "ssl=no, cache=\(directory)/c, min-interval=0\nuse=ip, ip=\(ip)\nprotocol=dyndns2, server=\(server.hostAndPort), login=bob, password=pw a.example.com\n"
        }
        let path = try writeConfig(config("192.0.2.100"), in: directory)
        let daemon = try startDDSwift(["-file", path, "-daemon=3600", "-foreground"])
        defer { kill(daemon.process.processIdentifier, SIGKILL) }
        var deadline = Date().addingTimeInterval(10)
        while server.requests.isEmpty && Date() < deadline { usleep(20_000) }
        #expect(server.requests.count == 1)
        _ = try writeConfig(config("192.0.2.101"), in: directory)
        kill(daemon.process.processIdentifier, SIGHUP)
        deadline = Date().addingTimeInterval(10)
        while server.requests.count < 2 && Date() < deadline { usleep(20_000) }
        #expect(server.requests.last?.queryValue("myip") == "192.0.2.101")
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(daemon.finish().status == 0)
    }

    @Test("a cache readable by others is fixed to 0600 with a warning")
    func cachePermissions() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let cache = directory + "/c"
        try CacheFile.write([:], to: cache, now: 1)
        chmod(cache, 0o644)
        let path = try writeConfig(
            "ssl=no, cache=\(cache)\nuse=ip, ip=192.0.2.102\nprotocol=dyndns2, server=\(server.hostAndPort), login=bob, password=pw a.example.com\n",
            in: directory)
        let run = try runDDSwift(["-file", path])
        #expect(run.stderr.contains("accessible only by its owner"))
        #expect((try FileManager.default.attributesOfItem(atPath: cache)[.posixPermissions] as? Int) == 0o600)
    }
}

@Suite struct MailTests {
    @Test("mail-failure gets a failed run's report (secrets masked); a successful run goes to mail")
    func mailReports() throws {
        let server = try dyndnsServer { request in request.basicAuth == "bob:good-pw" ? "good 192.0.2.110" : "badauth" }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let sendmail = directory + "/sendmail"
        try "#!/bin/sh\n{ echo \"ARGS: $*\"; cat; } >> \(directory)/mail.out\n".write(
            toFile: sendmail, atomically: false, encoding: .utf8)
        chmod(sendmail, 0o755)
        func config(_ password: String) -> String {
            "ssl=no, cache=\(directory)/c, mail=me@example.com, mail-failure=ops@example.com\nuse=ip, ip=192.0.2.110\nprotocol=dyndns2, server=\(server.hostAndPort), login=bob, password=\(password) a.example.com\n"
        }
        let path = try writeConfig(config("bad-secret-pw"), in: directory)
        #expect(try runDDSwift(["-file", path], environment: ["DDSWIFT_SENDMAIL": sendmail]).status == 1)
        let failedMail = try String(contentsOfFile: directory + "/mail.out", encoding: .utf8)
        #expect(failedMail.contains("ARGS: -oi ops@example.com"))
        #expect(failedMail.contains("Subject: status report from ddswift@"))
        #expect(failedMail.contains("FAILED"))
        #expect(!failedMail.contains("bad-secret-pw"))
        try FileManager.default.removeItem(atPath: directory + "/mail.out")
        _ = try writeConfig(config("good-pw"), in: directory)
        #expect(try runDDSwift(["-file", path, "-force"], environment: ["DDSWIFT_SENDMAIL": sendmail]).status == 0)
        let goodMail = try String(contentsOfFile: directory + "/mail.out", encoding: .utf8)
        #expect(goodMail.contains("ARGS: -oi me@example.com"))
        #expect(goodMail.contains("SUCCESS"))
    }
}

/// Converting to YAML as the README says keeps a working file; a masked one is refused.
@Suite struct ConversionTests {
    @Test(
        "-print-config=yaml -show-secrets gives a file that updates; without -show-secrets the mask is refused, nothing sent"
    )
    func convertToYAML() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let conf = try writeConfig(
            """
            ssl=no
            use=ip, ip=198.51.100.60
            protocol=dyndns2, server=\(server.hostAndPort), login=bob, password='Real-Pw&1'
            h.example.com
            """, in: directory)
        let masked = try runDDSwift(["-file", conf, "-print-config=yaml"])
        #expect(masked.status == 0 && masked.stdout.contains("********"))
        let maskedPath = try writeConfig(masked.stdout, in: directory, name: "masked.yaml")
        let refused = try runDDSwift(["-file", maskedPath, "-cache", directory + "/c1"])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("password is ********, the mask -print-config writes"), "\(refused.stderr)")
        #expect(server.requests.isEmpty)
        let full = try runDDSwift(["-file", conf, "-print-config=yaml", "-show-secrets"])
        #expect(full.status == 0 && full.stdout.contains("Real-Pw&1"))
        #expect(!full.stderr.contains("warning"))  // stdout is a pipe, not a terminal
        let fullPath = try writeConfig(full.stdout, in: directory, name: "full.yaml")
        let run = try runDDSwift(["-file", fullPath, "-cache", directory + "/c2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(server.requests.first?.basicAuth == "bob:Real-Pw&1")
    }
}
