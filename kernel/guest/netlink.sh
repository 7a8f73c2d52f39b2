#!/bin/sh
# The netlink backend: `lvsc apply` into an empty table leaves what `ipvsadm-restore` of
# the ipvsadm target would; a second plan is empty; a dump re-applied changes nothing;
# drift is repaired; a refused operation leaves the table exactly as it was; ownership,
# the lock and the no-privilege error.
. /root/guest/lib.sh

for example in /root/examples/*.lvs; do
    name=$(basename "$example")
    clean
    lvsc compile "$example" --target ipvsadm >/tmp/want || fail "$name: compile"
    daemon_interfaces /tmp/want
    if lvsc compile "$example" --target json | grep -q '"health"'; then
        # Checks or VRRP: keepalived runs this table (keepalived-target.sh); apply leaves it.
        lvsc apply --yes "$example" >/tmp/apply.out 2>&1 && fail "$name: apply wrote a keepalived file's table"
        grep -q 'keepalived runs its table' /tmp/apply.out || { cat /tmp/apply.out; fail "$name: the refusal"; }
        [ -z "$(ipvsadm-save -n)" ] || fail "$name: a refused apply changed the table"
        pass "$name: apply refuses a file keepalived runs, and changes nothing"
        continue
    fi
    lvsc apply --yes "$example" >/tmp/apply.out 2>&1 || { cat /tmp/apply.out; fail "$name: apply"; }
    same_table /tmp/want || fail "$name: the applied table differs from the ipvsadm target"
    extras_match /tmp/want || fail "$name: thresholds, timeouts or daemons differ"
    lvsc plan --exit-code "$example" >/tmp/plan.out || { cat /tmp/plan.out; fail "$name: a second plan is not empty"; }
    lvsc dump --format lvs >/tmp/dumped.lvs || fail "$name: dump"
    lvsc apply --yes /tmp/dumped.lvs >/tmp/again.out 2>&1 || { cat /tmp/again.out; fail "$name: re-applying the dump"; }
    grep -q "No changes" /tmp/again.out || { cat /tmp/again.out; fail "$name: re-applying the dump changed something"; }
    pass "$name: apply from empty = ipvsadm target; plan empty after; dump re-applied is a no-op"
done

# Drift: a real server deleted and a service deleted by hand; plan shows exactly that.
clean
ex=/root/examples/pools-and-defaults.lvs
lvsc compile $ex --target ipvsadm >/tmp/want
daemon_interfaces /tmp/want
lvsc apply --yes $ex >/dev/null 2>&1 || fail "drift: first apply"
ipvsadm -d -t 10.30.0.12:80 -r 10.30.1.22:80
ipvsadm -D -t 10.30.0.11:8080
lvsc plan --exit-code $ex >/tmp/plan.out; status=$?
[ $status = 1 ] || fail "drift: plan --exit-code gave $status, wanted 1"
grep -c '^ *[0-9]*\. ' /tmp/plan.out | grep -qx 5 || { cat /tmp/plan.out; fail "drift: wanted 5 operations"; }
grep -q 'add server       -a -t 10.30.0.12:80 -r 10.30.1.22:80 -m -w 10' /tmp/plan.out || fail "drift: the deleted server is not re-added"
grep -q 'add service      -A -t 10.30.0.11:8080 -s wrr' /tmp/plan.out || fail "drift: the deleted service is not re-added"
lvsc apply --yes $ex >/dev/null 2>&1 || fail "drift: apply"
same_table /tmp/want || fail "drift: not repaired"
pass "drift: plan shows the deleted server and service, apply repairs them"

# Fault injection: the middle operation is refused (this kernel has no twos scheduler).
clean
lvsc apply --yes /root/examples/nat-classic.lvs >/dev/null 2>&1 || fail "fault: setup"
ipvsadm-save -n >/tmp/before
cat >/tmp/fault.lvs <<'LVS'
director { gateway 10.50.1.0/24 }
cluster a { vip 10.50.0.1 port tcp 80 forward nat backend 10.50.1.1:80 }
cluster b { vip 10.50.0.2 port tcp 80 scheduler twos forward nat backend 10.50.1.2:80 }
cluster c { vip 10.50.0.3 port tcp 80 forward nat backend 10.50.1.3:80 }
LVS
lvsc apply --yes --allow-mass-removal /tmp/fault.lvs >/tmp/fault.out 2>&1; status=$?
[ $status = 1 ] || { cat /tmp/fault.out; fail "fault: apply exit $status, wanted 1"; }
grep -q 'refused `add service      -A -t 10.50.0.2:80 -s twos`' /tmp/fault.out || { cat /tmp/fault.out; fail "fault: the error does not name the operation"; }
grep -q 'No such file or directory' /tmp/fault.out || { cat /tmp/fault.out; fail "fault: the error does not give the kernel's reason"; }
grep -q 'the table is as it was' /tmp/fault.out || fail "fault: no word of the rollback"
ipvsadm-save -n >/tmp/after
cmp -s /tmp/before /tmp/after || { diff /tmp/before /tmp/after; fail "fault: the table changed"; }
pass "fault: a refused middle operation left the table exactly as before ($(grep "the kernel refused" /tmp/fault.out))"

# Mass removal: an empty (or cut-short) file would delete every service; apply refuses
# without --allow-mass-removal, says how many services would go, and changes nothing.
clean
lvsc apply --yes /root/examples/nat-classic.lvs >/dev/null 2>&1 || fail "mass removal: setup"
ipvsadm-save -n >/tmp/before
: >/tmp/empty.lvs
lvsc apply --yes /tmp/empty.lvs >/tmp/empty.out 2>&1; status=$?
[ $status = 2 ] || { cat /tmp/empty.out; fail "mass removal: apply of an empty file exit $status, wanted 2"; }
grep -q 'empties the live table: it removes 1 of its 1 services' /tmp/empty.out || { cat /tmp/empty.out; fail "mass removal: no count"; }
ipvsadm-save -n >/tmp/after
cmp -s /tmp/before /tmp/after || fail "mass removal: the table changed"
lvsc apply --yes --allow-mass-removal /tmp/empty.lvs >/dev/null 2>&1 || fail "mass removal: apply with the flag"
[ -z "$(ipvsadm-save -n)" ] || fail "mass removal: the flag did not empty the table"
pass "mass removal: an empty file is refused with the count, and applied with --allow-mass-removal"

# Ownership: services not in the file go, unless --keep-unmanaged.
clean
ipvsadm -A -t 10.60.0.1:80 -s rr
lvsc apply --yes --keep-unmanaged /root/examples/dr.lvs >/dev/null 2>&1 || fail "ownership: apply --keep-unmanaged"
ipvsadm-save -n | grep -q -- '-A -t 10.60.0.1:80' || fail "ownership: --keep-unmanaged removed an unmanaged service"
lvsc apply --yes /root/examples/dr.lvs >/dev/null 2>&1 || fail "ownership: apply"
ipvsadm-save -n | grep -q -- '-A -t 10.60.0.1:80' && fail "ownership: the file does not own the table"
pass "ownership: --keep-unmanaged keeps other services, the default removes them"

# The lock: a second apply while one holds it is refused, and changes nothing.
flock /run/lvsc.lock sleep 5 &
sleep 1
lvsc apply --yes /root/examples/nat-classic.lvs >/tmp/lock.out 2>&1; status=$?
[ $status = 2 ] || { cat /tmp/lock.out; fail "lock: exit $status, wanted 2"; }
grep -q 'another lvsc apply is running' /tmp/lock.out || { cat /tmp/lock.out; fail "lock: no clear message"; }
ipvsadm-save -n | grep -q 192.168.112.152 && fail "lock: the refused apply changed the table"
wait
pass "lock: a concurrent apply is refused: $(cat /tmp/lock.out)"

# No privilege: a one-line explanation, exit 2, nothing changed.
grep -q '^nobody:' /etc/passwd || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
ipvsadm-save -n >/tmp/before
cp /root/examples/nat-classic.lvs /tmp/nat.lvs && chmod 644 /tmp/nat.lvs /tmp/before
su nobody -s /bin/sh -c 'LVSC_LOCK=/tmp/nobody.lock lvsc apply --yes /tmp/nat.lvs' >/tmp/priv.out 2>&1; status=$?
[ $status = 2 ] || { cat /tmp/priv.out; fail "no privilege: exit $status, wanted 2"; }
grep -q 'needs CAP_NET_ADMIN' /tmp/priv.out || { cat /tmp/priv.out; fail "no privilege: no clear message"; }
su nobody -s /bin/sh -c 'lvsc plan --against /tmp/before /tmp/nat.lvs' >/tmp/against.out 2>&1 || { cat /tmp/against.out; fail "no privilege: plan --against needs privileges"; }
ipvsadm-save -n >/tmp/after
cmp -s /tmp/before /tmp/after || fail "no privilege: the table changed"
pass "no privilege: $(grep CAP /tmp/priv.out); plan --against works without privileges"
