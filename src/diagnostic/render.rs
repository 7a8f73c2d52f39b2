//! Shows diagnostics to a person with miette: `file:line:col`, the marked source, help.

use super::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::source::{SourceMap, Span};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceSpan, SpanContents,
};
use std::collections::HashMap;
use std::fmt;

/// How to draw diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
    /// Warnings are shown (and counted) as errors.
    pub deny_warnings: bool,
}

/// A finding repeated more often than this (same code, same fix) is shown once, with
/// the count and its first places: 20,000 copies of one warning help nobody. Machine
/// formats (JSON, SARIF, GitHub) keep every instance.
const GROUP_ABOVE: usize = 3;
/// How many further places a group names before "and N more".
const PLACES_NAMED: usize = 3;

/// Renders the diagnostics, in order, separated by blank lines; a finding repeated more
/// than [`GROUP_ABOVE`] times is shown at its first place with the count of the others.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap, options: RenderOptions) -> String {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(options.width).with_links(false);
    let mut groups: HashMap<(super::Code, &str), Vec<usize>> = HashMap::new();
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        groups.entry((diagnostic.code, diagnostic.help.as_str())).or_default().push(index);
    }
    let mut out = String::new();
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        let group = &groups[&(diagnostic.code, diagnostic.help.as_str())];
        let grouped = group.len() > GROUP_ABOVE;
        if grouped && group[0] != index {
            continue;
        }
        let shown = Shown::new(diagnostic, sources, options.deny_warnings);
        let mut text = String::new();
        if handler.render_report(&mut text, &shown).is_err() {
            text = format!("{}: {}\n", shown.location, diagnostic.message);
        }
        out.push_str(&text);
        if grouped {
            out.push_str(&others(&group[1..], diagnostics, sources));
        }
        out.push('\n');
    }
    out
}

/// `… and 19999 more like it (same code and help) at a.lvs:12:5, a.lvs:13:5, a.lvs:14:5
/// and 19996 more`.
fn others(rest: &[usize], diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let places: Vec<String> =
        rest.iter().take(PLACES_NAMED).map(|&i| sources.location(diagnostics[i].primary.span)).collect();
    let unnamed = rest.len().saturating_sub(PLACES_NAMED);
    let tail = if unnamed > 0 { format!(" and {unnamed} more") } else { String::new() };
    let code = diagnostics[rest[0]].code;
    format!(
        "  … and {} more `{}` like it (the same help applies) at {}{tail}\n",
        rest.len(),
        code.name(),
        places.join(", ")
    )
}

/// A diagnostic with its source attached, in the form miette wants.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: Excerpt<'a>,
    location: String,
    severity: Severity,
    labels: Vec<LabeledSpan>,
    help: String,
}

impl<'a> Shown<'a> {
    fn new(diagnostic: &'a Diagnostic, sources: &'a SourceMap, deny_warnings: bool) -> Self {
        let file = diagnostic.primary.span.file;
        let location = sources.location(diagnostic.primary.span);
        let source = Excerpt { file: sources.file(file) };
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(diagnostic.primary.text.clone()),
            source_span(diagnostic.primary.span),
        )];
        let mut help = diagnostic.help.clone();
        for label in &diagnostic.secondary {
            if label.span.file == file {
                labels.push(LabeledSpan::new_with_span(Some(label.text.clone()), source_span(label.span)));
            } else {
                // miette draws one source per report: a label in another file becomes a note.
                help.push_str(&format!("\n{}: {}", sources.location(label.span), label.text));
            }
        }
        let severity = if deny_warnings { Severity::Error } else { diagnostic.severity() };
        Shown { diagnostic, source, location, severity, labels, help }
    }
}

/// A file as miette reads it, borrowed rather than copied per diagnostic, and read only
/// around the span: miette's own reader for `str` counts lines from the file's start,
/// which made rendering many diagnostics quadratic in the file's size.
struct Excerpt<'a> {
    file: &'a SourceFile,
}

impl miette::SourceCode for Excerpt<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let file = self.file;
        let (first_line, _) = file.line_of(span.offset());
        let (last_line, _) = file.line_of(span.offset() + span.len());
        let from_line = first_line.saturating_sub(context_lines_before);
        let base = file.line_start(from_line);
        let end = file.line_start(last_line + context_lines_after + 1);
        if end - base > MAX_EXCERPT || file.text[base..end].contains('\0') {
            return Ok(Box::new(clipped(file, span)));
        }
        let window = &file.text[base..end];
        let local = SourceSpan::new((span.offset() - base).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        let data_offset = contents.span().offset() + base;
        Ok(Box::new(MietteSpanContents::new_named(
            file.name.clone(),
            contents.data(),
            SourceSpan::new(data_offset.into(), contents.span().len()),
            // miette counts both from the start of what it read: shift them to the file's.
            contents.line() + from_line,
            contents.column(),
            contents.line_count() + from_line,
        )))
    }
}

/// The most of a file one diagnostic shows around its span: a file that is not `.lvs`
/// text (one long line of secrets, a binary) is not printed whole.
const MAX_EXCERPT: usize = 1024;
/// How much of a too-long excerpt is kept on each side of the span.
const CLIPPED_CONTEXT: usize = 80;

/// A few characters each side of the span, without context lines.
fn clipped<'a>(file: &'a SourceFile, span: &SourceSpan) -> MietteSpanContents<'a> {
    let text = &file.text;
    let mut start = span.offset().saturating_sub(CLIPPED_CONTEXT).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.offset() + span.len().min(CLIPPED_CONTEXT) + CLIPPED_CONTEXT).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Stop at the line's end, so that only the span's own line shows.
    if let Some(newline) = text[span.offset().min(end)..end].find('\n') {
        end = span.offset().min(end) + newline;
    }
    let (line, _) = file.line_of(start);
    let column = file.column_of(start);
    MietteSpanContents::new_named(
        file.name.clone(),
        &text.as_bytes()[start..end],
        SourceSpan::new(start.into(), end - start),
        line,
        column,
        line + 1,
    )
}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new(span.start().into(), span.end().saturating_sub(span.start()))
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.diagnostic.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let code = self.diagnostic.code;
        Some(Box::new(format!("lvsc::{}({})", code.name(), code.id())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.clone().into_iter()))
    }
}
