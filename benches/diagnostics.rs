//! Diagnostics at scale: a NAT table with no declared return path, so that every backend
//! gets W105 (as an imported `ipvsadm-save -n` table does), checked and rendered for a
//! person the way `lvsc check` does, and as JSON. Time must grow linearly with the number
//! of diagnostics: the run doubles the table twice and prints the ratio of each step.
//!
//! Run: `cargo bench --bench diagnostics` (SERVICES sets the first size, default 2,000
//! services × 10 backends = 20,000 warnings).

use lvsc::check::check;
use lvsc::diagnostic::{render_all, render_json, RenderOptions};
use lvsc::syntax::load;
use std::fmt::Write;
use std::path::Path;
use std::time::{Duration, Instant};

fn generate(services: usize) -> String {
    let mut text = String::new();
    for s in 0..services {
        let _ = write!(
            text,
            "cluster svc{s} {{\n    vip 10.{}.{}.1\n    port tcp 443\n    scheduler wrr\n    forward nat\n",
            s / 250 % 250,
            s % 250
        );
        for d in 0..10 {
            let _ = writeln!(text, "    backend 172.{}.{}.{}:8443", 16 + d, s / 250 % 250, s % 250 + 1);
        }
        text.push_str("}\n");
    }
    text
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let first = std::env::var("SERVICES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000);
    let mut previous: Option<f64> = None;
    for services in [first, first * 2, first * 4] {
        let text = generate(services);
        let (mut human, mut json) = (Vec::new(), Vec::new());
        let mut count = 0;
        let mut rendered = 0;
        for _ in 0..3 {
            let start = Instant::now();
            let loaded = load("bench.lvs", Path::new("bench.lvs"), text.clone());
            let checked = check(&loaded);
            let options = RenderOptions { color: false, width: 100, deny_warnings: false };
            rendered = render_all(&checked.diagnostics, &loaded.sources, options).len();
            human.push(start.elapsed());
            let start = Instant::now();
            let _ = render_json(&checked.diagnostics, &loaded.sources, false);
            json.push(start.elapsed());
            count = checked.diagnostics.len();
        }
        let (human, json) = (median(human).as_secs_f64(), median(json).as_secs_f64());
        let growth = previous.map_or(String::new(), |p| format!(", {:.2}x the previous size's time", human / p));
        println!(
            "{services} services, {count} diagnostics: check + human rendering {human:.3} s ({} KiB shown, \
             repeats grouped){growth}; JSON of every instance {json:.3} s",
            rendered / 1024
        );
        previous = Some(human);
    }
}
