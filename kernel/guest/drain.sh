#!/bin/sh
# Draining: `lvsc apply --drain` sets a departing backend to weight 0 at once and deletes
# it only when its last active connection has ended, or when the drain time runs out.
. /root/guest/lib.sh
nat_network
echo 1 >/proc/sys/net/ipv4/ip_forward
lvsc apply --yes /root/examples/nat-classic.lvs >/dev/null 2>&1 || fail "setup"

# long SECONDS OUT: a connection that sends its request only after SECONDS, answer in OUT.
long() { (sleep "$1"; printf 'GET / HTTP/1.0\r\n\r\n') | ip netns exec cl nc -w 30 192.168.112.152 81 >"$2" 2>&1 & }
# holder: the backend with an active connection (ipvsadm -L -n: address, method, weight, active).
holder() { ipvsadm -L -n | awk '$1 == "->" && $5 ~ /^[0-9]+$/ && $5 > 0 { print $2 }' | head -n 1; }
weight_of() { ipvsadm -L -n | awk -v rs="$1" '$1 == "->" && $2 == rs { print $4 }'; }

# 1. The connection ends before the drain time: deleted right after it, not before.
long 6 /tmp/long.out
sleep 1
held=$(holder)
[ -n "$held" ] || { ipvsadm -L -n; fail "no backend holds the long connection"; }
answer=$(echo "${held%:*}" | sed 's/.*\.//')    # what that backend's server answers
grep -v "backend $held" /root/examples/nat-classic.lvs >/tmp/without.lvs
lvsc apply --yes --drain 30s /tmp/without.lvs >/tmp/drain.out 2>&1 &
apply=$!
sleep 2
[ "$(weight_of "$held")" = 0 ] || { ipvsadm -L -n; fail "$held is not at weight 0 while it drains"; }
others=$(answers cl 192.168.112.152 81 4)
echo "$others" | grep -qw "$answer" && fail "a drained backend took a new connection: $others"
wait $apply || { cat /tmp/drain.out; fail "apply --drain"; }
ipvsadm -L -n | grep -q "$held" && fail "$held is still in the table after the drain"
seconds=$(sed -n 's/.*(1 backend drained in \([0-9]*\)\.[0-9] s).*/\1/p' /tmp/drain.out)
[ -n "$seconds" ] && [ "$seconds" -ge 2 ] && [ "$seconds" -lt 30 ] || { cat /tmp/drain.out; fail "the drain did not wait for the connection alone"; }
tail -n 1 /tmp/long.out | grep -qx "$answer" || { cat /tmp/long.out; fail "the drained connection was not answered by $held"; }
pass "drain: $held went to weight 0 at once, took no new connection, and left when its connection ended ($(grep drained /tmp/drain.out))"

# 2. The connection outlasts the drain time: deleted when the time is up.
lvsc apply --yes /root/examples/nat-classic.lvs >/dev/null 2>&1 || fail "setup again"
long 12 /tmp/longer.out
sleep 1
held=$(holder)
[ -n "$held" ] || fail "no backend holds the longer connection"
grep -v "backend $held" /root/examples/nat-classic.lvs >/tmp/without.lvs
lvsc apply --yes --drain 3s /tmp/without.lvs >/tmp/drain.out 2>&1 || { cat /tmp/drain.out; fail "apply --drain 3s"; }
ipvsadm -L -n | grep -q "$held" && fail "$held is still in the table after the drain time"
grep -q '(1 backend drained in [34]\.[0-9] s)' /tmp/drain.out || { cat /tmp/drain.out; fail "the drain did not stop at its time"; }
pass "drain: a connection longer than --drain 3s: $held deleted when the time was up ($(grep drained /tmp/drain.out))"
