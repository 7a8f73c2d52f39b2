//! Reads a keepalived.conf into the model: the IPVS table (`virtual_server`,
//! `virtual_server_group`), its health checks, sorry servers and quorums (`health`), and
//! VRRP (`vrrp`); and says what it leaves behind (notes that become comments in the
//! imported file).
//!
//! Defaults and repairs follow keepalived 2.2.7 as seen running (kernel/guest/keepalived/):
//! NAT when no `lvs_method`/`lb_kind` is given (or an unknown one), UDP when no `protocol`
//! is, wlc for an unknown scheduler, weight 1 (or the virtual server's `weight`), and a bare
//! `persistence_timeout` (or a granularity alone) means the kernel's 360 s. Each repair is
//! returned with its place, for the import to say as a warning.

use crate::diagnostic::{Diagnostic, Problem};
use crate::model::endpoint;
use crate::model::{
    Checksum, Config, Destination, Family, Forward, Persistence, PersistenceMask, Protocol, Scheduler, SchedulerFlags,
    Service, ServiceKey, SyncDaemon, SyncRole, Tunnel,
};
use crate::source::{FileId, SourceMap, Span};
use std::collections::HashMap;
use std::net::IpAddr;

mod health;
mod vrrp;

/// What a keepalived.conf means for the IPVS table, and what it also said that lvsc does
/// not carry.
pub struct Imported {
    pub config: Config,
    pub notes: Vec<String>,
    /// What keepalived itself ignores, defaults or repairs in this file (and the import
    /// reproduces), where it is written: each is a warning.
    pub repairs: Vec<(Span, String)>,
}

#[derive(Debug, Clone)]
struct Word {
    text: String,
    file: FileId,
    start: usize,
    end: usize,
}

/// A statement: its words, and its block if it opened one.
#[derive(Debug, Clone)]
struct Node {
    words: Vec<Word>,
    children: Vec<Node>,
}

impl Node {
    fn keyword(&self) -> &str {
        self.words.first().map_or("", |w| w.text.as_str())
    }

    fn arg(&self, i: usize) -> Option<&Word> {
        self.words.get(i)
    }
}

/// Words of the file, with `{` and `}` as words of their own; `#` and `!` start comments.
fn tokenize(file: FileId, text: &str) -> Vec<Vec<Word>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut words = Vec::new();
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '#' || c == '!' {
                break;
            }
            if c.is_whitespace() {
                continue;
            }
            if c == '{' || c == '}' {
                words.push(Word { text: c.to_string(), file, start: offset + i, end: offset + i + 1 });
                continue;
            }
            let quoted = c == '"';
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if quoted {
                    chars.next();
                    end = j + d.len_utf8();
                    if d == '"' {
                        break;
                    }
                } else if d.is_whitespace() || d == '{' || d == '}' {
                    break;
                } else {
                    chars.next();
                    end = j + d.len_utf8();
                }
            }
            let raw = &line[i..end];
            let text = if quoted { raw.trim_matches('"').to_string() } else { raw.to_string() };
            words.push(Word { text, file, start: offset + i, end: offset + end });
        }
        offset += line.len();
        if !words.is_empty() {
            lines.push(words);
        }
    }
    lines
}

/// A brace that does not pair up, as keepalived reports it.
struct BraceError {
    word: Word,
    message: String,
}

