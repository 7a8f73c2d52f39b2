//! Plans at scale, as `lvsc plan` shows them: the table diff, the unified diff of the two
//! tables' ipvsadm text and the numbered operations, for three kinds of change to a table
//! of SERVICES × 10 backends — every backend added (the live table has only the
//! services), every weight changed, one backend reweighted, nothing changed. Time must
//! grow linearly with the table: the run doubles it twice and prints the ratio of each
//! step.
//!
//! Run: `cargo bench --bench plan` (SERVICES sets the first size, default 2,000).

use lvsc::change::{plan, render_plan, Scope};
use lvsc::check::check;
use lvsc::model::Config;
use lvsc::syntax::load;
use std::fmt::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// The table's model; `backends` per service, each of weight `weight`.
fn table(services: usize, backends: usize, weight: u32) -> Config {
    let mut text = String::from("director { gateway 10.128.0.0/9 }\n");
    for s in 0..services {
        let _ =
            writeln!(text, "cluster s{s} {{\n    vip 10.{}.{}.1\n    port tcp 80\n    forward nat", s / 250, s % 250);
        for b in 0..backends {
            let n = s * backends + b;
            let _ = writeln!(
                text,
                "    backend 10.{}.{}.{}:8080 weight {weight}",
                128 + n / 62500,
                n / 250 % 250,
                n % 250 + 1
            );
        }
        text.push_str("}\n");
    }
    let loaded = load("bench.lvs", Path::new("bench.lvs"), text);
    check(&loaded).config.expect("the generated table checks")
}

/// `config` with the first backend of its middle service at another weight.
fn one_reweighted(config: &Config) -> Config {
    let mut changed = config.clone();
    let middle = changed.services.len() / 2;
    if let Some(destination) = changed.services.get_mut(middle).and_then(|s| s.destinations.first_mut()) {
        destination.weight += 1;
    }
    changed
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64()
}

fn main() {
    let first = std::env::var("SERVICES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000);
    let mut previous: Vec<Option<f64>> = vec![None; 4];
    for services in [first, first * 2, first * 4] {
        let desired = table(services, 10, 1);
        let cases = [
            ("every backend added", table(services, 0, 1)),
            ("every weight changed", table(services, 10, 2)),
            ("one backend reweighted", one_reweighted(&desired)),
            ("nothing changed", desired.clone()),
        ];
        for (i, (what, live)) in cases.iter().enumerate() {
            let mut times = Vec::new();
            let mut lines = 0;
            for _ in 0..3 {
                let start = Instant::now();
                let planned = plan(live, &desired, Scope::default());
                lines = render_plan(&planned, "live table", "bench.lvs", false).lines().count();
                times.push(start.elapsed());
            }
            let time = median(times);
            let growth = previous[i].map_or(String::new(), |p| format!(", {:.2}x the previous size's time", time / p));
            println!("{services} services, {what}: plan and render {time:.3} s ({lines} lines shown){growth}");
            previous[i] = Some(time);
        }
    }
}
