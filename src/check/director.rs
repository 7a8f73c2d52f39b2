//! Lowers `director` blocks (several may be given, across includes) to the model.

use super::cluster::lower_network;
use super::located::ReturnPath;
use super::range::did_you_mean;
use crate::diagnostic::{Diagnostic, Problem, SettingScope};
use crate::model::{Director, Masquerade};
use crate::source::Span;
use crate::syntax::ast::{self, DirectorSetting};
use std::collections::HashMap;

/// The IPVS sysctls of `/proc/sys/net/ipv4/vs/` (read from the test kernel, 6.1, plus
/// the estimator settings of 6.2 and later).
pub const IPVS_SYSCTLS: &[&str] = &[
    "am_droprate",
    "amemthresh",
    "backup_only",
    "cache_bypass",
    "conn_reuse_mode",
    "conntrack",
    "drop_entry",
    "drop_packet",
    "est_cpulist",
    "est_nice",
    "expire_nodest_conn",
    "expire_quiescent_template",
    "ignore_tunneled",
    "lblc_expiration",
    "lblcr_expiration",
    "nat_icmp_send",
    "pmtu_disc",
    "run_estimation",
    "schedule_icmp",
    "secure_tcp",
    "sloppy_sctp",
    "sloppy_tcp",
    "snat_reroute",
    "sync_persist_mode",
    "sync_ports",
    "sync_qlen_max",
    "sync_refresh_period",
    "sync_retries",
    "sync_sock_size",
    "sync_threshold",
    "sync_version",
];

const SYSCTL_PREFIX: &str = "net.ipv4.vs.";

pub struct LoweredDirector {
    pub director: Director,
    pub return_paths: Vec<ReturnPath>,
}

pub fn lower_director(blocks: &[&ast::Director], diagnostics: &mut Vec<Diagnostic>) -> LoweredDirector {
    let mut director = Director::default();
    let mut return_paths = Vec::new();
    let mut sysctl_seen: HashMap<String, Span> = HashMap::new();
    for block in blocks {
        for setting in &block.settings {
            match setting {
                DirectorSetting::Masquerade { network, out } => {
                    if let Some(net) = lower_network(network, diagnostics) {
                        director
                            .masquerade
                            .push(Masquerade { network: net, out_interface: out.as_ref().map(|o| o.value.clone()) });
                        return_paths.push(ReturnPath { network: net, span: network.span });
                    }
                }
                DirectorSetting::Gateway(network) => {
                    if let Some(net) = lower_network(network, diagnostics) {
                        director.gateway_for.push(net);
                        return_paths.push(ReturnPath { network: net, span: network.span });
                    }
                }
                DirectorSetting::NoRedirects(interfaces) => {
                    for interface in interfaces {
                        if !director.no_redirects.contains(&interface.value) {
                            director.no_redirects.push(interface.value.clone());
                        }
                    }
                }
                DirectorSetting::Sysctl { key, value } => {
                    let short = key.value.strip_prefix(SYSCTL_PREFIX).unwrap_or(&key.value);
                    if !key.value.starts_with(SYSCTL_PREFIX) || !IPVS_SYSCTLS.contains(&short) {
                        let suggestion = did_you_mean(short, IPVS_SYSCTLS.iter().copied());
                        diagnostics.push(Problem::UnknownSysctl { key: key.value.clone(), suggestion }.at(key.span));
                        continue;
                    }
                    if let Some(first) = sysctl_seen.get(&key.value) {
                        diagnostics.push(
                            Problem::DuplicateSetting {
                                setting: format!("`{}`", key.value),
                                scope: SettingScope::Director,
                            }
                            .repeated(key.span, *first),
                        );
                        continue;
                    }
                    sysctl_seen.insert(key.value.clone(), key.span);
                    director.sysctls.insert(key.value.clone(), value.value.clone());
                }
            }
        }
    }
    LoweredDirector { director, return_paths }
}