/// Statements and blocks from the tokenized lines, and every brace that does not pair
/// up. Every node has at least one word: a stray `{` opens a block whose word is the `{`
/// itself, so the braces after it still pair up as written.
fn tree(lines: Vec<Vec<Word>>) -> (Vec<Node>, Vec<BraceError>) {
    let root = Word { text: String::new(), file: FileId(0), start: 0, end: 0 };
    let mut stack: Vec<Node> = vec![Node { words: vec![root], children: Vec::new() }];
    let mut errors = Vec::new();
    for line in lines {
        let mut current: Vec<Word> = Vec::new();
        for word in line {
            match word.text.as_str() {
                "{" => {
                    let words = if !current.is_empty() {
                        std::mem::take(&mut current)
                    } else {
                        // `{` on a line of its own opens the block of the statement just
                        // before it, when that statement has no block yet.
                        let top = stack.last_mut().map(|n| &mut n.children);
                        match top.filter(|c| c.last().is_some_and(|n| n.children.is_empty() && !opened(n))) {
                            Some(children) => children.pop().map(|n| n.words).unwrap_or_default(),
                            None => {
                                errors.push(BraceError {
                                    word: word.clone(),
                                    message: "a `{` that opens the block of no statement".into(),
                                });
                                vec![word.clone()]
                            }
                        }
                    };
                    stack.push(Node { words, children: Vec::new() });
                }
                "}" => {
                    if !current.is_empty() {
                        let words = std::mem::take(&mut current);
                        if let Some(top) = stack.last_mut() {
                            top.children.push(Node { words, children: Vec::new() });
                        }
                    }
                    if stack.len() > 1 {
                        if let Some(done) = stack.pop() {
                            if let Some(top) = stack.last_mut() {
                                top.children.push(done);
                            }
                        }
                    } else {
                        errors.push(BraceError { word, message: "a `}` that closes no block".into() });
                    }
                }
                _ => current.push(word),
            }
        }
        if !current.is_empty() {
            if let Some(top) = stack.last_mut() {
                top.children.push(Node { words: current, children: Vec::new() });
            }
        }
    }
    while stack.len() > 1 {
        if let Some(done) = stack.pop() {
            let opening = done.words.first().cloned();
            if let Some(word) = opening {
                let statement: Vec<&str> = done.words.iter().map(|w| w.text.as_str()).collect();
                errors.push(BraceError {
                    message: format!("the block of `{}` is not closed: the file ends inside it", statement.join(" ")),
                    word,
                });
            }
            if let Some(top) = stack.last_mut() {
                top.children.push(done);
            }
        }
    }
    errors.sort_by_key(|e| e.word.start);
    (stack.pop().map(|n| n.children).unwrap_or_default(), errors)
}

/// Whether a node is a block that was opened (even if still empty), as opposed to a
/// statement line: an empty block keeps a `{` of its own from being taken as its opener.
fn opened(node: &Node) -> bool {
    node.words.first().is_some_and(|w| w.text == "{")
}

/// One entry of a virtual_server_group, or the target of a virtual_server.
#[derive(Debug, Clone)]
enum Target {
    Addresses(Vec<IpAddr>, u16),
    /// A mark, with the family a group entry gives it (`fwmark 7 inet6`).
    Fwmark(u32, Option<Family>),
}

struct Reader {
    errors: Vec<Diagnostic>,
    notes: Vec<String>,
    repairs: Vec<(Span, String)>,
}

impl Reader {
    /// keepalived reads `word` otherwise than written (and says so in its log): the import
    /// does the same and says why.
    fn repair(&mut self, word: &Word, message: String) {
        self.repairs.push((Span::new(word.file, word.start, word.end), message));
    }

    fn error(&mut self, word: &Word, message: String, help: &str) {
        let problem = Problem::KeepalivedSyntax { reason: message, help: help.to_string() };
        self.errors.push(problem.at(Span::new(word.file, word.start, word.end)));
    }

    fn number<T: std::str::FromStr>(&mut self, word: Option<&Word>, what: &str, at: &Word) -> Option<T> {
        match word.map(|w| (w.text.parse::<T>(), w)) {
            Some((Ok(n), _)) => Some(n),
            Some((Err(_), w)) => {
                let w = w.clone();
                self.error(&w, format!("`{}` is not a valid {what}", w.text), "see keepalived.conf(5)");
                None
            }
            None => {
                let at = at.clone();
                self.error(&at, format!("`{}` needs {what}", at.text), "see keepalived.conf(5)");
                None
            }
        }
    }

    /// The addresses a word stands for ([`parse_addresses`]), or an error at it.
    fn addresses(&mut self, word: &Word) -> Option<Vec<IpAddr>> {
        let parsed = parse_addresses(&word.text);
        if parsed.is_none() {
            let w = word.clone();
            self.error(
                &w,
                format!("`{}` is not an address or address range", w.text),
                "write 192.0.2.10, 192.0.2.10-20 or 192.0.2.8/30",
            );
        }
        parsed
    }

