//! A complete keepalived.conf: the IPVS table as `virtual_server` blocks with their
//! checks, the VRRP instances that move the VIPs, and the global settings keepalived
//! puts in the kernel (timeouts, sync daemon).
//!
//! Once every check passes, keepalived builds exactly the table of the `ipvsadm` target
//! (the kernel test `keepalived-target` compares them). What keepalived cannot express is
//! written as a `# lvsc:` comment at its place, never dropped silently.

use crate::model::checksum_suffix;
use crate::model::{
    BackendHealth, Check, Checker, Config, Family, Forward, HttpCheck, Protocol, Service, ServiceHealth, ServiceKey,
    SyncRole, Tunnel, VrrpInstance,
};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::net::IpAddr;

pub fn emit(config: &Config) -> String {
    let mut out = String::from("# keepalived.conf for an IPVS director, written by lvsc.\n");
    let files = track_files(config);
    global_defs(config, &mut out);
    for (path, name) in &files {
        let _ = write!(out, "\ntrack_file {name} {{\n    file {}\n    weight 0\n}}\n", quote(path));
    }
    let health = &config.health;
    for script in &health.vrrp_scripts {
        let _ = write!(out, "\nvrrp_script {} {{\n    script {}\n", script.name, quote(&script.command));
        option(&mut out, 4, "interval", script.interval);
        option(&mut out, 4, "timeout", script.timeout);
        option(&mut out, 4, "weight", script.weight);
        option(&mut out, 4, "fall", script.fall);
        option(&mut out, 4, "rise", script.rise);
        out.push_str("}\n");
    }
    for group in &health.vrrp_sync_groups {
        let _ = write!(out, "\nvrrp_sync_group {} {{\n    group {{\n", group.name);
        for member in &group.instances {
            let _ = writeln!(out, "        {member}");
        }
        out.push_str("    }\n}\n");
    }
    for instance in &health.vrrp_instances {
        vrrp_instance(instance, &mut out);
    }
    for service in &config.services {
        virtual_server(service, health.service(&service.key), &files, &mut out);
    }
    out
}

/// `track_file` names for the paths of file checks, in path order.
fn track_files(config: &Config) -> BTreeMap<String, String> {
    let mut paths: Vec<&str> = config
        .health
        .services
        .iter()
        .flat_map(|s| &s.backends)
        .flat_map(|b| &b.checks)
        .filter_map(|c| match &c.kind {
            Checker::File { path } => Some(path.as_str()),
            _ => None,
        })
        .collect();
    paths.sort_unstable();
    paths.dedup();
    paths.into_iter().enumerate().map(|(i, p)| (p.to_string(), format!("lvsc_file_{}", i + 1))).collect()
}

fn uses_scripts(config: &Config) -> bool {
    let health = &config.health;
    !health.vrrp_scripts.is_empty()
        || health.vrrp_instances.iter().any(|i| !i.notify.is_empty())
        || health.services.iter().any(|s| {
            s.quorum.as_ref().is_some_and(|q| q.up.is_some() || q.down.is_some())
                || s.backends.iter().any(|b| {
                    b.notify_up.is_some()
                        || b.notify_down.is_some()
                        || b.checks.iter().any(|c| matches!(c.kind, Checker::Script { .. }))
                })
        })
}

fn global_defs(config: &Config, out: &mut String) {
    let mut lines = Vec::new();
    let t = config.timeouts;
    if !t.is_empty() {
        let mut line = String::from("lvs_timeouts");
        for (name, value) in [("tcp", t.tcp), ("tcpfin", t.tcp_fin), ("udp", t.udp)] {
            if let Some(v) = value {
                let _ = write!(line, " {name} {v}");
            }
        }
        lines.push(line);
    }
    // keepalived runs one sync daemon, switched with a VRRP instance's state.
    let instance = config.health.vrrp_instances.first();
    for daemon in &config.sync_daemons {
        let Some(instance) = instance else {
            lines.push(format!(
                "# lvsc: the {} sync daemon on {} is not written: keepalived runs one only with a VRRP instance",
                daemon.role, daemon.interface
            ));
            continue;
        };
        let starts_as = instance.state;
        if daemon.role != starts_as {
            lines.push(format!(
                "# lvsc: the {} sync daemon is keepalived's own: it switches the daemon with {}'s state",
                daemon.role, instance.name
            ));
            continue;
        }
        let mut line = format!("lvs_sync_daemon {} {} id {}", daemon.interface, instance.name, daemon.sync_id);
        let _ =
            write!(line, " maxlen {} port {} ttl {} group {}", daemon.max_len, daemon.port, daemon.ttl, daemon.group);
        lines.push(line);
    }
    if uses_scripts(config) {
        // Without these keepalived runs the scripts but warns of a security violation.
        lines.push("script_user root".into());
        lines.push("enable_script_security".into());
    }
    if lines.is_empty() {
        return;
    }
    out.push_str("\nglobal_defs {\n");
    for line in lines {
        let _ = writeln!(out, "    {line}");
    }
    out.push_str("}\n");
}

