//! How model values are written for people: the one spelling of each, as a `.lvs` file
//! writes it. The `.lvs` writer, the semantic diff, the plan and diagnostics all use these,
//! so one value never reads two ways (and a `Debug` string never reaches a user).

use super::{
    Check, Checker, Checksum, Destination, Forward, Persistence, PersistenceMask, PortRange, SyncDaemon, SyncRole,
    Tunnel,
};
use std::fmt;

/// A number of seconds in the largest unit that divides it: `300` as `5m`, `3600` as `1h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub u32);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("0s"),
            s if s % 86400 == 0 => write!(f, "{}d", s / 86400),
            s if s % 3600 == 0 => write!(f, "{}h", s / 3600),
            s if s % 60 == 0 => write!(f, "{}m", s / 60),
            s => write!(f, "{s}s"),
        }
    }
}

/// `nat`, `dr`, `tunnel ipip`, `tunnel gue port 6080 csum`: the words after `forward`.
impl fmt::Display for Forward {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Forward::Nat => f.write_str("nat"),
            Forward::Dr => f.write_str("dr"),
            Forward::Tunnel { tunnel: Tunnel::Ipip } => f.write_str("tunnel ipip"),
            Forward::Tunnel { tunnel: Tunnel::Gue { port, checksum } } => {
                write!(f, "tunnel gue port {port}{}", checksum_suffix(*checksum))
            }
            Forward::Tunnel { tunnel: Tunnel::Gre { checksum } } => {
                write!(f, "tunnel gre{}", checksum_suffix(*checksum))
            }
        }
    }
}

/// No checksum is the kernel's default and is not written (nor in keepalived.conf).
pub(crate) fn checksum_suffix(checksum: Checksum) -> &'static str {
    match checksum {
        Checksum::NoCsum => "",
        Checksum::Csum => " csum",
        Checksum::RemCsum => " remcsum",
    }
}

/// `5m netmask 255.255.255.0 engine sip`: the words after `persistence`.
impl fmt::Display for Persistence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Seconds(self.timeout))?;
        match self.mask {
            _ if self.mask.is_host() => {}
            PersistenceMask::Netmask(m) => write!(f, " netmask {m}")?,
            PersistenceMask::Prefix(n) => write!(f, " prefix {n}")?,
        }
        if self.sip {
            f.write_str(" engine sip")?;
        }
        Ok(())
    }
}

/// `255.255.255.0` or `64`: the mask alone, as ipvsadm's `-M` and keepalived's
/// `persistence_granularity` take it (a `.lvs` file says `netmask`/`prefix` before it).
impl fmt::Display for PersistenceMask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersistenceMask::Netmask(m) => write!(f, "{m}"),
            PersistenceMask::Prefix(n) => write!(f, "{n}"),
        }
    }
}

impl fmt::Display for SyncRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SyncRole::Master => "master",
            SyncRole::Backup => "backup",
        })
    }
}

/// `master on eth0 syncid 5`.
impl fmt::Display for SyncDaemon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} on {} syncid {}", self.role, self.interface, self.sync_id)
    }
}

/// `80`, or `8000-8100` for a range.
impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

/// `10.0.0.1:80 (nat, weight 1)`.
impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, weight {})", super::endpoint(&self.address, self.port), self.forward, self.weight)
    }
}

/// `check tcp`, `check http { url "/health" status 200 interval 5s }`: a `check` statement.
impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut options: Vec<String> = Vec::new();
        match &self.kind {
            Checker::Http(http) | Checker::Https(http) => {
                for url in &http.urls {
                    let mut text = format!("url \"{}\"", url.path);
                    let codes: Vec<String> = url
                        .status
                        .iter()
                        .map(|(low, high)| if low == high { low.to_string() } else { format!("{low}-{high}") })
                        .collect();
                    if !codes.is_empty() {
                        text.push_str(&format!(" status {}", codes.join(", ")));
                    }
                    if let Some(digest) = &url.digest {
                        text.push_str(&format!(" digest {digest}"));
                    }
                    options.push(text);
                }
                options.extend(http.virtualhost.as_ref().map(|h| format!("virtualhost {h}")));
                if http.sni {
                    options.push("sni".into());
                }
            }
            Checker::Script { command, dynamic, user } => {
                options.push(format!("command \"{command}\""));
                if *dynamic {
                    options.push("dynamic".into());
                }
                options.extend(user.as_ref().map(|u| format!("user {u}")));
            }
            Checker::Dns { record, name } => {
                if let (Some(record), Some(name)) = (record, name) {
                    options.push(format!("query {record} \"{name}\""));
                }
            }
            Checker::Smtp { helo } => options.extend(helo.as_ref().map(|h| format!("helo {h}"))),
            Checker::Udp { payload, require_reply } => {
                options.extend(payload.as_ref().map(|p| format!("payload {p}")));
                match require_reply.as_deref() {
                    Some("") => options.push("require-reply".into()),
                    Some(reply) => options.push(format!("require-reply {reply}")),
                    None => {}
                }
            }
            Checker::File { path } => options.push(format!("file \"{path}\"")),
            Checker::Tcp | Checker::Ping => {}
        }
        let c = &self.connect;
        options.extend(c.port.map(|p| format!("port {p}")));
        options.extend(c.address.map(|a| format!("address {a}")));
        options.extend(c.bind.map(|a| format!("bind {a}")));
        options.extend(c.bind_port.map(|p| format!("bind-port {p}")));
        let t = &self.timing;
        options.extend(t.interval.map(|s| format!("interval {}", Seconds(s))));
        options.extend(t.timeout.map(|s| format!("timeout {}", Seconds(s))));
        options.extend(t.retry.map(|n| format!("retry {n}")));
        options.extend(t.retry_delay.map(|s| format!("retry-delay {}", Seconds(s))));
        options.extend(t.warmup.map(|s| format!("warmup {}", Seconds(s))));
        write!(f, "check {}", self.kind.name())?;
        if !options.is_empty() {
            write!(f, " {{ {} }}", options.join(" "))?;
        }
        Ok(())
    }
}

impl super::Service {
    /// The scheduler and its flags as a `scheduler` line writes them: `sh sh-fallback sh-port`.
    pub fn scheduler_text(&self) -> String {
        let mut text = self.scheduler.name().to_string();
        for flag in self.flags.names(self.scheduler) {
            text.push(' ');
            text.push_str(&flag);
        }
        text
    }

    /// The persistence as a `persistence` line writes it, or `none`.
    pub fn persistence_text(&self) -> String {
        self.persistence.as_ref().map_or_else(|| "none".to_string(), ToString::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_reads_as_a_lvs_file_writes_it() {
        assert_eq!(Seconds(300).to_string(), "5m");
        assert_eq!(Seconds(90).to_string(), "90s");
        assert_eq!(Seconds(86400 * 2).to_string(), "2d");
        let gue = Forward::Tunnel { tunnel: Tunnel::Gue { port: 6080, checksum: Checksum::NoCsum } };
        assert_eq!(gue.to_string(), "tunnel gue port 6080");
        let gre = Forward::Tunnel { tunnel: Tunnel::Gre { checksum: Checksum::RemCsum } };
        assert_eq!(gre.to_string(), "tunnel gre remcsum");
        assert_eq!(SyncRole::Master.to_string(), "master");
        assert_eq!(PortRange { first: 80, last: 80 }.to_string(), "80");
        assert_eq!(PortRange { first: 8000, last: 8100 }.to_string(), "8000-8100");
    }
}
