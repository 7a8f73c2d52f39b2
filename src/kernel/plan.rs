//! The plan: the fewest, safest operations that turn the live table into the file's.
//!
//! Order: timeouts; new services with their destinations; edits of services in place
//! (scheduler, flags, persistence: the kernel allows it, so no delete and re-add); new
//! destinations before the old ones go; destination edits (weight, thresholds, method);
//! then deletions, destinations before services; sync daemons last. Every operation
//! knows its inverse, which is how a failed apply is rolled back.

use super::ipvs::{Command, CommandAttr, IpvsMessage};
use super::translate::{daemon_attrs, dest_attrs, dest_identity, service_attrs, service_identity};
use crate::emit::{destination_line, service_line, service_spec};
use crate::model::{endpoint, Config, Destination, Service, ServiceKey, SyncDaemon, Timeouts};
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    SetTimeouts {
        new: Timeouts,
        old: Timeouts,
    },
    AddService(Service),
    EditService {
        new: Service,
        old: Service,
    },
    AddDestination(ServiceKey, Destination),
    EditDestination {
        key: ServiceKey,
        new: Destination,
        old: Destination,
    },
    /// Weight 0 before a delete, when draining.
    DrainDestination {
        key: ServiceKey,
        destination: Destination,
    },
    DeleteDestination(ServiceKey, Destination),
    /// Carries the whole service and its destinations, to put it back on rollback.
    DeleteService(Service),
    StartDaemon(SyncDaemon),
    StopDaemon(SyncDaemon),
}

/// What the plan may touch.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope {
    /// Leave services (and daemons) that the file does not mention.
    pub keep_unmanaged: bool,
    /// Set departing destinations to weight 0 first.
    pub drain: bool,
}

/// The live table as the plan compares it: only what the file can own. Timeouts the
/// file leaves unset are not compared, nor are director settings (not in the kernel table).
pub fn comparable(live: &Config, desired: &Config, scope: Scope) -> (Config, Config) {
    let mut live = live.clone();
    let mut desired = desired.clone();
    desired.director = Default::default();
    live.director = Default::default();
    let t = desired.timeouts;
    live.timeouts = Timeouts {
        tcp: t.tcp.and(live.timeouts.tcp),
        tcp_fin: t.tcp_fin.and(live.timeouts.tcp_fin),
        udp: t.udp.and(live.timeouts.udp),
    };
    if scope.keep_unmanaged {
        let wanted: Vec<ServiceKey> = desired.services.iter().map(|s| s.key).collect();
        live.services.retain(|s| wanted.contains(&s.key));
        live.sync_daemons.retain(|d| desired.sync_daemons.iter().any(|w| w.role == d.role));
    }
    (live, desired)
}

/// The operations from `live` to `desired` (both as [`comparable`] gives them).
pub fn plan(live: &Config, desired: &Config, scope: Scope) -> Vec<Operation> {
    let mut ops = Vec::new();
    if live.timeouts != desired.timeouts {
        ops.push(Operation::SetTimeouts { new: desired.timeouts, old: live.timeouts });
    }
    let old: BTreeMap<ServiceKey, &Service> = live.services.iter().map(|s| (s.key, s)).collect();
    let new: BTreeMap<ServiceKey, &Service> = desired.services.iter().map(|s| (s.key, s)).collect();
    let mut deletions = Vec::new();
    for (key, wanted) in &new {
        match old.get(key) {
            None => {
                ops.push(Operation::AddService(Service { destinations: Vec::new(), ..(*wanted).clone() }));
                for d in &wanted.destinations {
                    ops.push(Operation::AddDestination(*key, *d));
                }
            }
            Some(have) => {
                let bare = |s: &Service| Service { destinations: Vec::new(), ..s.clone() };
                if bare(have) != bare(wanted) {
                    ops.push(Operation::EditService { new: bare(wanted), old: bare(have) });
                }
                let find = |list: &[Destination], d: &Destination| {
                    list.iter().find(|x| x.address == d.address && x.port == d.port).copied()
                };
                for d in &wanted.destinations {
                    match find(&have.destinations, d) {
                        None => ops.push(Operation::AddDestination(*key, *d)),
                        Some(current) if current != *d => {
                            ops.push(Operation::EditDestination { key: *key, new: *d, old: current })
                        }
                        Some(_) => {}
                    }
                }
                for d in &have.destinations {
                    if find(&wanted.destinations, d).is_none() {
                        if scope.drain && d.weight > 0 {
                            ops.push(Operation::DrainDestination { key: *key, destination: *d });
                        }
                        deletions.push(Operation::DeleteDestination(*key, *d));
                    }
                }
            }
        }
    }
    for (key, have) in &old {
        if !new.contains_key(key) {
            if scope.drain {
                for d in have.destinations.iter().filter(|d| d.weight > 0) {
                    ops.push(Operation::DrainDestination { key: *key, destination: *d });
                }
            }
            deletions.push(Operation::DeleteService((*have).clone()));
        }
    }
    ops.extend(deletions);
    for d in &desired.sync_daemons {
        match live.sync_daemons.iter().find(|l| l.role == d.role) {
            Some(current) if current == d => {}
            Some(current) => {
                ops.push(Operation::StopDaemon(current.clone()));
                ops.push(Operation::StartDaemon(d.clone()));
            }
            None => ops.push(Operation::StartDaemon(d.clone())),
        }
    }
    for d in &live.sync_daemons {
        if !desired.sync_daemons.iter().any(|w| w.role == d.role) {
            ops.push(Operation::StopDaemon(d.clone()));
        }
    }
    ops
}

