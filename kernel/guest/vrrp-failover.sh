#!/bin/sh
# Failover of two directors, each a network namespace running the real keepalived on the
# keepalived target of its own .lvs (guest/health/vrrp-d1.lvs and vrrp-d2.lvs, which
# include one cluster): d1 (priority 150) holds VIP 10.9.0.100 and the real servers'
# gateway 10.9.0.254; when its keepalived stops they move to d2, and back when it returns.
# A client on another network is served through whichever director holds them, and the
# IPVS counters show which one did.
. /root/guest/lib.sh
mkdir -p /run
ip link add br0 type bridge && ip link set br0 up
host d1 br0 10.9.0.1/24
host d2 br0 10.9.0.2/24
host rs11 br0 10.9.0.11/24 10.9.0.254
host rs12 br0 10.9.0.12/24 10.9.0.254
host cl br0 10.9.1.10/24
ip -n cl route add 10.9.0.0/24 dev eth0
serve rs11 8080 11
serve rs12 8080 12
for d in 1 2; do
    ip -n d$d route add 10.9.1.0/24 dev eth0
    lvsc compile /root/guest/health/vrrp-d$d.lvs --target keepalived >/tmp/k$d.conf || fail "compile d$d"
    lvsc compile /root/guest/health/vrrp-d$d.lvs --target sysctl >/tmp/s$d.conf || fail "compile sysctl d$d"
    grep -v '^#' /tmp/s$d.conf | grep . | sed 's/ = /=/' | while read -r setting; do
        ip netns exec d$d sysctl -w "$setting" >/dev/null || fail "d$d: sysctl $setting"
    done
    ip netns exec d$d keepalived -t -f /tmp/k$d.conf || fail "keepalived -t rejects d$d's target"
done
start() {
    ip netns exec d$1 keepalived -n -l -f /tmp/k$1.conf -p /run/k$1.pid -c /run/c$1.pid -r /run/v$1.pid >>/tmp/k$1.log 2>&1 &
    echo $! >/tmp/pid$1
}
holders() { for d in 1 2; do ip -n d$d addr show eth0 | grep -q '10.9.0.100/' && printf "d$d "; done; echo; }
# conns D: connections director D's IPVS has scheduled for the VIP so far. The kernel
# sums its per-CPU counters every 2 s, so they are read after a pause.
conns() {
    sleep 3
    ip netns exec d$1 ipvsadm -L -n --stats | awk '/^TCP +10.9.0.100:80/ { print $3 }'
}
holds_alone() { [ "$(holders)" = "$1 " ]; }
wait_holder() { wait_for 20 holds_alone "$1"; }
served() {
    got=$(answers cl 10.9.0.100 80 4)
    [ "$(count 11 "$got")" = 2 ] && [ "$(count 12 "$got")" = 2 ] || { echo "answers: '$got'"; return 1; }
    echo "$got"
}

start 1; start 2
wait_holder d1 || { cat /tmp/k1.log /tmp/k2.log | tail -n 30; fail "d1 never held the VIP alone: $(holders)"; }
ip -n d1 addr show eth0 | grep -q '10.9.0.254/24' || fail "the gateway address is not on d1"
for d in 1 2; do
    ip netns exec d$d ipvsadm-save -n | grep -c -- '-r 10.9.0.1[12]:8080' | grep -qx 2 || fail "d$d's table: $(ip netns exec d$d ipvsadm-save -n)"
done
before=$(conns 1)
got=$(served) || fail "through d1: $got"
[ "$(conns 1)" -gt "${before:-0}" ] || { ip netns exec d1 ipvsadm -L -n --stats; fail "d1's counters did not move"; }
pass "d1 holds the VIP and its gateway; clients are served through d1: $got"

kill "$(cat /tmp/pid1)"
wait_holder d2 || { tail -n 20 /tmp/k2.log; fail "after d1 stopped, the VIP is on: $(holders)"; }
ip -n d2 addr show eth0 | grep -q '10.9.0.254/24' || fail "the gateway address did not move to d2"
before=$(conns 2)
got=$(served) || fail "through d2: $got"
[ "$(conns 2)" -gt "${before:-0}" ] || fail "d2's counters did not move"
pass "d1's keepalived stopped: the VIP moved to d2, clients are served through d2: $got"

start 1
wait_holder d1 || { tail -n 20 /tmp/k1.log; fail "after d1 returned, the VIP is on: $(holders)"; }
before=$(conns 1)
got=$(served) || fail "through d1 again: $got"
[ "$(conns 1)" -gt "${before:-0}" ] || fail "d1's counters did not move"
pass "d1 returned with the higher priority: the VIP is back on d1, clients served: $got"
grep -h "Entering" /tmp/k1.log /tmp/k2.log | tail -n 6
