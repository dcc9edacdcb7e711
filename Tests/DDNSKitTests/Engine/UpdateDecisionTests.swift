import Testing

@testable import DDNSKit

/// ddclient's t/update_nics.pl vectors (now = 1000, min-interval 30, min-error-interval 300)
/// and the branches ddswift adds.
@Suite struct UpdateDecisionTests {
    static let host = HostConfig(
        name: "h.example.com",
        values: [
            "protocol": "dyndns2", "min-interval": "30", "min-error-interval": "300", "max-interval": "2160000",
            "wildcard": "0", "mx": "mx.example.com",
        ])

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var entry: [String: String]?
        var want4: String? = "192.0.2.1"
        var want6: String? = nil
        var force = false
        var configModified: Int? = nil
        var expectUpdate: Bool
        var reasonContains: String
        var changes: [String: String] = [:]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no cache entry → update", entry: nil, expectUpdate: true, reasonContains: "unknown"),
        Case(
            name: "same IP, good, mtime in 2100 → refresh (it would otherwise never happen)",
            entry: ["ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "4102444800", "atime": "4102444800"],
            expectUpdate: true, reasonContains: "in the future"),
        Case(
            name: "same IP, good, mtime now, wtime in 2100 → the wait is ignored",
            entry: ["ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "990", "atime": "990", "wtime": "4102444800"],
            expectUpdate: false, reasonContains: "already"),
        Case(
            name: "same IP, good, mtime now-30 → skip",
            entry: ["ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "970", "atime": "970"], expectUpdate: false,
            reasonContains: "already 192.0.2.1"),
        Case(
            name: "same IP, mtime now-31 → skip",
            entry: ["ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "969", "atime": "969"], expectUpdate: false,
            reasonContains: "already"),
        Case(
            name: "changed IP within min-interval → skip and remember the warning",
            entry: ["ipv4": "192.0.2.2", "status-ipv4": "good", "mtime": "970", "atime": "970"], expectUpdate: false,
            reasonContains: "less than 30 seconds", changes: ["warned-min-interval": "1000"]),
        Case(
            name: "changed IP after min-interval → update",
            entry: ["ipv4": "192.0.2.2", "status-ipv4": "good", "mtime": "969", "atime": "969"], expectUpdate: true,
            reasonContains: "changed from 192.0.2.2 to 192.0.2.1"),
        Case(
            name: "failed attempt within min-error-interval → skip",
            entry: ["ipv4": "192.0.2.2", "status-ipv4": "failed", "atime": "700"], expectUpdate: false,
            reasonContains: "which failed", changes: ["warned-min-error-interval": "1000"]),
        Case(
            name: "failed attempt after min-error-interval → update",
            entry: ["ipv4": "192.0.2.2", "status-ipv4": "failed", "atime": "699"], expectUpdate: true,
            reasonContains: "changed"),
        Case(
            name: "-force → update even when current",
            entry: ["ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "999"], force: true, expectUpdate: true,
            reasonContains: "force"),
        Case(
            name: "max-interval not yet due → skip",
            entry: ["ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "1", "atime": "1"], expectUpdate: false,
            reasonContains: "already"),
        Case(
            name: "wtime in the future → skip",
            entry: ["ipv4": "192.0.2.2", "status-ipv4": "good", "mtime": "1", "wtime": "2000"], expectUpdate: false,
            reasonContains: "asked to wait"),
        Case(
            name: "hold after badauth, config unchanged → skip",
            entry: ["ipv4": "192.0.2.2", "status-ipv4": "badauth", "hold": "badauth", "atime": "100"],
            configModified: 50, expectUpdate: false, reasonContains: "until the configuration changes"),
        Case(
            name: "hold after badauth, config changed since → update",
            entry: ["ipv4": "192.0.2.2", "status-ipv4": "badauth", "hold": "badauth", "atime": "100"],
            configModified: 200, expectUpdate: true, reasonContains: "changed"),
        Case(
            name: "tracked option changed → update",
            entry: ["ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "900", "wildcard": "1"], expectUpdate: true,
            reasonContains: "options changed: wildcard"),
        Case(
            name: "IPv6 changed, IPv4 the same → update",
            entry: [
                "ipv4": "192.0.2.1", "status-ipv4": "good", "ipv6": "2001:db8::1", "status-ipv6": "good",
                "mtime": "900",
            ], want6: "2001:db8::2", expectUpdate: true, reasonContains: "IPv6 address changed"),
        Case(
            name: "IPv6 only, current → skip", entry: ["ipv6": "2001:db8::1", "status-ipv6": "good", "mtime": "900"],
            want4: nil, want6: "2001:db8::1", expectUpdate: false, reasonContains: "IPv6 address is already 2001:db8::1"
        ),
    ]

    @Test("the decision follows ddclient's rules", arguments: cases)
    func decide(_ testCase: Case) {
        var host = Self.host
        if testCase.name.hasPrefix("max-interval not") { host.values["max-interval"] = "2000" }
        let decision = UpdateDecision.decide(
            UpdateDecision.Input(
                host: host,
                entry: testCase.entry.map { CacheEntry(host: host.name, fields: $0) },
                wantIPv4: testCase.want4, wantIPv6: testCase.want6, now: 1000, force: testCase.force,
                trackedOptions: ["wildcard", "mx", "backupmx"], configModified: testCase.configModified))
        #expect(decision.shouldUpdate == testCase.expectUpdate, "\(decision.reason)")
        #expect(decision.reason.contains(testCase.reasonContains), "\(decision.reason)")
        #expect(decision.cacheChanges == testCase.changes)
    }

    @Test("max-interval forces a refresh with an unchanged address")
    func maxInterval() {
        var host = Self.host
        host.values["max-interval"] = "500"
        let decision = UpdateDecision.decide(
            UpdateDecision.Input(
                host: host,
                entry: CacheEntry(
                    host: host.name, fields: ["ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "400"]),
                wantIPv4: "192.0.2.1", wantIPv6: nil, now: 1000))
        #expect(decision.shouldUpdate)
        #expect(decision.reason.contains("8 minutes") == false)
        #expect(decision.reason.contains("500 seconds"))
    }

    @Test("max-interval=inf never refreshes")
    func infiniteMaxInterval() {
        var host = Self.host
        host.values["max-interval"] = "inf"
        let decision = UpdateDecision.decide(
            UpdateDecision.Input(
                host: host,
                entry: CacheEntry(host: host.name, fields: ["ipv4": "192.0.2.1", "status-ipv4": "good", "mtime": "1"]),
                wantIPv4: "192.0.2.1", wantIPv6: nil, now: 1_000_000_000))
        #expect(!decision.shouldUpdate)
    }

    @Test("the first min-interval skip warns; later ones are quiet unless verbose")
    func warnOnce() {
        let entry = CacheEntry(
            host: "h",
            fields: ["ipv4": "192.0.2.2", "status-ipv4": "good", "mtime": "990", "warned-min-interval": "995"])
        let quiet = UpdateDecision.decide(
            .init(host: Self.host, entry: entry, wantIPv4: "192.0.2.1", wantIPv6: nil, now: 1000))
        #expect(!quiet.isWarning)
        let verbose = UpdateDecision.decide(
            .init(host: Self.host, entry: entry, wantIPv4: "192.0.2.1", wantIPv6: nil, now: 1000, verbose: true))
        #expect(verbose.isWarning)
    }
}
