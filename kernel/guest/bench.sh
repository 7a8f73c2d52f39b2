#!/bin/sh
# The apply benchmark, in one boot so that every ratio compares like with like (times in
# the emulated guest are only meaningful as ratios). A generated table of SERVICES x
# BACKENDS (default 2,000 x 10: 22,000 operations):
#   cold:   `lvsc apply` into an empty table vs `ipvsadm-restore` of the same compiled text;
#   change: 1% of the backends reweighted, `lvsc apply` vs `ipvsadm-restore` of the whole
#           changed file;
#   plan:   `lvsc plan` (dump + diff) vs `ipvsadm-save -n`; and `lvsc dump` alone.
# Beside them, in the same boot:
#   the floor: /usr/bin/raw-netlink (kernel/floor/raw_netlink.rs), a minimal raw netlink
#           client sending the same requests (cold: every -A/-a; change: the 1% of -a lines
#           that differ, as edits) and dumping the table as ipvsadm-save -n prints it;
#   keepalived (when /usr/sbin/keepalived is there): start to "Startup complete" on the
#           keepalived target of the same file, and SIGHUP to "Reload complete" after the 1%
#           change — the strongest peer, though it never reads the kernel's table.
# Each figure is the median of RUNS runs (default 3), the sides alternating.
#
# Every timed run has a network namespace of its own, so no run inherits the kernel state
# another left. IPVS keeps a deleted destination in its namespace's trash for a minute or
# two, and every new destination searches that list: after a flush of 20,000, adding them
# again costs seconds of kernel time (ip_vs_trash_get_dest), and any run after a flush pays
# for it. A cold run starts from a namespace's empty table and trash, as after boot; a
# change starts from the table loaded by the floor client into a fresh namespace. The
# full restore's own flush (Debian's ipvsadm-restore runs `ipvsadm -C` first) and its
# trash are part of what a restore costs on a live director, so they are in its time.
. /root/guest/lib.sh
. /root/guest/table.sh
services=${SERVICES:-2000}; backends=${BACKENDS:-10}; runs=${RUNS:-3}
operations=$((services * (backends + 1)))
bump=100    # every 100th backend reweighted: 1% of them

big_table "$services" "$backends" 0 >/tmp/table.lvs
big_table "$services" "$backends" $bump >/tmp/changed.lvs
lvsc compile /tmp/table.lvs --target ipvsadm >/tmp/table.rules || fail "compile"
lvsc compile /tmp/changed.lvs --target ipvsadm >/tmp/changed.rules || fail "compile"
lvsc compile /tmp/table.lvs --target json >/tmp/table.json || fail "compile"
lvsc compile /tmp/changed.lvs --target json >/tmp/changed.json || fail "compile"
lvsc compile /tmp/table.lvs --target keepalived >/tmp/table.keepalived || fail "compile"
lvsc compile /tmp/changed.lvs --target keepalived >/tmp/changed.keepalived || fail "compile"
# The floor's change: the reweighted destinations, as edits.
awk 'NR == FNR { seen[$0] = 1; next } !seen[$0]' /tmp/table.rules /tmp/changed.rules | sed 's/^-a /-e /' >/tmp/edits.rules
echo "change: $(wc -l </tmp/edits.rules) destinations reweighted"
echo "table: $services services x $backends backends ($operations operations), $(wc -c </tmp/table.lvs) bytes of .lvs"

