#!/bin/sh
# The real-server side where families mix and a fwmark matches a prefix, set up only by
# the `realserver` target, with traffic: an IPv6 VIP over IPv4 ipip tunnels (real
# servers decapsulate on sit0), an IPv4 VIP over IPv6 tunnels (a tunnel of mode any:
# the fallback ip6tnl0 takes IPv6 inside only), and direct routing for every address of
# 192.0.2.0/24 (the whole prefix local on lo, not only its first address).
. /root/guest/lib.sh

cat >/tmp/edges.lvs <<'LVS'
cluster six-over-four {
    vip 2001:db8:81::100
    port tcp 80
    scheduler rr
    forward tunnel ipip
    backend 192.168.80.11
    backend 192.168.80.12
}

cluster four-over-six {
    vip 192.168.81.100
    port tcp 80
    scheduler rr
    forward tunnel ipip
    backend 2001:db8:80::11
    backend 2001:db8:80::12
}

cluster prefix {
    fwmark 7
    match tcp 192.0.2.0/24 port 80
    scheduler rr
    forward dr
    backend 192.168.80.11
    backend 192.168.80.12
}
LVS

# An address without duplicate-address detection (its wait would fail the first requests).
addr6() { ip "$@" nodad; }

bridge br0 192.168.80.1/24 192.168.81.100/32
addr6 -6 addr add 2001:db8:80::1/64 dev br0
addr6 -6 addr add 2001:db8:81::100/128 dev br0
# The director takes the whole marked prefix as local, so that IPVS sees its packets.
ip route add local 192.0.2.0/24 dev lo
lvsc compile /tmp/edges.lvs --target iptables >/tmp/mark.rules || fail "compile iptables"
iptables-restore --noflush </tmp/mark.rules || fail "iptables-restore"
iptables -t mangle -A PREROUTING -j LVSC-PREROUTING

lvsc compile /tmp/edges.lvs --target realserver >/tmp/realserver.sh || fail "compile realserver"
for n in 11 12; do
    host rs$n br0 192.168.80.$n/24
    ip netns exec rs$n ip -6 addr add 2001:db8:80::$n/64 dev eth0 nodad
    ip netns exec rs$n sh /tmp/realserver.sh 192.168.80.$n || fail "realserver script for 192.168.80.$n"
    ip netns exec rs$n sh /tmp/realserver.sh 2001:db8:80::$n || fail "realserver script for 2001:db8:80::$n"
    serve rs$n 80 $n
done
ip netns exec rs11 ip -6 addr show dev sit0 | grep -q '2001:db8:81::100/128' || fail "the IPv6 VIP is not on sit0"
ip netns exec rs11 ip link show lvsc-4in6 >/dev/null || fail "no IPv4-in-IPv6 tunnel"
ip netns exec rs11 ip route show table local | grep -q 'local 192.0.2.0/24 dev lo' || fail "the prefix is not local"

host cl br0 192.168.80.200/24
ip netns exec cl ip -6 addr add 2001:db8:80::200/64 dev eth0 nodad
ip netns exec cl ip route add 192.168.81.0/24 via 192.168.80.1
ip netns exec cl ip route add 192.0.2.0/24 via 192.168.80.1
ip netns exec cl ip -6 route add 2001:db8:81::/64 via 2001:db8:80::1

lvsc apply --yes /tmp/edges.lvs >/tmp/apply.out 2>&1 || { cat /tmp/apply.out; fail "apply"; }

# get URL: one HTTP request from the client; prints the body.
get() { ip netns exec cl timeout 5 wget -qO- "$1" 2>/dev/null | tail -n 1; }
alternate() {
    got=""
    for _ in 1 2 3 4; do got="$got$(get "$1") "; done
    case "$got" in
        "11 12 11 12 "|"12 11 12 11 ") pass "$2: responses alternate: $got" ;;
        *) ipvsadm -L -n; fail "$2: responses were: $got" ;;
    esac
}
alternate "http://[2001:db8:81::100]:80/" "IPv6 VIP over IPv4 ipip (sit0)"
alternate "http://192.168.81.100:80/" "IPv4 VIP over IPv6 ipip (mode any)"
got=""
for host in 192.0.2.5 192.0.2.77 192.0.2.200 192.0.2.254; do got="$got$(get "http://$host:80/") "; done
case "$got" in
    "11 12 11 12 "|"12 11 12 11 ") pass "fwmark DR over 192.0.2.0/24: four addresses of the prefix answered: $got" ;;
    *) ipvsadm -L -n; fail "fwmark DR over a prefix: responses were: $got" ;;
esac
