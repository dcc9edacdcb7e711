/// A TSIG key: name, algorithm and secret. The secret is never printed.
public struct TSIGKey: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    /// The algorithm's DNS name (`hmac-sha256.`, `hmac-md5.sig-alg.reg.int.`).
    public var algorithm: TSIGAlgorithm
    public var secret: [UInt8]

    public init(name: String, algorithm: TSIGAlgorithm, secret: [UInt8]) {
        self.name = name
        self.algorithm = algorithm
        self.secret = secret
    }

    public var description: String { "key \(name) (\(algorithm.rawValue))" }
}

/// The HMAC algorithms of RFC 8945 §6, by their BIND names.
public enum TSIGAlgorithm: String, Sendable, CaseIterable {
    case hmacMD5 = "hmac-md5"
    case hmacSHA1 = "hmac-sha1"
    case hmacSHA224 = "hmac-sha224"
    case hmacSHA256 = "hmac-sha256"
    case hmacSHA384 = "hmac-sha384"
    case hmacSHA512 = "hmac-sha512"

    /// The algorithm name on the wire.
    var wireName: String { self == .hmacMD5 ? "hmac-md5.sig-alg.reg.int." : rawValue + "." }

    /// libcrypto's digest name.
    var digest: String { String(rawValue.dropFirst(5)) }

    /// BIND private-key files number the algorithms (157 = HMAC_MD5, 161–165 = SHA1…SHA512).
    init?(bindNumber: Int) {
        switch bindNumber {
        case 157: self = .hmacMD5
        case 161: self = .hmacSHA1
        case 162: self = .hmacSHA224
        case 163: self = .hmacSHA256
        case 164: self = .hmacSHA384
        case 165: self = .hmacSHA512
        default: return nil
        }
    }

    init?(name: String) {
        let lowered = name.lowercased().trimmingSuffix(while: { $0 == "." })
        if lowered == "hmac-md5.sig-alg.reg.int" {
            self = .hmacMD5
            return
        }
        guard let algorithm = TSIGAlgorithm(rawValue: String(lowered)) else { return nil }
        self = algorithm
    }
}

/// Transaction signatures (RFC 8945): signing requests and verifying responses.
public enum TSIG {
    public static let fudge: UInt16 = 300

    /// Signs `message` (wire form, without TSIG) and returns the signed wire form and the MAC
    /// (needed to verify the answer).
    public static func sign(_ message: [UInt8], key: TSIGKey, time: UInt64) throws(DNSError) -> (
        bytes: [UInt8], mac: [UInt8]
    ) {
        guard message.count >= 12 else { throw .malformed("message shorter than a header") }
        var input = message
        input += try variables(key: key, time: time, error: 0, other: [])
        guard let mac = Digest.hmac(key.algorithm.digest, key: key.secret, input) else {
            throw .tsig("\(key.algorithm.rawValue) is not available from libcrypto")
        }
        var out = message
        let arcount = UInt16(out[10]) << 8 | UInt16(out[11])
        out[10] = UInt8((arcount + 1) >> 8)
        out[11] = UInt8((arcount + 1) & 0xFF)
        let originalID = UInt16(message[0]) << 8 | UInt16(message[1])
        let rdata = try rdata(key: key, time: time, mac: mac, originalID: originalID, error: 0, other: [])
        try DNSMessage.encode(
            DNSRecord(name: key.name, type: DNSType.tsig, class: DNSClass.any, ttl: 0, data: rdata), into: &out)
        return (out, mac)
    }

    /// Checks the TSIG of a response to a request signed with `requestMAC`.
    public static func verify(_ response: [UInt8], key: TSIGKey, requestMAC: [UInt8], now: UInt64) throws(DNSError) {
        let message = try DNSMessage.decode(response)
        guard let last = message.additional.last, last.type == DNSType.tsig else {
            throw .tsig("the server's answer is not signed (wrong key, or the server does not know it)")
        }
        var reader = DNSReader(bytes: last.data)
        let algorithmName = try reader.name()
        let timeHigh = UInt64(try reader.uint16())
        let timeLow = UInt64(try reader.uint32())
        let signed = timeHigh << 32 | timeLow
        let fudge = UInt64(try reader.uint16())
        let macLength = Int(try reader.uint16())
        let mac = try reader.take(macLength)
        let originalID = try reader.uint16()
        let error = Int(try reader.uint16())
        let otherLength = Int(try reader.uint16())
        let other = try reader.take(otherLength)
        if error != 0 { throw .tsig("the server answered \(DNSResponseCode.name(error))\(explain(error))") }
        guard TSIGAlgorithm(name: algorithmName) == key.algorithm else {
            throw .tsig("the answer uses another algorithm (\(algorithmName))")
        }
        // The MAC covers the message without its TSIG record, with the original id and ARCOUNT - 1.
        let tsigStart = try offsetOfLastRecord(
            response, count: message.questions.count,
            records: message.answers.count + message.authority.count + message.additional.count)
        var unsigned = Array(response[0..<tsigStart])
        unsigned[0] = UInt8(originalID >> 8)
        unsigned[1] = UInt8(originalID & 0xFF)
        let arcount = UInt16(unsigned[10]) << 8 | UInt16(unsigned[11])
        unsigned[10] = UInt8((arcount - 1) >> 8)
        unsigned[11] = UInt8((arcount - 1) & 0xFF)
        var input: [UInt8] = []
        input.appendUInt16(UInt16(requestMAC.count))
        input += requestMAC
        input += unsigned
        input += try variables(key: key, time: signed, fudgeValue: UInt16(fudge), error: UInt16(error), other: other)
        guard let expected = Digest.hmac(key.algorithm.digest, key: key.secret, input), expected == mac else {
            throw .tsig("the answer's signature does not verify (BADSIG)")
        }
        let difference = now > signed ? now - signed : signed - now
        guard difference <= fudge else {
            throw .tsig("the server's clock differs from ours by \(difference) s (BADTIME); check both clocks")
        }
    }

