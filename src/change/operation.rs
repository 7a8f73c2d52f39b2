//! Operations: the fewest, safest steps that turn one table into another, derived from
//! their comparison.
//!
//! Order: timeouts; new services with their destinations; edits of services in place
//! (scheduler, flags, persistence: the kernel allows it, so no delete and re-add); new
//! destinations before the old ones go; destination edits (weight, thresholds, method);
//! then deletions, destinations before services; sync daemons last. Every operation
//! knows its inverse, which is how a failed apply is rolled back.

use super::{DestinationChange, ServiceChange, TableDiff};
use crate::emit::{destination_line, service_line, service_spec};
use crate::model::{endpoint, Config, Destination, Service, ServiceKey, SyncDaemon, Timeouts};
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
    // The kernel knows nothing of checks and VRRP: keepalived carries them out.
    desired.health = Default::default();
    live.health = Default::default();
    let t = desired.timeouts;
    live.timeouts = Timeouts {
        tcp: t.tcp.and(live.timeouts.tcp),
        tcp_fin: t.tcp_fin.and(live.timeouts.tcp_fin),
        udp: t.udp.and(live.timeouts.udp),
    };
    if scope.keep_unmanaged {
        let wanted: std::collections::HashSet<ServiceKey> = desired.services.iter().map(|s| s.key).collect();
        live.services.retain(|s| wanted.contains(&s.key));
        live.sync_daemons.retain(|d| desired.sync_daemons.iter().any(|w| w.role == d.role));
    }
    (live, desired)
}

/// The operations that carry out `diff` (a comparison of two models as [`comparable`]
/// gives them), in the order the module's documentation gives.
pub fn operations(diff: &TableDiff, scope: Scope) -> Vec<Operation> {
    let mut ops = Vec::new();
    if let Some((old, new)) = diff.timeouts {
        ops.push(Operation::SetTimeouts { new, old });
    }
    let mut deletions = Vec::new();
    let drain = |ops: &mut Vec<Operation>, key: ServiceKey, d: &Destination| {
        if scope.drain && d.weight > 0 {
            ops.push(Operation::DrainDestination { key, destination: *d });
        }
    };
    for change in &diff.services {
        match change {
            ServiceChange::Added(service) => {
                ops.push(Operation::AddService(Service { destinations: Vec::new(), ..service.clone() }));
                ops.extend(service.destinations.iter().map(|d| Operation::AddDestination(service.key, *d)));
            }
            ServiceChange::Removed { service, .. } => {
                for d in &service.destinations {
                    drain(&mut ops, service.key, d);
                }
                deletions.push(Operation::DeleteService(service.clone()));
            }
            ServiceChange::Changed { old, new, destinations, .. } => {
                if old != new {
                    ops.push(Operation::EditService { new: new.clone(), old: old.clone() });
                }
                for change in destinations {
                    match change {
                        DestinationChange::Added(d) => ops.push(Operation::AddDestination(new.key, *d)),
                        DestinationChange::Changed { old: have, new: wanted, .. } => {
                            ops.push(Operation::EditDestination { key: new.key, new: *wanted, old: *have })
                        }
                        DestinationChange::Removed(d, _) => {
                            drain(&mut ops, new.key, d);
                            deletions.push(Operation::DeleteDestination(new.key, *d));
                        }
                    }
                }
            }
        }
    }
    // Deletions last, destinations before services, so nothing is removed before what
    // replaces it is in place.
    deletions.sort_by_key(|op| matches!(op, Operation::DeleteService(_)));
    ops.extend(deletions);
    if let Some(daemons) = &diff.sync_daemons {
        for d in &daemons.new {
            match daemons.old.iter().find(|l| l.role == d.role) {
                Some(current) if current == d => {}
                Some(current) => {
                    ops.push(Operation::StopDaemon(current.clone()));
                    ops.push(Operation::StartDaemon(d.clone()));
                }
                None => ops.push(Operation::StartDaemon(d.clone())),
            }
        }
        for d in &daemons.old {
            if !daemons.new.iter().any(|w| w.role == d.role) {
                ops.push(Operation::StopDaemon(d.clone()));
            }
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
}

/// The destination as a drain leaves it: no new connections.
pub(crate) fn drained(d: &Destination) -> Destination {
    Destination { weight: 0, ..*d }
}

/// Each operation as the ipvsadm command that would do the same, for review.
impl Operation {
    /// What it does, in the words its listing starts with (`add server`).
    pub fn kind(&self) -> &'static str {
        match self {
            Operation::SetTimeouts { .. } => "set timeouts",
            Operation::AddService(_) => "add service",
            Operation::EditService { .. } => "edit service",
            Operation::AddDestination(..) => "add server",
            Operation::EditDestination { .. } => "edit server",
            Operation::DrainDestination { .. } => "drain server",
            Operation::DeleteDestination(..) => "delete server",
            Operation::DeleteService(_) => "delete service",
            Operation::StartDaemon(_) => "start daemon",
            Operation::StopDaemon(_) => "stop daemon",
        }
    }
}

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
                write!(f, "start daemon     {d}")
            }
            Operation::StopDaemon(d) => write!(f, "stop daemon      {}", d.role),
        }
    }
}
