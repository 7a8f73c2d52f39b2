//! Where a command's results go, never replacing what lvsc did not create.
//!
//! - Standard output (`-` or no path): a closed pipe is the reader's choice, not a failure.
//! - A regular file: written to a temporary file beside its real path (symlinks followed)
//!   and renamed over it, so a failure never leaves half a file; the file keeps its mode
//!   and owner, and the symlinks that lead to it stay links. A file with several hard
//!   links is rewritten in place instead, so that every name keeps seeing it. A read-only
//!   file is refused, as an editor would.
//! - A new file: created with the usual mode (0666 less the umask), as any tool's output.
//! - Anything else (a device such as `/dev/null`, a FIFO, `/dev/stdout`): written straight
//!   to, never replaced.
//! - Standard error: diagnostics and messages; a closed stderr is ignored, never a panic.

use std::fs::{self, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Why an output could not be written; the path is the one the user gave.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {}: {}", path.display(), lvsc::source::io_reason(source))]
    Io { path: PathBuf, source: io::Error },
    #[error("cannot write {}: it is read-only (make it writable first)", path.display())]
    ReadOnly { path: PathBuf },
    #[error("cannot write standard output: {0}")]
    Stdout(io::Error),
}

/// Writes `text` to `path` (`None` or `-`: standard output), whole or not at all.
pub fn write_output(path: Option<&Path>, text: &str) -> Result<(), String> {
    write_to(path, text).map_err(|e| e.to_string())
}

fn write_to(path: Option<&Path>, text: &str) -> Result<(), OutputError> {
    let path = match path {
        None => return write_stdout(text),
        Some(p) if p == Path::new("-") => return write_stdout(text),
        Some(p) => p,
    };
    let io_error = |source| OutputError::Io { path: path.to_path_buf(), source };
    // /dev/stdout, /dev/fd/N and /proc/self/fd/N name an open file of this process, which
    // may be a regular file the shell opened: write to it, as a shell redirection would.
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return write_in_place(path, text).map_err(io_error);
    }
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => {
            if meta.permissions().mode() & 0o222 == 0 {
                return Err(OutputError::ReadOnly { path: path.to_path_buf() });
            }
            if meta.nlink() > 1 {
                return write_in_place(path, text).map_err(io_error);
            }
            let target = fs::canonicalize(path).map_err(io_error)?;
            replace(&target, text, Some(&meta)).map_err(io_error)
        }
        // A device, a FIFO, a socket or a terminal: write to it, never replace it.
        Ok(_) => write_in_place(path, text).map_err(io_error),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A new file, or a symlink whose target does not exist yet: create the target.
            let target = match fs::read_link(path) {
                Ok(link) => path.parent().unwrap_or(Path::new(".")).join(link),
                Err(_) => path.to_path_buf(),
            };
            replace(&target, text, None).map_err(io_error)
        }
        Err(e) => Err(io_error(e)),
    }
}

/// Writes a temporary file beside `target` and renames it over `target`, with the mode
/// and owner of `existing` (or the usual mode for a new file).
fn replace(target: &Path, text: &str, existing: Option<&fs::Metadata>) -> io::Result<()> {
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new()
        .prefix(".lvsc-")
        // open(2) applies the umask to this mode: a new file gets 0644 under umask 022.
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(dir)?;
    file.write_all(text.as_bytes())?;
    if let Some(meta) = existing {
        file.as_file().set_permissions(Permissions::from_mode(meta.mode() & 0o7777))?;
        // Only root may give a file away; anyone else writes files they own anyway.
        let _ = std::os::unix::fs::fchown(file.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    file.as_file().sync_all()?;
    file.persist(target).map_err(|e| e.error)?;
    Ok(())
}

fn write_in_place(path: &Path, text: &str) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).truncate(true).open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

fn write_stdout(text: &str) -> Result<(), OutputError> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`lvsc … | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(OutputError::Stdout(e)),
    }
}

/// Writes to standard error; a closed or failing stderr is ignored (there is nowhere left
/// to say so), where `eprint!` would panic.
pub fn write_stderr(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes()).and_then(|()| stderr.flush());
}