# fresh: the next timed runs go to a new network namespace ($ns), its loopback up (the
# kernel refuses real servers while a namespace has no routing table); the previous one
# is deleted and given time to be torn down, so that its teardown does not run beside
# the next timings.
ns=""; namespaces=0
fresh() {
    if [ -n "$ns" ]; then ip netns del "$ns"; sleep 3; fi
    namespaces=$((namespaces + 1)); ns=bench$namespaces
    ip netns add "$ns" && ip netns exec "$ns" ip link set lo up || fail "namespace $ns"
}
# in_ns COMMAND...: COMMAND in the current namespace.
in_ns() { /sbin/ip netns exec "$ns" "$@"; }
# loaded: a fresh namespace holding the table, loaded by the floor client.
loaded() { fresh; in_ns raw-netlink apply /tmp/table.rules >/dev/null || fail "loading the table"; }
# timed NAME COMMAND...: runs COMMAND in the namespace (output discarded), appends
# "seconds max-rss-KiB" to /tmp/NAME. /sbin/ip by path: busybox's `time` would run its
# own ip applet, which has no netns.
timed() {
    name=$1; shift
    time -o /tmp/time.out -f '%e %M' /sbin/ip netns exec "$ns" "$@" >/dev/null 2>/tmp/err.out ||
        { cat /tmp/err.out; fail "$name: $*"; }
    cat /tmp/time.out >>"/tmp/$name"
}
# /tmp/restore FILE: ipvsadm-restore as an operator runs it (a command `time` can run).
printf '#!/bin/sh\nexec ipvsadm-restore <"$1"\n' >/tmp/restore && chmod +x /tmp/restore
median() { sort -n "/tmp/$1" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
peak() { sort -n -k2 "/tmp/$1" | tail -n 1 | awk '{ printf "%.0f", $2 / 1024 }'; }
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }'; }
rm -f /tmp/cold-* /tmp/change-* /tmp/plan-* /tmp/dump-* /tmp/save /tmp/floor /tmp/keepalived-*
command -v raw-netlink >/dev/null || fail "no raw-netlink in the guest"
keepalived=$(command -v keepalived || true)
mkdir -p /run /etc/keepalived

# uptime: seconds since boot, to the hundredth (busybox date has no sub-second format).
uptime() { cut -d' ' -f1 /proc/uptime; }
# await LIMIT COMMAND...: polls COMMAND every 0.05 s; fails after LIMIT seconds.
await() {
    limit=$1; shift; start=$(uptime)
    until "$@"; do
        awk -v s="$start" -v now="$(uptime)" -v l="$limit" 'BEGIN { exit !(now - s > l) }' &&
            { tail -n 20 /tmp/k.log; fail "waited ${limit}s for: $*"; }
        sleep 0.05
    done
}
dests_at_least() { [ "$(in_ns ipvsadm -L -n | grep -c -- "->")" -gt "$1" ]; }
# keepalived_run: starts keepalived on /tmp/k.conf; records the seconds to "Startup
# complete" in /tmp/keepalived-start, then SIGHUP with /tmp/changed.keepalived in place and
# the seconds to "Reload complete" in /tmp/keepalived-reload; stops it.
keepalived_run() {
    cp /tmp/table.keepalived /tmp/k.conf
    : >/tmp/k.log
    t0=$(uptime)
    /sbin/ip netns exec "$ns" keepalived -n -l -f /tmp/k.conf >>/tmp/k.log 2>&1 &
    kpid=$!
    await 600 logged /tmp/k.log 'Startup complete'
    t1=$(uptime)
    echo "$t0 $t1" | awk '{ printf "%.2f 0\n", $2 - $1 }' >>/tmp/keepalived-start
    # It may still be filling the table: wait until it is whole before the reload.
    await 600 dests_at_least $((services * backends))
    cp /tmp/changed.keepalived /tmp/k.conf
    t0=$(uptime)
    kill -HUP $kpid
    await 600 logged /tmp/k.log 'Reload complete'
    t1=$(uptime)
    echo "$t0 $t1" | awk '{ printf "%.2f 0\n", $2 - $1 }' >>/tmp/keepalived-reload
    # Checked, untimed: the reweighted destinations are there.
    k=0; until [ "$(in_ns ipvsadm-save -n | grep -c -- '-w 2$')" = "$(wc -l </tmp/edits.rules)" ]; do
        k=$((k + 1)); [ $k -lt 30 ] || fail "keepalived's reload left another table"; sleep 1
    done
    kill $kpid; while kill -0 $kpid 2>/dev/null; do sleep 0.2; done
}

# The first batch after boot is slower than later ones: warm up first.
fresh; in_ns /tmp/restore /tmp/table.rules

