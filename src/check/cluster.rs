//! Lowers one cluster (with the defaults it inherits and the pools it uses) to located
//! IPVS services and the firewall mark rules of a fwmark cluster.
//!
//! A cluster's own statement wins over the same statement in `defaults`; `port` lines in
//! a cluster replace the default ports as a whole. Values are range-checked here, once per
//! statement, so that a bad weight in a two-port cluster is reported once.

use super::forward::lower_forward;
use super::health::{lower_checks, lower_quorum, lower_sorry_server, LoweredChecks};
use super::located::{DestinationOrigin, Located, ServiceOrigin};
use super::range::{did_you_mean, in_range};
use crate::diagnostic::{Diagnostic, Label, Problem, SettingScope};
use crate::model::{
    BackendHealth, Destination, Family, Forward, MarkRule, Persistence, PersistenceMask, PortRange, Protocol,
    Scheduler, SchedulerFlags, Service, ServiceHealth, ServiceKey,
};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, ClusterSetting, ClusterSettingKind as Kind};
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

/// The largest weight and threshold the kernel takes (they are `int` in ipvsadm).
const MAX_WEIGHT: u64 = i32::MAX as u64;
/// ipvsadm's limit for persistence and connection timeouts (31 days).
pub const MAX_TIMEOUT: u64 = 2_678_400;

/// The pools clusters may use, by name, with a flag set when one is used.
pub struct Pools<'a> {
    pub by_name: HashMap<&'a str, (usize, &'a ast::Pool)>,
    pub used: Vec<bool>,
}

/// What a cluster lowers to.
#[derive(Default)]
pub struct LoweredCluster {
    pub services: Vec<Located>,
    pub mark_rules: Vec<MarkRule>,
}

/// `fwmark N [family]` and the statement's span.
type FwmarkSetting<'a> = (&'a Spanned<u64>, Option<&'a Spanned<Family>>, Span);
/// `scheduler NAME FLAG...` and the statement's span.
type SchedulerSetting<'a> = (&'a Spanned<String>, &'a [Spanned<String>], Span);

/// The statements of one block, sorted by kind; repeats of single statements reported.
#[derive(Default)]
struct Gathered<'a> {
    vip: Option<&'a Spanned<IpAddr>>,
    fwmark: Option<FwmarkSetting<'a>>,
    scheduler: Option<SchedulerSetting<'a>>,
    persistence: Option<(&'a ast::Persistence, Span)>,
    one_packet: Option<Span>,
    forward: Option<&'a ast::Forward>,
    weight: Option<&'a Spanned<u64>>,
    ports: Vec<(&'a Spanned<Protocol>, &'a [Spanned<u64>])>,
    matches: Vec<(&'a ast::MatchRule, Span)>,
    backends: Vec<&'a ast::Backend>,
    pools: Vec<&'a Spanned<String>>,
    checks: Vec<&'a ast::Check>,
    inhibit: Option<Span>,
    sorry_server: Option<&'a ast::SorryServer>,
    quorum: Option<(&'a ast::Quorum, Span)>,
    alpha: bool,
    omega: bool,
    notify_up: Option<&'a Spanned<String>>,
    notify_down: Option<&'a Spanned<String>>,
}

fn gather<'a>(settings: &'a [ClusterSetting], in_defaults: bool, diagnostics: &mut Vec<Diagnostic>) -> Gathered<'a> {
    let mut g = Gathered::default();
    let mut first_seen: HashMap<&'static str, Span> = HashMap::new();
    for setting in settings {
        let keyword = setting.kind.keyword();
        let single = !matches!(
            setting.kind,
            Kind::Ports { .. } | Kind::Match(_) | Kind::Backend(_) | Kind::Backends(_) | Kind::Check(_)
        );
        if in_defaults
            && matches!(
                setting.kind,
                Kind::Vip(_)
                    | Kind::Fwmark { .. }
                    | Kind::Match(_)
                    | Kind::Backend(_)
                    | Kind::Backends(_)
                    | Kind::SorryServer(_)
            )
        {
            diagnostics.push(Problem::NotADefault { keyword }.at(setting.span));
            continue;
        }
        if single {
            if let Some(first) = first_seen.get(keyword) {
                let problem = Problem::DuplicateSetting { setting: format!("`{keyword}`"), scope: SettingScope::Block };
                diagnostics.push(problem.repeated(setting.span, *first));
                continue;
            }
            first_seen.insert(keyword, setting.span);
        }
        match &setting.kind {
            Kind::Vip(a) => g.vip = Some(a),
            Kind::Ports { protocol, ports } => g.ports.push((protocol, ports)),
            Kind::Fwmark { mark, family } => g.fwmark = Some((mark, family.as_ref(), setting.span)),
            Kind::Match(m) => g.matches.push((m, setting.span)),
            Kind::Scheduler { name, flags } => g.scheduler = Some((name, flags, setting.span)),
            Kind::Persistence(p) => g.persistence = Some((p, setting.span)),
            Kind::OnePacket => g.one_packet = Some(setting.span),
            Kind::Forward(f) => g.forward = Some(f),
            Kind::Backend(b) => g.backends.push(b),
            Kind::Backends(name) => g.pools.push(name),
            Kind::Weight(w) => g.weight = Some(w),
            Kind::Check(c) => g.checks.push(c),
            Kind::Inhibit => g.inhibit = Some(setting.span),
            Kind::SorryServer(s) => g.sorry_server = Some(s),
            Kind::Quorum(q) => g.quorum = Some((q, setting.span)),
            Kind::Alpha => g.alpha = true,
            Kind::Omega => g.omega = true,
            Kind::Notify(ast::NotifyEvent::Up, command) => g.notify_up = Some(command),
            Kind::Notify(ast::NotifyEvent::Down, command) => g.notify_down = Some(command),
        }
    }
    g
}