    fn forward(&mut self, node: &Node) -> Option<Forward> {
        let method = node.arg(1)?.clone();
        match method.text.as_str() {
            "NAT" => Some(Forward::Nat),
            "DR" => Some(Forward::Dr),
            "TUN" => {
                let mut kind = "ipip";
                let mut port = None;
                let mut checksum = Checksum::NoCsum;
                let mut i = 2;
                while let Some(w) = node.arg(i) {
                    match w.text.as_str() {
                        "type" => {
                            kind = match node.arg(i + 1).map(|w| w.text.as_str()) {
                                Some("gue") => "gue",
                                Some("gre") => "gre",
                                _ => "ipip",
                            };
                            i += 1;
                        }
                        "port" => {
                            port = node.arg(i + 1).and_then(|p| p.text.parse::<u16>().ok());
                            i += 1;
                        }
                        "csum" => checksum = Checksum::Csum,
                        "remcsum" => checksum = Checksum::RemCsum,
                        _ => {}
                    }
                    i += 1;
                }
                let tunnel = match (kind, port) {
                    ("gue", Some(port)) => Tunnel::Gue { port, checksum },
                    ("gue", None) => {
                        self.error(&method, "a gue tunnel needs `port N`".into(), "lvs_method TUN type gue port 6080");
                        return None;
                    }
                    ("gre", _) => Tunnel::Gre { checksum },
                    _ => Tunnel::Ipip,
                };
                Some(Forward::Tunnel { tunnel })
            }
            other => {
                let other = other.to_string();
                self.repair(
                    &method,
                    format!(
                        "unknown routing method [{other}]: keepalived uses NAT (it takes NAT, DR or TUN, in capitals)"
                    ),
                );
                Some(Forward::Nat)
            }
        }
    }
}

/// `192.168.1.1`, a prefix `192.168.1.0/30` (every address in it, network and broadcast
/// included) or a range of the last part `192.168.1.1-10`, as keepalived's groups take them.
fn parse_addresses(text: &str) -> Option<Vec<IpAddr>> {
    if let Ok(a) = text.parse::<IpAddr>() {
        return Some(vec![a]);
    }
    // A prefix stands for every address in it, network and broadcast included.
    if let Ok(net) = text.parse::<ipnet::IpNet>() {
        let hosts: Vec<IpAddr> = match net {
            ipnet::IpNet::V4(n) => {
                let (first, last) = (u32::from(n.network()), u32::from(n.broadcast()));
                (first..=last).take(65536).map(|a| IpAddr::from(std::net::Ipv4Addr::from(a))).collect()
            }
            ipnet::IpNet::V6(n) => {
                let (first, last) = (u128::from(n.network()), u128::from(n.broadcast()));
                (first..=last).take(65536).map(|a| IpAddr::from(std::net::Ipv6Addr::from(a))).collect()
            }
        };
        return Some(hosts);
    }
    let parsed = text.rsplit_once('-').and_then(|(first, last)| {
        let first: IpAddr = first.parse().ok()?;
        Some(match first {
            IpAddr::V4(a) => {
                let o = a.octets();
                let last: u8 = last.parse().ok()?;
                (o[3]..=last).map(|x| IpAddr::from([o[0], o[1], o[2], x])).collect::<Vec<_>>()
            }
            IpAddr::V6(a) => {
                let s = a.segments();
                let last = u16::from_str_radix(last, 16).ok()?;
                (s[7]..=last)
                    .map(|x| {
                        let mut t = s;
                        t[7] = x;
                        IpAddr::from(t)
                    })
                    .collect()
            }
        })
    });
    parsed.filter(|list| !list.is_empty())
}

/// Reads keepalived.conf text on its own (its includes are not read: each is an error);
/// every statement that cannot be read is reported.
pub fn read(file: FileId, text: &str) -> Result<Imported, Vec<Diagnostic>> {
    let mut reader = Reader { errors: Vec::new(), notes: Vec::new(), repairs: Vec::new() };
    let lines = tokenize(file, text);
    for line in lines.iter().filter(|l| l.first().is_some_and(|w| w.text == "include")) {
        reader.error(
            &line[0],
            "an include cannot be followed in text read on its own".into(),
            "import the file itself",
        );
    }
    interpret(reader, lines)
}

