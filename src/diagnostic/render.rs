//! Shows diagnostics to a person with miette: `file:line:col`, the marked source, help.

use super::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;

/// How to draw diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
    /// Warnings are shown (and counted) as errors.
    pub deny_warnings: bool,
}

/// Renders every diagnostic, in order, separated by blank lines.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap, options: RenderOptions) -> String {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(options.width).with_links(false);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let shown = Shown::new(diagnostic, sources, options.deny_warnings);
        let mut text = String::new();
        if handler.render_report(&mut text, &shown).is_err() {
            text = format!("{}: {}\n", shown.location, diagnostic.message);
        }
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// A diagnostic with its source attached, in the form miette wants.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<String>,
    location: String,
    severity: Severity,
    labels: Vec<LabeledSpan>,
    help: String,
}

impl<'a> Shown<'a> {
    fn new(diagnostic: &'a Diagnostic, sources: &SourceMap, deny_warnings: bool) -> Self {
        let file = diagnostic.primary.span.file;
        let location = sources.location(diagnostic.primary.span);
        let source = NamedSource::new(sources.file(file).name.clone(), sources.file(file).text.clone());
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

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.end.saturating_sub(span.start))
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