/// A backend with its options lowered, before it is placed in each service.
struct BackendSpec {
    address: IpAddr,
    port: Option<Spanned<u16>>,
    forward: Forward,
    weight: u32,
    upper: u32,
    lower: u32,
    origin: DestinationOrigin,
    checks: LoweredChecks,
    inhibit: bool,
    notify_up: Option<String>,
    notify_down: Option<String>,
}

/// The health settings a cluster gives its backends that do not give their own.
struct ClusterHealth<'a> {
    checks: LoweredChecks,
    inhibit: bool,
    notify_up: Option<&'a Spanned<String>>,
    notify_down: Option<&'a Spanned<String>>,
}

/// Reports what is wrong in `defaults` itself, once, whether or not a cluster uses it.
pub fn check_defaults(settings: &[ClusterSetting], diagnostics: &mut Vec<Diagnostic>) {
    gather(settings, true, diagnostics);
}

pub fn lower_cluster(
    cluster: &ast::Cluster,
    defaults: &[ClusterSetting],
    pools: &mut Pools<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> LoweredCluster {
    let first_new = diagnostics.len();
    let own = gather(&cluster.settings, false, diagnostics);
    let inherited = gather(defaults, true, &mut Vec::new());
    let name = &cluster.name;

    let scheduler_setting = own.scheduler.or(inherited.scheduler);
    let persistence_setting = own.persistence.or(inherited.persistence);
    let one_packet = own.one_packet.or(inherited.one_packet);
    let forward_setting = own.forward.or(inherited.forward);
    let weight_setting = own.weight.or(inherited.weight);
    let ports = if own.ports.is_empty() { &inherited.ports } else { &own.ports };

    let (scheduler, scheduler_span, flag_names, flags) = lower_scheduler(scheduler_setting, diagnostics);

    // Forwarding and weight shared by backends that do not set their own.
    let cluster_forward = match forward_setting {
        Some(f) => lower_forward(f, diagnostics),
        None => Some(Forward::Dr),
    };
    let cluster_weight = match weight_setting {
        Some(w) => in_range(w, "weight", 0, MAX_WEIGHT, "the kernel stores weights as a signed 32-bit number")
            .map_err(|d| diagnostics.push(d))
            .ok(),
        None => Some(1),
    };

    let (keys, mark_rules) = service_keys(&own, ports, name, diagnostics);

    let persistences: Vec<Option<Persistence>> = keys
        .iter()
        .map(|(key, _)| persistence_setting.and_then(|(p, _)| lower_persistence(p, key.family(), diagnostics)))
        .collect();

    let written_backends = written_backends(&own, pools, diagnostics);
    let own_checks = lower_checks(&own.checks, diagnostics);
    let cluster_health = ClusterHealth {
        checks: if own_checks.written { own_checks } else { lower_checks(&inherited.checks, diagnostics) },
        inhibit: own.inhibit.or(inherited.inhibit).is_some(),
        notify_up: own.notify_up.or(inherited.notify_up),
        notify_down: own.notify_down.or(inherited.notify_down),
    };
    let quorum_setting = own.quorum.or(inherited.quorum);
    let quorum = quorum_setting.and_then(|(q, _)| lower_quorum(q, diagnostics));
    let (Some(cluster_forward), Some(cluster_weight)) = (cluster_forward, cluster_weight) else {
        return LoweredCluster { services: Vec::new(), mark_rules };
    };
    // Each pool's checks, lowered once for all its backends.
    let mut pool_checks: HashMap<&str, LoweredChecks> = HashMap::new();
    for pool in written_backends.iter().filter_map(|(_, _, pool)| *pool) {
        if !pool_checks.contains_key(pool.name.value.as_str()) {
            let written: Vec<&ast::Check> = pool.checks.iter().collect();
            pool_checks.insert(&pool.name.value, lower_checks(&written, diagnostics));
        }
    }
    let specs: Vec<BackendSpec> = written_backends
        .iter()
        .filter_map(|(b, via, pool)| {
            let spec = lower_backend(b, *via, cluster_forward, cluster_weight as u32, diagnostics)?;
            let pool_checks = pool.and_then(|p| pool_checks.get(p.name.value.as_str()));
            Some(with_health(spec, b, pool_checks, &cluster_health, diagnostics))
        })
        .collect();
    if specs.len() != written_backends.len() {
        // A backend that could not be lowered is reported; the rules would only see a
        // cluster with a backend missing and report that again under another name.
        return LoweredCluster { services: Vec::new(), mark_rules };
    }

    // One located service per key.
    let mut services = Vec::new();
    for ((key, key_span), persistence) in keys.into_iter().zip(persistences) {
        // Sized up front: grown by doubling, these were a fifth of a large table's memory.
        let mut destinations = Vec::with_capacity(specs.len());
        let mut origins = Vec::with_capacity(specs.len());
        let mut backend_health = Vec::with_capacity(specs.len());
        for spec in &specs {
            let port = match (key, spec.forward) {
                // ipvsadm gives DR and tunnel destinations the service's port: they cannot
                // change the port, and `ipvsadm-save` prints it that way.
                (ServiceKey::Address { port, .. }, Forward::Dr | Forward::Tunnel { .. }) => port,
                _ => spec.port.as_ref().map_or(key.port(), |p| p.value),
            };
            destinations.push(Destination {
                address: spec.address,
                port,
                forward: spec.forward,
                weight: spec.weight,
                upper_threshold: spec.upper,
                lower_threshold: spec.lower,
            });
            origins.push(spec.origin.clone());
            backend_health.push(BackendHealth {
                address: spec.address,
                port,
                checks: spec.checks.checks.clone(),
                inhibit: spec.inhibit,
                notify_up: spec.notify_up.clone(),
                notify_down: spec.notify_down.clone(),
            });
        }
        let service_health = ServiceHealth {
            service: key,
            sorry_server: own.sorry_server.and_then(|s| lower_sorry_server(s, key.port(), diagnostics)),
            quorum: quorum.clone(),
            alpha: own.alpha || inherited.alpha,
            omega: own.omega || inherited.omega,
            backends: backend_health,
        };
        let health = (!service_health.is_plain()).then_some(service_health);
        services.push(Located {
            service: Service { key, scheduler, flags, persistence, one_packet: one_packet.is_some(), destinations },
            health,
            origin: ServiceOrigin {
                quorum: quorum_setting.map(|(_, s)| s),
                cluster: name.clone(),
                key: key_span,
                scheduler: scheduler_span,
                flags: flag_names.clone(),
                persistence: persistence_setting.map(|(_, s)| s),
                engine: persistence_setting.and_then(|(p, _)| p.engine.as_ref().map(|e| e.span)),
                one_packet,
                destinations: origins,
            },
        });
    }
    // Each persistence error would repeat for every port of the cluster. Only this
    // cluster's findings are compared: the whole list would make checking quadratic.
    let mut own_findings = diagnostics.split_off(first_new);
    own_findings.dedup();
    diagnostics.extend(own_findings);
    LoweredCluster { services, mark_rules }
}

/// The scheduler as written (or the default) and its flags; an unknown name is reported.
fn lower_scheduler(
    setting: Option<SchedulerSetting<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Scheduler, Option<Span>, Vec<Spanned<String>>, SchedulerFlags) {
    let (scheduler, scheduler_span, flag_names) = match setting {
        Some((written, flags, span)) => match Scheduler::from_name(&written.value) {
            Some(s) => (s, Some(span), flags.to_vec()),
            None => {
                let names = || Scheduler::ALL.iter().map(|s| s.name());
                let problem = Problem::UnknownScheduler {
                    name: written.value.clone(),
                    known: names().collect::<Vec<_>>().join(", "),
                    suggestion: did_you_mean(&written.value, names()),
                };
                diagnostics.push(problem.at(written.span));
                (Scheduler::DEFAULT, Some(span), Vec::new())
            }
        },
        None => (Scheduler::DEFAULT, None, Vec::new()),
    };
    let flags = SchedulerFlags {
        fallback: flag_names.iter().any(|f| f.value.ends_with("-fallback")),
        port: flag_names.iter().any(|f| f.value.ends_with("-port")),
    };
    (scheduler, scheduler_span, flag_names, flags)
}

/// One service key per (protocol, port) of the vip, or one fwmark key with its mark
/// rules; each with the span that names it.
fn service_keys(
    own: &Gathered<'_>,
    ports: &[(&Spanned<Protocol>, &[Spanned<u64>])],
    name: &Spanned<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<(ServiceKey, Span)>, Vec<MarkRule>) {
    let mut keys: Vec<(ServiceKey, Span)> = Vec::new();
    let mut mark_rules = Vec::new();
    match (own.vip, own.fwmark) {
        (Some(vip), Some((_, _, fwmark_span))) => diagnostics.push(
            Problem::VipAndFwmark { cluster: name.value.clone() }
                .at(fwmark_span)
                .with_secondary(Label::new(vip.span, "address given here")),
        ),
        (Some(vip), None) => {
            if ports.is_empty() {
                diagnostics.push(Problem::VipWithoutPort { cluster: name.value.clone() }.at(vip.span));
            }
            for (protocol, numbers) in ports {
                for number in numbers.iter() {
                    let Ok(port) =
                        in_range(number, "port", 0, 65535, "ports are 16-bit numbers").map_err(|d| diagnostics.push(d))
                    else {
                        continue;
                    };
                    let protocol = protocol.value;
                    keys.push((ServiceKey::Address { protocol, address: vip.value, port: port as u16 }, number.span));
                }
            }
            for (_, span) in &own.matches {
                diagnostics.push(match_outside_fwmark(*span));
            }
        }
        (None, Some((mark, family, span))) => {
            if let Some((_, numbers)) = own.ports.first() {
                if let Some(first) = numbers.first() {
                    diagnostics.push(
                        Problem::FwmarkAndPort { cluster: name.value.clone() }
                            .at(first.span)
                            .with_secondary(Label::new(span, "fwmark given here")),
                    );
                }
            }
            if let Ok(mark_value) = in_range(mark, "fwmark", 1, u32::MAX as u64, "marks are nonzero 32-bit numbers")
                .map_err(|d| diagnostics.push(d))
            {
                let family = fwmark_family(family, &own.matches, diagnostics);
                keys.push((ServiceKey::Fwmark { family, mark: mark_value as u32 }, mark.span));
                for (rule, _) in &own.matches {
                    if let Some(r) = lower_match(rule, mark_value as u32, family, diagnostics) {
                        mark_rules.push(r);
                    }
                }
            }
        }
        (None, None) => {
            diagnostics.push(Problem::NoVirtualAddress { cluster: name.value.clone() }.at(name.span));
            for (_, span) in &own.matches {
                diagnostics.push(match_outside_fwmark(*span));
            }
        }
    }
    (keys, mark_rules)
}

/// The cluster's own backends, then each pool's, in written order; for a pool's, the
/// span of the `backends` line that brought it. Unknown pools are reported.
fn written_backends<'a, 'c: 'a, 'p: 'a>(
    own: &Gathered<'c>,
    pools: &mut Pools<'p>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(&'a ast::Backend, Option<Span>, Option<&'a ast::Pool>)> {
    let mut written_backends: Vec<(&ast::Backend, Option<Span>, Option<&ast::Pool>)> =
        own.backends.iter().map(|b| (*b, None, None)).collect();
    for pool_name in &own.pools {
        match pools.by_name.get(pool_name.value.as_str()) {
            Some((index, pool)) => {
                pools.used[*index] = true;
                let pool: &ast::Pool = pool;
                written_backends.extend(pool.backends.iter().map(|b| (b, Some(pool_name.span), Some(pool))));
            }
            None => {
                let names: Vec<&str> = pools.by_name.keys().copied().collect();
                let suggestion = did_you_mean(&pool_name.value, names);
                diagnostics.push(Problem::UnknownPool { name: pool_name.value.clone(), suggestion }.at(pool_name.span));
            }
        }
    }
    written_backends
}

