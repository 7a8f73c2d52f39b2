//! Whether keepalived runs in this network namespace, and whether it owns IPVS services
//! there: when it does, its checks add and remove real servers, and a second writer would
//! undo its work (and it would undo the second writer's).

use crate::source::SourceMap;
use std::path::{Path, PathBuf};

/// A keepalived process sharing this network namespace (so the same IPVS table).
#[derive(Debug, Clone)]
pub struct Keepalived {
    pub pid: u32,
    /// Its configuration file: `-f`/`--use-file`, else keepalived's default.
    pub config: PathBuf,
}

/// keepalived's configuration file when it is started without `-f`.
const DEFAULT_CONFIG: &str = "/etc/keepalived/keepalived.conf";

/// The keepalived parent process of this network namespace, if any (its children, the
/// checker and VRRP processes, share its command line).
pub fn running_here() -> Option<Keepalived> {
    let own_namespace = std::fs::read_link("/proc/self/ns/net").ok()?;
    let mut found: Vec<(u32, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let dir = entry.path();
        let is_keepalived = std::fs::read_to_string(dir.join("comm")).is_ok_and(|c| c.trim() == "keepalived");
        if !is_keepalived || std::fs::read_link(dir.join("ns/net")).ok().as_ref() != Some(&own_namespace) {
            continue;
        }
        let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
        found.push((pid, config_of(&cmdline)));
    }
    found.sort();
    found.into_iter().next().map(|(pid, config)| Keepalived { pid, config })
}

/// The `-f FILE`, `-fFILE`, `--use-file FILE` or `--use-file=FILE` of a command line.
fn config_of(cmdline: &[u8]) -> PathBuf {
    let args: Vec<String> =
        cmdline.split(|b| *b == 0).filter(|a| !a.is_empty()).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        if arg == "-f" || arg == "--use-file" {
            if let Some(path) = iter.next() {
                return PathBuf::from(path);
            }
        } else if let Some(path) = arg.strip_prefix("--use-file=") {
            return PathBuf::from(path);
        } else if let Some(path) = arg.strip_prefix("-f").filter(|p| !p.is_empty() && !arg.starts_with("--")) {
            return PathBuf::from(path);
        }
    }
    PathBuf::from(DEFAULT_CONFIG)
}

/// How many virtual servers keepalived's configuration declares (what it owns), or why
/// that cannot be told.
pub fn owned_services(config: &Path) -> Result<usize, String> {
    let text = crate::source::read_file(config)
        .map_err(|e| format!("cannot read {}: {}", config.display(), crate::source::io_reason(&e)))?;
    let mut sources = SourceMap::new();
    let root = sources.add(config.display().to_string(), config, text);
    let id = crate::import::keepalived::host_config_id();
    match crate::import::keepalived::read_files(&mut sources, root, &id) {
        Ok(imported) => Ok(imported.config.services.len()),
        Err(_) => Err(format!("cannot read {} as a keepalived.conf", config.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_file_comes_from_any_spelling_of_the_option() {
        let line = |args: &[&str]| args.join("\0").into_bytes();
        assert_eq!(config_of(&line(&["keepalived", "-n", "-f", "/tmp/k.conf"])), PathBuf::from("/tmp/k.conf"));
        assert_eq!(config_of(&line(&["keepalived", "-f/tmp/a.conf"])), PathBuf::from("/tmp/a.conf"));
        assert_eq!(config_of(&line(&["keepalived", "--use-file=/b.conf"])), PathBuf::from("/b.conf"));
        assert_eq!(config_of(&line(&["keepalived", "--use-file", "/c.conf"])), PathBuf::from("/c.conf"));
        assert_eq!(config_of(&line(&["/usr/sbin/keepalived", "-D"])), PathBuf::from(DEFAULT_CONFIG));
    }
}
