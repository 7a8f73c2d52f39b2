#!/bin/sh
# Scripts of ipvsadm commands, imported by lvsc and run by the real ipvsadm: a script
# ipvsadm runs without a refusal leaves the table that lvsc's import of it compiles to;
# a script in which ipvsadm refuses a command is refused by the import too.
. /root/guest/lib.sh

for script in /root/guest/scripts/*.sh; do
    name=$(basename "$script")
    clean
    sh "$script" >/tmp/real.out 2>&1
    refused=$(grep -c -e 'already exists' -e 'Illegal' -e 'No such' /tmp/real.out)
    ipvsadm-save -n >/tmp/real.rules
    clean
    if lvsc import "$script" >/tmp/imported.lvs 2>/tmp/import.err; then
        [ "$refused" = 0 ] || { cat /tmp/real.out; fail "$name: ipvsadm refused a command, the import did not"; }
        lvsc compile /tmp/imported.lvs --target ipvsadm >/tmp/imported.rules 2>/dev/null || fail "$name: the import does not compile"
        ipvsadm-restore </tmp/imported.rules
        same_table /tmp/real.rules || { cat /tmp/imported.lvs; fail "$name: the import's table is not ipvsadm's"; }
        pass "$name: the import gives the table ipvsadm built ($(grep -c '^-A' /tmp/real.rules) services)"
    else
        [ "$refused" != 0 ] || { cat /tmp/import.err; fail "$name: the import refused a script ipvsadm ran"; }
        pass "$name: refused like ipvsadm ($(grep -m1 -e 'already exists' -e 'Illegal' -e 'No such' /tmp/real.out)): $(grep -m1 '×' /tmp/import.err | sed 's/^ *× //')"
    fi
done

# `ipvsadm -L -n` pasted: the plain listing and --tun-info give ipvsadm's table back (the
# plain one with ipip tunnels, the only type it can name); --stats gives its services.
clean
ipvsadm -A -t 10.47.0.1:80 -s wrr -p 300 -M 255.255.255.0
ipvsadm -a -t 10.47.0.1:80 -r 10.47.1.1:8080 -m -w 3
ipvsadm -a -t 10.47.0.1:80 -r 10.47.1.2 -g -w 0
ipvsadm -A -u 10.47.0.1:53 -s rr -o
ipvsadm -a -u 10.47.0.1:53 -r 10.47.1.3 -i -w 2
ipvsadm -A -t 10.47.0.2:443 -s sh -b sh-fallback,sh-port
ipvsadm -A -f 7 -s mh -b mh-port -6 -p 100
ipvsadm -a -f 7 -6 -r [2001:db8::5]:80 -i -w 2
ipvsadm -A -u 10.47.0.3:5060 -s rr -p 60 --pe sip
ipvsadm -A --sctp-service 10.47.0.4:9 -s lc
ipvsadm -A -t [2001:db8::1]:443 -s wlc -p 60 -M 64
ipvsadm-save -n >/tmp/real.rules
ipvsadm -L -n >/tmp/plain.txt
ipvsadm -a -t 10.47.0.2:443 -r 10.47.1.4 -i --tun-type gue --tun-port 6080 --tun-csum
ipvsadm-save -n >/tmp/real-gue.rules
ipvsadm -L -n --tun-info >/tmp/tun-info.txt
ipvsadm -L -n --stats >/tmp/stats.txt
for listing in plain tun-info; do
    want=/tmp/real.rules; [ $listing = tun-info ] && want=/tmp/real-gue.rules
    clean
    lvsc import /tmp/$listing.txt >/tmp/imported.lvs 2>/tmp/import.err || { cat /tmp/import.err; fail "ipvsadm -L -n ($listing): import"; }
    lvsc compile /tmp/imported.lvs --target ipvsadm >/tmp/imported.rules 2>/dev/null || fail "$listing: compile"
    ipvsadm-restore </tmp/imported.rules
    same_table $want || { cat /tmp/$listing.txt; fail "ipvsadm -L -n ($listing): the import's table is not ipvsadm's"; }
    pass "ipvsadm -L -n ($listing): the import gives ipvsadm's table back"
done
lvsc import /tmp/stats.txt >/tmp/imported.lvs 2>/tmp/import.err || { cat /tmp/import.err; fail "--stats: import"; }
grep -q "has no schedulers, methods or weights" /tmp/imported.lvs || fail "--stats: no note of what it lacks"
clean
lvsc compile /tmp/imported.lvs --target ipvsadm 2>/dev/null | ipvsadm-restore
[ "$(ipvsadm-save -n | grep '^-A' | sed 's/ -s .*//' | sort)" = "$(grep '^-A' /tmp/real-gue.rules | sed 's/ -s .*//' | sort)" ] || fail "--stats: other services"
pass "ipvsadm -L -n --stats: the same services, with a note of what the listing lacks"
