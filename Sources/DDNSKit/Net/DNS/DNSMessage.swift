/// DNS record types used here (RFC 1035, 2136, 3596, 6891, 8945).
public enum DNSType {
    public static let a: UInt16 = 1
    public static let ns: UInt16 = 2
    public static let soa: UInt16 = 6
    public static let txt: UInt16 = 16
    public static let aaaa: UInt16 = 28
    public static let opt: UInt16 = 41
    public static let tsig: UInt16 = 250
    public static let any: UInt16 = 255
}

/// DNS classes: IN for data, NONE and ANY for UPDATE's delete forms.
public enum DNSClass {
    public static let `in`: UInt16 = 1
    /// CHAOS, for server identity questions (`whoami.cloudflare`).
    public static let chaos: UInt16 = 3
    public static let none: UInt16 = 254
    public static let any: UInt16 = 255
}

/// Response codes, with the extended TSIG errors (RFC 8945).
public enum DNSResponseCode {
    public static func name(_ code: Int) -> String {
        switch code {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        case 6: "YXDOMAIN"
        case 7: "YXRRSET"
        case 8: "NXRRSET"
        case 9: "NOTAUTH"
        case 10: "NOTZONE"
        case 16: "BADSIG"
        case 17: "BADKEY"
        case 18: "BADTIME"
        case 22: "BADTRUNC"
        default: "RCODE\(code)"
        }
    }
}

/// A malformed or unexpected DNS message: always an error, never a crash.
public enum DNSError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated(String)
    case malformed(String)
    case nameTooLong
    case labelTooLong(String)
    case timeout(server: String, seconds: Double)
    case network(String)
    case mismatch(String)
    case tsig(String)
    case key(String)

    public var description: String {
        switch self {
        case .truncated(let what): "DNS message truncated (\(what))"
        case .malformed(let what): "malformed DNS message: \(what)"
        case .nameTooLong: "DNS name longer than 255 bytes"
        case .labelTooLong(let label): "DNS label longer than 63 bytes: \(label.prefix(70))"
        case .timeout(let server, let seconds): "no answer from DNS server \(server) within \(formatSeconds(seconds))"
        case .network(let text): text
        case .mismatch(let text): "answer does not match the query: \(text)"
        case .tsig(let text): "TSIG: \(text)"
        case .key(let text): text
        }
    }
}

/// A question (or an UPDATE's zone entry).
public struct DNSQuestion: Sendable, Equatable {
    public var name: String
    public var type: UInt16
    public var `class`: UInt16

    public init(name: String, type: UInt16, class: UInt16 = DNSClass.in) {
        self.name = name
        self.type = type
        self.class = `class`
    }
}

/// A resource record with raw RDATA.
public struct DNSRecord: Sendable, Equatable {
    public var name: String
    public var type: UInt16
    public var `class`: UInt16
    public var ttl: UInt32
    public var data: [UInt8]

    public init(name: String, type: UInt16, class: UInt16, ttl: UInt32, data: [UInt8]) {
        self.name = name
        self.type = type
        self.class = `class`
        self.ttl = ttl
        self.data = data
    }

    /// The address of an A or AAAA record, as normalised text.
    public var address: String? {
        guard (type == DNSType.a && data.count == 4) || (type == DNSType.aaaa && data.count == 16) else { return nil }
        return addressText(bytes: data)
    }
}

/// A DNS message (RFC 1035 §4). For UPDATE (RFC 2136) the sections are zone, prerequisite,
/// update and additional.
public struct DNSMessage: Sendable, Equatable {
    public var id: UInt16
    public var isResponse = false
    public var opcode: UInt8 = 0
    public var authoritative = false
    public var truncated = false
    public var recursionDesired = false
    public var recursionAvailable = false
    public var rcode: UInt8 = 0
    public var questions: [DNSQuestion] = []
    public var answers: [DNSRecord] = []
    public var authority: [DNSRecord] = []
    public var additional: [DNSRecord] = []

    public init(id: UInt16) { self.id = id }

    public static let opcodeQuery: UInt8 = 0
    public static let opcodeUpdate: UInt8 = 5

