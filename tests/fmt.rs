//! `lvsc fmt`: the canonical layout is idempotent, keeps every comment, and never
//! changes what a file means.

use lvsc::check::check;
use lvsc::emit::{emit, Target};
use lvsc::source::FileId;
use lvsc::syntax::format::format;
use lvsc::syntax::load;
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

fn fmt(text: &str) -> String {
    format(FileId(0), text).unwrap_or_else(|d| panic!("{d:#?}"))
}

fn outputs(name: &str, text: &str) -> Option<Vec<String>> {
    let loaded = load(name, Path::new(name), text.to_string());
    let config = check(&loaded).config?;
    Some(Target::ALL.iter().map(|t| emit(&config, *t)).collect())
}

fn comments(text: &str) -> Vec<String> {
    text.lines().filter_map(|l| l.find('#').map(|i| l[i..].trim_end().to_string())).collect()
}

#[test]
fn a_messy_file_in_canonical_layout() {
    let text = std::fs::read_to_string("tests/fixtures/fmt/messy.lvs").expect("fixture");
    let formatted = fmt(&text);
    assert_eq!(fmt(&formatted), formatted);
    let mut before = comments(&text);
    let mut after = comments(&formatted);
    before.sort();
    after.sort();
    assert_eq!(before, after, "comments lost or invented");
    insta::assert_snapshot!(formatted);
}

#[test]
fn every_example_and_fixture_keeps_its_meaning_and_is_stable() {
    let mut files: Vec<_> = Vec::new();
    for dir in
        ["examples", "examples/include", "tests/fixtures/diagnostics", "tests/fixtures/diagnostics/include-cycle"]
    {
        for entry in std::fs::read_dir(dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "lvs") {
                files.push(path);
            }
        }
    }
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let Ok(formatted) = format(FileId(0), &text) else { continue };
        assert_eq!(fmt(&formatted), formatted, "{} is not stable", path.display());
        let name = path.to_string_lossy();
        assert_eq!(outputs(&name, &text), outputs(&name, &formatted), "{} changed meaning", path.display());
        assert_eq!(comments(&text).len(), comments(&formatted).len(), "{} lost comments", path.display());
    }
}

#[test]
fn the_shipped_examples_are_formatted() {
    for dir in ["examples", "examples/include"] {
        for entry in std::fs::read_dir(dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "lvs") {
                let text = std::fs::read_to_string(&path).expect("readable");
                assert_eq!(fmt(&text), text, "run `lvsc fmt {}`", path.display());
            }
        }
    }
}

#[test]
fn check_mode_changes_nothing_and_exits_1_with_a_diff() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("messy.lvs");
    let messy = std::fs::read_to_string("tests/fixtures/fmt/messy.lvs").expect("fixture");
    std::fs::write(&file, &messy).expect("write");
    let lvsc = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_lvsc")).args(args).output().expect("runs");
    let checked = lvsc(&["fmt", "--check", file.to_str().expect("utf-8")]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&checked.stdout).contains("(formatted)"));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), messy);
    let rewritten = lvsc(&["fmt", file.to_str().expect("utf-8")]);
    assert_eq!(rewritten.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), fmt(&messy));
    assert_eq!(lvsc(&["fmt", "--check", file.to_str().expect("utf-8")]).status.code(), Some(0));
    let broken = dir.path().join("broken.lvs");
    std::fs::write(&broken, "cluster {").expect("write");
    assert_eq!(lvsc(&["fmt", broken.to_str().expect("utf-8")]).status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&broken).expect("read"), "cluster {");
}

/// A valid file written with random spacing, separators and comments.
fn messy_file() -> impl Strategy<Value = String> {
    let space = proptest::sample::select(&[" ", "  ", "\n", " \n\n ", "\t", " ; ", " # note\n", "\n# own line\n"][..]);
    proptest::collection::vec(space, 40).prop_map(|s| {
        let words = [
            "cluster",
            "web",
            "{",
            "vip",
            "10.0.0.1",
            "port",
            "tcp",
            "80",
            ",",
            "443",
            "scheduler",
            "sh",
            "sh-port",
            "forward",
            "nat",
            "backend",
            "10.1.0.1:8080",
            "weight",
            "3",
            "backend",
            "10.1.0.2",
            "u-threshold",
            "10",
            "}",
            "director",
            "{",
            "gateway",
            "10.1.0.0/16",
            "no-redirects",
            "eth0",
            "eth1",
            "sysctl",
            "net.ipv4.vs.conntrack",
            "=",
            "1",
            "}",
            "pool",
            "p",
            "{",
            "}",
        ];
        let mut text = String::new();
        for (i, w) in words.iter().enumerate() {
            text.push_str(w);
            // A separator must stay a separator: `#` and `;` only where a word may end.
            text.push_str(if *w == "=" || words.get(i + 1) == Some(&"=") { " " } else { s[i % s.len()] });
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn fmt_is_idempotent_and_keeps_meaning(text in messy_file()) {
        let formatted = fmt(&text);
        prop_assert_eq!(fmt(&formatted), formatted.clone());
        prop_assert_eq!(outputs("t.lvs", &text), outputs("t.lvs", &formatted));
        prop_assert_eq!(comments(&text).len(), comments(&formatted).len());
    }
}
