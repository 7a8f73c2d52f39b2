//! The review workflow: `import` (ipvsadm text to .lvs), `diff` (semantic and textual),
//! as properties over generated tables and as goldens on the examples.

use lvsc::change::{compare, render_changes};
use lvsc::check::check;
use lvsc::emit::lvs;
use lvsc::emit::{emit, Target};
use lvsc::import::ipvsadm;
use lvsc::model::Config;
use lvsc::source::SourceMap;
use lvsc::syntax::load;
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

fn compile(text: &str) -> Config {
    let checked = check(&load("test.lvs", Path::new("test.lvs"), text.to_string()));
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    checked.config.expect("model")
}

fn ipvsadm_text(config: &Config) -> String {
    emit(config, Target::Ipvsadm)
}

fn import(text: &str) -> String {
    let mut sources = SourceMap::new();
    let id = sources.add("rules", "rules", text.to_string());
    let config = ipvsadm::read(id, text).unwrap_or_else(|d| panic!("{d:#?}"));
    lvs::write(&config, &[])
}

#[test]
fn every_example_survives_compile_import_compile() {
    insta::glob!("../examples", "*.lvs", |path| {
        let loaded = load(&path.to_string_lossy(), path, std::fs::read_to_string(path).expect("readable"));
        let config = check(&loaded).config.expect("model");
        let text = ipvsadm_text(&config);
        let imported = import(&text);
        assert_eq!(ipvsadm_text(&compile(&imported)), text, "{imported}");
        insta::assert_snapshot!(imported);
    });
}

#[test]
fn ipvsadm_s_with_names_long_options_and_ipv6() {
    let text = std::fs::read_to_string("tests/fixtures/import/ipvsadm-S.txt").expect("fixture");
    let imported = import(&text);
    let compiled = ipvsadm_text(&compile(&imported));
    insta::assert_snapshot!(format!("{imported}\n---- compiled back:\n{compiled}"));
    assert!(compiled.contains("-A -t 127.0.0.1:80 -s wlc -p 300\n"));
    assert!(compiled.contains("-a -t 127.0.0.1:80 -r 127.0.0.2:8080 -m -w 2\n"));
    assert!(compiled.contains("-A -u 10.0.0.53:53 -s rr -o\n"));
    assert!(compiled.contains("-a -f 7 -6 -r [2001:db8::7]:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum\n"));
    assert!(compiled.contains("--set 900 0 300\n"));
}

#[test]
fn unreadable_lines_are_all_reported_with_their_place() {
    let out = Command::new(env!("CARGO_BIN_EXE_lvsc"))
        .args(["import", "tests/fixtures/import/broken.txt"])
        .env("LVSC_COLOR", "never")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    insta::assert_snapshot!(stderr);
    for place in ["broken.txt:2:40", "broken.txt:3:1", "broken.txt:4:22", "broken.txt:5:19", "broken.txt:6:32"] {
        assert!(stderr.contains(place), "{place} missing in\n{stderr}");
    }
}

#[test]
fn diff_shows_changes_with_risks_and_exits_like_diff() {
    let lvsc = |a: &str, b: &str| {
        Command::new(env!("CARGO_BIN_EXE_lvsc")).args(["diff", a, b]).env("LVSC_COLOR", "never").output().expect("runs")
    };
    let same = lvsc("examples/nat-classic.lvs", "examples/nat-classic.lvs");
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stdout.is_empty());
    let dir = tempfile::tempdir().expect("tempdir");
    let changed = dir.path().join("changed.lvs");
    let text = std::fs::read_to_string("examples/nat-classic.lvs").expect("example");
    std::fs::write(
        &changed,
        text.replace("scheduler wrr", "scheduler rr")
            .replace("154:10000 weight 1", "155:10000 weight 1")
            .replace("153:10000 weight 1", "153:10000 weight 3"),
    )
    .expect("write");
    let out = lvsc("examples/nat-classic.lvs", changed.to_str().expect("utf-8"));
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout).replace(changed.to_str().expect("utf-8"), "changed.lvs");
    insta::assert_snapshot!(stdout);
    let broken = lvsc("examples/nat-classic.lvs", "no-such.lvs");
    assert_eq!(broken.status.code(), Some(2));
}

