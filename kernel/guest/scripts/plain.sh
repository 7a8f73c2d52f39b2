#!/bin/sh
# A director's rc script as operators write it: variables, combined flags, edits, deletes.
VIP=10.40.0.1
RS1=10.40.1.1
RS2=10.40.1.2
modprobe ip_vs 2>/dev/null || true
/sbin/ipvsadm -C
ipvsadm -At $VIP:80 -s wlc
ipvsadm -at $VIP:80 -r $RS1:80 -m -w 3
ipvsadm -a -t $VIP:80 -r ${RS2}:80 -m
# an edit replaces the whole entry: without -m the server becomes direct routing
ipvsadm -e -t $VIP:80 -r $RS2:80 -w 5
ipvsadm -A -u $VIP:53 -s rr -o
ipvsadm -a -u $VIP:53 -r $RS1 -i -w 2
ipvsadm -A -t $VIP:443 -s sh -b sh-fallback,sh-port -p 600
ipvsadm -a -t $VIP:443 -r $RS1 -g
ipvsadm -a -t $VIP:443 -r $RS2 -g
ipvsadm -d -t $VIP:443 -r $RS2
ipvsadm -A -t 10.40.0.2:8080 -s rr; ipvsadm -D -t 10.40.0.2:8080
ipvsadm -E -t $VIP:443 -s rr
ipvsadm -A -f 9 -s mh -b mh-port \
    -p 60
ipvsadm -a -f 9 -r $RS1 -g -w 1 >/dev/null 2>&1
ipvsadm -L -n
echo "LVS is up"
