//! Writes a model as an idiomatic `.lvs` file, the inverse of checking: compiling what it
//! writes gives back the same model.
//!
//! Services of one virtual address that share their settings and backends become one
//! cluster with several ports; a backend list used by several clusters becomes a pool; a
//! scheduler or forwarding method every cluster uses becomes a default.

use crate::model::{
    BackendHealth, Check, Config, Destination, Family, Forward, Health, MarkRule, Persistence, Protocol, Quorum,
    Scheduler, SchedulerFlags, Seconds, Service, ServiceKey,
};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::net::IpAddr;

/// A backend as a cluster writes it: `None` for the port means "the service's port".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Backend {
    address: IpAddr,
    port: Option<u16>,
    forward: Forward,
    weight: u32,
    upper: u32,
    lower: u32,
    health: BackendHealthText,
}

/// A backend's health settings, as a backend (or its cluster) writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct BackendHealthText {
    checks: Vec<Check>,
    inhibit: bool,
    notify_up: Option<String>,
    notify_down: Option<String>,
}

impl BackendHealthText {
    fn from_model(h: Option<&BackendHealth>) -> Self {
        h.map_or_else(Self::default, |h| BackendHealthText {
            checks: h.checks.clone(),
            inhibit: h.inhibit,
            notify_up: h.notify_up.clone(),
            notify_down: h.notify_down.clone(),
        })
    }

    fn is_plain(&self) -> bool {
        *self == Self::default()
    }

    /// The statements, as a cluster (or a backend's braces) writes them.
    fn statements(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.checks.iter().map(ToString::to_string).collect();
        if self.inhibit {
            lines.push("inhibit".into());
        }
        lines.extend(self.notify_up.as_ref().map(|c| format!("notify-up \"{c}\"")));
        lines.extend(self.notify_down.as_ref().map(|c| format!("notify-down \"{c}\"")));
        lines
    }
}

/// What a service's health says beyond its backends; the sorry server's port is `None`
/// when it is the service's own, so that the ports of one cluster can share it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
struct ServiceHealthText {
    sorry: Option<(IpAddr, Option<u16>, bool)>,
    quorum: Option<Quorum>,
    alpha: bool,
    omega: bool,
}

/// What services must share to be one cluster.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Shape {
    address: Option<IpAddr>,
    fwmark: Option<(u32, Family)>,
    scheduler: Scheduler,
    flags: SchedulerFlags,
    persistence: Option<Persistence>,
    one_packet: bool,
    backends: Vec<Backend>,
    health: ServiceHealthText,
}

struct Cluster {
    name: String,
    shape: Shape,
    ports: Vec<(Protocol, u16)>,
    pool: Option<String>,
}

fn shape(service: &Service, health: &Health) -> Shape {
    let own_port = service.key.port();
    let service_health = health.service(&service.key);
    let backend_health: std::collections::HashMap<(IpAddr, u16), &BackendHealth> =
        service_health.map(|h| h.backends.iter().map(|b| ((b.address, b.port), b)).collect()).unwrap_or_default();
    let backends = service
        .destinations
        .iter()
        .map(|d: &Destination| Backend {
            health: BackendHealthText::from_model(backend_health.get(&(d.address, d.port)).copied()),
            address: d.address,
            port: match d.forward {
                Forward::Nat if d.port != own_port => Some(d.port),
                // A fwmark service keeps what was given; the kernel ignores it for DR/tunnel.
                _ if service.key.is_fwmark() && d.port != 0 => Some(d.port),
                _ => None,
            },
            forward: d.forward,
            weight: d.weight,
            upper: d.upper_threshold,
            lower: d.lower_threshold,
        })
        .collect();
    let (address, fwmark) = match service.key {
        ServiceKey::Address { address, .. } => (Some(address), None),
        ServiceKey::Fwmark { family, mark } => (None, Some((mark, family))),
    };
    Shape {
        address,
        fwmark,
        scheduler: service.scheduler,
        flags: service.flags,
        persistence: service.persistence,
        one_packet: service.one_packet,
        backends,
        health: service_health.map_or_else(ServiceHealthText::default, |h| ServiceHealthText {
            sorry: h.sorry_server.as_ref().map(|s| (s.address, (s.port != own_port).then_some(s.port), s.inhibit)),
            quorum: h.quorum.clone(),
            alpha: h.alpha,
            omega: h.omega,
        }),
    }
}

