/// Finds each host's addresses. Each host has one list of sources per family, asked in order
/// until one gives a publishable address (or, with `usev4-agree=N`, until N agree); every
/// distinct source is asked once per run, and the first sources of all lists concurrently.
public struct IPDetector: Sendable {
    public var http: any HTTPTransport
    public var log: Log
    public var commandTimeout: Double
    /// Reads interface addresses (replaceable in tests).
    public var interfaceAddresses: @Sendable (String, AddressFamily) -> Result<[InterfaceAddress], InterfaceError>
    /// Told what each source said and how long it took (for the metrics file).
    public var onAnswer: (@Sendable (DetectionRecord) -> Void)?

    public init(http: any HTTPTransport, log: Log, commandTimeout: Double = 30) {
        self.http = http
        self.log = log
        self.commandTimeout = commandTimeout
        self.interfaceAddresses = IPDetector.systemInterfaceAddresses
    }

    var context: DetectionContext {
        DetectionContext(http: http, commandTimeout: commandTimeout, interfaceAddresses: interfaceAddresses)
    }

    /// Every source a host uses, in order (for `-query` and the fuzzer).
    public static func sources(for host: HostConfig) -> [AddressSource] {
        [nil, .ipv4, .ipv6].flatMap { AddressSources.sources(for: host, family: $0) }
    }

    /// The sources of one family, asked in order, and what they must agree on.
    struct Chain: Hashable {
        var sources: [AddressSource]
        var family: AddressFamily?
        var agree: Int
        var allowPrivate: Bool
    }

    static func chains(for host: HostConfig) -> [Chain] {
        let allowPrivate = host.values["publish-private"] == "1"
        return [AddressFamily?.none, .ipv4, .ipv6].compactMap { family in
            // A source named twice is asked once and counts once (usev4-agree counts sources).
            var seen = Set<AddressSource>()
            let sources = AddressSources.sources(for: host, family: family).filter { seen.insert($0).inserted }
            guard !sources.isEmpty else { return nil }
            let agreeKey = family == .ipv4 ? "usev4-agree" : family == .ipv6 ? "usev6-agree" : nil
            let agree = max(1, agreeKey.flatMap { host.values[$0] }.flatMap { Int($0) } ?? 1)
            return Chain(sources: sources, family: family, agree: agree, allowPrivate: allowPrivate)
        }
    }

    /// Where a chain stands: the next source to ask, what the asked ones said.
    struct ChainState {
        var position = 0
        var found: [(address: String, label: String)] = []
        var result: Result<String, DetectionError>?
    }

