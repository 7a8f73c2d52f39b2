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
