//! Every diagnostic that is not a lint rule, as data: one variant per mistake with the
//! facts that phrase it, and here alone its code, message, label and help (as just's
//! `CompileErrorKind`). A lint rule phrases its finding in its own file under
//! `check/rules/`, beside its explanation (ruff's model); both end as a [`Diagnostic`].

use super::{Code, Diagnostic, Label};
use crate::model::{Family, SyncRole};
use crate::source::Span;

/// Where a setting may be given once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingScope {
    /// A `cluster` or `defaults` block.
    Block,
    /// The options of one `backend`.
    Backend,
    /// The `director` blocks (sysctls).
    Director,
    /// The `timeouts` blocks: IPVS timeouts are global.
    Timeouts,
    /// The sync daemons: the kernel runs one master and one backup.
    SyncDaemons,
    /// The file and what it includes (`defaults`).
    File,
}

/// Which option a tunnel type does not take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TunnelOption {
    Port,
    Checksum,
    RemoteChecksum,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Text the grammar does not accept; `expected` is already a phrase, not a rule name.
    Syntax {
        expected: String,
        found: String,
        help: String,
    },
    InvalidLiteral {
        text: String,
        what: &'static str,
        help: &'static str,
    },
    IncludeNotFound {
        path: String,
        reason: String,
    },
    IncludeCycle {
        written: String,
    },
    IncludeOutsideProject {
        path: String,
    },
    /// A line of ipvsadm text the importer cannot read, with the importer's reason.
    IpvsadmSyntax {
        reason: String,
        help: String,
    },
    /// A keepalived.conf statement the importer cannot read, with the importer's reason.
    KeepalivedSyntax {
        reason: String,
        help: String,
    },
    /// A construct the grammar allows but lvsc does not lower: a bug in lvsc.
    Internal {
        what: &'static str,
    },
    NotADefault {
        keyword: &'static str,
    },
    DuplicateSetting {
        setting: String,
        scope: SettingScope,
    },
    DuplicateCluster {
        name: String,
    },
    DuplicatePool {
        name: String,
    },
    VipAndFwmark {
        cluster: String,
    },
    FwmarkAndPort {
        cluster: String,
    },
    VipWithoutPort {
        cluster: String,
    },
    NoVirtualAddress {
        cluster: String,
    },
    UnknownScheduler {
        name: String,
        known: String,
        suggestion: String,
    },
    UnknownPool {
        name: String,
        suggestion: String,
    },
    UnknownPersistenceEngine {
        name: String,
        suggestion: String,
    },
    UnknownSysctl {
        key: String,
        suggestion: String,
    },
    MatchPortsWithoutProtocol,
    SyncDaemonWithoutInterface {
        role: SyncRole,
    },
    MatchOutsideFwmark,
    OutOfRange {
        what: String,
        /// `42 is out of range`, or `is too large` for a number too long to read.
        verdict: String,
        min: u64,
        max: u64,
        why: String,
    },
    PortRangeOutOfRange {
        first: u64,
        last: u64,
    },
    SyncGroupNotMulticast {
        group: String,
    },
    MatchFamily {
        rule: Family,
        service: Family,
    },
    PrefixOnIpv4,
    NetmaskOnIpv6,
    TunnelOptionsWithoutTunnel {
        method: &'static str,
    },
    TunnelOptionNotAllowed {
        tunnel: &'static str,
        option: TunnelOption,
    },
    GueWithoutPort,
    /// An option a check of this kind does not take (`url` on a tcp check).
    CheckOptionNotFor {
        option: &'static str,
        check: &'static str,
    },
    /// A check without what it cannot run without (`url` of http, `command` of script).
    CheckIncomplete {
        check: &'static str,
        option: &'static str,
        example: &'static str,
    },
    /// A name that refers to nothing: a vrrp-script, a VRRP instance or a cluster.
    UnknownReference {
        what: &'static str,
        name: String,
        suggestion: String,
    },
    /// A VRRP instance without its interface or router id.
    VrrpIncomplete {
        instance: String,
        option: &'static str,
    },
    /// `check none` beside other checks at the same place.
    CheckNoneWithOthers,
}

