//! The unified diff of two tables' ipvsadm text — what [`super::render_unified`] of both
//! whole texts shows — formatting only the services near a change. A plan that reweights
//! 1% of a 22,000-line table used to write out both tables in full (a third of what such
//! a plan cost) to show 400 lines. A service equal on both sides and more than
//! [`CONTEXT`] services from any change is folded into one line standing for its block;
//! no hunk can reach a folded line, and if one ever would, the caller renders in full.

use super::unified::{hunks_of_lines, CONTEXT, FOLDED};
use crate::emit::{service_spec, write_service_block, write_settings};
use crate::model::{Config, Service, ServiceKey};
use std::collections::{HashMap, HashSet};

/// The hunks (without the `---`/`+++` header), empty when the texts are equal; `None`
/// when a folded service would have to be shown.
pub(super) fn table_hunks(old: &Config, new: &Config) -> Option<String> {
    let old_by_key: HashMap<ServiceKey, &Service> = old.services.iter().map(|s| (s.key, s)).collect();
    let new_by_key: HashMap<ServiceKey, &Service> = new.services.iter().map(|s| (s.key, s)).collect();
    let (old_tail, new_tail) = (settings_text(old), settings_text(new));
    if old.services == new.services && old_tail == new_tail {
        // Equal tables: no text to build, none to compare.
        return Some(String::new());
    }
    let mut near = HashSet::new();
    near_changes(&old.services, &new_by_key, old_tail != new_tail, &mut near);
    near_changes(&new.services, &old_by_key, old_tail != new_tail, &mut near);
    let old_text = Folded::of(&old.services, &near, old_tail);
    let new_text = Folded::of(&new.services, &near, new_tail);
    let (old_lines, new_lines) = (old_text.lines(), new_text.lines());
    hunks_of_lines(&old_lines, &new_lines, CONTEXT, |i| old_text.numbers[i], |i| new_text.numbers[i])
}

/// Adds to `near` every service of `services` within [`CONTEXT`] services of one that is
/// not the same in `other` (and the last ones, when the lines after the services differ).
fn near_changes(
    services: &[Service],
    other: &HashMap<ServiceKey, &Service>,
    tails_differ: bool,
    near: &mut HashSet<ServiceKey>,
) {
    let mut changed: Vec<usize> =
        (0..services.len()).filter(|&i| other.get(&services[i].key) != Some(&&services[i])).collect();
    if tails_differ {
        changed.push(services.len());
    }
    for i in changed {
        let from = i.saturating_sub(CONTEXT);
        let to = (i + CONTEXT).min(services.len().saturating_sub(1));
        near.extend(services.iter().take(to + 1).skip(from).map(|s| s.key));
    }
}

fn settings_text(config: &Config) -> String {
    let mut text = String::new();
    write_settings(&mut text, config);
    text
}

/// One side's text with the services far from any change folded, and for each of its
/// lines (and one past the last) the line number it stands at in the whole text.
struct Folded {
    text: String,
    numbers: Vec<usize>,
}

impl Folded {
    fn of(services: &[Service], near: &HashSet<ServiceKey>, tail: String) -> Folded {
        let mut text = String::new();
        let mut numbers = Vec::new();
        let mut line = 0;
        for service in services {
            let lines = 1 + service.destinations.len();
            if near.contains(&service.key) {
                write_service_block(&mut text, service);
                numbers.extend(line..line + lines);
            } else {
                // The service spec names it on both sides alike, and nothing else.
                text.push(FOLDED);
                text.push_str(&service_spec(&service.key));
                text.push('\n');
                numbers.push(line);
            }
            line += lines;
        }
        let tail_lines = tail.lines().count();
        text.push_str(&tail);
        numbers.extend(line..=line + tail_lines);
        Folded { text, numbers }
    }

    fn lines(&self) -> Vec<&str> {
        self.text.split_inclusive('\n').collect()
    }
}