/// The `.lvs` text of a model; `header` lines become leading comments.
pub fn write(config: &Config, header: &[String]) -> String {
    // Looked up by shape and by backend list, never searched: a table of tens of
    // thousands of services must not cost their square.
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut cluster_of_shape: HashMap<Shape, usize> = HashMap::new();
    for service in &config.services {
        let shape = shape(service, &config.health);
        let port = match service.key {
            ServiceKey::Address { protocol, port, .. } => Some((protocol, port)),
            ServiceKey::Fwmark { .. } => None,
        };
        let Some(port) = port else {
            clusters.push(Cluster { name: String::new(), shape, ports: Vec::new(), pool: None });
            continue;
        };
        match cluster_of_shape.entry(shape) {
            Entry::Occupied(known) => clusters[*known.get()].ports.push(port),
            Entry::Vacant(new) => {
                let shape = new.key().clone();
                new.insert(clusters.len());
                clusters.push(Cluster { name: String::new(), shape, ports: vec![port], pool: None });
            }
        }
    }
    name_clusters(&mut clusters);

    // Backend lists shared by several clusters become pools, named for the first user.
    let resolved: Vec<Vec<Backend>> = clusters.iter().map(resolved_backends).collect();
    let mut list_users: Vec<Vec<usize>> = Vec::new();
    let mut list_of: HashMap<&[Backend], usize> = HashMap::new();
    for (i, backends) in resolved.iter().enumerate().filter(|(_, backends)| backends.len() >= 2) {
        let list = *list_of.entry(backends).or_insert_with(|| {
            list_users.push(Vec::new());
            list_users.len() - 1
        });
        list_users[list].push(i);
    }
    let mut pools: Vec<(String, Vec<Backend>)> = Vec::new();
    for users in list_users.iter().filter(|users| users.len() >= 2) {
        let name = format!("{}-backends", clusters[users[0]].name);
        pools.push((name.clone(), resolved[users[0]].clone()));
        for &j in users {
            clusters[j].pool = Some(name.clone());
        }
    }

    // A scheduler or method shared by every cluster becomes a default.
    let common = |f: &dyn Fn(&Cluster) -> Option<String>| -> Option<String> {
        let first = f(clusters.first()?)?;
        (clusters.len() > 1 && clusters.iter().all(|c| f(c).as_deref() == Some(first.as_str()))).then_some(first)
    };
    let default_scheduler = common(&|c| Some(c.shape.scheduler.name().to_string()));
    let default_forward = common(&|c| uniform_forward(&c.shape.backends).map(|f| f.to_string()));

    let mut out = String::new();
    for line in header {
        let _ = writeln!(out, "# {line}");
    }
    if !header.is_empty() {
        out.push('\n');
    }
    write_director(&mut out, config);
    write_globals(&mut out, config);
    write_vrrp(&mut out, &config.health);
    if default_scheduler.is_some() || default_forward.is_some() {
        out.push_str("defaults {\n");
        if let Some(s) = &default_scheduler {
            let _ = writeln!(out, "    scheduler {s}");
        }
        if let Some(f) = &default_forward {
            let _ = writeln!(out, "    forward {f}");
        }
        out.push_str("}\n\n");
    }
    for (name, backends) in &pools {
        let _ = writeln!(out, "pool {name} {{");
        let forward = uniform_forward(backends);
        for b in backends {
            let _ = writeln!(out, "    {}", backend_text(b, forward, true));
        }
        out.push_str("}\n\n");
    }
    let mut rules_of_mark: HashMap<(u32, Family), Vec<&MarkRule>> = HashMap::new();
    for rule in &config.director.mark_rules {
        rules_of_mark.entry((rule.mark, rule.family)).or_default().push(rule);
    }
    for cluster in &clusters {
        let defaults = (default_scheduler.as_deref(), default_forward.as_deref());
        write_cluster(&mut out, cluster, &rules_of_mark, defaults);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The backends with the port written out where a single-port cluster leaves it implied,
/// so that clusters on different ports can share one pool of NAT backends.
fn resolved_backends(cluster: &Cluster) -> Vec<Backend> {
    let mut backends = cluster.shape.backends.clone();
    if let [(_, port)] = cluster.ports[..] {
        for b in &mut backends {
            if b.forward == Forward::Nat && b.port.is_none() {
                b.port = Some(port);
            }
        }
    }
    backends
}

fn name_clusters(clusters: &mut [Cluster]) {
    let mut per_address: BTreeMap<String, usize> = BTreeMap::new();
    for c in clusters.iter() {
        if let Some(a) = c.shape.address {
            *per_address.entry(a.to_string()).or_default() += 1;
        }
    }
    for c in clusters.iter_mut() {
        c.name = match (c.shape.address, c.shape.fwmark) {
            (Some(address), _) => {
                let base = format!("vip-{}", address.to_string().replace(':', "-"));
                if per_address[&address.to_string()] > 1 {
                    let (protocol, port) = c.ports[0];
                    format!("{base}-{}-{port}", protocol.name())
                } else {
                    base
                }
            }
            (None, Some((mark, Family::Ipv4))) => format!("fwmark-{mark}"),
            (None, Some((mark, Family::Ipv6))) => format!("fwmark-{mark}-ipv6"),
            (None, None) => "cluster".to_string(),
        };
    }
}

fn uniform_forward(backends: &[Backend]) -> Option<Forward> {
    let first = backends.first()?.forward;
    backends.iter().all(|b| b.forward == first).then_some(first)
}

/// `10.0.0.1:80`, `[2001:db8::1]:80`, or the address alone when the port is implied.
fn written_endpoint(address: IpAddr, port: Option<u16>) -> String {
    port.map_or_else(|| address.to_string(), |p| crate::model::endpoint(&address, p))
}

/// A `backend` line; `with_health` adds its health settings in braces.
fn backend_text(b: &Backend, cluster_forward: Option<Forward>, with_health: bool) -> String {
    let mut text = format!("backend {}", written_endpoint(b.address, b.port));
    if b.weight != 1 {
        let _ = write!(text, " weight {}", b.weight);
    }
    if b.upper != 0 {
        let _ = write!(text, " u-threshold {}", b.upper);
    }
    if b.lower != 0 {
        let _ = write!(text, " l-threshold {}", b.lower);
    }
    if cluster_forward != Some(b.forward) {
        let _ = write!(text, " forward {}", b.forward);
    }
    if with_health && !b.health.is_plain() {
        let mut statements = b.health.statements();
        if b.health.checks.is_empty() {
            // It would otherwise take its cluster's checks, if the cluster has any.
            statements.insert(0, "check none".into());
        }
        let _ = write!(text, " {{ {} }}", statements.join(" "));
    }
    text
}

/// `rules_of_mark`: the `match` rules of each firewall mark; `defaults`: the scheduler and
/// forwarding method the file's `defaults` block sets.
fn write_cluster(
    out: &mut String,
    c: &Cluster,
    rules_of_mark: &HashMap<(u32, Family), Vec<&MarkRule>>,
    (scheduler, forward): (Option<&str>, Option<&str>),
) {
    let s = &c.shape;
    let _ = writeln!(out, "cluster {} {{", c.name);
    if let Some(address) = s.address {
        let _ = writeln!(out, "    vip {address}");
        let mut by_protocol: BTreeMap<Protocol, Vec<String>> = BTreeMap::new();
        for (protocol, port) in &c.ports {
            by_protocol.entry(*protocol).or_default().push(port.to_string());
        }
        for (protocol, ports) in by_protocol {
            let _ = writeln!(out, "    port {} {}", protocol.name(), ports.join(", "));
        }
    }
    if let Some((mark, family)) = s.fwmark {
        let explicit = if family == Family::Ipv6 { " ipv6" } else { "" };
        let _ = writeln!(out, "    fwmark {mark}{explicit}");
        for rule in rules_of_mark.get(&(mark, family)).into_iter().flatten() {
            let mut line = String::from("    match");
            if let Some(p) = rule.protocol {
                let _ = write!(line, " {}", p.name());
            }
            if rule.destination.prefix_len() == rule.destination.max_prefix_len() {
                let _ = write!(line, " {}", rule.destination.addr());
            } else {
                let _ = write!(line, " {}", rule.destination);
            }
            if !rule.ports.is_empty() {
                let ports: Vec<String> = rule.ports.iter().map(ToString::to_string).collect();
                let _ = write!(line, " port {}", ports.join(", "));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    let flags = s.flags.names(s.scheduler);
    if scheduler != Some(s.scheduler.name()) || !flags.is_empty() {
        let mut line = format!("    scheduler {}", s.scheduler.name());
        for flag in flags {
            let _ = write!(line, " {flag}");
        }
        let _ = writeln!(out, "{line}");
    }
    if let Some(p) = &s.persistence {
        let _ = writeln!(out, "    persistence {p}");
    }
    if s.one_packet {
        out.push_str("    one-packet\n");
    }
    // ipvsadm's default is direct routing, ours too: write the method unless the default covers it.
    let own = uniform_forward(&s.backends);
    let written = match (own, forward) {
        (Some(f), Some(default)) if f.to_string() == default => Some(f),
        (Some(f), _) => {
            let _ = writeln!(out, "    forward {f}");
            Some(f)
        }
        (None, _) => None,
    };
    let h = &s.health;
    if let Some((address, port, inhibit)) = h.sorry {
        let _ = writeln!(
            out,
            "    sorry-server {}{}",
            written_endpoint(address, port),
            if inhibit { " inhibit" } else { "" }
        );
    }
    if let Some(q) = &h.quorum {
        let mut line = format!("    quorum {}", q.weight);
        if q.hysteresis != 0 {
            let _ = write!(line, " hysteresis {}", q.hysteresis);
        }
        if let Some(up) = &q.up {
            let _ = write!(line, " up \"{up}\"");
        }
        if let Some(down) = &q.down {
            let _ = write!(line, " down \"{down}\"");
        }
        let _ = writeln!(out, "{line}");
    }
    if h.alpha {
        out.push_str("    alpha\n");
    }
    if h.omega {
        out.push_str("    omega\n");
    }
    // Health every backend shares is written once, for the cluster; pools keep their own.
    let shared = s
        .backends
        .first()
        .map(|b| &b.health)
        .filter(|first| c.pool.is_none() && !first.is_plain() && s.backends.iter().all(|b| b.health == **first));
    if let Some(shared) = shared {
        for statement in shared.statements() {
            let _ = writeln!(out, "    {statement}");
        }
    }
    match &c.pool {
        Some(pool) => {
            let _ = writeln!(out, "    backends {pool}");
        }
        None => {
            for b in &s.backends {
                let _ = writeln!(out, "    {}", backend_text(b, written, shared.is_none()));
            }
        }
    }
    out.push_str("}\n\n");
}

fn write_director(out: &mut String, config: &Config) {
    let d = &config.director;
    if d.masquerade.is_empty() && d.gateway_for.is_empty() && d.no_redirects.is_empty() && d.sysctls.is_empty() {
        return;
    }
    out.push_str("director {\n");
    for m in &d.masquerade {
        match &m.out_interface {
            Some(i) => {
                let _ = writeln!(out, "    masquerade {} out {i}", m.network);
            }
            None => {
                let _ = writeln!(out, "    masquerade {}", m.network);
            }
        }
    }
    for n in &d.gateway_for {
        let _ = writeln!(out, "    gateway {n}");
    }
    if !d.no_redirects.is_empty() {
        let _ = writeln!(out, "    no-redirects {}", d.no_redirects.join(" "));
    }
    for (key, value) in &d.sysctls {
        let _ = writeln!(out, "    sysctl {key} = {value}");
    }
    out.push_str("}\n\n");
}

fn write_globals(out: &mut String, config: &Config) {
    let t = config.timeouts;
    if !t.is_empty() {
        out.push_str("timeouts {\n");
        for (name, value) in [("tcp", t.tcp), ("tcpfin", t.tcp_fin), ("udp", t.udp)] {
            if let Some(v) = value {
                let _ = writeln!(out, "    {name} {}", Seconds(v));
            }
        }
        out.push_str("}\n\n");
    }
    for d in &config.sync_daemons {
        let _ = writeln!(out, "sync-daemon {} {{\n    interface {}\n    syncid {}", d.role, d.interface, d.sync_id);
        if d.max_len != crate::model::SyncDaemon::DEFAULT_MAX_LEN {
            let _ = writeln!(out, "    maxlen {}", d.max_len);
        }
        if d.group != crate::model::SyncDaemon::DEFAULT_GROUP {
            let _ = writeln!(out, "    group {}", d.group);
        }
        if d.port != crate::model::SyncDaemon::DEFAULT_PORT {
            let _ = writeln!(out, "    port {}", d.port);
        }
        if d.ttl != crate::model::SyncDaemon::DEFAULT_TTL {
            let _ = writeln!(out, "    ttl {}", d.ttl);
        }
        out.push_str("}\n\n");
    }
}

fn write_vrrp(out: &mut String, health: &Health) {
    for script in &health.vrrp_scripts {
        let _ = writeln!(out, "vrrp-script {} {{\n    command \"{}\"", script.name, script.command);
        if let Some(v) = script.interval {
            let _ = writeln!(out, "    interval {}", Seconds(v));
        }
        if let Some(v) = script.timeout {
            let _ = writeln!(out, "    timeout {}", Seconds(v));
        }
        if let Some(v) = script.weight {
            let _ = writeln!(out, "    weight {v}");
        }
        if let Some(v) = script.fall {
            let _ = writeln!(out, "    fall {v}");
        }
        if let Some(v) = script.rise {
            let _ = writeln!(out, "    rise {v}");
        }
        out.push_str("}\n\n");
    }
    for i in &health.vrrp_instances {
        let _ = writeln!(out, "vrrp {} {{\n    interface {}\n    router-id {}", i.name, i.interface, i.router_id);
        if i.priority != crate::model::VrrpInstance::DEFAULT_PRIORITY {
            let _ = writeln!(out, "    priority {}", i.priority);
        }
        if i.state == crate::model::SyncRole::Master {
            out.push_str("    state master\n");
        }
        if let Some(advert) = i.advert {
            let _ = writeln!(out, "    advert {}", Seconds(advert));
        }
        if let Some(source) = i.unicast_source {
            let _ = writeln!(out, "    unicast-source {source}");
        }
        let list = |items: Vec<String>| items.join(", ");
        if !i.unicast_peers.is_empty() {
            let _ =
                writeln!(out, "    unicast-peer {}", list(i.unicast_peers.iter().map(ToString::to_string).collect()));
        }
        if !i.track_interfaces.is_empty() {
            let _ = writeln!(out, "    track-interface {}", list(i.track_interfaces.clone()));
        }
        if !i.track_scripts.is_empty() {
            let _ = writeln!(out, "    track-script {}", list(i.track_scripts.clone()));
        }
        for a in &i.addresses {
            let address = if a.network.prefix_len() == a.network.max_prefix_len() {
                a.network.addr().to_string()
            } else {
                a.network.to_string()
            };
            match &a.device {
                Some(device) => {
                    let _ = writeln!(out, "    vip {address} dev {device}");
                }
                None => {
                    let _ = writeln!(out, "    vip {address}");
                }
            }
        }
        if i.no_preempt {
            out.push_str("    no-preempt\n");
        }
        if let Some(delay) = i.preempt_delay {
            let _ = writeln!(out, "    preempt-delay {}", Seconds(delay));
        }
        for (event, command) in &i.notify {
            let _ = writeln!(out, "    notify {event} \"{command}\"");
        }
        out.push_str("}\n\n");
    }
    for group in &health.vrrp_sync_groups {
        let _ = writeln!(out, "vrrp-sync-group {} {{ {} }}\n", group.name, group.instances.join(" "));
    }
}