/// Reads the keepalived.conf `root` of `sources` and every file it includes (added to
/// `sources`), as keepalived does: an include is a glob, relative to the directory of the
/// file that names it, read in place; one that matches nothing is an error.
/// `config_id` picks the `@ID` / `@^ID` lines, as keepalived's `-i` does.
pub fn read_files(sources: &mut SourceMap, root: FileId, config_id: &str) -> Result<Imported, Vec<Diagnostic>> {
    let mut reader = Reader { errors: Vec::new(), notes: Vec::new(), repairs: Vec::new() };
    let mut seen = Vec::new();
    let lines = with_includes(sources, root, &mut reader, &mut seen, 0);
    let conditional = lines.iter().any(|l| l[0].text.starts_with('@'));
    let lines = conditional_lines(lines, config_id);
    if conditional {
        reader
            .notes
            .push(format!("`@` lines read for config id `{config_id}` (keepalived -i; lvsc import --config-id)"));
    }
    interpret(reader, lines)
}

/// keepalived's default config id: this host's name up to the first dot.
pub fn host_config_id() -> String {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    name.trim().split('.').next().unwrap_or("").to_string()
}

/// `@ID line` is read only when the config id is ID, `@^ID line` only when it is not; the
/// `@` word itself is dropped.
fn conditional_lines(lines: Vec<Vec<Word>>, config_id: &str) -> Vec<Vec<Word>> {
    lines
        .into_iter()
        .filter_map(|mut line| {
            let Some(condition) = line[0].text.strip_prefix('@') else { return Some(line) };
            let wanted = match condition.strip_prefix('^') {
                Some(id) => id != config_id,
                None => condition == config_id,
            };
            line.remove(0);
            (wanted && !line.is_empty()).then_some(line)
        })
        .collect()
}

/// How deep includes may nest before the import stops (keepalived has a limit too).
const MAX_INCLUDE_DEPTH: usize = 16;

fn with_includes(
    sources: &mut SourceMap,
    file: FileId,
    reader: &mut Reader,
    seen: &mut Vec<std::path::PathBuf>,
    depth: usize,
) -> Vec<Vec<Word>> {
    let text = sources.file(file).text.clone();
    let base = sources.file(file).path.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
    let mut out = Vec::new();
    for line in tokenize(file, &text) {
        if line[0].text != "include" {
            out.push(line);
            continue;
        }
        let Some(pattern) = line.get(1) else {
            reader.error(
                &line[0],
                "`include` needs a file or a pattern".into(),
                "include /etc/keepalived/conf.d/*.conf",
            );
            continue;
        };
        if depth >= MAX_INCLUDE_DEPTH {
            reader.error(pattern, format!("includes nest deeper than {MAX_INCLUDE_DEPTH}"), "is there a cycle?");
            continue;
        }
        let full = base.join(&pattern.text);
        let mut paths: Vec<std::path::PathBuf> = match glob::glob(&full.to_string_lossy()) {
            Ok(found) => found.filter_map(Result::ok).filter(|p| p.is_file()).collect(),
            Err(_) => Vec::new(),
        };
        paths.sort();
        if paths.is_empty() {
            reader.error(
                pattern,
                format!("`include {}` matches no file ({})", pattern.text, full.display()),
                "keepalived resolves a relative include from the directory of the file that names it",
            );
            continue;
        }
        for path in paths {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            if seen.contains(&canonical) {
                continue;
            }
            seen.push(canonical);
            match crate::source::read_file(&path) {
                Ok(text) => {
                    let id = sources.add(path.display().to_string(), &path, text);
                    out.extend(with_includes(sources, id, reader, seen, depth + 1));
                }
                Err(e) => {
                    let message = format!("cannot read {}: {}", path.display(), crate::source::io_reason(&e));
                    reader.error(pattern, message, "see keepalived.conf(5)")
                }
            }
        }
    }
    out
}

/// keepalived's `$NAME=value` definitions, and each `$NAME` in later words replaced.
fn substitute_definitions(lines: Vec<Vec<Word>>) -> Vec<Vec<Word>> {
    let mut definitions: Vec<(String, String)> = Vec::new();
    let mut out = Vec::with_capacity(lines.len());
    for mut line in lines {
        if let Some((name, first_value)) = line[0].text.strip_prefix('$').and_then(|d| d.split_once('=')) {
            let mut value = vec![first_value.to_string()];
            value.extend(line[1..].iter().map(|w| w.text.clone()));
            let value = value.into_iter().filter(|v| !v.is_empty()).collect::<Vec<_>>().join(" ");
            definitions.retain(|(n, _)| n != name);
            definitions.push((name.to_string(), value));
            continue;
        }
        for word in &mut line {
            if word.text.contains('$') {
                // Longest names first, so that $VIP2 is not read as $VIP followed by 2.
                let mut sorted: Vec<&(String, String)> = definitions.iter().collect();
                sorted.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
                for (name, value) in sorted {
                    word.text = word.text.replace(&format!("${{{name}}}"), value).replace(&format!("${name}"), value);
                }
            }
        }
        out.push(line);
    }
    out
}

