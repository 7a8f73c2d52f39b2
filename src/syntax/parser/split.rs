//! Where a large file can be cut for parsing on several threads. A guess, checked after
//! the fact: a cut counts only where the run before it ended (see [`super::parse`]), so a
//! wrong guess costs time, never a different result.

/// Below this size a file is parsed on one thread: starting threads would cost more.
const PARALLEL_FROM: usize = 128 * 1024;
/// More threads than this gain little: the runs' results are joined on one.
const THREADS_AT_MOST: usize = 8;

/// Starts for the runs after the first: one per further thread, each the first line after
/// an even share of the text that begins a top-level statement or the comment above one
/// (a lowercase word or a `#` at the start of a line, after a closing brace and only
/// white space).
pub(super) fn run_starts(text: &str) -> Vec<usize> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(THREADS_AT_MOST);
    if threads < 2 || text.len() < PARALLEL_FROM {
        return Vec::new();
    }
    let mut starts: Vec<usize> = (1..threads).filter_map(|k| statement_after(text, k * text.len() / threads)).collect();
    starts.dedup();
    starts
}

/// Whether a run that stopped at `end` meets the run starting at `start`: only white
/// space (which includes `;`) lies between.
pub(super) fn joins(text: &str, end: usize, start: usize) -> bool {
    end <= start && text.as_bytes()[end..start].iter().all(|b| is_blank(*b))
}

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b';')
}

/// The first likely statement start at or after `at`.
fn statement_after(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut line = at + memchr_newline(&bytes[at..])? + 1;
    while line < bytes.len() {
        let before = bytes[..line].iter().rposition(|b| !is_blank(*b));
        let starts_statement = bytes[line].is_ascii_lowercase() || bytes[line] == b'#';
        if starts_statement && before.is_some_and(|i| bytes[i] == b'}') {
            return Some(line);
        }
        line += memchr_newline(&bytes[line..])? + 1;
    }
    None
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_is_a_statement_after_a_closing_brace() {
        let text = "cluster a {\n  backend 10.0.0.1\n}\n\ncluster b {\n  backend 10.0.0.2\n}\n";
        let b = text.find("cluster b").expect("cluster b is there");
        assert_eq!(statement_after(text, 0), Some(b));
        assert_eq!(statement_after(text, b), None);
    }

    #[test]
    fn a_comment_above_a_statement_is_a_place_to_cut_but_not_the_line_after_it() {
        let text = "cluster a {\n}\n# b\ncluster b {\n}\n";
        assert_eq!(statement_after(text, 0), text.find("# b"));
        assert_eq!(statement_after(text, text.find("# b").expect("the comment")), None);
    }

    #[test]
    fn runs_join_over_white_space_only() {
        let text = "}\n ;\ncluster";
        assert!(joins(text, 1, 5));
        assert!(!joins(text, 0, 5));
        assert!(!joins(text, 6, 5));
    }
}

/// Wherever the cuts fall — item starts, mid-word, inside strings and comments, in
/// files with syntax errors — the parse is the one-run parse.
#[cfg(test)]
mod cuts_never_change_the_parse {
    use super::super::parse_cut;
    use crate::source::FileId;
    use proptest::prelude::*;
    use std::path::Path;

    fn sources(patterns: &[&str]) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for pattern in patterns {
            for path in glob::glob(&root.join(pattern).to_string_lossy()).expect("a valid pattern").flatten() {
                texts.push(std::fs::read_to_string(path).expect("a readable fixture"));
            }
        }
        texts
    }

    fn parsed(text: &str, starts: &[usize]) -> String {
        format!("{:?}", parse_cut(FileId(0), text, starts))
    }

    proptest! {
        #[test]
        fn anywhere(which in any::<prop::sample::Index>(), cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6)) {
            let texts = sources(&["examples/**/*.lvs", "tests/fixtures/**/*.lvs"]);
            let text = &texts[which.index(texts.len())];
            let mut starts: Vec<usize> = cuts.iter().map(|c| c.index(text.len() + 1)).collect();
            starts.sort_unstable();
            starts.dedup();
            starts.retain(|&s| s > 0);
            prop_assert_eq!(parsed(text, &starts), parsed(text, &[]));
        }
    }

    #[test]
    fn at_the_guessed_starts_of_a_large_file() {
        let mut text = String::new();
        for example in sources(&["examples/*.lvs"]) {
            text.push_str(&example);
            text.push('\n');
        }
        let starts: Vec<usize> = (1..8).filter_map(|k| super::statement_after(&text, k * text.len() / 8)).collect();
        assert!(starts.len() > 3, "the examples give cut points");
        let whole = parse_cut(FileId(0), &text, &[]).expect("the examples parse");
        assert!(whole.items.len() > 20);
        assert_eq!(parsed(&text, &starts), parsed(&text, &[]));
    }
}
