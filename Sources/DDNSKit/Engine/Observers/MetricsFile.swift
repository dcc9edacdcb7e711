#if canImport(Glibc)
    import Glibc
#endif

/// `metrics-file=PATH`: the state of every host and the last cycle in Prometheus' text format,
/// written atomically after each cycle, for node_exporter's textfile collector. Names follow
/// Prometheus' conventions: the `ddswift_` prefix, base units (`_seconds`), and `_total` only
/// for counters.
public struct MetricsFile: CycleObserver {
    public let path: String

    public init(path: String) { self.path = path }

    public func cycleFinished(_ report: CycleReport, log: Log) {
        guard !report.dryRun else { return }
        // The collector runs as another user: a folder made here (0700) would be unreadable
        // to it, so a missing folder is the operator's to create.
        let folder = AtomicFile.parentDirectory(of: path)
        guard access(folder, F_OK) == 0 else {
            log.warning("cannot write the metrics file \(path): the folder \(folder) does not exist")
            return
        }
        do {
            // A label (a command source, a provider's status word) may carry a secret; names
            // and numbers are not masked (a password "host" must not rename a metric).
            try AtomicFile.write(Self.render(report, mask: log.mask), to: path, mode: 0o644)
        } catch {
            log.warning("cannot write the metrics file: \(error)")
        }
    }

    /// The exposition text; `mask` is applied to every label value.
    public static func render(_ report: CycleReport, mask: (String) -> String = { $0 }) -> String {
        func sample(_ name: String, _ labels: [String: String], _ value: Double) -> String {
            Self.sample(name, labels.mapValues(mask), value)
        }
        var families: [(name: String, type: String, help: String, samples: [String])] = []
        func family(_ name: String, _ type: String, _ help: String, _ samples: [String]) {
            families.append((name, type, help, samples))
        }
        let hosts = report.configuration.hosts.map(\.name)
        let protocolOf = Dictionary(report.configuration.hosts.map { ($0.name, $0.protocolName) }) { first, _ in first }
        var success: [String] = []
        var attempt: [String] = []
        var up: [String] = []
        var failures: [String] = []
        var info: [String] = []
        var held: [String] = []
        for host in hosts {
            let entry = report.cache[host]
            let protocolName = protocolOf[host] ?? ""
            held.append(sample("ddswift_host_held", ["host": host], entry?[CacheKey.hold] == nil ? 0 : 1))
            for addressFamily in AddressFamily.allCases {
                guard let entry, entry.address(addressFamily) != nil || entry.status(addressFamily) != nil else {
                    continue
                }
                let labels = ["host": host, "family": addressFamily.addressKey]
                if let mtime = entry.mtime {
                    success.append(sample("ddswift_host_last_success_timestamp_seconds", labels, Double(mtime)))
                }
                if let atime = entry.atime {
                    attempt.append(sample("ddswift_host_last_attempt_timestamp_seconds", labels, Double(atime)))
                }
                let good = entry.status(addressFamily) == "good"
                up.append(sample("ddswift_host_up", labels, good ? 1 : 0))
                failures.append(
                    sample(
                        "ddswift_host_consecutive_failures", labels,
                        Double(entry.failures(addressFamily))))
                var infoLabels = labels
                infoLabels["protocol"] = protocolName
                infoLabels["address"] = entry.address(addressFamily) ?? ""
                infoLabels["status"] = entry.status(addressFamily) ?? ""
                info.append(sample("ddswift_host_info", infoLabels, 1))
            }
        }
        family(
            "ddswift_host_last_success_timestamp_seconds", "gauge",
            "When the provider last accepted the host's address (Unix time).", success)
        family(
            "ddswift_host_last_attempt_timestamp_seconds", "gauge", "When the host was last sent (Unix time).", attempt)
        family("ddswift_host_up", "gauge", "1 when the last attempt for the host and family succeeded.", up)
        family(
            "ddswift_host_consecutive_failures", "gauge",
            "Failed attempts since the last success (the backoff's count).",
            failures)
        family("ddswift_host_held", "gauge", "1 while a permanent refusal holds the host.", held)
        family(
            "ddswift_host_info", "gauge", "The published address, status and protocol of each host and family.", info)
        family(
            "ddswift_cycle_duration_seconds", "gauge", "How long the last cycle took.",
            [sample("ddswift_cycle_duration_seconds", [:], report.durationSeconds)])
        family(
            "ddswift_cycle_timestamp_seconds", "gauge", "When the last cycle started (Unix time).",
            [sample("ddswift_cycle_timestamp_seconds", [:], Double(report.startedAt))])
        family(
            "ddswift_cycle_requests", "gauge", "Update requests (or request sequences) the last cycle sent.",
            [sample("ddswift_cycle_requests", [:], Double(report.summary.requestGroups))])
        // Hosts, not events: a dual-stack host updated in both families counts once.
        let counts = Dictionary(grouping: report.events, by: \.kind).mapValues { Set($0.map(\.host)).count }
        family(
            "ddswift_cycle_hosts", "gauge", "Hosts of the last cycle by outcome.",
            ["updated", "recovered", "skipped", "failed", "held"].map {
                sample("ddswift_cycle_hosts", ["outcome": $0], Double(counts[CycleEvent.Kind(rawValue: $0)!] ?? 0))
            })
        family(
            "ddswift_detection_duration_seconds", "gauge", "How long each address source took in the last cycle.",
            report.detections.map {
                sample(
                    "ddswift_detection_duration_seconds", ["source": $0.source, "family": familyLabel($0.family)],
                    $0.seconds)
            })
        family(
            "ddswift_detection_success", "gauge", "1 when the address source gave an address in the last cycle.",
            report.detections.map {
                sample(
                    "ddswift_detection_success", ["source": $0.source, "family": familyLabel($0.family)],
                    $0.address == nil ? 0 : 1)
            })
        var out = ""
        for entry in families where !entry.samples.isEmpty {
            out += "# HELP \(entry.name) \(entry.help)\n# TYPE \(entry.name) \(entry.type)\n"
            out += entry.samples.joined(separator: "\n") + "\n"
        }
        return out
    }

    static func familyLabel(_ family: AddressFamily?) -> String { family?.addressKey ?? "any" }

    static func sample(_ name: String, _ labels: [String: String], _ value: Double) -> String {
        let rendered = labels.keys.sorted().map { "\($0)=\"\(escape(labels[$0]!))\"" }.joined(separator: ",")
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        return name + (rendered.isEmpty ? "" : "{\(rendered)}") + " " + number
    }

    /// Label values escape `\`, `"` and new lines.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