/// The table the statements of `lines` (includes already in place) describe.
fn interpret(mut reader: Reader, lines: Vec<Vec<Word>>) -> Result<Imported, Vec<Diagnostic>> {
    let (nodes, brace_errors) = tree(substitute_definitions(lines));
    for error in brace_errors {
        reader.error(
            &error.word,
            error.message,
            "keepalived pairs every `{` with a `}`; a file cut short or a stray brace changes what every \
             later line belongs to",
        );
    }
    let mut groups: HashMap<String, Vec<Target>> = HashMap::new();
    for node in nodes.iter().filter(|n| n.keyword() == "virtual_server_group") {
        let name = node.arg(1).map_or(String::new(), |w| w.text.clone());
        let mut targets = Vec::new();
        for entry in &node.children {
            if entry.keyword() == "fwmark" {
                if let Some(mark) = reader.number::<u32>(entry.arg(1), "fwmark", &entry.words[0]) {
                    let family = entry.arg(2).map(|w| if w.text == "inet6" { Family::Ipv6 } else { Family::Ipv4 });
                    targets.push(Target::Fwmark(mark, family));
                }
            } else if let Some(addresses) = parse_addresses(&entry.words[0].text) {
                let port = entry.arg(1).and_then(|p| p.text.parse::<u16>().ok()).unwrap_or(0);
                targets.push(Target::Addresses(addresses, port));
            } else {
                let message =
                    format!("invalid group address `{}` in group {name}: keepalived skips it", entry.words[0].text);
                reader.repair(&entry.words[0], message);
            }
        }
        if targets.is_empty() {
            reader.repair(&node.words[0], format!("virtual_server_group {name} has no entries: keepalived removes it"));
            continue;
        }
        groups.insert(name, targets);
    }
    let mut config = Config::default();
    let files = health::track_files(&mut reader, &nodes);
    for node in &nodes {
        match node.keyword() {
            "virtual_server" => virtual_server(&mut reader, node, &groups, &files, &mut config),
            "virtual_server_group" | "track_file" | "vrrp_track_file" => {}
            "global_defs" => global_defs(&mut reader, node, &nodes, &mut config),
            "vrrp_instance" => {
                instance_sync_daemon(&mut reader, node, &mut config);
                config.health.vrrp_instances.extend(vrrp::instance(&mut reader, node));
            }
            "vrrp_script" => config.health.vrrp_scripts.extend(vrrp::script(&mut reader, node)),
            "vrrp_sync_group" => {
                let group = vrrp::sync_group(&mut reader, node);
                config.health.vrrp_sync_groups.push(group);
            }
            "include" => {}
            other => {
                let name = node.arg(1).map_or(String::new(), |w| format!(" {}", w.text));
                let why =
                    if other.starts_with("vrrp") { "VRRP is keepalived's own" } else { "not part of the IPVS table" };
                reader.notes.push(format!("{other}{name}: not carried ({why})"));
            }
        }
    }
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    config.canonicalize();
    reader.repairs.sort_by_key(|(span, _)| span.start());
    reader.repairs.dedup();
    // A group's settings are read once per address: say each note once.
    let mut notes: Vec<String> = Vec::new();
    for note in reader.notes {
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    Ok(Imported { config, notes, repairs: reader.repairs })
}

fn virtual_server(
    reader: &mut Reader,
    node: &Node,
    groups: &HashMap<String, Vec<Target>>,
    files: &health::TrackFiles,
    config: &mut Config,
) {
    let Some(first) = node.arg(1).cloned() else { return };
    let label = node.words[1..].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    let targets = match first.text.as_str() {
        "fwmark" => match reader.number::<u32>(node.arg(2), "fwmark", &first) {
            Some(mark) => vec![Target::Fwmark(mark, None)],
            None => return,
        },
        "group" => match node.arg(2).and_then(|g| groups.get(&g.text)) {
            Some(targets) => targets.clone(),
            None => {
                reader.error(
                    &first,
                    format!("no virtual_server_group `{}`", node.arg(2).map_or("", |w| w.text.as_str())),
                    "define the group before using it",
                );
                return;
            }
        },
        _ => {
            let Some(addresses) = reader.addresses(&first) else { return };
            let port = node.arg(2).and_then(|p| p.text.parse::<u16>().ok()).unwrap_or(0);
            vec![Target::Addresses(addresses, port)]
        }
    };
    let mut scheduler = Scheduler::DEFAULT;
    let mut flags = SchedulerFlags::default();
    let mut forward = Forward::Nat;
    let mut protocol = None;
    let mut default_weight = 1;
    let mut ops_word: Option<&Word> = None;
    let mut timeout: Option<u32> = None;
    let mut granularity: Option<&Word> = None;
    let mut sip = false;
    let mut one_packet = false;
    let mut family = None;
    let mut servers: Vec<(&Node, Option<u16>)> = Vec::new();
    let mut sorry = false;
    for s in &node.children {
        let w0 = &s.words[0];
        match s.keyword() {
            "lb_algo" | "lvs_sched" => match s.arg(1).map(|w| w.text.as_str()).and_then(Scheduler::from_name) {
                Some(found) => scheduler = found,
                None => {
                    let written = s.arg(1).map_or("", |w| w.text.as_str()).to_string();
                    reader.repair(w0, format!("invalid lvs_scheduler '{written}': keepalived ignores it and uses wlc"));
                }
            },
            "lb_kind" | "lvs_method" => {
                if let Some(f) = reader.forward(s) {
                    forward = f;
                }
            }
            "protocol" => match s.arg(1).map(|w| w.text.to_ascii_uppercase()).as_deref() {
                Some("UDP") => protocol = Some(Protocol::Udp),
                Some("SCTP") => protocol = Some(Protocol::Sctp),
                _ => protocol = Some(Protocol::Tcp),
            },
            "persistence_timeout" => match s.arg(1) {
                Some(_) => match reader.number::<u32>(s.arg(1), "timeout", w0) {
                    Some(t) if (1..=2_678_400).contains(&t) => timeout = Some(t),
                    Some(t) => reader
                        .repair(w0, format!("persistence_timeout {t} is outside 1 to 2678400: keepalived ignores it")),
                    None => {}
                },
                None => timeout = Some(Persistence::DEFAULT_TIMEOUT),
            },
            "weight" => default_weight = reader.number::<u32>(s.arg(1), "weight", w0).unwrap_or(1),
            "persistence_granularity" => granularity = s.arg(1),
            "persistence_engine" => sip = s.arg(1).is_some_and(|w| w.text == "sip"),
            "ops" => {
                one_packet = true;
                ops_word = Some(w0);
            }
            "sh-port" | "mh-port" | "flag-2" => flags.port = true,
            "sh-fallback" | "mh-fallback" | "flag-1" => flags.fallback = true,
            "ip_family" => family = s.arg(1).map(|w| if w.text == "inet6" { Family::Ipv6 } else { Family::Ipv4 }),
            "real_server" => {
                let port = s.arg(2).and_then(|p| p.text.parse::<u16>().ok());
                servers.push((s, port));
            }
            "sorry_server" => sorry = true,
            keyword if health::SERVICE_KEYWORDS.contains(&keyword) => {}
            "ha_suspend" | "smtp_alert" | "virtualhost" | "sorry_server_lvs_method" | "hashed" | "snmp_name" => {
                reader.notes.push(format!("virtual_server {label}: {} not carried", s.keyword()))
            }
            other => reader.notes.push(format!("virtual_server {label}: {other} not understood, left out")),
        }
    }
    let addressed = targets.iter().any(|t| matches!(t, Target::Addresses(..)));
    let protocol = match protocol {
        Some(p) => p,
        None => {
            if addressed {
                reader.repair(&first, format!("virtual_server {label} sets no protocol: keepalived defaults to UDP"));
            }
            Protocol::Udp
        }
    };
    if let (true, Some(w), true) = (one_packet, ops_word, protocol != Protocol::Udp && addressed) {
        reader.repair(w, "one-packet scheduling requires UDP: keepalived resets it".into());
        one_packet = false;
    }
    let persistence = (timeout.is_some() || granularity.is_some())
        .then_some(())
        .map(|()| (timeout.unwrap_or(Persistence::DEFAULT_TIMEOUT), granularity));
    for target in targets {
        let keys: Vec<ServiceKey> = match &target {
            Target::Fwmark(mark, group_family) => {
                let inferred = servers.first().and_then(|(s, _)| s.arg(1)).and_then(|w| w.text.parse::<IpAddr>().ok());
                let family = group_family.or(family).or(inferred.map(|a| Family::of(&a))).unwrap_or(Family::Ipv4);
                vec![ServiceKey::Fwmark { family, mark: *mark }]
            }
            Target::Addresses(addresses, port) => {
                addresses.iter().map(|a| ServiceKey::Address { protocol, address: *a, port: *port }).collect()
            }
        };
        for key in keys {
            let persistence = persistence.map(|(timeout, granularity)| {
                let mask = match (granularity, key.family()) {
                    (Some(g), Family::Ipv4) => {
                        g.text.parse().map(PersistenceMask::Netmask).unwrap_or(PersistenceMask::host(Family::Ipv4))
                    }
                    (Some(g), Family::Ipv6) => {
                        g.text.parse().map(PersistenceMask::Prefix).unwrap_or(PersistenceMask::host(Family::Ipv6))
                    }
                    (None, f) => PersistenceMask::host(f),
                };
                Persistence { timeout, mask, sip }
            });
            let mut destinations = Vec::new();
            let mut blocks: Vec<&Node> = Vec::new();
            for (s, written_port) in &servers {
                let Some(address) = s.arg(1).and_then(|w| w.text.parse::<IpAddr>().ok()) else {
                    let w = s.arg(1).unwrap_or(&s.words[0]).clone();
                    reader.repair(&w, format!("invalid real server address `{}`: keepalived skips it", w.text));
                    continue;
                };
                let mut d = Destination {
                    address,
                    port: 0,
                    forward,
                    weight: default_weight,
                    upper_threshold: 0,
                    lower_threshold: 0,
                };
                for o in &s.children {
                    let w0 = &o.words[0];
                    match o.keyword() {
                        "weight" => d.weight = reader.number(o.arg(1), "weight", w0).unwrap_or(1),
                        "uthreshold" => d.upper_threshold = reader.number(o.arg(1), "threshold", w0).unwrap_or(0),
                        "lthreshold" => d.lower_threshold = reader.number(o.arg(1), "threshold", w0).unwrap_or(0),
                        "lvs_method" => {
                            if let Some(f) = reader.forward(o) {
                                d.forward = f;
                            }
                        }
                        keyword
                            if health::CHECKERS.contains(&keyword) || health::BACKEND_KEYWORDS.contains(&keyword) => {}
                        other => reader
                            .notes
                            .push(format!("virtual_server {label}: real_server {address}: {other} not carried")),
                    }
                }
                d.port = match (key, d.forward) {
                    (ServiceKey::Address { port, .. }, Forward::Dr | Forward::Tunnel { .. }) => {
                        if written_port.is_some_and(|p| p != port && p != 0) {
                            let message = format!(
                                "real server {address} of virtual_server {label}: its port is not the virtual \
                                 server's, which direct routing and tunnels keep: keepalived resets it to {port}"
                            );
                            reader.repair(&s.words[0], message);
                        }
                        port
                    }
                    // Seen in the VM: keepalived clears the port of a direct-routing or
                    // tunnelled real server of a fwmark service, and keeps a NAT one's.
                    (ServiceKey::Fwmark { .. }, Forward::Dr | Forward::Tunnel { .. }) => {
                        if written_port.is_some_and(|p| p != 0) {
                            let message = format!("real server {address} of fwmark virtual_server {label} is not NAT and has a port: keepalived clears it");
                            reader.repair(&s.words[0], message);
                        }
                        0
                    }
                    _ => written_port.unwrap_or(key.port()),
                };
                if destinations.iter().any(|e: &Destination| e.address == d.address && e.port == d.port) {
                    let message = format!(
                        "real server {} is duplicated in virtual_server {label}: keepalived removes the second",
                        endpoint(&d.address, d.port)
                    );
                    reader.repair(&s.words[0], message);
                    continue;
                }
                destinations.push(d);
                blocks.push(s);
            }
            if destinations.is_empty() && !sorry {
                reader.repair(&first, format!("virtual_server {label} has no real servers: keepalived ignores it"));
                continue;
            }
            let servers: Vec<(Destination, &Node)> = destinations.iter().copied().zip(blocks).collect();
            config.health.services.push(health::service_health(reader, node, key, &servers, files));
            config.services.push(Service { key, scheduler, flags, persistence, one_packet, destinations });
        }
    }
}

/// `global_defs`: what keepalived sets in the IPVS table from it (connection timeouts and
/// the sync daemon, whose role follows the VRRP instance it names: master when that
/// instance starts as MASTER, else backup, which keepalived changes with VRRP's state).
fn global_defs(reader: &mut Reader, node: &Node, nodes: &[Node], config: &mut Config) {
    reader.notes.push(
        "global_defs: settings other than lvs_timeouts and lvs_sync_daemon not carried (keepalived's own)".into(),
    );
    for s in &node.children {
        match s.keyword() {
            "lvs_timeouts" => {
                let mut i = 1;
                while let (Some(name), Some(value)) = (s.arg(i), s.arg(i + 1)) {
                    let seconds = reader.number::<u32>(Some(value), "timeout", name).filter(|t| *t > 0);
                    match name.text.as_str() {
                        "tcp" => config.timeouts.tcp = seconds,
                        "tcpfin" => config.timeouts.tcp_fin = seconds,
                        "udp" => config.timeouts.udp = seconds,
                        _ => {}
                    }
                    i += 2;
                }
            }
            "lvs_sync_daemon" => {
                let (Some(interface), Some(instance)) = (s.arg(1), s.arg(2)) else { continue };
                let starts_master = nodes.iter().any(|n| {
                    n.keyword() == "vrrp_instance"
                        && n.arg(1).is_some_and(|w| w.text == instance.text)
                        && n.children
                            .iter()
                            .any(|c| c.keyword() == "state" && c.arg(1).is_some_and(|w| w.text == "MASTER"))
                });
                let role = if starts_master { SyncRole::Master } else { SyncRole::Backup };
                let mut daemon = SyncDaemon::new(role, interface.text.clone());
                let mut i = 3;
                while let (Some(name), Some(value)) = (s.arg(i), s.arg(i + 1)) {
                    match name.text.as_str() {
                        "id" => daemon.sync_id = reader.number(Some(value), "sync id", name).unwrap_or(0),
                        "maxlen" => {
                            daemon.max_len = reader.number(Some(value), "maxlen", name).unwrap_or(daemon.max_len)
                        }
                        "port" => daemon.port = reader.number(Some(value), "port", name).unwrap_or(daemon.port),
                        "ttl" => daemon.ttl = reader.number(Some(value), "ttl", name).unwrap_or(daemon.ttl),
                        "group" => daemon.group = value.text.parse().unwrap_or(daemon.group),
                        _ => {}
                    }
                    i += 2;
                }
                reader.notes.push(format!(
                    "lvs_sync_daemon {} {}: imported as a {role} daemon; keepalived switches it with {}'s VRRP state",
                    interface.text, instance.text, instance.text
                ));
                config.sync_daemons.retain(|d| d.role != role);
                config.sync_daemons.push(daemon);
            }
            _ => {}
        }
    }
}

/// The deprecated `lvs_sync_daemon_interface IFACE` of a VRRP instance: keepalived runs a
/// sync daemon on IFACE (sync id 0) whose role follows the instance's state; it starts as
/// the instance's `state` says.
fn instance_sync_daemon(reader: &mut Reader, node: &Node, config: &mut Config) {
    let Some(setting) = node.children.iter().find(|c| c.keyword() == "lvs_sync_daemon_interface") else { return };
    let Some(interface) = setting.arg(1) else { return };
    let master = node.children.iter().any(|c| c.keyword() == "state" && c.arg(1).is_some_and(|w| w.text == "MASTER"));
    let role = if master { SyncRole::Master } else { SyncRole::Backup };
    if config.sync_daemons.iter().any(|d| d.role == role) {
        return;
    }
    let instance = node.arg(1).map_or("", |w| w.text.as_str()).to_string();
    reader.repair(
        &setting.words[0],
        format!("lvs_sync_daemon_interface in vrrp_instance {instance} (deprecated): a {role} sync daemon on {}, sync id 0, switched with the instance's state", interface.text),
    );
    config.sync_daemons.push(SyncDaemon::new(role, interface.text.clone()));
}
