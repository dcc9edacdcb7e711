/// A server as options write it: `host`, `host:port`, `[v6]:port` or a bare IPv6 address.
enum HostPort {
    /// The host and port (`defaultPort` when none is written); nil when the port is not a number.
    static func split(_ server: String, defaultPort: UInt16) -> (host: String, port: UInt16)? {
        var host = server
        var port = defaultPort
        if server.hasPrefix("["), let close = server.firstIndex(of: "]") {
            host = String(server[server.index(after: server.startIndex)..<close])
            let rest = server[server.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let parsed = UInt16(rest.dropFirst()) else { return nil }
                port = parsed
            }
        } else if server.filter({ $0 == ":" }).count == 1, let colon = server.firstIndex(of: ":") {
            host = String(server[..<colon])
            guard let parsed = UInt16(server[server.index(after: colon)...]) else { return nil }
            port = parsed
        }
        return host.isEmpty ? nil : (host, port)
    }
}
