import DDNSFakeProvider
import Foundation
import Testing

@testable import DDNSKit

/// `make install` + `systemctl enable --now ddswift.timer` on a machine where Debian's ddclient
/// 3.10 is set up: the installed unit's ExecStart runs as the unit says (its user, capabilities,
/// user namespace, read-only system, writable cache folder, private /tmp, umask, clean
/// environment), emulated with namespaces since the tests have no PID-1 systemd. The machine's
/// /etc, /var/cache and /usr/local are overlays inside the test's own mount namespace: nothing
/// of the real system is touched.
@Suite struct InstalledUnitTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The `[Service]` settings of a unit file, in order (a key may repeat).
    static func serviceSettings(_ text: String) -> [(key: String, value: String)] {
        var section = ""
        var settings: [(String, String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") || trimmed.isEmpty { continue }
            if trimmed.hasPrefix("[") {
                section = trimmed
                continue
            }
            guard section == "[Service]", let equals = trimmed.firstIndex(of: "=") else { continue }
            settings.append((String(trimmed[..<equals]), String(trimmed[trimmed.index(after: equals)...])))
        }
        return settings
    }

    /// Settings the emulation applies, with the values it implements.
    static let emulated: [String: String?] = [
        "Type": nil, "ExecStart": nil, "SuccessExitStatus": nil, "TimeoutStartSec": nil, "ExecReload": nil,
        "Restart": nil, "RestartSec": nil, "CacheDirectory": nil, "RuntimeDirectory": nil, "UMask": nil,
        "PrivateUsers": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes", "ProtectHome": "yes",
        "NoNewPrivileges": "yes", "CapabilityBoundingSet": "",
    ]
    /// Settings that only take more away (system calls, kernel interfaces, devices): not
    /// emulated here; the unit's security rating (tests/delivery/check.sh) covers them.
    static let notEmulated: Set<String> = [
        "ProtectProc", "PrivateMounts", "PrivateDevices", "ProtectKernelTunables", "ProtectKernelModules",
        "ProtectKernelLogs", "ProtectControlGroups", "ProtectClock", "ProtectHostname", "RestrictNamespaces",
        "RestrictRealtime", "RestrictSUIDSGID", "LockPersonality", "MemoryDenyWriteExecute",
        "RestrictAddressFamilies", "SystemCallFilter", "SystemCallArchitectures",
    ]

    /// Whether this machine lets the tests build the emulation: root, and mount, overlay and
    /// user namespaces (a container without them runs the other tests only).
    static let canEmulate: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
        else { return false }
        let probe = """
            set -e
            d=$(mktemp -d); trap 'umount -R "$d" 2>/dev/null; rmdir "$d"' EXIT
            mount -t tmpfs none "$d"; mkdir "$d/u" "$d/w" "$d/m"
            mount -t overlay overlay -o "lowerdir=/etc,upperdir=$d/u,workdir=$d/w" "$d/m"
            mount -o remount,bind,ro "$d/m"
            unshare -U --map-root-user setpriv --bounding-set=-all --no-new-privs -- true
            """
        let run = try? runProgram(
            "/usr/bin/unshare", ["-m", "--propagation", "private", "sh", "-c", probe], timeout: 20)
        return run?.status == 0
    }()

    /// A shell script that runs `execStart` as the unit says: ProtectSystem=strict (every mount
    /// read-only but the API file systems), CacheDirectory= writable, ProtectHome=, PrivateTmp=,
    /// then UMask=, a clean environment, PrivateUsers= (root mapped to itself only),
    /// CapabilityBoundingSet= empty and NoNewPrivileges=. Run it in a fresh mount namespace.
    /// The probe proves the system is read-only for the service.
    static func unitScript(execStart: String, cacheDirectory: String, umask: String) -> String {
        """
        set -u
        mkdir -p /var/cache/\(cacheDirectory)
        findmnt -rn -o TARGET | while read -r m; do
            case "$m" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/*) continue ;; esac
            mount -o remount,bind,ro "$m" 2>/dev/null || true
        done
        mount --bind /var/cache/\(cacheDirectory) /var/cache/\(cacheDirectory)
        mount -o remount,bind,rw /var/cache/\(cacheDirectory)
        for d in /home /root /run/user; do [ -d "$d" ] && mount -t tmpfs -o ro,mode=0755 tmpfs "$d"; done
        mount -t tmpfs -o mode=1777 tmpfs /tmp
        mount -t tmpfs -o mode=1777 tmpfs /var/tmp
        cd /
        umask \(umask)
        exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
            CACHE_DIRECTORY=/var/cache/\(cacheDirectory) \\
            unshare -U --map-root-user \\
            setpriv --bounding-set=-all --inh-caps=-all --no-new-privs -- \\
            /bin/sh -c 'if touch /etc/.ddswift-probe 2>/dev/null || touch /usr/.ddswift-probe 2>/dev/null; then echo "the emulation is not read-only"; exit 99; fi; exec "$@"' sh \(execStart)

        """
    }

    /// The installed `ddswift.service` (make install-files into a staging folder): its ExecStart,
    /// CacheDirectory and UMask.
    static func installedUnit(in work: String) throws -> (execStart: String, cacheDirectory: String, umask: String) {
        let install = try runProgram(
            "/usr/bin/make",
            [
                "-s", "-C", root, "install-files", "PREFIX=/usr/local", "DESTDIR=\(work)/dest",
                "BINARY=\(productsDirectory().appendingPathComponent("ddswift").path)",
            ])
        #expect(install.status == 0, "\(install.stderr)")
        let unitText = try String(
            contentsOfFile: work + "/dest/usr/local/lib/systemd/system/ddswift.service", encoding: .utf8)
        let settings = serviceSettings(unitText)
        func value(_ key: String) -> String? { settings.last { $0.key == key }?.value }
        return (try #require(value("ExecStart")), try #require(value("CacheDirectory")), value("UMask") ?? "0022")
    }

    @Test("both service units use only settings the emulation implements, with the same sandbox")
    func unitsAreEmulated() throws {
        var sandboxes: [[String]] = []
        for unit in ["ddswift.service", "ddswift-daemon.service"] {
            let text = try String(contentsOfFile: Self.root + "/contrib/systemd/" + unit, encoding: .utf8)
            let settings = Self.serviceSettings(text)
            for (key, value) in settings {
                if let expected = Self.emulated[key] {
                    if let expected {
                        #expect(value == expected, "\(unit): \(key)=\(value) is not what the test emulates")
                    }
                } else {
                    #expect(Self.notEmulated.contains(key), "\(unit): \(key)= is new; emulate it in this test")
                }
            }
            #expect(!settings.contains { $0.key == "User" || $0.key == "DynamicUser" })
            sandboxes.append(
                settings.filter { Self.notEmulated.contains($0.key) || Self.emulated[$0.key]! != nil }.map {
                    "\($0.key)=\($0.value)"
                })
        }
        #expect(sandboxes[0] == sandboxes[1])
    }

    @Test(
        "the installed timer's service takes over Debian's ddclient files in place: nothing re-sent, changes sent once, ddswift.yaml first when present",
        .enabled(if: canEmulate))
    func debianMachine() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let work = temporaryDirectory()
        let (execStart, cacheDirectory, umask) = try Self.installedUnit(in: work)

        let now = Int(Date().timeIntervalSince1970)
        let dayAgo = now - 86_400
        try """
        # Configuration file for ddclient generated by debconf
        #
        # /etc/ddclient.conf

        pid=/var/run/ddclient.pid
        ssl=no
        protocol=dyndns2 \\
        use=ip, ip=192.0.2.140 \\
        server=\(server.hostAndPort) \\
        login=bob \\
        password='pw' \\
        a.example.com

        """.write(toFile: work + "/ddclient.conf", atomically: false, encoding: .utf8)
        try """
        ## ddclient-3.10.0
        ## last updated at Mon Nov 30 12:00:00 2026 (\(dayAgo))
        atime=\(dayAgo),backupmx=0,custom=0,host=a.example.com,ip=192.0.2.140,mtime=\(dayAgo),mx=,script=/nic/update,static=0,status=good,status-ipv4=noconnect,status-ipv6=noconnect,warned-min-error-interval=0,warned-min-interval=0,wildcard=0,wtime=0 a.example.com

        """.write(toFile: work + "/ddclient.cache", atomically: false, encoding: .utf8)
        try """
        ssl: no
        use: ip
        ip: 192.0.2.142
        hosts:
          - host: b.example.com
            protocol: dyndns2
            server: \(server.hostAndPort)
            login: bob
            password: pw

        """.write(toFile: work + "/ddswift.yaml", atomically: false, encoding: .utf8)

        try Self.unitScript(execStart: execStart, cacheDirectory: cacheDirectory, umask: umask).write(
            toFile: work + "/unit.sh", atomically: false, encoding: .utf8)

        // The machine: Debian's ddclient set up, no ddswift file; the binary where make put it.
        try """
        set -eu
        mkdir -p "\(work)/ovl"
        mount -t tmpfs tmpfs "\(work)/ovl"
        for d in etc var/cache usr/local; do
            n=$(echo "$d" | tr / _)
            mkdir -p "\(work)/ovl/$n.up" "\(work)/ovl/$n.work" "/$d"
            mount -t overlay overlay -o "lowerdir=/$d,upperdir=\(work)/ovl/$n.up,workdir=\(work)/ovl/$n.work" "/$d"
        done
        rm -rf /etc/ddswift /etc/ddclient /etc/ddclient.conf /var/cache/ddclient
        mkdir -p /var/cache/ddclient /usr/local/bin
        install -m 0600 "\(work)/ddclient.conf" /etc/ddclient.conf
        install -m 0600 "\(work)/ddclient.cache" /var/cache/ddclient/ddclient.cache
        install -m 0755 "\(work)/dest/usr/local/bin/ddswift" /usr/local/bin/ddswift
        step() { echo "=== $1"; rc=0; unshare -m --propagation private sh "\(work)/unit.sh" 2>&1 || rc=$?; echo "=== $1 rc=$rc"; }
        step takeover
        sed -i 's/ip=192.0.2.140/ip=192.0.2.141/' /etc/ddclient.conf
        step changed
        step again
        mkdir -p /etc/ddswift
        install -m 0600 "\(work)/ddswift.yaml" /etc/ddswift/ddswift.yaml
        step yaml
        cp /var/cache/ddclient/ddclient.cache "\(work)/after.cache"
        stat -c '%a %U' /var/cache/ddclient/ddclient.cache > "\(work)/after.mode"

        """.write(toFile: work + "/machine.sh", atomically: false, encoding: .utf8)

        let run = try runProgram("/usr/bin/unshare", ["-m", "--propagation", "private", "sh", work + "/machine.sh"])
        let output = run.stdout + run.stderr
        #expect(run.status == 0, "\(output)")
        for step in ["takeover", "changed", "again", "yaml"] {
            #expect(output.contains("=== \(step) rc=0"), "\(output)")
        }
        #expect(!output.contains("not read-only"))
        // Nothing for the current host at the takeover; the change once; the YAML's host.
        #expect(
            server.requests.map(\.target) == [
                "/nic/update?hostname=a.example.com&myip=192.0.2.141",
                "/nic/update?hostname=b.example.com&myip=192.0.2.142",
            ], "\(output)")
        let cache = try String(contentsOfFile: work + "/after.cache", encoding: .utf8)
        #expect(cache.hasPrefix("## ddclient-3.10.0\n"), "\(cache)")
        #expect(cache.contains("ip=192.0.2.142"))
        #expect(try String(contentsOfFile: work + "/after.mode", encoding: .utf8) == "600 root\n")
    }
}