    static func explain(_ error: Int) -> String {
        switch error {
        case 16: ": the key's secret does not match the server's"
        case 17: ": the server does not know this key name or algorithm"
        case 18: ": the clocks of this machine and the server differ by more than 5 minutes"
        default: ""
        }
    }

    static func variables(key: TSIGKey, time: UInt64, fudgeValue: UInt16 = TSIG.fudge, error: UInt16, other: [UInt8])
        throws(DNSError) -> [UInt8]
    {
        var out = try DNSName.canonical(key.name)
        out.appendUInt16(DNSClass.any)
        out.appendUInt32(0)
        out += try DNSName.canonical(key.algorithm.wireName)
        out.appendUInt16(UInt16((time >> 32) & 0xFFFF))
        out.appendUInt32(UInt32(time & 0xFFFF_FFFF))
        out.appendUInt16(fudgeValue)
        out.appendUInt16(error)
        out.appendUInt16(UInt16(other.count))
        out += other
        return out
    }

    static func rdata(key: TSIGKey, time: UInt64, mac: [UInt8], originalID: UInt16, error: UInt16, other: [UInt8])
        throws(DNSError) -> [UInt8]
    {
        var out: [UInt8] = []
        try DNSName.encode(key.algorithm.wireName, into: &out)
        out.appendUInt16(UInt16((time >> 32) & 0xFFFF))
        out.appendUInt32(UInt32(time & 0xFFFF_FFFF))
        out.appendUInt16(fudge)
        out.appendUInt16(UInt16(mac.count))
        out += mac
        out.appendUInt16(originalID)
        out.appendUInt16(error)
        out.appendUInt16(UInt16(other.count))
        out += other
        return out
    }

    /// The byte offset where the last resource record starts.
    static func offsetOfLastRecord(_ bytes: [UInt8], count questions: Int, records: Int) throws(DNSError) -> Int {
        var reader = DNSReader(bytes: bytes)
        reader.offset = 12
        for _ in 0..<questions {
            _ = try reader.name()
            _ = try reader.take(4)
        }
        var start = reader.offset
        for _ in 0..<records {
            start = reader.offset
            _ = try reader.record()
        }
        return start
    }
}

