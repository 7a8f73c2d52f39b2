//! Turns a pest error into a diagnostic a user can read: grammar rule names become
//! phrases ("a backend address"), and the span covers the word that was found.

use super::parser::Rule;
use crate::diagnostic::{Diagnostic, Problem};
use crate::source::{FileId, Span};
use pest::error::{Error, ErrorVariant, InputLocation};

/// `error` came from parsing `text[offset..]`.
pub(crate) fn syntax_error(file: FileId, text: &str, offset: usize, error: &Error<Rule>) -> Diagnostic {
    let start = offset
        + match error.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let found = found_word(text, start);
    let end = start + found.len();
    let expected = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => phrase_list(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let found_text = if found.is_empty() { "the end of the file".to_string() } else { quote(found) };
    Problem::Syntax { expected, found: found_text, help: help_for(&error.variant) }.at(Span::new(file, start, end))
}

/// The most of a found word that a message quotes: a file that is not `.lvs` text (a
/// binary, a secret) must not be echoed whole.
const MAX_QUOTED_CHARS: usize = 32;

/// The word at `start`, to underline and quote, at most [`MAX_QUOTED_CHARS`] long.
fn found_word(text: &str, start: usize) -> &str {
    let rest = text.get(start..).unwrap_or("");
    let end = rest
        .char_indices()
        .take(MAX_QUOTED_CHARS + 1)
        .find(|(i, c)| c.is_whitespace() || (*i > 0 && matches!(c, '{' | '}' | ';' | ',')))
        .map(|(i, _)| i.max(rest.chars().next().map_or(0, char::len_utf8)))
        .unwrap_or_else(|| rest.char_indices().nth(MAX_QUOTED_CHARS).map_or(rest.len(), |(i, _)| i));
    &rest[..end]
}

/// The found word quoted, with its invisible characters escaped and the first character
/// that is not printable ASCII named by its code point: `clustеr` with a Cyrillic `е`
/// otherwise reads exactly like the keyword it is not.
fn quote(found: &str) -> String {
    let shown: String = found.chars().flat_map(char::escape_debug).collect();
    match found.chars().find(|c| !c.is_ascii_graphic()) {
        Some(c) => format!("`{shown}` (U+{:04X}{} is not an ASCII letter)", c as u32, character_name(c)),
        None => format!("`{shown}`"),
    }
}

fn character_name(c: char) -> &'static str {
    match c {
        '\u{0}' => ", a NUL byte,",
        '\u{feff}' => ", a byte-order mark,",
        '\u{a0}' => ", a no-break space,",
        c if c.is_control() => ", a control character,",
        _ => "",
    }
}

fn phrase_list(rules: &[Rule]) -> String {
    let mut phrases: Vec<&str> = Vec::new();
    for rule in rules {
        let phrase = phrase(*rule);
        if !phrases.contains(&phrase) {
            phrases.push(phrase);
        }
    }
    match phrases.len() {
        0 => "something else".to_string(),
        1 => phrases[0].to_string(),
        n => format!("{} or {}", phrases[..n - 1].join(", "), phrases[n - 1]),
    }
}

fn help_for(variant: &ErrorVariant<Rule>) -> String {
    let ErrorVariant::ParsingError { positives, .. } = variant else {
        return "see docs/language.md for the syntax".to_string();
    };
    if positives.iter().any(|r| {
        matches!(r, Rule::vip | Rule::kw_vip | Rule::ports | Rule::backend | Rule::kw_backend | Rule::scheduler)
    }) {
        "a cluster holds `vip`, `port`, `fwmark`, `match`, `scheduler`, `persistence`, `one-packet`, \
         `forward`, `weight`, `backend`, `backends` and health statements (`check`, `inhibit`, `sorry-server`, \
         `quorum`, `alpha`, `omega`, `notify-up`, `notify-down`); see docs/language.md"
            .to_string()
    } else if positives.iter().any(|r| matches!(r, Rule::cluster | Rule::kw_cluster | Rule::pool | Rule::director)) {
        "a file holds `include`, `director`, `defaults`, `timeouts`, `sync-daemon`, `pool`, `cluster`, \
         `vrrp`, `vrrp-script` and `vrrp-sync-group` blocks; see docs/language.md"
            .to_string()
    } else {
        "see docs/language.md for the syntax".to_string()
    }
}

