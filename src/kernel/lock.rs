//! One apply at a time: an exclusive lock on a file (`/run/lvsc.lock`, or `LVSC_LOCK`),
//! held for the life of the returned handle and released by the kernel if lvsc dies.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;

pub fn lock_path() -> PathBuf {
    std::env::var_os("LVSC_LOCK").map_or_else(|| PathBuf::from("/run/lvsc.lock"), PathBuf::from)
}

pub fn acquire() -> Result<File, String> {
    let path = lock_path();
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("cannot open the lock {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => {
            Err(format!("another lvsc apply is running (it holds {}); try again when it is done", path.display()))
        }
        Err(TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", path.display())),
    }
}