impl Problem {
    pub fn code(&self) -> Code {
        match self {
            Problem::Syntax { .. } => Code::SyntaxError,
            Problem::InvalidLiteral { .. } => Code::InvalidLiteral,
            Problem::IncludeNotFound { .. } => Code::IncludeNotFound,
            Problem::IncludeCycle { .. } => Code::IncludeCycle,
            Problem::IncludeOutsideProject { .. } => Code::IncludeOutsideProject,
            Problem::IpvsadmSyntax { .. } => Code::IpvsadmSyntax,
            Problem::KeepalivedSyntax { .. } => Code::KeepalivedSyntax,
            Problem::Internal { .. } => Code::InternalError,
            Problem::NotADefault { .. } | Problem::VipAndFwmark { .. } | Problem::FwmarkAndPort { .. } => {
                Code::ConflictingSettings
            }
            Problem::DuplicateSetting { .. } => Code::DuplicateSetting,
            Problem::DuplicateCluster { .. } => Code::DuplicateCluster,
            Problem::DuplicatePool { .. } => Code::DuplicatePool,
            Problem::VipWithoutPort { .. } | Problem::NoVirtualAddress { .. } => Code::MissingAddress,
            Problem::UnknownScheduler { .. } => Code::UnknownScheduler,
            Problem::UnknownPool { .. } => Code::UnknownPool,
            Problem::UnknownPersistenceEngine { .. } => Code::UnknownPersistenceEngine,
            Problem::UnknownSysctl { .. } => Code::UnknownSysctl,
            Problem::MatchPortsWithoutProtocol | Problem::SyncDaemonWithoutInterface { .. } => Code::MissingSetting,
            Problem::MatchOutsideFwmark => Code::MatchOutsideFwmark,
            Problem::OutOfRange { .. }
            | Problem::PortRangeOutOfRange { .. }
            | Problem::SyncGroupNotMulticast { .. } => Code::OutOfRange,
            Problem::MatchFamily { .. } | Problem::PrefixOnIpv4 | Problem::NetmaskOnIpv6 => Code::FamilyMismatch,
            Problem::TunnelOptionsWithoutTunnel { .. } => Code::TunnelOptionsWithoutTunnel,
            Problem::TunnelOptionNotAllowed { .. } | Problem::GueWithoutPort => Code::InvalidTunnelOptions,
            Problem::CheckOptionNotFor { .. } | Problem::CheckNoneWithOthers => Code::InvalidCheckOption,
            Problem::CheckIncomplete { .. } | Problem::VrrpIncomplete { .. } => Code::MissingSetting,
            Problem::UnknownReference { .. } => Code::UnknownReference,
        }
    }

