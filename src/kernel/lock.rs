//! One apply at a time: an exclusive lock on a file (`/run/lvsc.lock`, or `LVSC_LOCK`),
//! held for the life of the returned handle and released by the kernel if lvsc dies.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;

pub fn lock_path() -> PathBuf {
    std::env::var_os("LVSC_LOCK").map_or_else(|| PathBuf::from("/run/lvsc.lock"), PathBuf::from)
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("cannot open the lock {}: {source}", path.display())]
    Open { path: PathBuf, source: std::io::Error },
    #[error("another lvsc apply is running (it holds {}); try again when it is done", path.display())]
    Held { path: PathBuf },
    #[error("cannot lock {}: {source}", path.display())]
    Lock { path: PathBuf, source: std::io::Error },
}

pub fn acquire() -> Result<File, LockError> {
    let path = lock_path();
    let file = match OpenOptions::new().create(true).truncate(false).write(true).open(&path) {
        Ok(file) => file,
        Err(source) => return Err(LockError::Open { path, source }),
    };
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(LockError::Held { path }),
        Err(TryLockError::Error(source)) => Err(LockError::Lock { path, source }),
    }
}