i=0
while [ $i -lt "$runs" ]; do
    fresh; timed cold-restore /tmp/restore /tmp/table.rules
    fresh; timed cold-lvs lvsc apply --yes /tmp/table.lvs
    fresh; timed cold-json lvsc apply --yes /tmp/table.json
    fresh; timed cold-floor raw-netlink apply /tmp/table.rules
    timed change-floor raw-netlink apply /tmp/edits.rules
    loaded; timed change-restore /tmp/restore /tmp/changed.rules
    loaded; timed change-lvs lvsc apply --yes /tmp/changed.lvs
    loaded; timed change-json lvsc apply --yes /tmp/changed.json
    loaded
    timed save ipvsadm-save -n
    timed plan-lvs lvsc plan /tmp/table.lvs
    timed plan-json lvsc plan /tmp/table.json
    timed dump-ipvsadm lvsc dump --format ipvsadm
    timed dump-floor raw-netlink dump
    if [ -n "$keepalived" ]; then fresh; keepalived_run; fi
    i=$((i + 1))
done
# The floor read the same table (in the kernel's order; lvsc sorts it), and each side
# left the table the file says.
loaded
in_ns raw-netlink dump | sort >/tmp/floor.rules
in_ns lvsc dump --format ipvsadm | grep -e '^-A ' -e '^-a ' | sort >/tmp/lvsc.rules
cmp -s /tmp/floor.rules /tmp/lvsc.rules || { diff /tmp/floor.rules /tmp/lvsc.rules | head; fail "the floor's dump is not lvsc's"; }
in_ns lvsc plan --exit-code /tmp/table.lvs >/dev/null || fail "the floor's table is not the file's"
fresh; in_ns lvsc apply --yes /tmp/changed.lvs >/dev/null && in_ns lvsc plan --exit-code /tmp/changed.lvs >/dev/null ||
    fail "lvsc's cold apply left another table"
fresh; in_ns /tmp/restore /tmp/changed.rules && in_ns lvsc plan --exit-code /tmp/changed.lvs >/dev/null ||
    fail "ipvsadm-restore left another table"

# row WHAT LVSC PEER FLOOR: medians, the ratio peer/lvsc, and lvsc's distance from the floor.
row() {
    floor_part=""
    [ -n "${4:-}" ] && [ -s "/tmp/$4" ] && floor_part=$(printf '%6ss  %5sx' "$(median "$4")" "$(ratio "$4" "$2")")
    printf '%-46s %6ss %6ss  %5sx  %s  %4s MiB\n' "$1" "$(median "$2")" "$(median "$3")" "$(ratio "$2" "$3")" "$floor_part" "$(peak "$2")"
}
printf '%-46s %7s %7s  %6s  %7s %7s  %s\n' "what (median of $runs)" "lvsc" "peer" "peer/lvsc" "floor" "lvsc/floor" "lvsc peak RSS"
row "cold apply from .lvs vs ipvsadm-restore" cold-lvs cold-restore cold-floor
row "cold apply from compiled .json vs restore" cold-json cold-restore cold-floor
row "1% reweighted, .lvs vs full restore" change-lvs change-restore change-floor
row "1% reweighted, compiled .json vs restore" change-json change-restore change-floor
row "plan from .lvs vs ipvsadm-save -n" plan-lvs save dump-floor
row "plan from compiled .json vs ipvsadm-save -n" plan-json save dump-floor
row "dump --format ipvsadm vs ipvsadm-save -n" dump-ipvsadm save dump-floor
if [ -n "$keepalived" ]; then
    row "cold apply from .lvs vs keepalived's start" cold-lvs keepalived-start cold-floor
    row "1% reweighted, .lvs vs keepalived's reload" change-lvs keepalived-reload change-floor
fi
echo "floor: raw-netlink (kernel/floor/raw_netlink.rs): cold $(median cold-floor)s, change $(median change-floor)s, dump $(median dump-floor)s; ipvsadm-restore / floor: $(ratio cold-floor cold-restore)x"
pass "benchmark ran $runs times"
