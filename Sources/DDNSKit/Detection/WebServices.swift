/// A built-in address-check web page (ddclient's `%builtinweb`).
public struct WebService: Sendable, Equatable {
    public var name: String
    public var url: String
    /// Text to skip before the address (the page's own label).
    public var skip: String?
    /// Still accepted, with a warning, but not listed.
    public var deprecatedBy: String?
}

/// The built-in web services (reference §4.5).
public enum WebServices {
    public static let all: [WebService] = [
        WebService(name: "dyndns", url: "http://checkip.dyndns.org/", skip: "Current IP Address:"),
        WebService(name: "dynu", url: "https://checkip.dynu.com/"),
        WebService(name: "freedns", url: "https://freedns.afraid.org/dynamic/check.php"),
        WebService(name: "he", url: "https://checkip.dns.he.net/", deprecatedBy: "he.net"),
        WebService(name: "he.net", url: "https://checkip.dns.he.net/"),
        WebService(name: "ip4only.me", url: "https://ip4only.me/api/"),
        WebService(name: "ip6only.me", url: "https://ip6only.me/api/"),
        WebService(name: "ipify-ipv4", url: "https://api.ipify.org/"),
        WebService(name: "ipify-ipv6", url: "https://api6.ipify.org/"),
        WebService(name: "loopia", url: "https://dns.loopia.se/checkip/checkip.php", skip: "Current IP Address:"),
        WebService(name: "myonlineportal", url: "https://myonlineportal.net/checkip"),
        WebService(name: "noip-ipv4", url: "http://ip1.dynupdate.no-ip.com/"),
        WebService(name: "noip-ipv6", url: "http://ip1.dynupdate6.no-ip.com/"),
        WebService(name: "desec-ipv4", url: "https://checkipv4.dedyn.io/"),
        WebService(name: "desec-ipv6", url: "https://checkipv6.dedyn.io/"),
        WebService(name: "joker-ipv4", url: "https://ipv4.svc.joker.com/nic/checkip"),
        WebService(name: "joker-ipv6", url: "https://ipv6.svc.joker.com/nic/checkip"),
        WebService(name: "nsupdate.info-ipv4", url: "https://ipv4.nsupdate.info/myip"),
        WebService(name: "nsupdate.info-ipv6", url: "https://ipv6.nsupdate.info/myip"),
        WebService(name: "updatedip", url: "https://checkip.updatedip.com"),
        WebService(name: "zoneedit", url: "https://dynamic.zoneedit.com/checkip.html"),
        WebService(
            name: "googledomains", url: "https://domains.google.com/checkip",
            deprecatedBy: "ipify-ipv4 (Google Domains has shut down)"),
    ]

    public static func named(_ name: String) -> WebService? { all.first { $0.name == name.lowercased() } }

    /// `-list-web-services`: `name url` lines, deprecated entries left out.
    public static func listing() -> String {
        all.filter { $0.deprecatedBy == nil }.map { "\($0.name) \($0.url)" }.joined(separator: "\n") + "\n"
    }
}

/// A router whose status page shows the WAN address (ddclient's `%builtinfw`): data, not code.
public struct RouterModel: Sendable, Equatable {
    public var name: String
    public var description: String
    /// Path of the status page on the router; `%IF%` is the interface (`if=`/`ifv4=`) as
    /// ddclient puts it in a Cisco command URL.
    public var path: String
    /// Text before the address on that page.
    public var skip: String?
    /// `https` for the Cisco ASA (whose certificate `fw-ssl-validate=no` may accept).
    public var scheme = "http"

    public init(name: String, description: String, path: String, skip: String?, scheme: String = "http") {
        self.name = name
        self.description = description
        self.path = path
        self.skip = skip
        self.scheme = scheme
    }

    /// ddclient's `query_cisco` escaping of the interface: `/` as `\/`, then `?`, `&`, `=` and
    /// space as `%xx`.
    public static func ciscoInterface(_ name: String) -> String {
        var out = ""
        for character in name {
            switch character {
            case "/": out += "\\/"
            case "?": out += "%3f"
            case "&": out += "%26"
            case "=": out += "%3d"
            case " ": out += "%20"
            default: out.append(character)
            }
        }
        return out
    }
}

