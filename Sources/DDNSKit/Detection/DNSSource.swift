#if canImport(Glibc)
    import Glibc
#endif

/// `usev4=dnsv4, dnsv4=NAME` / `usev6=dnsv6`: ask a DNS server what address it sees, as
/// `dig myip.opendns.com @resolver1.opendns.com` does, over our own DNS code (no libcurl, no
/// web service). `NAME` is a built-in (``builtins``) or `QNAME@SERVER[:PORT]`, whose answer's
/// A/AAAA record is read, else its TXT record. The IPv4 question goes over IPv4 and the IPv6
/// one over IPv6; an answer counts only when its ID and question match; lost datagrams are
/// sent again within the time limit.
public struct DNSSource: AddressLookup {
    /// A well-known "what is my address" DNS service.
    public struct Service: Sendable {
        public var name: String
        public var question: String
        /// Read TXT (class `txtClass`) instead of A/AAAA.
        public var txtClass: UInt16?
        public var serverIPv4: String
        public var serverIPv6: String
        public var summary: String
    }

    public static let builtins: [Service] = [
        Service(
            name: "opendns", question: "myip.opendns.com", txtClass: nil, serverIPv4: "208.67.222.222",
            serverIPv6: "2620:119:35::35", summary: "myip.opendns.com A/AAAA at resolver1.opendns.com"),
        Service(
            name: "cloudflare", question: "whoami.cloudflare", txtClass: DNSClass.chaos, serverIPv4: "1.1.1.1",
            serverIPv6: "2606:4700:4700::1111", summary: "whoami.cloudflare TXT (class CH) at 1.1.1.1"),
        Service(
            name: "google", question: "o-o.myaddr.l.google.com", txtClass: DNSClass.in, serverIPv4: "216.239.32.10",
            serverIPv6: "2001:4860:4802:32::a", summary: "o-o.myaddr.l.google.com TXT at ns1.google.com"),
    ]

    public var question: String
    /// `host`, `host:port`, `[v6]:port` or a bare IPv6 address.
    public var server: String
    public var txtClass: UInt16?
    /// For `QNAME@SERVER`: ask TXT when the answer has no address record.
    public var txtFallback: Bool

    public var key: String { "dns \(question)@\(server) txt=\(txtClass.map(String.init) ?? "-")" }

    /// The source `spec` names for `family`, or why it names none.
    public static func named(_ spec: String, family: AddressFamily) -> Result<DNSSource, DetectionError> {
        if let service = builtins.first(where: { $0.name == spec.lowercased() }) {
            let server = family == .ipv4 ? service.serverIPv4 : service.serverIPv6
            return .success(
                DNSSource(question: service.question, server: server, txtClass: service.txtClass, txtFallback: false))
        }
        guard let at = spec.lastIndex(of: "@"), at != spec.startIndex, spec.index(after: at) != spec.endIndex else {
            return .failure(
                .unusable(
                    "'\(spec)' is neither a built-in DNS service"
                        + Suggestion.didYouMean(
                            spec, among: builtins.map(\.name),
                            otherwise: " (\(builtins.map(\.name).joined(separator: ", ")))")
                        + " nor QNAME@SERVER[:PORT]"))
        }
        return .success(
            DNSSource(
                question: String(spec[..<at]), server: String(spec[spec.index(after: at)...]), txtClass: nil,
                txtFallback: true))
    }

    public func find(_ family: AddressFamily?, in context: DetectionContext) -> Result<String, DetectionError> {
        let family = family ?? .ipv4
        guard
            let transport = DNSTransport(
                server: server, tcpOnly: false, timeout: context.datagramTimeout, family: family)
        else {
            return .failure(.unusable("'\(server)' is not a DNS server (host[:port] or [IPv6]:port)"))
        }
        let addressType = family == .ipv4 ? DNSType.a : DNSType.aaaa
        do {
            if let txtClass {
                return try ask(transport, type: DNSType.txt, class: txtClass, family: family)
            }
            let direct = try ask(transport, type: addressType, class: DNSClass.in, family: family)
            if case .failure = direct, txtFallback {
                return try ask(transport, type: DNSType.txt, class: DNSClass.in, family: family)
            }
            return direct
        } catch {
            return .failure(.dns("\(question) at \(server): \(error)"))
        }
    }

    /// One question; the answer's records of that type, read for an address of `family`.
    private func ask(_ transport: DNSTransport, type: UInt16, class: UInt16, family: AddressFamily) throws(DNSError)
        -> Result<String, DetectionError>
    {
        var query = DNSMessage.query(id: UInt16.random(in: 0...UInt16.max), name: question, type: type)
        query.questions[0].class = `class`
        query.recursionDesired = true
        func normal(_ name: String) -> String { (name.hasSuffix(".") ? String(name.dropLast()) : name).lowercased() }
        func answers(_ message: DNSMessage) -> Bool {
            message.isResponse && message.questions.count == 1
                && normal(message.questions[0].name) == normal(question) && message.questions[0].type == type
                && message.questions[0].class == `class`
        }
        let bytes = try transport.exchange(try query.encode()) { (try? DNSMessage.decode($0)).map(answers) ?? false }
        let answer = try DNSMessage.decode(bytes)
        guard answers(answer) else { throw .mismatch("the answer is for another question") }
        guard answer.rcode == 0 else {
            return .failure(.dns("\(question) at \(server): \(DNSResponseCode.name(Int(answer.rcode)))"))
        }
        for record in answer.answers where record.type == type {
            if type == DNSType.txt {
                for text in Self.txtStrings(record.data) {
                    if let address = AddressText.parse(text, family: family, whole: false) { return .success(address) }
                }
            } else if let address = record.address {
                return .success(address)
            }
        }
        return .failure(
            .nothingFound(family, in: "the \(type == DNSType.txt ? "TXT" : family == .ipv4 ? "A" : "AAAA") answer"))
    }

    /// The character-strings of TXT RDATA (each a length byte and that many bytes).
    public static func txtStrings(_ data: [UInt8]) -> [String] {
        var strings: [String] = []
        var offset = 0
        while offset < data.count {
            let length = Int(data[offset])
            let end = min(data.count, offset + 1 + length)
            strings.append(String(decoding: data[(offset + 1)..<end], as: UTF8.self))
            offset = end
        }
        return strings
    }
}
