//! The canonical layout of `.lvs` files (`lvsc fmt`): one statement per line, blocks
//! opened on their header line, four-space indent, one space between words, `a, b` lists,
//! `key = value`, at most one blank line in a row and one between top-level blocks.
//! Comments are kept where they were: at the end of their statement's line or on lines of
//! their own. Only white space changes, so the file means exactly what it meant.
//!
//! Comments are silent in the grammar, so they are found in the gaps between the spans
//! of the parse tree's statements.

use super::parser::{ends_in_brace, last_token_end, LvsParser, Rule};
use super::syntax_error::syntax_error;
use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use pest::iterators::Pair;
use pest::Parser as _;

const INDENT: &str = "    ";

/// The formatted text, or the syntax error that prevents formatting.
pub fn format(file: FileId, text: &str) -> Result<String, Diagnostic> {
    let mut pairs = LvsParser::parse(Rule::file, text).map_err(|e| syntax_error(file, text, 0, &e))?;
    let Some(root) = pairs.next() else { return Ok(String::new()) };
    let items: Vec<Pair<Rule>> = root.into_inner().filter(|p| p.as_rule() != Rule::EOI).collect();
    let mut out = Lines::default();
    let mut previous_end = 0;
    let mut previous_was_block = false;
    for item in &items {
        let start = item.as_span().start();
        let is_block = item.as_rule() != Rule::include;
        let gap = scan_gap(&text[previous_end..start], previous_end == 0);
        out.gap(&gap, "", (previous_was_block || is_block) && previous_end != 0);
        if is_block {
            block(&mut out, item, text);
        } else {
            let (line, inner_comments) = statement_with_comments(item, text);
            for comment in inner_comments {
                out.line("", &comment);
            }
            out.line("", &line);
        }
        previous_end = last_token_end(item);
        if is_block {
            previous_end = block_end(item, text);
        }
        previous_was_block = is_block;
    }
    let tail = scan_gap(&text[previous_end..], previous_end == 0);
    out.gap(&tail, "", false);
    Ok(out.finish())
}

/// Lines being written, with trailing comments attached to the last one.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
}

