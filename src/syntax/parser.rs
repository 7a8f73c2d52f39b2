//! Turns `.lvs` text into an [`ast::File`]: pest does the grammar, this module consumes
//! its pairs into the spanned AST.
//!
//! The parser is the only stage that stops at its first error (a grammar failure leaves
//! nothing sensible to check); literals that fit the grammar but not their type (an
//! address like `300.1.1.1`) are all reported, and the file is then rejected.

use super::ast::*;
use super::syntax_error::syntax_error;
use crate::diagnostic::{Diagnostic, Problem};
use crate::source::{FileId, Span, Spanned};
use pest::iterators::Pair;
use pest::Parser as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

mod health;
mod split;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/lvs.pest"]
pub(crate) struct LvsParser;

/// Parses one file's text.
///
/// Item by item: pest then queues the tokens of one cluster at a time, not of the whole
/// file. On a large table that queue was most of lvsc's memory and its growth a good
/// part of the time, worst where page faults are dear (the emulated test VM).
///
/// A large file is parsed in runs on several threads, each from a point that looks like
/// the start of an item ([`split::run_starts`]). A run counts only if the one before it
/// ended where it began; otherwise the rest is parsed in one run from where the last good
/// run ended. Items, diagnostics and the first syntax error are those of one run over the
/// whole file.
pub fn parse(file: FileId, text: &str) -> Result<File, Vec<Diagnostic>> {
    parse_cut(file, text, &split::run_starts(text))
}

/// [`parse`] with the runs starting at `starts` (ascending) after the first.
fn parse_cut(file: FileId, text: &str, starts: &[usize]) -> Result<File, Vec<Diagnostic>> {
    // Run 0 starts at 0; run i at starts[i - 1]; each goes until the next one's start.
    let runs: Vec<Run> = std::thread::scope(|scope| {
        let others: Option<Vec<_>> = (0..starts.len())
            .map(|i| {
                let run = move || parse_run(file, text, starts[i], starts.get(i + 1).copied());
                std::thread::Builder::new().spawn_scoped(scope, run).ok()
            })
            .collect();
        // Without the threads (the system would not start one), one run does it all.
        let Some(others) = others else { return vec![parse_run(file, text, 0, None)] };
        let first = parse_run(file, text, 0, starts.first().copied());
        std::iter::once(first)
            .chain(others.into_iter().map(|run| run.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))))
            .collect()
    });
    let mut ast = File::default();
    let mut errors = Vec::new();
    for (i, run) in runs.into_iter().enumerate() {
        let end = run.end;
        run.join(&mut ast, &mut errors)?;
        if starts.get(i).is_some_and(|&next| !split::joins(text, end, next)) {
            // The guessed start was not an item's: parse the rest as one run.
            parse_run(file, text, end, None).join(&mut ast, &mut errors)?;
            break;
        }
    }
    if errors.is_empty() {
        Ok(ast)
    } else {
        Err(errors)
    }
}

/// The items of a file from `from` on, parsed until the next run's start (or the end).
struct Run {
    items: Vec<Item>,
    errors: Vec<Diagnostic>,
    /// The syntax error that stopped this run.
    failed: Option<Diagnostic>,
    /// Where this run stopped: the end of its last item.
    end: usize,
}

impl Run {
    /// Appends this run's items and diagnostics; its syntax error ends the parse.
    fn join(self, ast: &mut File, errors: &mut Vec<Diagnostic>) -> Result<(), Vec<Diagnostic>> {
        if let Some(failed) = self.failed {
            return Err(vec![failed]);
        }
        ast.items.extend(self.items);
        errors.extend(self.errors);
        Ok(())
    }
}

/// Parses items from `from` until `until` (when only white space is left before it, or
/// it is passed) or the end of the file.
fn parse_run(file: FileId, text: &str, from: usize, until: Option<usize>) -> Run {
    let mut lowering = Lowering { file, base: from, errors: Vec::new() };
    let mut items = Vec::new();
    let mut failed = None;
    while let Some(rest) = text.get(lowering.base..) {
        if until.is_some_and(|until| lowering.base >= until || split::joins(text, lowering.base, until)) {
            break;
        }
        let mut pairs = match LvsParser::parse(Rule::file_part, rest) {
            Ok(pairs) => pairs,
            Err(e) => {
                failed = Some(syntax_error(file, text, lowering.base, &e));
                break;
            }
        };
        let Some(part) = pairs.next() else { break };
        let end = part.as_span().end();
        let Some(pair) = part.into_inner().next() else { break };
        if pair.as_rule() == Rule::EOI || end == 0 {
            break;
        }
        if let Some(item) = lowering.item(pair) {
            items.push(item);
        }
        lowering.base += end;
    }
    Run { items, errors: lowering.errors, failed, end: lowering.base }
}

