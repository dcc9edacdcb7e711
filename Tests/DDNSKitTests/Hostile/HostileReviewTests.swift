import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// Regression tests for the defects a review of the issue-12 fixes found (each failed before
/// its fix).
@Suite struct HostileReviewTests {
    @Test("a huge DNS timeout neither traps nor waits when the server refuses (nsupdate's timeout=100d)")
    func hugeDNSTimeout() throws {
        // A port with nothing listening: TCP is refused at once.
        let transport = DNSTransport(host: "127.0.0.1", port: 9, tcpOnly: true, timeout: 100 * 86400)
        let started = Date()
        #expect(throws: DNSError.self) {
            try transport.exchange(try DNSMessage.query(id: 1, name: "a.example.com", type: 1).encode())
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test("a password with : , and @ is masked in -debug request lines, whatever the query encoder keeps")
    func queryFormsMasked() throws {
        let password = "p@ss:wo,rd"
        let server = try FakeHTTPServer { _ in
            .text("<?xml version=\"1.0\"?><interface-response><ErrCount>0</ErrCount></interface-response>")
        }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "ssl=no\nuse=ip, ip=198.51.100.7\nprotocol=namecheap, server=\(server.hostAndPort), login=example.com, password='\(password)'\nwww.example.com\n",
            in: directory)
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c", "-debug"])
        #expect(run.stderr.contains("REQUEST:"), "\(run.stderr)")
        #expect(server.requests.first?.queryValue("password") == password)
        for form in [password, "p%40ss:wo,rd", "p%40ss:wo%2Crd", URLEncoding.encode(password)] {
            #expect(!run.stderr.contains(form), "\(form) in \(run.stderr)")
        }
    }

    @Test("-file /dev/stdin (a pipe the user gave on purpose) is read")
    func configFromPipe() throws {
        let directory = temporaryDirectory()
        let input = try writeConfig(
            "use=ip, ip=198.51.100.7\nprotocol=dyndns2, login=u, password=p\nh.example.com\n", in: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let binary = productsDirectory().appendingPathComponent("ddswift").path
        process.arguments = ["-c", "'\(binary)' -file /dev/stdin -cache '\(directory)/c' -test < '\(input)' 2>&1"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("would update h.example.com"), "\(text)")
    }

    @Test("SIGTERM during a stuck request leaves the cache entry as it was: the next run retries at once")
    func interruptedKeepsEntry() throws {
        let server = try FakeHTTPServer { _ in .hangForever }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let cache = directory + "/c"
        // A previous good update of another address, long ago.
        try "mtime=1000,atime=1000,ipv4=198.51.100.6,status-ipv4=good h.example.com\n".write(
            toFile: cache, atomically: false, encoding: .utf8)
        chmod(cache, 0o600)
        let path = try writeConfig(
            "ssl=no\nuse=ip, ip=198.51.100.7\nprotocol=dyndns2, server=\(server.hostAndPort), login=u, password=p\nh.example.com\n",
            in: directory)
        let run = try startDDSwift(["-file", path, "-cache", cache])
        let deadline = Date().addingTimeInterval(10)
        while server.requests.isEmpty && Date() < deadline { usleep(20_000) }
        kill(run.process.processIdentifier, SIGTERM)
        let result = run.finish()
        #expect(result.stderr.contains("not updated: a stop signal came"), "\(result.stderr)")
        let entry = try #require(try CacheFile.read(path: cache).entries["h.example.com"])
        #expect(
            entry.status(.ipv4) == "good" && entry.atime == 1000 && entry.address(.ipv4) == "198.51.100.6", "\(entry)")
    }

    @Test("a host option on a global line is accepted when the host's protocol types it so (gandi's ttl=1h)")
    func globalLineTypedPerProtocol() throws {
        let config = try ConfigLoader.parse(
            text: "ttl=1h\nuse=ip, ip=198.51.100.7\nprotocol=gandi, zone=example.com, password=k\nh.example.com\n",
            file: "t.conf", format: .conf)
        #expect(!config.diagnostics.contains { $0.message.contains("ttl") }, "\(config.diagnostics)")
        #expect(config.hosts.first?.values["ttl"] == "3600")
    }

    @Test("the cache's temporary file is always new: a link planted at the old predictable name is not written")
    func temporaryFileIsNew() throws {
        let directory = temporaryDirectory()
        let victim = directory + "/victim"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        let path = directory + "/c.cache"
        link(victim, "\(path).tmp.\(getpid())")
        try AtomicFile.write("new\n", to: path, mode: 0o600)
        try AtomicFile.write("newer\n", to: path, mode: 0o600)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "newer\n")
    }

    @Test("a configuration file with a second hard link is not chmod'ed")
    func hardLinkedConfigNotChmodded() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig("use=ip, ip=198.51.100.7\n", in: directory)
        chmod(path, 0o644)
        link(path, directory + "/other")
        _ = FilePermissions.check(path)
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o644)
    }

    @Test("YAML keys that differ only in case, or by _env, set one option twice: an error naming both lines")
    func yamlCaseDuplicates() throws {
        #expect(throws: ConfigError.self) {
            try ConfigLoader.parse(text: "password: a\nPassword: b\n", file: "c.yaml", format: .yaml)
        }
        do {
            _ = try ConfigLoader.parse(
                text: "protocol: dyndns2\nhosts:\n  - host: h.example.com\n    password: a\n    password_env: HOME\n",
                file: "c.yaml", format: .yaml, environment: ["HOME": "/root"])
            Issue.record("accepted")
        } catch {
            #expect(
                "\(error)".contains("'password_env' and 'password' both set option 'password', at lines 4 and 5"),
                "\(error)")
        }
    }

    @Test("a secret shorter than 3 characters does not strip variables with that value from children")
    func shortSecretsNotWithheld() {
        CommandRunner.withholdEnvironment(holding: ["1"])
        setenv("DDSWIFT_TEST_ONE", "1", 1)
        let output = CommandRunner.run("env", timeout: 10)
        #expect(output.stdout.contains("DDSWIFT_TEST_ONE=1"))
    }

    @Test("a configuration with CRLF line ends is read line by line")
    func crlfConfig() throws {
        let config = try ConfigLoader.parse(
            text: "use=ip, ip=198.51.100.7\r\nprotocol=dyndns2, login=u, password=p\r\nh.example.com\r\n",
            file: "t.conf", format: .conf)
        #expect(config.hosts.map(\.name) == ["h.example.com"], "\(config.diagnostics)")
        #expect(config.hosts.first?.values["ip"] == "198.51.100.7")
    }
}
