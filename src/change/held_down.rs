//! The live table of a director whose checks keepalived runs: a backend its check finds
//! down is out of the table (or at weight 0 with `inhibit`), and a sorry server may stand
//! in. Those are keepalived doing its work, not drift: `plan` names them and leaves them
//! out of the changes.

use crate::model::{BackendHealth, Config, Destination, Service, ServiceKey};
use std::collections::HashMap;
use std::net::IpAddr;

/// What keepalived holds differently from the file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldDown {
    pub service: ServiceKey,
    pub address: IpAddr,
    pub port: u16,
    pub how: HeldHow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldHow {
    /// A checked backend missing from the live table.
    Out,
    /// An inhibited backend at weight 0.
    WeightZero,
    /// The sorry server, in while every backend is down.
    SorryServer,
}

impl std::fmt::Display for HeldDown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let endpoint = crate::model::endpoint(&self.address, self.port);
        match self.how {
            HeldHow::Out => {
                write!(f, "backend {endpoint} of {} is out: keepalived's check finds it down", self.service)
            }
            HeldHow::WeightZero => {
                write!(f, "backend {endpoint} of {} is at weight 0: keepalived's check finds it down", self.service)
            }
            HeldHow::SorryServer => {
                write!(f, "sorry server {endpoint} serves {}: every backend is down", self.service)
            }
        }
    }
}

/// `desired` as keepalived would have it now, given what the live table shows of its
/// checks, and what that accounts for. A file without health settings is unchanged.
pub fn as_keepalived_holds(live: &Config, desired: &Config) -> (Config, Vec<HeldDown>) {
    let mut adjusted = desired.clone();
    let mut held = Vec::new();
    if desired.health.is_empty() {
        return (adjusted, held);
    }
    // By key and endpoint: a table of tens of thousands of backends is searched once each.
    let live_services: HashMap<ServiceKey, &Service> = live.services.iter().map(|s| (s.key, s)).collect();
    for service in &mut adjusted.services {
        let Some(health) = desired.health.service(&service.key) else { continue };
        let Some(live_service) = live_services.get(&service.key) else { continue };
        let live_at: HashMap<(IpAddr, u16), &Destination> =
            live_service.destinations.iter().map(|d| ((d.address, d.port), d)).collect();
        let checked: HashMap<(IpAddr, u16), &BackendHealth> =
            health.backends.iter().filter(|b| !b.checks.is_empty()).map(|b| ((b.address, b.port), b)).collect();
        let key = service.key;
        service.destinations.retain_mut(|d| {
            let Some(b) = checked.get(&(d.address, d.port)) else { return true };
            match live_at.get(&(d.address, d.port)) {
                None if !b.inhibit => {
                    held.push(HeldDown { service: key, address: d.address, port: d.port, how: HeldHow::Out });
                    false
                }
                Some(l) if b.inhibit && l.weight == 0 && d.weight != 0 => {
                    held.push(HeldDown { service: key, address: d.address, port: d.port, how: HeldHow::WeightZero });
                    d.weight = 0;
                    true
                }
                _ => true,
            }
        });
        if let Some(sorry) = &health.sorry_server {
            let wanted = service.destinations.iter().any(|d| d.address == sorry.address && d.port == sorry.port);
            if let (Some(l), false) = (live_at.get(&(sorry.address, sorry.port)), wanted) {
                held.push(HeldDown {
                    service: key,
                    address: sorry.address,
                    port: sorry.port,
                    how: HeldHow::SorryServer,
                });
                service.destinations.push(**l);
            }
        }
    }
    adjusted.canonicalize();
    (adjusted, held)
}
