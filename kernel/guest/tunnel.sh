#!/bin/sh
# IP tunnelling, both clusters of examples/tunnel.lvs: VIP .100 over IP-in-IP to .11/.12
# (rr), VIP .101 over GUE (UDP 6080) to .21/.22 (wrr 2:1, .22 with checksums). Real
# servers are set up only by the `realserver` target and answer clients directly.
. /root/guest/lib.sh
bridge br0 192.168.70.1/24 192.168.70.100/32 192.168.70.101/32
lvsc compile /root/examples/tunnel.lvs --target realserver >/tmp/realserver.sh || fail "compile realserver"
for n in 11 12 21 22; do
    host rs$n br0 192.168.70.$n/24
    ip netns exec rs$n sh /tmp/realserver.sh 192.168.70.$n || fail "realserver script on .$n"
    serve rs$n 80 $n
done
host cl br0 192.168.70.200/24
lvsc compile /root/examples/tunnel.lvs --target ipvsadm >/tmp/want || fail "compile ipvsadm"
ipvsadm-restore </tmp/want
same_table /tmp/want || fail "saved table differs"

got=$(answers cl 192.168.70.100 80 4)
case "$got" in
    "11 12 11 12 "|"12 11 12 11 ") pass "ipip: responses alternate through the tunnel: $got" ;;
    *) fail "ipip: responses were: $got" ;;
esac
got=$(answers cl 192.168.70.101 80 12)
n21=$(count 21 "$got"); n22=$(count 22 "$got")
[ "$n21" = 8 ] && [ "$n22" = 4 ] || fail "gue: wrr 2:1 over 12 requests gave $n21:$n22 ($got)"
pass "gue: 12 requests through GUE tunnels split $n21:$n22"
