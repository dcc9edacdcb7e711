import Foundation
import PropertyBased
import Testing

@testable import DDNSKit

@Suite struct DNSMessageTests {
    func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("a query encodes to the RFC 1035 bytes, with an EDNS0 OPT record")
    func queryBytes() throws {
        let bytes = try DNSMessage.query(id: 0x1234, name: "example.com.", type: DNSType.a).encode()
        #expect(
            hex(bytes) == "123400000001000000000001" + "076578616d706c6503636f6d00" + "00010001" + "00" + "0029"
                + "1000" + "00000000" + "0000")
    }

    @Test("an UPDATE: zone section, then delete-RRset and add records per host (RFC 2136)")
    func updateBytes() throws {
        let bytes = try DNSMessage.update(
            id: 0xBEEF, zone: "ex.test.", changes: [(name: "h.ex.test.", ipv4: "192.0.2.1", ipv6: nil, ttl: 300)]
        ).encode()
        let name = "016802657804746573740" + "0"  // h.ex.test.
        #expect(
            hex(bytes) == "beef2800" + "0001" + "0000" + "0002" + "0000"
                + "0265780474657374" + "00" + "0006" + "0001"
                + name + "0001" + "00ff" + "00000000" + "0000"
                + name + "0001" + "0001" + "0000012c" + "0004" + "c0000201")
    }

    @Test("decode(encode(m)) == m for queries and updates; compressed names are followed")
    func roundTrip() throws {
        let update = DNSMessage.update(
            id: 7, zone: "example.test.",
            changes: [(name: "a.example.test.", ipv4: "192.0.2.1", ipv6: "2001:db8::1", ttl: 60)])
        #expect(try DNSMessage.decode(update.encode()) == update)
        // A response with a compression pointer back to the question name.
        var bytes: [UInt8] = [0, 9, 0x85, 0x00, 0, 1, 0, 1, 0, 0, 0, 0]
        bytes += [1, 97, 4, 116, 101, 115, 116, 0, 0, 1, 0, 1]  // a.test A IN
        bytes += [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 9]
        let decoded = try DNSMessage.decode(bytes)
        #expect(decoded.answers.first?.name == "a.test.")
        #expect(decoded.answers.first?.address == "192.0.2.9")
        #expect(decoded.isResponse && decoded.authoritative)
    }

    @Test("malformed packets are errors: truncation, forward pointers, pointer loops, bad counts")
    func malformed() throws {
        let valid = try DNSMessage.update(
            id: 7, zone: "example.test.", changes: [(name: "a.example.test.", ipv4: "192.0.2.1", ipv6: nil, ttl: 60)]
        ).encode()
        for length in 0..<valid.count {
            #expect(throws: DNSError.self) { try DNSMessage.decode(Array(valid[0..<length])) }
        }
        let loop: [UInt8] = [0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DNSError.self) { try DNSMessage.decode(loop) }
        let forward: [UInt8] = [0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 20, 0, 1, 0, 1, 0, 0, 0, 0]
        #expect(throws: DNSError.self) { try DNSMessage.decode(forward) }
        let counts: [UInt8] = [0, 1, 0x80, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
        #expect(throws: DNSError.self) { try DNSMessage.decode(counts) }
    }

    @Test("random bytes never crash the decoder")
    func fuzz() async {
        await propertyCheck(input: Gen.int(in: 0...255).array(of: 0...300)) { values in
            _ = try? DNSMessage.decode(values.map { UInt8($0) })
        }
        await propertyCheck(input: Gen.int(in: 0...255).array(of: 12...80), Gen.int(in: 0...3)) { values, seed in
            // Headers with small counts, so the record parsers run.
            var bytes = values.map { UInt8($0) }
            bytes[4] = 0
            bytes[5] = UInt8(seed)
            bytes[6] = 0
            bytes[7] = UInt8(seed)
            _ = try? DNSMessage.decode(bytes)
        }
    }

    @Test("names: 63-byte labels, 255-byte names, empty labels refused")
    func names() {
        #expect(throws: DNSError.labelTooLong(String(repeating: "a", count: 64))) {
            try DNSName.labels(String(repeating: "a", count: 64) + ".test")
        }
        #expect(throws: DNSError.nameTooLong) {
            try DNSName.labels(Array(repeating: String(repeating: "a", count: 60), count: 5).joined(separator: "."))
        }
        #expect(throws: DNSError.self) { try DNSName.labels("a..b") }
        #expect((try? DNSName.labels(".")) == [])
    }
}