#[cfg(test)]
mod tests {
    use super::table_hunks;
    use crate::change::unified::unified_hunks;
    use crate::emit::{emit, Target};
    use crate::model::Config;
    use proptest::prelude::*;
    use std::fmt::Write;
    use std::path::Path;

    /// A table from (service number, backends as (number, weight)) and a tcp timeout.
    fn table(services: &[(u8, Vec<(u8, u8)>)], timeout: Option<u16>) -> Config {
        let mut text = String::from("director { gateway 10.128.0.0/9 }\n");
        if let Some(t) = timeout {
            let _ = writeln!(text, "timeouts {{ tcp {t} }}");
        }
        for (s, backends) in services {
            let _ = writeln!(text, "cluster s{s} {{\n vip 10.0.0.{s}\n port tcp 80\n forward nat");
            for (b, w) in backends {
                let _ = writeln!(text, " backend 10.128.{s}.{b}:8080 weight {w}");
            }
            text.push_str("}\n");
        }
        let loaded = crate::syntax::load("t.lvs", Path::new("t.lvs"), text);
        crate::check::check(&loaded).config.expect("the generated table checks")
    }

    fn services() -> impl Strategy<Value = Vec<(u8, Vec<(u8, u8)>)>> {
        prop::collection::btree_map(1u8..40, prop::collection::btree_map(1u8..6, 1u8..3, 0..4), 0..14)
            .prop_map(|m| m.into_iter().map(|(s, b)| (s, b.into_iter().collect())).collect())
    }

    proptest! {
        /// Folded or not, the hunks are those of the two whole texts.
        #[test]
        fn as_the_whole_texts_show(old in services(), new in services(), old_t in prop::option::of(1u16..9), new_t in prop::option::of(1u16..9)) {
            let (old, new) = (table(&old, old_t), table(&new, new_t));
            let whole = unified_hunks(&emit(&old, Target::Ipvsadm), &emit(&new, Target::Ipvsadm), 3);
            prop_assert_eq!(table_hunks(&old, &new), Some(whole));
        }
    }

    proptest! {
        /// A few changes to a larger table, where most of it folds.
        #[test]
        fn as_the_whole_texts_show_after_a_few_changes(
            old in prop::collection::btree_map(1u8..200, prop::collection::btree_map(1u8..6, 1u8..3, 0..4), 20..60),
            changes in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3), 1..4),
        ) {
            let old: Vec<(u8, Vec<(u8, u8)>)> = old.into_iter().map(|(s, b)| (s, b.into_iter().collect())).collect();
            let mut new = old.clone();
            for (at, kind) in changes {
                let i = at.index(new.len());
                match kind {
                    0 => new[i].1.iter_mut().take(1).for_each(|(_, w)| *w = 3 - *w),
                    1 => { new.remove(i); }
                    _ => { let b = 9 + new[i].1.len() as u8; new[i].1.push((b, 1)) }
                }
                if new.is_empty() { break; }
            }
            let (old, new) = (table(&old, None), table(&new, None));
            let whole = unified_hunks(&emit(&old, Target::Ipvsadm), &emit(&new, Target::Ipvsadm), 3);
            prop_assert_eq!(table_hunks(&old, &new), Some(whole));
        }
    }

    /// A table with changes far apart folds what lies between them.
    #[test]
    fn folds_between_distant_changes() {
        let mut old: Vec<(u8, Vec<(u8, u8)>)> = (1..30).map(|s| (s, vec![(1, 1), (2, 1)])).collect();
        let old_table = table(&old, None);
        old[2].1[0].1 = 2;
        old[25].1[1].1 = 2;
        let new_table = table(&old, None);
        let whole = unified_hunks(&emit(&old_table, Target::Ipvsadm), &emit(&new_table, Target::Ipvsadm), 3);
        assert_eq!(whole.matches("@@ -").count(), 2);
        assert_eq!(table_hunks(&old_table, &new_table), Some(whole));
    }
}