fn table() -> impl Strategy<Value = String> {
    let cluster = (
        1u8..=254,
        proptest::collection::btree_set(1u16..=65535, 1..3),
        proptest::sample::select(&["rr", "wrr", "wlc", "sh sh-port", "mh mh-fallback", "lc"][..]),
        proptest::sample::select(&["nat", "dr", "tunnel ipip", "tunnel gue port 6080 csum", "tunnel gre"][..]),
        proptest::option::of((1u32..3600, proptest::bool::ANY)),
        proptest::collection::btree_map(1u8..=254, (0u32..100, proptest::option::of(1u16..=65535)), 1..6),
    );
    proptest::collection::vec(cluster, 1..6).prop_map(|clusters| {
        let mut text = String::from("director { gateway 10.1.0.0/16 }\n");
        for (i, (vip, ports, scheduler, forward, persistence, backends)) in clusters.into_iter().enumerate() {
            let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
            text.push_str(&format!("cluster c{i} {{\n vip 10.0.{i}.{vip}\n port tcp {}\n", ports.join(", ")));
            text.push_str(&format!(" scheduler {scheduler}\n forward {forward}\n"));
            if let Some((timeout, masked)) = persistence {
                text.push_str(&format!(
                    " persistence {timeout}{}\n",
                    if masked { " netmask 255.255.255.0" } else { "" }
                ));
            }
            for (host, (weight, port)) in backends {
                let port =
                    if forward == "nat" { port.map_or(String::new(), |p| format!(":{p}")) } else { String::new() };
                text.push_str(&format!(" backend 10.1.{i}.{host}{port} weight {weight}\n"));
            }
            text.push_str("}\n");
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn import_of_compiled_text_compiles_to_the_same_text(text in table()) {
        let compiled = ipvsadm_text(&compile(&text));
        let imported = import(&compiled);
        prop_assert_eq!(ipvsadm_text(&compile(&imported)), compiled);
    }

    #[test]
    fn a_table_has_no_difference_with_itself(text in table()) {
        let config = compile(&text);
        let d = compare(&config, &config);
        prop_assert!(d.is_empty());
        prop_assert_eq!(render_changes(&d, false), "");
    }

    #[test]
    fn diff_sees_every_weight_change(text in table(), bump in 1u32..50) {
        let old = compile(&text);
        let mut new = old.clone();
        new.services[0].destinations[0].weight += bump;
        let d = compare(&old, &new);
        prop_assert_eq!(d.services.len(), 1);
        prop_assert!(render_changes(&d, false).contains("weight"));
    }
}

#[test]
fn keepalived_configs_import_to_lvs_and_compile() {
    insta::glob!("fixtures/keepalived/*.conf", |path| {
        let out = Command::new(env!("CARGO_BIN_EXE_lvsc"))
            .args(["import", "--from", "keepalived"])
            .arg(path)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let imported = String::from_utf8_lossy(&out.stdout).into_owned();
        let checked = check(&load("imported.lvs", Path::new("imported.lvs"), imported.clone()));
        assert!(!checked.has_errors(), "{imported}\n{:#?}", checked.diagnostics);
        let compiled = ipvsadm_text(&checked.config.expect("model"));
        let name = path.file_name().expect("name").to_string_lossy();
        let imported = imported.replace(&path.to_string_lossy().into_owned(), &name);
        insta::assert_snapshot!(format!("{imported}\n---- compiled:\n{compiled}"));
    });
}

#[test]
fn diff_names_a_service_that_moves_to_another_address() {
    let old = compile(&std::fs::read_to_string("examples/nat-classic.lvs").expect("example"));
    let mut new = old.clone();
    if let lvsc::model::ServiceKey::Address { address, .. } = &mut new.services[0].key {
        *address = "192.168.112.160".parse().expect("address");
    }
    let d = compare(&old, &new);
    assert_eq!(d.risks(), vec![lvsc::change::Risk::ServiceMoved]);
    assert!(render_changes(&d, false).contains("moves to TCP 192.168.112.160:81"));
}

/// The keepalived target, imported back, is the same table with the same health checks,
/// sorry servers, quorums and VRRP; keepalived carries no director settings (firewall,
/// sysctls), and a sync daemon only with a VRRP instance, so those are not compared.
#[test]
fn the_keepalived_target_imports_back_to_the_same_model() {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir("examples")
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "lvs"))
        .collect();
    files.push("tests/fixtures/health/everything.lvs".into());
    files.push("kernel/guest/health/passing.lvs".into());
    for path in files {
        let loaded = load(&path.to_string_lossy(), &path, std::fs::read_to_string(&path).expect("readable"));
        let config = check(&loaded).config.unwrap_or_else(|| panic!("{} has errors", path.display()));
        let conf = emit(&config, Target::Keepalived);
        let imported = lvsc::import::keepalived::read(lvsc::source::FileId(0), &conf)
            .unwrap_or_else(|d| panic!("{}: {d:#?}\n{conf}", path.display()));
        let text = lvs::write(&imported.config, &[]);
        let back = compile(&text);
        assert_eq!(back.services, config.services, "{}:\n{text}", path.display());
        assert_eq!(back.health, config.health, "{}:\n{conf}\n{text}", path.display());
        assert_eq!(back.timeouts, config.timeouts, "{}", path.display());
        if !config.health.vrrp_instances.is_empty() {
            assert_eq!(back.sync_daemons.len(), config.sync_daemons.len().min(1), "{}", path.display());
        }
    }
}

/// A large plan is summed up for `apply`: the changes and operations counted by kind.
#[test]
fn a_large_plan_is_summed_up_with_its_counts_and_risks() {
    let mut text = String::new();
    for s in 0..150 {
        text.push_str(&format!("cluster s{s} {{ vip 10.100.0.{} port tcp {} forward dr", s % 250 + 1, 1000 + s));
        for b in 0..8 {
            text.push_str(&format!(" backend 10.200.{s}.{}", b + 1));
        }
        text.push_str(" }\n");
    }
    let desired = compile(&text);
    let mut live = desired.clone();
    live.services.retain(|s| s.key.port() >= 1010);
    live.services
        .push(compile("cluster old { vip 10.9.9.9 port tcp 80 forward dr backend 10.9.9.10 }").services[0].clone());
    let plan = lvsc::change::plan(&live, &desired, lvsc::change::Scope::default());
    assert!(plan.operations.len() > 90, "{}", plan.operations.len());
    let summary = lvsc::change::render_summary(&plan, false);
    assert!(summary.starts_with("services: 10 added (80 backends), 1 removed, 0 changed"), "{summary}");
    assert!(summary.contains("! risk at TCP 10.9.9.9:80: new connections to this address are refused"), "{summary}");
    assert!(
        summary.contains("91 operations: 10 add service, 80 add server, 1 delete service (`lvsc plan`"),
        "{summary}"
    );
}

/// The `.lvs` writer (`dump`, `import`) is the checker's inverse on whole models, the
/// director's `match` rules and health settings included: every example, written and
/// compiled again, is the model it was.
#[test]
fn every_example_written_as_lvs_compiles_to_its_model() {
    insta::glob!("../examples", "*.lvs", |path| {
        let loaded = load(&path.to_string_lossy(), path, std::fs::read_to_string(path).expect("readable"));
        let config = check(&loaded).config.expect("model");
        let written = lvs::write(&config, &[]);
        assert_eq!(compile(&written), config, "{written}");
    });
}
