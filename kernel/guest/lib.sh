# Helpers shared by the guest scenarios (sourced; busybox sh). The lvsc binary is at
# /usr/bin/lvsc and the examples at /root/examples.

fail() { echo "FAIL: $*"; exit 1; }
pass() { echo "PASS: $*"; }

# bridge NAME ADDRESS...: an up bridge holding these addresses (the director's side).
bridge() {
    name=$1; shift
    ip link add "$name" type bridge && ip link set "$name" up || fail "bridge $name"
    for a in "$@"; do ip addr add "$a" dev "$name" || fail "address $a on $name"; done
}

# host NS BRIDGE ADDRESS/PREFIX [GATEWAY]: a network namespace on BRIDGE.
host() {
    ns=$1; br=$2; addr=$3; gw=${4:-}
    ip netns add "$ns"
    ip link add "v-$ns" type veth peer name eth0 netns "$ns"
    ip link set "v-$ns" master "$br" up
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" ip link set eth0 up
    ip netns exec "$ns" ip addr add "$addr" dev eth0
    [ -z "$gw" ] || ip netns exec "$ns" ip route add default via "$gw"
}

# client NS ADDRESS/PREFIX GATEWAY: a namespace routed through a veth of the director.
client() {
    ns=$1; addr=$2; gw=$3
    ip netns add "$ns"
    ip link add "v-$ns" type veth peer name eth0 netns "$ns"
    ip link set "v-$ns" up && ip addr add "$gw/${addr#*/}" dev "v-$ns"
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" ip link set eth0 up
    ip netns exec "$ns" ip addr add "$addr" dev eth0
    ip netns exec "$ns" ip route add default via "$gw"
}

# serve NS PORT TEXT: an HTTP server in NS answering TEXT.
serve() {
    mkdir -p "/srv/$1-$2" && echo "$3" >"/srv/$1-$2/index.html"
    ip netns exec "$1" httpd -p "$2" -h "/srv/$1-$2" || fail "httpd in $1"
}

# fetch NS ADDRESS PORT: one new HTTP connection from NS; prints the body.
fetch() {
    printf 'GET / HTTP/1.0\r\n\r\n' | ip netns exec "$1" nc -w 3 "$2" "$3" 2>/dev/null | tail -n 1
}

# answers NS ADDRESS PORT COUNT: the bodies of COUNT requests, space-separated.
answers() {
    got=""
    i=0
    while [ $i -lt "$4" ]; do got="$got$(fetch "$1" "$2" "$3") "; i=$((i + 1)); done
    echo "$got"
}

# nat_network: the classic NAT director's network: the bridge ens192 holding the director's
# 192.168.112.152 (the name the example's no-redirects expects), real servers .153 and
# .154 routed through it and answering "153"/"154" on port 10000, and a client
# 10.3.0.2 routed through the director's 10.3.0.1.
nat_network() {
    bridge ens192 192.168.112.152/24
    for n in 153 154; do
        host rs$n ens192 192.168.112.$n/24 192.168.112.152
        serve rs$n 10000 $n
    done
    client cl 10.3.0.2/24 10.3.0.1
}

# wait_for SECONDS COMMAND...: until COMMAND succeeds (tried every 0.5 s); false after SECONDS.
wait_for() {
    limit=$1; shift; k=0
    while [ $k -lt $((limit * 2)) ]; do "$@" && return 0; sleep 0.5; k=$((k + 1)); done
    return 1
}
# logged FILE TEXT: whether FILE holds TEXT (a log line to wait for).
logged() { grep -q "$2" "$1"; }
# gone PID: whether the process has ended.
gone() { ! kill -0 "$1" 2>/dev/null; }

# count WORD TEXT: how often WORD is a word of TEXT.
count() { echo "$2" | tr ' ' '\n' | grep -cx "$1"; }