/// README's "Switching from ddclient", run line by line on an emulated Debian machine with
/// ddclient 3.10 set up: what cannot run here (apt-get, systemctl, a release build) is replaced
/// by what it does, and a README line this test does not know fails it.
@Suite struct ReadmeSwitchTests {
    static let hook = "/etc/dhcp/dhclient-exit-hooks.d/ddclient"

    /// The first ```sh block after `marker` in README.md, one command per line (no `sudo`,
    /// no comment).
    static func steps(after marker: String) throws -> [String] {
        let readme = try String(contentsOfFile: InstalledUnitTests.root + "/README.md", encoding: .utf8)
        let afterMarker = try #require(readme.range(of: marker)).upperBound
        let blockStart = try #require(readme.range(of: "```sh\n", range: afterMarker..<readme.endIndex)).upperBound
        let blockEnd = try #require(readme.range(of: "```", range: blockStart..<readme.endIndex)).lowerBound
        return readme[blockStart..<blockEnd].split(separator: "\n").map { line in
            var command = String(line.split(separator: "#", maxSplits: 1).first ?? "")
            command = command.trimmingCharacters(in: .whitespaces)
            if command.hasPrefix("sudo ") { command.removeFirst(5) }
            return command
        }.filter { !$0.isEmpty }
    }

