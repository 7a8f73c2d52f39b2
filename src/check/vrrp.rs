//! Lowers `vrrp`, `vrrp-script` and `vrrp-sync-group` to the model's VRRP settings.
//!
//! An instance carries the addresses of its `vip` lines and of the clusters its `clusters`
//! line names; an instance with neither carries every cluster VIP no other instance claims,
//! so that the common case (one instance, all VIPs) needs no list.

use super::located::LocatedVrrp;
use super::range::{did_you_mean, in_range};
use crate::diagnostic::{Diagnostic, Problem, SettingScope};
use crate::model::{VrrpAddress, VrrpInstance, VrrpScript, VrrpSyncGroup};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, VrrpScriptSetting, VrrpSetting};
use ipnet::IpNet;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;

/// Everything VRRP, lowered.
#[derive(Default)]
pub struct LoweredVrrp {
    pub instances: Vec<LocatedVrrp>,
    pub scripts: Vec<VrrpScript>,
    pub sync_groups: Vec<VrrpSyncGroup>,
}

/// `clusters`: each cluster's VIPs, by cluster name, in written order.
pub fn lower_vrrp(
    instances: &[&ast::Vrrp],
    scripts: &[&ast::VrrpScript],
    groups: &[&ast::VrrpSyncGroup],
    clusters: &BTreeMap<String, Vec<IpAddr>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> LoweredVrrp {
    let mut lowered = LoweredVrrp::default();
    let mut script_names: HashMap<&str, Span> = HashMap::new();
    for script in scripts {
        if first_of_name(&mut script_names, "vrrp-script", &script.name, diagnostics) {
            lowered.scripts.extend(lower_script(script, diagnostics));
        }
    }

    let mut claimed: HashSet<IpAddr> = HashSet::new();
    let mut names: HashMap<&str, Span> = HashMap::new();
    let mut pending = Vec::new();
    for instance in instances {
        if !first_of_name(&mut names, "vrrp", &instance.name, diagnostics) {
            continue;
        }
        if let Some(located) = lower_instance(instance, &script_names, clusters, diagnostics) {
            claimed.extend(located.instance.addresses.iter().map(|a| a.network.addr()));
            pending.push(located);
        }
    }
    // Instances that named no address carry what the others left.
    let unclaimed: Vec<VrrpAddress> = {
        let mut seen = HashSet::new();
        clusters
            .values()
            .flatten()
            .filter(|a| !claimed.contains(a) && seen.insert(**a))
            .map(|a| VrrpAddress { network: IpNet::from(*a), device: None })
            .collect()
    };
    for mut located in pending {
        if located.takes_unclaimed {
            located.instance.addresses = unclaimed.clone();
        }
        lowered.instances.push(located);
    }

    for group in groups {
        let mut members = Vec::new();
        for member in &group.instances {
            if names.contains_key(member.value.as_str()) {
                members.push(member.value.clone());
            } else {
                diagnostics.push(unknown("vrrp instance", member, names.keys().copied()));
            }
        }
        lowered.sync_groups.push(VrrpSyncGroup { name: group.name.value.clone(), instances: members });
    }
    lowered
}

/// Records `name`, or reports it as defined again; whether it is the first of its name.
fn first_of_name<'a>(
    seen: &mut HashMap<&'a str, Span>,
    keyword: &str,
    name: &'a Spanned<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if let Some(first) = seen.get(name.value.as_str()) {
        let problem =
            Problem::DuplicateSetting { setting: format!("{keyword} `{}`", name.value), scope: SettingScope::File };
        diagnostics.push(problem.repeated(name.span, *first));
        return false;
    }
    seen.insert(&name.value, name.span);
    true
}

fn unknown<'a>(what: &'static str, name: &Spanned<String>, known: impl IntoIterator<Item = &'a str>) -> Diagnostic {
    let suggestion = did_you_mean(&name.value, known);
    Problem::UnknownReference { what, name: name.value.clone(), suggestion }.at(name.span)
}

