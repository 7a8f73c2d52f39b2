//! What differs in health checks, sorry servers, quorums and VRRP between two models: the
//! part of a change keepalived carries out, shown beside the table's.
//!
//! Two changes deserve a second look: a backend that loses its last check (keepalived then
//! keeps it in the table whether it answers or not), and a backend added without a check to
//! a service whose other backends are checked.

use super::Risk;
use crate::model::{BackendHealth, Config, Destination, ServiceHealth, ServiceKey, VrrpInstance};
use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

/// One health setting that differs, as a reviewer reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthChange {
    /// What it is about: `backend 10.0.0.1:8080 of TCP 192.0.2.10:80`, `vrrp front`.
    pub subject: String,
    pub name: &'static str,
    pub old: String,
    pub new: String,
    pub risk: Option<Risk>,
}

pub fn compare_health(old: &Config, new: &Config) -> Vec<HealthChange> {
    let mut changes = Vec::new();
    if old.health.is_empty() && new.health.is_empty() {
        // Nothing keepalived runs on either side (every plan of the kernel's table).
        return changes;
    }
    let services = |c: &Config| -> BTreeMap<ServiceKey, Vec<Destination>> {
        c.services.iter().map(|s| (s.key, s.destinations.clone())).collect()
    };
    let (old_services, new_services) = (services(old), services(new));
    let keys: BTreeSet<ServiceKey> = old_services.keys().chain(new_services.keys()).copied().collect();
    for key in keys {
        let (Some(old_destinations), Some(new_destinations)) = (old_services.get(&key), new_services.get(&key)) else {
            // A service added or removed whole: the table's change says so; its checks
            // are shown when they come with a new service.
            if let Some(destinations) = new_services.get(&key) {
                backend_changes(&mut changes, key, &[], destinations, None, new.health.service(&key));
            }
            continue;
        };
        let (old_health, new_health) = (old.health.service(&key), new.health.service(&key));
        service_changes(&mut changes, key, old_health, new_health);
        backend_changes(&mut changes, key, old_destinations, new_destinations, old_health, new_health);
    }
    vrrp_changes(&mut changes, old, new);
    changes
}

fn service_changes(
    changes: &mut Vec<HealthChange>,
    key: ServiceKey,
    old: Option<&ServiceHealth>,
    new: Option<&ServiceHealth>,
) {
    let texts = |h: Option<&ServiceHealth>| {
        let sorry = h.and_then(|h| h.sorry_server.as_ref()).map_or("none".to_string(), |s| {
            format!("{}{}", crate::model::endpoint(&s.address, s.port), if s.inhibit { " inhibit" } else { "" })
        });
        let quorum = h
            .and_then(|h| h.quorum.as_ref())
            .map_or("none".to_string(), |q| format!("{} hysteresis {}", q.weight, q.hysteresis));
        let flag = |on: bool| if on { "yes" } else { "no" }.to_string();
        [
            ("sorry-server", sorry),
            ("quorum", quorum),
            ("alpha", flag(h.is_some_and(|h| h.alpha))),
            ("omega", flag(h.is_some_and(|h| h.omega))),
        ]
    };
    for ((name, o), (_, n)) in texts(old).into_iter().zip(texts(new)) {
        if o != n {
            changes.push(HealthChange { subject: format!("service {key}"), name, old: o, new: n, risk: None });
        }
    }
}

