//! Lowers the table-wide settings: connection timeouts and sync daemons.

use super::cluster::MAX_TIMEOUT;
use super::located::LocatedSyncDaemon;
use super::range::in_range;
use crate::diagnostic::{Diagnostic, Problem, SettingScope};
use crate::model::{SyncDaemon, Timeouts};
use crate::source::Span;
use crate::syntax::ast::{self, SyncSetting, TimeoutKind};
use std::net::IpAddr;

pub fn lower_timeouts(blocks: &[&ast::Timeouts], diagnostics: &mut Vec<Diagnostic>) -> Timeouts {
    let mut timeouts = Timeouts::default();
    let mut seen: Vec<(TimeoutKind, Span)> = Vec::new();
    for block in blocks {
        for (kind, value) in &block.settings {
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == kind.value) {
                diagnostics.push(
                    Problem::DuplicateSetting { setting: "a timeout".into(), scope: SettingScope::Timeouts }
                        .repeated(kind.span, *first),
                );
                continue;
            }
            seen.push((kind.value, kind.span));
            let Ok(seconds) = in_range(value, "timeout", 1, MAX_TIMEOUT, "ipvsadm takes 1 second to 31 days")
                .map_err(|d| diagnostics.push(d))
            else {
                continue;
            };
            let slot = match kind.value {
                TimeoutKind::Tcp => &mut timeouts.tcp,
                TimeoutKind::TcpFin => &mut timeouts.tcp_fin,
                TimeoutKind::Udp => &mut timeouts.udp,
            };
            *slot = Some(seconds as u32);
        }
    }
    timeouts
}

pub fn lower_sync_daemons(blocks: &[&ast::SyncDaemon], diagnostics: &mut Vec<Diagnostic>) -> Vec<LocatedSyncDaemon> {
    let mut daemons: Vec<LocatedSyncDaemon> = Vec::new();
    for block in blocks {
        let role = block.role.value;
        if let Some(first) = daemons.iter().find(|d| d.daemon.role == role) {
            diagnostics.push(
                Problem::DuplicateSetting {
                    setting: format!("the {} sync daemon", block.role.value),
                    scope: SettingScope::SyncDaemons,
                }
                .repeated(block.role.span, first.span),
            );
            continue;
        }
        let mut daemon = SyncDaemon::new(role, String::new());
        let mut ok = true;
        let mut range = |v, what, min, max, why| {
            in_range(v, what, min, max, why).unwrap_or_else(|d| {
                diagnostics.push(d);
                ok = false;
                min
            })
        };
        let mut group_span = None;
        for setting in &block.settings {
            match &setting.value {
                SyncSetting::Interface(name) => daemon.interface = name.value.clone(),
                SyncSetting::SyncId(n) => {
                    daemon.sync_id = range(n, "syncid", 0, 255, "it is one byte in each sync message") as u8
                }
                SyncSetting::Group(g) => {
                    daemon.group = g.value;
                    group_span = Some(g.span);
                }
                SyncSetting::Port(n) => daemon.port = range(n, "sync port", 1, 65535, "a UDP port") as u16,
                SyncSetting::Ttl(n) => daemon.ttl = range(n, "multicast TTL", 1, 255, "the IP TTL field") as u8,
                SyncSetting::MaxLen(n) => {
                    daemon.max_len = range(n, "sync message length", 1, 65507, "it must fit in one UDP datagram") as u16
                }
            }
        }
        if let (Some(span), false) = (group_span, is_multicast(&daemon.group)) {
            diagnostics.push(Problem::SyncGroupNotMulticast { group: daemon.group.to_string() }.at(span));
            ok = false;
        }
        if daemon.interface.is_empty() {
            diagnostics.push(Problem::SyncDaemonWithoutInterface { role: block.role.value }.at(block.role.span));
            ok = false;
        }
        if ok {
            daemons.push(LocatedSyncDaemon { daemon, span: block.role.span });
        }
    }
    daemons
}

fn is_multicast(address: &IpAddr) -> bool {
    address.is_multicast()
}