fn lower_instance(
    written: &ast::Vrrp,
    scripts: &HashMap<&str, Span>,
    clusters: &BTreeMap<String, Vec<IpAddr>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<LocatedVrrp> {
    let errors_before = diagnostics.len();
    let mut seen: HashMap<&'static str, Span> = HashMap::new();
    let mut interface = None;
    let mut router_id = None;
    let mut priority = None;
    let mut instance = VrrpInstance::new(written.name.value.clone());
    let mut named_addresses = false;
    let one_to_255 = |value: &Spanned<u64>, what: &str, why: &str, diagnostics: &mut Vec<Diagnostic>| {
        in_range(value, what, 1, 255, why).map_err(|d| diagnostics.push(d)).ok().map(|v| v as u8)
    };
    for setting in &written.settings {
        let keyword = setting.value.keyword();
        let repeatable = matches!(setting.value, VrrpSetting::Vip { .. } | VrrpSetting::Notify { .. });
        if !repeatable {
            if let Some(first) = seen.get(keyword) {
                let problem = Problem::DuplicateSetting { setting: format!("`{keyword}`"), scope: SettingScope::Block };
                diagnostics.push(problem.repeated(setting.span, *first));
                continue;
            }
            seen.insert(keyword, setting.span);
        }
        match &setting.value {
            VrrpSetting::Interface(i) => interface = Some(i.value.clone()),
            VrrpSetting::RouterId(id) => {
                router_id =
                    one_to_255(id, "virtual router id", "VRRP ids are 1 to 255", diagnostics).map(|v| (v, id.span))
            }
            VrrpSetting::Priority(p) => {
                priority = one_to_255(p, "VRRP priority", "255 is for the address owner; backups use less", diagnostics)
            }
            VrrpSetting::State(s) => instance.state = s.value,
            VrrpSetting::Advert(a) => {
                instance.advert = in_range(a, "advert interval", 1, 255, "VRRP adverts are 1 to 255 seconds apart")
                    .map_err(|d| diagnostics.push(d))
                    .ok()
                    .map(|v| v as u32)
            }
            VrrpSetting::UnicastSource(a) => instance.unicast_source = Some(a.value),
            VrrpSetting::UnicastPeers(peers) => instance.unicast_peers = peers.iter().map(|p| p.value).collect(),
            VrrpSetting::TrackInterfaces(list) => {
                instance.track_interfaces = list.iter().map(|i| i.value.clone()).collect()
            }
            VrrpSetting::TrackScripts(list) => {
                for name in list {
                    if scripts.contains_key(name.value.as_str()) {
                        instance.track_scripts.push(name.value.clone());
                    } else {
                        diagnostics.push(unknown("vrrp-script", name, scripts.keys().copied()));
                    }
                }
            }
            VrrpSetting::Vip { network, device } => {
                named_addresses = true;
                if let Some(network) = super::cluster::lower_network_keeping_address(network, diagnostics) {
                    instance.addresses.push(VrrpAddress { network, device: device.as_ref().map(|d| d.value.clone()) });
                }
            }
            VrrpSetting::Clusters(list) => {
                named_addresses = true;
                for name in list {
                    match clusters.get(&name.value) {
                        Some(vips) => instance
                            .addresses
                            .extend(vips.iter().map(|a| VrrpAddress { network: IpNet::from(*a), device: None })),
                        None => diagnostics.push(unknown("cluster", name, clusters.keys().map(String::as_str))),
                    }
                }
            }
            VrrpSetting::NoPreempt => instance.no_preempt = true,
            VrrpSetting::PreemptDelay(d) => {
                instance.preempt_delay = in_range(d, "preempt delay", 0, 1000, "keepalived takes 0 to 1000 seconds")
                    .map_err(|e| diagnostics.push(e))
                    .ok()
                    .map(|v| v as u32)
            }
            VrrpSetting::Notify { event, command } => {
                instance.notify.push((event.value.clone(), command.value.clone()))
            }
        }
    }
    let Some(interface) = interface else {
        let problem = Problem::VrrpIncomplete { instance: written.name.value.clone(), option: "interface" };
        diagnostics.push(problem.at(written.name.span));
        return None;
    };
    let Some((router_id, router_id_span)) = router_id else {
        if diagnostics.len() == errors_before {
            let problem = Problem::VrrpIncomplete { instance: written.name.value.clone(), option: "router-id" };
            diagnostics.push(problem.at(written.name.span));
        }
        return None;
    };
    if diagnostics.len() != errors_before {
        return None;
    }
    instance.interface = interface;
    instance.router_id = router_id;
    instance.priority = priority.unwrap_or(VrrpInstance::DEFAULT_PRIORITY);
    Some(LocatedVrrp {
        instance,
        name: written.name.span,
        router_id: router_id_span,
        takes_unclaimed: !named_addresses,
    })
}

fn lower_script(written: &ast::VrrpScript, diagnostics: &mut Vec<Diagnostic>) -> Option<VrrpScript> {
    let mut script = VrrpScript::new(written.name.value.clone());
    let mut command = None;
    let small = |v: &Spanned<u64>, what: &str, diagnostics: &mut Vec<Diagnostic>| {
        in_range(v, what, 1, 86_400, "keepalived counts it in seconds or checks")
            .map_err(|d| diagnostics.push(d))
            .ok()
            .map(|v| v as u32)
    };
    for setting in &written.settings {
        match &setting.value {
            VrrpScriptSetting::Command(c) => command = Some(c.value.clone()),
            VrrpScriptSetting::Interval(v) => script.interval = small(v, "script interval", diagnostics),
            VrrpScriptSetting::Timeout(v) => script.timeout = small(v, "script timeout", diagnostics),
            VrrpScriptSetting::Fall(v) => script.fall = small(v, "fall count", diagnostics),
            VrrpScriptSetting::Rise(v) => script.rise = small(v, "rise count", diagnostics),
            VrrpScriptSetting::Weight(w) => {
                if !(-253..=253).contains(&w.value) {
                    let problem = Problem::OutOfRange {
                        what: "script weight".into(),
                        verdict: format!("{} is out of range", w.value),
                        min: 0,
                        max: 253,
                        why: "keepalived takes -253 to 253: it moves the priority by that much".into(),
                    };
                    diagnostics.push(problem.at(w.span));
                } else {
                    script.weight = Some(w.value as i32);
                }
            }
        }
    }
    match command {
        Some(c) => script.command = c,
        None => {
            let problem = Problem::CheckIncomplete {
                check: "vrrp-script",
                option: "command",
                example: "command \"/usr/bin/pidof nginx\"",
            };
            diagnostics.push(problem.at(written.name.span));
            return None;
        }
    }
    Some(script)
}
