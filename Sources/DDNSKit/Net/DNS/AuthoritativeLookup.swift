#if canImport(Glibc)
    import Glibc
#endif

/// What the zone's authoritative servers answer for a name, asked directly (not through a
/// cache that would hide a fresh update): the servers come from an NS lookup (walking up the
/// name until a zone answers, through the first `nameserver` of /etc/resolv.conf), or from
/// `verify-server=HOST[:PORT]` for split-horizon setups and tests.
public enum AuthoritativeLookup {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case noServer(String)
        case query(String)
        public var description: String {
            switch self {
            case .noServer(let text), .query(let text): text
            }
        }
    }

    /// The addresses of `family` that the authority answers for `name` (empty: none).
    public static func addresses(
        of name: String, family: AddressFamily, server: String?, timeout: Double = 5,
        resolvConf: String = "/etc/resolv.conf"
    ) -> Result<[String], Failure> {
        let type = family == .ipv4 ? DNSType.a : DNSType.aaaa
        let servers: [String]
        if let server, !server.isEmpty {
            servers = [server]
        } else {
            guard let resolver = systemResolver(resolvConf) else {
                return .failure(
                    .noServer("no nameserver in \(resolvConf) to find the zone's servers; set verify-server="))
            }
            switch nameServers(of: name, timeout: timeout, resolver: resolver) {
            case .failure(let failure): return .failure(failure)
            case .success(let found): servers = found
            }
        }
        var lastError = "no server answered"
        for server in servers.prefix(3) {
            guard let transport = DNSTransport(server: server, tcpOnly: false, timeout: timeout) else {
                lastError = "'\(server)' is not host[:port]"
                continue
            }
            do {
                let query = DNSMessage.query(id: UInt16.random(in: 0...UInt16.max), name: absolute(name), type: type)
                let answer = try DNSMessage.decode(try transport.exchange(try query.encode()))
                guard answer.rcode == 0 || answer.rcode == 3 else {
                    lastError = "\(server) answered \(DNSResponseCode.name(Int(answer.rcode)))"
                    continue
                }
                return .success(answer.answers.filter { $0.type == type }.compactMap(\.address))
            } catch {
                lastError = "\(server): \(error)"
            }
        }
        return .failure(.query(lastError))
    }

    /// The authoritative servers of the zone holding `name`: NS records of `name`, then of each
    /// parent, asked of the system's resolver.
    static func nameServers(of name: String, timeout: Double, resolver: String) -> Result<[String], Failure> {
        var labels = (name.hasSuffix(".") ? String(name.dropLast()) : name).split(separator: ".").map(String.init)
        while labels.count >= 2 {
            let candidate = labels.joined(separator: ".") + "."
            guard let transport = DNSTransport(server: resolver, tcpOnly: false, timeout: timeout) else { break }
            var query = DNSMessage.query(id: UInt16.random(in: 0...UInt16.max), name: candidate, type: DNSType.ns)
            query.recursionDesired = true
            if let answer = try? DNSMessage.decode(try transport.exchange(try query.encode())) {
                let names = answer.answers.filter { $0.type == DNSType.ns }.compactMap { record -> String? in
                    var reader = DNSReader(bytes: record.data)
                    return try? reader.name()
                }
                if !names.isEmpty { return .success(names.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }) }
            }
            labels.removeFirst()
        }
        return .failure(.noServer("no NS records found for \(name) or its parents"))
    }

    /// The first `nameserver` of resolv.conf.
    static func systemResolver(_ path: String) -> String? {
        guard let text = readTextFile(path) else { return nil }
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count >= 2, words[0] == "nameserver" {
                let address = String(words[1])
                return address.contains(":") ? "[\(address)]:53" : address
            }
        }
        return nil
    }

    static func absolute(_ name: String) -> String { name.hasSuffix(".") ? name : name + "." }
}
