//! The unified diff of two texts, in time that stays near-linear for the diffs a plan
//! shows. Myers' algorithm takes time proportional to lines × differences, so a plan that
//! adds 20,000 backends spent seconds in it. A line found in only one of the texts can
//! never be part of their longest common subsequence: such lines are set aside first (as
//! GNU diff and git do), Myers runs on the lines both texts share (for two canonically
//! sorted tables, the same sequence), and the set-aside lines come back as deletions and
//! insertions where they stood. The diff is as short as Myers' on the whole texts.

use similar::{capture_diff_slices, group_diff_ops, udiff::UnifiedHunkHeader, Algorithm, ChangeTag, DiffOp};
use std::collections::HashSet;
use std::fmt::Write;

/// Lines of context around each change, as `diff -u` shows them.
pub(super) const CONTEXT: usize = 3;

/// The hunks of the unified diff of `old` and `new` (without the `---`/`+++` header),
/// `context` lines around each change; empty when the texts are equal.
pub fn unified_hunks(old: &str, new: &str, context: usize) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    hunks_of_lines(&old_lines, &new_lines, context, |i| i, |i| i).unwrap_or_default()
}

/// The hunks of the unified diff of two texts given as lines, where line `i` of each is
/// line `old_number(i)` / `new_number(i)` of what the reader is shown (the texts may stand
/// for longer ones, unchanged stretches folded into one line each, starting with
/// [`FOLDED`]); both maps take one index past the last line. `None` when a folded line
/// would have to be shown.
pub(super) fn hunks_of_lines(
    old_lines: &[&str],
    new_lines: &[&str],
    context: usize,
    old_number: impl Fn(usize) -> usize,
    new_number: impl Fn(usize) -> usize,
) -> Option<String> {
    let ops = shortest_edit(old_lines, new_lines);
    let mut out = String::new();
    for hunk in group_diff_ops(ops, context) {
        let numbered: Vec<DiffOp> = hunk.iter().map(|op| renumbered(op, &old_number, &new_number)).collect();
        let _ = writeln!(out, "{}", UnifiedHunkHeader::new(&numbered));
        for op in &hunk {
            for change in op.iter_changes(old_lines, new_lines) {
                let sign = match change.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                };
                let line = change.value();
                if line.starts_with(FOLDED) {
                    return None;
                }
                out.push(sign);
                out.push_str(line);
                if !line.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    Some(out)
}

/// How a line that stands for several begins (no text lvsc shows has a NUL).
pub(super) const FOLDED: char = '\0';

/// `op` with its line indices as the reader counts them (its lengths stay: a hunk holds
/// no folded line).
fn renumbered(op: &DiffOp, old_number: impl Fn(usize) -> usize, new_number: impl Fn(usize) -> usize) -> DiffOp {
    match *op {
        DiffOp::Equal { old_index, new_index, len } => {
            DiffOp::Equal { old_index: old_number(old_index), new_index: new_number(new_index), len }
        }
        DiffOp::Delete { old_index, old_len, new_index } => {
            DiffOp::Delete { old_index: old_number(old_index), old_len, new_index: new_number(new_index) }
        }
        DiffOp::Insert { old_index, new_index, new_len } => {
            DiffOp::Insert { old_index: old_number(old_index), new_index: new_number(new_index), new_len }
        }
        DiffOp::Replace { old_index, old_len, new_index, new_len } => {
            DiffOp::Replace { old_index: old_number(old_index), old_len, new_index: new_number(new_index), new_len }
        }
    }
}

/// The edit script from `old` to `new`: Myers on the shared lines, everything else
/// deleted or inserted in place.
fn shortest_edit(old: &[&str], new: &[&str]) -> Vec<DiffOp> {
    let in_old: HashSet<&str> = old.iter().copied().collect();
    let in_new: HashSet<&str> = new.iter().copied().collect();
    let old_shared: Vec<usize> = (0..old.len()).filter(|&i| in_new.contains(old[i])).collect();
    let new_shared: Vec<usize> = (0..new.len()).filter(|&i| in_old.contains(new[i])).collect();
    let old_kept: Vec<&str> = old_shared.iter().map(|&i| old[i]).collect();
    let new_kept: Vec<&str> = new_shared.iter().map(|&i| new[i]).collect();
    let mut script = Script::default();
    for op in capture_diff_slices(Algorithm::Myers, &old_kept, &new_kept) {
        if let DiffOp::Equal { old_index, new_index, len } = op {
            for k in 0..len {
                script.equal_at(old_shared[old_index + k], new_shared[new_index + k]);
            }
        }
    }
    script.changed_until(old.len(), new.len());
    script.ops
}

/// Builds the edit script from the matched line pairs, in order.
#[derive(Default)]
struct Script {
    ops: Vec<DiffOp>,
    old_at: usize,
    new_at: usize,
}

impl Script {
    /// The pair (`old_index`, `new_index`) is equal; the lines before it not yet matched
    /// are deleted and inserted.
    fn equal_at(&mut self, old_index: usize, new_index: usize) {
        self.changed_until(old_index, new_index);
        self.old_at = old_index + 1;
        self.new_at = new_index + 1;
        match self.ops.last_mut() {
            Some(DiffOp::Equal { old_index: o, new_index: n, len })
                if *o + *len == old_index && *n + *len == new_index =>
            {
                *len += 1;
            }
            _ => self.ops.push(DiffOp::Equal { old_index, new_index, len: 1 }),
        }
    }

    /// The lines not yet matched before `old_index` are deleted, those before `new_index`
    /// inserted.
    fn changed_until(&mut self, old_index: usize, new_index: usize) {
        if old_index > self.old_at {
            self.ops.push(DiffOp::Delete {
                old_index: self.old_at,
                old_len: old_index - self.old_at,
                new_index: self.new_at,
            });
        }
        if new_index > self.new_at {
            self.ops.push(DiffOp::Insert { old_index, new_index: self.new_at, new_len: new_index - self.new_at });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unified_hunks;
    use proptest::prelude::*;

    fn text(lines: &[u8]) -> String {
        lines.iter().map(|l| format!("line {l}\n")).collect()
    }

    /// Lines kept (` `) and deleted (`-`) give back `old`; kept and inserted (`+`), `new`.
    fn sides(hunks: &str) -> (String, String) {
        let (mut old, mut new) = (String::new(), String::new());
        for line in hunks.lines().filter(|l| !l.starts_with("@@")) {
            let (sign, rest) = line.split_at(1);
            if sign != "+" {
                old.push_str(rest);
                old.push('\n');
            }
            if sign != "-" {
                new.push_str(rest);
                new.push('\n');
            }
        }
        (old, new)
    }

    fn changed_lines(unified: &str) -> usize {
        unified
            .lines()
            .filter(|l| (l.starts_with('-') || l.starts_with('+')) && !l.starts_with("---") && !l.starts_with("+++"))
            .count()
    }

    proptest! {
        /// Whole-context hunks rebuild both texts, and no diff is longer than Myers' on
        /// the whole texts (lines repeat here: the alphabet is small on purpose).
        #[test]
        fn rebuilds_both_texts_and_is_shortest(old in prop::collection::vec(0u8..12, 0..40), new in prop::collection::vec(0u8..12, 0..40)) {
            let (old, new) = (text(&old), text(&new));
            let hunks = unified_hunks(&old, &new, usize::MAX / 4);
            if old == new {
                prop_assert_eq!(hunks, "");
            } else {
                prop_assert_eq!(sides(&hunks), (old.clone(), new.clone()));
            }
            let myers = similar::TextDiff::from_lines(&old, &new).unified_diff().context_radius(3).to_string();
            prop_assert_eq!(changed_lines(&unified_hunks(&old, &new, 3)), changed_lines(&myers));
        }
    }

    #[test]
    fn marks_a_last_line_without_newline() {
        assert_eq!(
            unified_hunks("a\nb", "a\nc", 3),
            "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn a_table_against_its_services_alone_adds_every_backend_in_place() {
        let services = "-A s1\n-A s2\n";
        let table = "-A s1\n-a s1 b1\n-a s1 b2\n-A s2\n-a s2 b1\n";
        assert_eq!(
            unified_hunks(services, table, 0),
            "@@ -1,0 +2,2 @@\n+-a s1 b1\n+-a s1 b2\n@@ -2,0 +5 @@\n+-a s2 b1\n"
        );
    }
}