/// The end of a pair's last token (a pair's own span may run on over white space).
pub(crate) fn last_token_end(pair: &Pair<Rule>) -> usize {
    if pair.as_rule() == Rule::string {
        // Its inner pair stops before the closing quote.
        return pair.as_span().end();
    }
    if matches!(pair.as_rule(), Rule::check | Rule::backend_health) && ends_in_brace(pair.as_str()) {
        // Its last token is its closing brace, which is no pair of its own.
        return pair.as_span().end();
    }
    match pair.clone().into_inner().next_back() {
        Some(last) => last_token_end(&last),
        None => pair.as_span().end(),
    }
}

/// Whether a statement's text, comments aside, has a body in braces and ends with it.
pub(crate) fn ends_in_brace(text: &str) -> bool {
    let code: String = text.lines().map(|line| line.split('#').next().unwrap_or("")).collect();
    code.contains('{') && text.ends_with('}')
}

struct Lowering {
    file: FileId,
    /// Where the item being lowered starts in the file: pest's positions count from there.
    base: usize,
    errors: Vec<Diagnostic>,
}

impl Lowering {
    /// A pair's span, ending at its last token: pest lets a statement's span run on over
    /// the white space and comments it tried before an empty repetition.
    fn span(&self, pair: &Pair<Rule>) -> Span {
        Span::new(self.file, self.base + pair.as_span().start(), self.base + last_token_end(pair))
    }

