#!/bin/sh
# For every example: the real ipvsadm-restore accepts lvsc's `ipvsadm` output, and
# ipvsadm-save -n prints back the same service blocks; the thresholds, timeouts and sync
# daemons that ipvsadm-save omits are checked with ipvsadm -L.
. /root/guest/lib.sh
failed=0
for example in /root/examples/*.lvs; do
    name=$(basename "$example")
    lvsc compile "$example" --target ipvsadm >/tmp/want || { echo "FAIL: $name does not compile"; failed=1; continue; }
    daemon_interfaces /tmp/want
    ipvsadm --stop-daemon master 2>/dev/null; ipvsadm --stop-daemon backup 2>/dev/null
    errors=$(ipvsadm-restore </tmp/want 2>&1)
    if [ -n "$errors" ]; then echo "FAIL: $name: ipvsadm-restore said: $errors"; failed=1; continue; fi
    if ! same_table /tmp/want; then echo "FAIL: $name: saved table differs"; failed=1; continue; fi

    extras_match /tmp/want || { echo "FAIL: $name: thresholds, timeouts or daemons differ"; failed=1; continue; }
    pass "$name: $(grep -c '^-A' /tmp/want) services, $(grep -c '^-a' /tmp/want) real servers round-trip"
done

# The comparison must be able to fail: a table that differs by one weight is caught.
lvsc compile /root/examples/nat-classic.lvs --target ipvsadm >/tmp/want
ipvsadm-restore </tmp/want
sed '2s/-w 1$/-w 2/' /tmp/want >/tmp/altered
if same_table /tmp/altered >/dev/null; then echo "FAIL: the comparison missed a changed weight"; failed=1; fi
exit $failed
