//! Reads the live IPVS table into the model: one GET_SERVICE dump, one GET_DEST dump per
//! service (naming the service by the nest the first dump returned), the timeouts and the
//! sync daemons.

use super::connection::{Connection, KernelError};
use super::ipvs::{Command, CommandAttr, IpvsMessage};
use super::translate::{daemon_from, dest_from, service_from};
use crate::model::{Config, Destination, ServiceKey, Timeouts};
use std::collections::BTreeMap;

/// The live table, and the active connections of each destination (for draining).
pub struct Live {
    pub config: Config,
    pub active: BTreeMap<(ServiceKey, std::net::IpAddr, u16), u32>,
}

pub fn dump(connection: &mut Connection) -> Result<Live, KernelError> {
    let mut config = Config::default();
    let mut active = BTreeMap::new();
    for reply in connection.dump(IpvsMessage { command: Command::GetService, attrs: Vec::new() })? {
        for attr in reply.attrs {
            let CommandAttr::Service(nest) = attr else { continue };
            let mut service = service_from(&nest)?;
            let request = IpvsMessage { command: Command::GetDest, attrs: vec![CommandAttr::Service(nest)] };
            let mut destinations: Vec<Destination> = Vec::new();
            for dest_reply in connection.dump(request)? {
                for dest_attr in dest_reply.attrs {
                    if let CommandAttr::Dest(d) = dest_attr {
                        let (destination, connections) = dest_from(&d, service.family());
                        active.insert((service.key, destination.address, destination.port), connections);
                        destinations.push(destination);
                    }
                }
            }
            service.destinations = destinations;
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
