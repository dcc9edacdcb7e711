/// An IPv4 address, parsed strictly from dotted-quad text.
public struct IPv4Address: Sendable, Hashable, CustomStringConvertible {
    public var octets: [UInt8]

    public init(octets: [UInt8]) {
        precondition(octets.count == 4, "an IPv4 address has 4 octets")
        self.octets = octets
    }

    /// `a.b.c.d`, each 0–255 written with 1–3 digits (leading zeros allowed, as ddclient does:
    /// `001.002.003.004` is 1.2.3.4). Nothing before or after.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part),
                value <= 255
            else { return nil }
            octets.append(UInt8(value))
        }
        self.octets = octets
    }

    public var description: String { octets.map(String.init).joined(separator: ".") }

    public var isLoopback: Bool { octets[0] == 127 }
    public var isUnspecified: Bool { octets == [0, 0, 0, 0] }
    public var isLinkLocal: Bool { octets[0] == 169 && octets[1] == 254 }
    public var isMulticast: Bool { (224...239).contains(octets[0]) }
    public var isBroadcast: Bool { octets == [255, 255, 255, 255] }
    /// RFC 1918 and CGNAT (100.64.0.0/10): valid on a LAN, not reachable from the internet.
    public var isPrivate: Bool {
        octets[0] == 10 || (octets[0] == 172 && (16...31).contains(octets[1])) || (octets[0] == 192 && octets[1] == 168)
            || (octets[0] == 100 && (64...127).contains(octets[1]))
    }
}

/// An IPv6 address, parsed strictly from any RFC 4291 text form and printed per RFC 5952.
public struct IPv6Address: Sendable, Hashable, CustomStringConvertible {
    /// Eight 16-bit groups.
    public var groups: [UInt16]

    public init(groups: [UInt16]) {
        precondition(groups.count == 8, "an IPv6 address has 8 groups")
        self.groups = groups
    }

    /// `2001:db8::1`, `::`, `::ffff:192.0.2.1`, full or compressed forms; no zone, no brackets.
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        guard !string.isEmpty, string.count <= 45, string.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
            return nil
        }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        let halves = string.components(separatedByDoubleColon: ())
        guard halves.count <= 2 else { return nil }
        func parseSide(_ side: String, allowIPv4: Bool) -> [UInt16]? {
            if side.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = side.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if piece.contains(".") {
                    guard allowIPv4, index == pieces.count - 1, let v4 = IPv4Address(piece) else { return nil }
                    result.append(UInt16(v4.octets[0]) << 8 | UInt16(v4.octets[1]))
                    result.append(UInt16(v4.octets[2]) << 8 | UInt16(v4.octets[3]))
                } else {
                    guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                    result.append(value)
                }
            }
            return result
        }
        if halves.count == 2 {
            guard let left = parseSide(halves[0], allowIPv4: false), let right = parseSide(halves[1], allowIPv4: true)
            else { return nil }
            guard left.count + right.count <= 7 else { return nil }
            head = left
            tail = right
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = parseSide(string, allowIPv4: true), all.count == 8 else { return nil }
            groups = all
        }
    }

    /// RFC 5952: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`
    /// (the first on a tie), IPv4-mapped addresses as `::ffff:a.b.c.d`.
    public var description: String {
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            return "::ffff:"
                + IPv4Address(octets: [
                    UInt8(groups[6] >> 8), UInt8(groups[6] & 0xFF), UInt8(groups[7] >> 8), UInt8(groups[7] & 0xFF),
                ]).description
        }
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8 && groups[end] == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        if bestLength < 2 { return hex.joined(separator: ":") }
        let left = hex[0..<bestStart].joined(separator: ":")
        let right = hex[(bestStart + bestLength)...].joined(separator: ":")
        return left + "::" + right
    }

    public var isUnspecified: Bool { groups.allSatisfy { $0 == 0 } }
    public var isLoopback: Bool { groups[0..<7].allSatisfy { $0 == 0 } && groups[7] == 1 }
    public var isLinkLocal: Bool { groups[0] & 0xFFC0 == 0xFE80 }
    public var isMulticast: Bool { groups[0] & 0xFF00 == 0xFF00 }
    /// Unique local addresses, fc00::/7.
    public var isUniqueLocal: Bool { groups[0] & 0xFE00 == 0xFC00 }
    /// ddclient's global filter: not ::/16, fc00::/7, fe80::/10 or ff00::/8.
    public var isGlobal: Bool { groups[0] != 0 && !isUniqueLocal && !isLinkLocal && !isMulticast }
}