    @Test(
        "README's switch and rollback: nothing re-sent either way, Debian's dhclient hook runs ddswift, ddclient 3.10 back sends nothing",
        .enabled(if: InstalledUnitTests.canEmulate && FileManager.default.fileExists(atPath: hook)))
    func switchAndRollBack() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let work = temporaryDirectory()
        let (execStart, cacheDirectory, umask) = try InstalledUnitTests.installedUnit(in: work)
        try InstalledUnitTests.unitScript(execStart: execStart, cacheDirectory: cacheDirectory, umask: umask).write(
            toFile: work + "/unit.sh", atomically: false, encoding: .utf8)
        let binary = productsDirectory().appendingPathComponent("ddswift").path
        let make = "make -s -C \"\(InstalledUnitTests.root)\""
        // What each README line does, here.
        let emulation: [String: String] = [
            "apt-get remove ddclient": "cp /usr/bin/ddclient \"\(work)/ovl/ddclient-3.10\"; rm -f /usr/bin/ddclient",
            "make install DDCLIENT_COMPAT=1":
                "\(make) install-files PREFIX=/usr/local DDCLIENT_COMPAT=1 BINARY=\"\(binary)\"",
            "ddswift -test": "ddswift -test 2>&1",
            "ddswift -status": "ddswift -status 2>&1",
            "systemctl enable --now ddswift.timer":
                "unshare -m --propagation private sh \"\(work)/unit.sh\" 2>&1",
            "systemctl disable --now ddswift.timer": "true",
            "make uninstall": "\(make) uninstall PREFIX=/usr/local",
            "apt-get install ddclient": "install -m 0755 \"\(work)/ovl/ddclient-3.10\" /usr/bin/ddclient",
        ]
        func script(_ steps: [String]) throws -> String {
            try steps.map { step in
                let command = try #require(emulation[step], "README step '\(step)' is not emulated by this test")
                return "echo '=== \(step)'; rc=0; \(command) || rc=$?; echo \"=== rc=$rc\""
            }.joined(separator: "\n")
        }
        let switchSteps = try Self.steps(after: "<!-- switch-steps")
        let rollbackSteps = try Self.steps(after: "<!-- rollback-steps")
        #expect(switchSteps.count == 5 && rollbackSteps.count == 3)

