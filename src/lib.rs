//! lvsc compiles `.lvs` load-balancer definitions into everything a Linux IPVS director
//! needs. The pipeline, one module per stage (ARCHITECTURE.md has the whole table):
//!
//! ```text
//! syntax (text → spanned AST) → check (resolve, validate, lint) → model (the IPVS table)
//!     → emit (one module per target)
//!     → change (compare two models: diff, risks, operations) → kernel (dump, execute)
//! ```
//!
//! [`syntax::load`] and [`check()`] run the front half; `import` reads other formats into
//! the model. The command-line program (`src/main.rs`, `src/cli/`) is a thin layer over
//! this library, which does not know clap.

pub mod change;
pub mod check;
pub mod diagnostic;
pub mod emit;
pub mod import;
pub mod kernel;
pub mod model;
pub mod source;
pub mod syntax;

pub use check::{check, Checked};