extension String {
    /// Splits at the first `::` (a second `::` leaves three parts, which callers reject).
    fileprivate func components(separatedByDoubleColon _: Void) -> [String] {
        var parts: [String] = []
        var current = ""
        var previousColon = false
        var skipNext = false
        let characters = Array(self)
        for (index, character) in characters.enumerated() {
            if skipNext {
                skipNext = false
                continue
            }
            if character == ":" && index + 1 < characters.count && characters[index + 1] == ":" {
                if index + 2 < characters.count && characters[index + 2] == ":" { return ["", "", "", ""] }  // ":::"
                parts.append(current)
                current = ""
                skipNext = true
                previousColon = false
                continue
            }
            previousColon = character == ":"
            current.append(character)
        }
        _ = previousColon
        parts.append(current)
        return parts
    }
}

/// ddclient's address extraction from free text (web pages, command output).
public enum AddressExtraction {
    /// The first IPv4 address in `text` that stands alone (ddclient: `(?:\b|_)IPv4(?:\b|_)`),
    /// with leading zeros removed: `1.2.3.4:123` gives 1.2.3.4, `1.2.3.256` gives nothing.
    public static func firstIPv4(in text: String) -> IPv4Address? {
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            if isDigit(bytes[start]), start == 0 || isIPv4Boundary(bytes[start - 1]) {
                if let (address, _) = matchQuad(bytes, from: start) { return address }
            }
            start += 1
        }
        return nil
    }

    /// Tries every split of up to 3 digits per octet (the regex's backtracking) so that the
    /// address ends on a boundary.
    private static func matchQuad(_ bytes: [UInt8], from start: Int) -> (IPv4Address, Int)? {
        func octet(_ index: Int, _ length: Int) -> UInt8? {
            guard index + length <= bytes.count, length > 0 else { return nil }
            var value = 0
            for offset in 0..<length {
                let byte = bytes[index + offset]
                guard isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value <= 255 ? UInt8(value) : nil
        }
        func search(_ index: Int, _ octets: [UInt8]) -> (IPv4Address, Int)? {
            for length in stride(from: 3, through: 1, by: -1) {
                guard let value = octet(index, length) else { continue }
                let next = index + length
                if octets.count == 3 {
                    if next == bytes.count || isIPv4Boundary(bytes[next]) {
                        return (IPv4Address(octets: octets + [value]), next)
                    }
                    continue
                }
                guard next < bytes.count, bytes[next] == UInt8(ascii: ".") else { continue }
                if let found = search(next + 1, octets + [value]) { return found }
            }
            return nil
        }
        return search(start, [])
    }

    /// The first IPv6 address in `text` not preceded or followed by `[:.0-9A-Za-z]`
    /// (`fe80::1%eth0` gives fe80::1, `[::1]:123` gives ::1, `::12345` gives nothing).
    public static func firstIPv6(in text: String) -> IPv6Address? {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            guard isHexOrSeparator(bytes[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count && isHexOrSeparator(bytes[end]) { end += 1 }
            let before = index > 0 ? bytes[index - 1] : nil
            let after = end < bytes.count ? bytes[end] : nil
            if before.map(isLetter) != true, after.map(isLetter) != true {
                let run = String(decoding: bytes[index..<end], as: UTF8.self)
                if run.contains(":"), let address = IPv6Address(run) { return address }
            }
            index = end
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
    private static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
    private static func isHexOrSeparator(_ byte: UInt8) -> Bool {
        isDigit(byte) || (65...70).contains(byte) || (97...102).contains(byte) || byte == UInt8(ascii: ":")
            || byte == UInt8(ascii: ".")
    }
    /// `\b` (a non-word character next to the digits) or `_`.
    private static func isIPv4Boundary(_ byte: UInt8) -> Bool {
        !(isDigit(byte) || isLetter(byte))
    }
}

/// An address from its network-order bytes (4 or 16: an A or AAAA record, a netlink or STUN
/// attribute), as normalised text; nil for any other length.
func addressText(bytes: some Collection<UInt8>) -> String? {
    let raw = Array(bytes)
    if raw.count == 4 { return IPv4Address(octets: raw).description }
    if raw.count == 16 {
        return IPv6Address(groups: (0..<8).map { UInt16(raw[$0 * 2]) << 8 | UInt16(raw[$0 * 2 + 1]) }).description
    }
    return nil
}
