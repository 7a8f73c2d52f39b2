//! The binary as a user runs it: exit codes, where output goes, what errors say.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn lvsc(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lvsc"))
        .args(args)
        .env("LVSC_COLOR", "never")
        .env("COLUMNS", "200")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lvsc starts");
    if let Some(text) = stdin {
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("lvsc runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn compile_defaults_to_ipvsadm_on_stdout_and_exits_0() {
    let out = lvsc(&["compile", "examples/nat-classic.lvs"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("-A -t 192.168.112.152:81 -s wrr\n"));
    assert!(stderr(&out).is_empty());
}

#[test]
fn check_of_good_files_is_silent_and_exits_0() {
    let out = lvsc(&["check", "examples/dr.lvs", "examples/fwmark.lvs"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).is_empty() && stderr(&out).is_empty());
}

#[test]
fn errors_exit_1_with_location_code_and_help() {
    let out = lvsc(&["check", "-"], Some("cluster x {\n  vip 10.0.0.1\n  port tcp 80\n  scheduler wrrr\n}\n"));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("<stdin>:4:13"), "{err}");
    assert!(err.contains("unknown-scheduler(E016)"), "{err}");
    assert!(err.contains("did you mean `wrr`?"), "{err}");
}

#[test]
fn compile_writes_nothing_when_the_input_has_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("out.rules");
    std::fs::write(&target, "previous\n").expect("write");
    let out = lvsc(&["compile", "-", "-o", target.to_str().expect("utf-8")], Some("cluster x { vip 10.0.0.1 }"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "previous\n");
}

#[test]
fn compile_writes_the_output_file_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("out.rules");
    let out = lvsc(&["compile", "examples/dr.lvs", "--target", "ipvsadm", "-o", target.to_str().expect("utf-8")], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&target).expect("read").starts_with("-A -t 192.168.50.100:80 -s rr\n"));
    assert!(stdout(&out).is_empty());
}

#[test]
fn warnings_pass_unless_denied() {
    let text = "cluster x { vip 10.0.0.1 port tcp 80 }\n";
    let out = lvsc(&["compile", "-"], Some(text));
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("no-backends(W101)"));
    assert_eq!(stdout(&out), "-A -t 10.0.0.1:80 -s wlc\n");
    let denied = lvsc(&["compile", "-", "--deny", "warnings"], Some(text));
    assert_eq!(denied.status.code(), Some(1));
    assert!(stdout(&denied).is_empty());
}

