import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// Issue 12, "Files it does not own", "Crashes" and "State that lies": the real binary against
/// planted paths and caches. Port 9 on loopback is closed: nothing is sent unless a fake
/// provider is named.
@Suite struct HostileFilesTests {
    func config(_ directory: String, server: String = "127.0.0.1:9", extra: String = "") throws -> String {
        try writeConfig(
            """
            ssl=no
            use=ip, ip=198.51.100.7
            protocol=dyndns2, server=\(server), login=u, password=p
            \(extra)
            h.example.com
            """, in: directory)
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o7777
    }

    @Test("-cache naming a folder: an error naming it, exit 1, and the folder's mode untouched")
    func cacheIsFolder() throws {
        let directory = temporaryDirectory()
        let folder = directory + "/dir"
        mkdir(folder, 0o755)
        chmod(folder, 0o1777)
        let run = try runDDSwift(["-file", try config(directory), "-cache", folder, "-test"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("cannot use the cache \(folder): it is a folder"), "\(run.stderr)")
        #expect(mode(folder) == 0o1777)
    }

    @Test("a cache path that is a symbolic link: an error naming it; the target is not chmod'ed or written")
    func cacheIsSymlink() throws {
        let directory = temporaryDirectory()
        let victim = directory + "/victim"
        try "x\n".write(toFile: victim, atomically: false, encoding: .utf8)
        chmod(victim, 0o644)
        symlink(victim, directory + "/cache")
        for flags in [["-test"], []] {
            let run = try runDDSwift(["-file", try config(directory), "-cache", directory + "/cache"] + flags)
            #expect(run.status == 1, "\(run.stderr)")
            #expect(
                run.stderr.contains("cannot use the cache \(directory)/cache: it is a symbolic link"), "\(run.stderr)")
            #expect(mode(victim) == 0o644)
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "x\n")
        }
    }

    @Test("a configuration file that is a symbolic link is read but never chmod'ed through")
    func configSymlinkNotChmodded() throws {
        let directory = temporaryDirectory()
        let real = try config(directory)
        chmod(real, 0o644)
        symlink(real, directory + "/link.conf")
        let run = try runDDSwift(["-file", directory + "/link.conf", "-cache", directory + "/c", "-test"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("symbolic link, so ddswift does not change it"))
        #expect(mode(real) == 0o644)
    }

    @Test("a hard link planted at <cache>.lock is refused, and its target is neither truncated nor written")
    func lockHardLink() throws {
        let directory = temporaryDirectory()
        let victim = directory + "/victim"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        link(victim, directory + "/c.cache.lock")
        let run = try runDDSwift(["-file", try config(directory), "-cache", directory + "/c.cache", "-test"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("c.cache.lock: it has 2 hard links"), "\(run.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
    }

    @Test("a lock file owned by another user is refused (exit 1, not the 'busy' 3)")
    func lockOtherOwner() throws {
        let directory = temporaryDirectory()
        let lock = directory + "/c.cache.lock"
        try "".write(toFile: lock, atomically: false, encoding: .utf8)
        try #require(chown(lock, 65534, 65534) == 0 || geteuid() != 0)
        guard geteuid() == 0 else { return }  // only root can give a file away
        let run = try runDDSwift(["-file", try config(directory), "-cache", directory + "/c.cache", "-test"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("belongs to user 65534"), "\(run.stderr)")
    }

    @Test(
        "cache times at Int.max, and far in the future, neither crash nor block: unknown, with a warning",
        arguments: [
            "mtime=9223372036854775807,atime=1", "mtime=4102444800,atime=4102444800",
            "mtime=1,atime=1,wtime=4102444800",
            "mtime=1,atime=9223372036854775807,wtime=9223372036854775807,warned-min-interval=9223372036854775807",
        ])
    func hostileCacheTimes(times: String) throws {
        let directory = temporaryDirectory()
        try "\(times),ipv4=198.51.100.6,status-ipv4=good h.example.com\n".write(
            toFile: directory + "/c.cache", atomically: false, encoding: .utf8)
        let run = try runDDSwift(["-file", try config(directory), "-cache", directory + "/c.cache", "-test"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("would update h.example.com"), "\(run.stderr)")
        #expect(run.stderr.contains("more than a day in the future; treated as unknown"))
    }

    @Test("a huge timeout= in the file is refused with file:line; the run does not crash")
    func hugeTimeout() throws {
        let directory = temporaryDirectory()
        let run = try runDDSwift([
            "-file", try config(directory, extra: "timeout=999999999999d"), "-cache", directory + "/c",
        ])
        #expect(run.status == 1, "\(run.stderr)")  // port 9 refuses: a failed update, not a signal
        #expect(run.stderr.contains("ddswift.conf:4: timeout: '999999999999d' is not a time interval"), "\(run.stderr)")
    }

    @Test("a dyndns2 wait of w99999999999999999h does not crash; the wait is capped at a day")
    func hugeProviderWait() throws {
        let server = try FakeHTTPServer { _ in .text("w99999999999999999h\n") }
        defer { server.stop() }
        let directory = temporaryDirectory()
        let run = try runDDSwift([
            "-file", try config(directory, server: server.hostAndPort), "-cache", directory + "/c",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        let entry = try #require(try CacheFile.read(path: directory + "/c").entries["h.example.com"])
        let wait = try #require(entry.wtime)
        #expect(wait > Int(Date().timeIntervalSince1970) && wait <= Int(Date().timeIntervalSince1970) + 86400)
    }

    @Test("the cache cannot be written after an update was sent: FAILED and exit 1")
    func cacheWriteFails() throws {
        let directory = temporaryDirectory()
        let cache = directory + "/c.cache"
        // The provider answers, and meanwhile a folder takes the cache's place: the rename fails.
        let server = try FakeHTTPServer { request in
            mkdir(cache, 0o700)
            mkdir(cache + "/keep", 0o700)
            return .text("good \(request.queryValue("myip") ?? "")\n")
        }
        defer { server.stop() }
        let run = try runDDSwift(["-file", try config(directory, server: server.hostAndPort), "-cache", cache])
        #expect(server.requests.count == 1)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("FAILED:") && run.stderr.contains("cannot write the cache"), "\(run.stderr)")
    }
}

@Suite struct UnreadableCacheTests {
    @Test(
        "a cache the run cannot read is an error (exit 1), not an empty cache that would send every host again",
        .enabled(if: canRunAsNobody))
    func unreadableCache() throws {
        let (directory, path) = try nobodysConfiguration(folderMode: 0o777)
        let cache = directory + "/c.cache"
        try "mtime=1,atime=1,ipv4=198.51.100.7,status-ipv4=good h.example.com\n".write(
            toFile: cache, atomically: false, encoding: .utf8)
        chmod(cache, 0o600)  // root's, unreadable for nobody
        let run = try runAsNobody(["-file", path, "-cache", cache])
        let stderr = run.stderr
        #expect(run.status == 1, "\(stderr)")
        #expect(stderr.contains("cannot read the cache \(cache): Permission denied"), "\(stderr)")
        #expect(!stderr.contains("updating"))
    }
}
