//! `lvsc check --format`: machine-readable diagnostics. SARIF is validated against the
//! SARIF 2.1.0 schema (vendored in tests/fixtures/sarif/); JSON lines and GitHub
//! annotations are goldens.

use std::process::Command;

fn check(format: &str, files: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lvsc"))
        .args(["check", "--format", format])
        .args(files)
        .output()
        .expect("lvsc runs");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

const FIXTURES: &[&str] = &[
    "tests/fixtures/diagnostics/duplicate-service.lvs",
    "tests/fixtures/diagnostics/include-cycle.lvs",
    "tests/fixtures/diagnostics/hash-without-fallback.lvs",
];

#[test]
fn sarif_is_valid_sarif_2_1_0_with_every_result() {
    let (status, text) = check("sarif", FIXTURES);
    assert_eq!(status, Some(1));
    let log: serde_json::Value = serde_json::from_str(&text).expect("SARIF is JSON");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/sarif/sarif-schema-2.1.0.json").expect("schema"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut corrupted = log.clone();
    corrupted["runs"][0]["results"][0]["level"] = serde_json::json!("bogus");
    assert!(!validator.is_valid(&corrupted), "the schema check would let anything through");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().is_some());
    }
    assert!(results.iter().any(|r| r["level"] == "warning" && r["ruleId"] == "W107"));
}

#[test]
fn json_lines_one_object_per_diagnostic() {
    let (status, text) = check("json", FIXTURES);
    assert_eq!(status, Some(1));
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).expect("a JSON object")).collect();
    assert_eq!(lines.len(), 4);
    for l in &lines {
        for field in ["code", "name", "severity", "message", "file", "line", "column", "label", "help"] {
            assert!(!l[field].is_null(), "{field} missing in {l}");
        }
    }
    insta::assert_snapshot!(text);
}

#[test]
fn github_annotations() {
    let (status, text) = check("github", FIXTURES);
    assert_eq!(status, Some(1));
    assert!(text.lines().all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")));
    insta::assert_snapshot!(text);
}

#[test]
fn clean_files_give_an_empty_report_and_exit_0() {
    let (status, text) = check("json", &["examples/nat-classic.lvs"]);
    assert_eq!((status, text.as_str()), (Some(0), ""));
    let (status, text) = check("sarif", &["examples/nat-classic.lvs"]);
    assert_eq!(status, Some(0));
    let log: serde_json::Value = serde_json::from_str(&text).expect("SARIF");
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(0));
}

#[test]
fn deny_warnings_raises_the_level_everywhere() {
    let out = Command::new(env!("CARGO_BIN_EXE_lvsc"))
        .args(["check", "--format", "github", "--deny", "warnings", "tests/fixtures/diagnostics/unused-pool.lvs"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("::error "));
}
