#!/bin/sh
# The keepalived target builds the ipvsadm target's table: every example, and
# guest/health/passing.lvs whose checks all pass (real servers answer in namespaces), is run
# by the real keepalived from `lvsc compile --target keepalived` alone; its IPVS table must
# then be exactly what `ipvsadm-restore` makes of `--target ipvsadm`. An example whose
# checks cannot pass here (no servers) is still run, with its checks, for keepalived's
# start; it is compared only when it declares no check.
. /root/guest/lib.sh
mkdir -p /run /etc/keepalived
bridge br0 10.0.1.1/24
for n in 11 12 13; do
    host rs$n br0 10.0.1.$n/24 10.0.1.1
    serve rs$n 8080 $n
done
echo 0 >/tmp/lvsc-up
# The interfaces the examples' VRRP instances and sync daemons name, and the command their
# track script runs.
for i in eth0 eth1; do ip link add $i type dummy 2>/dev/null; ip link set $i up multicast on; done
command -v pidof >/dev/null || fail "no pidof"
[ -e /usr/bin/pidof ] || ln -s "$(command -v pidof)" /usr/bin/pidof

# run_keepalived CONF: start keepalived on CONF and wait for its start to complete.
run_keepalived() {
    keepalived -n -l -f "$1" >/tmp/k.log 2>&1 &
    pid=$!
    wait_for 18 logged /tmp/k.log 'Startup complete' || { cat /tmp/k.log; fail "$2: keepalived did not start"; }
}
stop_keepalived() {
    kill $pid; wait_for 9 gone $pid
}

for lvs in /root/examples/*.lvs /root/guest/health/passing.lvs; do
    name=$(basename "$lvs")
    clean
    lvsc compile "$lvs" --target keepalived >/tmp/k.conf || fail "$name: compile keepalived"
    lvsc compile "$lvs" --target ipvsadm >/tmp/want || fail "$name: compile ipvsadm"
    keepalived -t -f /tmp/k.conf >/tmp/t.log 2>&1 || { cat /tmp/t.log; fail "$name: keepalived -t rejects the target"; }
    checks=$(grep -c -e '_CHECK {' -e 'HTTP_GET {' -e 'SSL_GET {' /tmp/k.conf)
    run_keepalived /tmp/k.conf "$name"
    if [ "$name" != passing.lvs ] && [ "$checks" != 0 ]; then
        stop_keepalived
        pass "$name: keepalived runs the target ($checks checks; its servers are not in this VM)"
        continue
    fi
    # Long enough for every check to have run twice (interval 2s).
    sleep 6
    if ! same_table /tmp/want; then
        cat /tmp/k.conf; tail -n 30 /tmp/k.log; fail "$name: keepalived's table is not the ipvsadm target's"
    fi
    # Thresholds and timeouts too (sync daemons follow VRRP in keepalived: not compared).
    grep -v '^--start-daemon' /tmp/want >/tmp/want.table
    extras_match /tmp/want.table || fail "$name: thresholds or timeouts differ"
    stop_keepalived
    pass "$name: keepalived's table is the ipvsadm target's ($(grep -c '^-A' /tmp/want) services, $checks checks)"
done
