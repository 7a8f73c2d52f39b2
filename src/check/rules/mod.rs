//! The rules that run over the lowered table: one rule per file, each with its code.
//!
//! A rule reads the [`Context`] and returns its diagnostics; it never changes anything.
//! [`RULES`] is the one list of them.

mod all_weights_zero;
mod backend_not_unicast;
mod check_protocol_mismatch;
mod check_timeout_not_below_interval;
mod check_without_port;
mod destination_hash_on_single_vip;
mod duplicate_backend;
mod duplicate_router_id;
mod duplicate_service;
mod family_mismatch;
mod hash_without_fallback;
mod ignored_backend_port;
mod ignored_weights;
mod mixed_family_with_sync_daemon;
mod nat_without_return_path;
mod no_backends;
mod one_packet_not_udp;
mod quorum_above_weight;
mod scheduler_flag_mismatch;
mod sip_engine_not_udp;
mod source_hash_overflow;
mod threshold_order;
mod unused_pool;
mod vip_without_vrrp;
mod zero_port_without_persistence;

use super::located::{Located, LocatedSyncDaemon, LocatedVrrp, PoolUse, ReturnPath};
use crate::diagnostic::{Code, Diagnostic};

/// What every rule may read.
pub struct Context<'a> {
    pub services: &'a [Located],
    pub return_paths: &'a [ReturnPath],
    pub sync_daemons: &'a [LocatedSyncDaemon],
    pub pools: &'a [PoolUse],
    pub vrrp: &'a [LocatedVrrp],
}

/// A rule: the code it reports and the function that finds it.
pub struct Rule {
    pub code: Code,
    pub check: fn(&Context) -> Vec<Diagnostic>,
}

pub const RULES: &[Rule] = &[
    duplicate_service::RULE,
    duplicate_backend::RULE,
    family_mismatch::RULE,
    threshold_order::RULE,
    scheduler_flag_mismatch::RULE,
    zero_port_without_persistence::RULE,
    one_packet_not_udp::RULE,
    backend_not_unicast::RULE,
    mixed_family_with_sync_daemon::RULE,
    no_backends::RULE,
    all_weights_zero::RULE,
    ignored_backend_port::RULE,
    ignored_weights::RULE,
    nat_without_return_path::RULE,
    sip_engine_not_udp::RULE,
    hash_without_fallback::RULE,
    destination_hash_on_single_vip::RULE,
    unused_pool::RULE,
    source_hash_overflow::RULE,
    check_without_port::RULE,
    check_protocol_mismatch::RULE,
    check_timeout_not_below_interval::RULE,
    duplicate_router_id::RULE,
    quorum_above_weight::RULE,
    vip_without_vrrp::RULE,
];
