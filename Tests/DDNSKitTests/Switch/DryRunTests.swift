import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// `-test` sends nothing, writes nothing and runs no child process, yet reports what a real
/// run would hit; a one-shot run writes no pid file (ddclient writes it only as a daemon).
@Suite struct DryRunTests {
    /// A program that records that it ran (as sendmail and as postscript).
    func probe(in directory: String) throws -> String {
        let path = directory + "/probe"
        try "#!/bin/sh\necho \"$0 $*\" >> \(directory)/probe.out\ncat >/dev/null\n".write(
            toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test("-test: no request, no mail, no postscript, no cache, lock or pid file")
    func sendsAndWritesNothing() throws {
        let server = try dyndnsServer { _ in "badauth" }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let work = directory + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: false)
        let probe = try probe(in: directory)
        let path = try writeConfig(
            """
            ssl=no, cache=\(work)/c, pid=\(work)/run/ddswift.pid
            mail=me@example.com, mail-failure=ops@example.com, postscript=\(probe)
            use=ip, ip=192.0.2.120
            protocol=dyndns2, server=\(server.hostAndPort), login=bob, password=pw a.example.com
            """, in: directory)
        for flags in [["-test"], ["-test", "-daemon=0"], ["-noexec"]] {
            let run = try runDDSwift(["-file", path] + flags, environment: ["DDSWIFT_SENDMAIL": probe])
            #expect(run.status == 0, "\(flags): \(run.stderr)")
            #expect(run.stderr.contains("would update a.example.com"), "\(run.stderr)")
        }
        #expect(server.requests.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory + "/probe.out"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work) == [])
    }

    @Test("-test reports what a real run would hit: nsupdate's missing key file, with the reason")
    func reportsMissingKeyFile() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            use=ip, ip=192.0.2.121, cache=\(directory)/c
            protocol=nsupdate, server=127.0.0.1:9, zone=example.com, password=\(directory)/missing.key
            h.example.com
            """, in: directory)
        let run = try runDDSwift(["-file", path, "-test"])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("cannot read the TSIG key file '\(directory)/missing.key': No such file or directory"),
            "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/c"))
    }

    @Test("an unquoted password followed by ',' (ddclient keeps the comma) gets a warning naming file and line")
    func passwordTrailingComma() throws {
        let directory = temporaryDirectory()
        for line in ["password=secret, server=x", "password=secret,server=x"] {
            let path = try writeConfig(
                "use=ip, ip=192.0.2.122, cache=\(directory)/c\nprotocol=dyndns2, login=bob, \(line)\nh.example.com\n",
                in: directory)
            let run = try runDDSwift(["-file", path, "-test"])
            #expect(run.stderr.contains("\(path):2: the password value runs to the next space"), "\(run.stderr)")
            #expect(!run.stderr.contains("secret"))
        }
        let quoted = try writeConfig(
            "use=ip, ip=192.0.2.122, cache=\(directory)/c\nprotocol=dyndns2, login=bob, password='secret,' h.example.com\n",
            in: directory)
        #expect(!(try runDDSwift(["-file", quoted, "-test"]).stderr.contains("runs to the next space")))
    }

    @Test("the pid file: not on a one-shot run (no folder created), written by the daemon and removed on exit")
    func pidFileOnlyForTheDaemon() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let pid = directory + "/run/ddswift.pid"
        let path = try writeConfig(
            """
            ssl=no, cache=\(directory)/c, pid=\(pid)
            use=ip, ip=192.0.2.123
            protocol=dyndns2, server=\(server.hostAndPort), login=bob, password=pw a.example.com
            """, in: directory)
        let once = try runDDSwift(["-file", path])
        #expect(once.status == 0, "\(once.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/run"))

        let daemon = try startDDSwift(["-file", path, "-daemon=3600", "-foreground"])
        defer { kill(daemon.process.processIdentifier, SIGKILL) }
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: pid) && Date() < deadline { usleep(20_000) }
        let written = try String(contentsOfFile: pid, encoding: .utf8)
        #expect(written == "\(daemon.process.processIdentifier)\n")
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(daemon.finish().status == 0)
        #expect(!FileManager.default.fileExists(atPath: pid))
    }
}

/// A one-shot run while the daemon runs: the daemon holds the lock only during a cycle.
@Suite struct DaemonLockTests {
    @Test("-force while the daemon sleeps sends at once; the daemon's next cycle re-reads the cache and sends nothing")
    func forcedRunBesideTheDaemon() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let path = try writeConfig(
            """
            ssl=no, cache=\(directory)/c, min-interval=0
            use=ip, ip=192.0.2.130
            protocol=dyndns2, server=\(server.hostAndPort), login=bob, password=pw a.example.com
            """, in: directory)
        let daemon = try startDDSwift(["-file", path, "-daemon=3600", "-foreground", "-verbose"])
        defer { kill(daemon.process.processIdentifier, SIGKILL) }
        var deadline = Date().addingTimeInterval(10)
        while !daemon.stderrSoFar.contains("sleeping for") && Date() < deadline { usleep(20_000) }
        #expect(server.requests.count == 1)

        // OPNsense's "Force update": a one-shot -force run, no waiting for the lock.
        let started = Date()
        let forced = try runDDSwift(["-file", path, "-force"], environment: ["DDSWIFT_LOCK_WAIT": "2"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(server.requests.count == 2)

        // The daemon's next cycle (SIGHUP starts it now) reads what the forced run wrote.
        kill(daemon.process.processIdentifier, SIGHUP)
        deadline = Date().addingTimeInterval(10)
        while daemon.stderrSoFar.components(separatedBy: "sleeping for").count < 3 && Date() < deadline {
            usleep(20_000)
        }
        #expect(daemon.stderrSoFar.contains("IPv4 address is already 192.0.2.130"), "\(daemon.stderrSoFar)")
        #expect(server.requests.count == 2)
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(daemon.finish().status == 0)
    }

    @Test("-test reports a configuration others can read and leaves its mode; the real run fixes it")
    func testLeavesConfigMode() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "ssl=no\nuse=ip, ip=198.51.100.7\nprotocol=dyndns2, server=127.0.0.1:9, login=u, password=p\nh.example.com\n",
            in: directory)
        chmod(path, 0o644)
        let dry = try runDDSwift(["-file", path, "-cache", directory + "/c.cache", "-test"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stderr.contains("file must be accessible only by its owner (chmod 600 \(path))"), "\(dry.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o644)
        _ = try runDDSwift(["-file", path, "-cache", directory + "/c.cache"])
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }

    @Test(
        "-test fails, as the real run would, where the lock file cannot be created",
        .enabled(if: canRunAsNobody))
    func testChecksLockFolder() throws {
        let (directory, path) = try nobodysConfiguration(folderMode: 0o755)
        let readOnly = directory + "/ro"
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: false)
        chmod(readOnly, 0o555)
        for flags in [["-test"], []] {
            let run = try runAsNobody(["-file", path, "-cache", readOnly + "/c.cache"] + flags)
            #expect(run.status == 1, "\(flags) \(run.stderr)")
            #expect(
                run.stderr.contains(
                    "\(readOnly)/c.cache.lock: Permission denied (run ddswift as the user that owns it"),
                "\(run.stderr)")
            #expect(!run.stderr.contains("would update"))
        }
    }

    @Test("-status on a cache that is a folder, or that it cannot read, is an error (exit 1), not an empty cache")
    func statusOnBrokenCache() throws {
        let directory = temporaryDirectory()
        let run = try runDDSwift(["-status", "-cache", directory])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stderr.contains("cannot use the cache \(directory): it is a folder"), "\(run.stderr)")
        #expect(!run.stdout.contains("no hosts in the cache yet"))
    }

    @Test("-test with daemon= in the file runs one dry cycle in the foreground and exits")
    func testIgnoresDaemon() throws {
        let directory = temporaryDirectory()
        let path = try writeConfig(
            "daemon=300\nssl=no\nuse=ip, ip=198.51.100.7\nprotocol=dyndns2, server=127.0.0.1:9, login=u, password=p\nh.example.com\n",
            in: directory)
        let run = try runDDSwift(["-file", path, "-cache", directory + "/c.cache", "-test"], timeout: 20)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("would update h.example.com"), "\(run.stderr)")
        #expect(!run.stderr.contains("sleeping"))
    }

    @Test("-help=NAME for a retired protocol says why and what to use instead")
    func helpForRetiredProtocol() throws {
        let run = try runDDSwift(["-help=dnsexit"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("dnsexit: no longer offered: DNSExit retired this API; use protocol=dnsexit2"))
    }
}
