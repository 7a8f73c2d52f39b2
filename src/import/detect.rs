//! Which format an input to `lvsc import` is, told by its structure rather than by a word
//! it happens to contain: a keepalived.conf of VRRP only has no `virtual_server`, and a
//! YAML file may well mention `virtual_servers:`.

use super::{listing, shell};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `ipvsadm-save` text, `ipvsadm -L -n` output or a shell script of ipvsadm commands.
    Ipvsadm,
    Keepalived,
}

/// The statements keepalived.conf has at its top level.
const KEEPALIVED_TOP: &[&str] = &[
    "global_defs",
    "vrrp_instance",
    "vrrp_sync_group",
    "vrrp_script",
    "vrrp_track_process",
    "track_file",
    "virtual_server",
    "virtual_server_group",
    "static_ipaddress",
    "static_routes",
    "static_rules",
    "linkbeat_interfaces",
    "net_namespace",
    "instance",
    "include",
    "garp_group",
    "bfd_instance",
];

/// The format of `text`, or `None` when it is neither (an empty input is an empty table).
pub fn detect(text: &str) -> Option<Format> {
    if listing::is_listing(text) || shell::is_script(text) {
        return Some(Format::Ipvsadm);
    }
    // keepalived's own comment lines begin with `!`; ipvsadm text never has them.
    let statements: Vec<&str> =
        text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!')).collect();
    let Some(first) = statements.first() else { return Some(Format::Ipvsadm) };
    let keyword = |line: &str| line.split(|c: char| c.is_whitespace() || c == '{').next().unwrap_or("").to_string();
    if statements.iter().any(|l| KEEPALIVED_TOP.contains(&keyword(l).as_str())) {
        return Some(Format::Keepalived);
    }
    if first.starts_with('-') {
        return Some(Format::Ipvsadm);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_structure() {
        assert_eq!(
            detect("! Configuration File for keepalived\nvrrp_instance VI_1 {\n state MASTER\n}\n"),
            Some(Format::Keepalived)
        );
        assert_eq!(detect("include /etc/keepalived/conf.d/*.conf\n"), Some(Format::Keepalived));
        assert_eq!(detect("-A -t 10.0.0.1:80 -s rr\n"), Some(Format::Ipvsadm));
        assert_eq!(detect("ipvsadm -A -t 10.0.0.1:80 -s rr\n"), Some(Format::Ipvsadm));
        assert_eq!(detect(""), Some(Format::Ipvsadm));
        assert_eq!(detect("virtual_servers:\n  - address: 10.0.0.1\n    port: 80\n"), None);
    }
}
