//! Benchmark: simulated rack-steps per second for a 100 MW campus — 2,400 racks of HGX H100
//! servers (four 8-GPU servers per rack, ~80 MW of IT at full load, ~100 MW at the meter)
//! over a year at 5-minute steps (105,120 ticks, 2.5 × 10⁸ rack-steps).
//!
//! Run: `cargo bench --bench campus` (add `-- --quick` for a 30-day window). Reports the median
//! of several repetitions and, measured in the same run, the cost of the schedule alone (one
//! rack) so the per-rack cost can be separated from the per-tick cost.

use std::path::Path;
use std::time::Instant;

/// The same campus driven by workloads instead of a utilization profile: one 40,960-GPU
/// training job with interruptions (Llama 3 rate) and two inference services (a 70 B chat
/// model and an 8 B coding assistant) on the rest.
fn workload_scenario(duration: &str) -> dctwin_scenario::RunConfig {
    let text = format!(
        r#"
        name = "campus-100mw-workloads"
        [time]
        duration = "{duration}"
        step = "5m"
        [site]
        location = "virginia"
        [[halls]]
        accelerator = "h100-sxm"
        servers_per_rack = 4
        racks = 2400
        cooling = "air-chiller"
        [[training]]
        name = "pretrain"
        accelerators = 40960
        accelerator_hours = 1e12
        [[inference]]
        name = "chat-70b"
        model_params_b = 70
        requests_per_s = 2000
        [[inference]]
        name = "code-8b"
        model_params_b = 8
        requests_per_s = 3000
        prompt_tokens = 1500
        output_tokens = 13
        "#
    );
    dctwin_scenario::load_str(&text, Path::new("campus-workloads.toml"), &[], None)
        .expect("benchmark scenario is valid")
        .config
}

fn scenario(racks: u32, duration: &str) -> dctwin_scenario::RunConfig {
    let text = format!(
        r#"
        name = "campus-100mw"
        [time]
        duration = "{duration}"
        step = "5m"
        [site]
        location = "virginia"
        [[halls]]
        accelerator = "h100-sxm"
        servers_per_rack = 4
        racks = {racks}
        cooling = "air-chiller"
        utilization = {{ profile = "inference", mean = 0.6 }}
        "#
    );
    dctwin_scenario::load_str(&text, Path::new("campus.toml"), &[], None)
        .expect("benchmark scenario is valid")
        .config
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time_runs(config: &dctwin_scenario::RunConfig, reps: usize) -> f64 {
    let mut secs = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        let rec = dctwin::simulate(config, |_, _| {});
        secs.push(t.elapsed().as_secs_f64());
        std::hint::black_box(rec.recorder.facility_power_kw.last().copied());
    }
    median(secs)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let duration = if quick { "30d" } else { "365d" };
    let reps = if quick { 3 } else { 5 };
    let campus = scenario(2_400, duration);
    let one_rack = scenario(1, duration);
    let ticks = campus.steps as f64;
    let rack_steps = ticks * 2_400.0;

    let overhead_s = time_runs(&one_rack, reps);
    let campus_s = time_runs(&campus, reps);
    let per_tick_us = overhead_s / ticks * 1e6;
    let per_rack_step_ns = (campus_s - overhead_s) / rack_steps * 1e9;
    println!(
        "campus: 2,400 racks x {} ticks of 5 min ({duration}), median of {reps}",
        campus.steps
    );
    println!("  wall time, full campus      {campus_s:>10.3} s");
    println!("  rack-steps per second       {:>10.3e}", rack_steps / campus_s);
    println!("  wall time, one rack         {overhead_s:>10.3} s  (weather, grid, schedule, recording)");
    println!("  per tick without racks      {per_tick_us:>10.2} us");
    println!("  per rack-step               {per_rack_step_ns:>10.2} ns");

    let workloads = workload_scenario(duration);
    let workload_s = time_runs(&workloads, reps);
    println!("campus with workloads (1 training job, 2 inference services), median of {reps}");
    println!(
        "  wall time                   {workload_s:>10.3} s  ({:.2}x the profile-driven campus)",
        workload_s / campus_s
    );
    println!("  rack-steps per second       {:>10.3e}", rack_steps / workload_s);
}
