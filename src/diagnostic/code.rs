//! Every diagnostic lvsc can give, with its stable id and name.
//!
//! [`ENTRIES`] is the single source of truth: one row per code with its id, name, summary
//! and long explanation (docs/diagnostics/NAME.md); `lvsc explain`, SARIF, the fixture
//! tests (one fixture per code) and the documentation all read it. Ids never change
//! meaning; a retired code keeps its number unused.

use super::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// A broken invariant inside lvsc (exit 2), never the input's fault.
    InternalError,
    // Reading and parsing.
    SyntaxError,
    InvalidLiteral,
    IncludeNotFound,
    IncludeCycle,
    IpvsadmSyntax,
    KeepalivedSyntax,
    // Names and structure.
    UnknownPool,
    DuplicateCluster,
    DuplicatePool,
    DuplicateSetting,
    ConflictingSettings,
    MissingAddress,
    UnknownScheduler,
    UnknownPersistenceEngine,
    UnknownSysctl,
    MissingSetting,
    // Kernel and ipvsadm rules.
    DuplicateService,
    DuplicateBackend,
    FamilyMismatch,
    OutOfRange,
    ThresholdOrder,
    SchedulerFlagMismatch,
    TunnelOptionsWithoutTunnel,
    InvalidTunnelOptions,
    ZeroPortWithoutPersistence,
    OnePacketNotUdp,
    BackendNotUnicast,
    MixedFamilyWithSyncDaemon,
    MatchOutsideFwmark,
    IncludeOutsideProject,
    InvalidCheckOption,
    UnknownReference,
    DuplicateRouterId,
    QuorumAboveWeight,
    CheckWithoutPort,
    // Warnings: accepted, but almost certainly not what was meant.
    NoBackends,
    AllWeightsZero,
    IgnoredBackendPort,
    IgnoredWeights,
    NatWithoutReturnPath,
    SipEngineNotUdp,
    HashWithoutFallback,
    DestinationHashOnSingleVip,
    UnusedPool,
    SourceHashOverflow,
    CheckProtocolMismatch,
    CheckTimeoutNotBelowInterval,
    VipWithoutVrrp,
}

/// One code's row.
struct Entry {
    code: Code,
    /// The short stable id (`E012`, `W103`); `W` for warnings.
    id: &'static str,
    /// The stable kebab-case name (`duplicate-service`).
    name: &'static str,
    /// One line saying what the code is about, for listings.
    summary: &'static str,
    /// The long explanation (`lvsc explain`): why it matters, an example, what to write instead.
    explanation: &'static str,
}

