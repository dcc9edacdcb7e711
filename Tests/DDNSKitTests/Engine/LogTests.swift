import Testing

@testable import DDNSKit

@Suite struct LogTests {
    @Test("lines follow ddclient's format, with context frames and continuation lines")
    func format() {
        #expect(
            Log.format(.warning, "whitespace follows", ["file /x.conf, line 3"])
                == "WARNING: [file /x.conf, line 3]> whitespace follows")
        #expect(
            Log.format(.success, "IPv4 address set to 1.2.3.4", ["dyndns2", "host1.example.com"])
                == "SUCCESS: [dyndns2][host1.example.com]> IPv4 address set to 1.2.3.4")
        #expect(Log.format(.info, "foo\nbar", ["one", "two"]) == "INFO:    [one][two]> foo\nINFO:    [one][two]  bar")
    }

    @Test("registered secrets and their URL-encoded forms are masked at every level")
    func masking() {
        let sink = MemorySink()
        let log = Log(verbosity: .debug, sinks: [sink])
        log.register(secret: "p@ss word&1")
        log.debug("REQUEST: GET https://x/update?password=p%40ss%20word%261")
        log.failed("login bob:p@ss word&1 refused")
        #expect(!sink.text.contains("p@ss"))
        #expect(!sink.text.contains("p%40ss"))
        #expect(sink.text.contains("********"))
        #expect(log.hasFailures)
    }

    /// The forms of a secret are computed when something is first logged or masked (a cron run
    /// that logs nothing never computes them): registrations before and after that both count.
    @Test("secrets registered before and after the first line are masked, with the Basic form of login:password")
    func lazyForms() {
        let sink = MemorySink()
        let log = Log(verbosity: .debug, sinks: [sink])
        log.register(secret: "first-secret")
        log.register(basicCredentials: "bob:first-secret")
        #expect(log.mask("a first-secret b") == "a ******** b")
        log.register(secret: "second-secret")
        log.info("first-secret, second-secret, Basic Ym9iOmZpcnN0LXNlY3JldA==, c2Vjb25kLXNlY3JldA==")
        #expect(sink.lines == ["INFO:    > ********, ********, Basic ********, ********"])
        // Logged below the verbosity: counted, nothing computed or written.
        let quiet = Log(verbosity: .quiet, sinks: [sink])
        quiet.register(secret: "third-secret")
        quiet.info("third-secret")
        #expect(sink.lines.count == 1)
        #expect(quiet.mask("third-secret") == "********")
    }

    @Test("quiet hides successes, verbose shows info, debug shows debug")
    func verbosity() {
        let sink = MemorySink()
        let quiet = Log(verbosity: .quiet, sinks: [sink])
        quiet.success("s")
        quiet.info("i")
        quiet.warning("w")
        #expect(sink.lines == ["WARNING: > w"])
    }

    @Test("URL encoding keeps unreserved characters and encodes the rest")
    func urlEncoding() {
        #expect(URLEncoding.encode("a&b=c d/é") == "a%26b%3Dc%20d%2F%C3%A9")
        #expect(
            URLEncoding.query([("hostname", "a.example.com,b.example.com"), ("myip", "2001:db8::1")])
                == "hostname=a.example.com,b.example.com&myip=2001:db8::1")
        #expect(URLEncoding.decode("a%26b+c", plusIsSpace: true) == "a&b c")
    }
}
