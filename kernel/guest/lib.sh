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