fn vrrp_instance(instance: &VrrpInstance, out: &mut String) {
    let _ = writeln!(out, "\nvrrp_instance {} {{", instance.name);
    let state = match instance.state {
        SyncRole::Master => "MASTER",
        SyncRole::Backup => "BACKUP",
    };
    let _ = writeln!(out, "    state {state}");
    let _ = writeln!(out, "    interface {}", instance.interface);
    let _ = writeln!(out, "    virtual_router_id {}", instance.router_id);
    let _ = writeln!(out, "    priority {}", instance.priority);
    option(out, 4, "advert_int", instance.advert);
    if instance.no_preempt {
        out.push_str("    nopreempt\n");
    }
    option(out, 4, "preempt_delay", instance.preempt_delay);
    option(out, 4, "unicast_src_ip", instance.unicast_source);
    list(out, "unicast_peer", instance.unicast_peers.iter().map(ToString::to_string));
    list(out, "track_interface", instance.track_interfaces.iter().cloned());
    list(out, "track_script", instance.track_scripts.iter().cloned());
    let addresses = instance.addresses.iter().map(|a| match &a.device {
        Some(device) => format!("{} dev {device}", a.network),
        None => a.network.to_string(),
    });
    list(out, "virtual_ipaddress", addresses);
    for (event, command) in &instance.notify {
        let _ = writeln!(out, "    notify_{event} {}", quote(command));
    }
    out.push_str("}\n");
}

fn list(out: &mut String, block: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "    {block} {{");
    for item in items {
        let _ = writeln!(out, "        {item}");
    }
    out.push_str("    }\n");
}

fn option(out: &mut String, indent: usize, name: &str, value: Option<impl std::fmt::Display>) {
    if let Some(value) = value {
        let _ = writeln!(out, "{:indent$}{name} {value}", "");
    }
}

/// keepalived reads a double-quoted word as one, whatever its spaces.
fn quote(text: &str) -> String {
    format!("\"{text}\"")
}

/// A word as it is when it needs no quotes (a URL path, a DNS name), else quoted.
fn word(text: &str) -> String {
    if !text.is_empty() && !text.contains(|c: char| c.is_whitespace() || "\"'#!{}".contains(c)) {
        text.to_string()
    } else {
        quote(text)
    }
}

