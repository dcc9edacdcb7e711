// libFuzzer entry point (`make fuzz`). Built normally it is an empty program; with
// `--sanitize=fuzzer` libFuzzer supplies main(). The first byte picks the target, the rest is
// its input (0–12). The targets go past the parsers into what runs on their output: the whole
// configuration load (parse, resolve, validate) and the update decision and status report
// over fuzzed cache entries and clock values. Each finding becomes a test.
import DDNSKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0] % 13
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let text = String(decoding: bytes, as: UTF8.self)
    switch selector {
    case 0: _ = ConfFileParser.parse(text, file: "fuzz")
    case 1: _ = try? YAMLReader.parse(text, file: "fuzz")
    case 2: _ = CacheFile.parse(text)
    case 3: _ = try? DNSMessage.decode(bytes)
    case 4: _ = JSONValue.parse(text)
    case 5:
        _ = try? CommandLineParser.parse(text.split(separator: " ").map(String.init))
        _ = AddressExtraction.firstIPv4(in: text)
        _ = AddressExtraction.firstIPv6(in: text)
    case 6: _ = try? TSIGKeyFile.parse(text, file: "fuzz")
    case 7: loadConfiguration(text, format: .conf)
    case 8: loadConfiguration(text, format: .yaml)
    case 9: decideOverCache(bytes)
    case 10:
        // A STUN reply for the transaction in its own bytes 8–19, and the same bytes as netlink.
        if bytes.count >= 20 {
            for family in AddressFamily.allCases {
                _ = STUNSource.mappedAddress(in: bytes, transaction: Array(bytes[8..<20]), family: family)
            }
        }
        _ = AddressWatch.containsRelevantChange(bytes)
    case 11:
        _ = RetryAfterRecorder.parse(text, now: Int(bytes.first ?? 0) << 24)
        _ = DNSSource.txtStrings(bytes)
    default:
        _ = AddressPolicy.refusal(text, allowPrivate: bytes.count % 2 == 0)
        _ = IPDetector.withInterfaceIdentifier(text, "::a:b:c:d")
        // Masking a reply cut short: the first line's words are secrets, the rest a reply.
        let lines = text.split(separator: "\n", maxSplits: 1)
        let log = Log(sinks: [])
        for secret in (lines.first ?? "").split(separator: " ") { log.register(secret: String(secret)) }
        _ = log.mask((lines.last ?? "").excerpt(Int(bytes.first ?? 0)))
        _ = text.neutralisingControls()
    }
    return 0
}

/// The whole load, as the binary does it: parse, resolve against every protocol, validate,
/// then print it back (both forms) and register its secrets.
func loadConfiguration(_ text: String, format: ConfigFormat) {
    guard let config = try? ConfigLoader.parse(text: text, file: "fuzz", format: format, routers: ["fritzbox"]) else {
        return
    }
    _ = ConfigPrinter.render(config, format: .conf, showSecrets: false)
    _ = ConfigPrinter.render(config, format: .yaml, showSecrets: true)
    for host in config.hosts { _ = IPDetector.sources(for: host) }
}

/// Bytes 0–7: the clock (any Int64); then one line of three intervals (min-interval,
/// max-interval, min-error-interval, as a user writes them); then cache text. Every entry is
/// decided for a host with those intervals, and shown by -status.
func decideOverCache(_ bytes: [UInt8]) {
    guard bytes.count >= 8 else { return }
    var clock: Int64 = 0
    for byte in bytes[0..<8] { clock = clock << 8 | Int64(byte) }
    let now = Int(clock)
    let rest = String(decoding: bytes[8...], as: UTF8.self)
    let parts = rest.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let intervals = (parts.first ?? "").split(separator: " ").map(String.init)
    var values: [String: String] = ["protocol": "dyndns2", "wildcard": "0", "mx": "mx.example.com"]
    for (index, name) in ["min-interval", "max-interval", "min-error-interval"].enumerated()
    where index < intervals.count {
        if case .success(let value) = OptionValue.normalise(
            intervals[index], as: .delay(minimum: 0), context: OptionValue.Context(protocolNames: []))
        {
            values[name] = value
        }
    }
    let contents = CacheFile.parse(parts.count > 1 ? String(parts[1]) : "")
    for (name, entry) in contents.entries {
        let host = HostConfig(name: name, values: values)
        for force in [false, true] {
            _ = UpdateDecision.decide(
                UpdateDecision.Input(
                    host: host, entry: entry, wantIPv4: "198.51.100.7", wantIPv6: "2001:db8::7", now: now, force: force,
                    trackedOptions: ["wildcard", "mx"], configModified: now, verbose: true))
        }
    }
    // Then what a cycle records into those entries: every outcome kind, at that clock.
    let recorder = CacheRecorder(entries: contents.entries)
    for name in contents.entries.keys {
        for kind in [CycleEvent.Kind.failed, .recovered, .updated, .skipped, .held] {
            for failure in [ProviderFailure.rateLimited, .refusedCredentials, nil] {
                var event = CycleEvent(
                    kind, host: name, protocolName: "dyndns2", family: .ipv6, address: "2001:db8::7", failure: failure,
                    message: rest, time: now)
                event.status = String(rest.prefix(50))
                event.reply = rest
                event.waitUntil = now
                event.cacheFields = ["warned-min-interval": String(now)]
                recorder.receive(event)
            }
        }
    }
    _ = StatusReport.text(recorder.entries, now: now)
    _ = StatusReport.json(recorder.entries, now: now)
    _ = CacheFile.render(recorder.entries, now: now)
}
