import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// Switching from Debian's ddclient 3.10 to ddswift and back sends nothing that is current:
/// both programs run against the same loopback provider, configuration and cache.
@Suite struct RollbackTests {
    static let ddclient = "/usr/bin/ddclient"

    func config(server: FakeHTTPServer, ip: String, directory: String) -> String {
        """
        ssl=no
        min-interval=0
        use=ip, ip=\(ip)
        protocol=dyndns2, server=\(server.hostAndPort), login=bob, password=pw
        a.example.com
        """
    }

    func runDDClient(_ path: String, cache: String) throws -> BinaryRun {
        try runProgram(
            Self.ddclient, ["-foreground", "-daemon=0", "-verbose", "-file", path, "-cache", cache])
    }

    @Test(
        "ddclient 3.10 → ddswift → ddclient 3.10: each switch sends nothing for a current host",
        .enabled(if: FileManager.default.isExecutableFile(atPath: ddclient)))
    func switchBothWays() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let cache = directory + "/ddclient.cache"
        let path = try writeConfig(config(server: server, ip: "198.51.100.7", directory: directory), in: directory)

        let first = try runDDClient(path, cache: cache)
        #expect(server.requests.count == 1, "ddclient 3.10 did not update: \(first.stderr)\(first.stdout)")
        let stamp = try String(contentsOfFile: cache, encoding: .utf8).split(separator: "\n").first
        #expect(stamp == "## ddclient-3.10.0")

        // ddswift takes the cache over: nothing sent, and the file keeps ddclient's stamp.
        let takeover = try runDDSwift(["-file", path, "-cache", cache])
        #expect(takeover.status == 0, "\(takeover.stderr)")
        #expect(server.requests.count == 1)

        // The address changes while ddswift runs: ddswift sends it once.
        _ = try writeConfig(config(server: server, ip: "198.51.100.8", directory: directory), in: directory)
        let change = try runDDSwift(["-file", path, "-cache", cache])
        #expect(change.status == 0, "\(change.stderr)")
        #expect(server.requests.count == 2)
        #expect(server.requests.last?.queryValue("myip") == "198.51.100.8")
        let written = try String(contentsOfFile: cache, encoding: .utf8)
        #expect(written.hasPrefix("## ddclient-3.10.0\n"), "\(written)")
        #expect(written.contains("ip=198.51.100.8"), "\(written)")
        #expect(written.contains("host=a.example.com"), "\(written)")

        // Back to ddclient 3.10: it reads ddswift's cache and sends nothing.
        let rollback = try runDDClient(path, cache: cache)
        let output = rollback.stdout + rollback.stderr
        #expect(!output.contains("mismatch"), "\(output)")
        #expect(output.contains("skipped: IP address was already set to 198.51.100.8"), "\(output)")
        #expect(server.requests.count == 2, "ddclient re-sent: \(output)")
    }
}

extension RollbackTests {
    @Test(
        "a dyndns2 host with static=yes first updated by ddswift in a 3.10 cache: ddclient 3.10 sends nothing after",
        .enabled(if: FileManager.default.isExecutableFile(atPath: ddclient)))
    func staticHostRollsBack() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let directory = temporaryDirectory()
        let cache = directory + "/ddclient.cache"
        try "## ddclient-3.10.0\n## last updated at Mon Nov 30 12:00:00 2026 (1)\n".write(
            toFile: cache, atomically: false, encoding: .utf8)
        chmod(cache, 0o600)
        let path = try writeConfig(
            config(server: server, ip: "198.51.100.9", directory: directory).replacingOccurrences(
                of: "password=pw", with: "password=pw, static=yes"), in: directory)
        let run = try runDDSwift(["-file", path, "-cache", cache])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(server.requests.count == 1)
        #expect(try String(contentsOfFile: cache, encoding: .utf8).contains("static=1"))
        let back = try runDDClient(path, cache: cache)
        #expect(server.requests.count == 1, "ddclient re-sent: \(back.stdout)\(back.stderr)")
    }
}
