//! Kernel truth: the scenarios of `kernel/guest/` run as root in a VM whose kernel has
//! IPVS (`kernel/run-in-vm`), with this build of lvsc and the shipped examples inside.
//! Each test is one boot; they take turns, since two emulated VMs on two cores would
//! slow each other past the traffic timeouts.
//!
//! The VM needs root (to apt-get its packages on first use) and qemu. If it cannot start,
//! these tests fail with its message. `LVSC_KERNEL_TESTS=skip` skips them for a quick
//! local run; CI never sets it.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

static ONE_VM_AT_A_TIME: Mutex<()> = Mutex::new(());

fn scenario(name: &str) -> String {
    scenario_with(name, &[])
}

/// A scenario with more host files in the guest (`--add` arguments).
fn scenario_with(name: &str, adds: &[&str]) -> String {
    if std::env::var("LVSC_KERNEL_TESTS").is_ok_and(|v| v == "skip") {
        // Straight to stderr: the test harness captures eprintln! and shows it only on failure.
        let _ = writeln!(std::io::stderr(), "kernel scenario {name}: SKIPPED (LVSC_KERNEL_TESTS=skip)");
        return String::new();
    }
    let _turn = ONE_VM_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(root.join("kernel/run-in-vm"))
        .current_dir(root)
        .args(["--timeout", "600", "--add"])
        .arg(format!("{}:/usr/bin/lvsc", env!("CARGO_BIN_EXE_lvsc")))
        .args(["--add", "examples:/root/examples", "--add", "kernel/guest:/root/guest"])
        .args(adds.iter().flat_map(|a| ["--add", a]))
        .arg(format!("kernel/guest/{name}.sh"))
        .output()
        .expect("kernel/run-in-vm can be started");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success() && !stdout.contains("FAIL"),
        "kernel scenario {name} failed (exit {:?}):\n{stdout}\n{stderr}",
        output.status.code()
    );
    stdout
}

/// How many files of the project's folder `dir` end in `.ext`: one PASS each is expected.
fn files_in(dir: &str, ext: &str) -> usize {
    std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == ext)))
        .count()
}

fn passes(stdout: &str) -> usize {
    stdout.lines().filter(|l| l.starts_with("PASS: ")).count()
}

#[test]
fn every_example_round_trips_through_ipvsadm_restore_and_save() {
    let stdout = scenario("roundtrip");
    if stdout.is_empty() {
        return;
    }
    let examples = files_in("examples", "lvs");
    assert_eq!(passes(&stdout), examples, "one PASS per example:\n{stdout}");
}

#[test]
fn classic_nat_director_from_the_script_target() {
    let stdout = scenario("nat");
    assert!(stdout.is_empty() || passes(&stdout) == 3, "{stdout}");
}

#[test]
fn direct_routing_with_the_realserver_target() {
    let stdout = scenario("dr");
    assert!(stdout.is_empty() || passes(&stdout) == 1, "{stdout}");
}

#[test]
fn ipip_and_gue_tunnels_with_the_realserver_target() {
    let stdout = scenario("tunnel");
    assert!(stdout.is_empty() || passes(&stdout) == 2, "{stdout}");
}

#[test]
fn mixed_family_tunnels_and_a_prefix_match_with_the_realserver_target() {
    let stdout = scenario("realserver-edges");
    assert!(stdout.is_empty() || passes(&stdout) == 3, "{stdout}");
}

#[test]
fn ipvsadm_scripts_import_to_the_table_real_ipvsadm_builds_or_are_refused_as_it_refuses() {
    let stdout = scenario("import-scripts");
    let scripts = files_in("kernel/guest/scripts", "sh");
    // One PASS per script, and three for the pasted listings.
    assert!(stdout.is_empty() || passes(&stdout) == scripts + 3, "{stdout}");
}

#[test]
fn keepalived_configs_import_to_the_table_real_keepalived_builds() {
    // Debian's keepalived, which .ci/run installs.
    let stdout = scenario_with("import-keepalived", &["/usr/sbin/keepalived:/usr/sbin/keepalived"]);
    let configs = files_in("kernel/guest/keepalived", "conf");
    assert!(stdout.is_empty() || passes(&stdout) == configs, "one PASS per config:\n{stdout}");
}

#[test]
fn fwmark_service_marked_by_iptables_and_by_nft() {
    let stdout = scenario("fwmark");
    assert!(stdout.is_empty() || passes(&stdout) == 2, "{stdout}");
}

#[test]
fn netlink_apply_plan_dump_drift_rollback_lock_and_privileges() {
    let stdout = scenario("netlink");
    if stdout.is_empty() {
        return;
    }
    let examples = files_in("examples", "lvs");
    assert_eq!(passes(&stdout), examples + 6, "{stdout}");
}

#[test]
fn apply_changes_a_large_table_without_failing_a_request_where_restore_does() {
    let stdout = scenario("continuity");
    assert!(stdout.is_empty() || passes(&stdout) == 2, "{stdout}");
}

#[test]
fn drain_waits_for_the_last_connection_or_the_drain_time() {
    let stdout = scenario("drain");
    assert!(stdout.is_empty() || passes(&stdout) == 2, "{stdout}");
}

#[test]
fn the_keepalived_target_runs_in_real_keepalived_with_the_ipvsadm_targets_table() {
    let stdout = scenario_with("keepalived-target", &["/usr/sbin/keepalived:/usr/sbin/keepalived"]);
    let examples = files_in("examples", "lvs");
    // One PASS per example and one for the file whose checks all pass.
    assert!(stdout.is_empty() || passes(&stdout) == examples + 1, "{stdout}");
}

#[test]
fn keepalived_checks_take_backends_out_and_in_inhibit_and_the_sorry_server() {
    let stdout = scenario_with("keepalived-health", &["/usr/sbin/keepalived:/usr/sbin/keepalived"]);
    assert!(stdout.is_empty() || passes(&stdout) == 9, "{stdout}");
}

#[test]
fn vrrp_moves_the_vip_between_two_directors_and_clients_stay_served() {
    let stdout = scenario_with("vrrp-failover", &["/usr/sbin/keepalived:/usr/sbin/keepalived"]);
    assert!(stdout.is_empty() || passes(&stdout) == 3, "{stdout}");
}
