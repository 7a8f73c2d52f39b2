//! Diagnostics: what lvsc tells a user about their input, as data.
//!
//! Every stage (parse, include, check) produces [`Diagnostic`]s; nothing is printed until
//! the command decides how to show them, so that every problem of a run is reported
//! together, in source order.

mod code;
mod github;
mod json;
mod location;
mod problem;
mod render;
mod sarif;

pub use code::Code;
pub use github::render_github;
pub use json::render_json;
pub use problem::{Problem, SettingScope, TunnelOption};
pub use render::{render_all, RenderOptions};
pub use sarif::render_sarif;

use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// A marked place in the source and what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

impl Label {
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Label { span, text: text.into() }
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub help: String,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>, primary: Label, help: impl Into<String>) -> Self {
        Diagnostic { code, message: message.into(), primary, secondary: Vec::new(), help: help.into() }
    }

    pub fn with_secondary(mut self, label: Label) -> Self {
        self.secondary.push(label);
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// Sorts diagnostics into source order (file, then offset), the order they are shown in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.primary.span.file, d.primary.span.start(), d.primary.span.end(), d.code));
}
