//! Model ↔ IPVS attributes: what a service or destination of the model is in the
//! kernel's words, and back. The dump reads the live table into the same model the
//! checker makes, so a diff compares like with like; and each planned operation as the
//! request that performs it.

use super::ipvs::daemon_consts::{STATE_BACKUP, STATE_MASTER};
use super::ipvs::dest_consts::*;
use super::ipvs::service_consts::*;
use super::ipvs::{Command, CommandAttr, DaemonAttr, DestAttr, IpvsMessage, ServiceAttr};
use crate::change::{drained, Operation};
use crate::model::{
    Checksum, Destination, Family, Forward, Persistence, PersistenceMask, Protocol, Scheduler, SchedulerFlags, Service,
    ServiceKey, SyncDaemon, SyncRole, Tunnel,
};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

const AF_INET: u16 = 2;
const AF_INET6: u16 = 10;

fn af(family: Family) -> u16 {
    match family {
        Family::Ipv4 => AF_INET,
        Family::Ipv6 => AF_INET6,
    }
}

fn address_bytes(address: &IpAddr) -> [u8; 16] {
    let mut out = [0u8; 16];
    match address {
        IpAddr::V4(a) => out[..4].copy_from_slice(&a.octets()),
        IpAddr::V6(a) => out = a.octets(),
    }
    out
}

fn address_of(family: u16, bytes: [u8; 16]) -> IpAddr {
    if family == AF_INET6 {
        IpAddr::V6(Ipv6Addr::from(bytes))
    } else {
        IpAddr::V4(Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]))
    }
}

/// The attributes that name a service (for destinations, deletes and dumps).
pub fn service_identity(key: &ServiceKey) -> Vec<ServiceAttr> {
    match key {
        ServiceKey::Address { protocol, address, port } => vec![
            ServiceAttr::Af(af(Family::of(address))),
            ServiceAttr::Protocol(match protocol {
                Protocol::Tcp => 6,
                Protocol::Udp => 17,
                Protocol::Sctp => 132,
            }),
            ServiceAttr::Addr(address_bytes(address)),
            ServiceAttr::Port(*port),
        ],
        ServiceKey::Fwmark { family, mark } => vec![ServiceAttr::Af(af(*family)), ServiceAttr::Fwmark(*mark)],
    }
}

/// A whole service, as NEW_SERVICE and SET_SERVICE need it (identity, scheduler, flags,
/// timeout and netmask: without all four the kernel answers EINVAL).
pub fn service_attrs(service: &Service) -> Vec<ServiceAttr> {
    let mut attrs = service_identity(&service.key);
    let mut flags = 0;
    if service.persistence.is_some() {
        flags |= F_PERSISTENT;
    }
    if service.one_packet {
        flags |= F_ONEPACKET;
    }
    if service.flags.fallback {
        flags |= F_SCHED1;
    }
    if service.flags.port {
        flags |= F_SCHED2;
    }
    let (timeout, netmask) = match &service.persistence {
        Some(p) => (p.timeout, netmask_value(&p.mask)),
        None => (0, netmask_value(&PersistenceMask::host(service.family()))),
    };
    attrs.push(ServiceAttr::SchedName(service.scheduler.name().to_string()));
    if service.persistence.is_some_and(|p| p.sip) {
        attrs.push(ServiceAttr::PeName("sip".into()));
    }
    // The mask keeps the kernel's own HASHED bit as it is.
    attrs.push(ServiceAttr::Flags { flags, mask: !F_HASHED });
    attrs.push(ServiceAttr::Timeout(timeout));
    attrs.push(ServiceAttr::Netmask(netmask));
    attrs
}

fn netmask_value(mask: &PersistenceMask) -> u32 {
    match mask {
        PersistenceMask::Netmask(m) => u32::from_ne_bytes(m.octets()),
        PersistenceMask::Prefix(p) => u32::from(*p),
    }
}

