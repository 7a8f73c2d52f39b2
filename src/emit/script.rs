//! One POSIX sh script that sets up the director on a host without lvsc: sysctl, the
//! firewall rules (iptables, in lvsc's own chains) and the IPVS table.
//!
//! It is idempotent and never flushes the IPVS table: each service and destination is
//! edited when it exists and added when it does not (an edit carries the whole entry,
//! since `ipvsadm -e` resets what it is not given), then destinations and services that
//! the file does not list are deleted. Running it twice leaves the same state.

use super::iptables::{mark_rule_specs, mark_rules, masquerade_rule, masquerades, MANGLE_CHAIN, NAT_CHAIN};
use super::ipvsadm::{destination_line, service_line, service_spec};
use super::sysctl::settings;
use crate::model::{endpoint, Config, Family, SyncDaemon, SyncRole};
use std::fmt::Write;

const PRELUDE: &str = r#"#!/bin/sh
# Director setup for Linux IPVS, written by lvsc. It sets the kernel settings, the
# firewall rules (in the chains LVSC-POSTROUTING and LVSC-PREROUTING) and the IPVS table
# of the source file, without flushing the table: services and real servers are edited
# in place, added when missing, and deleted when the file does not list them.
# Running it again changes nothing. Needs: sh, ipvsadm, iptables (when rules are used).
set -euf

# lvsc_service SPEC OPTION...: make service SPEC exactly this.
lvsc_service() {
    spec=$1; shift
    if ipvsadm -L -n $spec >/dev/null 2>&1; then ipvsadm -E $spec "$@"; else ipvsadm -A $spec "$@"; fi
}

# lvsc_server SPEC SERVER OPTION...: make real server SERVER of SPEC exactly this.
lvsc_server() {
    spec=$1; server=$2; shift 2
    if ipvsadm -S -n | grep -qF -- "-a $spec -r $server "; then
        ipvsadm -e $spec -r $server "$@"
    else
        ipvsadm -a $spec -r $server "$@"
    fi
}

# lvsc_chain TOOL TABLE CHAIN HOOK: an empty chain of lvsc's, jumped to from HOOK.
lvsc_chain() {
    $1 -t $2 -N $3 2>/dev/null || $1 -t $2 -F $3
    $1 -t $2 -C $4 -j $3 2>/dev/null || $1 -t $2 -A $4 -j $3
}

# lvsc_daemon ROLE STATE OPTION...: run the ROLE sync daemon with these options.
lvsc_daemon() {
    role=$1; state=$2; shift 2
    if ! ipvsadm -L --daemon | grep -qF "$role sync daemon ($state)"; then
        ipvsadm --stop-daemon $role 2>/dev/null || true
        ipvsadm --start-daemon $role "$@"
    fi
}
"#;

pub fn emit(config: &Config) -> String {
    let mut out = String::from(PRELUDE);

    out.push_str("\n# --- kernel settings\n");
    for s in settings(config) {
        let _ = writeln!(out, "sysctl -w {}={} >/dev/null  # {}", s.key, s.value, s.why);
    }

    out.push_str("\n# --- firewall\n");
    for (family, tool) in [(Family::Ipv4, "iptables"), (Family::Ipv6, "ip6tables")] {
        let masq: Vec<_> = masquerades(config, family).collect();
        if !masq.is_empty() {
            let _ = writeln!(out, "lvsc_chain {tool} nat {NAT_CHAIN} POSTROUTING");
            for m in masq {
                let _ = writeln!(out, "{tool} -t nat -A {NAT_CHAIN} {}", masquerade_rule(m));
            }
        }
        let marks: Vec<_> = mark_rules(config, family).collect();
        if !marks.is_empty() {
            let _ = writeln!(out, "lvsc_chain {tool} mangle {MANGLE_CHAIN} PREROUTING");
            for rule in marks {
                for spec in mark_rule_specs(rule) {
                    let _ = writeln!(out, "{tool} -t mangle -A {MANGLE_CHAIN} {spec}");
                }
            }
        }
    }

    out.push_str("\n# --- IPVS services and real servers\n");
    for service in &config.services {
        let spec = service_spec(&service.key);
        let line = service_line(service);
        let options = line.trim_start_matches("-A ").trim_start_matches(spec.as_str()).trim_start();
        let _ = writeln!(out, "lvsc_service '{spec}' {options}");
        for destination in &service.destinations {
            let server = endpoint(&destination.address, destination.port);
            let line = destination_line(&service.key, destination);
            let prefix = format!("-a {spec} -r {server} ");
            let options = line.strip_prefix(&prefix).unwrap_or(&line);
            let _ = writeln!(out, "lvsc_server '{spec}' '{server}' {options}");
        }
    }

    out.push_str("\n# --- remove what the file does not list (real servers first, then services)\n");
    out.push_str("wanted_services='");
    let specs: Vec<String> = config.services.iter().map(|s| service_spec(&s.key)).collect();
    out.push_str(&specs.join("\n"));
    out.push_str("'\nwanted_servers='");
    let servers: Vec<String> = config
        .services
        .iter()
        .flat_map(|s| {
            let spec = service_spec(&s.key);
            s.destinations.iter().map(move |d| format!("{spec} -r {}", endpoint(&d.address, d.port)))
        })
        .collect();
    out.push_str(&servers.join("\n"));
    out.push_str(
        r#"'
current=$(ipvsadm -S -n)
printf '%s\n' "$current" | while IFS= read -r line; do
    case "$line" in
    "-a "*)
        server=${line#-a }; server=${server%% -[gmi] *}; spec=${server%% -r *}
        if printf '%s\n' "$wanted_services" | grep -qxF -- "$spec" &&
           ! printf '%s\n' "$wanted_servers" | grep -qxF -- "$server"; then
            ipvsadm -d $server
        fi ;;
    esac
done
printf '%s\n' "$current" | while IFS= read -r line; do
    case "$line" in
    "-A "*)
        spec=${line#-A }; spec=${spec%% -s *}
        printf '%s\n' "$wanted_services" | grep -qxF -- "$spec" || ipvsadm -D $spec ;;
    esac
done
"#,
    );

    out.push_str("\n# --- timeouts and sync daemons\n");
    let t = config.timeouts;
    if !t.is_empty() {
        let _ = writeln!(out, "ipvsadm --set {} {} {}", t.tcp.unwrap_or(0), t.tcp_fin.unwrap_or(0), t.udp.unwrap_or(0));
    }
    for role in [SyncRole::Master, SyncRole::Backup] {
        let name = if role == SyncRole::Master { "master" } else { "backup" };
        match config.sync_daemons.iter().find(|d| d.role == role) {
            Some(daemon) => {
                let _ = writeln!(out, "lvsc_daemon {name} '{}' {}", daemon_state(daemon), daemon_options(daemon));
            }
            None => {
                let _ = writeln!(out, "ipvsadm --stop-daemon {name} 2>/dev/null || true");
            }
        }
    }
    out.push_str("exit 0\n");
    out
}

/// What `ipvsadm -L --daemon` prints inside the parentheses for this daemon.
fn daemon_state(d: &SyncDaemon) -> String {
    format!(
        "mcast={}, syncid={}, maxlen={}, group={}, port={}, ttl={}",
        d.interface, d.sync_id, d.max_len, d.group, d.port, d.ttl
    )
}

fn daemon_options(d: &SyncDaemon) -> String {
    format!(
        "--mcast-interface {} --syncid {} --sync-maxlen {} --mcast-group {} --mcast-port {} --mcast-ttl {}",
        d.interface, d.sync_id, d.max_len, d.group, d.port, d.ttl
    )
}
