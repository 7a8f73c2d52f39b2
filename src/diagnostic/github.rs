//! Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…::message`),
//! which the Actions runner turns into annotations on the pull request's lines.

use super::location::places;
use super::{Diagnostic, Severity};
use crate::source::SourceMap;

pub fn render_github(diagnostics: &[Diagnostic], sources: &SourceMap, deny_warnings: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (p, _) = places(d, sources);
        let command = if deny_warnings || d.severity() == Severity::Error { "error" } else { "warning" };
        let title = format!("lvsc {} {}", d.code.id(), d.code.name());
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&p.file),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            property(&title),
            data(&format!("{} ({})\nhelp: {}", d.message, p.text, d.help))
        ));
    }
    out
}

/// Escaping of a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping of a workflow command's property values, which also reserve `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
