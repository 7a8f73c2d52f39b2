//! The apply benchmark, in the kernel VM: `lvsc apply`, `plan` and `dump` against
//! `ipvsadm-restore` and `ipvsadm-save -n` on a generated table of 2,000 services × 10
//! backends, every pair measured in one boot (`kernel/guest/bench.sh` says what each
//! row is). Times in the emulated guest mean something only as ratios.
//!
//! Run: `cargo bench --bench apply` (needs what the kernel tests need: root on first use,
//! qemu). SERVICES, BACKENDS and RUNS change the table's size and the runs per figure.

use std::path::Path;
use std::process::Command;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings: String = ["SERVICES", "BACKENDS", "RUNS"]
        .iter()
        .filter_map(|name| {
            let value = std::env::var(name).ok()?;
            value.chars().all(|c| c.is_ascii_digit()).then(|| format!("export {name}={value}\n"))
        })
        .collect();
    // The floor: a minimal raw netlink client, built here for the guest.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--example", "raw-netlink"])
        .status()
        .expect("cargo can be started");
    assert!(built.success(), "the raw-netlink floor client does not build");
    let floor = root.join("target/release/examples/raw-netlink");
    // The strongest peer, when installed (.ci/run installs it).
    let keepalived = ["/usr/sbin/keepalived"].into_iter().find(|p| Path::new(p).exists());
    let dir = tempfile::tempdir().expect("a temporary directory");
    let script = dir.path().join("bench.sh");
    std::fs::write(&script, format!("{settings}. /root/guest/bench.sh\n")).expect("the bench script is written");
    let status = Command::new(root.join("kernel/run-in-vm"))
        .current_dir(root)
        .args(["--timeout", "3000", "--add"])
        .arg(format!("{}:/usr/bin/lvsc", env!("CARGO_BIN_EXE_lvsc")))
        .args(["--add", "kernel/guest:/root/guest"])
        .arg("--add")
        .arg(format!("{}:/usr/bin/raw-netlink", floor.display()))
        .args(keepalived.iter().flat_map(|k| ["--add".to_string(), format!("{k}:/usr/sbin/keepalived")]))
        .arg(&script)
        .status()
        .expect("kernel/run-in-vm can be started");
    if !status.success() {
        eprintln!("the apply benchmark failed in the VM (exit {:?})", status.code());
        std::process::exit(1);
    }
}
