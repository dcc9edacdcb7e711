import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// A protocol that records the groups it is asked to send and answers from a script.
final class RecordingProtocol: DDNSProtocol, Sendable {
    let name: String
    let groupBy: [String]
    let maxHostsPerRequest: Int
    let forceUpdateIfChanged: [String]
    var options: [OptionSpec] { [] }
    var summary: String { "records the groups it is given" }
    private let calls = Mutex<[[String]]>([])
    private let answer: @Sendable (UpdateTarget) -> UpdateResult

    init(
        name: String = "recording", groupBy: [String] = ["login", "wantipv4", "wantipv6"], maxHostsPerRequest: Int = 20,
        tracked: [String] = [],
        answer: @escaping @Sendable (UpdateTarget) -> UpdateResult = { target in
            UpdateResult(target: target) { .good($0) }
        }
    ) {
        self.name = name
        self.groupBy = groupBy
        self.maxHostsPerRequest = maxHostsPerRequest
        self.forceUpdateIfChanged = tracked
        self.answer = answer
    }

    var groups: [[String]] { calls.withLock { $0 } }

    func update(_ targets: [UpdateTarget], context: UpdateContext) -> [UpdateResult] {
        calls.withLock { $0.append(targets.map(\.name)) }
        return targets.map(answer)
    }
}

struct NoHTTP: HTTPTransport {
    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse { throw .invalidURL("no network in this test") }
}

@Suite struct UpdateRunnerTests {
    func host(_ name: String, login: String = "bob", extra: [String: String] = [:]) -> HostConfig {
        HostConfig(
            name: name,
            values: [
                "protocol": "recording", "login": login, "min-interval": "30", "min-error-interval": "300",
                "max-interval": "inf", "server": "s.example.com",
            ].merging(extra) { $1 })
    }

