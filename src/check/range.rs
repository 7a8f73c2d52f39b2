//! Range checks for numbers as written: one place phrases every `out-of-range` error.

use crate::diagnostic::{Diagnostic, Problem};
use crate::source::Spanned;

/// `value` if it lies in `min..=max`, else an `out-of-range` diagnostic naming `what`.
pub fn in_range(value: &Spanned<u64>, what: &str, min: u64, max: u64, why: &str) -> Result<u64, Diagnostic> {
    if (min..=max).contains(&value.value) {
        return Ok(value.value);
    }
    // The parser keeps numbers up to u64::MAX; a longer one arrives as that.
    let verdict =
        if value.value == u64::MAX { "is too large".to_string() } else { format!("{} is out of range", value.value) };
    Err(Problem::OutOfRange { what: what.into(), verdict, min, max, why: why.into() }.at(value.span))
}

/// The closest of `candidates` to `written`, if any is close enough to be a likely typo.
pub fn suggestion<'a>(written: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(written, c), c))
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// " (did you mean `x`?)" or nothing.
pub fn did_you_mean<'a>(written: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    suggestion(written, candidates).map_or(String::new(), |s| format!("; did you mean `{s}`?"))
}