    /// The one-line message.
    pub fn message(&self) -> String {
        match self {
            Problem::Syntax { expected, found, .. } => format!("expected {expected}, found {found}"),
            Problem::InvalidLiteral { text, what, .. } => format!("`{text}` is not a valid {what}"),
            Problem::IncludeNotFound { path, reason } => format!("cannot read included file `{path}`: {reason}"),
            Problem::IncludeCycle { written } => format!("including `{written}` here makes a cycle"),
            Problem::IncludeOutsideProject { path } => {
                format!("`{path}` is outside the directory of the file being checked")
            }
            Problem::IpvsadmSyntax { reason, .. } | Problem::KeepalivedSyntax { reason, .. } => reason.clone(),
            Problem::Internal { what } => format!("internal error: {what} (please report this)"),
            Problem::NotADefault { keyword } => format!("`{keyword}` cannot be a default"),
            Problem::DuplicateSetting { setting, .. } => format!("{setting} is given twice"),
            Problem::DuplicateCluster { name } => format!("cluster `{name}` is defined twice"),
            Problem::DuplicatePool { name } => format!("pool `{name}` is defined twice"),
            Problem::VipAndFwmark { cluster } => format!("cluster `{cluster}` has both `vip` and `fwmark`"),
            Problem::FwmarkAndPort { cluster } => format!("cluster `{cluster}` has both `fwmark` and `port`"),
            Problem::VipWithoutPort { cluster } => format!("cluster `{cluster}` has a vip but no port"),
            Problem::NoVirtualAddress { cluster } => format!("cluster `{cluster}` has no virtual address"),
            Problem::UnknownScheduler { name, .. } => format!("unknown scheduler `{name}`"),
            Problem::UnknownPool { name, .. } => format!("no pool is named `{name}`"),
            Problem::UnknownPersistenceEngine { name, .. } => format!("unknown persistence engine `{name}`"),
            Problem::UnknownSysctl { key, .. } => format!("`{key}` is not an IPVS sysctl"),
            Problem::MatchPortsWithoutProtocol => "ports in a `match` need a protocol".into(),
            Problem::SyncDaemonWithoutInterface { role } => format!("the {role} sync daemon has no interface"),
            Problem::MatchOutsideFwmark => "`match` in a cluster without a firewall mark".into(),
            Problem::OutOfRange { what, verdict, .. } => format!("{what} {verdict}"),
            Problem::PortRangeOutOfRange { first, last } => format!("port range {first}-{last} is out of range"),
            Problem::SyncGroupNotMulticast { group } => format!("sync group {group} is not a multicast address"),
            Problem::MatchFamily { rule, service } => {
                format!("an {} match in an {} fwmark cluster", rule.name(), service.name())
            }
            Problem::PrefixOnIpv4 => "`prefix` on an IPv4 service".into(),
            Problem::NetmaskOnIpv6 => "`netmask` on an IPv6 service".into(),
            Problem::TunnelOptionsWithoutTunnel { method } => format!("tunnel options on `forward {method}`"),
            Problem::TunnelOptionNotAllowed { tunnel, option } => match option {
                TunnelOption::Port => format!("a{} {tunnel} tunnel takes no port", article_n(tunnel)),
                TunnelOption::Checksum => format!("a{} {tunnel} tunnel takes no checksum option", article_n(tunnel)),
                TunnelOption::RemoteChecksum => {
                    format!("a{} {tunnel} tunnel cannot use remote checksum offload", article_n(tunnel))
                }
            },
            Problem::GueWithoutPort => "a gue tunnel needs a port".into(),
            Problem::CheckOptionNotFor { option, check } => {
                format!("a{} {check} check takes no `{option}`", article_n(check))
            }
            Problem::CheckIncomplete { check, option, .. } => format!("the {check} check has no `{option}`"),
            Problem::UnknownReference { what, name, .. } => format!("no {what} is named `{name}`"),
            Problem::VrrpIncomplete { instance, option } => format!("vrrp `{instance}` has no `{option}`"),
            Problem::CheckNoneWithOthers => "`check none` beside other checks".into(),
        }
    }

