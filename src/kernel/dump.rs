//! Reads the live IPVS table into the model: one GET_SERVICE dump, one GET_DEST dump per
//! service (naming the service by the key attributes the first dump returned; a large
//! table's on several connections at once unless other work keeps the cores busy), the
//! timeouts and the sync daemons.

use super::connection::{Connection, KernelError};
use super::ipvs::{Command, CommandAttr, IpvsMessage, ServiceAttr};
use super::translate::{daemon_from, dest_from, service_from, service_identity};
use crate::model::{Config, Destination, Service, ServiceKey, Timeouts};
use std::collections::BTreeMap;

/// The live table, and the active connections of each destination (for draining).
pub struct Live {
    pub config: Config,
    pub active: BTreeMap<(ServiceKey, std::net::IpAddr, u16), u32>,
}

/// Below this many services one connection reads every service's destinations; above it
/// they are shared out over connections of their own, one thread each, so that one
/// socket's round trips and decoding overlap another's (the kernel serves one dump at a
/// time per socket).
const SHARED_FROM: usize = 256;
const CONNECTIONS_AT_MOST: usize = 4;

/// Whether the dump has the processors to itself. Beside work that keeps every core busy
/// (parsing a large `.lvs` file), more connections only add work: in the test VM, `lvsc
/// plan` of a 2,000 × 10 table took 1.77 s with the dump on one connection and 2.00 s
/// with it on two (medians of 3), while `lvsc dump` alone is faster on two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cores {
    Free,
    Busy,
}

pub fn dump(connection: &mut Connection, cores: Cores) -> Result<Live, KernelError> {
    let mut config = Config::default();
    let mut nests = Vec::new();
    for reply in connection.dump(IpvsMessage { command: Command::GetService, attrs: Vec::new() })? {
        nests.extend(reply.attrs.into_iter().filter_map(|attr| match attr {
            CommandAttr::Service(nest) => Some(nest),
            _ => None,
        }));
    }
    let connections = if nests.len() < SHARED_FROM || connection.captures() || cores == Cores::Busy {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(CONNECTIONS_AT_MOST)
    };
    let share = nests.len().div_ceil(connections).max(1);
    let mut shares = nests.chunks(share);
    let first = shares.next().unwrap_or_default();
    let read = std::thread::scope(|scope| {
        let others: Vec<_> = shares
            .map(|share| {
                let read = move || destinations_of(&mut Connection::open()?, share);
                (share, std::thread::Builder::new().spawn_scoped(scope, read).ok())
            })
            .collect();
        let mut read = vec![destinations_of(connection, first)];
        for (share, other) in others {
            read.push(match other {
                Some(thread) => thread.join().unwrap_or(Err(KernelError::DumpThreadPanicked)),
                // The system would not start a thread: this connection reads the share too.
                None => destinations_of(connection, share),
            });
        }
        read
    });
    let mut active = BTreeMap::new();
    for share in read {
        for (mut service, destinations) in share? {
            for (destination, connections) in destinations {
                active.insert((service.key, destination.address, destination.port), connections);
                service.destinations.push(destination);
            }
            config.services.push(service);
        }
    }
    let mut timeouts = Timeouts::default();
    for attr in connection.get(Command::GetConfig)? {
        match attr {
            CommandAttr::TimeoutTcp(v) => timeouts.tcp = Some(v),
            CommandAttr::TimeoutTcpFin(v) => timeouts.tcp_fin = Some(v),
            CommandAttr::TimeoutUdp(v) => timeouts.udp = Some(v),
            _ => {}
        }
    }
    config.timeouts = timeouts;
    for reply in connection.dump(IpvsMessage { command: Command::GetDaemon, attrs: Vec::new() })? {
        for attr in reply.attrs {
            if let CommandAttr::Daemon(d) = attr {
                config.sync_daemons.push(daemon_from(&d));
            }
        }
    }
    config.canonicalize();
    Ok(Live { config, active })
}

/// Each service of `nests` with its destinations and their active connections: one
/// GET_DEST dump per service, naming it by the key the service dump returned.
#[allow(clippy::type_complexity)]
fn destinations_of(
    connection: &mut Connection,
    nests: &[Vec<ServiceAttr>],
) -> Result<Vec<(Service, Vec<(Destination, u32)>)>, KernelError> {
    let mut services = Vec::with_capacity(nests.len());
    for nest in nests {
        let service = service_from(nest)?;
        // The service named by its key alone, as the kernel reads it for GET_DEST: the rest
        // of the dumped nest (statistics above all) would only be encoded, sent and parsed.
        let named = CommandAttr::Service(service_identity(&service.key));
        let request = IpvsMessage { command: Command::GetDest, attrs: vec![named] };
        let mut destinations = Vec::new();
        for reply in connection.dump(request)? {
            for attr in reply.attrs {
                if let CommandAttr::Dest(d) = attr {
                    destinations.push(dest_from(&d, service.family()));
                }
            }
        }
        services.push((service, destinations));
    }
    Ok(services)
}
