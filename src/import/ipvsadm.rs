//! Reads ipvsadm rule text (`ipvsadm-save`, `ipvsadm-save -n`, `ipvsadm -S`, and the
//! `ipvsadm-restore` input lvsc writes) into the model.
//!
//! Long and short options are both understood, in any order, as ipvsadm's own parser
//! takes them. Host and service names (`ipvsadm -S` without `-n`) are resolved: ports
//! through a table of the usual `/etc/services` names, hosts through the system resolver.
//! Every line that cannot be read is reported with its span; nothing is guessed.

use super::{listing, shell};
use crate::diagnostic::{Diagnostic, Problem};
use crate::model::{
    Checksum, Config, Destination, Family, Forward, Persistence, PersistenceMask, Protocol, Scheduler, SchedulerFlags,
    Service, ServiceKey, SyncDaemon, SyncRole, Tunnel,
};
use crate::source::{FileId, Span};
use std::borrow::Cow;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, ToSocketAddrs};

/// Reads ipvsadm rule text into a model (canonical order).
pub fn read(file: FileId, text: &str) -> Result<Config, Vec<Diagnostic>> {
    read_with_notes(file, text).map(|(config, _)| config)
}

/// Reads `ipvsadm-save` text, `ipvsadm -L -n` output or a shell script of ipvsadm commands (applied in order, as
/// ipvsadm would: `-C` clears, `-D`/`-d` delete, `-E`/`-e` replace a whole entry, and what
/// ipvsadm refuses is refused), with notes on what a script also held.
pub fn read_with_notes(file: FileId, text: &str) -> Result<(Config, Vec<String>), Vec<Diagnostic>> {
    let mut reader = Reader { file, config: Config::default(), index: HashMap::new(), errors: Vec::new() };
    let mut notes = Vec::new();
    if listing::is_listing(text) {
        let listed = listing::read(text).map_err(|errors| {
            let help = "lvsc reads `ipvsadm -L -n` as ipvsadm prints it";
            errors.into_iter().map(|e| syntax_error(file, e.start, e.len, e.message, help)).collect::<Vec<_>>()
        })?;
        for command in &listed.commands {
            let words: Vec<Word> = command
                .words
                .iter()
                .map(|w| Word { text: Cow::Borrowed(w.as_str()), start: command.start, len: command.len })
                .collect();
            if let Err(error) = reader.line(&words) {
                reader.errors.push(error);
            }
        }
        notes.extend(listed.notes);
    } else if shell::is_script(text) {
        let script = shell::read(text).map_err(|errors| {
            errors.into_iter().map(|e| syntax_error(file, e.start, e.len, e.message, e.help)).collect::<Vec<_>>()
        })?;
        for command in &script.commands {
            let words: Vec<Word> = command
                .iter()
                .map(|w| Word { text: Cow::Borrowed(w.text.as_str()), start: w.start, len: w.len })
                .collect();
            let words = expand(words);
            if let Err(error) = reader.script_command(&words) {
                reader.errors.push(error);
            }
        }
        if !script.skipped_lines.is_empty() {
            let lines: Vec<String> = script.skipped_lines.iter().take(8).map(ToString::to_string).collect();
            let more = script.skipped_lines.len().saturating_sub(8);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            notes.push(format!(
                "lines {}{more} of the script are not ipvsadm commands (sysctl, modprobe, echo, …): not imported",
                lines.join(", ")
            ));
        }
    } else {
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
            let words = expand(words);
            if let Err(error) = reader.line(&words) {
                reader.errors.push(error);
            }
        }
    }
    if reader.errors.is_empty() {
        reader.config.canonicalize();
        Ok((reader.config, notes))
    } else {
        Err(reader.errors)
    }
}

/// An ipvsadm-syntax diagnostic over `len` bytes at `start` of `file`.
fn syntax_error(file: FileId, start: usize, len: usize, reason: String, help: &str) -> Diagnostic {
    Problem::IpvsadmSyntax { reason, help: help.to_string() }.at(Span::new(file, start, start + len))
}

/// A word of a line and where it is (its text after variable substitution).
struct Word<'a> {
    text: Cow<'a, str>,
    start: usize,
    /// The length of the word as written, which its span covers.
    len: usize,
}

fn words(line: &str, offset: usize) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push(Word { text: Cow::Borrowed(&line[s..i]), start: offset + s, len: i - s });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(Word { text: Cow::Borrowed(&line[s..]), start: offset + s, len: line.len() - s });
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
    /// Every option given, by ipvsadm's long name, for the check of which command takes it.
    given: Vec<(&'static str, &'a Word<'a>)>,
}

/// The options only a service command takes, and those only a server command takes, by
/// ipvsadm's long names (its own check refuses the others: `-r` on `-A`, `-p` on `-a`).
const SERVICE_OPTIONS: &[&str] = &["scheduler", "persistent", "netmask", "pe", "ops", "sched-flags"];
const SERVER_OPTIONS: &[&str] = &[
    "real-server",
    "gatewaying",
    "masquerading",
    "ipip",
    "weight",
    "u-threshold",
    "l-threshold",
    "tun-type",
    "tun-port",
    "tun-nocsum",
    "tun-csum",
    "tun-remcsum",
];

