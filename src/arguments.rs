//! The command line, as clap reads it. Commands are in alphabetical order.

use crate::emit::Target;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "lvsc", version, about = "Compile .lvs load-balancer definitions for Linux IPVS", long_about = None)]
pub struct Arguments {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, env = "LVSC_COLOR")]
    pub color: Color,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and check files; print every diagnostic.
    Check {
        /// `.lvs` files (`-` reads standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// How to print diagnostics: `human` (stderr), or on stdout `json` (one object per
        /// line), `sarif` (SARIF 2.1.0, for code scanning) or `github` (Actions annotations).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        strictness: Strictness,
    },
    /// Check a file and write one target's output.
    Compile {
        /// The `.lvs` file (`-` reads standard input).
        file: PathBuf,
        /// What to write.
        #[arg(long, short, value_enum, default_value_t = Target::Ipvsadm)]
        target: Target,
        /// Where to write it (`-` or nothing: standard output). Written whole or not at all.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// `realserver` target: only the script of this real server.
        #[arg(long)]
        host: Option<std::net::IpAddr>,
        #[command(flatten)]
        strictness: Strictness,
    },
    /// Print a shell completion script (`lvsc completions bash > /etc/bash_completion.d/lvsc`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Internal forms of a file, for debugging lvsc itself.
    #[command(hide = true)]
    Debug {
        #[arg(value_enum)]
        stage: DebugStage,
        file: PathBuf,
    },
    /// Print the man page (roff): `lvsc man > /usr/share/man/man1/lvsc.1`.
    Man,
    /// Rewrite files in the canonical layout (comments kept); `-` formats stdin to stdout.
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing: print the diff and exit 1 when a file is not formatted.
        #[arg(long)]
        check: bool,
    },
    /// Convert `ipvsadm-save` / `ipvsadm -S` text or a keepalived.conf into an equivalent `.lvs` file.
    Import {
        /// The input (`-` or nothing: standard input).
        file: Option<PathBuf>,
        /// What the input is; by default, a keepalived.conf when it has `virtual_server`.
        #[arg(long, value_enum)]
        from: Option<ImportFormat>,
        /// Where to write the `.lvs` file (`-` or nothing: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// What changes between two definitions, in terms of the IPVS table; exit 1 when they differ.
    Diff {
        /// The old definition: a file, or `REV:PATH` from git (`HEAD~1:lb.lvs`).
        old: String,
        /// The new definition: a file, or `REV:PATH` from git.
        new: String,
    },
    /// Explain a diagnostic code (`E020` or `duplicate-service`); without one, list them all.
    Explain { code: Option<String> },
}

#[derive(Debug, clap::Args)]
pub struct Strictness {
    /// `--deny warnings` makes warnings errors.
    #[arg(long, value_enum)]
    pub deny: Vec<Deny>,
}

impl Strictness {
    pub fn deny_warnings(&self) -> bool {
        self.deny.contains(&Deny::Warnings)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Ipvsadm,
    Keepalived,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DebugStage {
    Ast,
    Model,
}
