# shellcheck shell=bash
# bash completion for ddswift (ddclient-compatible flags: -flag or --flag, -noflag to negate).
_ddswift() {
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    local flags="cache cmd cmd-skip cmdv4 cmdv6 curl daemon debug dnsv4 dnsv6 exec facility file force foreground fw fw-banlocal fw-login fw-password fw-skip fw-ssl-validate fwv4 fwv4-skip fwv6 fwv6-skip geturl help host if if-skip ifv4 ifv6 ip ipv4 ipv6 jitter json list-devices list-protocols list-web-services login log-format mail mail-failure mail-from metrics-file notify notify-cmd notify-events notify-test max-concurrency max-per-server max-warn options password pid postscript print-config priority protocol proxy query quiet redirect retry server show-secrets ssl ssl_ca_dir ssl_ca_file status stunv4 stunv6 syslog test timeout use usev4 usev6 verbose version web web-skip web-ssl-validate webv4 webv4-skip webv6 webv6-skip watch "
    local negatable="foreground force test exec query retry curl web-ssl-validate fw-ssl-validate fw-banlocal ssl syslog debug verbose quiet json show-secrets "
    case "$prev" in
        -file | --file | -cache | --cache | -pid | --pid | -ssl_ca_file | --ssl_ca_file)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return
            ;;
        -ssl_ca_dir | --ssl_ca_dir)
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            return
            ;;
        -protocol | --protocol)
            mapfile -t COMPREPLY < <(compgen -W "$(ddswift -list-protocols 2>/dev/null | cut -d' ' -f1)" -- "$cur")
            return
            ;;
        -use | --use)
            mapfile -t COMPREPLY < <(compgen -W "ip if web cmd fw disabled" -- "$cur")
            return
            ;;
        -usev4 | --usev4)
            mapfile -t COMPREPLY < <(compgen -W "ipv4 ifv4 webv4 cmdv4 fwv4 dnsv4 stunv4 disabled" -- "$cur")
            return
            ;;
        -usev6 | --usev6)
            mapfile -t COMPREPLY < <(compgen -W "ipv6 ifv6 webv6 cmdv6 dnsv6 stunv6 disabled" -- "$cur")
            return
            ;;
        -web | --web | -webv4 | --webv4 | -webv6 | --webv6)
            mapfile -t COMPREPLY < <(compgen -W "$(ddswift -list-web-services 2>/dev/null | cut -d' ' -f1)" -- "$cur")
            return
            ;;
        -if | --if | -ifv4 | --ifv4 | -ifv6 | --ifv6)
            mapfile -t COMPREPLY < <(compgen -W "default $(ls /sys/class/net 2>/dev/null)" -- "$cur")
            return
            ;;
    esac
    local all="" flag
    for flag in $flags; do all="$all -$flag --$flag"; done
    for flag in $negatable; do all="$all -no$flag --no$flag"; done
    mapfile -t COMPREPLY < <(compgen -W "$all" -- "$cur")
}
complete -F _ddswift ddswift ddclient
