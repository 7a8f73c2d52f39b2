//! Every diagnostic code has a fixture, `tests/fixtures/diagnostics/<name>.lvs` (or
//! `.ipvsadm` / `.keepalived` for the import readers), whose
//! offending lines end in `# error: <name>` or `# warning: <name>`. A fixture passes when
//! the diagnostics land exactly on the marked lines: a rule that stops firing, or fires
//! on an unmarked line, fails. The rendered diagnostics are snapshots for review.

use lvsc::check::check;
use lvsc::diagnostic::{render_all, Code, RenderOptions, Severity};
use lvsc::import::{ipvsadm, keepalived};
use lvsc::source::SourceMap;
use lvsc::syntax::load;
use std::collections::BTreeSet;
use std::path::Path;

const DIR: &str = "tests/fixtures/diagnostics";

/// (file name, line, severity word, code name)
type Finding = (String, usize, String, String);

/// A fixture's sources and diagnostics: `.lvs` files are checked, `.ipvsadm` files read
/// as ipvsadm rule text (what `lvsc import` takes).
fn diagnose(path: &Path) -> (SourceMap, Vec<lvsc::diagnostic::Diagnostic>) {
    let name = path.to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    if path.extension().is_some_and(|e| e == "keepalived") {
        let mut sources = SourceMap::new();
        let id = sources.add(&name, path, text.clone());
        let diagnostics = keepalived::read(id, &text).err().unwrap_or_default();
        return (sources, diagnostics);
    }
    if path.extension().is_some_and(|e| e == "ipvsadm") {
        let mut sources = SourceMap::new();
        let id = sources.add(&name, path, text.clone());
        let diagnostics = ipvsadm::read(id, &text).err().unwrap_or_default();
        return (sources, diagnostics);
    }
    let loaded = load(&name, path, text);
    let checked = check(&loaded);
    (loaded.sources, checked.diagnostics)
}

fn is_fixture(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "lvs" || e == "ipvsadm" || e == "keepalived")
}

fn run_fixture(path: &Path) -> (BTreeSet<Finding>, BTreeSet<Finding>, String) {
    let (sources, diagnostics) = diagnose(path);
    let mut found = BTreeSet::new();
    for d in &diagnostics {
        let (line, _) = sources.line_col(d.primary.span.file, d.primary.span.start());
        let severity = if d.severity() == Severity::Error { "error" } else { "warning" };
        found.insert((
            sources.file(d.primary.span.file).name.clone(),
            line,
            severity.to_string(),
            d.code.name().to_string(),
        ));
    }
    let mut expected = BTreeSet::new();
    for (_, file) in sources.files() {
        for (index, line) in file.text.lines().enumerate() {
            for severity in ["error", "warning"] {
                let marker = format!("# {severity}: ");
                if let Some(at) = line.find(&marker) {
                    let code = line[at + marker.len()..].split_whitespace().next().unwrap_or("").to_string();
                    expected.insert((file.name.clone(), index + 1, severity.to_string(), code));
                }
            }
        }
    }
    let rendered = render_all(&diagnostics, &sources, RenderOptions { color: false, width: 100, deny_warnings: false });
    (expected, found, rendered)
}

#[test]
fn every_code_has_a_fixture_that_reports_it() {
    // An internal error is a bug in lvsc: no input produces it on purpose.
    for code in Code::all().filter(|c| !c.is_internal()) {
        let lvs = Path::new(DIR).join(format!("{}.lvs", code.name()));
        let path = ["lvs", "ipvsadm", "keepalived"]
            .iter()
            .map(|e| Path::new(DIR).join(format!("{}.{e}", code.name())))
            .find(|p| p.exists())
            .unwrap_or(lvs);
        assert!(path.exists(), "no fixture for {} ({}): add {}", code.name(), code.id(), path.display());
        let (expected, found, _) = run_fixture(&path);
        assert!(
            expected.iter().any(|(_, _, _, c)| c == code.name()),
            "fixture {} marks no line with {}",
            path.display(),
            code.name()
        );
        assert!(
            found.iter().any(|(_, _, _, c)| c == code.name()),
            "fixture {} does not report {}",
            path.display(),
            code.name()
        );
    }
}

#[test]
fn diagnostics_land_exactly_on_marked_lines() {
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(DIR).expect("fixture directory") {
        let path = entry.expect("entry").path();
        if is_fixture(&path) {
            let (expected, found, rendered) = run_fixture(&path);
            if expected != found {
                failures.push(format!(
                    "{}:\n  missing: {:?}\n  unexpected: {:?}\n{rendered}",
                    path.display(),
                    expected.difference(&found).collect::<Vec<_>>(),
                    found.difference(&expected).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rendered_diagnostics() {
    insta::glob!("fixtures/diagnostics/*.{lvs,ipvsadm,keepalived}", |path| {
        let relative = path.strip_prefix(std::env::current_dir().expect("cwd")).unwrap_or(path);
        let (_, _, rendered) = run_fixture(relative);
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn no_grammar_rule_name_reaches_a_message() {
    for entry in std::fs::read_dir(DIR).expect("fixture directory") {
        let path = entry.expect("entry").path();
        if is_fixture(&path) {
            let (_, _, rendered) = run_fixture(&path);
            for word in ["kw_", "_setting", "forward_method", "port_range", "sysctl_key", "EOI", "SOI"] {
                assert!(!rendered.contains(word), "{} shows grammar name `{word}`:\n{rendered}", path.display());
            }
        }
    }
}