/// TSIG key files in BIND's two formats.
public enum TSIGKeyFile {
    /// Reads `path`: `key "name" { algorithm hmac-sha256; secret "…"; };` (named.conf style,
    /// from tsig-keygen/ddns-confgen) or a `K<name>.+<alg>.+<id>.private` file. The first key of
    /// a file with several is used.
    public static func load(_ path: String) throws(DNSError) -> TSIGKey {
        let text: String
        do {
            text = try readRegularFile(path, limit: 1 << 20)
        } catch {
            throw .key("cannot read the TSIG key file '\(path)': \(error.why)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(DNSError) -> TSIGKey {
        if text.contains("Private-key-format") || text.contains("Algorithm:") {
            return try parsePrivate(text, file: file)
        }
        return try parseConf(text, file: file)
    }

    static func parsePrivate(_ text: String, file: String) throws(DNSError) -> TSIGKey {
        var algorithm: TSIGAlgorithm?
        var secret: [UInt8]?
        for line in text.utf8.split(separator: UInt8(ascii: "\n")).map({ Substring($0) }) {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = parts[1].drop { $0 == " " || $0 == "\t" }
            switch parts[0] {
            case "Algorithm":
                let number = value.prefix { $0.isASCIIDigit }
                guard let parsed = Int(number).flatMap(TSIGAlgorithm.init(bindNumber:)) else {
                    throw .key("\(file): unsupported algorithm '\(value)'")
                }
                algorithm = parsed
            case "Key", "Secret":
                guard let decoded = Base64.decode(String(value.trimmingSuffix(while: \.isWhitespace))) else {
                    throw .key("\(file): the key is not valid base64")
                }
                secret = decoded
            default: continue
            }
        }
        guard let algorithm else { throw .key("\(file): no Algorithm line") }
        guard let secret, !secret.isEmpty else { throw .key("\(file): no Key line") }
        // K<name>.+<alg>.+<id>.private: the key name is in the file name.
        var base = Substring(file.split(separator: "/").last ?? "")
        guard base.hasPrefix("K"), let plus = base.firstRange(of: ".+") else {
            throw .key("\(file): a private key file must be named K<name>.+<alg>.+<id>.private")
        }
        base = base[base.index(after: base.startIndex)..<plus.lowerBound]
        return TSIGKey(name: String(base), algorithm: algorithm, secret: secret)
    }

    static func parseConf(_ text: String, file: String) throws(DNSError) -> TSIGKey {
        // key "name" { algorithm X; secret "Y"; }; with BIND's comments around it.
        let tokens = try tokenize(text, file: file)
        guard let keyIndex = tokens.firstIndex(of: "key"), keyIndex + 2 < tokens.count, tokens[keyIndex + 2] == "{"
        else {
            throw .key("\(file): no 'key \"name\" { … };' clause")
        }
        let name = tokens[keyIndex + 1]
        var algorithm: TSIGAlgorithm?
        var secret: [UInt8]?
        var cursor = keyIndex + 3
        while cursor < tokens.count, tokens[cursor] != "}" {
            if tokens[cursor] == "algorithm", cursor + 1 < tokens.count {
                guard let parsed = TSIGAlgorithm(name: tokens[cursor + 1]) else {
                    throw .key("\(file): unsupported algorithm '\(tokens[cursor + 1])'")
                }
                algorithm = parsed
            }
            if tokens[cursor] == "secret", cursor + 1 < tokens.count {
                guard let decoded = Base64.decode(tokens[cursor + 1]) else {
                    throw .key("\(file): the secret of key \(name) is not valid base64")
                }
                secret = decoded
            }
            cursor += 1
        }
        guard let algorithm else { throw .key("\(file): key \(name) has no algorithm") }
        guard let secret, !secret.isEmpty else { throw .key("\(file): key \(name) has no secret") }
        return TSIGKey(name: name, algorithm: algorithm, secret: secret)
    }

    /// Words, quoted strings (quotes removed) and the punctuation `{ } ;`, in one pass, so a
    /// comment marker inside a quoted string (`secret "ab//cd/*=="`, which base64 secrets
    /// contain) is text, and a quote inside a comment is comment. BIND's comments: `#` and
    /// `//` to the end of the line, `/* … */`.
    static func tokenize(_ text: String, file: String) throws(DNSError) -> [String] {
        var tokens: [String] = []
        var current = ""
        let characters = Array(text.unicodeScalars)
        var index = 0
        func flush() {
            if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        func next(_ offset: Int = 1) -> Unicode.Scalar? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\"":
                flush()
                var end = index + 1
                while end < characters.count, characters[end] != "\"" { end += 1 }
                guard end < characters.count else { throw .key("\(file): a quoted string is not closed") }
                tokens.append(String(String.UnicodeScalarView(characters[(index + 1)..<end])))
                index = end + 1
                continue
            case "#":
                flush()
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            case "/" where next() == "/":
                flush()
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            case "/" where next() == "*":
                flush()
                index += 2
                while index < characters.count, !(characters[index] == "*" && next() == "/") { index += 1 }
                guard index < characters.count else { throw .key("\(file): a /* comment is not closed") }
                index += 2
                continue
            case "{", "}", ";":
                flush()
                tokens.append(String(character))
            case " ", "\t", "\n", "\r":
                flush()
            default:
                current.unicodeScalars.append(character)
            }
            index += 1
        }
        flush()
        return tokens
    }
}

/// Standard base64 (RFC 4648), for TSIG secrets.
public enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func decode(_ text: String) -> [UInt8]? {
        var table = [UInt8](repeating: 255, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        var bits: UInt32 = 0
        var count = 0
        var output: [UInt8] = []
        var padding = 0
        for character in text.utf8 where !(character == 32 || character == 10 || character == 13 || character == 9) {
            if character == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0 else { return nil }
            let value = table[Int(character)]
            guard value != 255 else { return nil }
            bits = (bits << 6 | UInt32(value)) & 0xFFFFFF
            count += 6
            if count >= 8 {
                count -= 8
                output.append(UInt8((bits >> UInt32(count)) & 0xFF))
            }
        }
        return output
    }

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value =
                (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8)
                | UInt32(chunk.count > 2 ? chunk[2] : 0)
            for position in 0..<4 {
                if position <= chunk.count {
                    out.unicodeScalars.append(Unicode.Scalar(alphabet[Int((value >> UInt32(18 - position * 6)) & 63)]))
                } else {
                    out.append("=")
                }
            }
            index += 3
        }
        return out
    }
}