impl Operation {
    /// What undoes this operation once it has been done.
    pub fn inverse(&self) -> Vec<Operation> {
        match self {
            Operation::SetTimeouts { new, old } => vec![Operation::SetTimeouts { new: *old, old: *new }],
            Operation::AddService(s) => vec![Operation::DeleteService(s.clone())],
            Operation::EditService { new, old } => vec![Operation::EditService { new: old.clone(), old: new.clone() }],
            Operation::AddDestination(k, d) => vec![Operation::DeleteDestination(*k, *d)],
            Operation::EditDestination { key, new, old } => {
                vec![Operation::EditDestination { key: *key, new: *old, old: *new }]
            }
            Operation::DrainDestination { key, destination } => {
                vec![Operation::EditDestination { key: *key, new: *destination, old: drained(destination) }]
            }
            Operation::DeleteDestination(k, d) => vec![Operation::AddDestination(*k, *d)],
            Operation::DeleteService(s) => {
                let mut ops = vec![Operation::AddService(Service { destinations: Vec::new(), ..s.clone() })];
                ops.extend(s.destinations.iter().map(|d| Operation::AddDestination(s.key, *d)));
                ops
            }
            Operation::StartDaemon(d) => vec![Operation::StopDaemon(d.clone())],
            Operation::StopDaemon(d) => vec![Operation::StartDaemon(d.clone())],
        }
    }

    /// The netlink request that performs it.
    pub fn message(&self) -> IpvsMessage {
        let service = |command, attrs| IpvsMessage { command, attrs: vec![CommandAttr::Service(attrs)] };
        let dest = |command, key: &ServiceKey, attrs| IpvsMessage {
            command,
            attrs: vec![CommandAttr::Service(service_identity(key)), CommandAttr::Dest(attrs)],
        };
        match self {
            Operation::SetTimeouts { new, .. } => IpvsMessage {
                command: Command::SetConfig,
                attrs: vec![
                    CommandAttr::TimeoutTcp(new.tcp.unwrap_or(0)),
                    CommandAttr::TimeoutTcpFin(new.tcp_fin.unwrap_or(0)),
                    CommandAttr::TimeoutUdp(new.udp.unwrap_or(0)),
                ],
            },
            Operation::AddService(s) => service(Command::NewService, service_attrs(s)),
            Operation::EditService { new, .. } => service(Command::SetService, service_attrs(new)),
            Operation::DeleteService(s) => service(Command::DelService, service_identity(&s.key)),
            Operation::AddDestination(k, d) => dest(Command::NewDest, k, dest_attrs(d, k.family())),
            Operation::EditDestination { key, new, .. } => dest(Command::SetDest, key, dest_attrs(new, key.family())),
            Operation::DrainDestination { key, destination } => {
                dest(Command::SetDest, key, dest_attrs(&drained(destination), key.family()))
            }
            Operation::DeleteDestination(k, d) => dest(Command::DelDest, k, dest_identity(d, k.family())),
            Operation::StartDaemon(d) => {
                IpvsMessage { command: Command::NewDaemon, attrs: vec![CommandAttr::Daemon(daemon_attrs(d))] }
            }
            Operation::StopDaemon(d) => IpvsMessage {
                command: Command::DelDaemon,
                attrs: vec![CommandAttr::Daemon(daemon_attrs(d).into_iter().take(1).collect())],
            },
        }
    }
}

fn drained(d: &Destination) -> Destination {
    Destination { weight: 0, ..*d }
}

/// Each operation as the ipvsadm command that would do the same, for review.
impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let add_dest = |k: &ServiceKey, d: &Destination| destination_line(k, d);
        match self {
            Operation::SetTimeouts { new, .. } => write!(
                f,
                "set timeouts     --set {} {} {}",
                new.tcp.unwrap_or(0),
                new.tcp_fin.unwrap_or(0),
                new.udp.unwrap_or(0)
            ),
            Operation::AddService(s) => write!(f, "add service      {}", service_line(s)),
            Operation::EditService { new, .. } => {
                write!(f, "edit service     {}", service_line(new).replacen("-A ", "-E ", 1))
            }
            Operation::AddDestination(k, d) => write!(f, "add server       {}", add_dest(k, d)),
            Operation::EditDestination { key, new, .. } => {
                write!(f, "edit server      {}", add_dest(key, new).replacen("-a ", "-e ", 1))
            }
            Operation::DrainDestination { key, destination } => {
                write!(f, "drain server     {}", add_dest(key, &drained(destination)).replacen("-a ", "-e ", 1))
            }
            Operation::DeleteDestination(k, d) => {
                write!(f, "delete server    -d {} -r {}", service_spec(k), endpoint(&d.address, d.port))
            }
            Operation::DeleteService(s) => write!(f, "delete service   -D {}", service_spec(&s.key)),
            Operation::StartDaemon(d) => {
                write!(f, "start daemon     {:?} on {} syncid {}", d.role, d.interface, d.sync_id)
            }
            Operation::StopDaemon(d) => write!(f, "stop daemon      {:?}", d.role),
        }
    }
}
