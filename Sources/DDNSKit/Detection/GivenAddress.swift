/// `use=ip, ip=…` / `usev4=ipv4, ipv4=…`: the address the user gives, published as given.
public struct GivenAddress: AddressLookup {
    public var address: String
    public var key: String { "ip \(address)" }
    public var isGiven: Bool { true }

    public init(_ address: String) { self.address = address }

    public func find(_ family: AddressFamily?, in context: DetectionContext) -> Result<String, DetectionError> {
        guard let parsed = AddressText.parse(address, family: family, whole: true) else {
            return .failure(.invalid("'\(address)' is not a valid \(family.map { "\($0)" } ?? "IP") address"))
        }
        return .success(parsed)
    }
}

/// A strategy that cannot work (a missing setting, an unknown name), with the reason.
public struct UnusableSource: AddressLookup {
    public var reason: String
    public var key: String { "unusable \(reason)" }

    public init(_ reason: String) { self.reason = reason }

    public func find(_ family: AddressFamily?, in context: DetectionContext) -> Result<String, DetectionError> {
        .failure(.unusable(reason))
    }
}

/// Reading an address out of text (a page, a command's output, a TXT record).
enum AddressText {
    /// The address of `family` in `text` (ddclient: IPv4 first for the legacy `use=`); `whole`:
    /// the text must be the address and nothing else.
    static func parse(_ text: String, family: AddressFamily?, whole: Bool) -> String? {
        if whole {
            let trimmed = String(text.trimmingSuffix(while: { $0 == " " || $0 == "\n" }).drop { $0 == " " })
            switch family {
            case .ipv4: return IPv4Address(trimmed)?.description
            case .ipv6: return IPv6Address(trimmed)?.description
            case nil: return IPv4Address(trimmed)?.description ?? IPv6Address(trimmed)?.description
            }
        }
        switch family {
        case .ipv4: return AddressExtraction.firstIPv4(in: text)?.description
        case .ipv6: return AddressExtraction.firstIPv6(in: text)?.description
        case nil:
            return (AddressExtraction.firstIPv4(in: text)?.description)
                ?? AddressExtraction.firstIPv6(in: text)?.description
        }
    }

    /// Cuts `text` through the first match of `skip` (case-insensitive; a regular expression as
    /// in ddclient, with the first space matching any white space; literal text if it is not a
    /// valid expression). An empty skip cuts nothing.
    static func applySkip(_ skip: String?, to text: String) -> String {
        guard let skip, !skip.isEmpty else { return text }
        var pattern = skip
        if let space = pattern.firstIndex(of: " ") { pattern.replaceSubrange(space...space, with: "\\s") }
        if let regex = try? Regex(pattern).ignoresCase().dotMatchesNewlines(), let match = text.firstMatch(of: regex) {
            return String(text[match.range.upperBound...])
        }
        if let range = text.lowercased().firstRange(of: skip.lowercased()) {
            let lower = text.lowercased()
            let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
            return String(text.dropFirst(offset))
        }
        return text  // ddclient's `s/^.*?skip//is` leaves the text alone when there is no match
    }
}
