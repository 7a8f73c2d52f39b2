#!/bin/sh
# keepalived.conf imported as keepalived reads it: each config of guest/keepalived/ (no
# health checks, so every real server is up) is run by the real keepalived, and its IPVS
# table must be the one lvsc's import of the same file compiles to, including what
# keepalived defaults or repairs (no protocol, an unknown scheduler or method, ports it
# resets, a duplicated or unreadable real server, a virtual server left without any).
. /root/guest/lib.sh
ip link add eth9 type dummy && ip link set eth9 up && ip addr add 10.99.0.1/24 dev eth9
mkdir -p /run /etc/keepalived
cd /root/guest/keepalived
for conf in *.conf; do
    clean
    keepalived -n -l -f "/root/guest/keepalived/$conf" >/tmp/k.log 2>&1 &
    pid=$!
    wait_for 12 logged /tmp/k.log 'Startup complete' || { cat /tmp/k.log; fail "$conf: keepalived did not start"; }
    sleep 1
    # A sync daemon follows its VRRP instance: wait for the instance to reach its state.
    if grep -q -e lvs_sync_daemon "$conf"; then
        wait_for 9 logged /tmp/k.log 'Entering MASTER STATE'
    fi
    daemons=$(ipvsadm -L --daemon)
    ipvsadm-save -n >/tmp/keepalived.rules
    timeouts=$(ipvsadm -L --timeout)
    kill $pid; wait_for 6 gone $pid
    clean
    lvsc import "$conf" >/tmp/imported.lvs 2>/tmp/import.err || { cat /tmp/import.err; fail "$conf: import"; }
    lvsc compile /tmp/imported.lvs --target ipvsadm >/tmp/imported.rules 2>/dev/null || fail "$conf: compile"
    ipvsadm-restore </tmp/imported.rules
    same_table /tmp/keepalived.rules || { cat /tmp/imported.lvs; fail "$conf: the import's table is not keepalived's"; }
    [ "$(ipvsadm -L --daemon)" = "$daemons" ] || fail "$conf: sync daemons '$(ipvsadm -L --daemon)', keepalived ran '$daemons'"
    if grep -q '^--set' /tmp/imported.rules; then
        [ "$(ipvsadm -L --timeout)" = "$timeouts" ] || fail "$conf: timeouts $(ipvsadm -L --timeout), keepalived set $timeouts"
    fi
    pass "$conf: the import gives keepalived's table ($(grep -c '^-A' /tmp/keepalived.rules) services, $(grep -c warning /tmp/import.err) repairs said)"
done
