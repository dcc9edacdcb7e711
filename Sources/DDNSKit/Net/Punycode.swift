/// RFC 3492 Punycode decoding: a zone written in its ASCII form (`xn--mnchen-3ya.de`) is the
/// same zone as the Unicode name a provider answers (`münchen.de`; Cloudflare always answers
/// Unicode).
public enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700

    /// `name` with each `xn--` label decoded; a label that does not decode is kept as written.
    public static func toUnicode(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            guard label.lowercased().hasPrefix("xn--"), let decoded = decode(label.dropFirst(4)) else {
                return String(label)
            }
            return decoded
        }.joined(separator: ".")
    }

    /// One label's encoded part (after `xn--`), or nil when it is not valid Punycode.
    public static func decode(_ encoded: Substring) -> String? {
        var output: [Unicode.Scalar] = []
        var rest = Substring(encoded)
        if let delimiter = encoded.lastIndex(of: "-") {
            for character in encoded[..<delimiter] {
                guard let scalar = character.unicodeScalars.first, scalar.isASCII else { return nil }
                output.append(scalar)
            }
            rest = encoded[encoded.index(after: delimiter)...]
        }
        var n = 128
        var i = 0
        var bias = 72
        var characters = rest.unicodeScalars.makeIterator()
        while let first = characters.next() {
            let oldI = i
            var weight = 1
            var k = base
            var scalar: Unicode.Scalar? = first
            while true {
                guard let current = scalar, let digit = digitValue(current) else { return nil }
                let (product, overflowA) = digit.multipliedReportingOverflow(by: weight)
                let (sum, overflowB) = i.addingReportingOverflow(product)
                guard !overflowA, !overflowB, sum < 0x11_0000 * 64 else { return nil }
                i = sum
                let threshold = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < threshold { break }
                weight *= base - threshold
                guard weight < 0x11_0000 * 64 else { return nil }
                k += base
                scalar = characters.next()
            }
            bias = adapt(i - oldI, output.count + 1, oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard let decoded = Unicode.Scalar(n) else { return nil }
            output.insert(decoded, at: i)
            i += 1
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: output)
        return text
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value) - 0x30 + 26
        case 0x41...0x5A: Int(scalar.value) - 0x41
        case 0x61...0x7A: Int(scalar.value) - 0x61
        default: nil
        }
    }

    private static func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / points
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}