/// ipvsadm's long name of an option word, for its messages.
fn long_name(flag: &str) -> Option<&'static str> {
    Some(match flag {
        "-s" | "--scheduler" => "scheduler",
        "-p" | "--persistent" => "persistent",
        "-M" | "--netmask" => "netmask",
        "--pe" => "pe",
        "-o" | "--ops" => "ops",
        "-b" | "--sched-flags" => "sched-flags",
        "-r" | "--real-server" => "real-server",
        "-g" | "--gatewaying" => "gatewaying",
        "-m" | "--masquerading" => "masquerading",
        "-i" | "--ipip" => "ipip",
        "-w" | "--weight" => "weight",
        "-x" | "--u-threshold" => "u-threshold",
        "-y" | "--l-threshold" => "l-threshold",
        "--tun-type" => "tun-type",
        "--tun-port" => "tun-port",
        "--tun-nocsum" => "tun-nocsum",
        "--tun-csum" => "tun-csum",
        "--tun-remcsum" => "tun-remcsum",
        _ => return None,
    })
}

/// ipvsadm's name of a command word.
fn command_name(command: &str) -> &'static str {
    match command {
        "-A" | "--add-service" => "add-service",
        "-E" | "--edit-service" => "edit-service",
        "-D" | "--delete-service" => "delete-service",
        "-a" | "--add-server" => "add-server",
        "-e" | "--edit-server" => "edit-server",
        "-d" | "--delete-server" => "delete-server",
        "--set" => "set",
        _ => "start-daemon",
    }
}

/// Flags that take no value, which may stand first in a combined word (`-At`, `-Ln`).
const VALUELESS: &str = "AEDCaed6ogmiLln";
/// Every one-letter flag ipvsadm has.
const FLAGS: &str = "AEDCaedRSLlZtufs6pMbogmiwxyrnc";

/// `-At 10.0.0.1:80` as `-A -t 10.0.0.1:80`, as ipvsadm's option parser reads it.
fn expand<'a>(words: Vec<Word<'a>>) -> Vec<Word<'a>> {
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let letters = word.text.strip_prefix('-').filter(|rest| !rest.starts_with('-') && rest.len() > 1);
        let combined = letters.filter(|rest| {
            let n = rest.chars().count();
            rest.chars().all(|c| FLAGS.contains(c)) && rest.chars().take(n - 1).all(|c| VALUELESS.contains(c))
        });
        match combined {
            Some(rest) => {
                for c in rest.chars() {
                    out.push(Word { text: Cow::Owned(format!("-{c}")), start: word.start, len: word.len });
                }
            }
            None => out.push(word),
        }
    }
    out
}

impl Reader {
    /// One ipvsadm command of a script: those that only read the table are passed over.
    fn script_command<'a>(&mut self, words: &'a [Word<'a>]) -> Result<(), Diagnostic> {
        let Some(first) = words.first() else { return Ok(()) };
        match &*first.text {
            "-L" | "-l" | "--list" | "-S" | "--save" | "-Z" | "--zero" | "-n" | "--numeric" | "-h" | "--help"
            | "-v" | "--version" => Ok(()),
            "-R" | "--restore" => Err(self.error(
                first,
                "`ipvsadm -R` reads its rules from elsewhere",
                "import the file it restores from (ipvsadm-save text) instead",
            )),
            "--stop-daemon" => {
                let role = words.get(1).map(|w| &*w.text);
                self.config.sync_daemons.retain(|d| role.is_some_and(|r| r != d.role.to_string()));
                Ok(())
            }
            _ => self.line(words),
        }
    }

