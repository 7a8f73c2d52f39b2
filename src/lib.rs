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

// pest is built without its `std` feature (which adds a stack probe to every grammar rule:
// ~10% of parsing, measured, for a grammar that does not recurse); its derive then names
// `alloc` from the crate root.
extern crate alloc;

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
