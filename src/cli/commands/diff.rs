//! `lvsc diff OLD NEW`: the semantic change between two definitions, its risks, and the
//! unified diff of their compiled ipvsadm text (keepalived.conf when either declares
//! health checks or VRRP). Exit 0 when the tables are the same, 1
//! when they differ, 2 when either side cannot be read or has errors (as diff(1)).

use super::input::{include_roots, read_stdin};
use super::output::{write_output, write_stderr};
use super::table::{is_compiled, saved_text};
use super::Outcome;
use lvsc::change::{compare, render_changes, render_unified};
use lvsc::check::check;
use lvsc::diagnostic::{render_all, RenderOptions};
use lvsc::emit::{emit, Target};
use lvsc::import::json;
use lvsc::model::Config;
use lvsc::syntax::{load_with, ReadFile};
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
    // With checks or VRRP on either side, keepalived's config is what ships: diff that.
    let target =
        if old_config.health.is_empty() && new_config.health.is_empty() { Target::Ipvsadm } else { Target::Keepalived };
    let text = |c: &Config| emit(c, target);
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

/// Reads one side: `-` (standard input), a file when it exists, else `REV:PATH` through
/// `git show`. What it holds is read by its form: a compiled model (`.json`), a saved
/// ipvsadm table (its first statement is an ipvsadm option), or `.lvs`.
fn side(spec: &str, color: bool) -> Result<Config, String> {
    if spec == "-" {
        return config_of(spec, Path::new("./<stdin>"), read_stdin()?, &|p: &Path| lvsc::source::read_file(p), color);
    }
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
    let text = read(&path).map_err(|e| format!("cannot read {spec}: {}", lvsc::source::io_reason(&e)))?;
    config_of(spec, &path, text, &read, color)
}

fn config_of(spec: &str, path: &Path, text: String, read: ReadFile<'_>, color: bool) -> Result<Config, String> {
    if is_compiled(path) {
        return json::read(&text).map_err(|e| format!("{spec}: {e}"));
    }
    let first_statement = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'));
    if first_statement.is_some_and(|l| l.starts_with('-')) {
        return saved_text(spec, Path::new(spec), text);
    }
    let loaded = load_with(spec, path, text, read, include_roots());
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
    let object = format!("{revision}:{relative}");
    // `git show` of a directory prints its listing, which would be read as a file.
    let kind = Command::new("git").args(["cat-file", "-t", &object]).output()?;
    if kind.status.success() && kind.stdout.starts_with(b"tree") {
        return Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "a directory in git"));
    }
    let output = Command::new("git").args(["show", &object]).output()?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, reason));
    }
    String::from_utf8(output.stdout).map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8"))
}
