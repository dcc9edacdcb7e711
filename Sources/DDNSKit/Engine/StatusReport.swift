/// `--status`: what the cache says about each host, the way a router's "show ddns" page does.
/// It reads the cache only: no network, no configuration needed.
public enum StatusReport {
    /// A table for people.
    /// `hosts`: the configuration's hosts, when it could be read: a host waiting out its
    /// backoff then shows when it is tried next (the wait depends on its `min-error-interval`).
    public static func text(_ entries: [String: CacheEntry], now: Int, hosts: [String: HostConfig] = [:]) -> String {
        let entries = shown(entries, now: now)
        if entries.isEmpty { return "no hosts in the cache yet\n" }
        var out = ""
        // Every value shown comes from a file another program may have written: no control
        // character reaches the terminal, no value starts a line of its own.
        func add(_ line: String) { out += line.neutralisingControls() + "\n" }
        for host in entries.keys.sorted() {
            let entry = entries[host]!
            add("\(host)")
            add("  protocol:    \(entry["protocol"] ?? "-")\(entry["server"].map { " (\($0))" } ?? "")")
            for family in AddressFamily.allCases where entry.address(family) != nil || entry.status(family) != nil {
                var line = "  \(family):" + String(repeating: " ", count: 15 - 3 - family.description.count)
                line += entry.address(family) ?? "-"
                if let status = entry.status(family) { line += "  [\(status)]" }
                if let message = entry.message(family) { line += "  \(message)" }
                add(line)
                if let verdict = entry[family.verifiedKey] {
                    let when =
                        entry.time(family.verifiedAtKey).map { " (\(describe($0, now: now)))" } ?? ""
                    let text =
                        verdict == "yes"
                        ? "verified: the authoritative servers answer it"
                        : verdict == "mismatch"
                            ? "mismatch: the authoritative servers answer \(entry[family.verifiedAnswerKey] ?? "another address")"
                            : "not yet: the authoritative servers do not answer it yet"
                    add("  \(family) DNS:" + String(repeating: " ", count: 4) + text + when)
                }
            }
            add("  updated:     \(entry.mtime.map { describe($0, now: now) } ?? "never")")
            add("  last try:    \(entry.atime.map { describe($0, now: now) } ?? "never")")
            if let hold = entry[CacheKey.hold], !hold.isEmpty {
                add("  held:        '\(hold)': not retried until the configuration changes (or -force)")
            }
            if let wait = entry.wtime, wait > now {
                add("  waiting:     until \(formatLocalTime(wait, style: .short)) (the provider asked)")
            }
            if let failedAt = AddressFamily.allCases.compactMap({ entry.time($0.failedAtKey) }).max() {
                let count = AddressFamily.allCases.compactMap { entry[$0.failuresKey].flatMap { Int($0) } }
                    .max()
                let streak = count.map { $0 > 1 ? " (\($0) in a row)" : "" } ?? " (since recovered)"
                add("  last failure: \(describe(failedAt, now: now))\(streak)")
            }
            if let (next, failures) = nextAttempt(entry, host: hosts[host], now: now) {
                let count = failures > 1 ? "\(failures) failures in a row" : "a failure"
                add("  next try:    \(describeAhead(next, now: now)) (backoff after \(count); -force tries now)")
            }
            let actions = suggestedActions(entry)
            if !actions.isEmpty {
                add("  Suggested actions: \(actions.joined(separator: "; "))")
            }
        }
        return out
    }

    /// What to do about a host's current failures, from their typed kind and own words.
    static func suggestedActions(_ entry: CacheEntry) -> [String] {
        var actions: [String] = []
        for family in AddressFamily.allCases {
            guard let kind = entry.failure(family) else {
                continue
            }
            let action = kind.suggestedAction(message: entry.message(family) ?? "")
            if !actions.contains(action) { actions.append(action) }
        }
        return actions
    }

