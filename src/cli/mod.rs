//! The command-line layer: clap's model of the arguments and one module per command.
//! Only the binary knows it; the library (`lvsc::…`) is usable without clap.

pub mod arguments;
pub mod commands;
