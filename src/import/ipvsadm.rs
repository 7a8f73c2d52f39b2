//! Reads ipvsadm rule text (`ipvsadm-save`, `ipvsadm-save -n`, `ipvsadm -S`, and the
//! `ipvsadm-restore` input lvsc writes) into the model.
//!
//! Long and short options are both understood, in any order, as ipvsadm's own parser
//! takes them. Host and service names (`ipvsadm -S` without `-n`) are resolved: ports
//! through a table of the usual `/etc/services` names, hosts through the system resolver.
//! Every line that cannot be read is reported with its span; nothing is guessed.

use crate::diagnostic::{Diagnostic, Problem};
use crate::model::{
    Checksum, Config, Destination, Family, Forward, Persistence, PersistenceMask, Protocol, Scheduler, SchedulerFlags,
    Service, ServiceKey, SyncDaemon, SyncRole, Tunnel,
};
use crate::source::{FileId, Span};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, ToSocketAddrs};

/// Reads ipvsadm rule text into a model (canonical order).
pub fn read(file: FileId, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut reader = Reader { file, config: Config::default(), index: HashMap::new(), errors: Vec::new() };
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut words = words(line, offset);
        offset += line.len();
        // A comment runs from a word that starts with `#` to the end of the line.
        if let Some(comment) = words.iter().position(|w| w.text.starts_with('#')) {
            words.truncate(comment);
        }
        if words.is_empty() {
            continue;
        }
        if let Err(error) = reader.line(&words) {
            reader.errors.push(error);
        }
    }
    if reader.errors.is_empty() {
        reader.config.canonicalize();
        Ok(reader.config)
    } else {
        Err(reader.errors)
    }
}

/// A word of a line and where it is.
struct Word<'a> {
    text: &'a str,
    start: usize,
}

fn words(line: &str, offset: usize) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push(Word { text: &line[s..i], start: offset + s });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(Word { text: &line[s..], start: offset + s });
    }
    words
}

struct Reader {
    file: FileId,
    config: Config,
    /// Where each service is in `config.services`.
    index: HashMap<ServiceKey, usize>,
    errors: Vec<Diagnostic>,
}

/// The options of one line, by meaning.
#[derive(Default)]
struct Options<'a> {
    command: Option<&'a Word<'a>>,
    protocol: Option<(Protocol, &'a Word<'a>)>,
    fwmark: Option<&'a Word<'a>>,
    ipv6: bool,
    scheduler: Option<&'a Word<'a>>,
    persistent: Option<Option<&'a Word<'a>>>,
    netmask: Option<&'a Word<'a>>,
    pe: Option<&'a Word<'a>>,
    ops: bool,
    flags: Option<&'a Word<'a>>,
    server: Option<&'a Word<'a>>,
    method: Option<(&'static str, &'a Word<'a>)>,
    weight: Option<&'a Word<'a>>,
    upper: Option<&'a Word<'a>>,
    lower: Option<&'a Word<'a>>,
    tun_type: Option<&'a Word<'a>>,
    tun_port: Option<&'a Word<'a>>,
    checksum: Option<(Checksum, &'a Word<'a>)>,
    set: Vec<&'a Word<'a>>,
    daemon: HashMap<&'static str, &'a Word<'a>>,
}

impl Reader {
    fn span(&self, word: &Word) -> Span {
        Span::new(self.file, word.start, word.start + word.text.len())
    }

    fn error(&self, word: &Word, message: impl Into<String>, help: &str) -> Diagnostic {
        Problem::IpvsadmSyntax { reason: message.into(), help: help.to_string() }.at(self.span(word))
    }

