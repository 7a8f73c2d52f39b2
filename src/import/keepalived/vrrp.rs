//! `vrrp_instance`, `vrrp_script` and `vrrp_sync_group` blocks, as keepalived 2.2.7 reads
//! them, to the model's VRRP settings.

use super::{Node, Reader};
use crate::model::{SyncRole, VrrpAddress, VrrpInstance, VrrpScript, VrrpSyncGroup};
use ipnet::IpNet;
use std::net::IpAddr;

pub(super) fn instance(reader: &mut Reader, node: &Node) -> Option<VrrpInstance> {
    let name = node.arg(1).map_or(String::new(), |w| w.text.clone());
    let mut instance = VrrpInstance::new(name.clone());
    let mut router_id = None;
    for c in &node.children {
        let w0 = &c.words[0];
        let list = || c.children.iter().filter_map(|e| e.arg(0).map(|w| w.text.clone())).collect::<Vec<_>>();
        match c.keyword() {
            "interface" => instance.interface = c.arg(1).map_or(String::new(), |w| w.text.clone()),
            "virtual_router_id" => router_id = reader.number::<u8>(c.arg(1), "virtual router id", w0),
            "priority" => instance.priority = reader.number(c.arg(1), "priority", w0).unwrap_or(instance.priority),
            "state" => {
                if c.arg(1).is_some_and(|w| w.text == "MASTER") {
                    instance.state = SyncRole::Master;
                }
            }
            "advert_int" => {
                instance.advert = c.arg(1).and_then(|w| w.text.parse::<f64>().ok()).map(|v| {
                    if v.fract() != 0.0 {
                        reader.notes.push(format!(
                            "vrrp_instance {name}: advert_int {v}: lvsc counts whole seconds, imported as {}",
                            v.ceil()
                        ));
                    }
                    v.ceil().max(1.0) as u32
                })
            }
            "nopreempt" => instance.no_preempt = true,
            "preempt_delay" => instance.preempt_delay = reader.number(c.arg(1), "delay", w0),
            "unicast_src_ip" => instance.unicast_source = c.arg(1).and_then(|w| w.text.parse().ok()),
            "unicast_peer" => instance.unicast_peers = list().iter().filter_map(|a| a.parse().ok()).collect(),
            "track_interface" => instance.track_interfaces = list(),
            "track_script" => instance.track_scripts = list(),
            "virtual_ipaddress" => {
                for entry in &c.children {
                    match address(entry) {
                        Some(address) => instance.addresses.push(address),
                        None => reader.notes.push(format!(
                            "vrrp_instance {name}: virtual_ipaddress `{}` not read, left out",
                            entry.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
                        )),
                    }
                }
            }
            event @ ("notify_master" | "notify_backup" | "notify_fault" | "notify_stop") => {
                let command: Vec<&str> = c.words[1..].iter().map(|w| w.text.as_str()).collect();
                instance.notify.push((event["notify_".len()..].to_string(), command.join(" ")));
            }
            "lvs_sync_daemon_interface" => {}
            other => reader.notes.push(format!("vrrp_instance {name}: {other} not carried")),
        }
    }
    if instance.interface.is_empty() {
        reader.error(&node.words[0], format!("vrrp_instance {name} has no interface"), "interface eth0");
        return None;
    }
    match router_id {
        Some(id) if id > 0 => instance.router_id = id,
        _ => {
            reader.error(
                &node.words[0],
                format!("vrrp_instance {name} has no virtual_router_id"),
                "virtual_router_id 51",
            );
            return None;
        }
    }
    Some(instance)
}

/// `192.0.2.10`, `192.0.2.10/24`, with `dev IF`; other options are not read.
fn address(entry: &Node) -> Option<VrrpAddress> {
    let text = &entry.arg(0)?.text;
    let network = match text.parse::<IpAddr>() {
        Ok(a) => IpNet::from(a),
        Err(_) => text.parse::<IpNet>().ok()?,
    };
    let mut device = None;
    let mut i = 1;
    while let Some(w) = entry.arg(i) {
        match w.text.as_str() {
            "dev" => {
                device = entry.arg(i + 1).map(|d| d.text.clone());
                i += 1;
            }
            _ => return None,
        }
        i += 1;
    }
    Some(VrrpAddress { network, device })
}

pub(super) fn script(reader: &mut Reader, node: &Node) -> Option<VrrpScript> {
    let name = node.arg(1).map_or(String::new(), |w| w.text.clone());
    let mut script = VrrpScript::new(name.clone());
    for c in &node.children {
        let w0 = &c.words[0];
        match c.keyword() {
            "script" => script.command = c.words[1..].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "),
            "interval" => script.interval = reader.number(c.arg(1), "interval", w0),
            "timeout" => script.timeout = reader.number(c.arg(1), "timeout", w0),
            "weight" => script.weight = reader.number(c.arg(1), "weight", w0),
            "fall" => script.fall = reader.number(c.arg(1), "count", w0),
            "rise" => script.rise = reader.number(c.arg(1), "count", w0),
            other => reader.notes.push(format!("vrrp_script {name}: {other} not carried")),
        }
    }
    if script.command.is_empty() {
        reader.notes.push(format!("vrrp_script {name} has no script: keepalived ignores it, left out"));
        return None;
    }
    Some(script)
}

pub(super) fn sync_group(reader: &mut Reader, node: &Node) -> VrrpSyncGroup {
    let name = node.arg(1).map_or(String::new(), |w| w.text.clone());
    let mut instances = Vec::new();
    for c in &node.children {
        match c.keyword() {
            "group" => instances.extend(c.children.iter().filter_map(|e| e.arg(0).map(|w| w.text.clone()))),
            other => reader.notes.push(format!("vrrp_sync_group {name}: {other} not carried")),
        }
    }
    VrrpSyncGroup { name, instances }
}