    fn item(&mut self, pair: Pair<Rule>) -> Option<Item> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        match rule {
            Rule::vrrp => return Some(Item::Vrrp(self.vrrp(pair)?)),
            Rule::vrrp_script => return Some(Item::VrrpScript(self.vrrp_script(pair)?)),
            Rule::vrrp_sync_group => return Some(Item::VrrpSyncGroup(self.vrrp_sync_group(pair)?)),
            _ => {}
        }
        let mut inner = pair.into_inner();
        Some(match rule {
            Rule::include => {
                inner.next();
                Item::Include(self.string(inner.next()?))
            }
            Rule::director => {
                let keyword = self.span(&inner.next()?);
                let settings = inner.filter_map(|p| self.director_setting(p)).collect();
                Item::Director(Director { keyword, settings })
            }
            Rule::defaults => {
                let keyword = self.span(&inner.next()?);
                let settings = inner.filter_map(|p| self.cluster_setting(p)).collect();
                Item::Defaults(Defaults { keyword, settings })
            }
            Rule::timeouts => {
                let keyword = self.span(&inner.next()?);
                let mut settings = Vec::new();
                for setting in inner {
                    let mut parts = setting.into_inner();
                    let kind_pair = parts.next()?;
                    let kind = match kind_pair.as_str() {
                        "tcp" => TimeoutKind::Tcp,
                        "tcpfin" => TimeoutKind::TcpFin,
                        _ => TimeoutKind::Udp,
                    };
                    let kind = Spanned::new(kind, self.span(&kind_pair));
                    settings.push((kind, self.duration(parts.next()?)));
                }
                Item::Timeouts(Timeouts { keyword, settings })
            }
            Rule::sync_daemon => {
                let keyword = self.span(&inner.next()?);
                let role_pair = inner.next()?;
                let role = if role_pair.as_str() == "master" { SyncRole::Master } else { SyncRole::Backup };
                let role = Spanned::new(role, self.span(&role_pair));
                let settings = inner.filter_map(|p| self.sync_setting(p)).collect();
                Item::SyncDaemon(SyncDaemon { keyword, role, settings })
            }
            Rule::pool => {
                inner.next();
                let name = self.text(inner.next()?);
                let mut pool = Pool { name, backends: Vec::new(), checks: Vec::new() };
                for part in inner {
                    if part.as_rule() == Rule::check {
                        pool.checks.extend(self.check(part));
                    } else {
                        pool.backends.extend(self.backend(part));
                    }
                }
                Item::Pool(pool)
            }

            Rule::cluster => {
                inner.next();
                let name = self.text(inner.next()?);
                let settings = inner.filter_map(|p| self.cluster_setting(p)).collect();
                Item::Cluster(Cluster { name, settings })
            }
            Rule::EOI => return None,
            _ => return self.unexpected(span),
        })
    }

    fn director_setting(&mut self, pair: Pair<Rule>) -> Option<DirectorSetting> {
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        Some(match rule {
            Rule::masquerade => {
                let network = self.network(inner.next()?)?;
                inner.next(); // `out`
                let out = inner.next().map(|p| self.text(p));
                DirectorSetting::Masquerade { network, out }
            }
            Rule::gateway => DirectorSetting::Gateway(self.network(inner.next()?)?),
            Rule::no_redirects => DirectorSetting::NoRedirects(inner.map(|p| self.text(p)).collect()),
            Rule::sysctl => {
                let key = self.text(inner.next()?);
                let value_pair = inner.next()?;
                let raw = value_pair.as_str();
                let trimmed = raw.trim_end();
                let start = self.base + value_pair.as_span().start();
                let value = Spanned::new(trimmed.to_string(), Span::new(self.file, start, start + trimmed.len()));
                DirectorSetting::Sysctl { key, value }
            }
            _ => return None,
        })
    }

    fn sync_setting(&mut self, pair: Pair<Rule>) -> Option<Spanned<SyncSetting>> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let value = inner.next()?;
        let setting = match rule {
            Rule::sync_interface => SyncSetting::Interface(self.text(value)),
            Rule::sync_id => SyncSetting::SyncId(self.number(value)),
            Rule::sync_group => SyncSetting::Group(self.address(value)?),
            Rule::sync_port => SyncSetting::Port(self.number(value)),
            Rule::sync_ttl => SyncSetting::Ttl(self.number(value)),
            Rule::sync_maxlen => SyncSetting::MaxLen(self.number(value)),
            _ => return None,
        };
        Some(Spanned::new(setting, span))
    }

    fn cluster_setting(&mut self, pair: Pair<Rule>) -> Option<ClusterSetting> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        if rule == Rule::backend {
            let backend = self.backend(pair)?;
            return Some(ClusterSetting { kind: ClusterSettingKind::Backend(Box::new(backend)), span });
        }
        let whole = match rule {
            Rule::forward => Some(ClusterSettingKind::Forward(Box::new(self.forward(pair.clone())?))),
            Rule::check => Some(ClusterSettingKind::Check(Box::new(self.check(pair.clone())?))),
            Rule::sorry_server => Some(ClusterSettingKind::SorryServer(Box::new(self.sorry_server(pair.clone())?))),
            Rule::quorum => Some(ClusterSettingKind::Quorum(Box::new(self.quorum(pair.clone())?))),
            Rule::notify_backend => {
                let (event, command) = self.notify(pair.clone())?;
                Some(ClusterSettingKind::Notify(event, Box::new(command)))
            }
            _ => None,
        };
        if let Some(kind) = whole {
            return Some(ClusterSetting { kind, span });
        }
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let kind = match rule {
            Rule::vip => ClusterSettingKind::Vip(self.address(inner.next()?)?),
            Rule::ports => {
                let protocol = self.protocol(inner.next()?);
                let ports = inner.map(|p| self.number(p)).collect();
                ClusterSettingKind::Ports { protocol, ports }
            }
            Rule::fwmark => {
                let mark = self.number(inner.next()?);
                let family = inner.next().map(|p| {
                    let family = if p.as_str() == "ipv6" { Family::Ipv6 } else { Family::Ipv4 };
                    Spanned::new(family, self.span(&p))
                });
                ClusterSettingKind::Fwmark { mark, family }
            }
            Rule::match_rule => {
                let mut protocol = None;
                let mut destination = None;
                let mut ports = Vec::new();
                for part in inner {
                    match part.as_rule() {
                        Rule::protocol => protocol = Some(self.protocol(part)),
                        Rule::network_or_address => destination = Some(self.network(part)?),
                        Rule::port_range => ports.push(self.range(part)?),
                        _ => {}
                    }
                }
                ClusterSettingKind::Match(Box::new(MatchRule { protocol, destination: destination?, ports }))
            }
            Rule::scheduler => {
                let name = self.text(inner.next()?);
                let flags = inner.map(|p| self.text(p)).collect();
                ClusterSettingKind::Scheduler { name, flags }
            }
            Rule::persistence => {
                let mut persistence = Persistence { timeout: None, granularity: None, engine: None };
                for part in inner {
                    let part_span = self.span(&part);
                    match part.as_rule() {
                        Rule::duration => persistence.timeout = Some(self.duration(part)),
                        Rule::persistence_netmask => {
                            let mask_pair = part.into_inner().nth(1)?;
                            let mask = self.ipv4(&mask_pair)?;
                            persistence.granularity = Some(Spanned::new(Granularity::Netmask(mask), part_span));
                        }
                        Rule::persistence_prefix => {
                            let prefix = self.number(part.into_inner().nth(1)?);
                            persistence.granularity = Some(Spanned::new(Granularity::Prefix(prefix.value), part_span));
                        }
                        Rule::persistence_engine => {
                            persistence.engine = Some(self.text(part.into_inner().nth(1)?));
                        }
                        _ => {}
                    }
                }
                ClusterSettingKind::Persistence(Box::new(persistence))
            }
            Rule::one_packet => ClusterSettingKind::OnePacket,
            Rule::inhibit => ClusterSettingKind::Inhibit,
            Rule::alpha => ClusterSettingKind::Alpha,
            Rule::omega => ClusterSettingKind::Omega,
            Rule::backends => ClusterSettingKind::Backends(self.text(inner.next()?)),
            Rule::weight_default => ClusterSettingKind::Weight(self.number(inner.next()?)),
            _ => return self.unexpected(span),
        };
        Some(ClusterSetting { kind, span })
    }

    fn forward(&mut self, pair: Pair<Rule>) -> Option<Forward> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let method_pair = inner.next()?;
        let method = match method_pair.as_str() {
            "nat" => Method::Nat,
            "dr" => Method::Dr,
            _ => Method::Tunnel,
        };
        let mut forward = Forward {
            method: Spanned::new(method, self.span(&method_pair)),
            tunnel_type: None,
            tunnel_port: None,
            checksum: None,
            span,
        };
        for part in inner {
            let part_span = self.span(&part);
            match part.as_rule() {
                Rule::tunnel_type => {
                    let t = match part.as_str() {
                        "gue" => TunnelType::Gue,
                        "gre" => TunnelType::Gre,
                        _ => TunnelType::Ipip,
                    };
                    forward.tunnel_type = Some(Spanned::new(t, part_span));
                }
                Rule::tunnel_port => forward.tunnel_port = Some(self.number(part.into_inner().nth(1)?)),
                Rule::tunnel_checksum => {
                    let c = match part.as_str() {
                        "csum" => Checksum::Csum,
                        "remcsum" => Checksum::RemCsum,
                        _ => Checksum::NoCsum,
                    };
                    forward.checksum = Some(Spanned::new(c, part_span));
                }
                _ => {}
            }
        }
        Some(forward)
    }

    fn backend(&mut self, pair: Pair<Rule>) -> Option<Backend> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let endpoint = inner.next()?;
        let mut endpoint_parts = endpoint.into_inner();
        let address_pair = endpoint_parts.next()?;
        let address = self.address(address_pair)?;
        let port = endpoint_parts.next().map(|p| self.number(p));
        let mut backend = Backend {
            address,
            port,
            weight: None,
            upper_threshold: None,
            lower_threshold: None,
            forward: None,
            health: None,
            span,
            repeated_options: Vec::new(),
        };
        for option in inner {
            let option_span = self.span(&option);
            let rule = option.as_rule();
            if rule == Rule::backend_health {
                backend.health = Some(Box::new(self.backend_health(option)));
                continue;
            }
            let repeated = match rule {
                Rule::backend_weight => backend.weight.is_some(),
                Rule::u_threshold => backend.upper_threshold.is_some(),
                Rule::l_threshold => backend.lower_threshold.is_some(),
                _ => backend.forward.is_some(),
            };
            if repeated {
                backend.repeated_options.push(option_span);
            }
            if rule == Rule::forward {
                backend.forward = self.forward(option).map(Box::new);
                continue;
            }
            let value = self.number(option.into_inner().nth(1)?);
            match rule {
                Rule::backend_weight => backend.weight = Some(value),
                Rule::u_threshold => backend.upper_threshold = Some(value),
                _ => backend.lower_threshold = Some(value),
            }
        }
        Some(backend)
    }

    /// `80` or `8000-8100` (ports, HTTP status codes) as written: (low, high).
    fn range(&self, pair: Pair<Rule>) -> Option<Spanned<(u64, u64)>> {
        let span = self.span(&pair);
        let mut bounds = pair.into_inner();
        let low = self.number(bounds.next()?).value;
        let high = bounds.next().map_or(low, |p| self.number(p).value);
        Some(Spanned::new((low, high), span))
    }

    fn text(&self, pair: Pair<Rule>) -> Spanned<String> {
        Spanned::new(pair.as_str().to_string(), self.span(&pair))
    }

    fn string(&self, pair: Pair<Rule>) -> Spanned<String> {
        let span = self.span(&pair);
        let inner = pair.into_inner().next().map_or(String::new(), |p| p.as_str().to_string());
        Spanned::new(inner, span)
    }

    fn protocol(&self, pair: Pair<Rule>) -> Spanned<Protocol> {
        let protocol = match pair.as_str() {
            "udp" => Protocol::Udp,
            "sctp" => Protocol::Sctp,
            _ => Protocol::Tcp,
        };
        Spanned::new(protocol, self.span(&pair))
    }

    /// A number as written; one too large even for `u64` reads as `u64::MAX`, which every
    /// range check then rejects with the span of what was written.
    fn number(&self, pair: Pair<Rule>) -> Spanned<u64> {
        let value = pair.as_str().parse().unwrap_or(u64::MAX);
        Spanned::new(value, self.span(&pair))
    }

    /// A duration in seconds.
    fn duration(&self, pair: Pair<Rule>) -> Spanned<u64> {
        let text = pair.as_str();
        let (digits, unit) = match text.char_indices().last() {
            Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c),
            _ => (text, 's'),
        };
        let factor = match unit {
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => 1,
        };
        let value = digits.parse::<u64>().ok().and_then(|n| n.checked_mul(factor)).unwrap_or(u64::MAX);
        Spanned::new(value, self.span(&pair))
    }

    fn address(&mut self, pair: Pair<Rule>) -> Option<Spanned<IpAddr>> {
        let span = self.span(&pair);
        let address = match pair.as_rule() {
            Rule::ipv4 => IpAddr::V4(self.ipv4(&pair)?),
            _ => IpAddr::V6(self.ipv6(&pair)?),
        };
        Some(Spanned::new(address, span))
    }

    fn ipv4(&mut self, pair: &Pair<Rule>) -> Option<Ipv4Addr> {
        match pair.as_str().parse() {
            Ok(a) => Some(a),
            Err(_) => self.invalid(pair, "IPv4 address", "each of the four numbers must be 0 to 255"),
        }
    }

    fn ipv6(&mut self, pair: &Pair<Rule>) -> Option<Ipv6Addr> {
        match pair.as_str().parse() {
            Ok(a) => Some(a),
            Err(_) => {
                self.invalid(pair, "IPv6 address", "write an IPv6 address as in RFC 5952, such as `2001:db8::10`")
            }
        }
    }

    fn network(&mut self, pair: Pair<Rule>) -> Option<Spanned<Network>> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let address = self.address(inner.next()?)?.value;
        let prefix = inner.next().map(|p| self.number(p));
        Some(Spanned::new(Network { address, prefix }, span))
    }

    fn invalid<T>(&mut self, pair: &Pair<Rule>, what: &'static str, help: &'static str) -> Option<T> {
        let span = self.span(pair);
        self.errors.push(Problem::InvalidLiteral { text: pair.as_str().to_string(), what, help }.at(span));
        None
    }

    /// A pair the grammar allows but this lowering does not know: a bug in lvsc.
    fn unexpected<T>(&mut self, span: Span) -> Option<T> {
        self.errors.push(Problem::Internal { what: "the parser met a construct it cannot lower" }.at(span));
        None
    }
}

/// Only pest's part of parsing, for the benchmark's breakdown.
#[doc(hidden)]
pub fn grammar_only(text: &str) -> bool {
    LvsParser::parse(Rule::file, text).is_ok()
}
