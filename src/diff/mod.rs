//! The semantic difference between two models, in terms of the IPVS table: services
//! added, removed or changed (attribute by attribute), real servers added, removed or
//! changed, and the table-wide and director settings. `lvsc diff` shows it; the kernel
//! backend's plan is built from the same comparison.
//!
//! Changes that hurt live traffic carry a [`Risk`]: a scheduler change (its state starts
//! over), persistence removed, a real server removed while it still had weight (its
//! clients are cut instead of drained), a service removed.

mod render;

pub use render::{render_changes, render_unified};

use crate::import::lvs_writer::duration_text;
use crate::model::{endpoint, Config, Destination, Forward, PersistenceMask, Service, ServiceKey, Tunnel};
use std::collections::BTreeMap;

/// One attribute that differs: its name and both values as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeChange {
    pub name: &'static str,
    pub old: String,
    pub new: String,
}

/// Why a change deserves a second look before it reaches a live director.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Risk {
    SchedulerStateReset,
    PersistenceRemoved,
    RemovedWithoutDrain,
    ServiceRemoved,
    ServiceMoved,
}

impl Risk {
    pub fn explain(self) -> &'static str {
        match self {
            Risk::SchedulerStateReset => {
                "changing the scheduler starts its state over: clients may move to other servers"
            }
            Risk::PersistenceRemoved => "without persistence, returning clients may reach another server",
            Risk::RemovedWithoutDrain => {
                "removed while it still had weight: set weight 0 first and wait for its connections to end"
            }
            Risk::ServiceRemoved => "new connections to this address are refused once it is gone",
            Risk::ServiceMoved => "the same backends now answer at another address: clients of the old one are cut",
        }
    }
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
    Changed {
        key: ServiceKey,
        attributes: Vec<(AttributeChange, Option<Risk>)>,
        destinations: Vec<DestinationChange>,
    },
}

/// Everything that differs between two models.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableDiff {
    pub services: Vec<ServiceChange>,
    /// Timeouts, sync daemons and director settings, as attribute changes.
    pub settings: Vec<AttributeChange>,
}

impl TableDiff {
    pub fn is_empty(&self) -> bool {
        self.services.is_empty() && self.settings.is_empty()
    }

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
        risks
    }
}

/// Compares two models.
pub fn diff(old: &Config, new: &Config) -> TableDiff {
    let old_services: BTreeMap<ServiceKey, &Service> = old.services.iter().map(|s| (s.key, s)).collect();
    let new_services: BTreeMap<ServiceKey, &Service> = new.services.iter().map(|s| (s.key, s)).collect();
    let mut services = Vec::new();
    let mut keys: Vec<ServiceKey> = old_services.keys().chain(new_services.keys()).copied().collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        match (old_services.get(&key), new_services.get(&key)) {
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
                let attributes = service_attributes(o, n);
                let destinations = destination_changes(o, n);
                if !attributes.is_empty() || !destinations.is_empty() {
                    services.push(ServiceChange::Changed { key, attributes, destinations });
                }
            }
            (None, None) => {}
        }
    }
    TableDiff { services, settings: setting_changes(old, new) }
}

/// The scheduler with its flags, as `sh (sh-fallback,sh-port)`.
pub fn scheduler_text(service: &Service) -> String {
    let flags = service.flags.names(service.scheduler);
    if flags.is_empty() {
        service.scheduler.name().to_string()
    } else {
        format!("{} ({})", service.scheduler.name(), flags.join(","))
    }
}

pub fn persistence_text(service: &Service) -> String {
    match &service.persistence {
        None => "none".to_string(),
        Some(p) => {
            let mut text = duration_text(p.timeout);
            match p.mask {
                PersistenceMask::Netmask(m) if !p.mask.is_host() => text.push_str(&format!(" netmask {m}")),
                PersistenceMask::Prefix(n) if !p.mask.is_host() => text.push_str(&format!(" prefix {n}")),
                _ => {}
            }
            if p.sip {
                text.push_str(" engine sip");
            }
            text
        }
    }
}

fn service_attributes(old: &Service, new: &Service) -> Vec<(AttributeChange, Option<Risk>)> {
    let mut changes = Vec::new();
    let mut compare = |name, o: String, n: String, risk| {
        if o != n {
            changes.push((AttributeChange { name, old: o, new: n }, risk));
        }
    };
    let risk = (old.scheduler != new.scheduler).then_some(Risk::SchedulerStateReset);
    compare("scheduler", scheduler_text(old), scheduler_text(new), risk);
    let risk = (old.persistence.is_some() && new.persistence.is_none()).then_some(Risk::PersistenceRemoved);
    compare("persistence", persistence_text(old), persistence_text(new), risk);
    compare("one-packet", old.one_packet.to_string(), new.one_packet.to_string(), None);
    changes
}

