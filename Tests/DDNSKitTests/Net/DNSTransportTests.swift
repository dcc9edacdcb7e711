import Foundation
import Testing

@testable import DDNSKit

/// A UDP socket bound to 127.0.0.1 on a port the kernel picks.
func loopbackUDPSocket() -> (fd: Int32, port: UInt16) {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    _ = TruncatingDNSServer.bind(fd, 0)
    return (fd, TruncatingDNSServer.boundPort(fd) ?? 0)
}

/// A DNS server on 127.0.0.1 that answers over UDP with TC set (truncated) and over TCP with a
/// full answer: the transport must fall back to TCP.
final class TruncatingDNSServer: @unchecked Sendable {
    let port: UInt16
    private var udp: Int32 = -1
    private var tcp: Int32 = -1
    private var udpCount = 0
    private var tcpCount = 0
    private let lock = NSLock()
    /// Read under the lock: the server threads write them (an unlocked read saw a stale 0).
    var udpQueries: Int { lock.withLock { udpCount } }
    var tcpQueries: Int { lock.withLock { tcpCount } }

    init() throws {
        // The kernel picks a free TCP port; UDP then takes the same number. When that one is
        // taken for UDP, both sockets are made anew (a socket that failed to bind cannot be
        // bound again: the old loop of random ports failed for good after one half-bind).
        var chosen: UInt16 = 0
        for _ in 0..<50 {
            udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            if Self.bind(tcp, 0), let candidate = Self.boundPort(tcp), Self.bind(udp, candidate) {
                chosen = candidate
                break
            }
            close(udp)
            close(tcp)
        }
        guard chosen != 0 else { throw DNSError.network("no free port") }
        port = chosen
        listen(tcp, 8)
        Thread.detachNewThread { [self] in serveUDP() }
        Thread.detachNewThread { [self] in serveTCP() }
    }

    static func boundPort(_ fd: Int32) -> UInt16? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? UInt16(bigEndian: address.sin_port) : nil
    }

    static func bind(_ fd: Int32, _ port: UInt16) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    func answer(to query: [UInt8], truncated: Bool) -> [UInt8] {
        var message = (try? DNSMessage.decode(query)) ?? DNSMessage(id: 0)
        message.isResponse = true
        message.truncated = truncated
        message.additional = []
        if !truncated, let question = message.questions.first {
            message.answers = [
                DNSRecord(name: question.name, type: DNSType.a, class: DNSClass.in, ttl: 60, data: [192, 0, 2, 77])
            ]
        }
        return (try? message.encode()) ?? []
    }

    private func serveUDP() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var peer = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let count = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(udp, &buffer, buffer.count, 0, $0, &length)
                }
            }
            if count <= 0 {
                close(udp)
                return
            }
            lock.withLock { udpCount += 1 }
            let reply = answer(to: Array(buffer[0..<count]), truncated: true)
            _ = withUnsafePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(udp, reply, reply.count, 0, $0, length) }
            }
        }
    }

    private func serveTCP() {
        while true {
            let client = accept(tcp, nil, nil)
            if client < 0 {
                close(tcp)
                return
            }
            var header = [UInt8](repeating: 0, count: 2)
            guard recv(client, &header, 2, Int32(MSG_WAITALL)) == 2 else {
                close(client)
                continue
            }
            var query = [UInt8](repeating: 0, count: Int(header[0]) << 8 | Int(header[1]))
            _ = recv(client, &query, query.count, Int32(MSG_WAITALL))
            lock.withLock { tcpCount += 1 }
            let reply = answer(to: query, truncated: false)
            let framed = [UInt8(reply.count >> 8), UInt8(reply.count & 0xFF)] + reply
            _ = send(client, framed, framed.count, 0)
            close(client)
        }
    }

    /// Shuts the sockets down; each serving thread closes its own socket when it ends. (Closing
    /// here let the next server reuse the descriptor numbers while the old thread was between two
    /// accept calls: the old thread then answered the new server's queries, and counted them.)
    func stop() {
        shutdown(udp, Int32(SHUT_RDWR))
        shutdown(tcp, Int32(SHUT_RDWR))
    }
}

@Suite struct DNSTransportTests {
    @Test("a truncated UDP answer makes the transport ask again over TCP")
    func fallbackToTCP() throws {
        let server = try TruncatingDNSServer()
        defer { server.stop() }
        let transport = DNSTransport(host: "127.0.0.1", port: server.port, timeout: 2)
        let answer = try transport.exchange(try DNSMessage.query(id: 99, name: "x.example.", type: DNSType.a).encode())
        let message = try DNSMessage.decode(answer)
        #expect(message.answers.first?.address == "192.0.2.77")
        #expect(server.udpQueries == 1 && server.tcpQueries == 1)
    }

    @Test("tcp=yes goes straight to TCP")
    func tcpOnly() throws {
        let server = try TruncatingDNSServer()
        defer { server.stop() }
        let transport = DNSTransport(host: "127.0.0.1", port: server.port, tcpOnly: true, timeout: 2)
        _ = try transport.exchange(try DNSMessage.query(id: 5, name: "x.example.", type: DNSType.a).encode())
        #expect(server.udpQueries == 0 && server.tcpQueries == 1)
    }

    @Test("server=host:port, [v6]:port and bare addresses are understood")
    func serverSyntax() {
        #expect(DNSTransport(server: "127.0.0.1:5353", tcpOnly: false, timeout: 1)?.port == 5353)
        #expect(DNSTransport(server: "[::1]:5353", tcpOnly: false, timeout: 1)?.host == "::1")
        #expect(DNSTransport(server: "2001:db8::53", tcpOnly: false, timeout: 1)?.port == 53)
        #expect(DNSTransport(server: "ns.example.com", tcpOnly: false, timeout: 1)?.port == 53)
        #expect(DNSTransport(server: "ns.example.com:x", tcpOnly: false, timeout: 1) == nil)
    }
}