        let dayAgo = Int(Date().timeIntervalSince1970) - 86_400
        func config(_ ip: String) -> String {
            "ssl=no\nprotocol=dyndns2, use=ip, ip=\(ip), server=\(server.hostAndPort), login=bob, password='pw' \\\na.example.com\n"
        }
        try config("192.0.2.151").write(toFile: work + "/ddclient.conf", atomically: false, encoding: .utf8)
        try config("192.0.2.152").write(toFile: work + "/ddclient-new.conf", atomically: false, encoding: .utf8)
        try """
        ## ddclient-3.10.0
        ## last updated at Mon Nov 30 12:00:00 2026 (\(dayAgo))
        atime=\(dayAgo),backupmx=0,custom=0,host=a.example.com,ip=192.0.2.151,mtime=\(dayAgo),mx=,script=/nic/update,static=0,status=good,status-ipv4=noconnect,status-ipv6=noconnect,warned-min-error-interval=0,warned-min-interval=0,wildcard=0,wtime=0 a.example.com

        """.write(toFile: work + "/ddclient.cache", atomically: false, encoding: .utf8)
        try """
        set -eu
        mkdir -p "\(work)/ovl"
        mount -t tmpfs tmpfs "\(work)/ovl"
        for d in etc usr/bin usr/local var/cache; do
            n=$(echo "$d" | tr / _)
            mkdir -p "\(work)/ovl/$n.up" "\(work)/ovl/$n.work"
            mount -t overlay overlay -o "lowerdir=/$d,upperdir=\(work)/ovl/$n.up,workdir=\(work)/ovl/$n.work" "/$d"
        done
        # The machine: Debian's ddclient 3.10 set up, its hook enabled, the address current.
        rm -rf /etc/ddswift /etc/ddclient
        install -m 0600 "\(work)/ddclient.conf" /etc/ddclient.conf
        printf 'run_dhclient="true"\\nrun_ipup="false"\\ndaemon_interval="5m"\\n' > /etc/default/ddclient
        rm -rf /var/cache/ddclient; mkdir -p /var/cache/ddclient
        install -m 0600 "\(work)/ddclient.cache" /var/cache/ddclient/ddclient.cache
        set +e
        \(try script(switchSteps))
        echo "=== link: $(readlink /usr/bin/ddclient)"
        # README's optional conversion to YAML: a working file (the password, not the mask),
        # 0600, read first by the next run, which finds nothing to send.
        \(try Self.steps(after: "<!-- convert-step").joined(separator: "\n"))
        echo "=== converted: $(stat -c '%a %U' /etc/ddswift/ddswift.yaml) masks=$(grep -cF '********' /etc/ddswift/ddswift.yaml) secrets=$(grep -cwF pw /etc/ddswift/ddswift.yaml)"
        ddswift -test -verbose -file /etc/ddswift/ddswift.yaml 2>&1; echo "=== yaml rc=$?"
        rm -rf /etc/ddswift
        # A new address arrives by DHCP: Debian's hook calls /usr/bin/ddclient, now ddswift.
        install -m 0600 "\(work)/ddclient-new.conf" /etc/ddclient.conf
        reason=BOUND sh \(Self.hook)
        echo "=== hook done"
        head -n 1 /var/cache/ddclient/ddclient.cache
        \(try script(rollbackSteps))
        [ -e /usr/local/bin/ddswift ] || echo "=== ddswift removed"
        echo "=== ddclient 3.10 after the rollback"
        /usr/bin/ddclient -daemon=0 -foreground -verbose 2>&1
        reason=RENEW sh \(Self.hook)

        """.write(toFile: work + "/machine.sh", atomically: false, encoding: .utf8)