#[test]
fn a_missing_file_is_an_io_error_exit_2() {
    let out = lvsc(&["check", "no/such/file.lvs"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "lvsc: cannot read no/such/file.lvs: no such file\n");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(lvsc(&["compile"], None).status.code(), Some(2));
    assert_eq!(lvsc(&["compile", "examples/dr.lvs", "--target", "nope"], None).status.code(), Some(2));
    let out = lvsc(&["compile", "examples/dr.lvs", "--host", "192.168.50.11"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--host is for --target realserver"));
}

#[test]
fn realserver_for_one_host_and_for_an_unknown_host() {
    let out = lvsc(&["compile", "examples/dr.lvs", "-t", "realserver", "--host", "192.168.50.11"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("ip addr replace 192.168.50.100/32 dev lo"));
    let out = lvsc(&["compile", "examples/dr.lvs", "-t", "realserver", "--host", "192.168.50.99"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("192.168.50.99 is not a direct-routing or tunnelled backend"));
}

#[test]
fn explain_finds_codes_by_id_and_name() {
    let by_id = lvsc(&["explain", "E020"], None);
    let by_name = lvsc(&["explain", "duplicate-service"], None);
    assert_eq!(by_id.status.code(), Some(0));
    assert_eq!(stdout(&by_id), stdout(&by_name));
    assert!(stdout(&by_id).contains("duplicate-service"));
    assert_eq!(lvsc(&["explain", "E999"], None).status.code(), Some(2));
}

#[test]
fn includes_are_relative_to_the_including_file() {
    let out = lvsc(&["compile", "examples/include.lvs"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("-A -t 10.40.0.25:25 -s wlc -p 300"));
}

#[test]
fn completions_and_man_page_come_from_the_real_options() {
    let bash = lvsc(&["completions", "bash"], None);
    assert_eq!(bash.status.code(), Some(0));
    for word in ["compile", "import", "diff", "--target", "--deny"] {
        assert!(stdout(&bash).contains(word), "bash completion lacks {word}");
    }
    let man = lvsc(&["man"], None);
    assert_eq!(man.status.code(), Some(0));
    assert!(stdout(&man).contains(".TH lvsc 1"));
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_not_a_crash() {
    // More than a pipe buffer of output, so that writing must meet the closed pipe.
    let dir = tempfile::tempdir().expect("tempdir");
    let table = |weight: u32| {
        let mut text = String::from("director { gateway 10.1.0.0/16 }\n");
        for i in 0..600 {
            text.push_str(&format!(
                "cluster c{i} {{ vip 10.0.{}.{} port tcp 80 forward nat backend 10.1.0.1:8080 weight {weight} }}\n",
                i / 250,
                i % 250
            ));
        }
        text
    };
    let (old, new) = (dir.path().join("old.lvs"), dir.path().join("new.lvs"));
    std::fs::write(&old, table(1)).expect("write");
    std::fs::write(&new, table(2)).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_lvsc"))
        .args(["diff", old.to_str().expect("utf-8"), new.to_str().expect("utf-8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn plan_against_a_saved_table_lists_the_operations_and_says_when_changes_are_pending() {
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = dir.path().join("saved.rules");
    // What `ipvsadm-save -n` printed before: one backend reweighted, one missing, one extra service.
    std::fs::write(
        &saved,
        "-A -t 192.168.112.152:81 -s wrr\n-a -t 192.168.112.152:81 -r 192.168.112.153:10000 -m -w 5\n\
         -A -u 10.9.9.9:53 -s rr\n",
    )
    .expect("write");
    let saved = saved.to_str().expect("utf-8 path");
    let out = lvsc(&["plan", "--against", saved, "examples/nat-classic.lvs"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("-a -t 192.168.112.152:81 -r 192.168.112.153:10000 -m -w 5\n+-a -t"), "{text}");
    assert!(text.contains("3 operations:"), "{text}");
    assert!(text.contains("1. edit server      -e -t 192.168.112.152:81 -r 192.168.112.153:10000 -m -w 1"), "{text}");
    assert!(text.contains("2. add server       -a -t 192.168.112.152:81 -r 192.168.112.154:10000 -m -w 1"), "{text}");
    assert!(text.contains("3. delete service   -D -u 10.9.9.9:53"), "{text}");
    // The same changes and risks `diff` shows, before the operations.
    assert!(text.contains("~ service TCP 192.168.112.152:81\n"), "{text}");
    assert!(text.contains("~ backend 192.168.112.153:10000: weight 5 → 1"), "{text}");
    assert!(
        text.contains(
            "- service UDP 10.9.9.9:53 (0 backends)\n    ! risk: new connections to this address are refused"
        ),
        "{text}"
    );
    assert!(text.find("! risk").expect("a risk") < text.find("3 operations:").expect("operations"), "{text}");
    let pending = lvsc(&["plan", "--exit-code", "--against", saved, "examples/nat-classic.lvs"], None);
    assert_eq!(pending.status.code(), Some(1));
    let kept = lvsc(&["plan", "--keep-unmanaged", "--against", saved, "examples/nat-classic.lvs"], None);
    assert!(stdout(&kept).contains("2 operations:") && !stdout(&kept).contains("10.9.9.9"), "{}", stdout(&kept));
}

#[test]
fn plan_against_the_compiled_table_is_empty_and_exits_0_even_with_exit_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    for example in ["examples/pools-and-defaults.lvs", "examples/ipv6.lvs", "examples/fwmark.lvs"] {
        let saved = dir.path().join("saved.rules");
        let compiled = lvsc(&["compile", example], None);
        std::fs::write(&saved, stdout(&compiled)).expect("write");
        let out = lvsc(&["plan", "--exit-code", "--against", saved.to_str().expect("utf-8"), example], None);
        assert_eq!(out.status.code(), Some(0), "{example}: {}", stdout(&out));
        assert!(stdout(&out).contains("No changes"), "{example}: {}", stdout(&out));
    }
}

#[test]
fn plan_reads_a_compiled_model_as_it_reads_the_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = dir.path().join("lb.json");
    let empty = dir.path().join("empty.rules");
    std::fs::write(&empty, "").expect("write");
    let json = lvsc(&["compile", "examples/persistence.lvs", "--target", "json"], None);
    std::fs::write(&model, stdout(&json)).expect("write");
    let empty = empty.to_str().expect("utf-8");
    let from_source = lvsc(&["plan", "--against", empty, "examples/persistence.lvs"], None);
    let from_model = lvsc(&["plan", "--against", empty, model.to_str().expect("utf-8")], None);
    assert_eq!(from_model.status.code(), Some(0), "{}", stderr(&from_model));
    let operations = |o: &Output| stdout(o).split_once("operations:").map(|(_, ops)| ops.to_string());
    assert!(operations(&from_source).is_some());
    assert_eq!(operations(&from_source), operations(&from_model));

    std::fs::write(&model, stdout(&json).replace("\"version\": 1", "\"version\": 99")).expect("write");
    let newer = lvsc(&["plan", "--against", empty, model.to_str().expect("utf-8")], None);
    assert_eq!(newer.status.code(), Some(2));
    assert!(stderr(&newer).contains("model version 99 is not 1"), "{}", stderr(&newer));
}

#[test]
fn a_saved_table_that_cannot_be_read_is_named_with_its_line_and_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = dir.path().join("saved.rules");
    std::fs::write(&saved, "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.2 --bogus\n").expect("write");
    let out = lvsc(&["plan", "--against", saved.to_str().expect("utf-8"), "examples/dr.lvs"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("saved.rules:2:31: unknown option `--bogus`"), "{}", stderr(&out));
}

#[test]
fn apply_without_a_terminal_and_without_yes_refuses_before_touching_anything() {
    let out = lvsc(&["apply", "examples/nat-classic.lvs"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("pass --yes"), "{}", stderr(&out));
}

#[test]
fn dump_without_ipvs_in_the_kernel_is_one_line_and_exit_2() {
    if std::path::Path::new("/proc/net/ip_vs").exists() {
        eprintln!("this kernel has IPVS: the kernel tests cover dump here");
        return;
    }
    let out = lvsc(&["dump"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no IPVS") || err.contains("CAP_NET_ADMIN"), "{err}");
}

#[test]
fn debug_prints_each_named_form_as_data_not_debug_dumps() {
    let ast = lvsc(&["debug", "ast", "examples/dr.lvs"], None);
    assert_eq!(ast.status.code(), Some(0), "{}", stderr(&ast));
    let files: serde_json::Value = serde_json::from_str(&stdout(&ast)).expect("the AST is JSON");
    assert_eq!(files[0]["file"], "examples/dr.lvs");
    assert!(files[0]["ast"]["items"].as_array().is_some_and(|items| !items.is_empty()));

    let model = lvsc(&["debug", "model", "examples/dr.lvs"], None);
    assert_eq!(stdout(&model), stdout(&lvsc(&["compile", "--target", "json", "examples/dr.lvs"], None)));

    let plan = lvsc(&["debug", "plan", "examples/nat-classic.lvs"], None);
    let text = stdout(&plan);
    assert!(text.starts_with("+ service TCP 192.168.112.152:81 (scheduler wrr, persistence none)\n"), "{text}");
    assert!(text.contains("3 operations:\n    1. add service      -A -t 192.168.112.152:81 -s wrr"), "{text}");
    assert!(!text.contains("Some(") && !text.contains("Service {"), "{text}");
}

#[test]
fn plan_against_a_real_save_compares_only_what_a_save_can_say() {
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = dir.path().join("saved.rules");
    // What ipvsadm-save -n prints of this table: no thresholds, timeouts or daemons.
    let compiled = stdout(&lvsc(&["compile", "examples/pools-and-defaults.lvs"], None));
    let save: String = compiled
        .lines()
        .filter(|l| l.starts_with("-A ") || l.starts_with("-a "))
        .map(|l| format!("{}\n", l.split(" -x ").next().unwrap_or(l)))
        .collect();
    std::fs::write(&saved, save).expect("write");
    let out = lvsc(
        &["plan", "--exit-code", "--against", saved.to_str().expect("utf-8"), "examples/pools-and-defaults.lvs"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("No changes"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(
            "Not compared: connection thresholds, timeouts, sync daemons (ipvsadm-save does not print them)."
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn plan_of_an_empty_file_says_it_empties_the_table_and_that_apply_refuses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = dir.path().join("saved.rules");
    std::fs::write(&saved, stdout(&lvsc(&["compile", "examples/pools-and-defaults.lvs"], None))).expect("write");
    let empty = dir.path().join("empty.lvs");
    std::fs::write(&empty, "").expect("write");
    let out = lvsc(&["plan", "--against", saved.to_str().expect("utf-8"), empty.to_str().expect("utf-8")], None);
    let text = stdout(&out);
    assert!(text.contains("This empties the live table: it removes 4 of its 4 services"), "{text}");
    assert!(text.contains("`apply` refuses this without --allow-mass-removal"), "{text}");
}

#[test]
fn diff_reads_stdin_a_compiled_model_and_a_saved_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = "examples/nat-classic.lvs";
    let source = std::fs::read_to_string(example).expect("read");
    let from_stdin = lvsc(&["diff", example, "-"], Some(&source));
    assert_eq!(from_stdin.status.code(), Some(0), "{}", stderr(&from_stdin));

    let model = dir.path().join("lb.json");
    std::fs::write(&model, stdout(&lvsc(&["compile", example, "--target", "json"], None))).expect("write");
    let saved = dir.path().join("saved.rules");
    std::fs::write(
        &saved,
        "-A -t 192.168.112.152:81 -s wrr\n-a -t 192.168.112.152:81 -r 192.168.112.153:10000 -m -w 1\n",
    )
    .expect("write");
    let same = lvsc(&["diff", model.to_str().expect("utf-8"), example], None);
    assert_eq!(same.status.code(), Some(0), "{}{}", stdout(&same), stderr(&same));
    let changed = lvsc(&["diff", saved.to_str().expect("utf-8"), example], None);
    assert_eq!(changed.status.code(), Some(1), "{}", stderr(&changed));
    assert!(stdout(&changed).contains("+ backend 192.168.112.154:10000 (nat, weight 1)"), "{}", stdout(&changed));
}

#[test]
fn diff_of_a_git_directory_says_so() {
    let out = lvsc(&["diff", "HEAD:examples", "examples/dr.lvs"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read HEAD:examples: it is a directory"), "{}", stderr(&out));
}

#[test]
fn every_page_lvs_man_lists_exists_with_exit_status_and_compile_lists_targets() {
    let top = stdout(&lvsc(&["man"], None));
    let listed: Vec<String> = top
        .split("lvsc\\-")
        .skip(1)
        .filter_map(|rest| rest.split('(').next().map(str::to_string))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    assert!(listed.len() >= 10, "{listed:?}");
    for name in &listed {
        let page = lvsc(&["man", name], None);
        assert_eq!(page.status.code(), Some(0), "lvsc man {name}: {}", stderr(&page));
        assert!(stdout(&page).contains(&format!("lvsc\\-{name}")), "lvsc man {name}");
        assert!(stdout(&page).contains(".SH \"EXIT STATUS\""), "lvsc man {name}");
    }
    let compile = stdout(&lvsc(&["man", "compile"], None));
    assert!(compile.contains(".SH TARGETS") && compile.contains("realserver"), "{compile}");
    assert_eq!(lvsc(&["man", "nosuch"], None).status.code(), Some(2));
}

#[test]
fn explain_suggests_the_code_meant_and_check_ends_with_a_count() {
    let out = lvsc(&["explain", "dupliate-service"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean `duplicate-service` (E020)?"), "{}", stderr(&out));
    let text = "cluster a { vip 10.0.0.1 port tcp 80 }\ncluster b { vip 10.0.0.2 port tcp 80 weight 99999999999 }\n";
    let check = lvsc(&["check", "-"], Some(text));
    assert!(stderr(&check).ends_with("<stdin>: 1 error, 1 warning\n"), "{}", stderr(&check));
}

#[test]
fn diff_writes_ports_as_the_file_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = std::fs::read_to_string("examples/fwmark.lvs").expect("read");
    let changed = dir.path().join("fwmark.lvs");
    std::fs::write(&changed, source.replace("port 80, 8080", "port 80, 8080-8090")).expect("write");
    let out = lvsc(&["diff", "examples/fwmark.lvs", changed.to_str().expect("utf-8")], None);
    let text = stdout(&out);
    assert!(text.contains("192.168.60.100/32 80,8080 → mark 1 192.168.60.100/32 80,8080-8090"), "{text}");
}

#[test]
fn a_repeated_finding_is_shown_once_with_its_count_and_json_keeps_every_instance() {
    // 40 NAT backends on one network without a declared return path: 40 W105, one fix.
    let mut text = String::new();
    for s in 0..4 {
        text.push_str(&format!("cluster c{s} {{ vip 10.0.0.{} port tcp 80 forward nat", s + 1));
        for b in 0..10 {
            text.push_str(&format!(" backend 172.16.0.{}:8080", s * 10 + b + 1));
        }
        text.push_str(" }\n");
    }
    let human = lvsc(&["check", "-"], Some(&text));
    let shown = stderr(&human);
    assert_eq!(shown.matches("nat-without-return-path(W105)").count(), 1, "{shown}");
    assert!(
        shown.contains("… and 39 more `nat-without-return-path` like it (the same help applies) at <stdin>:1:"),
        "{shown}"
    );
    assert!(shown.contains("and 36 more\n"), "{shown}");
    assert!(shown.ends_with("<stdin>: 40 warnings\n"), "{shown}");
    let json = lvsc(&["check", "--format", "json", "-"], Some(&text));
    assert_eq!(stdout(&json).lines().filter(|l| l.contains("nat-without-return-path")).count(), 40);
}

#[test]
fn keepalived_braces_that_do_not_pair_are_errors_with_their_place() {
    let cases = [
        ("virtual_server 10.0.0.1 80 {\n{\n}\n}\n", "k.conf:2:1: a `{` that opens the block of no statement"),
        ("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {{\n }\n}\n", "k.conf:2:27: a `{` that opens"),
        ("virtual_server_group g {{\n}\n", "k.conf:1:25: a `{` that opens"),
        (
            "virtual_server 10.0.0.1 80 {\n lb_algo rr\n real_server 10.0.0.2 80 {\n weight 1\n",
            "k.conf:3:2: the block of `real_server 10.0.0.2 80` is not closed",
        ),
        ("virtual_server 10.0.0.1 80 {\n}\n}\n", "k.conf:3:1: a `}` that closes no block"),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("k.conf");
    for (text, expected) in cases {
        std::fs::write(&file, text).expect("write");
        let out = lvsc(&["import", "--from", "keepalived", file.to_str().expect("utf-8")], None);
        assert_eq!(out.status.code(), Some(1), "{text}: {}", stderr(&out));
        let shown = stderr(&out).replace(&format!("{}:", file.display()), "k.conf:");
        let (place, message) = expected.split_at(expected.find(": ").expect("place"));
        assert!(shown.contains(&message[2..]) && shown.contains(&format!("[{place}]")), "{text}\n{shown}");
    }
}

#[test]
fn a_shell_script_of_ipvsadm_commands_imports_directly() {
    let script = "#!/bin/sh\nVIP=10.0.0.1\nmodprobe ip_vs\nipvsadm -C\nipvsadm -At $VIP:80 -s rr\n\
                  ipvsadm -at $VIP:80 -r 10.0.1.1 -m -w 2\n";
    let out = lvsc(&["import", "-"], Some(script));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("vip 10.0.0.1") && text.contains("backend 10.0.1.1 weight 2"), "{text}");
    assert!(text.contains("lines 3 of the script are not ipvsadm commands"), "{text}");

    let looped = lvsc(&["import", "-"], Some("for rs in 1 2; do ipvsadm -a -t 10.0.0.1:80 -r 10.0.1.$rs; done\n"));
    assert_eq!(looped.status.code(), Some(1));
    assert!(stderr(&looped).contains("an ipvsadm command inside a loop"), "{}", stderr(&looped));
    assert!(stderr(&looped).contains("import `ipvsadm-save -n` from there"), "{}", stderr(&looped));
}

/// The suggested return path covers the NAT backends' networks, adjacent ones merged (a
/// large table's backends span hundreds of /24s), and with it the file has no W105 left.
#[test]
fn import_suggests_the_nat_return_path_as_few_networks() {
    let mut saved = String::from("-A -t 10.0.0.1:80 -s rr\n");
    for third in 0..4 {
        saved.push_str(&format!("-a -t 10.0.0.1:80 -r 10.1.{third}.5:80 -m -w 1\n"));
    }
    saved.push_str("-a -t 10.0.0.1:80 -r 10.9.0.5:80 -m -w 1\n");
    let out = lvsc(&["import", "-"], Some(&saved));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let suggestion = "director { gateway 10.1.0.0/22 gateway 10.9.0.0/24 }";
    assert!(text.contains(&format!("# e.g. `{suggestion}`")), "{text}");
    let warned = lvsc(&["check", "-"], Some(&text));
    assert!(stderr(&warned).contains("W105"), "{}", stderr(&warned));
    let declared = lvsc(&["check", "-"], Some(&format!("{suggestion}\n{text}")));
    assert_eq!(declared.status.code(), Some(0), "{}", stderr(&declared));
    assert!(!stderr(&declared).contains("W105"), "{}", stderr(&declared));
}

#[test]
fn import_tells_formats_apart_by_structure_and_says_when_a_file_is_neither() {
    let yaml = lvsc(&["import", "-"], Some("virtual_servers:\n  - address: 10.0.0.1\n    port: 80\n"));
    assert_eq!(yaml.status.code(), Some(2));
    assert!(stderr(&yaml).contains("is neither ipvsadm text"), "{}", stderr(&yaml));
    let vrrp_only =
        "! Configuration File for keepalived\nvrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    \
                     virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        10.0.0.1\n    }\n}\n";
    let out = lvsc(&["import", "-"], Some(vrrp_only));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("unknown option"), "{}", stderr(&out));
    let listing = "IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  \
                   -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n\
                   TCP  10.0.0.1:80 wrr\n  -> 10.0.1.1:80                  Route   3      0          0\n";
    let out = lvsc(&["import", "-"], Some(listing));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("backend 10.0.1.1 weight 3"), "{}", stdout(&out));
    assert!(stdout(&out).contains("no connection thresholds"), "{}", stdout(&out));
}

#[test]
fn keepalived_conditional_lines_follow_the_config_id_and_repairs_are_warnings() {
    let conf = "virtual_server 10.50.0.11 80 {\n    lb_algo fastest\n    @d1 lb_kind DR\n    @^d1 lb_kind TUN\n    \
                protocol TCP\n    real_server 10.50.1.11 80 {\n    }\n}\n";
    let d1 = lvsc(&["import", "--from", "keepalived", "--config-id", "d1", "-"], Some(conf));
    assert_eq!(d1.status.code(), Some(0), "{}", stderr(&d1));
    assert!(stdout(&d1).contains("forward dr"), "{}", stdout(&d1));
    let d2 = lvsc(&["import", "--from", "keepalived", "--config-id", "d2", "-"], Some(conf));
    assert!(stdout(&d2).contains("forward tunnel ipip"), "{}", stdout(&d2));
    assert!(
        stderr(&d2).contains(
            "lvsc: warning: <stdin>:2:5: invalid lvs_scheduler 'fastest': keepalived ignores it and uses wlc"
        ),
        "{}",
        stderr(&d2)
    );
    assert!(stdout(&d2).contains("scheduler wlc") || !stdout(&d2).contains("scheduler"), "{}", stdout(&d2));
}

#[test]
fn plan_names_what_keepalived_holds_down_and_apply_leaves_a_keepalived_file_to_keepalived() {
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = dir.path().join("saved.rules");
    let compiled = stdout(&lvsc(&["compile", "examples/health.lvs"], None));
    // As keepalived leaves the table when the checks of .11 (web) and .22 (api, inhibited)
    // fail: .11 is out, .22 at weight 0, and nothing else differs.
    let live: String = compiled
        .lines()
        .filter(|l| !l.contains("-r 10.20.1.11:8080"))
        .map(|l| l.replace("-r 10.20.1.22:8443 -m -w 1", "-r 10.20.1.22:8443 -m -w 0") + "\n")
        .collect();
    assert_ne!(live, compiled);
    std::fs::write(&saved, live).expect("write");
    let out = lvsc(&["plan", "--exit-code", "--against", saved.to_str().expect("utf-8"), "examples/health.lvs"], None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(text.contains("= backend 10.20.1.11:8080 of TCP 192.0.2.10:80 is out: keepalived's check"), "{text}");
    assert!(text.contains("= backend 10.20.1.22:8443 of TCP 192.0.2.11:443 is at weight 0"), "{text}");
    assert!(text.contains("No changes"), "{text}");
    assert!(text.contains("`apply` refuses it"), "{text}");

    let refused = lvsc(&["apply", "--yes", "examples/health.lvs"], None);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("keepalived runs its table"), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--target keepalived"), "{}", stderr(&refused));
}
