#!/bin/sh
# The apply benchmark, in one boot so that every ratio compares like with like (times in
# the emulated guest are only meaningful as ratios). A generated table of SERVICES x
# BACKENDS (default 2,000 x 10: 22,000 operations):
#   cold:   `lvsc apply` into an empty table vs `ipvsadm-restore` of the same compiled text;
#   change: 1% of the backends reweighted, `lvsc apply` vs `ipvsadm-restore` of the whole
#           changed file;
#   plan:   `lvsc plan` (dump + diff) vs `ipvsadm-save -n`; and `lvsc dump` alone.
# Each figure is the median of RUNS runs (default 3), the two sides alternating.
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
echo "table: $services services x $backends backends ($operations operations), $(wc -c </tmp/table.lvs) bytes of .lvs"

# timed NAME COMMAND...: runs COMMAND (output discarded), appends "seconds max-rss-KiB" to /tmp/NAME.
timed() {
    name=$1; shift
    time -o /tmp/time.out -f '%e %M' "$@" >/dev/null 2>/tmp/err.out || { cat /tmp/err.out; fail "$name: $*"; }
    cat /tmp/time.out >>"/tmp/$name"
}
# restore FILE: ipvsadm-restore as an operator runs it (a command `time` can run).
printf '#!/bin/sh\nexec ipvsadm-restore <"$1"\n' >/tmp/restore && chmod +x /tmp/restore
restore() { /tmp/restore "$1"; }
median() { sort -n "/tmp/$1" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
peak() { sort -n -k2 "/tmp/$1" | tail -n 1 | awk '{ printf "%.0f", $2 / 1024 }'; }
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }'; }
rm -f /tmp/cold-* /tmp/change-* /tmp/plan-* /tmp/dump-* /tmp/save /tmp/floor

# The first batch after boot is slower than later ones: warm the table up first.
restore /tmp/table.rules; ipvsadm -C

i=0
while [ $i -lt "$runs" ]; do
    ipvsadm -C; timed cold-restore /tmp/restore /tmp/table.rules
    ipvsadm -C; timed cold-lvs lvsc apply --yes /tmp/table.lvs
    ipvsadm -C; timed cold-json lvsc apply --yes /tmp/table.json
    sed -n "s/.*(\([0-9.]*\) s of it the kernel's own work).*/\1/p" /tmp/err.out >>/tmp/floor
    timed change-restore /tmp/restore /tmp/changed.rules
    restore /tmp/table.rules; timed change-lvs lvsc apply --yes /tmp/changed.lvs
    restore /tmp/table.rules; timed change-json lvsc apply --yes /tmp/changed.json
    restore /tmp/table.rules
    timed save ipvsadm-save -n
    timed plan-lvs lvsc plan /tmp/table.lvs
    timed plan-json lvsc plan /tmp/table.json
    timed dump-ipvsadm lvsc dump --format ipvsadm
    i=$((i + 1))
done
lvsc plan --exit-code /tmp/table.lvs >/dev/null || fail "the table is not the file's after the runs"

row() { printf '%-44s %6ss %6ss  %5sx  %4s MiB\n' "$1" "$(median "$2")" "$(median "$3")" "$(ratio "$2" "$3")" "$(peak "$2")"; }
printf '%-44s %7s %7s  %6s  %s\n' "what (median of $runs)" "lvsc" "peer" "ratio" "lvsc peak RSS"
row "cold apply from .lvs vs ipvsadm-restore" cold-lvs cold-restore
row "cold apply from compiled .json vs restore" cold-json cold-restore
row "1% reweighted, .lvs vs full restore" change-lvs change-restore
row "1% reweighted, compiled .json vs restore" change-json change-restore
row "plan from .lvs vs ipvsadm-save -n" plan-lvs save
row "plan from compiled .json vs ipvsadm-save -n" plan-json save
row "dump --format ipvsadm vs ipvsadm-save -n" dump-ipvsadm save
echo "floor: the kernel's own work for the $operations operations, batched: $(median floor)s (ipvsadm-restore / floor: $(ratio floor cold-restore)x)"
pass "benchmark ran $runs times"
