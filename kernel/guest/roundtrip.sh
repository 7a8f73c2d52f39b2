#!/bin/sh
# For every example: the real ipvsadm-restore accepts lvsc's `ipvsadm` output, and
# ipvsadm-save -n prints back the same service blocks; the thresholds, timeouts and sync
# daemons that ipvsadm-save omits are checked with ipvsadm -L.
. /root/guest/lib.sh
failed=0
for example in /root/examples/*.lvs; do
    name=$(basename "$example")
    lvsc compile "$example" --target ipvsadm >/tmp/want || { echo "FAIL: $name does not compile"; failed=1; continue; }
    # A sync daemon needs its multicast interface to exist.
    for ifname in $(sed -n 's/.*--mcast-interface \([^ ]*\).*/\1/p' /tmp/want); do
        ip link show "$ifname" >/dev/null 2>&1 || { ip link add "$ifname" type dummy; ip link set "$ifname" up multicast on; }
    done
    ipvsadm --stop-daemon master 2>/dev/null; ipvsadm --stop-daemon backup 2>/dev/null
    errors=$(ipvsadm-restore </tmp/want 2>&1)
    if [ -n "$errors" ]; then echo "FAIL: $name: ipvsadm-restore said: $errors"; failed=1; continue; fi
    if ! same_table /tmp/want; then echo "FAIL: $name: saved table differs"; failed=1; continue; fi

    # Thresholds: "SERVICE SERVER UPPER LOWER" from lvsc's -x/-y, and from ipvsadm -L.
    awk '/^-a / {
            svc = $2 " " $3; if ($2 == "-f" && $4 == "-6") svc = svc " -6"
            for (i = 1; i <= NF; i++) if ($i == "-r") rs = $(i + 1)
            u = 0; l = 0
            for (i = 1; i <= NF; i++) { if ($i == "-x") u = $(i + 1); if ($i == "-y") l = $(i + 1) }
            print svc, rs, u, l }' /tmp/want |
        sed -e 's/^-t /TCP /' -e 's/^-u /UDP /' -e 's/^--sctp-service /SCTP /' -e 's/^-f \([0-9]*\) -6/FWM \1 IPv6/' -e 's/^-f /FWM /' |
        sort >/tmp/want.thresholds
    ipvsadm -L -n --thresholds | awk '
        /^(TCP|UDP|SCTP|FWM) / { svc = $1 " " $2; if ($1 == "FWM" && $3 == "IPv6") svc = svc " IPv6"; next }
        /^  -> [^R]/ { print svc, $2, $3, $4 }' | sort >/tmp/got.thresholds
    if ! cmp -s /tmp/want.thresholds /tmp/got.thresholds; then
        echo "FAIL: $name: thresholds differ"; diff /tmp/want.thresholds /tmp/got.thresholds; failed=1; continue
    fi

    set_line=$(grep '^--set ' /tmp/want || true)
    if [ -n "$set_line" ]; then
        shown=$(ipvsadm -L --timeout)
        set -- $set_line
        case "$shown" in
            "Timeout (tcp tcpfin udp): $2 $3 $4") ;;
            *) echo "FAIL: $name: timeouts are '$shown', wanted $2 $3 $4"; failed=1; continue ;;
        esac
    fi
    daemons=$(ipvsadm -L --daemon)
    grep '^--start-daemon ' /tmp/want | while read -r _ role _ ifname _ syncid _; do
        echo "$daemons" | grep -qF "$role sync daemon (mcast=$ifname, syncid=$syncid" ||
            { echo "FAIL: $name: no $role daemon on $ifname ($daemons)"; exit 1; }
    done || { failed=1; continue; }
    pass "$name: $(grep -c '^-A' /tmp/want) services, $(grep -c '^-a' /tmp/want) real servers round-trip"
done

# The comparison must be able to fail: a table that differs by one weight is caught.
lvsc compile /root/examples/nat-classic.lvs --target ipvsadm >/tmp/want
ipvsadm-restore </tmp/want
sed '2s/-w 1$/-w 2/' /tmp/want >/tmp/altered
if same_table /tmp/altered >/dev/null; then echo "FAIL: the comparison missed a changed weight"; failed=1; fi
exit $failed