fn virtual_server(
    service: &Service,
    health: Option<&ServiceHealth>,
    files: &BTreeMap<String, String>,
    out: &mut String,
) {
    match service.key {
        ServiceKey::Address { address, port, .. } => {
            let _ = writeln!(out, "\nvirtual_server {address} {port} {{");
        }
        ServiceKey::Fwmark { mark, family } => {
            let _ = writeln!(out, "\nvirtual_server fwmark {mark} {{");
            if family == Family::Ipv6 {
                out.push_str("    ip_family inet6\n");
            }
        }
    }
    if let Some(protocol) = service.key.protocol() {
        let name = match protocol {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        };
        let _ = writeln!(out, "    protocol {name}");
    }
    let _ = writeln!(out, "    lb_algo {}", service.scheduler.name());
    for flag in service.flags.names(service.scheduler) {
        let _ = writeln!(out, "    {flag}");
    }
    let service_forward = service.destinations.first().map_or(Forward::Nat, |d| d.forward);
    let _ = writeln!(out, "    lvs_method {}", method(service_forward));
    if let Some(p) = &service.persistence {
        let _ = writeln!(out, "    persistence_timeout {}", p.timeout);
        if !p.mask.is_host() {
            let _ = writeln!(out, "    persistence_granularity {}", p.mask);
        }
        if p.sip {
            out.push_str("    persistence_engine sip\n");
        }
    }
    if service.one_packet {
        out.push_str("    ops\n");
    }
    if let Some(health) = health {
        if health.alpha {
            out.push_str("    alpha\n");
        }
        if health.omega {
            out.push_str("    omega\n");
        }
        if let Some(q) = &health.quorum {
            let _ = writeln!(out, "    quorum {}", q.weight);
            if q.hysteresis != 0 {
                let _ = writeln!(out, "    hysteresis {}", q.hysteresis);
            }
            if let Some(up) = &q.up {
                let _ = writeln!(out, "    quorum_up {}", quote(up));
            }
            if let Some(down) = &q.down {
                let _ = writeln!(out, "    quorum_down {}", quote(down));
            }
        }
        if let Some(sorry) = &health.sorry_server {
            let _ = writeln!(out, "    sorry_server {} {}", sorry.address, sorry.port);
            if sorry.inhibit {
                out.push_str("    sorry_server_inhibit\n");
            }
        }
    }
    if service.destinations.is_empty() && health.is_none_or(|h| h.sorry_server.is_none()) {
        out.push_str("    # lvsc: keepalived ignores a virtual_server without real servers\n");
    }
    let by_endpoint: HashMap<(IpAddr, u16), &BackendHealth> =
        health.map(|h| h.backends.iter().map(|b| ((b.address, b.port), b)).collect()).unwrap_or_default();
    for d in &service.destinations {
        if service.key.is_fwmark() && d.port != 0 && d.forward != Forward::Nat {
            out.push_str("    # lvsc: keepalived gives this real server port 0 (the kernel ignores it here)\n");
        }
        let _ = writeln!(out, "    real_server {} {} {{", d.address, d.port);
        let _ = writeln!(out, "        weight {}", d.weight);
        if d.forward != service_forward {
            let _ = writeln!(out, "        lvs_method {}", method(d.forward));
        }
        if d.upper_threshold != 0 {
            let _ = writeln!(out, "        uthreshold {}", d.upper_threshold);
        }
        if d.lower_threshold != 0 {
            let _ = writeln!(out, "        lthreshold {}", d.lower_threshold);
        }
        if let Some(b) = by_endpoint.get(&(d.address, d.port)) {
            backend_health(b, files, out);
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
}

/// `NAT`, `DR`, or `TUN` with its type, port and checksum (`TUN type gue port 6080 csum`).
fn method(forward: Forward) -> String {
    match forward {
        Forward::Nat => "NAT".into(),
        Forward::Dr => "DR".into(),
        Forward::Tunnel { tunnel: Tunnel::Ipip } => "TUN".into(),
        Forward::Tunnel { tunnel: Tunnel::Gue { port, checksum } } => {
            format!("TUN type gue port {port}{}", checksum_suffix(checksum))
        }
        Forward::Tunnel { tunnel: Tunnel::Gre { checksum } } => format!("TUN type gre{}", checksum_suffix(checksum)),
    }
}

fn backend_health(b: &BackendHealth, files: &BTreeMap<String, String>, out: &mut String) {
    if b.inhibit {
        out.push_str("        inhibit_on_failure\n");
    }
    if let Some(up) = &b.notify_up {
        let _ = writeln!(out, "        notify_up {}", quote(up));
    }
    if let Some(down) = &b.notify_down {
        let _ = writeln!(out, "        notify_down {}", quote(down));
    }
    for check in &b.checks {
        checker(check, files, out);
    }
}

fn checker(check: &Check, files: &BTreeMap<String, String>, out: &mut String) {
    let block = match &check.kind {
        Checker::Tcp => "TCP_CHECK",
        Checker::Http(_) => "HTTP_GET",
        Checker::Https(_) => "SSL_GET",
        Checker::Script { .. } => "MISC_CHECK",
        Checker::Dns { .. } => "DNS_CHECK",
        Checker::Smtp { .. } => "SMTP_CHECK",
        Checker::Udp { .. } => "UDP_CHECK",
        Checker::Ping => "PING_CHECK",
        Checker::File { .. } => "FILE_CHECK",
    };
    let _ = writeln!(out, "        {block} {{");
    let c = &check.connect;
    option(out, 12, "connect_ip", c.address);
    option(out, 12, "connect_port", c.port);
    option(out, 12, "bindto", c.bind);
    option(out, 12, "bind_port", c.bind_port);
    let t = &check.timing;
    option(out, 12, "delay_loop", t.interval);
    let timeout_name = if matches!(check.kind, Checker::Script { .. }) { "misc_timeout" } else { "connect_timeout" };
    option(out, 12, timeout_name, t.timeout);
    option(out, 12, "retry", t.retry);
    option(out, 12, "delay_before_retry", t.retry_delay);
    option(out, 12, "warmup", t.warmup);
    match &check.kind {
        Checker::Http(http) | Checker::Https(http) => http_options(http, out),
        Checker::Script { command, dynamic, user } => {
            let _ = writeln!(out, "            misc_path {}", quote(command));
            if *dynamic {
                out.push_str("            misc_dynamic\n");
            }
            option(out, 12, "user", user.as_ref());
        }
        Checker::Dns { record, name } => {
            option(out, 12, "type", record.as_ref());
            option(out, 12, "name", name.as_ref().map(|n| word(n)));
        }
        Checker::Smtp { helo } => option(out, 12, "helo_name", helo.as_ref()),
        Checker::Udp { payload, require_reply } => {
            option(out, 12, "payload", payload.as_ref());
            match require_reply.as_deref() {
                Some("") => out.push_str("            require_reply\n"),
                Some(reply) => {
                    let _ = writeln!(out, "            require_reply {reply}");
                }
                None => {}
            }
        }
        Checker::File { path } => option(out, 12, "track_file", files.get(path)),
        Checker::Tcp | Checker::Ping => {}
    }
    out.push_str("        }\n");
}

fn http_options(http: &HttpCheck, out: &mut String) {
    for url in &http.urls {
        out.push_str("            url {\n");
        let _ = writeln!(out, "                path {}", word(&url.path));
        for (low, high) in &url.status {
            if low == high {
                let _ = writeln!(out, "                status_code {low}");
            } else {
                let _ = writeln!(out, "                status_code {low}-{high}");
            }
        }
        option(out, 16, "digest", url.digest.as_ref());
        out.push_str("            }\n");
    }
    option(out, 12, "virtualhost", http.virtualhost.as_ref());
    if http.sni {
        out.push_str("            enable_sni\n");
    }
}