    /// A query for `name`/`type` with an EDNS0 OPT record (4096-byte UDP payload).
    public static func query(id: UInt16, name: String, type: UInt16) -> DNSMessage {
        var message = DNSMessage(id: id)
        message.questions = [DNSQuestion(name: name, type: type)]
        message.additional = [DNSRecord(name: ".", type: DNSType.opt, class: 4096, ttl: 0, data: [])]
        return message
    }

    /// An UPDATE for `zone` that replaces each host's A/AAAA RRset with the new address,
    /// the records ddclient's nsupdate script produces.
    public static func update(
        id: UInt16, zone: String, changes: [(name: String, ipv4: String?, ipv6: String?, ttl: UInt32)]
    ) -> DNSMessage {
        var message = DNSMessage(id: id)
        message.opcode = opcodeUpdate
        message.questions = [DNSQuestion(name: zone, type: DNSType.soa)]
        for change in changes {
            if let v4 = change.ipv4, let address = IPv4Address(v4) {
                message.authority.append(
                    DNSRecord(name: change.name, type: DNSType.a, class: DNSClass.any, ttl: 0, data: []))
                message.authority.append(
                    DNSRecord(
                        name: change.name, type: DNSType.a, class: DNSClass.in, ttl: change.ttl, data: address.octets))
            }
            if let v6 = change.ipv6, let address = IPv6Address(v6) {
                message.authority.append(
                    DNSRecord(name: change.name, type: DNSType.aaaa, class: DNSClass.any, ttl: 0, data: []))
                message.authority.append(
                    DNSRecord(
                        name: change.name, type: DNSType.aaaa, class: DNSClass.in, ttl: change.ttl,
                        data: address.groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
            }
        }
        return message
    }

    // MARK: Encoding

    public func encode() throws(DNSError) -> [UInt8] {
        var out: [UInt8] = []
        out.appendUInt16(id)
        var flags: UInt16 = 0
        if isResponse { flags |= 0x8000 }
        flags |= UInt16(opcode & 0x0F) << 11
        if authoritative { flags |= 0x0400 }
        if truncated { flags |= 0x0200 }
        if recursionDesired { flags |= 0x0100 }
        if recursionAvailable { flags |= 0x0080 }
        flags |= UInt16(rcode & 0x0F)
        out.appendUInt16(flags)
        for count in [questions.count, answers.count, authority.count, additional.count] {
            out.appendUInt16(UInt16(count))
        }
        for question in questions {
            try DNSName.encode(question.name, into: &out)
            out.appendUInt16(question.type)
            out.appendUInt16(question.class)
        }
        for record in answers + authority + additional { try Self.encode(record, into: &out) }
        return out
    }

    static func encode(_ record: DNSRecord, into out: inout [UInt8]) throws(DNSError) {
        try DNSName.encode(record.name, into: &out)
        out.appendUInt16(record.type)
        out.appendUInt16(record.class)
        out.appendUInt32(record.ttl)
        guard record.data.count <= 0xFFFF else { throw .malformed("RDATA too long") }
        out.appendUInt16(UInt16(record.data.count))
        out += record.data
    }

    // MARK: Decoding

    /// Decodes a message; every inconsistency (short buffer, bad pointer, counts beyond the
    /// data) is a ``DNSError``.
    public static func decode(_ bytes: [UInt8]) throws(DNSError) -> DNSMessage {
        var reader = DNSReader(bytes: bytes)
        var message = DNSMessage(id: try reader.uint16())
        let flags = try reader.uint16()
        message.isResponse = flags & 0x8000 != 0
        message.opcode = UInt8((flags >> 11) & 0x0F)
        message.authoritative = flags & 0x0400 != 0
        message.truncated = flags & 0x0200 != 0
        message.recursionDesired = flags & 0x0100 != 0
        message.recursionAvailable = flags & 0x0080 != 0
        message.rcode = UInt8(flags & 0x0F)
        let counts = [try reader.uint16(), try reader.uint16(), try reader.uint16(), try reader.uint16()]
        // Each entry needs at least 5 bytes: counts beyond the data are malformed, not loops.
        guard counts.reduce(0, { $0 + Int($1) }) * 5 <= bytes.count else {
            throw .malformed("section counts exceed the message")
        }
        for _ in 0..<counts[0] {
            let name = try reader.name()
            message.questions.append(DNSQuestion(name: name, type: try reader.uint16(), class: try reader.uint16()))
        }
        for _ in 0..<counts[1] { message.answers.append(try reader.record()) }
        for _ in 0..<counts[2] { message.authority.append(try reader.record()) }
        for _ in 0..<counts[3] { message.additional.append(try reader.record()) }
        return message
    }
}

/// Domain names on the wire.
public enum DNSName {
    /// Labels of `name` (a trailing dot is optional; "." and "" are the root).
    static func labels(_ name: String) throws(DNSError) -> [[UInt8]] {
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        if trimmed.isEmpty { return [] }
        var result: [[UInt8]] = []
        var total = 1
        for label in trimmed.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            guard !bytes.isEmpty else { throw .malformed("empty label in '\(name)'") }
            guard bytes.count <= 63 else { throw .labelTooLong(String(label)) }
            total += bytes.count + 1
            result.append(bytes)
        }
        guard total <= 255 else { throw .nameTooLong }
        return result
    }

    static func encode(_ name: String, into out: inout [UInt8]) throws(DNSError) {
        for label in try labels(name) {
            out.append(UInt8(label.count))
            out += label
        }
        out.append(0)
    }

    /// The canonical (lower-case, uncompressed) wire form, for TSIG.
    static func canonical(_ name: String) throws(DNSError) -> [UInt8] {
        var out: [UInt8] = []
        try encode(name.lowercased(), into: &out)
        return out
    }
}

/// Bounds-checked reading of a message, with compression pointers followed safely.
struct DNSReader {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func uint8() throws(DNSError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated("at byte \(offset)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16() throws(DNSError) -> UInt16 {
        guard offset + 2 <= bytes.count else { throw .truncated("at byte \(offset)") }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func uint32() throws(DNSError) -> UInt32 {
        UInt32(try uint16()) << 16 | UInt32(try uint16())
    }

    mutating func take(_ count: Int) throws(DNSError) -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else { throw .truncated("wanted \(count) bytes at \(offset)") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// A name at the current offset; pointers must point backwards (no loops).
    mutating func name() throws(DNSError) -> String {
        var labels: [String] = []
        var position = offset
        var jumped = false
        var length = 0
        var limit = position
        while true {
            guard position < bytes.count else { throw .truncated("in a name") }
            let byte = bytes[position]
            if byte & 0xC0 == 0xC0 {
                guard position + 1 < bytes.count else { throw .truncated("in a name pointer") }
                let target = Int(byte & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < limit else { throw .malformed("name pointer does not point backwards") }
                if !jumped { offset = position + 2 }
                jumped = true
                limit = target
                position = target
                continue
            }
            guard byte & 0xC0 == 0 else { throw .malformed("unknown label type") }
            if byte == 0 {
                if !jumped { offset = position + 1 }
                break
            }
            let count = Int(byte)
            guard position + 1 + count <= bytes.count else { throw .truncated("in a label") }
            length += count + 1
            guard length <= 255 else { throw .nameTooLong }
            labels.append(String(decoding: bytes[(position + 1)...(position + count)], as: UTF8.self))
            position += count + 1
        }
        return labels.isEmpty ? "." : labels.joined(separator: ".") + "."
    }

    mutating func record() throws(DNSError) -> DNSRecord {
        let name = try name()
        let type = try uint16()
        let recordClass = try uint16()
        let ttl = try uint32()
        let length = Int(try uint16())
        let start = offset
        var data = try take(length)
        if (type == DNSType.ns || type == 5) && length > 0 {  // NS, CNAME: the target, decompressed
            var inner = DNSReader(bytes: Array(bytes[..<(start + length)]))
            inner.offset = start
            var expanded: [UInt8] = []
            try DNSName.encode(try inner.name(), into: &expanded)
            data = expanded
        }
        return DNSRecord(name: name, type: type, class: recordClass, ttl: ttl, data: data)
    }
}

extension Array where Element == UInt8 {
    mutating func appendUInt16(_ value: UInt16) {
        append(UInt8(value >> 8))
        append(UInt8(value & 0xFF))
    }

    mutating func appendUInt32(_ value: UInt32) {
        appendUInt16(UInt16(value >> 16))
        appendUInt16(UInt16(value & 0xFFFF))
    }
}