/// A destination as NEW_DEST and SET_DEST need it; `service_family` decides whether the
/// address family must be said (tunnels across families).
pub fn dest_attrs(destination: &Destination, service_family: Family) -> Vec<DestAttr> {
    let (method, tunnel) = match destination.forward {
        Forward::Nat => (FWD_MASQ, None),
        Forward::Dr => (FWD_DROUTE, None),
        Forward::Tunnel { tunnel } => (FWD_TUNNEL, Some(tunnel)),
    };
    let mut attrs = vec![
        DestAttr::Addr(address_bytes(&destination.address)),
        DestAttr::Port(destination.port),
        DestAttr::FwdMethod(method),
        DestAttr::Weight(destination.weight),
        DestAttr::UThresh(destination.upper_threshold),
        DestAttr::LThresh(destination.lower_threshold),
    ];
    if destination.family() != service_family {
        attrs.push(DestAttr::AddrFamily(af(destination.family())));
    }
    match tunnel {
        Some(Tunnel::Ipip) => attrs.push(DestAttr::TunType(TUN_IPIP)),
        Some(Tunnel::Gue { port, checksum }) => attrs.extend([
            DestAttr::TunType(TUN_GUE),
            DestAttr::TunPort(port),
            DestAttr::TunFlags(checksum_flags(checksum)),
        ]),
        Some(Tunnel::Gre { checksum }) => {
            attrs.extend([DestAttr::TunType(TUN_GRE), DestAttr::TunFlags(checksum_flags(checksum))])
        }
        None => {}
    }
    attrs
}

/// The attributes naming one destination of a service (for DEL_DEST).
pub fn dest_identity(destination: &Destination, service_family: Family) -> Vec<DestAttr> {
    let mut attrs = vec![DestAttr::Addr(address_bytes(&destination.address)), DestAttr::Port(destination.port)];
    if destination.family() != service_family {
        attrs.push(DestAttr::AddrFamily(af(destination.family())));
    }
    attrs
}

fn checksum_flags(checksum: Checksum) -> u16 {
    match checksum {
        Checksum::NoCsum => 0,
        Checksum::Csum => TUN_F_CSUM,
        Checksum::RemCsum => TUN_F_REMCSUM,
    }
}

/// Why a dumped service cannot be a service of the model.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UnknownInDump {
    #[error("a service of protocol {0}, which lvsc does not know")]
    Protocol(u16),
    #[error("service {key} uses scheduler `{scheduler}`, which lvsc does not know")]
    Scheduler { key: ServiceKey, scheduler: String },
}

/// A service of a dump, or why it cannot be one.
pub fn service_from(attrs: &[ServiceAttr]) -> Result<Service, UnknownInDump> {
    let mut family = AF_INET;
    let (mut protocol, mut addr, mut port, mut fwmark) = (0, [0u8; 16], 0, 0);
    let (mut sched, mut pe, mut flags, mut timeout, mut netmask) = (String::new(), None, 0, 0, 0);
    for a in attrs {
        match a {
            ServiceAttr::Af(v) => family = *v,
            ServiceAttr::Protocol(v) => protocol = *v,
            ServiceAttr::Addr(v) => addr = *v,
            ServiceAttr::Port(v) => port = *v,
            ServiceAttr::Fwmark(v) => fwmark = *v,
            ServiceAttr::SchedName(v) => sched = v.clone(),
            ServiceAttr::PeName(v) => pe = Some(v.clone()),
            ServiceAttr::Flags { flags: f, .. } => flags = *f,
            ServiceAttr::Timeout(v) => timeout = *v,
            ServiceAttr::Netmask(v) => netmask = *v,
            ServiceAttr::Other(_) => {}
        }
    }
    let model_family = if family == AF_INET6 { Family::Ipv6 } else { Family::Ipv4 };
    let key = if fwmark != 0 {
        ServiceKey::Fwmark { family: model_family, mark: fwmark }
    } else {
        let protocol = match protocol {
            6 => Protocol::Tcp,
            17 => Protocol::Udp,
            132 => Protocol::Sctp,
            other => return Err(UnknownInDump::Protocol(other)),
        };
        ServiceKey::Address { protocol, address: address_of(family, addr), port }
    };
    let scheduler =
        Scheduler::from_name(&sched).ok_or_else(|| UnknownInDump::Scheduler { key, scheduler: sched.clone() })?;
    let persistence = (flags & F_PERSISTENT != 0).then(|| Persistence {
        timeout,
        mask: match model_family {
            Family::Ipv4 => PersistenceMask::Netmask(Ipv4Addr::from(netmask.to_ne_bytes())),
            Family::Ipv6 => PersistenceMask::Prefix(netmask as u8),
        },
        sip: pe.as_deref() == Some("sip"),
    });
    Ok(Service {
        key,
        scheduler,
        flags: SchedulerFlags { fallback: flags & F_SCHED1 != 0, port: flags & F_SCHED2 != 0 },
        persistence,
        one_packet: flags & F_ONEPACKET != 0,
        destinations: Vec::new(),
    })
}

