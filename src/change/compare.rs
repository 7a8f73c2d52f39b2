//! The semantic difference between two models, in terms of the IPVS table: services
//! added, removed or changed (attribute by attribute), real servers added, removed or
//! changed, and the table-wide and director settings.
//!
//! Changes that hurt live traffic carry a [`Risk`]: a scheduler change (its state starts
//! over), persistence removed, a real server removed while it still had weight (its
//! clients are cut instead of drained), a service removed or moved.

use super::Risk;
use crate::model::{Config, Destination, Family, Seconds, Service, ServiceKey, SyncDaemon, Timeouts};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// One attribute that differs: its name and both values as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeChange {
    pub name: &'static str,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DestinationChange {
    Added(Destination),
    Removed(Destination, Option<Risk>),
    Changed { old: Destination, new: Destination, attributes: Vec<AttributeChange> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceChange {
    Added(Service),
    /// A service that is gone; `moved_to` names a new service with the same backends.
    Removed {
        service: Service,
        moved_to: Option<ServiceKey>,
    },
    /// The same key on both sides. `old` and `new` are the services without their
    /// destinations (those changes are in `destinations`), as an in-place edit sends them.
    Changed {
        old: Service,
        new: Service,
        attributes: Vec<(AttributeChange, Option<Risk>)>,
        destinations: Vec<DestinationChange>,
    },
}

/// The sync daemons on each side, when they differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaemonChange {
    pub old: Vec<SyncDaemon>,
    pub new: Vec<SyncDaemon>,
}

/// Everything that differs between two models.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableDiff {
    pub services: Vec<ServiceChange>,
    /// Old and new connection timeouts, when they differ.
    pub timeouts: Option<(Timeouts, Timeouts)>,
    pub sync_daemons: Option<DaemonChange>,
    /// Director settings (not in the kernel's table), as attribute changes.
    pub director: Vec<AttributeChange>,
    /// Health checks and VRRP (keepalived's part, not the kernel's).
    pub health: Vec<super::HealthChange>,
}

impl TableDiff {
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
            && self.timeouts.is_none()
            && self.sync_daemons.is_none()
            && self.director.is_empty()
            && self.health.is_empty()
    }

    /// Every risk, in the order of the changes that carry them.
    pub fn risks(&self) -> Vec<Risk> {
        let mut risks = Vec::new();
        for change in &self.services {
            match change {
                ServiceChange::Removed { moved_to: None, .. } => risks.push(Risk::ServiceRemoved),
                ServiceChange::Removed { moved_to: Some(_), .. } => risks.push(Risk::ServiceMoved),
                ServiceChange::Changed { attributes, destinations, .. } => {
                    risks.extend(attributes.iter().filter_map(|(_, r)| *r));
                    risks.extend(destinations.iter().filter_map(|d| match d {
                        DestinationChange::Removed(_, r) => *r,
                        _ => None,
                    }));
                }
                ServiceChange::Added(_) => {}
            }
        }
        risks.extend(self.health.iter().filter_map(|h| h.risk));
        risks
    }

    /// The table-wide and director settings that differ, as a reviewer reads them.
    pub fn settings(&self) -> Vec<AttributeChange> {
        let mut changes = Vec::new();
        if let Some((old, new)) = &self.timeouts {
            let seconds = |v: Option<u32>| v.map_or("kernel default".to_string(), |s| Seconds(s).to_string());
            for (name, o, n) in [
                ("timeout tcp", old.tcp, new.tcp),
                ("timeout tcpfin", old.tcp_fin, new.tcp_fin),
                ("timeout udp", old.udp, new.udp),
            ] {
                push_if_changed(&mut changes, name, seconds(o), seconds(n));
            }
        }
        if let Some(daemons) = &self.sync_daemons {
            let text = |list: &[SyncDaemon]| {
                if list.is_empty() {
                    "none".to_string()
                } else {
                    list.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                }
            };
            push_if_changed(&mut changes, "sync daemons", text(&daemons.old), text(&daemons.new));
        }
        changes.extend(self.director.iter().cloned());
        changes
    }
}

fn push_if_changed(changes: &mut Vec<AttributeChange>, name: &'static str, old: String, new: String) {
    if old != new {
        changes.push(AttributeChange { name, old, new });
    }
}

/// Every key of either map in order, with what each side holds under it.
fn both_sides<'a, K: Ord + Copy, V>(
    old: &'a BTreeMap<K, V>,
    new: &'a BTreeMap<K, V>,
) -> impl Iterator<Item = (Option<&'a V>, Option<&'a V>)> {
    let mut keys: Vec<K> = old.keys().chain(new.keys()).copied().collect();
    keys.sort();
    keys.dedup();
    keys.into_iter().map(move |key| (old.get(&key), new.get(&key)))
}

