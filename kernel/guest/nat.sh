#!/bin/sh
# The classic NAT director, configured only by lvsc's `script` target: director
# 192.168.112.152 (the bridge is named ens192, as the example's no-redirects expects),
# real servers .153 and .154 answering "153"/"154", a client in 10.3.0.0/24.
# Shows: the script converges a table that was set up wrong (without a flush), running it
# twice changes nothing, requests alternate; then weights 3 and 1 split 40 requests 30:10.
. /root/guest/lib.sh
nat_network

# A table that is wrong in every way the script must repair.
ipvsadm -A -t 192.168.112.152:81 -s rr -p 60
ipvsadm -a -t 192.168.112.152:81 -r 192.168.112.153:10000 -g -w 5
ipvsadm -a -t 192.168.112.152:81 -r 192.168.112.155:10000 -m -w 1
ipvsadm -A -t 10.9.9.9:80 -s wlc

lvsc compile /root/examples/nat-classic.lvs --target script >/tmp/director.sh || fail "compile script"
lvsc compile /root/examples/nat-classic.lvs --target ipvsadm >/tmp/want || fail "compile ipvsadm"
sh /tmp/director.sh || fail "the script failed on its first run"
same_table /tmp/want || fail "after the script the table is not the file's"
snapshot() {
    ipvsadm-save -n
    iptables-save -t nat | grep -v '^[#:]'
    for k in net.ipv4.ip_forward net.ipv4.conf.all.send_redirects net.ipv4.conf.default.send_redirects \
             net.ipv4.conf.ens192.send_redirects; do sysctl "$k"; done
}
snapshot >/tmp/first
sh /tmp/director.sh || fail "the script failed on its second run"
snapshot >/tmp/second
cmp -s /tmp/first /tmp/second || { diff /tmp/first /tmp/second; fail "the second run changed the state"; }
grep -q 'net.ipv4.ip_forward = 1' /tmp/first || fail "ip_forward is not on"
pass "the script converged a wrong table and a second run changed nothing"
cat /tmp/first

got=$(answers cl 192.168.112.152 81 4)
case "$got" in
    "153 154 153 154 "|"154 153 154 153 ") pass "responses alternate: $got" ;;
    *) fail "responses were: $got" ;;
esac

sed 's/192.168.112.153:10000 weight 1/192.168.112.153:10000 weight 3/' /root/examples/nat-classic.lvs >/tmp/weighted.lvs
lvsc compile /tmp/weighted.lvs --target script >/tmp/weighted.sh || fail "compile weighted"
sh /tmp/weighted.sh || fail "weighted script"
ipvsadm-save -n | grep -q -- '-r 192.168.112.153:10000 -m -w 3' || fail "weight 3 not applied"
got=$(answers cl 192.168.112.152 81 40)
n153=$(count 153 "$got"); n154=$(count 154 "$got")
[ "$n153" = 30 ] && [ "$n154" = 10 ] || fail "wrr 3:1 over 40 requests gave $n153:$n154"
pass "wrr with weights 3 and 1 split 40 requests $n153:$n154"
