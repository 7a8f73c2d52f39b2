//! Syntax: `.lvs` text to a spanned AST, and the include graph that joins files.

pub mod ast;
pub mod format;
mod loader;
mod parser;
mod syntax_error;

pub use loader::{load, load_with, Loaded, ReadFile};
pub use parser::{grammar_only, parse};
