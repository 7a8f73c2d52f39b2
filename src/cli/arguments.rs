//! The command line, as clap reads it. Commands are listed in the order `--help` shows
//! them: the everyday ones (check, apply, compile) first.

use clap::{Parser, Subcommand, ValueEnum};
use lvsc::emit::Target;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "lvsc", version, about = "Compile .lvs load-balancer definitions for Linux IPVS", long_about = None)]
pub struct Arguments {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, env = "LVSC_COLOR")]
    pub color: Color,
    /// A directory `include` may also read from; by default includes stay inside the root
    /// file's directory tree (a file from a pull request must not read the host's files).
    #[arg(long, global = true, value_name = "DIR", env = "LVSC_INCLUDE_ROOT", value_delimiter = ':')]
    pub include_root: Vec<PathBuf>,
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
    /// Change the live IPVS table to the file's, only where it differs; never a flush.
    Apply {
        file: PathBuf,
        /// Do not ask for confirmation (needed without a terminal).
        #[arg(long)]
        yes: bool,
        /// Set departing backends to weight 0 and wait (up to this long: `30s`, `5m`) for
        /// their active connections to end before deleting them.
        #[arg(long, value_parser = parse_duration)]
        drain: Option<std::time::Duration>,
        /// Leave services and daemons that the file does not mention.
        #[arg(long)]
        keep_unmanaged: bool,
        /// Allow emptying the live table or removing most of its services (refused by
        /// default: that is what an empty or truncated file does).
        #[arg(long)]
        allow_mass_removal: bool,
        /// Apply although keepalived runs virtual servers in this network namespace (it owns
        /// that table: refused by default, so that two writers never undo each other).
        #[arg(long)]
        allow_keepalived: bool,
    },
    /// Check a file and write one target's output.
    Compile {
        /// The `.lvs` file (`-` reads standard input).
        file: PathBuf,
        /// What to write.
        #[arg(long, short, value_enum, default_value_t = TargetArg(Target::Ipvsadm))]
        target: TargetArg,
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
        /// `plan`: the saved `ipvsadm-save -n` table to plan from (default: an empty table).
        #[arg(long)]
        against: Option<PathBuf>,
    },
    /// What `apply` would change: the diff from the live table and the operations.
    Plan {
        file: PathBuf,
        /// Compare with a saved `ipvsadm-save -n` file instead of the live table.
        #[arg(long)]
        against: Option<PathBuf>,
        /// Exit 1 when changes are pending (for CI and cron drift checks).
        #[arg(long)]
        exit_code: bool,
        /// Leave services and daemons that the file does not mention.
        #[arg(long)]
        keep_unmanaged: bool,
    },
    /// Print a man page (roff): `lvsc man > lvsc.1`, `lvsc man compile > lvsc-compile.1`.
    Man {
        /// The command whose page to print (`lvsc-COMMAND(1)`); none: lvsc(1).
        command: Option<String>,
    },
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
        /// What the input is; by default, told by its structure.
        #[arg(long, value_enum)]
        from: Option<ImportFormat>,
        /// Where to write the `.lvs` file (`-` or nothing: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// keepalived's config id (`keepalived -i`), which picks its `@ID` and `@^ID` lines;
        /// by default, as keepalived: this host's name up to the first dot.
        #[arg(long, value_name = "ID")]
        config_id: Option<String>,
    },
    /// Print the live IPVS table.
    Dump {
        #[arg(long, value_enum, default_value_t = DumpFormat::Lvs)]
        format: DumpFormat,
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
pub enum DumpFormat {
    Lvs,
    Ipvsadm,
    Json,
}

/// `30s`, `5m`, `1h`, or plain seconds.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let (digits, factor) = match text.chars().last() {
        Some('s') => (&text[..text.len() - 1], 1),
        Some('m') => (&text[..text.len() - 1], 60),
        Some('h') => (&text[..text.len() - 1], 3600),
        _ => (text, 1),
    };
    digits
        .parse::<u64>()
        .map(|n| std::time::Duration::from_secs(n * factor))
        .map_err(|_| format!("`{text}` is not a duration (`30s`, `5m`, `1h`)"))
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

/// The named forms of the pipeline (ARCHITECTURE.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DebugStage {
    Ast,
    Model,
    Plan,
}

/// A compile target as clap offers it: the library's list, names and descriptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetArg(pub Target);

impl ValueEnum for TargetArg {
    fn value_variants<'a>() -> &'a [Self] {
        const VARIANTS: [TargetArg; Target::ALL.len()] = {
            let mut variants = [TargetArg(Target::Ipvsadm); Target::ALL.len()];
            let mut i = 0;
            while i < Target::ALL.len() {
                variants[i] = TargetArg(Target::ALL[i]);
                i += 1;
            }
            variants
        };
        &VARIANTS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

impl std::fmt::Display for TargetArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}
