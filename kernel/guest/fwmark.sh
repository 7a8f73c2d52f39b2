#!/bin/sh
# A fwmark service: ports 80 and 8080 of VIP 192.168.60.100 get mark 1 and are balanced
# by one `-f 1` service over NAT real servers. The marks come first from the `iptables`
# target, then from the `nft` target; the director's forwarding from the `sysctl` target.
. /root/guest/lib.sh
bridge br0 192.168.60.1/24
ip addr add 192.168.60.100/32 dev lo
for n in 11 12; do
    host rs$n br0 192.168.60.$n/24 192.168.60.1
    serve rs$n 80 $n
done
client cl 10.6.0.2/24 10.6.0.1
ex=/root/examples/fwmark.lvs
lvsc compile $ex --target sysctl >/tmp/sysctl.conf && sysctl_file /tmp/sysctl.conf || fail "sysctl target"
lvsc compile $ex --target ipvsadm >/tmp/want && ipvsadm-restore </tmp/want || fail "ipvsadm target"
same_table /tmp/want || fail "saved table differs"

both_ports() {
    got=""
    for port in 80 8080 80 8080; do got="$got$(fetch cl 192.168.60.100 $port) "; done
    case "$got" in
        "11 12 11 12 "|"12 11 12 11 ") pass "$1: ports 80 and 8080 balanced by one service: $got" ;;
        *) fail "$1: responses were: $got" ;;
    esac
}

lvsc compile $ex --target iptables >/tmp/mark.rules || fail "compile iptables"
iptables-restore --noflush </tmp/mark.rules || fail "iptables-restore"
iptables-restore --noflush </tmp/mark.rules || fail "iptables-restore, second load"
iptables -t mangle -A PREROUTING -j LVSC-PREROUTING
[ "$(iptables -t mangle -S LVSC-PREROUTING | grep -c MARK)" = 1 ] || fail "a second load duplicated the rules"
both_ports iptables

iptables -t mangle -D PREROUTING -j LVSC-PREROUTING
iptables -t mangle -F LVSC-PREROUTING && iptables -t mangle -X LVSC-PREROUTING
fetch cl 192.168.60.100 8080 | grep -q . && fail "port 8080 still answered without marks"
lvsc compile $ex --target nft >/tmp/mark.nft || fail "compile nft"
nft -f /tmp/mark.nft || fail "nft -f"
nft -f /tmp/mark.nft || fail "nft -f, second load"
both_ports nft
