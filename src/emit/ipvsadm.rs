//! `ipvsadm-restore` text.
//!
//! Each service and destination line is exactly what `ipvsadm-save -n` (ipvsadm 1.31)
//! prints back for it, option by option, as seen in the test VM:
//!
//! ```text
//! -A -t ADDR:PORT -s SCHED [-p TIMEOUT] [-M MASK] [--pe sip] [-o] [-b FLAG,FLAG]
//! -a -t ADDR:PORT -r ADDR:PORT -g|-m|-i -w WEIGHT [--tun-type T [--tun-port P] [--tun-CSUM]]
//! ```
//!
//! Three things `ipvsadm-save` leaves out are added, so that the file carries the whole
//! table: `-x`/`-y` thresholds at the end of a destination line, `--set` for timeouts and
//! `--start-daemon` lines. Services come in the model's order, each followed by its
//! destinations. No comments: `ipvsadm -R` refuses them.

use crate::model::{
    endpoint, Checksum, Config, Destination, Endpoint, Family, Forward, Protocol, Service, ServiceKey, SyncDaemon,
    SyncRole, Tunnel,
};
use std::fmt::Write;

pub fn emit(config: &Config) -> String {
    let mut out = String::new();
    // Straight into one string: a line apiece would be 22,000 allocations for a large table.
    for service in &config.services {
        write_service_block(&mut out, service);
    }
    write_settings(&mut out, config);
    out
}

/// A service's `-A` line and its destinations' `-a` lines.
pub fn write_service_block(out: &mut String, service: &Service) {
    write_service_line(out, service);
    out.push('\n');
    let spec = service_spec(&service.key);
    for destination in &service.destinations {
        write_destination_line(out, &spec, destination);
        out.push('\n');
    }
}

/// What follows the services: the timeouts and the sync daemons.
pub fn write_settings(out: &mut String, config: &Config) {
    let t = config.timeouts;
    if !t.is_empty() {
        // `--set` takes all three; 0 leaves a timeout as it is.
        let _ = writeln!(out, "--set {} {} {}", t.tcp.unwrap_or(0), t.tcp_fin.unwrap_or(0), t.udp.unwrap_or(0));
    }
    for daemon in &config.sync_daemons {
        out.push_str(&daemon_line(daemon));
        out.push('\n');
    }
}

/// `-t 10.0.0.1:80`, `-u …`, `--sctp-service …`, `-f 7` or `-f 7 -6`.
pub fn service_spec(key: &ServiceKey) -> String {
    match key {
        ServiceKey::Address { protocol, address, port } => {
            let flag = match protocol {
                Protocol::Tcp => "-t",
                Protocol::Udp => "-u",
                Protocol::Sctp => "--sctp-service",
            };
            format!("{flag} {}", endpoint(address, *port))
        }
        ServiceKey::Fwmark { family: Family::Ipv4, mark } => format!("-f {mark}"),
        ServiceKey::Fwmark { family: Family::Ipv6, mark } => format!("-f {mark} -6"),
    }
}

/// The `-A` line of a service.
pub fn service_line(service: &Service) -> String {
    let mut line = String::new();
    write_service_line(&mut line, service);
    line
}

fn write_service_line(line: &mut String, service: &Service) {
    let _ = write!(line, "-A {} -s {}", service_spec(&service.key), service.scheduler.name());
    if let Some(p) = &service.persistence {
        let _ = write!(line, " -p {}", p.timeout);
        if !p.mask.is_host() {
            let _ = write!(line, " -M {}", p.mask);
        }
        if p.sip {
            line.push_str(" --pe sip");
        }
    }
    if service.one_packet {
        line.push_str(" -o");
    }
    let flags = service.flags.names(service.scheduler);
    if !flags.is_empty() {
        let _ = write!(line, " -b {}", flags.join(","));
    }
}

/// The `-a` line of a destination.
pub fn destination_line(key: &ServiceKey, destination: &Destination) -> String {
    let mut line = String::new();
    write_destination_line(&mut line, &service_spec(key), destination);
    line
}

/// The `-a` line of a destination of the service `spec` names (`-t 10.0.0.1:80`).
fn write_destination_line(line: &mut String, spec: &str, destination: &Destination) {
    let method = match destination.forward {
        Forward::Nat => "-m",
        Forward::Dr => "-g",
        Forward::Tunnel { .. } => "-i",
    };
    let at = Endpoint(&destination.address, destination.port);
    let _ = write!(line, "-a {spec} -r {at} {method} -w {}", destination.weight);
    if let Forward::Tunnel { tunnel } = destination.forward {
        match tunnel {
            Tunnel::Ipip => line.push_str(" --tun-type ipip"),
            Tunnel::Gue { port, checksum } => {
                let _ = write!(line, " --tun-type gue --tun-port {port} {}", checksum_option(checksum));
            }
            Tunnel::Gre { checksum } => {
                let _ = write!(line, " --tun-type gre {}", checksum_option(checksum));
            }
        }
    }
    if destination.upper_threshold != 0 {
        let _ = write!(line, " -x {}", destination.upper_threshold);
    }
    if destination.lower_threshold != 0 {
        let _ = write!(line, " -y {}", destination.lower_threshold);
    }
}

fn checksum_option(checksum: Checksum) -> &'static str {
    match checksum {
        Checksum::NoCsum => "--tun-nocsum",
        Checksum::Csum => "--tun-csum",
        Checksum::RemCsum => "--tun-remcsum",
    }
}

fn daemon_line(daemon: &SyncDaemon) -> String {
    let role = match daemon.role {
        SyncRole::Master => "master",
        SyncRole::Backup => "backup",
    };
    let mut line = format!("--start-daemon {role} --mcast-interface {} --syncid {}", daemon.interface, daemon.sync_id);
    if daemon.max_len != SyncDaemon::DEFAULT_MAX_LEN {
        let _ = write!(line, " --sync-maxlen {}", daemon.max_len);
    }
    if daemon.group != SyncDaemon::DEFAULT_GROUP {
        let _ = write!(line, " --mcast-group {}", daemon.group);
    }
    if daemon.port != SyncDaemon::DEFAULT_PORT {
        let _ = write!(line, " --mcast-port {}", daemon.port);
    }
    if daemon.ttl != SyncDaemon::DEFAULT_TTL {
        let _ = write!(line, " --mcast-ttl {}", daemon.ttl);
    }
    line
}