/// In the order of the enum, which `Code::entry` relies on (a test holds it).
const ENTRIES: &[Entry] = &[
    Entry {
        code: Code::InternalError,
        id: "E000",
        name: "internal-error",
        summary: "a bug in lvsc, not in the input",
        explanation: include_str!("../../docs/diagnostics/internal-error.md"),
    },
    Entry {
        code: Code::SyntaxError,
        id: "E001",
        name: "syntax-error",
        summary: "the text is not valid .lvs syntax",
        explanation: include_str!("../../docs/diagnostics/syntax-error.md"),
    },
    Entry {
        code: Code::InvalidLiteral,
        id: "E002",
        name: "invalid-literal",
        summary: "an address or number that cannot be read",
        explanation: include_str!("../../docs/diagnostics/invalid-literal.md"),
    },
    Entry {
        code: Code::IncludeNotFound,
        id: "E003",
        name: "include-not-found",
        summary: "an included file cannot be read",
        explanation: include_str!("../../docs/diagnostics/include-not-found.md"),
    },
    Entry {
        code: Code::IncludeCycle,
        id: "E004",
        name: "include-cycle",
        summary: "files include each other in a cycle",
        explanation: include_str!("../../docs/diagnostics/include-cycle.md"),
    },
    Entry {
        code: Code::IpvsadmSyntax,
        id: "E005",
        name: "ipvsadm-syntax",
        summary: "a line of ipvsadm text that cannot be read",
        explanation: include_str!("../../docs/diagnostics/ipvsadm-syntax.md"),
    },
    Entry {
        code: Code::KeepalivedSyntax,
        id: "E006",
        name: "keepalived-syntax",
        summary: "a keepalived.conf statement that cannot be read",
        explanation: include_str!("../../docs/diagnostics/keepalived-syntax.md"),
    },
    Entry {
        code: Code::UnknownPool,
        id: "E010",
        name: "unknown-pool",
        summary: "`backends` names a pool that is not defined",
        explanation: include_str!("../../docs/diagnostics/unknown-pool.md"),
    },
    Entry {
        code: Code::DuplicateCluster,
        id: "E011",
        name: "duplicate-cluster",
        summary: "two clusters share a name",
        explanation: include_str!("../../docs/diagnostics/duplicate-cluster.md"),
    },
    Entry {
        code: Code::DuplicatePool,
        id: "E012",
        name: "duplicate-pool",
        summary: "two pools share a name",
        explanation: include_str!("../../docs/diagnostics/duplicate-pool.md"),
    },
    Entry {
        code: Code::DuplicateSetting,
        id: "E013",
        name: "duplicate-setting",
        summary: "a setting is given twice where one is allowed",
        explanation: include_str!("../../docs/diagnostics/duplicate-setting.md"),
    },
    Entry {
        code: Code::ConflictingSettings,
        id: "E014",
        name: "conflicting-settings",
        summary: "settings that cannot be used together",
        explanation: include_str!("../../docs/diagnostics/conflicting-settings.md"),
    },
    Entry {
        code: Code::MissingAddress,
        id: "E015",
        name: "missing-address",
        summary: "a cluster has no virtual address, port or firewall mark",
        explanation: include_str!("../../docs/diagnostics/missing-address.md"),
    },
    Entry {
        code: Code::UnknownScheduler,
        id: "E016",
        name: "unknown-scheduler",
        summary: "a scheduler the kernel does not have",
        explanation: include_str!("../../docs/diagnostics/unknown-scheduler.md"),
    },
    Entry {
        code: Code::UnknownPersistenceEngine,
        id: "E017",
        name: "unknown-persistence-engine",
        summary: "a persistence engine the kernel does not have",
        explanation: include_str!("../../docs/diagnostics/unknown-persistence-engine.md"),
    },
    Entry {
        code: Code::UnknownSysctl,
        id: "E018",
        name: "unknown-sysctl",
        summary: "a sysctl that is not an IPVS setting",
        explanation: include_str!("../../docs/diagnostics/unknown-sysctl.md"),
    },
    Entry {
        code: Code::MissingSetting,
        id: "E019",
        name: "missing-setting",
        summary: "a block lacks a setting it needs",
        explanation: include_str!("../../docs/diagnostics/missing-setting.md"),
    },
    Entry {
        code: Code::DuplicateService,
        id: "E020",
        name: "duplicate-service",
        summary: "two clusters define the same IPVS service",
        explanation: include_str!("../../docs/diagnostics/duplicate-service.md"),
    },
    Entry {
        code: Code::DuplicateBackend,
        id: "E021",
        name: "duplicate-backend",
        summary: "a service lists the same real server twice",
        explanation: include_str!("../../docs/diagnostics/duplicate-backend.md"),
    },
    Entry {
        code: Code::FamilyMismatch,
        id: "E022",
        name: "family-mismatch",
        summary: "IPv4 and IPv6 mixed where the kernel refuses it",
        explanation: include_str!("../../docs/diagnostics/family-mismatch.md"),
    },
    Entry {
        code: Code::OutOfRange,
        id: "E023",
        name: "out-of-range",
        summary: "a number outside the range the kernel accepts",
        explanation: include_str!("../../docs/diagnostics/out-of-range.md"),
    },
    Entry {
        code: Code::ThresholdOrder,
        id: "E024",
        name: "threshold-order",
        summary: "a lower connection threshold above the upper one",
        explanation: include_str!("../../docs/diagnostics/threshold-order.md"),
    },
    Entry {
        code: Code::SchedulerFlagMismatch,
        id: "E025",
        name: "scheduler-flag-mismatch",
        summary: "a scheduler flag for another scheduler",
        explanation: include_str!("../../docs/diagnostics/scheduler-flag-mismatch.md"),
    },
    Entry {
        code: Code::TunnelOptionsWithoutTunnel,
        id: "E026",
        name: "tunnel-options-without-tunnel",
        summary: "tunnel options on a backend that is not tunnelled",
        explanation: include_str!("../../docs/diagnostics/tunnel-options-without-tunnel.md"),
    },
    Entry {
        code: Code::InvalidTunnelOptions,
        id: "E027",
        name: "invalid-tunnel-options",
        summary: "tunnel options that do not fit the tunnel type",
        explanation: include_str!("../../docs/diagnostics/invalid-tunnel-options.md"),
    },
    Entry {
        code: Code::ZeroPortWithoutPersistence,
        id: "E028",
        name: "zero-port-without-persistence",
        summary: "port 0 on a service without persistence",
        explanation: include_str!("../../docs/diagnostics/zero-port-without-persistence.md"),
    },
    Entry {
        code: Code::OnePacketNotUdp,
        id: "E029",
        name: "one-packet-not-udp",
        summary: "one-packet scheduling on a TCP or SCTP service",
        explanation: include_str!("../../docs/diagnostics/one-packet-not-udp.md"),
    },
    Entry {
        code: Code::BackendNotUnicast,
        id: "E030",
        name: "backend-not-unicast",
        summary: "a backend address that is not a unicast address",
        explanation: include_str!("../../docs/diagnostics/backend-not-unicast.md"),
    },
    Entry {
        code: Code::MixedFamilyWithSyncDaemon,
        id: "E031",
        name: "mixed-family-with-sync-daemon",
        summary: "a tunnel across address families while a sync daemon runs",
        explanation: include_str!("../../docs/diagnostics/mixed-family-with-sync-daemon.md"),
    },
    Entry {
        code: Code::MatchOutsideFwmark,
        id: "E032",
        name: "match-outside-fwmark",
        summary: "`match` in a cluster that has no firewall mark",
        explanation: include_str!("../../docs/diagnostics/match-outside-fwmark.md"),
    },
    Entry {
        code: Code::IncludeOutsideProject,
        id: "E033",
        name: "include-outside-project",
        summary: "an include that leads outside the root file's directory tree",
        explanation: include_str!("../../docs/diagnostics/include-outside-project.md"),
    },
    Entry {
        code: Code::InvalidCheckOption,
        id: "E034",
        name: "invalid-check-option",
        summary: "an option the check does not take, or `check none` beside checks",
        explanation: include_str!("../../docs/diagnostics/invalid-check-option.md"),
    },
    Entry {
        code: Code::UnknownReference,
        id: "E035",
        name: "unknown-reference",
        summary: "a vrrp-script, VRRP instance or cluster name that is not defined",
        explanation: include_str!("../../docs/diagnostics/unknown-reference.md"),
    },
    Entry {
        code: Code::DuplicateRouterId,
        id: "E036",
        name: "duplicate-router-id",
        summary: "two VRRP instances with one virtual router id on one interface",
        explanation: include_str!("../../docs/diagnostics/duplicate-router-id.md"),
    },
    Entry {
        code: Code::QuorumAboveWeight,
        id: "E037",
        name: "quorum-above-weight",
        summary: "a quorum the backends' total weight can never reach",
        explanation: include_str!("../../docs/diagnostics/quorum-above-weight.md"),
    },
    Entry {
        code: Code::CheckWithoutPort,
        id: "E038",
        name: "check-without-port",
        summary: "a check that connects to port 0: the backend has no port of its own",
        explanation: include_str!("../../docs/diagnostics/check-without-port.md"),
    },
    Entry {
        code: Code::NoBackends,
        id: "W101",
        name: "no-backends",
        summary: "a cluster with no backends refuses every connection",
        explanation: include_str!("../../docs/diagnostics/no-backends.md"),
    },
    Entry {
        code: Code::AllWeightsZero,
        id: "W102",
        name: "all-weights-zero",
        summary: "every backend of a service has weight 0",
        explanation: include_str!("../../docs/diagnostics/all-weights-zero.md"),
    },
    Entry {
        code: Code::IgnoredBackendPort,
        id: "W103",
        name: "ignored-backend-port",
        summary: "a backend port that direct routing and tunnelling ignore",
        explanation: include_str!("../../docs/diagnostics/ignored-backend-port.md"),
    },
    Entry {
        code: Code::IgnoredWeights,
        id: "W104",
        name: "ignored-weights",
        summary: "weights given to a scheduler that ignores them",
        explanation: include_str!("../../docs/diagnostics/ignored-weights.md"),
    },
    Entry {
        code: Code::NatWithoutReturnPath,
        id: "W105",
        name: "nat-without-return-path",
        summary: "a NAT backend with no declared return path through the director",
        explanation: include_str!("../../docs/diagnostics/nat-without-return-path.md"),
    },
    Entry {
        code: Code::SipEngineNotUdp,
        id: "W106",
        name: "sip-engine-not-udp",
        summary: "the sip persistence engine on a service that is not UDP",
        explanation: include_str!("../../docs/diagnostics/sip-engine-not-udp.md"),
    },
    Entry {
        code: Code::HashWithoutFallback,
        id: "W107",
        name: "hash-without-fallback",
        summary: "sh or mh with a drained backend and no fallback",
        explanation: include_str!("../../docs/diagnostics/hash-without-fallback.md"),
    },
    Entry {
        code: Code::DestinationHashOnSingleVip,
        id: "W108",
        name: "destination-hash-on-single-vip",
        summary: "a destination-hashing scheduler on a single-address service",
        explanation: include_str!("../../docs/diagnostics/destination-hash-on-single-vip.md"),
    },
    Entry {
        code: Code::UnusedPool,
        id: "W109",
        name: "unused-pool",
        summary: "a pool no cluster uses",
        explanation: include_str!("../../docs/diagnostics/unused-pool.md"),
    },
    Entry {
        code: Code::SourceHashOverflow,
        id: "W110",
        name: "source-hash-overflow",
        summary: "sh weights past its 256 buckets leave backends without clients",
        explanation: include_str!("../../docs/diagnostics/source-hash-overflow.md"),
    },
    Entry {
        code: Code::CheckProtocolMismatch,
        id: "W111",
        name: "check-protocol-mismatch",
        summary: "a TCP check of a UDP service (or a UDP check of a TCP one) on the service's port",
        explanation: include_str!("../../docs/diagnostics/check-protocol-mismatch.md"),
    },
    Entry {
        code: Code::CheckTimeoutNotBelowInterval,
        id: "W112",
        name: "check-timeout-not-below-interval",
        summary: "a check whose connect timeout is not below its interval",
        explanation: include_str!("../../docs/diagnostics/check-timeout-not-below-interval.md"),
    },
    Entry {
        code: Code::VipWithoutVrrp,
        id: "W113",
        name: "vip-without-vrrp",
        summary: "a VIP that no VRRP instance carries while others do",
        explanation: include_str!("../../docs/diagnostics/vip-without-vrrp.md"),
    },
];

