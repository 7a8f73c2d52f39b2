//! Carries out a plan: in batches, recording which operations the kernel accepted. If any
//! is refused, everything already done is undone, newest first, so the table ends as it
//! began; the error names the operation and the kernel's reason. If the kernel's answers
//! were lost (the socket failed mid-batch), nothing is known of what it did: the table is
//! read again and brought back to the snapshot taken before the apply.
//!
//! With draining, departing destinations are set to weight 0 first, and their deletion
//! waits until their active connections reach zero or the drain time passes.

use super::connection::{Connection, KernelError};
use super::dump::{dump, Cores};
use super::translate::request;
use crate::change::{compare, operations, Operation, Scope};
use crate::model::Config;
use std::time::{Duration, Instant};

/// Why an apply did not complete.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{0}")]
    Kernel(#[from] KernelError),
    #[error("the kernel refused `{operation}`: {reason}; {undone}")]
    Refused { operation: String, reason: String, undone: String },
    #[error("{reason}; {undone}")]
    Lost { reason: String, undone: String },
}

/// What an apply did.
#[derive(Debug, Default)]
pub struct Applied {
    pub operations: usize,
    pub drained: usize,
    pub waited: Duration,
    /// From the first request to the last acknowledgement, drain waits included.
    pub elapsed: Duration,
    /// Of that, the kernel's own work (see [`Connection::kernel_time`]).
    pub kernel: Duration,
}

/// Carries out `operations` on the table that `snapshot` was read from.
pub fn execute(
    connection: &mut Connection,
    operations: &[Operation],
    drain: Option<Duration>,
    snapshot: &Config,
) -> Result<Applied, ApplyError> {
    let started = Instant::now();
    let kernel_before = connection.kernel_time;
    let first_delete = operations
        .iter()
        .position(|o| matches!(o, Operation::DeleteDestination(..) | Operation::DeleteService(_)))
        .unwrap_or(operations.len());
    let (before, after) = operations.split_at(first_delete);
    let mut done: Vec<Operation> = Vec::new();
    run(connection, before, &mut done, snapshot)?;
    let mut applied = Applied { operations: 0, ..Applied::default() };
    let drained: Vec<&Operation> = before.iter().filter(|o| matches!(o, Operation::DrainDestination { .. })).collect();
    if let (Some(limit), false) = (drain, drained.is_empty()) {
        let started = Instant::now();
        applied.drained = drained.len();
        if let Err(e) = wait_for_drain(connection, &drained, limit) {
            rollback(connection, &done);
            return Err(e.into());
        }
        applied.waited = started.elapsed();
    }
    run(connection, after, &mut done, snapshot)?;
    applied.operations = done.len();
    applied.elapsed = started.elapsed();
    applied.kernel = connection.kernel_time - kernel_before;
    Ok(applied)
}

/// Runs operations; on a refusal, undoes `done` and these, and says so.
fn run(
    connection: &mut Connection,
    operations: &[Operation],
    done: &mut Vec<Operation>,
    snapshot: &Config,
) -> Result<(), ApplyError> {
    if operations.is_empty() {
        return Ok(());
    }
    let messages: Vec<_> = operations.iter().map(request).collect();
    let outcomes = match connection.execute(messages) {
        Ok(outcomes) => outcomes,
        Err(e) => {
            let undone = match restore(snapshot) {
                Ok(()) => "the table was read again and put back as it was".to_string(),
                Err(why) => format!("putting the table back failed too ({why}): check it with `lvsc plan`"),
            };
            return Err(ApplyError::Lost { reason: e.to_string(), undone });
        }
    };
    let mut refused = None;
    for (operation, outcome) in operations.iter().zip(outcomes) {
        match outcome {
            Ok(()) => done.push(operation.clone()),
            Err(e) if refused.is_none() => refused = Some((operation.to_string(), e)),
            Err(_) => {}
        }
    }
    let Some((operation, reason)) = refused else { return Ok(()) };
    let undone = match rollback(connection, done) {
        0 => "every change already made was undone: the table is as it was".to_string(),
        n => format!("{n} of the changes could not be undone (see above)"),
    };
    Err(ApplyError::Refused {
        operation,
        reason: match reason {
            KernelError::Refused(why) => why.to_string(),
            other => other.to_string(),
        },
        undone,
    })
}

/// Undoes `done`, newest first; returns how many inverses failed.
fn rollback(connection: &mut Connection, done: &[Operation]) -> usize {
    let inverses: Vec<Operation> = done.iter().rev().flat_map(Operation::inverse).collect();
    let messages: Vec<_> = inverses.iter().map(request).collect();
    match connection.execute(messages) {
        Ok(outcomes) => {
            let mut failed = 0;
            for (operation, outcome) in inverses.iter().zip(outcomes) {
                if let Err(e) = outcome {
                    say(&format!("lvsc: rollback: `{operation}` failed: {e}\n"));
                    failed += 1;
                }
            }
            failed
        }
        Err(e) => {
            say(&format!("lvsc: rollback failed: {e}\n"));
            inverses.len().max(1)
        }
    }
}

/// Reads the table on a fresh socket (the old one may still hold stray replies) and
/// carries out the plan back to `snapshot`.
fn restore(snapshot: &Config) -> Result<(), RestoreError> {
    let mut connection = Connection::open()?;
    let live = dump(&mut connection, Cores::Free)?;
    let back = operations(&compare(&live.config, snapshot), Scope::default());
    let messages: Vec<_> = back.iter().map(request).collect();
    let outcomes = connection.execute(messages)?;
    match back.iter().zip(outcomes).find_map(|(o, r)| r.err().map(|e| (o.to_string(), e))) {
        Some((operation, reason)) => Err(RestoreError::Refused { operation, reason }),
        None => Ok(()),
    }
}

/// Why the table could not be put back after lost replies.
#[derive(Debug, thiserror::Error)]
enum RestoreError {
    #[error("{0}")]
    Kernel(#[from] KernelError),
    #[error("`{operation}`: {reason}")]
    Refused { operation: String, reason: KernelError },
}

fn wait_for_drain(connection: &mut Connection, drained: &[&Operation], limit: Duration) -> Result<(), KernelError> {
    let deadline = Instant::now() + limit;
    loop {
        let live = dump(connection, Cores::Free)?;
        let busy = drained.iter().any(|o| match o {
            Operation::DrainDestination { key, destination } => {
                live.active.get(&(*key, destination.address, destination.port)).is_some_and(|n| *n > 0)
            }
            _ => false,
        });
        if !busy || Instant::now() >= deadline {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Tells the operator at once what a rollback could not undo; a closed stderr is ignored.
fn say(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