/// Compares two models.
pub fn compare(old: &Config, new: &Config) -> TableDiff {
    let old_services: BTreeMap<ServiceKey, &Service> = old.services.iter().map(|s| (s.key, s)).collect();
    let new_services: BTreeMap<ServiceKey, &Service> = new.services.iter().map(|s| (s.key, s)).collect();
    let mut services = Vec::new();
    for pair in both_sides(&old_services, &new_services) {
        match pair {
            (Some(o), None) => {
                let moved_to = new
                    .services
                    .iter()
                    .find(|n| {
                        !old_services.contains_key(&n.key)
                            && !n.destinations.is_empty()
                            && n.destinations == o.destinations
                    })
                    .map(|n| n.key);
                services.push(ServiceChange::Removed { service: (*o).clone(), moved_to })
            }
            (None, Some(n)) => services.push(ServiceChange::Added((*n).clone())),
            (Some(o), Some(n)) => {
                let (old, new) = (without_destinations(o), without_destinations(n));
                let destinations = destination_changes(o, n);
                if old != new || !destinations.is_empty() {
                    let attributes = service_attributes(o, n);
                    services.push(ServiceChange::Changed { old, new, attributes, destinations });
                }
            }
            (None, None) => {}
        }
    }
    TableDiff {
        services,
        timeouts: (old.timeouts != new.timeouts).then_some((old.timeouts, new.timeouts)),
        sync_daemons: (old.sync_daemons != new.sync_daemons)
            .then(|| DaemonChange { old: old.sync_daemons.clone(), new: new.sync_daemons.clone() }),
        director: director_changes(old, new),
        health: super::health::compare_health(old, new),
    }
}

fn without_destinations(service: &Service) -> Service {
    Service { destinations: Vec::new(), ..service.clone() }
}

fn service_attributes(old: &Service, new: &Service) -> Vec<(AttributeChange, Option<Risk>)> {
    let mut changes = Vec::new();
    let mut compare = |name, o: String, n: String, risk| {
        if o != n {
            changes.push((AttributeChange { name, old: o, new: n }, risk));
        }
    };
    let risk = (old.scheduler != new.scheduler).then_some(Risk::SchedulerStateReset);
    compare("scheduler", old.scheduler_text(), new.scheduler_text(), risk);
    let risk = (old.persistence.is_some() && new.persistence.is_none()).then_some(Risk::PersistenceRemoved);
    compare("persistence", old.persistence_text(), new.persistence_text(), risk);
    compare("one-packet", old.one_packet.to_string(), new.one_packet.to_string(), None);
    changes
}

fn destination_changes(old: &Service, new: &Service) -> Vec<DestinationChange> {
    let by_endpoint = |s: &Service| -> BTreeMap<(Family, IpAddr, u16), Destination> {
        s.destinations.iter().map(|d| (d.sort_key(), *d)).collect()
    };
    let (o, n) = (by_endpoint(old), by_endpoint(new));
    let mut changes = Vec::new();
    for pair in both_sides(&o, &n) {
        match pair {
            (Some(d), None) => {
                changes.push(DestinationChange::Removed(*d, (d.weight > 0).then_some(Risk::RemovedWithoutDrain)))
            }
            (None, Some(d)) => changes.push(DestinationChange::Added(*d)),
            (Some(a), Some(b)) if a != b => {
                let mut attributes = Vec::new();
                push_if_changed(&mut attributes, "weight", a.weight.to_string(), b.weight.to_string());
                push_if_changed(&mut attributes, "forward", a.forward.to_string(), b.forward.to_string());
                push_if_changed(
                    &mut attributes,
                    "u-threshold",
                    a.upper_threshold.to_string(),
                    b.upper_threshold.to_string(),
                );
                push_if_changed(
                    &mut attributes,
                    "l-threshold",
                    a.lower_threshold.to_string(),
                    b.lower_threshold.to_string(),
                );
                changes.push(DestinationChange::Changed { old: *a, new: *b, attributes });
            }
            _ => {}
        }
    }
    changes
}

fn director_changes(old: &Config, new: &Config) -> Vec<AttributeChange> {
    let mut changes = Vec::new();
    let list = |items: Vec<String>| if items.is_empty() { "none".to_string() } else { items.join(", ") };
    let (od, nd) = (&old.director, &new.director);
    let texts = |c: &Config| {
        let d = &c.director;
        [
            ("masquerade", list(d.masquerade.iter().map(|m| m.network.to_string()).collect())),
            ("gateway", list(d.gateway_for.iter().map(ToString::to_string).collect())),
            ("no-redirects", list(d.no_redirects.clone())),
            ("sysctls", list(d.sysctls.iter().map(|(k, v)| format!("{k}={v}")).collect())),
            (
                "mark rules",
                list(
                    d.mark_rules
                        .iter()
                        .map(|r| {
                            let ports: Vec<String> = r.ports.iter().map(ToString::to_string).collect();
                            format!("mark {} {} {}", r.mark, r.destination, ports.join(","))
                        })
                        .collect(),
                ),
            ),
        ]
    };
    if od != nd {
        for ((name, o), (_, n)) in texts(old).into_iter().zip(texts(new)) {
            push_if_changed(&mut changes, name, o, n);
        }
    }
    changes
}