    func runner(_ proto: RecordingProtocol, addresses: HostAddresses, now: Int, sink: MemorySink = MemorySink())
        -> UpdateRunner
    {
        UpdateRunner(
            environment: RunEnvironment(
                http: NoHTTP(), log: Log(verbosity: .verbose, sinks: [sink]), now: { now },
                detect: { hosts in Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, addresses) }) },
                protocolNamed: { $0 == proto.name ? proto : nil }))
    }

    @Test("first run updates and records; second sends nothing; a changed address sends again")
    func firstSecondThird() throws {
        let cachePath = temporaryDirectory() + "/c.cache"
        let proto = RecordingProtocol()
        let config = Configuration(file: "t.conf", globals: [:], hosts: [host("a.example.com"), host("b.example.com")])
        let first = runner(proto, addresses: HostAddresses(ipv4: "192.0.2.1"), now: 1000).runCycle(
            config, options: CycleOptions(cachePath: cachePath))
        #expect(first.updated == ["a.example.com", "b.example.com"])
        #expect(proto.groups == [["a.example.com", "b.example.com"]])
        let cached = try CacheFile.read(path: cachePath).entries
        #expect(cached["a.example.com"]?.address(.ipv4) == "192.0.2.1")
        #expect(cached["a.example.com"]?["mtime"] == "1000")
        #expect(cached["a.example.com"]?["protocol"] == "recording")

        let second = runner(proto, addresses: HostAddresses(ipv4: "192.0.2.1"), now: 2000).runCycle(
            config, options: CycleOptions(cachePath: cachePath))
        #expect(second.skipped.count == 2 && second.updated.isEmpty)
        #expect(proto.groups.count == 1)

        let third = runner(proto, addresses: HostAddresses(ipv4: "192.0.2.7"), now: 3000).runCycle(
            config, options: CycleOptions(cachePath: cachePath))
        #expect(third.updated.count == 2)
        #expect(proto.groups.count == 2)
        #expect(try CacheFile.read(path: cachePath).entries["b.example.com"]?.address(.ipv4) == "192.0.2.7")
    }

    @Test("a failed update is not recorded as the current address and is held when permanent")
    func failureRecorded() throws {
        let cachePath = temporaryDirectory() + "/c.cache"
        let proto = RecordingProtocol { target in
            UpdateResult(target: target) { _ in
                .failed("badauth", "login or password refused by s.example.com", permanent: true)
            }
        }
        let config = Configuration(file: "t.conf", globals: [:], hosts: [host("a.example.com")])
        let sink = MemorySink()
        let summary = runner(proto, addresses: HostAddresses(ipv4: "192.0.2.1"), now: 1000, sink: sink).runCycle(
            config, options: CycleOptions(cachePath: cachePath))
        #expect(summary.failed == ["a.example.com"])
        #expect(summary.exitCode == 1)
        let entry = try #require(try CacheFile.read(path: cachePath).entries["a.example.com"])
        #expect(entry.address(.ipv4) == nil)
        #expect(entry.status(.ipv4) == "badauth")
        #expect(entry["hold"] == "badauth")
        #expect(entry.message(.ipv4) == "login or password refused by s.example.com")
        #expect(
            sink.lines(at: .failed).first?.contains(
                "[recording][a.example.com]> updating IPv4 address to 192.0.2.1 failed: login or password refused")
                == true)
        // Hours later, still held: nothing is sent.
        let later = runner(proto, addresses: HostAddresses(ipv4: "192.0.2.1"), now: 100_000).runCycle(
            config, options: CycleOptions(cachePath: cachePath))
        #expect(later.held == ["a.example.com"] && later.skipped.isEmpty)
        #expect(later.exitCode == 1)
        #expect(proto.groups.count == 1)
    }

    @Test("hosts group by the protocol's keys and split at its request limit")
    func grouping() {
        let cachePath = temporaryDirectory() + "/c.cache"
        let proto = RecordingProtocol(maxHostsPerRequest: 20)
        var hosts = (0..<45).map { host("h\($0).example.com") }
        hosts.append(host("other.example.com", login: "alice"))
        let config = Configuration(file: "t.conf", globals: [:], hosts: hosts)
        _ = runner(proto, addresses: HostAddresses(ipv4: "192.0.2.1"), now: 1000).runCycle(
            config, options: CycleOptions(cachePath: cachePath))
        #expect(proto.groups.map(\.count).sorted() == [1, 5, 20, 20])
    }

    @Test("-test decides and reports but sends and writes nothing")
    func dryRun() {
        let cachePath = temporaryDirectory() + "/c.cache"
        let proto = RecordingProtocol()
        var options = CycleOptions(cachePath: cachePath)
        options.dryRun = true
        let summary = runner(proto, addresses: HostAddresses(ipv4: "192.0.2.1"), now: 1000).runCycle(
            Configuration(file: "t", globals: [:], hosts: [host("a.example.com")]), options: options)
        #expect(summary.updated == ["a.example.com"])
        #expect(proto.groups.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cachePath))
    }

    @Test("a host whose address cannot be found is a failure and keeps its cache entry")
    func noAddress() throws {
        let cachePath = temporaryDirectory() + "/c.cache"
        try CacheFile.write(
            [
                "a.example.com": CacheEntry(
                    host: "a.example.com",
                    fields: ["ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "5", "atime": "5"])
            ], to: cachePath, now: 5)
        let proto = RecordingProtocol()
        let summary = runner(proto, addresses: HostAddresses(), now: 1000).runCycle(
            Configuration(file: "t", globals: [:], hosts: [host("a.example.com")]),
            options: CycleOptions(cachePath: cachePath))
        #expect(summary.failed == ["a.example.com"])
        #expect(try CacheFile.read(path: cachePath).entries["a.example.com"]?["atime"] == "5")
    }

    @Test("a stop signal before sending leaves groups unsent and the cache consistent")
    func stopSignal() throws {
        let cachePath = temporaryDirectory() + "/c.cache"
        let proto = RecordingProtocol()
        var runner = runner(proto, addresses: HostAddresses(ipv4: "192.0.2.1"), now: 1000)
        runner.environment.shouldStop = { true }
        let summary = runner.runCycle(
            Configuration(file: "t", globals: [:], hosts: [host("a.example.com")]),
            options: CycleOptions(cachePath: cachePath))
        #expect(summary.interrupted)
        #expect(proto.groups.isEmpty)
        #expect(try CacheFile.read(path: cachePath).entries["a.example.com"] == nil)
    }

    @Test(
        "a cache that cannot be read (here a folder) fails the cycle and sends nothing, rather than counting as empty")
    func unreadableCacheSendsNothing() {
        let proto = RecordingProtocol()
        let summary = runner(proto, addresses: HostAddresses(ipv4: "192.0.2.1"), now: 1000).runCycle(
            Configuration(file: "t", globals: [:], hosts: [host("a.example.com")]),
            options: CycleOptions(cachePath: temporaryDirectory()))
        #expect(summary.cacheReadFailed && summary.exitCode == 1)
        #expect(proto.groups.isEmpty)
    }
}