    /// Addresses per host name. A source that fails is logged once and gives nothing.
    public func detect(_ hosts: [HostConfig]) -> [String: HostAddresses] {
        // Chains depend on a host's values only, and hosts resolved alike share one values
        // dictionary (whose equality then costs one pointer comparison): a 100,000-host file
        // builds its chains, and reads their results, once per run of hosts with equal values.
        var chainSets: [[Chain]] = []
        var chainSetOfHost: [Int] = []
        chainSetOfHost.reserveCapacity(hosts.count)
        var states: [Chain: ChainState] = [:]
        var previous: [String: String]?
        for host in hosts {
            if previous == nil || previous! != host.values {
                let chains = Self.chains(for: host)
                chainSets.append(chains)
                previous = host.values
                for chain in chains where states[chain] == nil { states[chain] = ChainState() }
            }
            chainSetOfHost.append(chainSets.count - 1)
        }
        var answers: [AddressSource: Result<String, DetectionError>] = [:]
        var warned = Set<String>()
        func warn(_ text: String, _ label: String) {
            if warned.insert(label + text).inserted { log.warning(text, [label]) }
        }
        let context = self.context
        while true {
            var wanted: [AddressSource] = []
            var seen = Set<AddressSource>()
            for (chain, var state) in states where state.result == nil {
                while state.result == nil, state.position < chain.sources.count,
                    let answer = answers[chain.sources[state.position]]
                {
                    let source = chain.sources[state.position]
                    state.position += 1
                    if case .success(let address) = answer {
                        if !source.lookup.isGiven,
                            let refusal = AddressPolicy.refusal(address, allowPrivate: chain.allowPrivate)
                        {
                            warn("\(address) is \(refusal); not published", source.label)
                        } else {
                            state.found.append((address, source.label))
                            if state.found.filter({ $0.address == address }).count >= chain.agree {
                                state.result = .success(address)
                            }
                        }
                    }
                }
                if state.result == nil {
                    if state.position < chain.sources.count {
                        let next = chain.sources[state.position]
                        if seen.insert(next).inserted { wanted.append(next) }
                    } else {
                        state.result = .failure(Self.exhausted(chain, found: state.found))
                        if chain.agree > 1 && !state.found.isEmpty {
                            warn("\(Self.exhausted(chain, found: state.found))", chain.sources[0].label)
                        }
                    }
                }
                states[chain] = state
            }
            if wanted.isEmpty { break }
            let onAnswer = self.onAnswer
            let asked = WorkerPool.map(wanted, limit: 8) { source in
                let start = monotonicSeconds()
                let result = source.lookup.find(source.family, in: context)
                onAnswer?(
                    DetectionRecord(
                        source: source.label, family: source.family, seconds: monotonicSeconds() - start,
                        address: try? result.get()))
                return (source, result)
            }
            for (source, result) in asked {
                answers[source] = result
                switch result {
                case .success(let address): log.info("found \(address)", [source.label])
                case .failure(let error): warn("\(error)", source.label)
                }
            }
        }
        let addressesOfSet = chainSets.map { chains in
            var addresses = HostAddresses()
            for chain in chains {
                guard case .success(let address)? = states[chain]?.result else { continue }
                if address.contains(":") {
                    if addresses.ipv6 == nil { addresses.ipv6 = address }
                } else if addresses.ipv4 == nil {
                    addresses.ipv4 = address
                }
            }
            return addresses
        }
        var result: [String: HostAddresses] = [:]
        result.reserveCapacity(hosts.count)
        for (host, set) in zip(hosts, chainSetOfHost) {
            var addresses = addressesOfSet[set]
            if let id = host.values["ipv6-host-id"], !id.isEmpty, let detected = addresses.ipv6 {
                addresses.ipv6 = Self.withInterfaceIdentifier(detected, id) ?? detected
            }
            result[host.name] = addresses
        }
        return result
    }

    static func exhausted(_ chain: Chain, found: [(address: String, label: String)]) -> DetectionError {
        let family = chain.family.map { "\($0)" } ?? "IP"
        guard !found.isEmpty else {
            return .noAddress("no source gave a publishable \(family) address")
        }
        let said = found.map { "\($0.label) found \($0.address)" }.joined(separator: ", ")
        return .noAddress("fewer than \(chain.agree) sources agree on the \(family) address (\(said))")
    }

    /// `ipv6-host-id=::a:b:c:d`: the /64 prefix of `address` with the identifier's low 64 bits,
    /// for a host behind the router whose prefix the router's address shares.
    public static func withInterfaceIdentifier(_ address: String, _ identifier: String) -> String? {
        guard let prefix = IPv6Address(address), let id = IPv6Address(identifier) else { return nil }
        return IPv6Address(groups: Array(prefix.groups[0..<4]) + Array(id.groups[4..<8])).description
    }

    /// Asks one source (for `-query`): its address, or why none; refused addresses say so.
    public func query(_ source: AddressSource, allowPrivate: Bool = false) -> Result<String, DetectionError> {
        switch source.lookup.find(source.family, in: context) {
        case .failure(let error): return .failure(error)
        case .success(let address):
            if !source.lookup.isGiven, let refusal = AddressPolicy.refusal(address, allowPrivate: allowPrivate) {
                return .failure(.refused("\(address) is \(refusal); not published"))
            }
            return .success(address)
        }
    }

    public static let systemInterfaceAddresses:
        @Sendable (String, AddressFamily) -> Result<[InterfaceAddress], InterfaceError> = { name, family in
            let list = family == .ipv4 ? Interfaces.ipv4Addresses(of: name) : Interfaces.ipv6Addresses(of: name)
            guard let list else { return .failure(.noSuchInterface(name)) }
            return .success(list)
        }
}
