#!/bin/sh
# Health checks from lvsc output only, run by the real keepalived: guest/health/behaviour.lvs
# compiled with --target keepalived (and --target sysctl) on a director 10.0.1.1 with real
# servers .11 and .12 in namespaces and a client 10.3.0.2 routed through the director.
# Shows, with the table and with client traffic through VIP 10.0.0.10:
#   - a backend with nothing listening stays out, and comes in when it starts listening;
#   - an HTTP check expecting 200 keeps out a backend whose health page answers 500;
#   - `inhibit` keeps a failed backend in the table with weight 0;
#   - the sorry server takes the service when every backend is down.
. /root/guest/lib.sh
mkdir -p /run /etc/keepalived
bridge br0 10.0.1.1/24
ip link add vip0 type dummy && ip link set vip0 up && ip addr add 10.0.0.10/32 dev vip0
host rs11 br0 10.0.1.11/24 10.0.1.1
host rs12 br0 10.0.1.12/24 10.0.1.1
client cl 10.3.0.2/24 10.3.0.1

# health_server NS PORT STATUS: an HTTP server whose / answers the host's number and whose
# /cgi-bin/health answers STATUS.
health_server() {
    dir=/srv/$1-$2; mkdir -p "$dir/cgi-bin"
    echo "${1#rs}" >"$dir/index.html"
    printf '#!/bin/sh\nprintf "HTTP/1.0 %s health\\r\\nContent-Type: text/plain\\r\\n\\r\\n%s\\n"\n' "$3" "$3" >"$dir/cgi-bin/health"
    chmod +x "$dir/cgi-bin/health"
    ip netns exec "$1" httpd -p "$2" -h "$dir" || fail "httpd in $1"
}
serve rs11 8081 11
health_server rs11 8082 200
health_server rs12 8082 500
serve rs11 8083 11
serve rs11 8085 sorry

# The 500 is real: the check has something to refuse.
status_of() { printf 'GET /cgi-bin/health HTTP/1.0\r\n\r\n' | nc -w 3 "$1" "$2" | head -n 1 | tr -d '\r'; }
s11=$(status_of 10.0.1.11 8082); s12=$(status_of 10.0.1.12 8082)
case "$s11|$s12" in
    "HTTP/1.0 200 health|HTTP/1.0 500 health") pass "the health pages answer: .11 '$s11', .12 '$s12'" ;;
    *) fail "health pages answer '$s11' and '$s12'" ;;
esac

lvsc compile /root/guest/health/behaviour.lvs --target keepalived >/tmp/k.conf || fail "compile keepalived"
lvsc compile /root/guest/health/behaviour.lvs --target sysctl >/tmp/sysctl.conf || fail "compile sysctl"
sysctl_file /tmp/sysctl.conf
keepalived -t -f /tmp/k.conf || fail "keepalived -t rejects the target"
keepalived -n -l -f /tmp/k.conf >/tmp/k.log 2>&1 &
wait_for 18 logged /tmp/k.log 'Startup complete' || { cat /tmp/k.log; fail "keepalived did not start"; }

in_table() { ipvsadm-save -n | grep -q -- "-t 10.0.0.10:$1 -r $2 "; }
not_in_table() { ! in_table "$@"; }
line_of() { ipvsadm-save -n | grep -- "-t 10.0.0.10:$1 -r $2 "; }

wait_for 30 not_in_table 81 10.0.1.12:8081 || { ipvsadm-save -n; fail "the dead backend .12:8081 stays in the table"; }
wait_for 30 not_in_table 82 10.0.1.12:8082 || { ipvsadm-save -n; fail "the backend answering 500 stays in"; }
wait_for 30 not_in_table 84 10.0.1.12:8084 || { ipvsadm-save -n; fail "the dead backend .12:8084 stays in"; }
wait_for 30 in_table 84 10.0.1.11:8085 || { ipvsadm-save -n; fail "the sorry server never came in"; }
wait_for 30 sh -c "ipvsadm-save -n | grep -q -- '-t 10.0.0.10:83 -r 10.0.1.12:8083 -m -w 0'" ||
    { ipvsadm-save -n; fail "the inhibited backend is not at weight 0"; }
