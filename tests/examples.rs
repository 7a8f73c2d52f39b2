//! Every shipped example through every target, as snapshots: any change in any output
//! shows in review. The examples must also be free of diagnostics.

use lvsc::check::check;
use lvsc::emit::{emit, Target};
use lvsc::syntax::load;
use std::path::Path;

fn compile_all(path: &Path) -> Vec<(Target, String)> {
    let relative = path.strip_prefix(std::env::current_dir().expect("cwd")).unwrap_or(path);
    let name = relative.to_string_lossy().into_owned();
    let loaded = load(&name, relative, std::fs::read_to_string(path).expect("example is readable"));
    let checked = check(&loaded);
    assert!(checked.diagnostics.is_empty(), "{name} has diagnostics: {:#?}", checked.diagnostics);
    let config = checked.config.expect("a model");
    Target::ALL.iter().map(|t| (*t, emit(&config, *t))).collect()
}

#[test]
fn every_example_through_every_target() {
    insta::glob!("../examples", "*.lvs", |path| {
        for (target, text) in compile_all(path) {
            insta::assert_snapshot!(target.name(), text);
        }
    });
}

#[test]
fn the_classic_nat_example_is_exactly_the_three_ipvsadm_lines() {
    let outputs = compile_all(Path::new("examples/nat-classic.lvs"));
    let ipvsadm = &outputs.iter().find(|(t, _)| *t == Target::Ipvsadm).expect("ipvsadm").1;
    assert_eq!(
        ipvsadm,
        "-A -t 192.168.112.152:81 -s wrr\n\
         -a -t 192.168.112.152:81 -r 192.168.112.153:10000 -m -w 1\n\
         -a -t 192.168.112.152:81 -r 192.168.112.154:10000 -m -w 1\n"
    );
}

#[test]
fn json_output_parses_and_round_trips_to_the_same_model() {
    for entry in std::fs::read_dir("examples").expect("examples") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "lvs") {
            continue;
        }
        let loaded = load(&path.to_string_lossy(), &path, std::fs::read_to_string(&path).expect("readable"));
        let config = check(&loaded).config.expect("model");
        let json = emit(&config, Target::Json);
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(value["version"], 1);
        let back: lvsc::model::Config = serde_json::from_value(value).expect("model from JSON");
        assert_eq!(back, config, "{}", path.display());
    }
}

/// `keepalived -t` (config test) accepts the keepalived target of every example without a
/// word of warning. keepalived is installed by `.ci/run`; elsewhere the test says it skips.
#[test]
fn keepalived_accepts_every_keepalived_target_without_warnings() {
    let Ok(output) = std::process::Command::new("keepalived").arg("--version").output() else {
        assert!(std::env::var_os("CI").is_none(), "CI must have keepalived (apt-get install keepalived)");
        eprintln!("SKIP: keepalived is not installed");
        return;
    };
    assert!(output.status.success() || !output.stderr.is_empty(), "keepalived --version failed");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut tested = 0;
    for entry in std::fs::read_dir("examples").expect("examples") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "lvs") {
            continue;
        }
        let text = compile_all(&path).into_iter().find(|(t, _)| *t == Target::Keepalived).expect("keepalived").1;
        let conf = dir.path().join("keepalived.conf");
        std::fs::write(&conf, &text).expect("write");
        let result = std::process::Command::new("keepalived").arg("-t").arg("-f").arg(&conf).output().expect("run");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(result.status.success(), "keepalived -t rejects {}:\n{stderr}\n{text}", path.display());
        assert!(stderr.trim().is_empty(), "keepalived -t warns about {}:\n{stderr}", path.display());
        tested += 1;
    }
    assert!(tested >= 9, "only {tested} examples");
}
