//! Lowering of the health-check and VRRP statements (see `ast::health`).

use super::{Lowering, Rule};
use crate::model::SyncRole;
use crate::source::Spanned;
use crate::syntax::ast::*;
use pest::iterators::Pair;

impl Lowering {
    pub(super) fn check(&mut self, pair: Pair<Rule>) -> Option<Check> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let kind_pair = inner.next()?;
        if kind_pair.as_rule() == Rule::check_none {
            return Some(Check { kind: None, options: Vec::new(), span });
        }
        let kind = CheckKind::from_keyword(kind_pair.as_str())?;
        let kind = Some(Spanned::new(kind, self.span(&kind_pair)));
        let options = inner.filter_map(|p| self.check_option(p)).collect();
        Some(Check { kind, options, span })
    }

    fn check_option(&mut self, pair: Pair<Rule>) -> Option<Spanned<CheckOption>> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let option = match rule {
            Rule::check_port => CheckOption::Port(self.number(inner.next()?)),
            Rule::check_address => CheckOption::Address(self.address(inner.next()?)?),
            Rule::check_bind => CheckOption::Bind(self.address(inner.next()?)?),
            Rule::check_bind_port => CheckOption::BindPort(self.number(inner.next()?)),
            Rule::check_interval => CheckOption::Interval(self.duration(inner.next()?)),
            Rule::check_timeout => CheckOption::Timeout(self.duration(inner.next()?)),
            Rule::check_retry => CheckOption::Retry(self.number(inner.next()?)),
            Rule::check_retry_delay => CheckOption::RetryDelay(self.duration(inner.next()?)),
            Rule::check_warmup => CheckOption::Warmup(self.duration(inner.next()?)),
            Rule::check_url => {
                let path = self.string(inner.next()?);
                let mut status = Vec::new();
                let mut digest = None;
                for part in inner {
                    match part.as_rule() {
                        Rule::status_range => status.push(self.range(part)?),
                        Rule::hex => digest = Some(self.text(part)),
                        _ => {}
                    }
                }
                CheckOption::Url { path, status, digest }
            }
            Rule::check_virtualhost => CheckOption::VirtualHost(self.text(inner.next()?)),
            Rule::check_sni => CheckOption::Sni,
            Rule::check_command => CheckOption::Command(self.string(inner.next()?)),
            Rule::check_dynamic => CheckOption::Dynamic,
            Rule::check_user => CheckOption::User(self.text(inner.next()?)),
            Rule::check_query => {
                let record = self.text(inner.next()?);
                CheckOption::Query { record, name: self.string(inner.next()?) }
            }
            Rule::check_helo => CheckOption::Helo(self.text(inner.next()?)),
            Rule::check_payload => CheckOption::Payload(self.text(inner.next()?)),
            Rule::check_require_reply => CheckOption::RequireReply(inner.next().map(|p| self.text(p))),
            Rule::check_file => CheckOption::File(self.string(inner.next()?)),
            _ => return self.unexpected(span),
        };
        Some(Spanned::new(option, span))
    }

    pub(super) fn backend_health(&mut self, pair: Pair<Rule>) -> BackendHealth {
        let mut health = BackendHealth::default();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::check => health.checks.extend(self.check(part)),
                Rule::inhibit => health.inhibit = Some(self.span(&part)),
                Rule::notify_backend => health.notify.extend(self.notify(part)),
                _ => {}
            }
        }
        health
    }

    pub(super) fn notify(&mut self, pair: Pair<Rule>) -> Option<(NotifyEvent, Spanned<String>)> {
        let mut inner = pair.into_inner();
        let event = if inner.next()?.as_rule() == Rule::kw_notify_up { NotifyEvent::Up } else { NotifyEvent::Down };
        Some((event, self.string(inner.next()?)))
    }

    pub(super) fn sorry_server(&mut self, pair: Pair<Rule>) -> Option<SorryServer> {
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let mut endpoint = inner.next()?.into_inner();
        let address = self.address(endpoint.next()?)?;
        let port = endpoint.next().map(|p| self.number(p));
        Some(SorryServer { address, port, inhibit: inner.next().is_some() })
    }

    pub(super) fn quorum(&mut self, pair: Pair<Rule>) -> Option<Quorum> {
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let weight = self.number(inner.next()?);
        let mut quorum = Quorum { weight, hysteresis: None, up: None, down: None };
        while let Some(keyword) = inner.next() {
            let value = inner.next()?;
            match keyword.as_rule() {
                Rule::kw_hysteresis => quorum.hysteresis = Some(self.number(value)),
                Rule::kw_up => quorum.up = Some(self.string(value)),
                _ => quorum.down = Some(self.string(value)),
            }
        }
        Some(quorum)
    }

    pub(super) fn vrrp(&mut self, pair: Pair<Rule>) -> Option<Vrrp> {
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let name = self.text(inner.next()?);
        let settings = inner.filter_map(|p| self.vrrp_setting(p)).collect();
        Some(Vrrp { name, settings })
    }

    fn vrrp_setting(&mut self, pair: Pair<Rule>) -> Option<Spanned<VrrpSetting>> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let setting = match rule {
            Rule::vrrp_interface => VrrpSetting::Interface(self.text(inner.next()?)),
            Rule::vrrp_router_id => VrrpSetting::RouterId(self.number(inner.next()?)),
            Rule::vrrp_priority => VrrpSetting::Priority(self.number(inner.next()?)),
            Rule::vrrp_state => {
                let role_pair = inner.next()?;
                let role = if role_pair.as_str() == "master" { SyncRole::Master } else { SyncRole::Backup };
                VrrpSetting::State(Spanned::new(role, self.span(&role_pair)))
            }
            Rule::vrrp_advert => VrrpSetting::Advert(self.duration(inner.next()?)),
            Rule::vrrp_unicast_source => VrrpSetting::UnicastSource(self.address(inner.next()?)?),
            Rule::vrrp_unicast_peer => {
                let mut peers = Vec::new();
                for p in inner {
                    peers.push(self.address(p)?);
                }
                VrrpSetting::UnicastPeers(peers)
            }
            Rule::vrrp_track_interface => VrrpSetting::TrackInterfaces(inner.map(|p| self.text(p)).collect()),
            Rule::vrrp_track_script => VrrpSetting::TrackScripts(inner.map(|p| self.text(p)).collect()),
            Rule::vrrp_vip => {
                let network = self.network(inner.next()?)?;
                inner.next(); // `dev`
                VrrpSetting::Vip { network, device: inner.next().map(|p| self.text(p)) }
            }
            Rule::vrrp_clusters => VrrpSetting::Clusters(inner.map(|p| self.text(p)).collect()),
            Rule::vrrp_no_preempt => VrrpSetting::NoPreempt,
            Rule::vrrp_preempt_delay => VrrpSetting::PreemptDelay(self.duration(inner.next()?)),
            Rule::vrrp_notify => {
                let event = self.text(inner.next()?);
                VrrpSetting::Notify { event, command: self.string(inner.next()?) }
            }
            _ => return self.unexpected(span),
        };
        Some(Spanned::new(setting, span))
    }

    pub(super) fn vrrp_script(&mut self, pair: Pair<Rule>) -> Option<VrrpScript> {
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let name = self.text(inner.next()?);
        let mut settings = Vec::new();
        for part in inner {
            let span = self.span(&part);
            let rule = part.as_rule();
            let value = part.into_inner().nth(1)?;
            let setting = match rule {
                Rule::script_command => VrrpScriptSetting::Command(self.string(value)),
                Rule::script_interval => VrrpScriptSetting::Interval(self.duration(value)),
                Rule::script_timeout => VrrpScriptSetting::Timeout(self.duration(value)),
                Rule::script_weight => {
                    let weight = value.as_str().parse().unwrap_or(i64::MAX);
                    VrrpScriptSetting::Weight(Spanned::new(weight, self.span(&value)))
                }
                Rule::script_fall => VrrpScriptSetting::Fall(self.number(value)),
                Rule::script_rise => VrrpScriptSetting::Rise(self.number(value)),
                _ => return self.unexpected(span),
            };
            settings.push(Spanned::new(setting, span));
        }
        Some(VrrpScript { name, settings })
    }

    pub(super) fn vrrp_sync_group(&mut self, pair: Pair<Rule>) -> Option<VrrpSyncGroup> {
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let name = self.text(inner.next()?);
        Some(VrrpSyncGroup { name, instances: inner.map(|p| self.text(p)).collect() })
    }
}
