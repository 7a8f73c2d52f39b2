//! Every diagnostic lvsc can give, with its stable id and name.
//!
//! The list is the single source of truth: `lvsc explain`, the fixture tests (one fixture
//! per code) and the documentation all read it. Ids never change meaning; a retired code
//! keeps its number unused.

use super::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
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
}

impl Code {
    pub const ALL: &'static [Code] = &[
        Code::SyntaxError,
        Code::InvalidLiteral,
        Code::IncludeNotFound,
        Code::IncludeCycle,
        Code::IpvsadmSyntax,
        Code::KeepalivedSyntax,
        Code::UnknownPool,
        Code::DuplicateCluster,
        Code::DuplicatePool,
        Code::DuplicateSetting,
        Code::ConflictingSettings,
        Code::MissingAddress,
        Code::UnknownScheduler,
        Code::UnknownPersistenceEngine,
        Code::UnknownSysctl,
        Code::MissingSetting,
        Code::DuplicateService,
        Code::DuplicateBackend,
        Code::FamilyMismatch,
        Code::OutOfRange,
        Code::ThresholdOrder,
        Code::SchedulerFlagMismatch,
        Code::TunnelOptionsWithoutTunnel,
        Code::InvalidTunnelOptions,
        Code::ZeroPortWithoutPersistence,
        Code::OnePacketNotUdp,
        Code::BackendNotUnicast,
        Code::MixedFamilyWithSyncDaemon,
        Code::MatchOutsideFwmark,
        Code::NoBackends,
        Code::AllWeightsZero,
        Code::IgnoredBackendPort,
        Code::IgnoredWeights,
        Code::NatWithoutReturnPath,
        Code::SipEngineNotUdp,
        Code::HashWithoutFallback,
        Code::DestinationHashOnSingleVip,
        Code::UnusedPool,
        Code::SourceHashOverflow,
    ];

    /// The short stable id (`E012`, `W103`).
    pub fn id(self) -> &'static str {
        self.row().0
    }

    /// The stable kebab-case name (`duplicate-service`).
    pub fn name(self) -> &'static str {
        self.row().1
    }

    /// One line saying what the code is about, for listings.
    pub fn summary(self) -> &'static str {
        self.row().2
    }

    pub fn severity(self) -> Severity {
        if self.id().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// Finds a code by id (any case) or name.
    pub fn lookup(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id().eq_ignore_ascii_case(text) || c.name() == text)
    }

    /// The long explanation (`lvsc explain`): why it matters, an example, what to write
    /// instead. The texts live in docs/diagnostics/NAME.md.
    pub fn explanation(self) -> &'static str {
        match self {
            Code::SyntaxError => include_str!("../../docs/diagnostics/syntax-error.md"),
            Code::InvalidLiteral => include_str!("../../docs/diagnostics/invalid-literal.md"),
            Code::IncludeNotFound => include_str!("../../docs/diagnostics/include-not-found.md"),
            Code::IncludeCycle => include_str!("../../docs/diagnostics/include-cycle.md"),
            Code::IpvsadmSyntax => include_str!("../../docs/diagnostics/ipvsadm-syntax.md"),
            Code::KeepalivedSyntax => include_str!("../../docs/diagnostics/keepalived-syntax.md"),
            Code::UnknownPool => include_str!("../../docs/diagnostics/unknown-pool.md"),
            Code::DuplicateCluster => include_str!("../../docs/diagnostics/duplicate-cluster.md"),
            Code::DuplicatePool => include_str!("../../docs/diagnostics/duplicate-pool.md"),
            Code::DuplicateSetting => include_str!("../../docs/diagnostics/duplicate-setting.md"),
            Code::ConflictingSettings => include_str!("../../docs/diagnostics/conflicting-settings.md"),
            Code::MissingAddress => include_str!("../../docs/diagnostics/missing-address.md"),
            Code::UnknownScheduler => include_str!("../../docs/diagnostics/unknown-scheduler.md"),
            Code::UnknownPersistenceEngine => include_str!("../../docs/diagnostics/unknown-persistence-engine.md"),
            Code::UnknownSysctl => include_str!("../../docs/diagnostics/unknown-sysctl.md"),
            Code::MissingSetting => include_str!("../../docs/diagnostics/missing-setting.md"),
            Code::DuplicateService => include_str!("../../docs/diagnostics/duplicate-service.md"),
            Code::DuplicateBackend => include_str!("../../docs/diagnostics/duplicate-backend.md"),
            Code::FamilyMismatch => include_str!("../../docs/diagnostics/family-mismatch.md"),
            Code::OutOfRange => include_str!("../../docs/diagnostics/out-of-range.md"),
            Code::ThresholdOrder => include_str!("../../docs/diagnostics/threshold-order.md"),
            Code::SchedulerFlagMismatch => include_str!("../../docs/diagnostics/scheduler-flag-mismatch.md"),
            Code::TunnelOptionsWithoutTunnel => include_str!("../../docs/diagnostics/tunnel-options-without-tunnel.md"),
            Code::InvalidTunnelOptions => include_str!("../../docs/diagnostics/invalid-tunnel-options.md"),
            Code::ZeroPortWithoutPersistence => include_str!("../../docs/diagnostics/zero-port-without-persistence.md"),
            Code::OnePacketNotUdp => include_str!("../../docs/diagnostics/one-packet-not-udp.md"),
            Code::BackendNotUnicast => include_str!("../../docs/diagnostics/backend-not-unicast.md"),
            Code::MixedFamilyWithSyncDaemon => include_str!("../../docs/diagnostics/mixed-family-with-sync-daemon.md"),
            Code::MatchOutsideFwmark => include_str!("../../docs/diagnostics/match-outside-fwmark.md"),
            Code::NoBackends => include_str!("../../docs/diagnostics/no-backends.md"),
            Code::AllWeightsZero => include_str!("../../docs/diagnostics/all-weights-zero.md"),
            Code::IgnoredBackendPort => include_str!("../../docs/diagnostics/ignored-backend-port.md"),
            Code::IgnoredWeights => include_str!("../../docs/diagnostics/ignored-weights.md"),
            Code::NatWithoutReturnPath => include_str!("../../docs/diagnostics/nat-without-return-path.md"),
            Code::SipEngineNotUdp => include_str!("../../docs/diagnostics/sip-engine-not-udp.md"),
            Code::HashWithoutFallback => include_str!("../../docs/diagnostics/hash-without-fallback.md"),
            Code::DestinationHashOnSingleVip => {
                include_str!("../../docs/diagnostics/destination-hash-on-single-vip.md")
            }
            Code::UnusedPool => include_str!("../../docs/diagnostics/unused-pool.md"),
            Code::SourceHashOverflow => include_str!("../../docs/diagnostics/source-hash-overflow.md"),
        }
    }

    fn row(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Code::SyntaxError => ("E001", "syntax-error", "the text is not valid .lvs syntax"),
            Code::InvalidLiteral => ("E002", "invalid-literal", "an address or number that cannot be read"),
            Code::IncludeNotFound => ("E003", "include-not-found", "an included file cannot be read"),
            Code::IncludeCycle => ("E004", "include-cycle", "files include each other in a cycle"),
            Code::IpvsadmSyntax => ("E005", "ipvsadm-syntax", "a line of ipvsadm text that cannot be read"),
            Code::KeepalivedSyntax => ("E006", "keepalived-syntax", "a keepalived.conf statement that cannot be read"),
            Code::UnknownPool => ("E010", "unknown-pool", "`backends` names a pool that is not defined"),
            Code::DuplicateCluster => ("E011", "duplicate-cluster", "two clusters share a name"),
            Code::DuplicatePool => ("E012", "duplicate-pool", "two pools share a name"),
            Code::DuplicateSetting => ("E013", "duplicate-setting", "a setting is given twice where one is allowed"),
            Code::ConflictingSettings => ("E014", "conflicting-settings", "settings that cannot be used together"),
            Code::MissingAddress => {
                ("E015", "missing-address", "a cluster has no virtual address, port or firewall mark")
            }
            Code::UnknownScheduler => ("E016", "unknown-scheduler", "a scheduler the kernel does not have"),
            Code::UnknownPersistenceEngine => {
                ("E017", "unknown-persistence-engine", "a persistence engine the kernel does not have")
            }
            Code::UnknownSysctl => ("E018", "unknown-sysctl", "a sysctl that is not an IPVS setting"),
            Code::MissingSetting => ("E019", "missing-setting", "a block lacks a setting it needs"),
            Code::DuplicateService => ("E020", "duplicate-service", "two clusters define the same IPVS service"),
            Code::DuplicateBackend => ("E021", "duplicate-backend", "a service lists the same real server twice"),
            Code::FamilyMismatch => ("E022", "family-mismatch", "IPv4 and IPv6 mixed where the kernel refuses it"),
            Code::OutOfRange => ("E023", "out-of-range", "a number outside the range the kernel accepts"),
            Code::ThresholdOrder => ("E024", "threshold-order", "a lower connection threshold above the upper one"),
            Code::SchedulerFlagMismatch => {
                ("E025", "scheduler-flag-mismatch", "a scheduler flag for another scheduler")
            }
            Code::TunnelOptionsWithoutTunnel => {
                ("E026", "tunnel-options-without-tunnel", "tunnel options on a backend that is not tunnelled")
            }
            Code::InvalidTunnelOptions => {
                ("E027", "invalid-tunnel-options", "tunnel options that do not fit the tunnel type")
            }
            Code::ZeroPortWithoutPersistence => {
                ("E028", "zero-port-without-persistence", "port 0 on a service without persistence")
            }
            Code::OnePacketNotUdp => ("E029", "one-packet-not-udp", "one-packet scheduling on a TCP or SCTP service"),
            Code::BackendNotUnicast => {
                ("E030", "backend-not-unicast", "a backend address that is not a unicast address")
            }
            Code::MixedFamilyWithSyncDaemon => {
                ("E031", "mixed-family-with-sync-daemon", "a tunnel across address families while a sync daemon runs")
            }
            Code::MatchOutsideFwmark => {
                ("E032", "match-outside-fwmark", "`match` in a cluster that has no firewall mark")
            }
            Code::NoBackends => ("W101", "no-backends", "a cluster with no backends refuses every connection"),
            Code::AllWeightsZero => ("W102", "all-weights-zero", "every backend of a service has weight 0"),
            Code::IgnoredBackendPort => {
                ("W103", "ignored-backend-port", "a backend port that direct routing and tunnelling ignore")
            }
            Code::IgnoredWeights => ("W104", "ignored-weights", "weights given to a scheduler that ignores them"),
            Code::NatWithoutReturnPath => {
                ("W105", "nat-without-return-path", "a NAT backend with no declared return path through the director")
            }
            Code::SipEngineNotUdp => {
                ("W106", "sip-engine-not-udp", "the sip persistence engine on a service that is not UDP")
            }
            Code::HashWithoutFallback => {
                ("W107", "hash-without-fallback", "sh or mh with a drained backend and no fallback")
            }
            Code::DestinationHashOnSingleVip => (
                "W108",
                "destination-hash-on-single-vip",
                "a destination-hashing scheduler on a single-address service",
            ),
            Code::UnusedPool => ("W109", "unused-pool", "a pool no cluster uses"),
            Code::SourceHashOverflow => {
                ("W110", "source-hash-overflow", "sh weights past its 256 buckets leave backends without clients")
            }
        }
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
        let ids: HashSet<_> = Code::ALL.iter().map(|c| c.id()).collect();
        let names: HashSet<_> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(ids.len(), Code::ALL.len());
        assert_eq!(names.len(), Code::ALL.len());
        for code in Code::ALL {
            assert_eq!(Code::lookup(code.id()), Some(*code));
            assert_eq!(Code::lookup(code.name()), Some(*code));
        }
    }
}
