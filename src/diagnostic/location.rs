//! Where a diagnostic points, in the line and column form machine formats want.

use super::{Diagnostic, Label};
use crate::source::SourceMap;

/// A label's place: file name, 1-based start and end lines and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub text: String,
}

impl Place {
    pub fn of(label: &Label, sources: &SourceMap) -> Place {
        let (line, column) = sources.line_col(label.span.file, label.span.start());
        let (end_line, end_column) = sources.line_col(label.span.file, label.span.end());
        Place {
            file: sources.file(label.span.file).name.clone(),
            line,
            column,
            end_line,
            end_column,
            text: label.text.clone(),
        }
    }
}

/// The primary place and the secondary ones of a diagnostic.
pub fn places(diagnostic: &Diagnostic, sources: &SourceMap) -> (Place, Vec<Place>) {
    (Place::of(&diagnostic.primary, sources), diagnostic.secondary.iter().map(|l| Place::of(l, sources)).collect())
}
