//! Check: resolve names, validate values against what the kernel and ipvsadm accept,
//! and lint for what they accept but an operator almost never means.
//!
//! Lowering (this module, `cluster`, `director`, `globals`, `forward`) turns the AST into
//! located services and reports what cannot be lowered; then every rule in [`rules`] runs
//! over the located table. All diagnostics of a run are collected and sorted; the model
//! is given only when none of them is an error.

mod cluster;
mod director;
mod forward;
mod globals;
mod health;
pub mod located;
mod range;
pub mod rules;
mod vrrp;

use crate::diagnostic::{self, Diagnostic, Problem, SettingScope};
use crate::model::{Config, Health, ServiceKey};
use crate::source::Spanned;
use crate::syntax::ast::{self, Item};
use crate::syntax::Loaded;
use cluster::{check_defaults, lower_cluster, Pools};
use located::PoolUse;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

pub use director::IPVS_SYSCTLS;

/// The outcome of checking: the model (when there is no error) and every diagnostic.
#[derive(Debug)]
pub struct Checked {
    pub config: Option<Config>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks everything [`crate::syntax::load`] read.
pub fn check(loaded: &Loaded) -> Checked {
    let mut diagnostics = loaded.diagnostics.clone();
    let items: Vec<&Item> = loaded.files.iter().flat_map(|(_, f)| f.items.iter()).collect();

    let mut directors = Vec::new();
    let mut timeouts = Vec::new();
    let mut daemons = Vec::new();
    let mut defaults: Option<&ast::Defaults> = None;
    let mut clusters: Vec<&ast::Cluster> = Vec::new();
    let mut pool_list: Vec<&ast::Pool> = Vec::new();
    let mut vrrps = Vec::new();
    let mut vrrp_scripts = Vec::new();
    let mut vrrp_groups = Vec::new();
    for item in items {
        match item {
            Item::Include(_) => {}
            Item::Director(d) => directors.push(d),
            Item::Timeouts(t) => timeouts.push(t),
            Item::SyncDaemon(s) => daemons.push(s),
            Item::Defaults(d) => match defaults {
                Some(first) => diagnostics.push(
                    Problem::DuplicateSetting { setting: "`defaults`".into(), scope: SettingScope::File }
                        .repeated(d.keyword, first.keyword),
                ),
                None => defaults = Some(d),
            },
            Item::Pool(p) => pool_list.push(p),
            Item::Cluster(c) => clusters.push(c),
            Item::Vrrp(v) => vrrps.push(v),
            Item::VrrpScript(s) => vrrp_scripts.push(s),
            Item::VrrpSyncGroup(g) => vrrp_groups.push(g),
        }
    }

    let mut pools = Pools { by_name: HashMap::new(), used: Vec::new() };
    let mut pool_uses = Vec::new();
    for pool in &pool_list {
        if let Some((_, first)) = pools.by_name.get(pool.name.value.as_str()) {
            diagnostics.push(
                Problem::DuplicatePool { name: pool.name.value.clone() }.repeated(pool.name.span, first.name.span),
            );
            continue;
        }
        pools.by_name.insert(pool.name.value.as_str(), (pool_uses.len(), pool));
        pools.used.push(false);
        pool_uses.push(PoolUse { name: pool.name.clone(), used: false });
    }

    let mut seen_clusters: HashMap<&str, &Spanned<String>> = HashMap::new();
    let default_settings = defaults.map_or(&[][..], |d| &d.settings[..]);
    check_defaults(default_settings, &mut diagnostics);
    let mut services = Vec::new();
    let mut mark_rules = Vec::new();
    for cluster in clusters {
        if let Some(first) = seen_clusters.get(cluster.name.value.as_str()) {
            diagnostics.push(
                Problem::DuplicateCluster { name: cluster.name.value.clone() }.repeated(cluster.name.span, first.span),
            );
            // Its body is still checked, but its services are not kept: they would only
            // be reported again as duplicate services.
            lower_cluster(cluster, default_settings, &mut pools, &mut diagnostics);
            continue;
        }
        seen_clusters.insert(&cluster.name.value, &cluster.name);
        let lowered = lower_cluster(cluster, default_settings, &mut pools, &mut diagnostics);
        services.extend(lowered.services);
        mark_rules.extend(lowered.mark_rules);
    }
    for (pool_use, used) in pool_uses.iter_mut().zip(&pools.used) {
        pool_use.used = *used;
    }

    let lowered_director = director::lower_director(&directors, &mut diagnostics);
    let timeouts = globals::lower_timeouts(&timeouts, &mut diagnostics);
    let sync_daemons = globals::lower_sync_daemons(&daemons, &mut diagnostics);
    let mut cluster_vips: BTreeMap<String, Vec<IpAddr>> = BTreeMap::new();
    for located in &services {
        let vips = cluster_vips.entry(located.origin.cluster.value.clone()).or_default();
        if let ServiceKey::Address { address, .. } = located.service.key {
            if !vips.contains(&address) {
                vips.push(address);
            }
        }
    }
    let vrrp = vrrp::lower_vrrp(&vrrps, &vrrp_scripts, &vrrp_groups, &cluster_vips, &mut diagnostics);

    let context = rules::Context {
        services: &services,
        return_paths: &lowered_director.return_paths,
        sync_daemons: &sync_daemons,
        pools: &pool_uses,
        vrrp: &vrrp.instances,
    };
    for rule in rules::RULES {
        let found = (rule.check)(&context);
        // One rule, one code: `explain` and the fixtures name a rule by its code.
        debug_assert!(found.iter().all(|d| d.code == rule.code), "a rule reported another rule's code");
        diagnostics.extend(found);
    }
    diagnostic::sort(&mut diagnostics);
    // A backend of a cluster with several ports is in several services: say each finding
    // once per place, not once per service.
    diagnostics.dedup_by(|a, b| a.code == b.code && a.primary.span == b.primary.span);

    let config = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        let mut director = lowered_director.director;
        director.mark_rules = mark_rules;
        let health = Health {
            services: services.iter().filter_map(|l| l.health.clone()).collect(),
            vrrp_instances: vrrp.instances.into_iter().map(|v| v.instance).collect(),
            vrrp_scripts: vrrp.scripts,
            vrrp_sync_groups: vrrp.sync_groups,
        };
        let mut config = Config {
            health,
            services: services.into_iter().map(|l| l.service).collect(),
            timeouts,
            sync_daemons: sync_daemons.into_iter().map(|d| d.daemon).collect(),
            director,
        };
        config.canonicalize();
        Some(config)
    };
    Checked { config, diagnostics }
}