    /// When a run tries `entry` again while it waits out a backoff (and how many failures in a
    /// row led to it), or nil: not failing, held, or no configuration to say how long it waits.
    /// The same rule as the run's (``UpdateDecision/backoff(_:entry:family:)``, from the last attempt).
    static func nextAttempt(_ entry: CacheEntry, host: HostConfig?, now: Int) -> (time: Int, failures: Int)? {
        guard let host, let attempted = entry.atime, (entry[CacheKey.hold] ?? "").isEmpty else { return nil }
        var latest: (time: Int, failures: Int)?
        for family in AddressFamily.allCases where entry.failures(family) > 0 {
            guard case .seconds(let wait)? = UpdateDecision.backoff(host, entry: entry, family: family) else {
                continue
            }
            let (next, overflow) = attempted.addingReportingOverflow(wait)
            guard !overflow, next > now else { continue }
            if next > latest?.time ?? Int.min { latest = (next, entry.failures(family)) }
        }
        return latest
    }

    /// The same as JSON: `{"hosts":[{"host":…,"protocol":…,"ipv4":{"address":…,"status":…,"message":…},…}]}`.
    public static func json(_ entries: [String: CacheEntry], now: Int, hosts: [String: HostConfig] = [:]) -> String {
        let entries = shown(entries, now: now)
        var objects: [String] = []
        for host in entries.keys.sorted() {
            let entry = entries[host]!
            var fields: [String] = ["\"host\":\(quote(host))"]
            fields.append("\"protocol\":\(entry["protocol"].map(quote) ?? "null")")
            fields.append("\"server\":\(entry["server"].map(quote) ?? "null")")
            for family in AddressFamily.allCases {
                guard entry.address(family) != nil || entry.status(family) != nil else {
                    fields.append("\"\(family.addressKey)\":null")
                    continue
                }
                let kind = entry.failure(family)
                let parts = [
                    "\"address\":\(entry.address(family).map(quote) ?? "null")",
                    "\"status\":\(entry.status(family).map(quote) ?? "null")",
                    "\"message\":\(entry.message(family).map(quote) ?? "null")",
                    "\"failure\":\(kind.map { quote($0.token) } ?? "null")",
                    "\"lastFailure\":\(entry.time(family.failedAtKey).map(String.init) ?? "null")",
                    "\"consecutiveFailures\":\(entry.failures(family))",
                    "\"suggestedAction\":\(kind.map { quote($0.suggestedAction(message: entry.message(family) ?? "")) } ?? "null")",
                    "\"verified\":\(entry[family.verifiedKey].map(quote) ?? "null")",
                ]
                fields.append("\"\(family.addressKey)\":{\(parts.joined(separator: ","))}")
            }
            for (key, name) in [
                (CacheKey.mtime, "updated"), (CacheKey.atime, "attempted"), (CacheKey.wtime, "waitUntil"),
            ] {
                fields.append("\"\(name)\":\(entry.time(key).map(String.init) ?? "null")")
            }
            fields.append("\"held\":\(entry[CacheKey.hold].map(quote) ?? "null")")
            fields.append(
                "\"nextAttempt\":\(nextAttempt(entry, host: hosts[host], now: now).map { String($0.time) } ?? "null")")
            objects.append("{\(fields.joined(separator: ","))}")
        }
        return "{\"hosts\":[\(objects.joined(separator: ","))]}\n"
    }

    /// The entries as a run reads them: a time more than a day ahead is unknown (a wait in
    /// 2100 neither blocks a run nor shows on this page).
    static func shown(_ entries: [String: CacheEntry], now: Int) -> [String: CacheEntry] {
        entries.mapValues { UpdateDecision.sanitise($0, now: now).0 ?? $0 }
    }

    static func describe(_ time: Int, now: Int) -> String {
        let (age, overflow) = now.subtractingReportingOverflow(time)
        let ago: String
        if overflow || age < 0 {
            ago = "in the future"
        } else if age < 120 {
            ago = "\(age) s ago"
        } else if age < 7200 {
            ago = "\(age / 60) min ago"
        } else if age < 172_800 {
            ago = "\(age / 3600) h ago"
        } else {
            ago = "\(age / 86400) days ago"
        }
        return "\(formatLocalTime(time, style: .short)) (\(ago))"
    }

    /// A time to come: `2026-12-01 21:05 (in 12 min)`.
    static func describeAhead(_ time: Int, now: Int) -> String {
        let ahead = time - now
        let when =
            ahead < 120
            ? "\(ahead) s"
            : ahead < 7200 ? "\(ahead / 60) min" : ahead < 172_800 ? "\(ahead / 3600) h" : "\(ahead / 86400) days"
        return "\(formatLocalTime(time, style: .short)) (in \(when))"
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String { JSONValue.quote(text) }
}
