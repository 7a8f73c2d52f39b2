//! Generative tests: the parser and checker never panic, whatever the input, and valid
//! definitions generated at random compile to what they say, in an order that does not
//! depend on the order of the source.

use lvsc::check::check;
use lvsc::emit::{emit, Target};
use lvsc::syntax::load;
use proptest::prelude::*;
use std::path::Path;

fn check_text(text: &str) -> lvsc::Checked {
    let loaded = load("generated.lvs", Path::new("generated.lvs"), text.to_string());
    check(&loaded)
}

const TOKENS: &[&str] = &[
    "cluster",
    "pool",
    "defaults",
    "director",
    "timeouts",
    "sync-daemon",
    "master",
    "include",
    "\"x.lvs\"",
    "{",
    "}",
    ";",
    "vip",
    "port",
    "tcp",
    "udp",
    "sctp",
    "fwmark",
    "ipv6",
    "match",
    "scheduler",
    "sh",
    "mh",
    "wrr",
    "rr",
    "sh-port",
    "mh-fallback",
    "persistence",
    "netmask",
    "prefix",
    "engine",
    "sip",
    "one-packet",
    "forward",
    "nat",
    "dr",
    "tunnel",
    "gue",
    "gre",
    "ipip",
    "csum",
    "remcsum",
    "weight",
    "backend",
    "backends",
    "u-threshold",
    "l-threshold",
    "masquerade",
    "gateway",
    "no-redirects",
    "sysctl",
    "=",
    "interface",
    "syncid",
    "10.0.0.1",
    "10.0.0.1:80",
    "10.0.0.0/24",
    "[2001:db8::1]:80",
    "2001:db8::1",
    "0",
    "80",
    "65536",
    "4294967296",
    "99999999999999999999999",
    "5m",
    "1d",
    "web",
    "eth0",
    "# comment\n",
    "\n",
    ",",
    "-",
    "999.1.1.1",
    "::",
    "[",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = check_text(&text);
    }

    #[test]
    fn keyword_soup_never_panics(tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..80)) {
        let _ = check_text(&tokens.join(" "));
    }

    #[test]
    fn any_diagnostic_points_inside_its_file(tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..60)) {
        let text = tokens.join(" ");
        let checked = check_text(&text);
        for d in &checked.diagnostics {
            prop_assert!(d.primary.span.start() <= d.primary.span.end() && d.primary.span.end() <= text.len());
            prop_assert!(!d.help.is_empty() && !d.message.is_empty() && !d.primary.text.is_empty());
        }
    }
}

/// One generated cluster: address index, ports, scheduler, method, backend weights.
#[derive(Debug, Clone)]
struct Cluster {
    vip: u8,
    ports: Vec<u16>,
    scheduler: &'static str,
    method: &'static str,
    weights: Vec<u32>,
}

fn cluster() -> impl Strategy<Value = Cluster> {
    (
        any::<u8>(),
        proptest::collection::btree_set(1u16..=65535, 1..4),
        proptest::sample::select(&["wrr", "wlc", "sed", "nq", "fo", "ovf", "lblcr"][..]),
        proptest::sample::select(&["nat", "dr", "tunnel ipip", "tunnel gue port 6080", "tunnel gre csum"][..]),
        proptest::collection::vec(1u32..=2_147_483_647, 1..8),
    )
        .prop_map(|(vip, ports, scheduler, method, weights)| Cluster {
            vip,
            ports: ports.into_iter().collect(),
            scheduler,
            method,
            weights,
        })
}

