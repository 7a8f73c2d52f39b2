//! Safe with any file and any input (issue 13): what lvsc writes never replaces what it
//! did not create, input from a pull request cannot read the host or exhaust it, and no
//! closed pipe makes it panic.

use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn lvsc_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lvsc"))
        .args(args)
        .current_dir(dir)
        .env("LVSC_COLOR", "never")
        .env_remove("LVSC_INCLUDE_ROOT")
        .stdin(Stdio::null())
        .output()
        .expect("lvsc runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const TABLE: &str = "cluster web {\n    vip 192.0.2.10\n    port tcp 80\n    forward dr\n    backend 192.0.2.11\n}\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("lb.lvs"), TABLE).expect("write");
    dir
}

#[test]
fn compile_writes_through_a_symlink_and_keeps_the_link() {
    let dir = project();
    fs::write(dir.path().join("real.rules"), "old\n").expect("write");
    std::os::unix::fs::symlink("real.rules", dir.path().join("link.rules")).expect("symlink");
    let out = lvsc_in(dir.path(), &["compile", "lb.lvs", "-o", "link.rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::symlink_metadata(dir.path().join("link.rules")).expect("meta").file_type().is_symlink());
    assert!(fs::read_to_string(dir.path().join("real.rules")).expect("read").starts_with("-A -t 192.0.2.10:80"));
}

#[test]
fn compile_keeps_an_existing_files_mode_and_gives_a_new_file_the_umask_mode() {
    let dir = project();
    let kept = dir.path().join("kept.rules");
    fs::write(&kept, "old\n").expect("write");
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = lvsc_in(dir.path(), &["compile", "lb.lvs", "-o", "kept.rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::metadata(&kept).expect("meta").permissions().mode() & 0o777, 0o640);

    let lvsc = env!("CARGO_BIN_EXE_lvsc");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("umask 022 && '{lvsc}' compile lb.lvs -o new.rules"))
        .current_dir(dir.path())
        .status()
        .expect("sh runs");
    assert!(status.success());
    assert_eq!(fs::metadata(dir.path().join("new.rules")).expect("meta").permissions().mode() & 0o777, 0o644);
}

#[test]
fn a_read_only_file_is_refused_and_left_as_it_was() {
    let dir = project();
    let locked = dir.path().join("locked.rules");
    fs::write(&locked, "old\n").expect("write");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = lvsc_in(dir.path(), &["compile", "lb.lvs", "-o", "locked.rules"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot write locked.rules: it is read-only"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&locked).expect("read"), "old\n");
}

#[test]
fn a_hard_linked_file_is_rewritten_for_every_name() {
    let dir = project();
    fs::write(dir.path().join("a.rules"), "old\n").expect("write");
    fs::hard_link(dir.path().join("a.rules"), dir.path().join("b.rules")).expect("link");
    let out = lvsc_in(dir.path(), &["compile", "lb.lvs", "-o", "a.rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::read_to_string(dir.path().join("b.rules")).expect("read").starts_with("-A -t"));
    assert_eq!(fs::metadata(dir.path().join("a.rules")).expect("meta").nlink(), 2);
}

#[test]
fn devices_are_written_to_never_replaced() {
    let dir = project();
    let out = lvsc_in(dir.path(), &["compile", "lb.lvs", "-o", "/dev/null"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::metadata("/dev/null").expect("meta").file_type().is_char_device());
    let full = lvsc_in(dir.path(), &["compile", "lb.lvs", "-o", "/dev/full"]);
    assert_eq!(full.status.code(), Some(2));
    assert!(fs::metadata("/dev/full").expect("meta").file_type().is_char_device());
    assert!(!stderr(&full).contains(".lvsc-") && !stderr(&full).contains("os error"), "{}", stderr(&full));
}

#[test]
fn fmt_keeps_the_mode_and_goes_on_past_a_file_it_cannot_write() {
    let dir = project();
    let unformatted = "cluster web {\nvip 192.0.2.10\n  port tcp 80\nforward dr\n backend 192.0.2.11\n}\n";
    for (name, mode) in [("a.lvs", 0o640), ("b.lvs", 0o444), ("c.lvs", 0o644)] {
        let path = dir.path().join(name);
        fs::write(&path, unformatted).expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).expect("chmod");
    }
    let out = lvsc_in(dir.path(), &["fmt", "a.lvs", "b.lvs", "c.lvs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("1 file not formatted: b.lvs"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(dir.path().join("a.lvs")).expect("read"), TABLE);
    assert_eq!(fs::read_to_string(dir.path().join("c.lvs")).expect("read"), TABLE);
    assert_eq!(fs::read_to_string(dir.path().join("b.lvs")).expect("read"), unformatted);
    assert_eq!(fs::metadata(dir.path().join("a.lvs")).expect("meta").permissions().mode() & 0o777, 0o640);
}

#[test]
fn includes_stay_inside_the_project_unless_a_root_is_given() {
    let dir = project();
    let outside = tempfile::tempdir().expect("tempdir");
    fs::write(outside.path().join("secret.lvs"), "SECRET_TOKEN=hunter2\n").expect("write");
    let secret = outside.path().join("secret.lvs");
    let file = format!("include \"/proc/self/environ\"\ninclude \"{}\"\n{TABLE}", secret.display());
    fs::write(dir.path().join("pr.lvs"), file).expect("write");
    std::os::unix::fs::symlink(&secret, dir.path().join("link.lvs")).expect("symlink");
    fs::write(dir.path().join("via-link.lvs"), format!("include \"link.lvs\"\n{TABLE}")).expect("write");
    for file in ["pr.lvs", "via-link.lvs"] {
        let out = lvsc_in(dir.path(), &["check", file]);
        assert_eq!(out.status.code(), Some(1));
        let text = stderr(&out);
        assert!(text.contains("include-outside-project"), "{text}");
        assert!(!text.contains("PATH=") && !text.contains("hunter2"), "{text}");
    }
    let root = outside.path().to_str().expect("utf-8");
    let widened = lvsc_in(dir.path(), &["check", "--include-root", root, "via-link.lvs"]);
    assert!(stderr(&widened).contains("SECRET_TOKEN"), "the root given is readable: {}", stderr(&widened));
}

#[test]
fn input_is_capped_and_a_long_token_is_quoted_short() {
    let dir = project();
    let zero = lvsc_in(dir.path(), &["check", "/dev/zero"]);
    assert_eq!(zero.status.code(), Some(2));
    assert!(stderr(&zero).contains("cannot read /dev/zero: larger than 64 MiB"), "{}", stderr(&zero));

    fs::write(dir.path().join("token.lvs"), "x".repeat(5_000_000)).expect("write");
    let token = lvsc_in(dir.path(), &["check", "token.lvs"]);
    assert_eq!(token.status.code(), Some(1));
    assert!(token.stderr.len() < 4_000, "{} bytes of stderr", token.stderr.len());
}

#[test]
fn a_look_alike_letter_is_named_by_its_code_point() {
    let dir = project();
    fs::write(dir.path().join("cyrillic.lvs"), TABLE.replacen("cluster", "clust\u{435}r", 1)).expect("write");
    let out = lvsc_in(dir.path(), &["check", "cyrillic.lvs"]);
    assert!(stderr(&out).contains("found `clust\u{435}r` (U+0435 is not an ASCII letter)"), "{}", stderr(&out));
    fs::write(dir.path().join("bom.lvs"), format!("\u{feff}{TABLE}")).expect("write");
    let out = lvsc_in(dir.path(), &["check", "bom.lvs"]);
    // The message may wrap: read it as one line.
    let message = stderr(&out).replace("\n  │ ", " ");
    assert!(message.contains("U+FEFF, a byte-order mark,"), "{message}");
}

#[test]
fn a_closed_stderr_is_no_panic() {
    let dir = project();
    let many: String =
        (0..200).map(|i| format!("cluster c{i} {{ vip 10.0.{}.{} port tcp 80 }}\n", i / 200, i % 200 + 1)).collect();
    fs::write(dir.path().join("many.lvs"), many).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_lvsc"))
        .args(["check", "many.lvs"])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    drop(child.stderr.take());
    let status = child.wait().expect("wait");
    assert_ne!(status.code(), Some(101), "lvsc panicked on a closed stderr");
}

#[test]
fn dev_stdout_is_the_open_standard_output_even_when_it_is_a_file() {
    let dir = project();
    let lvsc = env!("CARGO_BIN_EXE_lvsc");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("'{lvsc}' compile lb.lvs -o /dev/stdout > out.rules"))
        .current_dir(dir.path())
        .status()
        .expect("sh runs");
    assert!(status.success());
    assert!(fs::read_to_string(dir.path().join("out.rules")).expect("read").starts_with("-A -t 192.0.2.10:80"));
    assert!(fs::symlink_metadata("/dev/stdout").expect("meta").file_type().is_symlink());
}