# blocks: ipvsadm text on stdin as sorted service blocks ("SPEC|0|-A line", "SPEC|1|-a
# line"), without what ipvsadm-save omits (-x/-y, --set, daemons). ipvsadm-save sorts
# with a comparison that wraps around, so saved tables are compared as sets of blocks.
blocks() {
    sed -e 's/ -x [0-9]*//' -e 's/ -y [0-9]*//' | awk '
        /^-A / { s = substr($0, 4); sub(/ -s .*/, "", s); print s "|0|" $0 }
        /^-a / { s = substr($0, 4); sub(/ -r .*/, "", s); print s "|1|" $0 }' | sort
}

# same_table WANT: the live table, as blocks, equals the ipvsadm text in file WANT.
same_table() {
    blocks <"$1" >/tmp/want.blocks
    ipvsadm-save -n | blocks >/tmp/got.blocks
    if ! cmp -s /tmp/want.blocks /tmp/got.blocks; then
        echo "--- wanted (from lvsc) / +++ saved by ipvsadm-save -n"
        diff /tmp/want.blocks /tmp/got.blocks
        return 1
    fi
}

# sysctl_file FILE: apply a sysctl.d fragment.
sysctl_file() {
    grep -v '^#' "$1" | grep . | while IFS= read -r line; do
        key=${line%% = *}; value=${line#* = }
        sysctl -w "$key=$value" >/dev/null || fail "sysctl $key=$value"
    done
}

# daemon_interfaces WANT: the multicast interfaces the sync daemons of WANT name, made.
daemon_interfaces() {
    for ifname in $(sed -n 's/.*--mcast-interface \([^ ]*\).*/\1/p' "$1"); do
        ip link show "$ifname" >/dev/null 2>&1 || { ip link add "$ifname" type dummy; ip link set "$ifname" up multicast on; }
    done
}

# extras_match WANT: what ipvsadm-save leaves out matches the ipvsadm text in WANT: the
# thresholds (ipvsadm -L --thresholds), timeouts (--timeout) and sync daemons (--daemon).
extras_match() {
    want=$1
    awk '/^-a / {
            svc = $2 " " $3; if ($2 == "-f" && $4 == "-6") svc = svc " -6"
            for (i = 1; i <= NF; i++) if ($i == "-r") rs = $(i + 1)
            u = 0; l = 0
            for (i = 1; i <= NF; i++) { if ($i == "-x") u = $(i + 1); if ($i == "-y") l = $(i + 1) }
            print svc, rs, u, l }' "$want" |
        sed -e 's/^-t /TCP /' -e 's/^-u /UDP /' -e 's/^--sctp-service /SCTP /' -e 's/^-f \([0-9]*\) -6/FWM \1 IPv6/' -e 's/^-f /FWM /' |
        sort >/tmp/want.thresholds
    ipvsadm -L -n --thresholds | awk '
        /^(TCP|UDP|SCTP|FWM) / { svc = $1 " " $2; if ($1 == "FWM" && $3 == "IPv6") svc = svc " IPv6"; next }
        /^  -> [^R]/ { print svc, $2, $3, $4 }' | sort >/tmp/got.thresholds
    if ! cmp -s /tmp/want.thresholds /tmp/got.thresholds; then
        diff /tmp/want.thresholds /tmp/got.thresholds; return 1
    fi
    set_line=$(grep -e '^--set ' "$want" || true)
    if [ -n "$set_line" ]; then
        shown=$(ipvsadm -L --timeout)
        wanted=$(echo "$set_line" | awk '{print "Timeout (tcp tcpfin udp): " $2 " " $3 " " $4}')
        [ "$shown" = "$wanted" ] || { echo "timeouts are '$shown', wanted '$wanted'"; return 1; }
    fi
    daemons=$(ipvsadm -L --daemon)
    grep -e '^--start-daemon ' "$want" | while read -r _ role _ ifname _ syncid _; do
        echo "$daemons" | grep -qF "$role sync daemon (mcast=$ifname, syncid=$syncid" || { echo "no $role daemon on $ifname"; exit 1; }
    done
}

# clean: an empty table, no daemons.
clean() {
    ipvsadm -C
    ipvsadm --stop-daemon master 2>/dev/null
    ipvsadm --stop-daemon backup 2>/dev/null
    return 0
}