impl Code {
    /// Every code, in id order.
    pub fn all() -> impl Iterator<Item = Code> {
        ENTRIES.iter().map(|e| e.code)
    }

    fn entry(self) -> &'static Entry {
        &ENTRIES[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.entry().id
    }

    pub fn name(self) -> &'static str {
        self.entry().name
    }

    pub fn summary(self) -> &'static str {
        self.entry().summary
    }

    pub fn explanation(self) -> &'static str {
        self.entry().explanation
    }

    pub fn severity(self) -> Severity {
        if self.id().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// A fault of lvsc itself: no input can produce it on purpose.
    pub fn is_internal(self) -> bool {
        self == Code::InternalError
    }

    /// Finds a code by id (any case) or name.
    pub fn lookup(text: &str) -> Option<Code> {
        Code::all().find(|c| c.id().eq_ignore_ascii_case(text) || c.name() == text)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_and_names_are_unique_and_all_listed() {
        let ids: HashSet<_> = Code::all().map(|c| c.id()).collect();
        let names: HashSet<_> = Code::all().map(|c| c.name()).collect();
        assert_eq!(ids.len(), ENTRIES.len());
        assert_eq!(names.len(), ENTRIES.len());
        for (index, code) in Code::all().enumerate() {
            assert_eq!(code as usize, index, "ENTRIES is not in the enum's order at {}", code.name());
            assert_eq!(Code::lookup(code.id()), Some(code));
            assert_eq!(Code::lookup(code.name()), Some(code));
        }
    }
}
