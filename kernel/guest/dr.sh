#!/bin/sh
# Direct routing: the director holds VIP 192.168.50.100 on the segment; real servers .11
# and .12 get their side (VIP on lo, arp_ignore/arp_announce) from the `realserver`
# target and answer the client (.200, same segment) directly.
. /root/guest/lib.sh
bridge br0 192.168.50.1/24 192.168.50.100/32
lvsc compile /root/examples/dr.lvs --target realserver >/tmp/realserver.sh || fail "compile realserver"
for n in 11 12; do
    host rs$n br0 192.168.50.$n/24
    ip netns exec rs$n sh /tmp/realserver.sh 192.168.50.$n || fail "realserver script on .$n"
    ip netns exec rs$n sh /tmp/realserver.sh || fail "realserver script on .$n, finding its own address"
    serve rs$n 80 $n
done
host cl br0 192.168.50.200/24
ip netns exec rs11 ip addr show dev lo | grep -q 192.168.50.100/32 || fail "no VIP on lo of rs11"
[ "$(ip netns exec rs11 sysctl -n net.ipv4.conf.all.arp_ignore)" = 1 ] || fail "arp_ignore not set"

lvsc compile /root/examples/dr.lvs --target ipvsadm >/tmp/want || fail "compile ipvsadm"
ipvsadm-restore </tmp/want
same_table /tmp/want || fail "saved table differs"
# Only the director may answer ARP for the VIP, or clients would bypass it.
ip netns exec cl ping -c 1 -W 2 192.168.50.100 >/dev/null || fail "VIP unreachable"
mac=$(ip netns exec cl ip neigh show 192.168.50.100 | awk '{print $5}')
[ "$mac" = "$(cat /sys/class/net/br0/address)" ] || fail "the VIP's ARP answer came from $mac, not the director"
got=$(answers cl 192.168.50.100 80 4)
case "$got" in
    "11 12 11 12 "|"12 11 12 11 ") pass "direct routing: responses alternate: $got" ;;
    *) fail "responses were: $got" ;;
esac
