//! `lvsc import` and `lvsc dump` (as `.lvs`) at scale: reading `ipvsadm-save -n` text of
//! SERVICES × 10 NAT backends and writing the model as a `.lvs` file (grouping services
//! into clusters, shared backend lists into pools). Time must grow linearly with the
//! table: the run doubles it twice and prints the ratio of each step. Half the services
//! share one backend list, so pools are found too.
//!
//! Run: `cargo bench --bench import` (SERVICES sets the first size, default 5,000).

use lvsc::emit::lvs;
use lvsc::import::ipvsadm;
use lvsc::source::SourceMap;
use std::fmt::Write;
use std::time::{Duration, Instant};

/// `ipvsadm-save -n` text: every odd service has the backends of the one before it.
fn saved(services: usize) -> String {
    let mut text = String::new();
    for s in 0..services {
        let vip = format!("10.{}.{}.{}:80", s / 65536, s / 256 % 256, s % 256);
        let _ = writeln!(text, "-A -t {vip} -s wrr");
        let list = s - s % 2;
        for b in 0..10 {
            let n = list * 10 + b;
            let _ = writeln!(
                text,
                "-a -t {vip} -r 10.{}.{}.{}:8080 -m -w {}",
                128 + n / 65536 % 128,
                n / 256 % 256,
                n % 256,
                1 + b % 5
            );
        }
    }
    text
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64()
}

fn main() {
    let first = std::env::var("SERVICES").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
    let mut previous: Option<f64> = None;
    for services in [first, first * 2, first * 4] {
        let text = saved(services);
        let mut sources = SourceMap::new();
        let id = sources.add("saved", "saved", text.clone());
        let mut times = Vec::new();
        let mut pools = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let config = ipvsadm::read(id, &text).expect("the generated text reads");
            let written = lvs::write(&config, &[]);
            times.push(start.elapsed());
            pools = written.lines().filter(|line| line.starts_with("pool ")).count();
        }
        let time = median(times);
        let growth = previous.map_or(String::new(), |p| format!(", {:.2}x the previous size's time", time / p));
        println!("{services} services x 10 backends ({pools} pools): read and write as .lvs {time:.3} s{growth}");
        previous = Some(time);
    }
}
