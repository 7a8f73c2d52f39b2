//! Shows a change to a reviewer: the [`TableDiff`] one line per change with its risks
//! flagged, the unified diff of the compiled ipvsadm text, and the operations numbered.

use super::{DestinationChange, Operation, Plan, Risk, ServiceChange, TableDiff};
use crate::emit::{emit, Target};
use std::fmt::Write;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

struct Paint(bool);

impl Paint {
    fn paint(&self, color: &str, text: &str) -> String {
        if self.0 {
            format!("{color}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// The semantic changes, one per line: `+` added, `-` removed, `~` changed, `!` risks.
pub fn render_changes(diff: &TableDiff, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let risk = |out: &mut String, r: Risk, indent: &str| {
        let _ = writeln!(out, "{indent}{}", p.paint(YELLOW, &format!("! risk: {r}")));
    };
    for change in &diff.services {
        match change {
            ServiceChange::Added(s) => {
                let _ = writeln!(
                    out,
                    "{}",
                    p.paint(
                        GREEN,
                        &format!(
                            "+ service {} (scheduler {}, persistence {})",
                            s.key,
                            s.scheduler_text(),
                            s.persistence_text()
                        )
                    )
                );
                for d in &s.destinations {
                    let _ = writeln!(out, "    {}", p.paint(GREEN, &format!("+ backend {d}")));
                }
            }
            ServiceChange::Removed { service: s, moved_to } => {
                let _ = writeln!(
                    out,
                    "{}",
                    p.paint(RED, &format!("- service {} ({} backends)", s.key, s.destinations.len()))
                );
                match moved_to {
                    Some(to) => {
                        let _ = writeln!(out, "    moves to {to}");
                        risk(&mut out, Risk::ServiceMoved, "    ");
                    }
                    None => risk(&mut out, Risk::ServiceRemoved, "    "),
                }
            }
            ServiceChange::Changed { new: service, attributes, destinations, .. } => {
                let _ = writeln!(out, "{}", p.paint(CYAN, &format!("~ service {}", service.key)));
                for (a, r) in attributes {
                    let _ = writeln!(out, "    ~ {}: {} → {}", a.name, a.old, a.new);
                    if let Some(r) = r {
                        risk(&mut out, *r, "      ");
                    }
                }
                for d in destinations {
                    match d {
                        DestinationChange::Added(d) => {
                            let _ = writeln!(out, "    {}", p.paint(GREEN, &format!("+ backend {d}")));
                        }
                        DestinationChange::Removed(d, r) => {
                            let _ = writeln!(out, "    {}", p.paint(RED, &format!("- backend {d}")));
                            if let Some(r) = r {
                                risk(&mut out, *r, "      ");
                            }
                        }
                        DestinationChange::Changed { new, attributes, .. } => {
                            let what: Vec<String> =
                                attributes.iter().map(|a| format!("{} {} → {}", a.name, a.old, a.new)).collect();
                            let _ = writeln!(
                                out,
                                "    ~ backend {}: {}",
                                crate::model::endpoint(&new.address, new.port),
                                what.join(", ")
                            );
                        }
                    }
                }
            }
        }
    }
    for a in &diff.settings() {
        let _ = writeln!(out, "{}", p.paint(CYAN, &format!("~ {}: {} → {}", a.name, a.old, a.new)));
    }
    for h in &diff.health {
        let line = format!("~ health of {}: {}: {} → {}", h.subject, h.name, h.old, h.new);
        let _ = writeln!(out, "{}", p.paint(CYAN, &line));
        if let Some(r) = h.risk {
            risk(&mut out, r, "    ");
        }
    }
    out
}

/// A plan as `plan` and `apply` show it: the same changes and risks `diff` shows, the
/// unified diff of the two tables' ipvsadm text, then the operations.
pub fn render_plan(plan: &Plan, live_name: &str, file: &str, color: bool) -> String {
    let mut out = render_changes(&plan.diff, color);
    let (live, desired) = (&plan.live, &plan.desired);
    let unified = match super::table_text::table_hunks(live, desired) {
        Some(hunks) => present_unified(hunks, live_name, file, color),
        None => render_unified(&emit(live, Target::Ipvsadm), &emit(desired, Target::Ipvsadm), live_name, file, color),
    };
    for part in [unified, render_operations(&plan.operations)] {
        if !out.is_empty() && !part.is_empty() {
            out.push('\n');
        }
        out.push_str(&part);
    }
    out
}

/// How many operations `apply` lists one by one; above it, it prints [`render_summary`]
/// (listing 22,000 operations three ways cost more than carrying them out, and helps no
/// reader). `plan` always lists everything.
pub const LISTED_AT_MOST: usize = 1000;

/// A large plan in a few lines: the changes counted by kind, every risk with its subject,
/// and the operations counted by kind.
pub fn render_summary(plan: &Plan, color: bool) -> String {
    let p = Paint(color);
    let (mut added, mut added_backends, mut removed, mut changed) = (0, 0, 0, 0);
    let (mut backends_added, mut backends_removed, mut backends_changed) = (0, 0, 0);
    let mut out = String::new();
    for change in &plan.diff.services {
        match change {
            ServiceChange::Added(s) => {
                added += 1;
                added_backends += s.destinations.len();
            }
            ServiceChange::Removed { service, moved_to } => {
                removed += 1;
                let r = if moved_to.is_some() { Risk::ServiceMoved } else { Risk::ServiceRemoved };
                let _ = writeln!(out, "{}", p.paint(YELLOW, &format!("! risk at {}: {r}", service.key)));
            }
            ServiceChange::Changed { new, attributes, destinations, .. } => {
                changed += 1;
                for (a, r) in attributes {
                    if let Some(r) = r {
                        let _ =
                            writeln!(out, "{}", p.paint(YELLOW, &format!("! risk at {} ({}): {r}", new.key, a.name)));
                    }
                }
                for d in destinations {
                    match d {
                        DestinationChange::Added(_) => backends_added += 1,
                        DestinationChange::Changed { .. } => backends_changed += 1,
                        DestinationChange::Removed(d, r) => {
                            backends_removed += 1;
                            if let Some(r) = r {
                                let at = crate::model::endpoint(&d.address, d.port);
                                let _ = writeln!(
                                    out,
                                    "{}",
                                    p.paint(YELLOW, &format!("! risk at {at} of {}: {r}", new.key))
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    let mut text = format!(
        "services: {added} added ({added_backends} backends), {removed} removed, {changed} changed \
         (backends: {backends_added} added, {backends_removed} removed, {backends_changed} changed)\n"
    );
    for a in &plan.diff.settings() {
        let _ = writeln!(text, "~ {}: {} → {}", a.name, a.old, a.new);
    }
    text.push_str(&out);
    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    for operation in &plan.operations {
        match kinds.iter_mut().find(|(k, _)| *k == operation.kind()) {
            Some((_, n)) => *n += 1,
            None => kinds.push((operation.kind(), 1)),
        }
    }
    let counted: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(text, "{} operations: {} (`lvsc plan` lists each)", plan.operations.len(), counted.join(", "));
    text
}

/// The operations, numbered, or a line saying there are none.
pub fn render_operations(operations: &[Operation]) -> String {
    if operations.is_empty() {
        return "No changes: the table is as the file says.\n".to_string();
    }
    let plural = if operations.len() == 1 { "" } else { "s" };
    let mut out = format!("{} operation{plural}:\n", operations.len());
    for (i, operation) in operations.iter().enumerate() {
        let _ = writeln!(out, "{:>5}. {operation}", i + 1);
    }
    out
}

/// The unified diff of two texts, with `old` and `new` as the file names.
pub fn render_unified(old: &str, new: &str, old_name: &str, new_name: &str, color: bool) -> String {
    present_unified(super::unified::unified_hunks(old, new, super::unified::CONTEXT), old_name, new_name, color)
}

/// Hunks under their `---`/`+++` header, coloured when asked; nothing when there are none.
fn present_unified(hunks: String, old_name: &str, new_name: &str, color: bool) -> String {
    if hunks.is_empty() {
        return hunks;
    }
    let unified = format!("--- {old_name}\n+++ {new_name}\n{hunks}");
    if !color {
        return unified;
    }
    let p = Paint(true);
    unified
        .lines()
        .map(|line| match line.chars().next() {
            Some('+') if !line.starts_with("+++") => p.paint(GREEN, line),
            Some('-') if !line.starts_with("---") => p.paint(RED, line),
            Some('@') => p.paint(CYAN, line),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