fn render(clusters: &[Cluster]) -> String {
    let mut text = String::from("director { gateway 10.1.0.0/16 }\n");
    for (i, c) in clusters.iter().enumerate() {
        let ports: Vec<String> = c.ports.iter().map(u16::to_string).collect();
        text.push_str(&format!(
            "cluster c{i} {{\n  vip 10.0.{i}.{}\n  port tcp {}\n  scheduler {}\n  forward {}\n",
            c.vip,
            ports.join(", "),
            c.scheduler,
            c.method
        ));
        for (j, w) in c.weights.iter().enumerate() {
            text.push_str(&format!("  backend 10.1.{i}.{} weight {w}\n", j + 1));
        }
        text.push_str("}\n");
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn generated_definitions_compile_to_what_they_say(clusters in proptest::collection::vec(cluster(), 1..12)) {
        let checked = check_text(&render(&clusters));
        prop_assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        let config = checked.config.expect("model");
        let text = emit(&config, Target::Ipvsadm);
        let services: usize = clusters.iter().map(|c| c.ports.len()).sum();
        let servers: usize = clusters.iter().map(|c| c.ports.len() * c.weights.len()).sum();
        prop_assert_eq!(text.lines().filter(|l| l.starts_with("-A ")).count(), services);
        prop_assert_eq!(text.lines().filter(|l| l.starts_with("-a ")).count(), servers);
        for c in &clusters {
            for w in &c.weights {
                let weight = format!(" -w {w}");
                prop_assert!(text.contains(&weight));
            }
        }
    }

    #[test]
    fn the_order_of_clusters_never_changes_the_output(
        clusters in proptest::collection::vec(cluster(), 1..8),
        seed in any::<u64>(),
    ) {
        let forward = render(&clusters);
        // Renaming keeps addresses; only the written order changes.
        let mut shuffled: Vec<(usize, Cluster)> = clusters.iter().cloned().enumerate().collect();
        let len = shuffled.len();
        shuffled.rotate_left((seed as usize) % len);
        let mut text = String::from("director { gateway 10.1.0.0/16 }\n");
        for (i, c) in &shuffled {
            let one = render(std::slice::from_ref(c));
            let body = one.split_once('\n').map_or("", |(_, b)| b);
            let body = body
                .replacen("cluster c0", &format!("cluster c{i}"), 1)
                .replace("10.0.0.", &format!("10.0.{i}."))
                .replace("10.1.0.", &format!("10.1.{i}."));
            text.push_str(&body);
        }
        let a = check_text(&forward).config.expect("model");
        let b = check_text(&text).config.expect("model");
        prop_assert_eq!(&a, &b);
        for target in Target::ALL {
            prop_assert_eq!(
                emit(&a, *target),
                emit(&b, *target)
            );
        }
    }
}

/// Words of keepalived.conf and ipvsadm text, braces and line breaks among them.
const IMPORT_TOKENS: &[&str] = &[
    "virtual_server",
    "virtual_server_group",
    "real_server",
    "{",
    "}",
    "{",
    "}",
    "\n",
    "\n",
    "\n",
    "10.0.0.1",
    "10.0.0.2",
    "80",
    "0",
    "fwmark",
    "7",
    "lb_algo",
    "rr",
    "sh",
    "lb_kind",
    "NAT",
    "DR",
    "TUN",
    "protocol",
    "UDP",
    "weight",
    "persistence_timeout",
    "include",
    "TCP_CHECK",
    "connect_timeout",
    "!",
    "#",
    "2001:db8::1",
    "10.0.0.1-5",
    "10.0.0.0/30",
    "inet6",
    "sorry_server",
    "-A",
    "-a",
    "-t",
    "-u",
    "-f",
    "-s",
    "-r",
    "-m",
    "-g",
    "-i",
    "-w",
    "-p",
    "-M",
    "-x",
    "-y",
    "--tun-type",
    "gue",
    "--tun-port",
    "10.0.0.1:80",
    "[2001:db8::1]:80",
    "-C",
    "-D",
    "-E",
    "-e",
    "-d",
    "ipvsadm",
    "$X",
    "@a",
    "virtual_server 10.0.0.1 80 {\n",
    "real_server 10.0.0.2 80 {\n",
    "virtual_server_group g {\n",
    "virtual_server group g {\n",
    "{\n",
    "}\n",
    "{{\n",
    "weight 2\n",
    "fwmark 7\n",
    "10.0.0.3 80\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn importing_any_text_never_panics(text in "\\PC{0,300}") {
        let _ = lvsc::import::keepalived::read(lvsc::source::FileId(0), &text);
        let _ = lvsc::import::ipvsadm::read(lvsc::source::FileId(0), &text);
    }

    #[test]
    fn importing_token_soup_never_panics(tokens in proptest::collection::vec(proptest::sample::select(IMPORT_TOKENS), 0..80)) {
        let text = tokens.join(" ");
        let _ = lvsc::import::keepalived::read(lvsc::source::FileId(0), &text);
        let _ = lvsc::import::ipvsadm::read(lvsc::source::FileId(0), &text);
    }
}