        let run = try runProgram("/usr/bin/unshare", ["-m", "--propagation", "private", "sh", work + "/machine.sh"])
        let output = run.stdout + run.stderr
        #expect(run.status == 0, "\(output)")
        for step in switchSteps + rollbackSteps {
            #expect(output.contains("=== \(step)\n"), "\(output)")
        }
        #expect(
            output.components(separatedBy: "=== rc=0").count - 1 == switchSteps.count + rollbackSteps.count, "\(output)"
        )
        #expect(output.contains("installed /usr/bin/ddclient -> /usr/local/bin/ddswift"), "\(output)")
        #expect(output.contains("=== ddswift -test\n=== rc=0"), "-test finds nothing to send: \(output)")
        #expect(output.contains("=== ddswift -status\na.example.com"), "\(output)")
        #expect(output.contains("=== link: /usr/local/bin/ddswift"))
        #expect(output.contains("=== converted: 600 root masks=0 secrets=1"), "\(output)")
        #expect(!output.contains("would update"), "\(output)")
        let afterConversion = output.components(separatedBy: "=== converted").last ?? ""
        #expect(afterConversion.contains("skipped: IPv4 address is already 192.0.2.151"), "\(output)")
        #expect(output.contains("=== yaml rc=0"), "\(output)")
        #expect(output.contains("=== hook done\n## ddclient-3.10.0"), "\(output)")
        #expect(output.contains("=== ddswift removed"))
        #expect(!output.contains("not read-only"))
        #expect(!output.contains("mismatch"))
        #expect(output.contains("skipped: IP address was already set to 192.0.2.152"), "\(output)")
        // The takeover and the timer's run send nothing; the hook sends the new address once;
        // ddclient, back, sends nothing.
        #expect(server.requests.map(\.target) == ["/nic/update?hostname=a.example.com&myip=192.0.2.152"], "\(output)")
    }
}
