//! Writes a command's result whole or not at all.

use std::io::Write;
use std::path::Path;

/// Writes `text` to `path` (`None` or `-`: standard output). A file is written to a
/// temporary file beside it and renamed over it, so a failure never leaves half a file.
pub fn write_output(path: Option<&Path>, text: &str) -> Result<(), String> {
    match path {
        None => write_stdout(text),
        Some(p) if p == Path::new("-") => write_stdout(text),
        Some(p) => {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let mut file =
                tempfile::NamedTempFile::new_in(dir).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
            file.write_all(text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
            file.persist(p).map_err(|e| format!("cannot write {}: {}", p.display(), e.error))?;
            Ok(())
        }
    }
}

fn write_stdout(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`lvsc … | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write standard output: {e}")),
    }
}
