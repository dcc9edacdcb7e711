import Foundation
import Synchronization
import Testing

@testable import DDNSKit

/// A sink that keeps the events with the log lines printed before each arrived, to show that
/// every outcome line is the log's answer to an event.
final class OrderedSink: CycleEventSink {
    private let storage = Mutex<[(CycleEvent, Int)]>([])
    let log: MemorySink
    init(log: MemorySink) { self.log = log }
    func receive(_ event: CycleEvent) { storage.withLock { $0.append((event, log.lines.count)) } }
    var events: [CycleEvent] { storage.withLock { $0.map(\.0) } }
    var linesBefore: [Int] { storage.withLock { $0.map(\.1) } }
}

@Suite struct CycleEventsTests {
    func host(_ name: String) -> HostConfig {
        HostConfig(
            name: name,
            values: [
                "protocol": "recording", "login": name, "min-interval": "30", "min-error-interval": "300",
                "max-interval": "inf", "server": "s.example.com",
            ])
    }

    @Test(
        "the log and the cache receive the cycle's events as they happen: each outcome line and cache change follows its event"
    )
    func logAndCacheAreSinks() throws {
        let cachePath = temporaryDirectory() + "/c.cache"
        let proto = RecordingProtocol(groupBy: ["login"]) { target in
            target.name.hasPrefix("bad")
                ? UpdateResult(target: target) { _ in .failed("badauth", "login refused", permanent: true) }
                : UpdateResult(target: target) { .good($0) }
        }
        let config = Configuration(
            file: "t.conf", globals: [:], hosts: [host("good.example.com"), host("bad.example.com")])
        func run(now: Int) -> (CycleSummary, OrderedSink, MemorySink) {
            let lines = MemorySink()
            let sink = OrderedSink(log: lines)
            let runner = UpdateRunner(
                environment: RunEnvironment(
                    http: NoHTTP(), log: Log(verbosity: .normal, sinks: [lines]), now: { now },
                    detect: { hosts in
                        Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, HostAddresses(ipv4: "192.0.2.1")) })
                    },
                    protocolNamed: { $0 == proto.name ? proto : nil }, eventSinks: [sink]))
            return (runner.runCycle(config, options: CycleOptions(cachePath: cachePath)), sink, lines)
        }

        let (first, sink, lines) = run(now: 1000)
        #expect(sink.events.map(\.kind) == [.updated, .failed])
        #expect(sink.events.map(\.host) == ["good.example.com", "bad.example.com"])
        #expect(first.events == sink.events)
        // The log printed the event's own sentence, just before the extra sink saw it.
        for (event, count) in zip(sink.events, sink.linesBefore) {
            #expect(lines.lines[count - 1].hasSuffix("[recording][\(event.host)]> \(event.message)"))
        }
        let failed = try #require(sink.events.last)
        #expect(failed.status == "badauth" && failed.failure == .refusedCredentials && failed.family == .ipv4)
        let cache = try CacheFile.read(path: cachePath).entries
        #expect(cache["good.example.com"]?.address(.ipv4) == "192.0.2.1")
        #expect(cache["bad.example.com"]?["hold"] == "badauth")
        #expect(cache["bad.example.com"]?.failures(.ipv4) == 1)

        let (second, later, _) = run(now: 2000)
        #expect(later.events.map(\.kind) == [.skipped, .held])
        #expect(second.held == ["bad.example.com"])
    }

    @Test("the cache recorder changes the cache only from events: update, failure, hold, wait, skip marks")
    func cacheFromEvents() throws {
        let recorder = CacheRecorder(entries: [:])
        var failed = CycleEvent(
            .failed, host: "h.example.com", protocolName: "dyndns2", family: .ipv6, address: "2001:db8::1",
            failure: .rateLimited, message: "m", time: 50)
        failed.status = "w 5m"
        failed.reply = "wait five minutes, password ********"
        failed.waitUntil = 350
        recorder.receive(failed)
        recorder.receive(failed)
        var entry = try #require(recorder.entry("h.example.com"))
        #expect(entry.status(.ipv6) == "w_5m" && entry.failures(.ipv6) == 2 && entry[CacheKey.wtime] == "350")
        #expect(entry["hold"] == nil && entry.failure(.ipv6) == .rateLimited)
        #expect(entry.message(.ipv6) == "wait five minutes, password ********")

        var updated = CycleEvent(
            .recovered, host: "h.example.com", protocolName: "dyndns2", family: .ipv6, address: "2001:db8::1",
            message: "m", time: 400)
        updated.status = "good"
        recorder.receive(updated)
        entry = try #require(recorder.entry("h.example.com"))
        #expect(entry.address(.ipv6) == "2001:db8::1" && entry.status(.ipv6) == "good" && entry.mtime == 400)
        #expect(entry.failures(.ipv6) == 0 && entry.failure(.ipv6) == nil)

        var refused = failed
        refused.failure = .unknownHost
        refused.status = "nohost"
        recorder.receive(refused)
        #expect(recorder.entry("h.example.com")?["hold"] == "nohost")

        var skipped = CycleEvent(.skipped, host: "other.example.com", protocolName: "dyndns2", time: 500)
        skipped.cacheFields = [CacheKey.warnedMinInterval: "1"]
        recorder.receive(skipped)
        #expect(recorder.entry("other.example.com")?[CacheKey.warnedMinInterval] == "1")
        // Events that are not outcomes at the provider change nothing.
        recorder.receive(.init(.held, host: "third.example.com", protocolName: "dyndns2", time: 600))
        recorder.receive(.init(.failed, host: "third.example.com", protocolName: "nope", message: "unknown", time: 600))
        #expect(recorder.entry("third.example.com") == nil)
    }
}