    fn line<'a>(&mut self, words: &'a [Word<'a>]) -> Result<(), Diagnostic> {
        let mut o = Options::default();
        let mut i = 0;
        let value = |i: usize, what: &str| -> Result<&'a Word<'a>, Diagnostic> {
            words
                .get(i + 1)
                .ok_or_else(|| self.error(&words[i], format!("`{}` needs {what}", words[i].text), "see ipvsadm(8)"))
        };
        while i < words.len() {
            let w = &words[i];
            let mut take = 0;
            match w.text {
                "-A" | "--add-service" | "-E" | "--edit-service" | "-a" | "--add-server" | "-e" | "--edit-server"
                | "--set" | "--start-daemon" => o.command = Some(w),
                "-C" | "--clear" => return Ok(()),
                "-t" | "--tcp-service" => (o.protocol, take) = (Some((Protocol::Tcp, value(i, "ADDRESS:PORT")?)), 1),
                "-u" | "--udp-service" => (o.protocol, take) = (Some((Protocol::Udp, value(i, "ADDRESS:PORT")?)), 1),
                "--sctp-service" => (o.protocol, take) = (Some((Protocol::Sctp, value(i, "ADDRESS:PORT")?)), 1),
                "-f" | "--fwmark-service" => (o.fwmark, take) = (Some(value(i, "a mark")?), 1),
                "-6" | "--ipv6" => o.ipv6 = true,
                "-s" | "--scheduler" => (o.scheduler, take) = (Some(value(i, "a scheduler")?), 1),
                "-p" | "--persistent" => match words.get(i + 1).filter(|n| !n.text.starts_with('-')) {
                    Some(n) => (o.persistent, take) = (Some(Some(n)), 1),
                    None => o.persistent = Some(None),
                },
                "-M" | "--netmask" => (o.netmask, take) = (Some(value(i, "a netmask")?), 1),
                "--pe" => (o.pe, take) = (Some(value(i, "an engine")?), 1),
                "-o" | "--ops" => o.ops = true,
                "-b" | "--sched-flags" => (o.flags, take) = (Some(value(i, "flags")?), 1),
                "-r" | "--real-server" => (o.server, take) = (Some(value(i, "ADDRESS[:PORT]")?), 1),
                "-g" | "--gatewaying" => o.method = Some(("dr", w)),
                "-m" | "--masquerading" => o.method = Some(("nat", w)),
                "-i" | "--ipip" => o.method = Some(("tunnel", w)),
                "-w" | "--weight" => (o.weight, take) = (Some(value(i, "a weight")?), 1),
                "-x" | "--u-threshold" => (o.upper, take) = (Some(value(i, "a number")?), 1),
                "-y" | "--l-threshold" => (o.lower, take) = (Some(value(i, "a number")?), 1),
                "--tun-type" => (o.tun_type, take) = (Some(value(i, "ipip, gue or gre")?), 1),
                "--tun-port" => (o.tun_port, take) = (Some(value(i, "a port")?), 1),
                "--tun-nocsum" => o.checksum = Some((Checksum::NoCsum, w)),
                "--tun-csum" => o.checksum = Some((Checksum::Csum, w)),
                "--tun-remcsum" => o.checksum = Some((Checksum::RemCsum, w)),
                "--mcast-interface" | "--syncid" | "--sync-maxlen" | "--mcast-group" | "--mcast-port"
                | "--mcast-ttl" => {
                    let key: &'static str = match w.text {
                        "--mcast-interface" => "interface",
                        "--syncid" => "syncid",
                        "--sync-maxlen" => "maxlen",
                        "--mcast-group" => "group",
                        "--mcast-port" => "port",
                        _ => "ttl",
                    };
                    o.daemon.insert(key, value(i, "a value")?);
                    take = 1;
                }
                _ if matches!(o.command.map(|c| c.text), Some("--set")) && o.set.len() < 3 => o.set.push(w),
                _ if matches!(o.command.map(|c| c.text), Some("--start-daemon")) && !o.daemon.contains_key("role") => {
                    o.daemon.insert("role", w);
                }
                _ => {
                    return Err(self.error(
                        w,
                        format!("unknown option `{}`", w.text),
                        "lvsc reads the options ipvsadm-save writes; see ipvsadm(8)",
                    ))
                }
            }
            i += 1 + take;
        }
        let Some(command) = o.command else {
            return Err(self.error(
                &words[0],
                "no command (`-A`, `-a`, `--set`, `--start-daemon`)",
                "each line is one ipvsadm command",
            ));
        };
        match command.text {
            "-A" | "--add-service" | "-E" | "--edit-service" => self.service(command, &o),
            "-a" | "--add-server" | "-e" | "--edit-server" => self.destination(command, &o),
            "--set" => self.timeouts(command, &o),
            _ => self.daemon(command, &o),
        }
    }

    fn key(&self, command: &Word, o: &Options) -> Result<ServiceKey, Diagnostic> {
        match (o.protocol, o.fwmark) {
            (Some((protocol, word)), None) => {
                let (address, port) = self.endpoint(word, protocol, true)?;
                Ok(ServiceKey::Address { protocol, address, port: port.unwrap_or(0) })
            }
            (None, Some(word)) => {
                let mark = word
                    .text
                    .parse::<u32>()
                    .ok()
                    .filter(|m| *m > 0)
                    .ok_or_else(|| self.error(word, "a fwmark is 1 to 4294967295", "see ipvsadm(8)"))?;
                Ok(ServiceKey::Fwmark { family: if o.ipv6 { Family::Ipv6 } else { Family::Ipv4 }, mark })
            }
            _ => Err(self.error(command, "a service needs one of -t, -u, --sctp-service or -f", "see ipvsadm(8)")),
        }
    }

    fn service(&mut self, command: &Word, o: &Options) -> Result<(), Diagnostic> {
        let key = self.key(command, o)?;
        let scheduler = match o.scheduler {
            Some(w) => Scheduler::from_name(w.text).ok_or_else(|| {
                self.error(
                    w,
                    format!("unknown scheduler `{}`", w.text),
                    "schedulers: rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos",
                )
            })?,
            None => Scheduler::DEFAULT,
        };
        let mut flags = SchedulerFlags::default();
        if let Some(w) = o.flags {
            for flag in w.text.split(',') {
                match flag {
                    "sh-fallback" | "mh-fallback" | "flag-1" => flags.fallback = true,
                    "sh-port" | "mh-port" | "flag-2" => flags.port = true,
                    _ => {
                        return Err(self.error(
                            w,
                            format!("unknown scheduler flag `{flag}`"),
                            "flags: sh-fallback, sh-port, mh-fallback, mh-port",
                        ))
                    }
                }
            }
        }
        if let (None, Some(w)) = (o.persistent, o.pe) {
            // The engine only acts on persistence templates; the language says it there.
            return Err(self.error(
                w,
                format!("`--pe {}` without `-p`: a persistence engine works only on a persistent service", w.text),
                "add `-p TIMEOUT` to the service (in .lvs: `persistence 360s engine sip`), or drop `--pe`",
            ));
        }
        let persistence = match o.persistent {
            None => None,
            Some(timeout) => {
                let timeout = match timeout {
                    Some(w) => w.text.parse::<u32>().ok().filter(|t| *t > 0).ok_or_else(|| {
                        self.error(w, "a persistence timeout is a number of seconds", "see ipvsadm(8)")
                    })?,
                    None => Persistence::DEFAULT_TIMEOUT,
                };
                let mask = match (o.netmask, key.family()) {
                    (None, family) => PersistenceMask::host(family),
                    (Some(w), Family::Ipv4) => PersistenceMask::Netmask(
                        w.text
                            .parse::<Ipv4Addr>()
                            .map_err(|_| self.error(w, "not an IPv4 netmask", "write it as 255.255.255.0"))?,
                    ),
                    (Some(w), Family::Ipv6) => PersistenceMask::Prefix(
                        w.text
                            .parse::<u8>()
                            .ok()
                            .filter(|p| (1..=128).contains(p))
                            .ok_or_else(|| self.error(w, "not an IPv6 prefix length", "1 to 128"))?,
                    ),
                };
                let sip = match o.pe {
                    Some(w) if w.text == "sip" => true,
                    Some(w) => {
                        return Err(self.error(
                            w,
                            format!("unknown persistence engine `{}`", w.text),
                            "the only engine is sip",
                        ))
                    }
                    None => false,
                };
                Some(Persistence { timeout, mask, sip })
            }
        };
        let service = Service { key, scheduler, flags, persistence, one_packet: o.ops, destinations: Vec::new() };
        match self.index.get(&key) {
            Some(&i) => {
                let destinations = std::mem::take(&mut self.config.services[i].destinations);
                self.config.services[i] = Service { destinations, ..service };
            }
            None => {
                self.index.insert(key, self.config.services.len());
                self.config.services.push(service);
            }
        }
        Ok(())
    }

    fn destination(&mut self, command: &Word, o: &Options) -> Result<(), Diagnostic> {
        let key = self.key(command, o)?;
        let Some(&index) = self.index.get(&key) else {
            return Err(self.error(
                command,
                format!("real server of {key}, which no earlier line adds"),
                "add the service (`-A`) before its real servers",
            ));
        };
        let Some(server) = o.server else {
            return Err(self.error(command, "a real server needs -r ADDRESS[:PORT]", "see ipvsadm(8)"));
        };
        let (address, port) = self.endpoint(server, key.protocol().unwrap_or(Protocol::Tcp), false)?;
        let number = |w: Option<&Word>, default: u32| -> Result<u32, Diagnostic> {
            match w {
                Some(w) => w
                    .text
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n <= i32::MAX as u32)
                    .ok_or_else(|| self.error(w, "expected a number from 0 to 2147483647", "see ipvsadm(8)")),
                None => Ok(default),
            }
        };
        let forward = match o.method.map(|m| m.0) {
            Some("nat") => Forward::Nat,
            Some("tunnel") => {
                let checksum = o.checksum.map_or(Checksum::NoCsum, |c| c.0);
                let tunnel = match o.tun_type.map(|w| w.text) {
                    None | Some("ipip") => Tunnel::Ipip,
                    Some("gue") => {
                        let w = o
                            .tun_port
                            .ok_or_else(|| self.error(command, "a gue tunnel needs --tun-port", "see ipvsadm(8)"))?;
                        let port = w
                            .text
                            .parse::<u16>()
                            .ok()
                            .filter(|p| *p > 0)
                            .ok_or_else(|| self.error(w, "not a port", "1 to 65535"))?;
                        Tunnel::Gue { port, checksum }
                    }
                    Some("gre") => Tunnel::Gre { checksum },
                    Some(_) => {
                        return Err(self.error(
                            o.tun_type.unwrap_or(command),
                            "unknown tunnel type",
                            "ipip, gue or gre",
                        ))
                    }
                };
                Forward::Tunnel { tunnel }
            }
            // ipvsadm's default method is direct routing.
            _ => Forward::Dr,
        };
        // ipvsadm gives DR and tunnel servers the service's port (and a missing port too).
        let port = match (key, forward) {
            (ServiceKey::Address { port, .. }, Forward::Dr | Forward::Tunnel { .. }) => port,
            _ => port.unwrap_or(key.port()),
        };
        let destination = Destination {
            address,
            port,
            forward,
            weight: number(o.weight, 1)?,
            upper_threshold: number(o.upper, 0)?,
            lower_threshold: number(o.lower, 0)?,
        };
        let destinations = &mut self.config.services[index].destinations;
        match destinations.iter_mut().find(|d| d.address == address && d.port == port) {
            Some(existing) => *existing = destination,
            None => destinations.push(destination),
        }
        Ok(())
    }

    fn timeouts(&mut self, command: &Word, o: &Options) -> Result<(), Diagnostic> {
        if o.set.len() != 3 {
            return Err(self.error(
                command,
                "--set takes three timeouts: tcp tcpfin udp",
                "0 leaves a timeout as it is",
            ));
        }
        let mut values = [None; 3];
        for (slot, w) in values.iter_mut().zip(&o.set) {
            let n = w
                .text
                .parse::<u32>()
                .map_err(|_| self.error(w, "a timeout is a number of seconds", "0 leaves it as it is"))?;
            *slot = (n > 0).then_some(n);
        }
        let t = &mut self.config.timeouts;
        (t.tcp, t.tcp_fin, t.udp) = (values[0].or(t.tcp), values[1].or(t.tcp_fin), values[2].or(t.udp));
        Ok(())
    }

    fn daemon(&mut self, command: &Word, o: &Options) -> Result<(), Diagnostic> {
        let role = match o.daemon.get("role").map(|w| w.text) {
            Some("master") => SyncRole::Master,
            Some("backup") => SyncRole::Backup,
            _ => return Err(self.error(command, "--start-daemon takes master or backup", "see ipvsadm(8)")),
        };
        let parse = |key: &str| o.daemon.get(key).map(|w| (w.text.parse::<u64>().ok(), *w));
        // ipvsadm's own default interface.
        let interface = o.daemon.get("interface").map_or("eth0".to_string(), |w| w.text.to_string());
        let mut daemon = SyncDaemon::new(role, interface);
        for (key, max) in [("syncid", 255u64), ("maxlen", 65507), ("port", 65535), ("ttl", 255)] {
            if let Some((value, w)) = parse(key) {
                let value = value
                    .filter(|v| *v <= max)
                    .ok_or_else(|| self.error(w, format!("{key} is 0 to {max}"), "see ipvsadm(8)"))?;
                match key {
                    "syncid" => daemon.sync_id = value as u8,
                    "maxlen" => daemon.max_len = value as u16,
                    "port" => daemon.port = value as u16,
                    _ => daemon.ttl = value as u8,
                }
            }
        }
        if let Some(w) = o.daemon.get("group") {
            daemon.group =
                w.text.parse().map_err(|_| self.error(w, "not an address", "a multicast group such as 224.0.0.81"))?;
        }
        self.config.sync_daemons.retain(|d| d.role != role);
        self.config.sync_daemons.push(daemon);
        Ok(())
    }

    /// `ADDR:PORT`, `[V6]:PORT`, or a bare address (`-r` only); names are resolved.
    fn endpoint(&self, w: &Word, protocol: Protocol, need_port: bool) -> Result<(IpAddr, Option<u16>), Diagnostic> {
        let text = w.text;
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let (host, after) =
                rest.split_once(']').ok_or_else(|| self.error(w, "unclosed `[`", "write IPv6 as [2001:db8::1]:80"))?;
            (host, after.strip_prefix(':'))
        } else if text.matches(':').count() > 1 {
            (text, None)
        } else {
            match text.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (text, None),
            }
        };
        let port = match port {
            Some(p) => Some(port_number(p, protocol).ok_or_else(|| {
                self.error(w, format!("unknown port `{p}`"), "use a number, or a name from /etc/services")
            })?),
            None if need_port => return Err(self.error(w, "a service needs a port", "write ADDRESS:PORT")),
            None => None,
        };
        let address = match host.parse::<IpAddr>() {
            Ok(a) => a,
            Err(_) => (host, 0).to_socket_addrs().ok().and_then(|mut addrs| addrs.next()).map(|a| a.ip()).ok_or_else(
                || self.error(w, format!("cannot resolve `{host}`"), "use `ipvsadm-save -n` for numeric addresses"),
            )?,
        };
        Ok((address, port))
    }
}

