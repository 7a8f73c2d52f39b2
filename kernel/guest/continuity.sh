#!/bin/sh
# Continuity: a table of 2,000 services x 10 backends plus the classic NAT service with
# real HTTP backends. A client opens new connections to the NAT service in a loop while
# `lvsc apply` changes weights, adds and removes backends and services elsewhere in the
# table (and reweights the NAT service): no request may fail, and a connection opened
# before the apply must still answer after it. Then the same kind of change through
# ipvsadm-restore, which flushes first: requests fail (the contrast is the point).
. /root/guest/lib.sh
. /root/guest/table.sh
nat_network
echo 1 >/proc/sys/net/ipv4/ip_forward

# The big table plus the NAT service; the NAT service's address sorts last, so a
# restore adds it after the other 22,000 lines.
table() { big_table 2000 10 "$1"; sed -n '/^cluster/,$p' /root/examples/nat-classic.lvs | sed "s/weight 1$/weight $2/"; echo 'director { masquerade 192.168.112.0/24 }'; }
table 0 1 >/tmp/before.lvs
# The change: every 97th backend reweighted, a service dropped and a new one added, one
# service's backend list changed, and the NAT service reweighted.
table 97 2 | sed -e '/^cluster s5 {/,/^}/d' -e 's/backend 10.200.0.21:8080 weight 1/backend 10.200.250.250:8080 weight 1/' >/tmp/after.lvs
printf 'cluster fresh {\n    vip 10.100.99.1\n    port tcp 80\n    forward nat\n    backend 10.200.99.1:8080\n}\n' >>/tmp/after.lvs
lvsc apply --yes /tmp/before.lvs >/tmp/cold.out 2>&1 || { tail -3 /tmp/cold.out; fail "cold apply"; }
[ "$(ipvsadm-save -n | grep -c '^-A')" = 2001 ] || fail "the table is not 2,001 services"

# loop TAG: requests until /tmp/stop appears; one line per answer in /tmp/TAG.log.
loop() {
    rm -f /tmp/$1.log
    while [ ! -f /tmp/stop ]; do
        r=$(fetch cl 192.168.112.152 81)
        echo "${r:-FAILED}" >>/tmp/$1.log
    done
}

# A connection opened before the apply, used after it.
(sleep 8; printf 'GET / HTTP/1.0\r\n\r\n') | ip netns exec cl nc -w 20 192.168.112.152 81 >/tmp/long.out 2>&1 &
long=$!
sleep 1
rm -f /tmp/stop; loop apply &
looper=$!
sleep 2
lvsc apply --yes /tmp/after.lvs >/tmp/apply.out 2>&1 || { tail -5 /tmp/apply.out; fail "apply"; }
sleep 2; touch /tmp/stop; wait $looper
wait $long
lvsc compile /tmp/after.lvs --target ipvsadm >/tmp/want
same_table /tmp/want || fail "after apply the table is not the file's"
# A table this large is read over several connections at once: the dump is still whole.
lvsc dump --format ipvsadm | grep -e '^-A ' -e '^-a ' >/tmp/dumped
same_table /tmp/dumped || fail "lvsc dump of the 2,001-service table is not what ipvsadm-save -n prints"
total=$(wc -l </tmp/apply.log); failed=$(grep -c FAILED /tmp/apply.log)
echo "$(grep 'operations:' /tmp/apply.out) $(grep applied /tmp/apply.out)"
[ "$total" -ge 10 ] || fail "only $total requests ran during the apply"
[ "$failed" = 0 ] || fail "$failed of $total requests failed during lvsc apply"
tail -n 1 /tmp/long.out | grep -qE '^15[34]$' || { cat /tmp/long.out; fail "the connection opened before the apply did not answer after it"; }
pass "lvsc apply: 0 of $total requests failed while it changed the 2,001-service table; the connection opened before it answered $(tail -n 1 /tmp/long.out) after it"

# The contrast: ipvsadm-restore of a changed table flushes first.
table 89 1 >/tmp/restore.lvs
lvsc compile /tmp/restore.lvs --target ipvsadm >/tmp/restore.rules
rm -f /tmp/stop; loop restore &
looper=$!
sleep 2
ipvsadm-restore </tmp/restore.rules
sleep 2; touch /tmp/stop; wait $looper
total=$(wc -l </tmp/restore.log); failed=$(grep -c FAILED /tmp/restore.log)
[ "$failed" -gt 0 ] || fail "ipvsadm-restore failed no request: the contrast did not show"
pass "ipvsadm-restore of the same kind of change: $failed of $total requests failed"
