// A loopback fake DynDNS provider for `make demo` and `make bench` (not installed).
//
//   ddswift-fake-provider serve --port-file F [--log F] [--address-file F] [--latency MS]
//                               [--listeners N] [--user U --password P] [--dns-port-file F]
//     Answers dyndns2/noip updates (`/nic/update?hostname=a,b&myip=…`) with one `good <ip>` or
//     `nochg <ip>` line per host, and address checks (`/checkip`) with the address in
//     --address-file. Writes the listening ports (one per line) to --port-file and one line per
//     request to --log. With --dns-port-file, also a DNS responder on 127.0.0.1 (port written
//     there) answering `myip.bench` A with the address (for `usev4=dnsv4`). Stops on
//     SIGTERM/SIGINT.
//   ddswift-fake-provider write-cache-loop PATH
//     Rewrites a large cache at PATH forever (the atomic-write test kills it mid-write).
//   ddswift-fake-provider time-pair RUNS -- COMMAND A… -- COMMAND B…
//     Runs A and B RUNS times each, one after the other in turn (A B, B A, A B, …), output
//     to /dev/null (a run that exits non-zero stops it), and prints for each
//     "median-wall-s median-cpu-s" on a line (not peak RSS: a spawned child's counts the
//     spawning process's own). For `make bench`: runs of 2-4 ms timed in blocks measured the
//     machine's moods more than the programs; taken in turn, both meet the same moods.
import DDNSFakeProvider
import DDNSKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

func fail(_ message: String) -> Never {
    let line = "ddswift-fake-provider: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

func writeFile(_ path: String, _ text: String) {
    guard let file = fopen(path, "w") else { fail("cannot write \(path)") }
    fputs(text, file)
    fclose(file)
}

let allArguments = Array(CommandLine.arguments.dropFirst())
guard let command = allArguments.first else { fail("usage: serve … | write-cache-loop PATH") }
let arguments = Array(allArguments.dropFirst())

func option(_ name: String, in arguments: [String] = arguments) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

switch command {
case "write-cache-loop":
    guard let path = arguments.first else { fail("write-cache-loop PATH") }
    var generation = 0
    while true {
        generation += 1
        var entries: [String: CacheEntry] = [:]
        for index in 0..<2000 {
            let name = "host\(index).example.com"
            entries[name] = CacheEntry(
                host: name,
                fields: [
                    "ipv4": "192.0.2.\(generation % 250)", "status-ipv4": "good", "mtime": String(generation),
                    "atime": String(generation),
                ])
        }
        try? CacheFile.write(entries, to: path, now: generation)
    }

case "serve":
    guard let portFile = option("--port-file") else { fail("serve needs --port-file") }
    let logPath = option("--log")
    let addressFile = option("--address-file")
    let latency = Double(option("--latency") ?? "0").map { $0 / 1000 } ?? 0
    let listeners = Int(option("--listeners") ?? "1") ?? 1
    let expectedAuth: String? = option("--user").map { "\($0):\(option("--password") ?? "")" }
    let published = Mutex<[String: String]>([:])
    let logFD: Int32 = logPath.map { open($0, O_WRONLY | O_CREAT | O_APPEND, 0o644) } ?? -1
    /// The address the provider reports as the client's (--address-file, read on each use).
    let currentAddress: @Sendable () -> String = {
        addressFile.flatMap(readFile)?.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? "203.0.113.10"
    }

    let handler: @Sendable (RecordedRequest) -> FakeResponse = { request in
        if logFD >= 0 {
            let line = "\(request.method) \(request.target)\n"
            _ = line.withCString { write(logFD, $0, strlen($0)) }  // O_APPEND: one write per line
        }
        if request.path == "/checkip" || request.path == "/ip" {
            return .text("<html><body>Current IP Address: \(currentAddress())</body></html>\n", delay: latency)
        }
        guard request.path.hasSuffix("/update") || request.path.hasSuffix("/nic/update") else {
            return .text("not found\n", status: 404, delay: latency)
        }
        if let expectedAuth, request.basicAuth != expectedAuth {
            return .text("badauth\n", delay: latency)
        }
        let hosts = (request.queryValue("hostname") ?? "").split(separator: ",").map(String.init)
        let address = request.queryValue("myip") ?? ""
        if hosts.isEmpty { return .text("notfqdn\n", delay: latency) }
        let lines: [String] = published.withLock { state in
            hosts.map { host in
                defer { state[host] = address }
                return state[host] == address ? "nochg \(address)" : "good \(address)"
            }
        }
        return .text(lines.joined(separator: "\n") + "\n", delay: latency)
    }
    var servers: [FakeHTTPServer] = []
    for _ in 0..<max(1, listeners) {
        do {
            servers.append(try FakeHTTPServer(handler: handler))
        } catch {
            fail("cannot listen: \(error)")
        }
    }
    var dnsResponder: FakeDNSResponder?
    if let dnsPortFile = option("--dns-port-file") {
        do {
            dnsResponder = try FakeDNSResponder(answers: ["myip.bench": [.a(currentAddress())]])
        } catch {
            fail("cannot listen for DNS: \(error)")
        }
        writeFile(dnsPortFile, "\(dnsResponder!.port)\n")
    }
    writeFile(portFile, servers.map { String($0.port) }.joined(separator: "\n") + "\n")
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGTERM)
    sigaddset(&signals, SIGINT)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
    var received: Int32 = 0
    sigwait(&signals, &received)
    for server in servers { server.stop() }
    dnsResponder?.stop()
    if logFD >= 0 { close(logFD) }
    exit(0)

case "time-pair":
    guard let runs = arguments.first.flatMap({ Int($0) }), runs > 0, arguments.count > 2, arguments[1] == "--",
        let split = arguments.dropFirst(2).firstIndex(of: "--")
    else { fail("time-pair RUNS -- COMMAND A… -- COMMAND B…") }
    let commands = [Array(arguments[2..<split]), Array(arguments[(split + 1)...])]
    guard commands.allSatisfy({ !$0.isEmpty }) else { fail("time-pair: a command is empty") }
    struct Sample {
        var wall: [Double] = []
        var cpu: [Double] = []
    }
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    func monotonic() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
    /// One run of `command`: wall seconds and its rusage.
    func timed(_ command: [String]) -> (Double, rusage) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = monotonic()
        guard posix_spawn(&pid, command[0], &actions, nil, &argv, environ) == 0 else {
            fail("time-pair: cannot run \(command[0])")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        // A run that failed (or crashed) did not do the work being timed.
        guard status == 0 else { fail("time-pair: \(command[0]) ended with wait status \(status)") }
        return (monotonic() - start, usage)
    }
    var samples = [Sample(), Sample()]
    for round in 0..<runs {
        for which in round % 2 == 0 ? [0, 1] : [1, 0] {
            let (wall, usage) = timed(commands[which])
            samples[which].wall.append(wall)
            samples[which].cpu.append(seconds(usage.ru_utime) + seconds(usage.ru_stime))
        }
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    for sample in samples {
        print("\(median(sample.wall)) \(median(sample.cpu))")
    }
    exit(0)

default:
    fail("unknown command \(command)")
}