fn match_outside_fwmark(span: Span) -> Diagnostic {
    Problem::MatchOutsideFwmark.at(span)
}

/// The family of a fwmark service: as written, else that of its match rules, else IPv4.
fn fwmark_family(
    written: Option<&Spanned<Family>>,
    matches: &[(&ast::MatchRule, Span)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Family {
    let from_matches = matches.first().map(|(m, _)| Family::of(&m.destination.value.address));
    let family = written.map(|f| f.value).or(from_matches).unwrap_or(Family::Ipv4);
    for (rule, _) in matches {
        let rule_family = Family::of(&rule.destination.value.address);
        if rule_family != family {
            diagnostics.push(Problem::MatchFamily { rule: rule_family, service: family }.at(rule.destination.span));
        }
    }
    family
}

fn lower_match(
    rule: &ast::MatchRule,
    mark: u32,
    family: Family,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<MarkRule> {
    let destination = lower_network(&rule.destination, diagnostics)?;
    let protocol = rule.protocol.as_ref().map(|p| p.value);
    if protocol.is_none() {
        if let Some(first) = rule.ports.first() {
            diagnostics.push(Problem::MatchPortsWithoutProtocol.at(first.span));
            return None;
        }
    }
    let mut ports = Vec::new();
    for range in &rule.ports {
        let (first, last) = range.value;
        if first > 65535 || last > 65535 || first > last {
            diagnostics.push(Problem::PortRangeOutOfRange { first, last }.at(range.span));
            continue;
        }
        ports.push(PortRange { first: first as u16, last: last as u16 });
    }
    Some(MarkRule { mark, family, protocol, destination, ports })
}

/// An address with an optional prefix as a network (a bare address is a host network).
pub fn lower_network(written: &Spanned<ast::Network>, diagnostics: &mut Vec<Diagnostic>) -> Option<IpNet> {
    lower_network_keeping_address(written, diagnostics).map(|n| n.trunc())
}

/// An address with its prefix length (`192.0.2.10/24`: an interface address, not a network).
pub fn lower_network_keeping_address(
    written: &Spanned<ast::Network>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<IpNet> {
    let address = written.value.address;
    let max = if address.is_ipv4() { 32 } else { 128 };
    let prefix = match &written.value.prefix {
        Some(p) => in_range(p, "prefix length", 0, max, "it counts the network bits of the address")
            .map_err(|d| diagnostics.push(d))
            .ok()?,
        None => max,
    };
    IpNet::new(address, prefix as u8).ok()
}

fn lower_persistence(
    written: &ast::Persistence,
    family: Family,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Persistence> {
    let timeout = match &written.timeout {
        Some(t) => in_range(t, "persistence timeout", 1, MAX_TIMEOUT, "ipvsadm takes 1 second to 31 days")
            .map_err(|d| diagnostics.push(d))
            .ok()? as u32,
        None => Persistence::DEFAULT_TIMEOUT,
    };
    let mask = match (&written.granularity, family) {
        (None, family) => PersistenceMask::host(family),
        (Some(g), Family::Ipv4) => match g.value {
            ast::Granularity::Netmask(m) => PersistenceMask::Netmask(m),
            ast::Granularity::Prefix(_) => {
                diagnostics.push(Problem::PrefixOnIpv4.at(g.span));
                return None;
            }
        },
        (Some(g), Family::Ipv6) => match g.value {
            ast::Granularity::Prefix(p) => {
                let prefix = Spanned::new(p, g.span);
                PersistenceMask::Prefix(
                    in_range(&prefix, "IPv6 persistence prefix", 1, 128, "the kernel refuses others")
                        .map_err(|d| diagnostics.push(d))
                        .ok()? as u8,
                )
            }
            ast::Granularity::Netmask(_) => {
                diagnostics.push(Problem::NetmaskOnIpv6.at(g.span));
                return None;
            }
        },
    };
    let sip = match &written.engine {
        Some(e) if e.value == "sip" => true,
        Some(e) => {
            let suggestion = did_you_mean(&e.value, ["sip"]);
            diagnostics.push(Problem::UnknownPersistenceEngine { name: e.value.clone(), suggestion }.at(e.span));
            return None;
        }
        None => false,
    };
    Some(Persistence { timeout, mask, sip })
}

fn lower_backend(
    written: &ast::Backend,
    via_pool: Option<Span>,
    cluster_forward: Forward,
    cluster_weight: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<BackendSpec> {
    for repeated in &written.repeated_options {
        let problem = Problem::DuplicateSetting { setting: "a backend option".into(), scope: SettingScope::Backend };
        diagnostics.push(problem.at(*repeated));
    }
    let mut ok = true;
    let mut check = |value: &Option<Spanned<u64>>, what: &str, max: u64, why: &str| -> u64 {
        match value {
            Some(v) => in_range(v, what, 0, max, why).unwrap_or_else(|d| {
                diagnostics.push(d);
                ok = false;
                0
            }),
            None => 0,
        }
    };
    let port = check(&written.port, "port", 65535, "ports are 16-bit numbers");
    let weight = check(&written.weight, "weight", MAX_WEIGHT, "the kernel stores weights as a signed 32-bit number");
    let upper = check(
        &written.upper_threshold,
        "connection threshold",
        MAX_WEIGHT,
        "ipvsadm reads it as a signed 32-bit number",
    );
    let lower = check(
        &written.lower_threshold,
        "connection threshold",
        MAX_WEIGHT,
        "ipvsadm reads it as a signed 32-bit number",
    );
    let forward = match &written.forward {
        Some(f) => lower_forward(f, diagnostics),
        None => Some(cluster_forward),
    };
    if !ok {
        return None;
    }
    Some(BackendSpec {
        address: written.address.value,
        port: written.port.as_ref().map(|p| Spanned::new(port as u16, p.span)),
        forward: forward?,
        weight: if written.weight.is_some() { weight as u32 } else { cluster_weight },
        upper: upper as u32,
        lower: lower as u32,
        checks: LoweredChecks::default(),
        inhibit: false,
        notify_up: None,
        notify_down: None,
        origin: DestinationOrigin {
            checks: Vec::new(),
            backend: written.span,
            via_pool,
            address: written.address.span,
            port: written.port.as_ref().map(|p| Spanned::new(port as u16, p.span)),
            weight: written.weight.as_ref().map(|w| w.span),
            lower_threshold: written.lower_threshold.as_ref().map(|t| t.span),
            upper_threshold: written.upper_threshold.as_ref().map(|t| t.span),
        },
    })
}

/// A backend's checks (its own, else its pool's, else the cluster's), `inhibit` and
/// notify commands.
fn with_health(
    mut spec: BackendSpec,
    written: &ast::Backend,
    pool_checks: Option<&LoweredChecks>,
    cluster: &ClusterHealth<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BackendSpec {
    let own = written.health.as_ref();
    let own_checks: Vec<&ast::Check> = own.map(|h| h.checks.iter().collect()).unwrap_or_default();
    let own_checks = lower_checks(&own_checks, diagnostics);
    spec.checks = match pool_checks {
        _ if own_checks.written => own_checks,
        Some(pool) if pool.written => pool.clone(),
        _ => cluster.checks.clone(),
    };
    // The spans go where the rules read them.
    spec.origin.checks = std::mem::take(&mut spec.checks.spans);
    spec.inhibit = cluster.inhibit || own.is_some_and(|h| h.inhibit.is_some());
    let notify = |event: ast::NotifyEvent| {
        own.and_then(|h| h.notify.iter().find(|(e, _)| *e == event).map(|(_, c)| c.value.clone()))
    };
    spec.notify_up = notify(ast::NotifyEvent::Up).or_else(|| cluster.notify_up.map(|c| c.value.clone()));
    spec.notify_down = notify(ast::NotifyEvent::Down).or_else(|| cluster.notify_down.map(|c| c.value.clone()));
    spec
}
