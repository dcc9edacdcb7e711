/// The rule every configured host name meets before anything is sent (RFC 1123, and seed
/// 002's "letters, digits and hyphens"): labels of 1–63 letters, digits and hyphens, not
/// starting or ending with a hyphen; at most 253 characters in all. A first label `*` (a
/// wildcard record) only for protocols that can update one; `@` (the zone's apex, and `@` or
/// `*` alone) only for protocols that take it (namecheap).
public enum HostName {
    /// What to write instead of a Unicode name (ddclient 4 takes one as written; ddswift wants
    /// the name providers are sent, its ASCII form, RFC 3492, what `idn2` prints), or "".
    static func asciiHint(_ name: String) -> String {
        name.unicodeScalars.contains { !$0.isASCII }
            ? " (write an internationalised name in its ASCII form, xn--…)" : ""
    }

    /// Why `name` is not a host name this protocol can update, or nil when it is.
    public static func problem(_ name: String, allowWildcard: Bool, allowApexMarker: Bool = false) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "is empty" }
        if allowApexMarker, name == "@" || name == "*" || name.hasPrefix("@.") {
            return name.count <= 2 ? nil : problem(String(name.dropFirst(2)), allowWildcard: false)
        }
        if bytes.count > 253 { return "is longer than 253 characters" }
        var name = bytes[...]
        if name.last == UInt8(ascii: ".") { name = name.dropLast() }  // a fully qualified dot
        let labels = name.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        for (index, label) in labels.enumerated() {
            if label.isEmpty { return "has an empty label (two dots in a row, or a leading dot)" }
            if index == 0, label.elementsEqual("*".utf8) {
                if allowWildcard && labels.count > 1 { continue }
                return "is a wildcard, which this protocol cannot update (use its wildcard option, if it has one)"
            }
            if label.count > 63 { return "has a label longer than 63 characters" }
            if let bad = label.first(where: { !isLabelByte($0) }) {
                return bad < 0x20 || bad == 0x7F
                    ? "contains a control character"
                    : "contains '\(String(decoding: [bad], as: UTF8.self))' (only letters, digits and hyphens)"
            }
            if label.first == UInt8(ascii: "-") || label.last == UInt8(ascii: "-") {
                return "has a label that starts or ends with a hyphen"
            }
        }
        return nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2D
    }
}
