//! `lvsc diff OLD NEW`: the semantic change between two definitions, its risks, and the
//! unified diff of their compiled ipvsadm text. Exit 0 when the tables are the same, 1
//! when they differ, 2 when either side cannot be read or has errors (as diff(1)).

use super::input::{include_roots, reason};
use super::output::{write_output, write_stderr};
use super::Outcome;
use lvsc::change::{compare, render_changes, render_unified};
use lvsc::check::check;
use lvsc::diagnostic::{render_all, RenderOptions};
use lvsc::emit::{emit, Target};
use lvsc::model::Config;
use lvsc::syntax::load_with;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(old: &str, new: &str, color: bool) -> Outcome {
    let color = color && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let (old_config, new_config) = match (side(old, color), side(new, color)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return Outcome::Failed(e),
    };
    let changes = compare(&old_config, &new_config);
    if changes.is_empty() {
        return Outcome::Success;
    }
    let text = |c: &Config| emit(c, Target::Ipvsadm);
    let mut report = render_changes(&changes, color);
    let unified = render_unified(&text(&old_config), &text(&new_config), old, new, color);
    if !unified.is_empty() {
        report.push('\n');
        report.push_str(&unified);
    }
    match write_output(None, &report) {
        Ok(()) => Outcome::Rejected,
        Err(message) => Outcome::Failed(message),
    }
}

/// Reads one side: a file when it exists, else `REV:PATH` through `git show`.
fn side(spec: &str, color: bool) -> Result<Config, String> {
    let (path, revision) = match spec.split_once(':') {
        Some((rev, path)) if !Path::new(spec).exists() && !rev.is_empty() => {
            (PathBuf::from(path), Some(rev.to_string()))
        }
        _ => (PathBuf::from(spec), None),
    };
    let read = |p: &Path| -> std::io::Result<String> {
        match &revision {
            None => lvsc::source::read_file(p),
            Some(rev) => git_show(rev, p),
        }
    };
    let text = read(&path).map_err(|e| format!("cannot read {spec}: {}", reason(&e)))?;
    let loaded = load_with(spec, &path, text, &read, include_roots());
    let checked = check(&loaded);
    if checked.has_errors() {
        let options = RenderOptions { color, width: 100, deny_warnings: false };
        write_stderr(&render_all(&checked.diagnostics, &loaded.sources, options));
        return Err(format!("{spec} has errors"));
    }
    checked.config.ok_or_else(|| format!("{spec} has errors"))
}

fn git_show(revision: &str, path: &Path) -> std::io::Result<String> {
    let relative = if path.is_absolute() { path.display().to_string() } else { format!("./{}", path.display()) };
    let output = Command::new("git").args(["show", &format!("{revision}:{relative}")]).output()?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, reason));
    }
    String::from_utf8(output.stdout).map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8"))
}
