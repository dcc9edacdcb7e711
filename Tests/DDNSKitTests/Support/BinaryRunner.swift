import DDNSFakeProvider
import Foundation

@testable import DDNSKit

/// What a run of the real `ddswift` binary printed and returned.
struct BinaryRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `ddswift` with `arguments`, feeding nothing on stdin.
func runDDSwift(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 60) throws -> BinaryRun {
    try runProgram(
        productsDirectory().appendingPathComponent("ddswift").path, arguments, environment: environment,
        timeout: timeout)
}

/// A started `ddswift` process whose output is collected.
final class RunningBinary: @unchecked Sendable {
    let process: Process
    let out: Pipe
    let err: Pipe
    private var outData = Data()
    private var errData = Data()
    private let lock = NSLock()

    init(process: Process, out: Pipe, err: Pipe) {
        self.process = process
        self.out = out
        self.err = err
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.outData.append(data) }
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.errData.append(data) }
        }
    }

    var stderrSoFar: String { lock.withLock { String(decoding: errData, as: UTF8.self) } }

    func finish() -> BinaryRun {
        process.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        let restOut = out.fileHandleForReading.readDataToEndOfFile()
        let restErr = err.fileHandleForReading.readDataToEndOfFile()
        return lock.withLock {
            outData.append(restOut)
            errData.append(restErr)
            return BinaryRun(
                status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                stderr: String(decoding: errData, as: UTF8.self))
        }
    }
}

func startDDSwift(_ arguments: [String], environment: [String: String] = [:]) throws -> RunningBinary {
    try startProgram(productsDirectory().appendingPathComponent("ddswift").path, arguments, environment: environment)
}

/// Runs any program (Debian's ddclient, a shell) like ``runDDSwift(_:environment:timeout:)``.
func runProgram(_ path: String, _ arguments: [String], environment: [String: String] = [:], timeout: Double = 60)
    throws -> BinaryRun
{
    let process = try startProgram(path, arguments, environment: environment)
    let deadline = Date().addingTimeInterval(timeout)
    while process.process.isRunning && Date() < deadline { usleep(10_000) }
    if process.process.isRunning { process.process.terminate() }
    return process.finish()
}

func startProgram(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws
    -> RunningBinary
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let running = RunningBinary(process: process, out: out, err: err)
    try process.run()
    return running
}

/// Writes a config file (mode 0600) in a fresh temporary folder and returns its path.
func writeConfig(_ text: String, in directory: String = temporaryDirectory(), name: String = "ddswift.conf") throws
    -> String
{
    let path = directory + "/" + name
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    chmod(path, 0o600)
    return path
}

/// A fake dyndns2 provider answering `good <ip>` per host (or a scripted body).
func dyndnsServer(delay: Double = 0, body: (@Sendable (RecordedRequest) -> String)? = nil) throws -> FakeHTTPServer {
    try FakeHTTPServer { request in
        if let body { return .text(body(request), delay: delay) }
        let hosts = (request.queryValue("hostname") ?? "").split(separator: ",")
        let ip = request.queryValue("myip") ?? ""
        return .text(hosts.map { _ in "good \(ip)" }.joined(separator: "\n") + "\n", delay: delay)
    }
}

/// A host for detection tests: every source disabled except those `values` set.
func detectionHost(_ name: String, _ values: [String: String]) -> HostConfig {
    HostConfig(
        name: name, values: ["use": "disabled", "usev4": "disabled", "usev6": "disabled"].merging(values) { $1 })
}

/// The real binary as user nobody (65534, no groups), for permission tests run as root.
func runAsNobody(_ arguments: [String]) throws -> BinaryRun {
    try runProgram(
        "/usr/bin/setpriv",
        [
            "--reuid=65534", "--regid=65534", "--clear-groups",
            productsDirectory().appendingPathComponent("ddswift").path,
        ]
            + arguments)
}

/// Whether this run can test permissions as another user (root, with setpriv).
let canRunAsNobody = geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

/// A folder with `mode` holding a one-host configuration (nothing is sent: port 9) owned by
/// nobody, for ``runAsNobody(_:)``. Returns the folder and the configuration's path.
func nobodysConfiguration(folderMode: mode_t) throws -> (directory: String, path: String) {
    let directory = temporaryDirectory()
    chmod(directory, folderMode)
    let path = try writeConfig(
        "ssl=no\nuse=ip, ip=198.51.100.7\nprotocol=dyndns2, server=127.0.0.1:9, login=u, password=p\nh.example.com\n",
        in: directory)
    chown(path, 65534, 65534)
    return (directory, path)
}
