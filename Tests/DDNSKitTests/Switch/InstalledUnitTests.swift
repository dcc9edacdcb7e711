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

    static var canEmulate: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
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
        let install = try runProgram(
            "/usr/bin/make",
            [
                "-s", "-C", Self.root, "install-files", "PREFIX=/usr/local", "DESTDIR=\(work)/dest",
                "BINARY=\(productsDirectory().appendingPathComponent("ddswift").path)",
            ])
        #expect(install.status == 0, "\(install.stderr)")
        let unitText = try String(
            contentsOfFile: work + "/dest/usr/local/lib/systemd/system/ddswift.service", encoding: .utf8)
        let settings = Self.serviceSettings(unitText)
        func value(_ key: String) -> String? { settings.last { $0.key == key }?.value }
        let execStart = try #require(value("ExecStart"))
        let cacheDirectory = try #require(value("CacheDirectory"))
        let umask = value("UMask") ?? "0022"

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

        """.write(toFile: work + "/ddclient.conf", atomically: true, encoding: .utf8)
        try """
        ## ddclient-3.10.0
        ## last updated at Mon Nov 30 12:00:00 2026 (\(dayAgo))
        atime=\(dayAgo),backupmx=0,custom=0,host=a.example.com,ip=192.0.2.140,mtime=\(dayAgo),mx=,script=/nic/update,static=0,status=good,status-ipv4=noconnect,status-ipv6=noconnect,warned-min-error-interval=0,warned-min-interval=0,wildcard=0,wtime=0 a.example.com

        """.write(toFile: work + "/ddclient.cache", atomically: true, encoding: .utf8)
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

        """.write(toFile: work + "/ddswift.yaml", atomically: true, encoding: .utf8)

        // One run of the unit: ProtectSystem=strict (every mount read-only but the API file
        // systems), CacheDirectory= writable, ProtectHome=, PrivateTmp=, then UMask=, a clean
        // environment, PrivateUsers= (root mapped to itself only), CapabilityBoundingSet= empty
        // and NoNewPrivileges=. The probe proves the system is read-only for the service.
        try """
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

        """.write(toFile: work + "/unit.sh", atomically: true, encoding: .utf8)

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

        """.write(toFile: work + "/machine.sh", atomically: true, encoding: .utf8)

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

/// Debian's ddclient hooks (kept by `apt-get remove ddclient`) call `/usr/bin/ddclient`:
/// `make install DDCLIENT_COMPAT=1` puts the link there, and the dhclient hook then runs ddswift.
@Suite struct DebianHooksTests {
    static let hook = "/etc/dhcp/dhclient-exit-hooks.d/ddclient"

    @Test(
        "README's switch and rollback on a Debian machine: apt-get remove ddclient, make install DDCLIENT_COMPAT=1, ddswift -test and -status, Debian's dhclient hook updates once, make uninstall, ddclient back sends nothing",
        .enabled(if: InstalledUnitTests.canEmulate && FileManager.default.fileExists(atPath: hook)))
    func dhclientHook() throws {
        let server = try dyndnsServer()
        defer { server.stop() }
        let work = temporaryDirectory()
        let dayAgo = Int(Date().timeIntervalSince1970) - 86_400
        try """
        ssl=no
        protocol=dyndns2, use=ip, ip=192.0.2.151, server=\(server.hostAndPort), login=bob, password='pw' \\
        a.example.com

        """.write(toFile: work + "/ddclient.conf", atomically: true, encoding: .utf8)
        try """
        ## ddclient-3.10.0
        ## last updated at Mon Nov 30 12:00:00 2026 (\(dayAgo))
        atime=\(dayAgo),host=a.example.com,ip=192.0.2.150,mtime=\(dayAgo),status=good,wtime=0 a.example.com

        """.write(toFile: work + "/ddclient.cache", atomically: true, encoding: .utf8)
        let binary = productsDirectory().appendingPathComponent("ddswift").path
        try """
        set -eu
        mkdir -p "\(work)/ovl"
        mount -t tmpfs tmpfs "\(work)/ovl"
        for d in etc usr/bin usr/local var/cache; do
            n=$(echo "$d" | tr / _)
            mkdir -p "\(work)/ovl/$n.up" "\(work)/ovl/$n.work"
            mount -t overlay overlay -o "lowerdir=/$d,upperdir=\(work)/ovl/$n.up,workdir=\(work)/ovl/$n.work" "/$d"
        done
        # apt-get remove ddclient: the program goes; configuration, defaults and hooks stay.
        cp /usr/bin/ddclient "\(work)/ovl/ddclient-3.10"
        rm -f /usr/bin/ddclient
        install -m 0600 "\(work)/ddclient.conf" /etc/ddclient.conf
        printf 'run_dhclient="true"\\nrun_ipup="false"\\ndaemon_interval="5m"\\n' > /etc/default/ddclient
        mkdir -p /var/cache/ddclient
        install -m 0600 "\(work)/ddclient.cache" /var/cache/ddclient/ddclient.cache
        make -s -C "\(InstalledUnitTests.root)" install-files PREFIX=/usr/local DDCLIENT_COMPAT=1 BINARY="\(binary)"
        echo "link: $(readlink /usr/bin/ddclient)"
        echo "=== ddswift -test"; ddswift -test 2>&1
        echo "=== ddswift -status"; ddswift -status 2>&1
        reason=BOUND sh \(Self.hook)
        echo "=== first hook done"
        reason=RENEW sh \(Self.hook)
        echo "=== second hook done"
        head -n 1 /var/cache/ddclient/ddclient.cache
        # Rolling back: make uninstall, apt-get install ddclient; ddclient reads ddswift's cache.
        make -s -C "\(InstalledUnitTests.root)" uninstall PREFIX=/usr/local
        [ ! -e /usr/bin/ddclient ] && echo "=== link removed"
        install -m 0755 "\(work)/ovl/ddclient-3.10" /usr/bin/ddclient
        echo "=== ddclient 3.10"; /usr/bin/ddclient -daemon=0 -foreground -verbose 2>&1
        reason=RENEW sh \(Self.hook)

        """.write(toFile: work + "/machine.sh", atomically: true, encoding: .utf8)
        let run = try runProgram("/usr/bin/unshare", ["-m", "--propagation", "private", "sh", work + "/machine.sh"])
        let output = run.stdout + run.stderr
        #expect(run.status == 0, "\(output)")
        #expect(output.contains("installed /usr/bin/ddclient -> /usr/local/bin/ddswift"), "\(output)")
        #expect(output.contains("link: /usr/local/bin/ddswift"))
        #expect(output.contains("=== second hook done\n## ddclient-3.10.0"), "\(output)")
        #expect(output.contains("would update a.example.com to 192.0.2.151 (-test: nothing sent)"), "\(output)")
        #expect(output.contains("=== ddswift -status\na.example.com"), "\(output)")
        #expect(output.contains("=== link removed"))
        #expect(!output.contains("mismatch"))
        #expect(output.contains("skipped: IP address was already set to 192.0.2.151"), "\(output)")
        // The first hook run sends the new address; the second finds it current.
        #expect(server.requests.map(\.target) == ["/nic/update?hostname=a.example.com&myip=192.0.2.151"], "\(output)")
    }
}