/// The checks of each backend present on the new side.
fn backend_changes(
    changes: &mut Vec<HealthChange>,
    key: ServiceKey,
    old_destinations: &[Destination],
    new_destinations: &[Destination],
    old: Option<&ServiceHealth>,
    new: Option<&ServiceHealth>,
) {
    let index = |h: Option<&ServiceHealth>| -> BTreeMap<(IpAddr, u16), BackendHealth> {
        h.map(|h| h.backends.iter().map(|b| ((b.address, b.port), b.clone())).collect()).unwrap_or_default()
    };
    let (old_backends, new_backends) = (index(old), index(new));
    let existed: BTreeSet<(IpAddr, u16)> = old_destinations.iter().map(|d| (d.address, d.port)).collect();
    let others_checked = new_backends.values().any(|b| !b.checks.is_empty());
    for d in new_destinations {
        let endpoint = (d.address, d.port);
        let is_new = !existed.contains(&endpoint);
        let (old_backend, new_backend) = (old_backends.get(&endpoint), new_backends.get(&endpoint));
        let unchecked = new_backend.is_none_or(|b| b.checks.is_empty());
        if !is_new && old_backend == new_backend || is_new && unchecked && !others_checked {
            continue;
        }
        let texts = |b: Option<&BackendHealth>| {
            let checks = b.filter(|b| !b.checks.is_empty()).map_or("none".to_string(), |b| {
                b.checks.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
            });
            let inhibit = if b.is_some_and(|b| b.inhibit) { "weight 0 (inhibit)" } else { "removed" };
            (checks, inhibit.to_string())
        };
        let (old_checks, old_failure) = texts(old_backend);
        let (new_checks, new_failure) = texts(new_backend);
        let subject = format!("backend {} of {key}", crate::model::endpoint(&d.address, d.port));
        let risk = if new_checks == "none" && !is_new && old_checks != "none" {
            Some(Risk::CheckRemoved)
        } else if new_checks == "none" && is_new && others_checked {
            Some(Risk::UncheckedBackend)
        } else {
            None
        };
        if old_checks != new_checks || risk.is_some() {
            let old = if is_new { "(new backend)".to_string() } else { old_checks };
            changes.push(HealthChange { subject: subject.clone(), name: "check", old, new: new_checks, risk });
        }
        if !is_new && old_failure != new_failure {
            changes.push(HealthChange { subject, name: "on failure", old: old_failure, new: new_failure, risk: None });
        }
    }
}

fn vrrp_changes(changes: &mut Vec<HealthChange>, old: &Config, new: &Config) {
    let instances = |c: &Config| -> BTreeMap<String, String> {
        c.health.vrrp_instances.iter().map(|i| (i.name.clone(), instance_text(i))).collect()
    };
    let (o, n) = (instances(old), instances(new));
    let names: BTreeSet<&String> = o.keys().chain(n.keys()).collect();
    for name in names {
        let (old_text, new_text) = (o.get(name), n.get(name));
        if old_text == new_text {
            continue;
        }
        let risk = new_text.is_none().then_some(Risk::VrrpRemoved);
        changes.push(HealthChange {
            subject: format!("vrrp {name}"),
            name: "instance",
            old: old_text.cloned().unwrap_or_else(|| "none".into()),
            new: new_text.cloned().unwrap_or_else(|| "none".into()),
            risk,
        });
    }
    let scripts = |c: &Config| {
        c.health.vrrp_scripts.iter().map(|s| format!("{} \"{}\"", s.name, s.command)).collect::<Vec<_>>().join(", ")
    };
    if old.health.vrrp_scripts != new.health.vrrp_scripts {
        changes.push(HealthChange {
            subject: "vrrp scripts".into(),
            name: "scripts",
            old: scripts(old),
            new: scripts(new),
            risk: None,
        });
    }
    let groups = |c: &Config| {
        c.health
            .vrrp_sync_groups
            .iter()
            .map(|g| format!("{} ({})", g.name, g.instances.join(" ")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if old.health.vrrp_sync_groups != new.health.vrrp_sync_groups {
        changes.push(HealthChange {
            subject: "vrrp sync groups".into(),
            name: "groups",
            old: groups(old),
            new: groups(new),
            risk: None,
        });
    }
}

/// `eth0 router-id 51 priority 150 master, 192.0.2.10/32 192.0.2.11/32`.
fn instance_text(i: &VrrpInstance) -> String {
    let addresses: Vec<String> = i.addresses.iter().map(|a| a.network.to_string()).collect();
    format!("{} router-id {} priority {} {}, {}", i.interface, i.router_id, i.priority, i.state, addresses.join(" "))
}
