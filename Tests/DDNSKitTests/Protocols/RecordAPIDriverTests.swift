import Synchronization
import Testing

@testable import DDNSKit

/// The record-API driver's sequence, with an adapter that records what it is asked.
@Suite struct RecordAPIDriverTests {
    final class Probe: RecordAPI, @unchecked Sendable {
        let calls = Mutex<[String]>([])
        /// The records the "provider" holds, by type.
        let records: [RecordType: String]
        let createsMissing: Bool
        let sessionFails: Bool

        init(records: [RecordType: String], createsMissing: Bool = true, sessionFails: Bool = false) {
            self.records = records
            self.createsMissing = createsMissing
            self.sessionFails = sessionFails
        }

        func log(_ text: String) { calls.withLock { $0.append(text) } }

        func session(for target: UpdateTarget, context: UpdateContext) -> Result<String, RecordAPIFailure> {
            log("session \(target.name)")
            return sessionFails ? .failure(RecordAPIFailure("badauth", "no", permanent: true)) : .success("zone-1")
        }

        func read(_ type: RecordType, session: String, target: UpdateTarget, context: UpdateContext) -> Result<
            RecordRead<String>, RecordAPIFailure
        > {
            log("read \(type.rawValue) in \(session)")
            return .success(records[type].map { .found($0) } ?? .missing)
        }

        func isCurrent(_ record: String, address: String, session: String) -> Bool { record == address }

        func missing(_ type: RecordType, target: UpdateTarget) -> RecordAPIFailure? {
            createsMissing ? nil : RecordAPIFailure("norecord", "create it", permanent: true)
        }

        func write(
            _ address: String, type: RecordType, existing: String?, session: String, target: UpdateTarget,
            context: UpdateContext
        ) -> Result<Void, RecordAPIFailure> {
            log(
                existing == nil
                    ? "create \(type.rawValue) \(address)" : "update \(type.rawValue) \(existing!) → \(address)")
            return .success(())
        }
    }

    let context = UpdateContext(http: NoHTTP(), log: .silent, now: { 1000 })
    let target = UpdateTarget(
        host: HostConfig(name: "h.example.com", values: [:]), ipv4: "192.0.2.1", ipv6: "2001:db8::1")

    @Test("session once; per family read, then nothing when current, update when different, create when missing")
    func sequence() {
        let probe = Probe(records: [.a: "192.0.2.1"])
        let result = RecordAPIDriver.update(probe, [target], context: context)
        #expect(
            probe.calls.withLock { $0 } == [
                "session h.example.com", "read A in zone-1", "read AAAA in zone-1", "create AAAA 2001:db8::1",
            ])
        #expect(result.first?.ipv4?.message == "address was already 192.0.2.1" && result.first?.ipv6?.isSuccess == true)
        let changed = Probe(records: [.a: "192.0.2.9", .aaaa: "2001:db8::1"])
        _ = RecordAPIDriver.update(changed, [target], context: context)
        #expect(
            changed.calls.withLock { $0 } == [
                "session h.example.com", "read A in zone-1", "update A 192.0.2.9 → 192.0.2.1", "read AAAA in zone-1",
            ])
    }

    @Test(
        "a missing record the adapter will not create, and a failed session, are the adapter's failures for every family"
    )
    func failures() {
        let refusing = Probe(records: [:], createsMissing: false)
        let result = RecordAPIDriver.update(refusing, [target], context: context)
        #expect(result.first?.ipv4?.status == "norecord" && result.first?.ipv4?.kind == .permanentFailure)
        #expect(!refusing.calls.withLock { $0 }.contains { $0.hasPrefix("create") })
        let locked = Probe(records: [:], sessionFails: true)
        let denied = RecordAPIDriver.update(locked, [target], context: context)
        #expect(
            denied.first?.ipv4?.failure == .refusedCredentials && denied.first?.ipv6?.failure == .refusedCredentials)
        #expect(locked.calls.withLock { $0 } == ["session h.example.com"])
    }
}
