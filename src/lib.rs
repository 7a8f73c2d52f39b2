//! lvsc compiles `.lvs` load-balancer definitions into everything a Linux IPVS director
//! needs. The pipeline, one module per stage:
//!
//! ```text
//! syntax (text → spanned AST) → check (resolve, validate, lint) → model (the IPVS table)
//!                                                                   → emit (one module per target)
//! ```
//!
//! [`compile`] runs the front half; the command-line program is a thin layer over it.

pub mod check;
pub mod diagnostic;
pub mod emit;
pub mod model;
pub mod source;
pub mod syntax;

pub use check::{check, Checked};
pub mod change;
pub mod import;
pub mod kernel;
