import PropertyBased
import Testing

@testable import DDNSKit

@Suite struct IPAddressTests {
    @Test(
        "strict IPv4 parsing",
        arguments: [
            ("192.168.1.1", "192.168.1.1"), ("0.0.0.0", "0.0.0.0"), ("000.000.000.000", "0.0.0.0"),
            ("255.255.255.255", "255.255.255.255"), ("001.002.003.004", "1.2.3.4"),
        ])
    func validIPv4(text: String, normalised: String) {
        #expect(IPv4Address(text)?.description == normalised)
    }

    @Test(
        "invalid IPv4",
        arguments: [
            "", "192.168.1", "0.0.0", "000.000", "256.256.256.256", ".10.0.0.0", "1.2.3.4 ", "1.2.3.4\n", "1.2.3.-4",
            "1..2.3", "1.2.3.4.5", "0x1.2.3.4",
        ])
    func invalidIPv4(text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test(
        "IPv6 text forms normalise to RFC 5952",
        arguments: [
            ("2001:db8::1", "2001:db8::1"), ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            ("::", "::"), ("::1", "::1"), ("1::", "1::"), ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"), ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
            ("::0001", "::1"), ("fe80::1", "fe80::1"), ("2001:db8::192.0.2.1", "2001:db8::c000:201"),
        ])
    func ipv6Forms(text: String, normalised: String) {
        #expect(IPv6Address(text)?.description == normalised)
    }

    @Test(
        "invalid IPv6",
        arguments: [
            "", ":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "fe80::1%eth0", "[::1]", "1:2:3:4:5:6:7",
            "1.2.3.4", "::1.2.3",
        ])
    func invalidIPv6(text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test(
        "extraction from text (ddclient's vectors)",
        arguments: [
            ("foo 192.0.2.1 bar", "192.0.2.1"), ("1.1.1.1\n2.2.2.2", "1.1.1.1"), ("1.2.3.4:123", "1.2.3.4"),
            ("001.002.003.004", "1.2.3.4"), ("_192.0.2.7_", "192.0.2.7"),
            ("Current IP Address: 203.0.113.5</body>", "203.0.113.5"),
        ])
    func extractIPv4(text: String, expected: String) {
        #expect(AddressExtraction.firstIPv4(in: text)?.description == expected)
    }

    @Test("no IPv4 where the numbers run on", arguments: ["1.2.3.256", "a1.2.3.4", "1.2.3", "version 10"])
    func noIPv4(text: String) {
        #expect(AddressExtraction.firstIPv4(in: text) == nil)
    }

    @Test(
        "IPv6 extraction (ddclient's vectors)",
        arguments: [
            ("::1\n::2", "::1"), ("fe80::1%0", "fe80::1"), ("[::1]:123", "::1"), ("[fe80::1%250]:123", "fe80::1"),
            ("::0001", "::1"),
            ("your address: 2001:db8::5 thanks", "2001:db8::5"),
        ])
    func extractIPv6(text: String, expected: String) {
        #expect(AddressExtraction.firstIPv6(in: text)?.description == expected)
    }

    @Test("no IPv6 in", arguments: ["::12345", "x2001:db8::1", "2001:db8::1z", "no address"])
    func noIPv6(text: String) {
        #expect(AddressExtraction.firstIPv6(in: text) == nil)
    }

    @Test("global filter boundaries (ddclient's vectors)")
    func globalFilter() {
        for text in ["::", "::1", "0:ffff::1", "fc00::", "fdff::1", "fe80::", "febf::1", "ff00::", "FF00::"] {
            #expect(IPv6Address(text)?.isGlobal == false, "\(text)")
        }
        for text in ["1::", "fbff::1", "fe00::", "fe7f::1", "fec0::", "feff::1", "2001:db8::1"] {
            #expect(IPv6Address(text)?.isGlobal == true, "\(text)")
        }
    }

    @Test("classification for the publishing policy")
    func classification() {
        #expect(
            IPv4Address("10.1.2.3")!.isPrivate && IPv4Address("100.64.0.1")!.isPrivate
                && IPv4Address("172.31.0.1")!.isPrivate)
        #expect(!IPv4Address("100.128.0.1")!.isPrivate && !IPv4Address("203.0.113.1")!.isPrivate)
        #expect(
            IPv4Address("127.0.0.1")!.isLoopback && IPv4Address("169.254.1.1")!.isLinkLocal
                && IPv4Address("224.0.0.1")!.isMulticast)
        #expect(
            IPv6Address("fd00::1")!.isUniqueLocal && IPv6Address("ff02::1")!.isMulticast
                && IPv6Address("::1")!.isLoopback)
    }

    @Test("print → parse round trip for random addresses")
    func roundTrip() async {
        await propertyCheck(input: Gen.int(in: 0...255).array(of: 4...4)) { octets in
            let address = IPv4Address(octets: octets.map { UInt8($0) })
            #expect(IPv4Address(address.description) == address)
        }
        await propertyCheck(input: Gen.int(in: 0...3).array(of: 8...8), Gen.int(in: 0...65535).array(of: 8...8)) {
            shapes, values in
            // Many zero groups, so compression is exercised.
            let groups = zip(shapes, values).map { shape, value in shape == 0 ? UInt16(0) : UInt16(value) }
            let address = IPv6Address(groups: groups)
            let text = address.description
            #expect(IPv6Address(text) == address, "\(text)")
            #expect(text == text.lowercased())
            #expect(!text.contains(":::"))
        }
    }
}