/// A destination of a dump, with its active connection count.
pub fn dest_from(attrs: &[DestAttr], service_family: Family) -> (Destination, u32) {
    let (mut addr, mut port, mut method, mut weight, mut upper, mut lower) = ([0u8; 16], 0, 0, 0, 0, 0);
    let (mut family, mut tun_type, mut tun_port, mut tun_flags, mut active) = (af(service_family), 0, 0, 0, 0);
    for a in attrs {
        match a {
            DestAttr::Addr(v) => addr = *v,
            DestAttr::Port(v) => port = *v,
            DestAttr::FwdMethod(v) => method = *v & FWD_MASK,
            DestAttr::Weight(v) => weight = *v,
            DestAttr::UThresh(v) => upper = *v,
            DestAttr::LThresh(v) => lower = *v,
            DestAttr::AddrFamily(v) => family = *v,
            DestAttr::TunType(v) => tun_type = *v,
            DestAttr::TunPort(v) => tun_port = *v,
            DestAttr::TunFlags(v) => tun_flags = *v,
            DestAttr::ActiveConns(v) => active = *v,
            _ => {}
        }
    }
    let checksum = if tun_flags & TUN_F_REMCSUM != 0 {
        Checksum::RemCsum
    } else if tun_flags & TUN_F_CSUM != 0 {
        Checksum::Csum
    } else {
        Checksum::NoCsum
    };
    let forward = match method {
        FWD_MASQ => Forward::Nat,
        FWD_TUNNEL => Forward::Tunnel {
            tunnel: match tun_type {
                TUN_GUE => Tunnel::Gue { port: tun_port, checksum },
                TUN_GRE => Tunnel::Gre { checksum },
                _ => Tunnel::Ipip,
            },
        },
        _ => Forward::Dr,
    };
    let destination = Destination {
        address: address_of(family, addr),
        port,
        forward,
        weight,
        upper_threshold: upper,
        lower_threshold: lower,
    };
    (destination, active)
}

pub fn daemon_attrs(daemon: &SyncDaemon) -> Vec<DaemonAttr> {
    let mut attrs = vec![
        DaemonAttr::State(if daemon.role == SyncRole::Master { STATE_MASTER } else { STATE_BACKUP }),
        DaemonAttr::McastIfn(daemon.interface.clone()),
        DaemonAttr::SyncId(u32::from(daemon.sync_id)),
        DaemonAttr::SyncMaxLen(daemon.max_len),
        DaemonAttr::McastPort(daemon.port),
        DaemonAttr::McastTtl(daemon.ttl),
    ];
    match daemon.group {
        IpAddr::V4(a) => attrs.push(DaemonAttr::McastGroup(a.octets())),
        IpAddr::V6(a) => attrs.push(DaemonAttr::McastGroup6(a.octets())),
    }
    attrs
}

pub fn daemon_from(attrs: &[DaemonAttr]) -> SyncDaemon {
    let mut d = SyncDaemon::new(SyncRole::Master, String::new());
    for a in attrs {
        match a {
            DaemonAttr::State(s) => d.role = if *s == STATE_BACKUP { SyncRole::Backup } else { SyncRole::Master },
            DaemonAttr::McastIfn(i) => d.interface = i.clone(),
            DaemonAttr::SyncId(v) => d.sync_id = *v as u8,
            DaemonAttr::SyncMaxLen(v) => d.max_len = *v,
            DaemonAttr::McastGroup(v) if *v != [0; 4] => d.group = IpAddr::from(*v),
            DaemonAttr::McastGroup6(v) if *v != [0; 16] => d.group = IpAddr::from(*v),
            DaemonAttr::McastPort(v) if *v != 0 => d.port = *v,
            DaemonAttr::McastTtl(v) if *v != 0 => d.ttl = *v,
            _ => {}
        }
    }
    d
}

/// The netlink request that performs an operation.
pub fn request(operation: &Operation) -> IpvsMessage {
    let service = |command, attrs| IpvsMessage { command, attrs: vec![CommandAttr::Service(attrs)] };
    let dest = |command, key: &ServiceKey, attrs| IpvsMessage {
        command,
        attrs: vec![CommandAttr::Service(service_identity(key)), CommandAttr::Dest(attrs)],
    };
    match operation {
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