pub fn forward_text(forward: &Forward) -> String {
    match forward {
        Forward::Nat => "nat".into(),
        Forward::Dr => "dr".into(),
        Forward::Tunnel { tunnel: Tunnel::Ipip } => "tunnel ipip".into(),
        Forward::Tunnel { tunnel: Tunnel::Gue { port, checksum } } => {
            format!("tunnel gue port {port} {checksum:?}").to_lowercase()
        }
        Forward::Tunnel { tunnel: Tunnel::Gre { checksum } } => format!("tunnel gre {checksum:?}").to_lowercase(),
    }
}

fn destination_changes(old: &Service, new: &Service) -> Vec<DestinationChange> {
    let by_endpoint = |s: &Service| -> BTreeMap<(crate::model::Family, std::net::IpAddr, u16), Destination> {
        s.destinations.iter().map(|d| (d.sort_key(), *d)).collect()
    };
    let (o, n) = (by_endpoint(old), by_endpoint(new));
    let mut changes = Vec::new();
    let mut keys: Vec<_> = o.keys().chain(n.keys()).copied().collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        match (o.get(&key), n.get(&key)) {
            (Some(d), None) => {
                changes.push(DestinationChange::Removed(*d, (d.weight > 0).then_some(Risk::RemovedWithoutDrain)))
            }
            (None, Some(d)) => changes.push(DestinationChange::Added(*d)),
            (Some(a), Some(b)) if a != b => {
                let mut attributes = Vec::new();
                let mut compare = |name, x: String, y: String| {
                    if x != y {
                        attributes.push(AttributeChange { name, old: x, new: y });
                    }
                };
                compare("weight", a.weight.to_string(), b.weight.to_string());
                compare("forward", forward_text(&a.forward), forward_text(&b.forward));
                compare("u-threshold", a.upper_threshold.to_string(), b.upper_threshold.to_string());
                compare("l-threshold", a.lower_threshold.to_string(), b.lower_threshold.to_string());
                changes.push(DestinationChange::Changed { old: *a, new: *b, attributes });
            }
            _ => {}
        }
    }
    changes
}

fn setting_changes(old: &Config, new: &Config) -> Vec<AttributeChange> {
    let mut changes = Vec::new();
    let mut compare = |name, o: String, n: String| {
        if o != n {
            changes.push(AttributeChange { name, old: o, new: n });
        }
    };
    let seconds = |v: Option<u32>| v.map_or("kernel default".to_string(), duration_text);
    compare("timeout tcp", seconds(old.timeouts.tcp), seconds(new.timeouts.tcp));
    compare("timeout tcpfin", seconds(old.timeouts.tcp_fin), seconds(new.timeouts.tcp_fin));
    compare("timeout udp", seconds(old.timeouts.udp), seconds(new.timeouts.udp));
    let daemons = |c: &Config| {
        c.sync_daemons
            .iter()
            .map(|d| format!("{:?} on {} syncid {}", d.role, d.interface, d.sync_id).to_lowercase())
            .collect::<Vec<_>>()
            .join(", ")
    };
    compare("sync daemons", daemons(old), daemons(new));
    let list = |items: Vec<String>| if items.is_empty() { "none".to_string() } else { items.join(", ") };
    let (od, nd) = (&old.director, &new.director);
    compare(
        "masquerade",
        list(od.masquerade.iter().map(|m| m.network.to_string()).collect()),
        list(nd.masquerade.iter().map(|m| m.network.to_string()).collect()),
    );
    compare(
        "gateway",
        list(od.gateway_for.iter().map(ToString::to_string).collect()),
        list(nd.gateway_for.iter().map(ToString::to_string).collect()),
    );
    compare("no-redirects", list(od.no_redirects.clone()), list(nd.no_redirects.clone()));
    compare(
        "sysctls",
        list(od.sysctls.iter().map(|(k, v)| format!("{k}={v}")).collect()),
        list(nd.sysctls.iter().map(|(k, v)| format!("{k}={v}")).collect()),
    );
    let marks = |c: &Config| {
        list(
            c.director
                .mark_rules
                .iter()
                .map(|r| {
                    let ports: Vec<String> = r.ports.iter().map(|p| format!("{}-{}", p.first, p.last)).collect();
                    format!("mark {} {} {}", r.mark, r.destination, ports.join(","))
                })
                .collect(),
        )
    };
    compare("mark rules", marks(old), marks(new));
    changes
}

/// `10.0.0.1:80 (nat, weight 1)`
pub fn destination_text(d: &Destination) -> String {
    format!("{} ({}, weight {})", endpoint(&d.address, d.port), forward_text(&d.forward), d.weight)
}