@Suite struct TSIGTests {
    let key = TSIGKey(
        name: "k.example.", algorithm: .hmacSHA256, secret: Array("0123456789abcdef0123456789abcdef".utf8))

    @Test("key files: named.conf style with comments, and K*.private")
    func keyFiles() throws {
        let conf = """
            # made by tsig-keygen
            key "ddns-key.example.com" { // the key
                algorithm hmac-sha512; /* strong */
                secret "c2VjcmV0LXNlY3JldA==";
            };
            """
        let parsed = try TSIGKeyFile.parse(conf, file: "k.conf")
        #expect(
            parsed.name == "ddns-key.example.com" && parsed.algorithm == .hmacSHA512
                && parsed.secret == Array("secret-secret".utf8))
        let privateFile = "Private-key-format: v1.3\nAlgorithm: 157 (HMAC_MD5)\nKey: c2VjcmV0LXNlY3JldA==\nBits: AAA=\n"
        let md5 = try TSIGKeyFile.parse(privateFile, file: "/etc/Khost.example.com.+157+12345.private")
        #expect(md5.name == "host.example.com." || md5.name == "host.example.com")
        #expect(md5.algorithm == .hmacMD5)
        #expect(throws: DNSError.self) {
            try TSIGKeyFile.parse("key \"x\" { algorithm hmac-sha256; secret \"!!!\"; };", file: "bad")
        }
        #expect(throws: DNSError.self) {
            try TSIGKeyFile.parse("key \"x\" { algorithm hmac-whatever; secret \"YQ==\"; };", file: "bad")
        }
        #expect(throws: DNSError.self) { try TSIGKeyFile.parse("nothing here", file: "bad") }
        do {
            _ = try TSIGKeyFile.parse("key \"x\" { algorithm hmac-sha256; secret \"!!!\"; };", file: "bad")
        } catch {
            #expect(!"\(error)".contains("!!!"))
        }
    }

    @Test("a secret containing // or /* (about 2% of tsig-keygen's keys) is read, not taken for a comment")
    func keyFileSecretsWithCommentMarkers() throws {
        // 0xFF 0xFF 0xFF encodes as "////"; 0xFF 0xF2 0xAF as "//Kv"-like text with "/*"-free
        // bytes; these two are fixed regression vectors from issue 12 item 19.
        for secret in [[UInt8](repeating: 0xFF, count: 32), [0xFC, 0xFF, 0xEA] + [UInt8](repeating: 0x11, count: 29)] {
            let encoded = Base64.encode(secret)
            let text = "key \"k\" {\n\talgorithm hmac-sha256;\n\tsecret \"\(encoded)\"; # a comment \"quoted\"\n};\n"
            let parsed = try TSIGKeyFile.parse(text, file: "k.conf")
            #expect(parsed.secret == secret, "\(encoded)")
        }
        #expect(Base64.encode([0xFF, 0xFF, 0xFF]) == "////")
        // "/*" and "//" inside quotes: text; outside: a comment (hiding a second secret).
        let parsed = try TSIGKeyFile.parse(
            "key \"a/*b//c\" { algorithm hmac-sha256; secret \"YQ==\"; /* secret \"Yg==\"; */ };", file: "k.conf")
        #expect(parsed.name == "a/*b//c" && parsed.secret == [0x61])
        #expect(throws: DNSError.self) {
            try TSIGKeyFile.parse("key \"k\" { algorithm hmac-sha256; secret \"YQ==\"; /* open", file: "k.conf")
        }
    }

    @Test("any secret, written as tsig-keygen writes it, reads back (property; seed reported on failure)")
    func keyFileRoundTrip() async {
        await propertyCheck(
            input: Gen.int(in: 0...255).array(of: 1...64), Gen.int(in: 0...(TSIGAlgorithm.allCases.count - 1))
        ) { values, algorithmIndex in
            let secret = values.map { UInt8($0) }
            let algorithm = TSIGAlgorithm.allCases[algorithmIndex]
            let text =
                "key \"ddns-key.example.com\" {\n\talgorithm \(algorithm.rawValue);\n\tsecret \"\(Base64.encode(secret))\";\n};\n"
            let parsed = try TSIGKeyFile.parse(text, file: "k.conf")
            #expect(parsed.secret == secret && parsed.algorithm == algorithm && parsed.name == "ddns-key.example.com")
        }
    }

    @Test("an unreadable key file names the file and the reason; the path is not masked", .timeLimit(.minutes(1)))
    func keyFileErrors() throws {
        let directory = temporaryDirectory()
        #expect(
            throws: DNSError.key("cannot read the TSIG key file '\(directory)/missing.key': No such file or directory")
        ) { try TSIGKeyFile.load(directory + "/missing.key") }
        #expect(throws: DNSError.key("cannot read the TSIG key file '\(directory)': it is a folder, not a file")) {
            try TSIGKeyFile.load(directory)
        }
        #expect(mkfifo(directory + "/fifo", 0o600) == 0)
        #expect(throws: DNSError.key("cannot read the TSIG key file '\(directory)/fifo': it is not a regular file")) {
            try TSIGKeyFile.load(directory + "/fifo")
        }
    }

    @Test("a signed request grows by one TSIG record; a response signed the same way verifies, a tampered one does not")
    func signAndVerify() throws {
        let query = try DNSMessage.query(id: 42, name: "a.example.", type: DNSType.a).encode()
        let (signed, mac) = try TSIG.sign(query, key: key, time: 1_700_000_000)
        let decoded = try DNSMessage.decode(signed)
        #expect(decoded.additional.last?.type == DNSType.tsig)
        #expect(mac.count == 32)
        // Build the server's answer: response bytes + TSIG over (request MAC, response, variables).
        var response = DNSMessage(id: 42)
        response.isResponse = true
        let responseBytes = try response.encode()
        var input: [UInt8] = []
        input.appendUInt16(UInt16(mac.count))
        input += mac + responseBytes
        input += try TSIG.variables(key: key, time: 1_700_000_001, error: 0, other: [])
        let responseMAC = try #require(Digest.hmac("sha256", key: key.secret, input))
        var signedResponse = responseBytes
        signedResponse[11] = 1
        try DNSMessage.encode(
            DNSRecord(
                name: key.name, type: DNSType.tsig, class: DNSClass.any, ttl: 0,
                data: TSIG.rdata(key: key, time: 1_700_000_001, mac: responseMAC, originalID: 42, error: 0, other: [])),
            into: &signedResponse)
        try TSIG.verify(signedResponse, key: key, requestMAC: mac, now: 1_700_000_010)
        #expect(throws: DNSError.self) {
            try TSIG.verify(signedResponse, key: key, requestMAC: mac, now: 1_700_009_999)
        }  // BADTIME
        var tampered = signedResponse
        tampered[3] ^= 0x01
        #expect(throws: DNSError.self) { try TSIG.verify(tampered, key: key, requestMAC: mac, now: 1_700_000_010) }
        // Unsigned:
        #expect(throws: DNSError.self) { try TSIG.verify(responseBytes, key: key, requestMAC: mac, now: 1_700_000_010) }
    }

    @Test("the request MAC equals an independent HMAC over message + TSIG variables (python3 hmac)")
    func independentMAC() throws {
        let query = try DNSMessage.query(id: 42, name: "a.example.", type: DNSType.a).encode()
        let (_, mac) = try TSIG.sign(query, key: key, time: 1_700_000_000)
        let input = query + (try TSIG.variables(key: key, time: 1_700_000_000, error: 0, other: []))
        let script =
            "import hmac,hashlib,sys; print(hmac.new(bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2]), hashlib.sha256).hexdigest())"
        let hexKey = key.secret.map { String(format: "%02x", $0) }.joined()
        let hexInput = input.map { String(format: "%02x", $0) }.joined()
        let output = CommandRunner.run("python3 -c '\(script)' \(hexKey) \(hexInput)", timeout: 10)
        guard output.status == 0 else {
            print("skipped: python3 is not available here: \(output.stderr)")
            return
        }
        #expect(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == Digest.hex(mac))
        // Known-answer wire bytes of the TSIG variables (RFC 8945 §4.3.3).
        #expect(
            Digest.hex(try TSIG.variables(key: key, time: 0x0102_0304_0506, error: 0, other: []))
                == "016b076578616d706c6500" + "00ff" + "00000000" + "0b686d61632d7368613235360" + "0" + "0102"
                + "03040506" + "012c" + "0000" + "0000")
    }
}