    /// What the primary label says at the span.
    pub fn label(&self) -> String {
        match self {
            Problem::Syntax { expected, .. } => format!("expected {expected}"),
            Problem::InvalidLiteral { what, .. } => format!("not a valid {what}"),
            Problem::IncludeNotFound { .. } => "included here".into(),
            Problem::IncludeCycle { .. } => "this include leads back to a file that is already being read".into(),
            Problem::IncludeOutsideProject { .. } => "not read: outside the project".into(),
            Problem::IpvsadmSyntax { .. } | Problem::KeepalivedSyntax { .. } | Problem::Internal { .. } => {
                "here".into()
            }
            Problem::NotADefault { .. } => "not allowed in `defaults`".into(),
            Problem::DuplicateSetting { .. } => "given again here".into(),
            Problem::DuplicateCluster { .. } | Problem::DuplicatePool { .. } => "defined again here".into(),
            Problem::VipAndFwmark { .. } => "a fwmark service has no address of its own".into(),
            Problem::FwmarkAndPort { .. } => "a fwmark service has no port of its own".into(),
            Problem::VipWithoutPort { .. } => "no `port` for this address".into(),
            Problem::NoVirtualAddress { .. } => "neither `vip` nor `fwmark`".into(),
            Problem::UnknownScheduler { .. } => "the kernel has no scheduler by this name".into(),
            Problem::UnknownPool { .. } => "unknown pool".into(),
            Problem::UnknownPersistenceEngine { .. } => "the kernel has no engine by this name".into(),
            Problem::UnknownSysctl { .. } => "not in net.ipv4.vs".into(),
            Problem::MatchPortsWithoutProtocol => "ports of which protocol?".into(),
            Problem::SyncDaemonWithoutInterface { .. } => "which interface?".into(),
            Problem::MatchOutsideFwmark => "nothing would use this mark".into(),
            Problem::OutOfRange { min, max, .. } => format!("must be {min} to {max}"),
            Problem::PortRangeOutOfRange { .. } => "ports are 0 to 65535, low to high".into(),
            Problem::SyncGroupNotMulticast { .. } => "not multicast".into(),
            Problem::MatchFamily { rule, .. } => format!("{} address", rule.name()),
            Problem::PrefixOnIpv4 => "IPv6 persistence granularity".into(),
            Problem::NetmaskOnIpv6 => "IPv4 persistence granularity".into(),
            Problem::TunnelOptionsWithoutTunnel { .. } => "only a tunnel takes this".into(),
            Problem::TunnelOptionNotAllowed { .. } => "not allowed here".into(),
            Problem::GueWithoutPort => "no port given".into(),
            Problem::CheckOptionNotFor { .. } => "not an option of this check".into(),
            Problem::CheckIncomplete { option, .. } => format!("`{option}` missing"),
            Problem::UnknownReference { what, .. } => format!("unknown {what}"),
            Problem::VrrpIncomplete { option, .. } => format!("which {option}?"),
            Problem::CheckNoneWithOthers => "says there is no check".into(),
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            Problem::Syntax { help, .. } => help.clone(),
            Problem::InvalidLiteral { help, .. } => (*help).into(),
            Problem::IncludeNotFound { .. } => {
                "an include path is relative to the file that contains the `include`".into()
            }
            Problem::IncludeCycle { .. } => "remove one of the includes in the cycle; a file may be included from \
                                            several places, but never from itself"
                .into(),
            Problem::IncludeOutsideProject { .. } => "includes stay inside the root file's directory tree, so that a \
                                                      file from a pull request cannot read the host's files; to \
                                                      share files from elsewhere, pass `--include-root DIR`"
                .into(),
            Problem::IpvsadmSyntax { help, .. } | Problem::KeepalivedSyntax { help, .. } => help.clone(),
            Problem::Internal { .. } => "this is a bug in lvsc, not in your file".into(),
            Problem::NotADefault { .. } => "`defaults` holds what clusters share (scheduler, persistence, forward, \
                                            weight, port); move this into a cluster, or share backends through a \
                                            `pool`"
                .into(),
            Problem::DuplicateSetting { setting, scope } => match scope {
                SettingScope::Block => format!("keep one {setting} statement in this block"),
                SettingScope::Backend => {
                    "give each of `weight`, `u-threshold`, `l-threshold` and `forward` once per backend".into()
                }
                SettingScope::Director => "set each sysctl once".into(),
                SettingScope::Timeouts => "IPVS timeouts are global: set each once".into(),
                SettingScope::SyncDaemons => "the kernel runs at most one master and one backup sync daemon".into(),
                SettingScope::File => format!("merge the two {setting} blocks into one"),
            },
            Problem::DuplicateCluster { .. } => "rename one of them, or merge them into one cluster".into(),
            Problem::DuplicatePool { .. } => "rename one of them, or merge them into one pool".into(),
            Problem::VipAndFwmark { .. } => "a cluster is either an address with ports or a firewall mark; for a \
                                             fwmark service, say which traffic gets the mark with `match`"
                .into(),
            Problem::FwmarkAndPort { .. } => {
                "put the ports in a `match` line: `match tcp 192.0.2.10 port 80, 443`".into()
            }
            Problem::VipWithoutPort { .. } => "add `port tcp 80` (or udp, sctp; several ports with `port tcp 80, \
                                               443`); `port tcp 0` with persistence takes every port"
                .into(),
            Problem::NoVirtualAddress { .. } => {
                "add `vip 192.0.2.10` with `port tcp 80`, or `fwmark 1` with `match` lines".into()
            }
            Problem::UnknownScheduler { known, suggestion, .. } => format!("schedulers are {known}{suggestion}"),
            Problem::UnknownPool { name, suggestion } => {
                format!("define it with `pool {name} {{ backend … }}`{suggestion}")
            }
            Problem::UnknownPersistenceEngine { suggestion, .. } => {
                format!("the only persistence engine is `sip`{suggestion}")
            }
            Problem::UnknownSysctl { suggestion, .. } => format!(
                "`sysctl` sets IPVS settings (`net.ipv4.vs.NAME`); lvsc writes ip_forward, send_redirects and \
                 the real servers' ARP settings itself{suggestion}"
            ),
            Problem::MatchPortsWithoutProtocol => "write `match tcp 192.0.2.10 port 80` (or udp, sctp)".into(),
            Problem::SyncDaemonWithoutInterface { .. } => {
                "add `interface eth0` (ipvsadm would silently pick eth0, which may not exist)".into()
            }
            Problem::MatchOutsideFwmark => "`match` says which packets get a cluster's fwmark: add `fwmark N` and \
                                            drop `vip`/`port`, or remove the `match`"
                .into(),
            Problem::OutOfRange { what, min, max, why, .. } => format!("a {what} is {min} to {max}: {why}"),
            Problem::PortRangeOutOfRange { .. } => {
                "write a port (`80`) or a range from low to high (`8000-8100`)".into()
            }
            Problem::SyncGroupNotMulticast { .. } => {
                "the sync daemon sends to a multicast group, such as the default 224.0.0.81".into()
            }
            Problem::MatchFamily { .. } => "a fwmark service has one address family: use one cluster per family, \
                                            or write `fwmark N ipv6` for IPv6"
                .into(),
            Problem::PrefixOnIpv4 => {
                "an IPv4 service groups clients by netmask: `persistence netmask 255.255.255.0`".into()
            }
            Problem::NetmaskOnIpv6 => "an IPv6 service groups clients by prefix length: `persistence prefix 64`".into(),
            Problem::TunnelOptionsWithoutTunnel { method } => {
                format!("write `forward tunnel …` to tunnel, or remove the tunnel options from `forward {method}`")
            }
            Problem::TunnelOptionNotAllowed { option, .. } => match option {
                TunnelOption::Port => "only `gue` tunnels have a UDP port".into(),
                TunnelOption::Checksum => "checksum options are for `gue` and `gre` tunnels".into(),
                TunnelOption::RemoteChecksum => "use `csum` or `nocsum` with gre; `remcsum` is for gue".into(),
            },
            Problem::GueWithoutPort => "write `forward tunnel gue port 6080` with the UDP port the real servers \
                                        decapsulate on (`ip fou add port 6080 gue`)"
                .into(),
            Problem::CheckOptionNotFor { .. } => "see docs/language.md for the options of each check: `url`, \
                                                  `virtualhost` and `sni` are http(s), `command`, `dynamic` and \
                                                  `user` script, `query` dns, `helo` smtp, `payload` and \
                                                  `require-reply` udp, `file` file"
                .into(),
            Problem::CheckIncomplete { example, .. } => format!("add it: `{example}`"),
            Problem::UnknownReference { what, name, suggestion } => {
                format!("define the {what} `{name}`, or correct the name{suggestion}")
            }
            Problem::VrrpIncomplete { option, .. } => match *option {
                "interface" => "add `interface eth0`: the interface VRRP adverts go out on".into(),
                _ => "add `router-id 51`: the same 1-255 on every director of this instance, unique on the \
                      network segment"
                    .into(),
            },
            Problem::CheckNoneWithOthers => {
                "keep either `check none` (the backend is always up) or the checks, not both".into()
            }
        }
    }

    /// The diagnostic for this problem at `span`.
    pub fn at(self, span: Span) -> Diagnostic {
        Diagnostic::new(self.code(), self.message(), Label::new(span, self.label()), self.help())
    }

    /// The diagnostic for a second occurrence at `again` of what stood first at `first`.
    pub fn repeated(self, again: Span, first: Span) -> Diagnostic {
        let first_label = match self {
            Problem::DuplicateCluster { .. } | Problem::DuplicatePool { .. } => "first defined here",
            _ => "first given here",
        };
        self.at(again).with_secondary(Label::new(first, first_label))
    }
}

/// "n" where "an" goes before `word` as spoken (an ipip tunnel, an http check).
fn article_n(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) || ["http", "https", "smtp"].contains(&word) {
        "n"
    } else {
        ""
    }
}