    fn span(&self, word: &Word) -> Span {
        Span::new(self.file, word.start, word.start + word.len)
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
            match &*w.text {
                "-A" | "--add-service" | "-E" | "--edit-service" | "-D" | "--delete-service" | "-a"
                | "--add-server" | "-e" | "--edit-server" | "-d" | "--delete-server" | "--set" | "--start-daemon" => {
                    o.command = Some(w)
                }
                "-C" | "--clear" => {
                    self.config.services.clear();
                    self.index.clear();
                    return Ok(());
                }
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
                    let key: &'static str = match &*w.text {
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
                _ if matches!(o.command.map(|c| &*c.text), Some("--set")) && o.set.len() < 3 => o.set.push(w),
                _ if matches!(o.command.map(|c| &*c.text), Some("--start-daemon"))
                    && !o.daemon.contains_key("role") =>
                {
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
            if let Some(name) = long_name(&w.text) {
                o.given.push((name, w));
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
        let on_service =
            matches!(&*command.text, "-A" | "--add-service" | "-E" | "--edit-service" | "-D" | "--delete-service");
        let on_server =
            matches!(&*command.text, "-a" | "--add-server" | "-e" | "--edit-server" | "-d" | "--delete-server");
        let deleting = matches!(&*command.text, "-D" | "--delete-service" | "-d" | "--delete-server");
        for (name, flag) in &o.given {
            let illegal = (on_service && SERVER_OPTIONS.contains(name))
                || (on_server && SERVICE_OPTIONS.contains(name))
                || (deleting && *name != "real-server");
            if illegal {
                return Err(self.error(
                    flag,
                    format!("Illegal '{name}' option with the '{}' command", command_name(&command.text)),
                    "ipvsadm refuses this option with this command, and so does the import",
                ));
            }
        }
        match &*command.text {
            "-A" | "--add-service" | "-E" | "--edit-service" => self.service(command, &o),
            "-D" | "--delete-service" => self.delete_service(command, &o),
            "-a" | "--add-server" | "-e" | "--edit-server" => self.destination(command, &o),
            "-d" | "--delete-server" => self.delete_destination(command, &o),
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
            Some(w) => Scheduler::from_name(&w.text).ok_or_else(|| {
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
        let adding = matches!(&*command.text, "-A" | "--add-service");
        match (self.index.get(&key), adding) {
            (Some(_), true) => Err(self.error(
                command,
                format!("Service already exists: {key}"),
                "ipvsadm refuses a second -A of a service (the first one stays); -E changes it",
            )),
            (Some(&i), false) => {
                // An edit replaces every setting of the service, as ipvsadm's does.
                let destinations = std::mem::take(&mut self.config.services[i].destinations);
                self.config.services[i] = Service { destinations, ..service };
                Ok(())
            }
            (None, true) => {
                self.index.insert(key, self.config.services.len());
                self.config.services.push(service);
                Ok(())
            }
            (None, false) => Err(self.no_such_service(command, key)),
        }
    }

    fn no_such_service(&self, command: &Word, key: ServiceKey) -> Diagnostic {
        self.error(
            command,
            format!("No such service: {key}"),
            "ipvsadm refuses this too: add the service (`-A`) before changing it or its real servers",
        )
    }

    fn delete_service(&mut self, command: &Word, o: &Options) -> Result<(), Diagnostic> {
        let key = self.key(command, o)?;
        let Some(index) = self.index.remove(&key) else {
            return Err(self.no_such_service(command, key));
        };
        self.config.services.remove(index);
        for i in self.index.values_mut() {
            if *i > index {
                *i -= 1;
            }
        }
        Ok(())
    }

    /// The service a server command names (which must exist), and its `-r` server.
    fn server_of<'a>(
        &self,
        command: &Word,
        o: &Options<'a>,
    ) -> Result<(ServiceKey, usize, &'a Word<'a>, IpAddr, Option<u16>), Diagnostic> {
        let key = self.key(command, o)?;
        let Some(&index) = self.index.get(&key) else {
            return Err(self.no_such_service(command, key));
        };
        let Some(server) = o.server else {
            return Err(self.error(command, "a real server needs -r ADDRESS[:PORT]", "see ipvsadm(8)"));
        };
        let (address, port) = self.endpoint(server, key.protocol().unwrap_or(Protocol::Tcp), false)?;
        Ok((key, index, server, address, port))
    }

    fn delete_destination(&mut self, command: &Word, o: &Options) -> Result<(), Diagnostic> {
        let (key, index, server, address, port) = self.server_of(command, o)?;
        let port = port.unwrap_or(key.port());
        let destinations = &mut self.config.services[index].destinations;
        match destinations.iter().position(|d| d.address == address && d.port == port) {
            Some(at) => {
                destinations.remove(at);
                Ok(())
            }
            None => Err(self.error(
                server,
                "No such destination",
                "ipvsadm refuses this: the service has no such real server",
            )),
        }
    }

    fn destination(&mut self, command: &Word, o: &Options) -> Result<(), Diagnostic> {
        let (key, index, server, address, port) = self.server_of(command, o)?;
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
                let tunnel = match o.tun_type.map(|w| &*w.text) {
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
        let adding = matches!(&*command.text, "-a" | "--add-server");
        let destinations = &mut self.config.services[index].destinations;
        match (destinations.iter_mut().find(|d| d.address == address && d.port == port), adding) {
            (Some(_), true) => Err(self.error(
                server,
                "Destination already exists",
                "ipvsadm refuses a second -a of a real server (the first one stays); -e changes it",
            )),
            // An edit replaces the whole entry: options it leaves out take their defaults.
            (Some(existing), false) => {
                *existing = destination;
                Ok(())
            }
            (None, true) => {
                destinations.push(destination);
                Ok(())
            }
            (None, false) => {
                Err(self.error(server, "No such destination", "ipvsadm refuses this: add it with -a first"))
            }
        }
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
        let role = match o.daemon.get("role").map(|w| &*w.text) {
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
        let text = &*w.text;
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
