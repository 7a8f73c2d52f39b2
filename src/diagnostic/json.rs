//! Diagnostics as JSON lines: one object per diagnostic, for scripts and editors.

use super::location::places;
use super::{Diagnostic, Severity};
use crate::source::SourceMap;
use serde_json::json;

pub fn render_json(diagnostics: &[Diagnostic], sources: &SourceMap, deny_warnings: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (primary, related) = places(d, sources);
        let severity = if deny_warnings || d.severity() == Severity::Error { "error" } else { "warning" };
        let value = json!({
            "code": d.code.id(),
            "name": d.code.name(),
            "severity": severity,
            "message": d.message,
            "file": primary.file,
            "line": primary.line,
            "column": primary.column,
            "end_line": primary.end_line,
            "end_column": primary.end_column,
            "label": primary.text,
            "help": d.help,
            "related": related.iter().map(|p| json!({
                "file": p.file, "line": p.line, "column": p.column, "label": p.text,
            })).collect::<Vec<_>>(),
        });
        out.push_str(&value.to_string());
        out.push('\n');
    }
    out
}
