/// `-query`: what every local interface and every configured source finds, without updating.
/// Unlike ddclient, it does not ask every built-in web service on the internet: only the
/// sources the configuration uses (and the interfaces, which cost nothing).
public enum QueryReport {
    public static func render(hosts: [HostConfig], globals: [String: String], detector: IPDetector) -> String {
        var out = "NOTE: -query surveys the local interfaces and the configured address sources.\n"
        out += "----- interfaces -----\n"
        for name in Interfaces.names() {
            let v4 = Interfaces.ipv4Addresses(of: name)?.map(\.address) ?? []
            let v6 =
                Interfaces.ipv6Addresses(of: name)?.map { candidate -> String in
                    var flags: [String] = []
                    if candidate.isTemporary { flags.append("temporary") }
                    if candidate.isDeprecated { flags.append("deprecated") }
                    if candidate.isPermanent { flags.append("permanent") }
                    return candidate.address + "/\(candidate.prefixLength)"
                        + (flags.isEmpty ? "" : " (\(flags.joined(separator: ",")))")
                } ?? []
            out += "use=if, if=\(name) address is \(v4.first ?? "NOT FOUND")\n"
            for address in v4.dropFirst() { out += "    also \(address)\n" }
            for address in v6 { out += "usev6=ifv6, ifv6=\(name) address \(address)\n" }
            if let selected = Interfaces.selectIPv6(Interfaces.ipv6Addresses(of: name) ?? []) {
                out += "usev6=ifv6, ifv6=\(name) would publish \(selected.address)\n"
            }
        }
        for family in AddressFamily.allCases {
            out += "default \(family) interface: \(Interfaces.defaultInterface(family) ?? "none")\n"
        }
        var seen = Set<AddressSource>()
        var sources: [AddressSource] = []
        for host in hosts {
            for source in IPDetector.sources(for: host) where seen.insert(source).inserted { sources.append(source) }
        }
        if !sources.isEmpty { out += "----- configured sources -----\n" }
        // Private addresses pass for a source a publish-private host uses, as they would in a run.
        var allowingPrivate = Set<AddressSource>()
        for host in hosts where host.values["publish-private"] == "1" {
            allowingPrivate.formUnion(IPDetector.sources(for: host))
        }
        let privateAllowed = allowingPrivate
        let results = WorkerPool.map(sources, limit: 8) { source in
            (source, detector.query(source, allowPrivate: privateAllowed.contains(source)))
        }
        for (source, result) in results {
            switch result {
            case .success(let address): out += "\(source.label) address is \(address)\n"
            case .failure(let error): out += "\(source.label) address is NOT FOUND (\(error))\n"
            }
        }
        // ipv6-host-id: what each such host would publish: the /64 of its first IPv6 source
        // that found an address, with the host's identifier.
        let answers = Dictionary(results, uniquingKeysWith: { first, _ in first })
        for host in hosts {
            guard let id = host.values["ipv6-host-id"], !id.isEmpty else { continue }
            let detected = AddressSources.sources(for: host, family: .ipv6).lazy.compactMap { try? answers[$0]?.get() }
                .first
            let address = detected.flatMap { IPDetector.withInterfaceIdentifier($0, id) } ?? "NOT FOUND"
            out += "\(host.name): ipv6-host-id=\(id) would publish \(address)\n"
        }
        let configured = hosts.map { host in
            "\(host.name): use=\(host.values["use"] ?? "ip") usev4=\(host.values["usev4"] ?? "disabled") usev6=\(host.values["usev6"] ?? "disabled")"
        }
        out +=
            "\nConfigured IP detection:\n"
            + (configured.isEmpty ? "  (no hosts)\n" : configured.map { "  \($0)\n" }.joined())
        return out
    }
}