echo "--- table with the failures:"; ipvsadm-save -n

pass "nothing listening: .12:8081 is out ($(answers cl 10.0.0.10 81 2))"
got=$(answers cl 10.0.0.10 82 4)
[ "$got" = "11 11 11 11 " ] || fail "port 82 answers '$got'"
pass "HTTP 500 is not 200: .12:8082 is out, every answer from .11: $got"
in_table 83 10.0.1.11:8083 && line_of 83 10.0.1.11:8083 | grep -q -- '-w 5' || fail "the live inhibited backend lost its weight"
got=$(answers cl 10.0.0.10 83 3)
[ "$got" = "11 11 11 " ] || fail "port 83 answers '$got'"
pass "inhibit: .12:8083 stays with weight 0 ($(line_of 83 10.0.1.12:8083)), answers $got"
got=$(answers cl 10.0.0.10 84 2)
[ "$got" = "sorry sorry " ] || fail "port 84 answers '$got'"
pass "every backend down: the sorry server answers: $got"

# Who owns the table: what the checks hold down is no drift to plan, and apply leaves
# keepalived's table alone.
lvsc plan /root/guest/health/behaviour.lvs >/tmp/plan.out 2>&1 || { cat /tmp/plan.out; fail "plan"; }
grep -q '^= backend 10.0.1.12:8081 of TCP 10.0.0.10:81 is out' /tmp/plan.out &&
    grep -q '^= backend 10.0.1.12:8083 of TCP 10.0.0.10:83 is at weight 0' /tmp/plan.out &&
    grep -q '^= sorry server 10.0.1.11:8085 serves TCP 10.0.0.10:84' /tmp/plan.out &&
    grep -q 'No changes' /tmp/plan.out || { cat /tmp/plan.out; fail "plan counts keepalived's work as drift"; }
pass "plan names what the checks hold down (3) and finds no drift"
ipvsadm-save -n >/tmp/before
lvsc apply --yes /root/guest/health/behaviour.lvs >/tmp/apply.out 2>&1 && fail "apply wrote a keepalived file"
grep -q 'keepalived runs its table' /tmp/apply.out || { cat /tmp/apply.out; fail "apply's refusal"; }
lvsc apply --yes /root/examples/nat-classic.lvs >/tmp/apply.out 2>&1 && fail "apply wrote over a running keepalived"
grep -q 'runs 4 virtual servers in this network namespace' /tmp/apply.out || { cat /tmp/apply.out; fail "apply's refusal"; }
ipvsadm-save -n | cmp -s - /tmp/before || fail "a refused apply changed the table"
pass "apply refuses a keepalived file, and any file while keepalived runs virtual servers here; the table is untouched"

serve rs12 8081 12
wait_for 30 in_table 81 10.0.1.12:8081 || { ipvsadm-save -n; tail -n 20 /tmp/k.log; fail ".12:8081 never came in"; }
got=$(answers cl 10.0.0.10 81 4)
[ "$(count 11 "$got")" = 2 ] && [ "$(count 12 "$got")" = 2 ] || fail "after .12 came in, port 81 answers '$got'"
pass "once it listens, .12:8081 comes in and serves: $got"

serve rs12 8084 12
wait_for 30 in_table 84 10.0.1.12:8084 || { ipvsadm-save -n; fail ".12:8084 never came in"; }
wait_for 30 not_in_table 84 10.0.1.11:8085 || { ipvsadm-save -n; fail "the sorry server stays after a backend came back"; }
got=$(answers cl 10.0.0.10 84 2)
[ "$got" = "12 12 " ] || fail "port 84 answers '$got'"
pass "a backend back: the sorry server leaves, answers $got"
grep -E 'TCP_CHECK|HTTP_CHECK|HTTP status|Removing|Adding|sorry' /tmp/k.log | tail -n 12