/// The routers `use=<name>` / `fw=` understand.
public enum Routers {
    public static let all: [RouterModel] = [
        RouterModel(
            name: "2wire", description: "2Wire 1701HG Gateway", path: "/xslt?PAGE=B01", skip: "Internet Address:"),
        RouterModel(
            name: "3com-3c886a", description: "3com 3c886a 56k Lan Modem", path: "/stat3.htm", skip: "IP address in use"
        ),
        RouterModel(
            name: "3com-oc-remote812", description: "3com OfficeConnect Remote 812", path: "/callEvent",
            skip: ".*LOCAL"),
        RouterModel(name: "alcatel-510", description: "Alcatel Speed Touch 510", path: "/cgi/ip/", skip: "ppp"),
        RouterModel(
            name: "alcatel-530", description: "Alcatel/Thomson SpeedTouch 530", path: "/cgi/status/", skip: "IP Address"
        ),
        RouterModel(name: "alcatel-stp", description: "Alcatel Speed Touch Pro", path: "/cgi/router/", skip: "Brt"),
        RouterModel(name: "allnet-1298", description: "Allnet 1298", path: "/cgi/router/", skip: "WAN"),
        RouterModel(
            name: "cayman-3220h", description: "Cayman 3220-H DSL", path: "/shell/show+ip+interfaces", skip: ".*inet"),
        RouterModel(
            name: "cisco", description: "Cisco FW", path: "/level/1/exec/show/ip/interface/brief/%IF%/CR", skip: nil),
        RouterModel(
            name: "cisco-asa", description: "Cisco ASA", path: "/exec/show%20interface%20%IF%", skip: nil,
            scheme: "https"),
        RouterModel(name: "dlink-524", description: "D-Link DI-524", path: "/st_device.html", skip: "WAN.*?Addres"),
        RouterModel(name: "dlink-604", description: "D-Link DI-604", path: "/st_devic.html", skip: "WAN.*?IP.*Address"),
        RouterModel(name: "dlink-614", description: "D-Link DI-614+", path: "/st_devic.html", skip: "WAN"),
        RouterModel(name: "e-tech", description: "E-tech Router", path: "/Status.htm", skip: "Public IP Address"),
        RouterModel(
            name: "elsa-lancom-dsl10", description: "ELSA LanCom DSL/10 DSL FW", path: "/config/1/6/8/3/",
            skip: "IP.Address"),
        RouterModel(
            name: "elsa-lancom-dsl10-ch01", description: "ELSA LanCom DSL/10 DSL FW (isdn ch01)",
            path: "/config/1/6/8/3/", skip: "IP.Address.*?CH01"),
        RouterModel(
            name: "elsa-lancom-dsl10-ch02", description: "ELSA LanCom DSL/10 DSL FW (isdn ch01)",
            path: "/config/1/6/8/3/", skip: "IP.Address.*?CH02"),
        RouterModel(name: "linksys", description: "Linksys FW", path: "/Status.htm", skip: "WAN.*?Address"),
        RouterModel(
            name: "linksys-rv042-wan1", description: "Linksys RV042 Dual Homed Router WAN Port 2", path: "/home.htm",
            skip: "WAN1 IP"),
        RouterModel(
            name: "linksys-rv042-wan2", description: "Linksys RV042 Dual Homed Router WAN Port 2", path: "/home.htm",
            skip: "WAN2 IP"),
        RouterModel(
            name: "linksys-ver2", description: "Linksys FW version 2", path: "/RouterStatus.htm", skip: "WAN.*?Address"),
        RouterModel(
            name: "linksys-ver3", description: "Linksys FW version 3", path: "/Status_Router.htm", skip: "WAN.*?Address"
        ),
        RouterModel(
            name: "linksys-wcg200", description: "Linksys WCG200 FW", path: "/RgStatus.asp", skip: "WAN.IP.*?Address"),
        RouterModel(
            name: "linksys-wrt854g", description: "Linksys WRT854G FW", path: "/Status_Router.asp", skip: "IP Address:"),
        RouterModel(
            name: "maxgate-ugate3x00", description: "MaxGate UGATE-3x00 FW", path: "/Status.htm",
            skip: "WAN.*?IP Address"),
        RouterModel(name: "netcomm-nb3", description: "NetComm NB3", path: "/MainPage?id=6", skip: "ppp-0"),
        RouterModel(
            name: "netgear-dg834g", description: "netgear-dg834g",
            path: "/setup.cgi?next_file=s_status.htm&todo=cfg_init", skip: ""),
        RouterModel(
            name: "netgear-rp614", description: "Netgear RP614 FW", path: "/sysstatus.html", skip: "IP Address"),
        RouterModel(name: "netgear-rt3xx", description: "Netgear FW", path: "/mtenSysStatus.html", skip: "IP Address"),
        RouterModel(
            name: "netgear-wgt624", description: "Netgear WGT624", path: "/RST_st_dhcp.htm",
            skip: "IP Address</B></td><TD NOWRAP width=\"50%\">"),
        RouterModel(
            name: "netgear-wpn824", description: "Netgear WPN824 FW", path: "/RST_status.htm", skip: "IP Address"),
        RouterModel(name: "netopia-r910", description: "Netopia R910 FW", path: "/WanEvtLog", skip: "local:"),
        RouterModel(name: "olitec-SX200", description: "olitec-SX200", path: "/doc/wan.htm", skip: "st_wan_ip[0] = \""),
        RouterModel(
            name: "rtp300", description: "Linksys RTP300",
            path: "/cgi-bin/webcm?getpage=%2Fusr%2Fwww_safe%2Fhtml%2Fstatus%2FRouter.html",
            skip: "Internet.*?IP Address"),
        RouterModel(name: "siemens-ss4200", description: "Siemens SpeedStream 4200", path: "/summary.htm", skip: ""),
        RouterModel(
            name: "sitecom-dc202", description: "Sitecom DC-202 FW", path: "/status.htm", skip: "Internet IP Address"),
        RouterModel(name: "smc-barricade", description: "SMC Barricade FW", path: "/status.htm", skip: "IP Address"),
        RouterModel(
            name: "smc-barricade-7004vbr", description: "SMC Barricade FW (7004VBR model config)",
            path: "/status_main.stm", skip: "var wan_ip="),
        RouterModel(
            name: "smc-barricade-7401bra", description: "SMC Barricade 7401BRA FW", path: "/admin/wan1.htm",
            skip: "IP Address"),
        RouterModel(
            name: "smc-barricade-alt", description: "SMC Barricade FW (alternate config)", path: "/status.HTM",
            skip: "WAN IP"),
        RouterModel(
            name: "sohoware-nbg800", description: "SOHOWare BroadGuard NBG800", path: "/status.htm", skip: "Internet IP"
        ),
        RouterModel(
            name: "sveasoft", description: "Sveasoft WRT54G/WRT54GS", path: "/Status_Router.asp", skip: "var wan_ip"),
        RouterModel(
            name: "thomson-st536v6", description: "Thomson SpeedTouch 536v6", path: "/cgi/b/is/", skip: "IP Address"),
        RouterModel(
            name: "thomson-tg782", description: "Thomson/Technicolor TG782", path: "/cgi/b/is/", skip: "IP Address"),
        RouterModel(name: "vigor-2200usb", description: "Vigor 2200 USB", path: "/doc/online.sht", skip: "PPPoA"),
        RouterModel(
            name: "watchguard-edge-x", description: "Watchguard Edge X FW", path: "/netstat.htm", skip: "inet addr:"),
        RouterModel(
            name: "watchguard-soho", description: "Watchguard SOHO FW", path: "/pubnet.htm",
            skip: "NAME=IPAddress VALUE="),
        RouterModel(
            name: "westell-6100", description: "Westell C90-610015-06 DSL Router", path: "/advstat.htm",
            skip: "IP.+?Address"),
        RouterModel(name: "xsense-aero", description: "Xsense Aero", path: "/A_SysInfo.htm", skip: "WAN.*?IP Address"),
    ]

    public static let names: Set<String> = Set(all.map(\.name))

    public static func named(_ name: String) -> RouterModel? { all.first { $0.name == name } }

    /// `-list-devices`: `name description` lines.
    public static func listing() -> String {
        all.map { "\($0.name) \($0.description)" }.joined(separator: "\n") + "\n"
    }
}