const TOP_LEVEL: &str =
    "`include`, `director`, `defaults`, `timeouts`, `sync-daemon`, `pool`, `cluster`, `vrrp`, `vrrp-script` or `vrrp-sync-group`";
const CHECK_OPTIONS: &str = "a check option (`port`, `address`, `bind`, `interval`, `timeout`, `retry`, \
    `retry-delay`, `warmup`, `url`, `virtualhost`, `sni`, `command`, `dynamic`, `user`, `query`, `helo`, \
    `payload`, `require-reply`, `file`)";
const VRRP_SETTINGS: &str = "a vrrp setting (`interface`, `router-id`, `priority`, `state`, `advert`, \
    `unicast-source`, `unicast-peer`, `track-interface`, `track-script`, `vip`, `clusters`, `no-preempt`, \
    `preempt-delay`, `notify`)";

/// What a grammar rule is called in a message. Every rule has a phrase, so that no
/// grammar rule name ever reaches a user (a test checks this).
pub(crate) fn phrase(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the file",
        Rule::file
        | Rule::file_part
        | Rule::include
        | Rule::director
        | Rule::defaults
        | Rule::timeouts
        | Rule::sync_daemon
        | Rule::pool
        | Rule::cluster
        | Rule::item => TOP_LEVEL,
        Rule::director_keyword => "`masquerade`, `gateway`, `no-redirects` or `sysctl`",
        Rule::director_setting => "a director setting (`masquerade`, `gateway`, `no-redirects`, `sysctl`)",
        Rule::sync_daemon_setting => "a sync-daemon setting (`interface`, `syncid`, `group`, `port`, `ttl`, `maxlen`)",
        Rule::backend_option => "a backend option (`weight`, `u-threshold`, `l-threshold`, `forward`)",
        Rule::address => "an address",
        Rule::persistence_granularity => "`netmask` or `prefix`",
        Rule::kw_include => "`include`",
        Rule::kw_director => "`director`",
        Rule::kw_defaults => "`defaults`",
        Rule::kw_timeouts => "`timeouts`",
        Rule::kw_sync_daemon => "`sync-daemon`",
        Rule::kw_pool => "`pool`",
        Rule::kw_cluster => "`cluster`",
        Rule::masquerade | Rule::gateway | Rule::no_redirects | Rule::sysctl => {
            "a director setting (`masquerade`, `gateway`, `no-redirects`, `sysctl`)"
        }
        Rule::kw_masquerade => "`masquerade`",
        Rule::kw_out => "`out`",
        Rule::kw_gateway => "`gateway`",
        Rule::kw_no_redirects => "`no-redirects`",
        Rule::kw_sysctl => "`sysctl`",
        Rule::timeout_setting | Rule::timeout_kind => "a timeout (`tcp`, `tcpfin` or `udp`)",
        Rule::sync_role => "`master` or `backup`",
        Rule::sync_interface
        | Rule::sync_id
        | Rule::sync_group
        | Rule::sync_port
        | Rule::sync_ttl
        | Rule::sync_maxlen => "a sync-daemon setting (`interface`, `syncid`, `group`, `port`, `ttl`, `maxlen`)",
        Rule::kw_interface => "`interface`",
        Rule::kw_syncid => "`syncid`",
        Rule::kw_group => "`group`",
        Rule::kw_ttl => "`ttl`",
        Rule::kw_maxlen => "`maxlen`",
        Rule::cluster_setting
        | Rule::vip
        | Rule::ports
        | Rule::fwmark
        | Rule::match_rule
        | Rule::scheduler
        | Rule::persistence
        | Rule::one_packet
        | Rule::forward
        | Rule::weight_default
        | Rule::backends => "a cluster setting",
        Rule::backend => "`backend`",
        Rule::kw_vip => "`vip`",
        Rule::kw_port => "`port`",
        Rule::kw_fwmark => "`fwmark`",
        Rule::kw_match => "`match`",
        Rule::kw_scheduler => "`scheduler`",
        Rule::kw_persistence => "`persistence`",
        Rule::kw_netmask => "`netmask`",
        Rule::kw_prefix => "`prefix`",
        Rule::kw_engine => "`engine`",
        Rule::kw_one_packet => "`one-packet`",
        Rule::kw_forward => "`forward`",
        Rule::kw_weight => "`weight`",
        Rule::kw_backend => "`backend`",
        Rule::kw_backends => "`backends`",
        Rule::kw_u_threshold => "`u-threshold`",
        Rule::kw_l_threshold => "`l-threshold`",
        Rule::range_start => "a port",
        Rule::port_range => "a port or port range (`8000-8100`)",
        Rule::scheduler_flag => "a scheduler flag (`sh-fallback`, `sh-port`, `mh-fallback`, `mh-port`)",
        Rule::persistence_netmask | Rule::persistence_prefix => "`netmask` or `prefix`",
        Rule::persistence_engine => "`engine`",
        Rule::forward_method => "a forwarding method (`nat`, `dr` or `tunnel`)",
        Rule::tunnel_type => "a tunnel type (`ipip`, `gue` or `gre`)",
        Rule::tunnel_port => "`port`",
        Rule::tunnel_checksum => "a checksum option (`csum`, `nocsum` or `remcsum`)",
        Rule::backend_weight | Rule::u_threshold | Rule::l_threshold => {
            "a backend option (`weight`, `u-threshold`, `l-threshold`, `forward`)"
        }
        Rule::protocol => "a protocol (`tcp`, `udp` or `sctp`)",
        Rule::family => "`ipv4` or `ipv6`",
        Rule::endpoint => "a backend address (`10.0.0.1`, `10.0.0.1:80` or `[2001:db8::1]:80`)",
        Rule::network => "a network (`10.0.0.0/24`)",
        Rule::network_or_address => "an address or network",
        Rule::ipv4 => "an IPv4 address",
        Rule::ipv6 => "an IPv6 address",
        Rule::number => "a number",
        Rule::duration => "a duration (`300s`, `5m`, `1h`)",
        Rule::name => "a name",
        Rule::name_char => "a letter, digit, `_`, `-` or `.`",
        Rule::interface => "an interface name",
        Rule::sysctl_key => "a sysctl name (`net.ipv4.vs.conntrack`)",
        Rule::sysctl_value => "a value",
        Rule::string | Rule::string_inner => "a quoted path",
        Rule::vrrp | Rule::vrrp_script | Rule::vrrp_sync_group => "`vrrp`, `vrrp-script` or `vrrp-sync-group`",
        Rule::check => "`check`",
        Rule::check_none => "`none`",
        Rule::check_kind => {
            "a check (`tcp`, `http`, `https`, `script`, `dns`, `smtp`, `udp`, `ping`, `file` or `none`)"
        }
        Rule::check_port
        | Rule::check_address
        | Rule::check_bind
        | Rule::check_bind_port
        | Rule::check_interval
        | Rule::check_timeout
        | Rule::check_retry
        | Rule::check_retry_delay
        | Rule::check_warmup
        | Rule::check_url
        | Rule::check_virtualhost
        | Rule::check_sni
        | Rule::check_command
        | Rule::check_dynamic
        | Rule::check_user
        | Rule::check_query
        | Rule::check_helo
        | Rule::check_payload
        | Rule::check_require_reply
        | Rule::check_file
        | Rule::check_option => CHECK_OPTIONS,
        Rule::status_range => "a status code or range (`200`, `200-299`)",
        Rule::backend_health => "`{` with the backend's `check`, `inhibit` or `notify-up`/`notify-down`",
        Rule::inhibit => "`inhibit`",
        Rule::sorry_server => "`sorry-server`",
        Rule::quorum => "`quorum`",
        Rule::alpha => "`alpha`",
        Rule::omega => "`omega`",
        Rule::notify_backend => "`notify-up`, `notify-down`",
        Rule::vrrp_setting
        | Rule::vrrp_interface
        | Rule::vrrp_router_id
        | Rule::vrrp_priority
        | Rule::vrrp_state
        | Rule::vrrp_advert
        | Rule::vrrp_unicast_source
        | Rule::vrrp_unicast_peer
        | Rule::vrrp_track_interface
        | Rule::vrrp_track_script
        | Rule::vrrp_vip
        | Rule::vrrp_clusters
        | Rule::vrrp_no_preempt
        | Rule::vrrp_preempt_delay
        | Rule::vrrp_notify => VRRP_SETTINGS,
        Rule::vrrp_event => "`master`, `backup`, `fault` or `stop`",
        Rule::vrrp_script_setting
        | Rule::script_command
        | Rule::script_interval
        | Rule::script_timeout
        | Rule::script_weight
        | Rule::script_fall
        | Rule::script_rise => "a vrrp-script setting (`command`, `interval`, `timeout`, `weight`, `fall`, `rise`)",
        Rule::signed_number => "a number (`-20`, `5`)",
        Rule::hex => "hexadecimal digits",
        Rule::host_name => "a host name",
        Rule::kw_check => "`check`",
        Rule::kw_address => "`address`",
        Rule::kw_bind => "`bind`",
        Rule::kw_bind_port => "`bind-port`",
        Rule::kw_interval => "`interval`",
        Rule::kw_timeout => "`timeout`",
        Rule::kw_retry => "`retry`",
        Rule::kw_retry_delay => "`retry-delay`",
        Rule::kw_warmup => "`warmup`",
        Rule::kw_url => "`url`",
        Rule::kw_status => "`status`",
        Rule::kw_digest => "`digest`",
        Rule::kw_virtualhost => "`virtualhost`",
        Rule::kw_sni => "`sni`",
        Rule::kw_command => "`command`",
        Rule::kw_dynamic => "`dynamic`",
        Rule::kw_user => "`user`",
        Rule::kw_query => "`query`",
        Rule::kw_helo => "`helo`",
        Rule::kw_payload => "`payload`",
        Rule::kw_require_reply => "`require-reply`",
        Rule::kw_file => "`file`",
        Rule::kw_inhibit => "`inhibit`",
        Rule::kw_sorry_server => "`sorry-server`",
        Rule::kw_quorum => "`quorum`",
        Rule::kw_hysteresis => "`hysteresis`",
        Rule::kw_up => "`up`",
        Rule::kw_down => "`down`",
        Rule::kw_alpha => "`alpha`",
        Rule::kw_omega => "`omega`",
        Rule::kw_notify_up => "`notify-up`",
        Rule::kw_notify_down => "`notify-down`",
        Rule::kw_vrrp => "`vrrp`",
        Rule::kw_router_id => "`router-id`",
        Rule::kw_priority => "`priority`",
        Rule::kw_state => "`state`",
        Rule::kw_advert => "`advert`",
        Rule::kw_unicast_source => "`unicast-source`",
        Rule::kw_unicast_peer => "`unicast-peer`",
        Rule::kw_track_interface => "`track-interface`",
        Rule::kw_track_script => "`track-script`",
        Rule::kw_dev => "`dev`",
        Rule::kw_clusters => "`clusters`",
        Rule::kw_no_preempt => "`no-preempt`",
        Rule::kw_preempt_delay => "`preempt-delay`",
        Rule::kw_notify => "`notify`",
        Rule::kw_vrrp_script => "`vrrp-script`",
        Rule::kw_fall => "`fall`",
        Rule::kw_rise => "`rise`",
        Rule::kw_vrrp_sync_group => "`vrrp-sync-group`",
        Rule::WHITESPACE | Rule::COMMENT => "white space",
    }
}