impl Lines {
    fn line(&mut self, indent: &str, text: &str) {
        self.lines.push(format!("{indent}{text}"));
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// Writes what a gap held: a trailing comment for the line before, blank lines and
    /// comments of their own; `separate` asks for a blank line before what follows.
    fn gap(&mut self, gap: &Gap, indent: &str, separate: bool) {
        if let (Some(comment), Some(last)) = (&gap.trailing, self.lines.last_mut()) {
            last.push_str("  ");
            last.push_str(comment);
        }
        for (blank_before, comment) in &gap.own_lines {
            if *blank_before {
                self.blank();
            }
            self.line(indent, comment);
        }
        if gap.blank_after || separate {
            self.blank();
        }
    }

    fn finish(mut self) -> String {
        while self.lines.last().is_some_and(String::is_empty) {
            self.lines.pop();
        }
        let mut text = self.lines.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        text
    }
}

/// The comments and blank lines between two statements.
#[derive(Debug, Default)]
struct Gap {
    /// A comment on the same line as the statement before.
    trailing: Option<String>,
    /// Comments on lines of their own, each with whether a blank line came before it.
    own_lines: Vec<(bool, String)>,
    /// A blank line between the last of them and what follows.
    blank_after: bool,
}

fn scan_gap(gap: &str, at_file_start: bool) -> Gap {
    let mut result = Gap::default();
    let mut newlines = if at_file_start { 1 } else { 0 };
    let mut rest = gap;
    while let Some(c) = rest.chars().next() {
        if c == '#' {
            let end = rest.find('\n').unwrap_or(rest.len());
            let comment = rest[..end].trim_end().to_string();
            if newlines == 0 && result.trailing.is_none() && result.own_lines.is_empty() {
                result.trailing = Some(comment);
            } else {
                result.own_lines.push((newlines > 1 && !(at_file_start && result.own_lines.is_empty()), comment));
            }
            newlines = 0;
            rest = &rest[end..];
        } else {
            if c == '\n' {
                newlines += 1;
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    result.blank_after = newlines > 1;
    result
}

/// Where a block ends: just after its closing brace.
fn block_end(pair: &Pair<Rule>, text: &str) -> usize {
    let span = pair.as_span();
    text[span.start()..span.end()].rfind('}').map_or(span.end(), |i| span.start() + i + 1)
}

/// The first `c` at or after `from` that is not inside a comment.
fn find_outside_comments(text: &str, from: usize, c: char) -> usize {
    let mut in_comment = false;
    for (i, ch) in text[from..].char_indices() {
        match ch {
            '#' => in_comment = true,
            '\n' => in_comment = false,
            _ if ch == c && !in_comment => return from + i,
            _ => {}
        }
    }
    text.len()
}

fn block(out: &mut Lines, pair: &Pair<Rule>, text: &str) {
    let start = pair.as_span().start();
    let open = find_outside_comments(text, start, '{');
    let children: Vec<Pair<Rule>> = pair.clone().into_inner().collect();
    let (header, body): (Vec<_>, Vec<_>) = children.into_iter().partition(|c| c.as_span().start() < open);
    let header_text: Vec<String> = header.iter().map(|p| p.as_str().to_string()).collect();
    let close = block_end(pair, text) - 1;
    let mut header_comments = Vec::new();
    strip(&text[start..open], &mut header_comments);
    if body.is_empty() && header_comments.is_empty() && !text[open + 1..close].contains('#') {
        out.line("", &format!("{} {{}}", header_text.join(" ")));
        return;
    }
    out.line("", &format!("{} {{", header_text.join(" ")));
    // What follows `{`: a comment on its line stays there; header comments come next.
    let first_start = body.first().map_or(close, |p| p.as_span().start());
    let mut opening = scan_gap(&text[open + 1..first_start], false);
    if let (Some(comment), Some(header_line)) = (opening.trailing.take(), out.lines.last_mut()) {
        header_line.push_str("  ");
        header_line.push_str(&comment);
    }
    for comment in header_comments {
        out.line(INDENT, &comment);
    }
    // No blank line opens or closes a block.
    opening.blank_after = false;
    if let Some(first) = opening.own_lines.first_mut() {
        first.0 = false;
    }
    out.gap(&opening, INDENT, false);
    let mut previous_end = None;
    for statement_pair in &body {
        if let Some(end) = previous_end {
            let gap = scan_gap(&text[end..statement_pair.as_span().start()], false);
            out.gap(&gap, INDENT, false);
        }
        statement(out, statement_pair, text, INDENT);
        previous_end = Some(last_token_end(statement_pair));
    }
    if let Some(end) = previous_end {
        let mut tail = scan_gap(&text[end..close], false);
        tail.blank_after = false;
        out.gap(&tail, INDENT, false);
    }
    out.line("", "}");
}

/// The longest line a statement with a body in braces keeps on one line.
const MAX_LINE: usize = 80;

/// One statement of a block at `indent`. Comments written inside it go on lines of their
/// own above it, so that a comment at the end of its line stays there. A `check` or a
/// backend's health body too long for one line gets one line per option.
fn statement(out: &mut Lines, pair: &Pair<Rule>, text: &str, indent: &str) {
    let (line, inner_comments) = statement_with_comments(pair, text);
    for comment in &inner_comments {
        out.line(indent, comment);
    }
    let children: Vec<Pair<Rule>> = pair.clone().into_inner().collect();
    let body_at = children.iter().position(|c| c.as_rule() == Rule::backend_health);
    let expandable = match pair.as_rule() {
        Rule::check => ends_in_brace(pair.as_str()) && children.len() > 2,
        Rule::backend => body_at.is_some_and(|i| children[i].clone().into_inner().next().is_some()),
        _ => false,
    };
    if !expandable || indent.len() + line.len() <= MAX_LINE {
        out.line(indent, &line);
        return;
    }
    let mut ignored = Vec::new();
    let (header, body): (Vec<Pair<Rule>>, Vec<Pair<Rule>>) = match body_at {
        Some(i) => (children[..i].to_vec(), children[i].clone().into_inner().collect()),
        None => (children[..2].to_vec(), children[2..].to_vec()),
    };
    let header: Vec<String> = header.iter().map(|p| tokens(p, text, &mut ignored)).collect();
    out.line(indent, &format!("{} {{", header.join(" ")));
    let inner = format!("{indent}{INDENT}");
    for child in &body {
        if child.as_rule() == Rule::check {
            statement(out, child, text, &inner);
        } else {
            out.line(&inner, &tokens(child, text, &mut ignored));
        }
    }
    out.line(indent, "}");
}

/// A statement on one line, and the comments written inside it.
fn statement_with_comments(pair: &Pair<Rule>, text: &str) -> (String, Vec<String>) {
    let mut comments = Vec::new();
    let line = tokens(pair, text, &mut comments);
    (line, comments)
}

/// A pair's tokens with canonical spacing: the literal punctuation between them (`:`,
/// `/`, `[`, `]`, `-`, `,`, `=`, quotes) is kept, white space becomes one space or none.
fn tokens(pair: &Pair<Rule>, text: &str, comments: &mut Vec<String>) -> String {
    let children: Vec<Pair<Rule>> = pair.clone().into_inner().collect();
    if children.is_empty() || pair.as_rule() == Rule::string {
        let s = pair.as_str();
        return if pair.as_rule() == Rule::sysctl_value { s.trim().to_string() } else { s.to_string() };
    }
    let mut out = String::new();
    let mut position = pair.as_span().start();
    for (i, child) in children.iter().enumerate() {
        let gap = &text[position..child.as_span().start()];
        out.push_str(&join(gap, i == 0, comments));
        out.push_str(&tokens(child, text, comments));
        position = last_token_end(child);
    }
    let rest = &text[position..pair.as_span().end()];
    if matches!(pair.as_rule(), Rule::check | Rule::backend_health) && ends_in_brace(pair.as_str()) {
        // The closing brace of a body in braces (and an opening one, when it is empty).
        let literal = strip(rest, comments);
        out.push_str(if literal == "{}" { " {}" } else { " }" });
        return out;
    }
    // Closing punctuation such as `]` right after the last token; what follows it (white
    // space, a comment) belongs to the gap after the statement.
    let closing = rest.find(|c: char| c.is_whitespace() || c == '#' || c == ';').unwrap_or(rest.len());
    out.push_str(&rest[..closing]);
    out
}

/// What stands between two tokens, spaced canonically.
fn join(gap: &str, at_start: bool, comments: &mut Vec<String>) -> String {
    let literal = strip(gap, comments);
    match literal.as_str() {
        "{" if at_start => "{ ".to_string(),
        "{" => " { ".to_string(),
        "" if at_start => String::new(),
        "" => " ".to_string(),
        "," => ", ".to_string(),
        "=" => " = ".to_string(),
        other if at_start => other.to_string(),
        other if other.starts_with('[') || other.starts_with('"') => format!(" {other}"),
        other => other.to_string(),
    }
}

/// The non-space, non-comment characters of a gap; comments are collected.
fn strip(gap: &str, comments: &mut Vec<String>) -> String {
    let mut literal = String::new();
    let mut rest = gap;
    while let Some(c) = rest.chars().next() {
        if c == '#' {
            let end = rest.find('\n').unwrap_or(rest.len());
            comments.push(rest[..end].trim_end().to_string());
            rest = &rest[end..];
        } else {
            if !c.is_whitespace() && c != ';' {
                literal.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    literal
}
