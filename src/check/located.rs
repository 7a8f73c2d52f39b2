//! The checked table with the spans it came from, for the rules to point at.
//!
//! A [`Located`] service is a model service plus a [`ServiceOrigin`] whose destination
//! origins run parallel to `service.destinations` (in written order: the model's canonical
//! order is applied only when the final [`crate::model::Config`] is made).

use crate::model::{Service, ServiceHealth, SyncDaemon};
use crate::source::{Span, Spanned};

#[derive(Debug, Clone)]
pub struct Located {
    pub service: Service,
    /// Its health settings, `backends` parallel to `service.destinations`; `None` when the
    /// cluster has none at all (most tables: no memory spent per backend).
    pub health: Option<ServiceHealth>,
    pub origin: ServiceOrigin,
}

#[derive(Debug, Clone)]
pub struct ServiceOrigin {
    /// The cluster's name.
    pub cluster: Spanned<String>,
    /// The port number or fwmark that makes this service.
    pub key: Span,
    pub scheduler: Option<Span>,
    /// Scheduler flags as written.
    pub flags: Vec<Spanned<String>>,
    pub persistence: Option<Span>,
    pub engine: Option<Span>,
    pub one_packet: Option<Span>,
    pub quorum: Option<Span>,
    pub destinations: Vec<DestinationOrigin>,
}

impl ServiceOrigin {
    /// Where to point when a diagnostic is about the whole service.
    pub fn anchor(&self) -> Span {
        self.key
    }
}

#[derive(Debug, Clone)]
pub struct DestinationOrigin {
    /// The whole `backend` statement.
    pub backend: Span,
    /// The `backends NAME` that brought it in from a pool, if it came from one.
    pub via_pool: Option<Span>,
    pub address: Span,
    /// The port as written, if any (it may differ from the destination's port).
    pub port: Option<Spanned<u16>>,
    pub weight: Option<Span>,
    pub lower_threshold: Option<Span>,
    pub upper_threshold: Option<Span>,
    /// The `check` statements its checks come from, parallel to its checks.
    pub checks: Vec<Span>,
}

/// A sync daemon and where it was declared.
#[derive(Debug, Clone)]
pub struct LocatedSyncDaemon {
    pub daemon: SyncDaemon,
    pub span: Span,
}

/// A pool and whether any cluster used it.
#[derive(Debug, Clone)]
pub struct PoolUse {
    pub name: Spanned<String>,
    pub used: bool,
}

/// A network the director gives a return path for (masquerade or gateway).
#[derive(Debug, Clone)]
pub struct ReturnPath {
    pub network: ipnet::IpNet,
    pub span: Span,
}

/// A VRRP instance and where its name and router id were written.
#[derive(Debug, Clone)]
pub struct LocatedVrrp {
    pub instance: crate::model::VrrpInstance,
    pub name: Span,
    pub router_id: Span,
    /// It named no address: it carries the cluster VIPs no other instance claims.
    pub takes_unclaimed: bool,
}