/// A port number or one of the service names ipvsadm -S prints (from /etc/services, with
/// the common ones built in for hosts that lack the file).
fn port_number(text: &str, protocol: Protocol) -> Option<u16> {
    if let Ok(n) = text.parse() {
        return Some(n);
    }
    let proto = protocol.name();
    if let Ok(services) = std::fs::read_to_string("/etc/services") {
        for line in services.lines() {
            let mut fields = line.split('#').next().unwrap_or("").split_whitespace();
            let (Some(name), Some(port_proto)) = (fields.next(), fields.next()) else { continue };
            let Some((port, p)) = port_proto.split_once('/') else { continue };
            if p == proto && (name == text || fields.any(|alias| alias == text)) {
                return port.parse().ok();
            }
        }
    }
    const COMMON: &[(&str, u16)] = &[
        ("ftp", 21),
        ("ssh", 22),
        ("smtp", 25),
        ("domain", 53),
        ("http", 80),
        ("pop3", 110),
        ("imap2", 143),
        ("https", 443),
        ("submission", 587),
        ("imaps", 993),
        ("pop3s", 995),
        ("mysql", 3306),
        ("sip", 5060),
        ("http-alt", 8080),
    ];
    COMMON.iter().find(|(name, _)| *name == text).map(|(_, port)| *port)
}
