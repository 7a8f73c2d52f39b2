//! Compile throughput: a generated file of 10,000 services × 10 backends (110,000 lines of
//! ipvsadm output) through parse, check and the ipvsadm emitter, as `lvsc compile` does.
//!
//! Run: `cargo bench --bench compile` (SERVICES and BACKENDS override the size). It prints
//! the median of several runs, the throughput and the peak memory of the process;
//! STAGES=1 first prints the time of each stage.

use lvsc::check::check;
use lvsc::emit::{emit, Target};
use lvsc::syntax::load;
use std::fmt::Write;
use std::path::Path;
use std::time::{Duration, Instant};

fn generate(services: usize, backends: usize) -> String {
    let mut text = String::from("director { gateway 10.128.0.0/9 }\n");
    for s in 0..services {
        let _ = write!(
            text,
            "cluster svc{s} {{\n    vip 10.{}.{}.{}\n    port tcp 80\n    scheduler wrr\n    forward nat\n",
            s / 65536,
            (s / 256) % 256,
            s % 256
        );
        for b in 0..backends {
            let n = s * backends + b;
            let _ = writeln!(
                text,
                "    backend 10.{}.{}.{}:8080 weight {}",
                128 + n / 65536 % 128,
                (n / 256) % 256,
                n % 256,
                1 + b % 5
            );
        }
        text.push_str("}\n");
    }
    text
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let services = std::env::var("SERVICES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let backends = std::env::var("BACKENDS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let text = generate(services, backends);
    if std::env::var("STAGES").is_ok() {
        stages(&text);
        stages(&text);
    }
    let before = peak_memory_kib();
    let mut times: Vec<Duration> = Vec::new();
    let mut lines = 0;
    for _ in 0..7 {
        let start = Instant::now();
        let loaded = load("bench.lvs", Path::new("bench.lvs"), text.clone());
        let checked = check(&loaded);
        let config = checked.config.expect("the generated file checks");
        let output = emit(&config, Target::Ipvsadm);
        times.push(start.elapsed());
        lines = output.lines().count();
    }
    times.sort();
    let median = times[times.len() / 2];
    let seconds = median.as_secs_f64();
    println!("input: {services} services x {backends} backends, {:.1} MiB of .lvs", text.len() as f64 / 1048576.0);
    println!(
        "check + compile to ipvsadm: median {:.3} s of {} runs (min {:.3} s)",
        seconds,
        times.len(),
        times[0].as_secs_f64()
    );
    println!(
        "throughput: {:.0} services/s, {:.0} output lines/s, {:.1} MiB/s of input",
        services as f64 / seconds,
        lines as f64 / seconds,
        text.len() as f64 / 1048576.0 / seconds
    );
    if let (Some(before), Some(after)) = (before, peak_memory_kib()) {
        println!(
            "peak memory: {:.0} MiB ({:.0} MiB before compiling; input {:.0} MiB)",
            after as f64 / 1024.0,
            before as f64 / 1024.0,
            text.len() as f64 / 1048576.0
        );
    }
}
/// With STAGES=1: where the time goes (pest alone, parse with lowering, check, emit).
fn stages(text: &str) {
    let t0 = Instant::now();
    lvsc::syntax::grammar_only(text);
    eprintln!("stages: pest alone {:?}", t0.elapsed());
    let t = Instant::now();
    let loaded = load("bench.lvs", Path::new("bench.lvs"), text.to_string());
    let parse = t.elapsed();
    let checked = check(&loaded);
    let checking = t.elapsed() - parse;
    let config = checked.config.expect("ok");
    let t2 = Instant::now();
    let _ = emit(&config, Target::Ipvsadm);
    eprintln!("stages: parse {:?} check {:?} emit {:?}", parse, checking, t2.elapsed());
}
