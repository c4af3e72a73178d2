//! IT load and workloads (issue 3): validation against published runs, the calibration's
//! energy per token, efficiency levers, failures, idle capacity, bad input.

mod common;

use common::{config, num, root, run_file};
use dctwin_it::{AcceleratorPower, H200_FIT};
use dctwin_workload::{AcceleratorSpec, HF_EAGER_STEP_OVERHEAD_S, Levers, PeakThroughput, Precision, ServedModel};

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

/// The report of workload `i`, a training job.
fn training(out: &dctwin::RunOutput, i: usize) -> &dctwin::TrainingReport {
    match &out.workloads[i].details {
        dctwin::WorkloadDetails::Training(t) => t,
        dctwin::WorkloadDetails::Inference(_) => panic!("workload {i} is not a training job"),
    }
}

#[test]
fn t5_reproduces_patterson_2021_within_one_percent() {
    let (out, s) = run_file("scenarios/validation/t5-patterson2021.toml", &[]);
    // Patterson et al. 2021, Table 4: 85.7 MWh and 46.7 tCO2e.
    assert!(
        rel(num(&s, "facility_energy_mwh"), 85.7) < 0.01,
        "{}",
        num(&s, "facility_energy_mwh")
    );
    assert!(
        rel(num(&s, "operational_tco2e"), 46.7) < 0.01,
        "{}",
        num(&s, "operational_tco2e")
    );
    // The job fills the 20 days exactly and completes.
    assert_eq!(num(&s, "training_jobs_completed"), 1.0);
    assert!(rel(training(&out, 0).duration_h.unwrap(), 480.0) < 1e-9);
}

#[test]
fn llama3_failures_scenario_gives_419_interruptions_within_three_sigma() {
    let (out, s) = run_file("scenarios/validation/llama3-failures.toml", &[]);
    let n = num(&s, "interruptions");
    assert!((n - 419.0).abs() < 3.0 * 419.0_f64.sqrt(), "{n}");
    assert!(num(&s, "lost_accelerator_hours") > 0.0 && num(&s, "lost_work_energy_mwh") > 0.0);
    let causes = &training(&out, 0).interruptions_by_cause;
    assert!(causes["faulty GPU"].as_u64().unwrap() > causes["SSD"].as_u64().unwrap_or(0));
    // 3.8e25 FLOPs at 40 % MFU of 989 TFLOP/s is 68 days on 16,384 GPUs: not done in 54.
    assert_eq!(num(&s, "training_jobs_completed"), 0.0);
}

/// The per-step Wh per request and gCO2e per 1,000 tokens, weighted by each step's requests
/// and tokens, add up to the summary's figures for the run.
#[test]
fn per_step_serving_metrics_add_up_to_the_summary() {
    let (out, s) = run_file("scenarios/levers/serving-baseline.toml", &["time.duration=3d"]);
    let r = &out.recorder;
    let weighted = |per: &[f64], weight: &[f64]| -> f64 {
        let total: f64 = weight.iter().sum();
        per.iter()
            .zip(weight)
            .filter(|(_, w)| **w > 0.0)
            .map(|(p, w)| p * w)
            .sum::<f64>()
            / total
    };
    let wh = weighted(&r.inference_wh_per_request, &r.requests);
    let g = weighted(&r.inference_g_co2e_per_1k_tokens, &r.output_tokens);
    assert!(rel(wh, num(&s, "wh_per_request")) < 1e-9, "{wh}");
    assert!(rel(g, num(&s, "g_co2e_per_1k_tokens")) < 1e-9, "{g}");
}

/// Over replicas (seeds 1–10) the interruptions average Llama 3's 419 within three standard
/// errors, and scatter as a Poisson count should (standard deviation ≈ √419 ≈ 20).
#[test]
fn llama3_interruptions_over_replicas_match_the_measured_rate() {
    let path = root().join("scenarios/validation/llama3-failures.toml");
    let counts: Vec<f64> = (1..=10)
        .map(|seed| {
            let loaded = dctwin_scenario::load(&path, &[], Some(seed)).unwrap();
            let out = dctwin::simulate(&loaded.config, |_, _| {});
            dctwin::summarize(&loaded.config, &out).to_json()["interruptions"]
                .as_f64()
                .unwrap()
        })
        .collect();
    let n = counts.len() as f64;
    let mean = counts.iter().sum::<f64>() / n;
    let sd = (counts.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let sigma = 419.0_f64.sqrt();
    assert!(
        (mean - 419.0).abs() < 3.0 * sigma / n.sqrt(),
        "mean {mean} over {counts:?}"
    );
    assert!((0.5 * sigma..1.6 * sigma).contains(&sd), "sd {sd} over {counts:?}");
}

/// The calibration's decoder (1.1 B parameters, BF16, HF `generate`, 96 new tokens on an H200)
/// measured 8.57, 0.845, 0.188 and 0.0852 J/token at batch 1, 8, 32 and 128. The roofline
/// model with the measured eager-mode step overhead reproduces each within a factor of 1.5
/// and the 100-fold fall from batch 1 to 128 within 50–200×.
#[test]
fn energy_per_token_falls_with_batch_as_measured() {
    let h200 = AcceleratorSpec {
        peak: PeakThroughput([67.0, 495.0, 989.0, 1_979.0, 1_979.0, 0.0]),
        memory_gb: 141.0,
        memory_bw_tb_s: 4.8,
    };
    let power = AcceleratorPower {
        active_idle_w: 119.1,
        full_load_w: 691.6,
        curve: H200_FIT,
        memory_bound_load_frac: 0.483,
        power_cap_w: None,
    };
    let j_per_token = |batch: f64| {
        let m = ServedModel {
            params_b: 1.104,
            precision: Precision::Bf16,
            levers: Levers::default(),
            max_batch: batch as u32,
            prompt_tokens: 8.0,
            output_tokens: 96.0,
            step_overhead_s: HF_EAGER_STEP_OVERHEAD_S,
            latency_budget_s: 1.0,
        };
        let (t_mem, t_math, step) = m.decode_step_s(&h200, 1, batch);
        power.mixed_power_w(t_math / step, t_mem / step) * step / batch
    };
    for (batch, measured) in [(1.0, 8.57), (8.0, 0.845), (32.0, 0.188), (128.0, 0.0852)] {
        let model = j_per_token(batch);
        assert!(
            model / measured < 1.5 && measured / model < 1.5,
            "batch {batch}: {model:.3} vs {measured} J/token"
        );
    }
    let fall = j_per_token(1.0) / j_per_token(128.0);
    assert!((50.0..200.0).contains(&fall), "{fall}");
}

/// Lower precision: at small batches decode is memory-bound, so energy per token follows the
/// bytes moved. GPTQ (Frantar et al. 2023) measured 3.25× faster end-to-end 4-bit generation
/// on an A100 and AWQ (Lin et al. 2024) 2.7–3.9×: INT4 should cut J/token 2–4.5× against BF16,
/// with FP8 in between. Compute-bound prefill follows the math rate: the calibration measured
/// FP8 GEMMs at 1.8× fewer joules per operation than BF16 on an H200.
#[test]
fn energy_per_token_falls_with_precision() {
    let (_, bf16) = run_file("scenarios/levers/serving-baseline.toml", &["time.duration=2d"]);
    let (_, fp8) = run_file(
        "scenarios/levers/serving-baseline.toml",
        &["time.duration=2d", "inference.0.precision=fp8"],
    );
    let (_, int4) = run_file("scenarios/levers/serving-int4.toml", &["time.duration=2d"]);
    let (b, f, i) = (
        num(&bf16, "j_per_token"),
        num(&fp8, "j_per_token"),
        num(&int4, "j_per_token"),
    );
    assert!(b > f && f > i, "bf16 {b}, fp8 {f}, int4 {i}");
    assert!((2.0..4.5).contains(&(b / i)), "BF16/INT4 = {}", b / i);
    // Prefill-dominated requests (8,000-token prompts, 1 output token): compute-bound.
    let prefill = |p: &str| {
        let (_, s) = run_file(
            "scenarios/levers/serving-baseline.toml",
            &[
                "time.duration=1d",
                &format!("inference.0.precision={p}"),
                "inference.0.prompt_tokens=8000",
                "inference.0.output_tokens=1",
                "inference.0.requests_per_s=20",
            ],
        );
        num(&s, "j_per_token")
    };
    let ratio = prefill("bf16") / prefill("fp8");
    assert!((1.4..2.2).contains(&ratio), "prefill BF16/FP8 = {ratio}");
}

/// Every lever cuts energy per token, by a factor in line with its cited effect.
#[test]
fn each_lever_has_its_cited_effect() {
    let (_, base) = run_file("scenarios/levers/serving-baseline.toml", &["time.duration=2d"]);
    let base_j = num(&base, "j_per_token");
    for (file, low, high) in [
        // 2:4: 56 % of the bytes, 1.16× math: decode-bound so ≈1.4–1.8×.
        ("serving-sparse24", 1.2, 1.9),
        // MoE 28 % active: ≈3× fewer bytes and FLOPs per token (all experts still resident).
        ("serving-moe", 1.8, 4.0),
        // Early exit and dynamic depth: 1/1.5 of the layers: ≈1.3–1.5×.
        ("serving-early-exit", 1.2, 1.6),
        ("serving-dynamic-depth", 1.2, 1.6),
        // Kernel fusion 1.15×.
        ("serving-kernel-fusion", 1.05, 1.25),
    ] {
        let (_, s) = run_file(&format!("scenarios/levers/{file}.toml"), &["time.duration=2d"]);
        let gain = base_j / num(&s, "j_per_token");
        assert!(
            (low..high).contains(&gain),
            "{file}: {gain:.2}x (expected {low}–{high})"
        );
        // Same demand served.
        assert!(rel(num(&s, "requests"), num(&base, "requests")) < 1e-9, "{file}");
    }
}

#[test]
fn idle_capacity_draws_idle_power() {
    // A 1,024-GPU hall running one 256-GPU job: 768 GPUs sit parked at
    // (8 × 80.4 + 1,200) / 0.96 / 8 = 240.0 W each (HGX H100, catalog values) → 184.3 kW.
    let loaded = config(
        r#"
        name = "idle"
        [time]
        duration = "1d"
        step = "1h"
        [site]
        location = "oslo"
        [[halls]]
        accelerator = "h100-sxm"
        racks = 32
        [[training]]
        name = "small"
        accelerators = 256
        accelerator_hours = 1e9
        failures = false
        checkpoint_interval = "100h"
        "#,
    );
    let out = dctwin::simulate(&loaded.config, |_, _| {});
    let idle = out.recorder.idle_it_power_kw[3];
    assert!(rel(idle, 768.0 * 240.0 / 1_000.0) < 1e-6, "{idle}");
    // Training, idle and nothing else make up the IT power.
    for k in 0..24 {
        let parts = out.recorder.training_it_power_kw[k] + out.recorder.idle_it_power_kw[k];
        assert!(rel(parts, out.recorder.it_power_kw[k]) < 1e-9, "step {k}");
    }
    let s = dctwin::summarize(&loaded.config, &out).to_json();
    assert!(num(&s, "idle_it_energy_mwh") > 4.0);
}

#[test]
fn jobs_wait_for_capacity_and_finish_on_time() {
    // Two 512-GPU jobs of 512 × 6 GPU-hours in a 512-GPU hall: the deferrable one runs after
    // the other; without failures each takes exactly 6 h.
    let loaded = config(
        r#"
        name = "queue"
        [time]
        duration = "1d"
        step = "15m"
        [site]
        location = "oslo"
        [[halls]]
        accelerator = "h100-sxm"
        racks = 16
        [[training]]
        name = "later"
        accelerators = 512
        accelerator_hours = 3072
        deferrable = true
        failures = false
        checkpoint_interval = "100h"
        [[training]]
        name = "urgent"
        accelerators = 512
        accelerator_hours = 3072
        failures = false
        checkpoint_interval = "100h"
        deadline = "2025-01-01T07:00:00Z"
        "#,
    );
    let out = dctwin::simulate(&loaded.config, |_, _| {});
    let (later, urgent) = (training(&out, 0), training(&out, 1));
    assert_eq!(urgent.started_utc.as_deref(), Some("2025-01-01T00:00:00Z"));
    assert_eq!(urgent.finished_utc.as_deref(), Some("2025-01-01T06:00:00Z"));
    assert_eq!(urgent.deadline_met, Some(true));
    assert_eq!(later.started_utc.as_deref(), Some("2025-01-01T06:00:00Z"));
    assert_eq!(later.finished_utc.as_deref(), Some("2025-01-01T12:00:00Z"));
}

#[test]
fn workload_energy_adds_up() {
    let (out, s) = run_file("scenarios/levers/serving-baseline.toml", &["time.duration=2d"]);
    let it: f64 = out.workloads.iter().map(|w| w.ledger.it_energy_kwh).sum::<f64>() / 1_000.0;
    assert!(rel(it + num(&s, "idle_it_energy_mwh"), num(&s, "it_energy_mwh")) < 1e-9);
    let facility: f64 = out.workloads.iter().map(|w| w.ledger.facility_energy_kwh).sum::<f64>() / 1_000.0;
    assert!(facility < num(&s, "facility_energy_mwh") && facility > 0.0);
    assert_eq!(num(&s, "unserved_requests"), 0.0);
    // g CO2e per 1,000 tokens = facility J/token × intensity: consistent units.
    let g = num(&s, "g_co2e_per_1k_tokens");
    let expected = num(&s, "facility_j_per_token") / 3.6e6 * num(&s, "mean_grid_ci_g_per_kwh") * 1_000.0;
    assert!(rel(g, expected) < 0.05, "{g} vs {expected}");
}

/// Embodied emissions by hours of use: the run is charged E × T / (lifetime × use share), and
/// a job its accelerator-hours × (accelerator + its share of the server) / (lifetime × use
/// share) — by hand for a job that holds 16 of a rack's 32 H100s for all ten days.
#[test]
fn embodied_emissions_are_charged_by_hours_of_use() {
    let loaded = common::config(
        "name = \"emb\"\n[time]\nduration = \"10d\"\nstep = \"1h\"\n[hardware]\nlifetime_years = 6\nuse_share = 0.85\n\
         [[halls]]\naccelerator = \"h100-sxm\"\nracks = 1\n[[training]]\nname = \"j\"\naccelerators = 16\n\
         accelerator_hours = 1e7\nfailures = false\ncheckpoint_interval = \"1000h\"\n",
    );
    let c = &loaded.config;
    let h = &c.halls[0];
    let out = dctwin::simulate(c, |_, _| {});
    let s = dctwin::summarize(c, &out).to_json();
    let hours_of_use = 6.0 * 0.85 * 365.25 * 24.0;
    let servers = f64::from(h.servers_per_rack);
    let hall_kg = servers * h.server.embodied_kg + h.accelerators() as f64 * h.accelerator.embodied_kg;
    let want_t = hall_kg * 240.0 / hours_of_use / 1_000.0;
    assert!(
        rel(num(&s, "embodied_tco2e"), want_t) < 1e-9,
        "{} vs {want_t}",
        num(&s, "embodied_tco2e")
    );
    // Six years at 85 % use charges like 5.1 years at 100 %.
    let same = dctwin_scenario::load_str(
        &loaded
            .source
            .replace("lifetime_years = 6\nuse_share = 0.85", "lifetime_years = 5.1"),
        std::path::Path::new("emb.toml"),
        &[],
        None,
    )
    .unwrap();
    assert!(rel(dctwin::summary::embodied_tco2e(&same.config), want_t) < 1e-12);
    let per_acc_kg = h.accelerator.embodied_kg + h.server.embodied_kg / f64::from(h.accelerators_per_server);
    let job = &out.workloads[0];
    assert!(
        rel(job.ledger.accelerator_h, 16.0 * 240.0) < 1e-12,
        "{}",
        job.ledger.accelerator_h
    );
    let want_job = 16.0 * 240.0 * per_acc_kg / hours_of_use / 1_000.0;
    assert!(
        rel(job.embodied_tco2e, want_job) < 1e-9,
        "{} vs {want_job}",
        job.embodied_tco2e
    );
    // Half the hall's accelerators, half its servers' share: half the run's embodied.
    assert!(rel(job.embodied_tco2e, want_t / 2.0) < 1e-9);
}

#[test]
fn bad_workload_input_gets_clear_errors() {
    let base =
        "name = \"x\"\n[site]\nlocation = \"oslo\"\n[[halls]]\nname = \"a\"\naccelerator = \"h100-sxm\"\nracks = 4\n";
    let cases = [
        (
            "[[inference]]\nname = \"s\"\nmodel_params_b = 7\nrequests_per_s = 1\noutput_tokens = -5\n",
            "`inference.0.output_tokens`: expected a number in 1..10000000 tokens (output tokens per request), found -5",
        ),
        (
            "[[inference]]\nname = \"s\"\nmodel_params_b = 7\nrequests_per_s = 1\nprecision = \"int3\"\n",
            "unknown precision `int3`",
        ),
        (
            "[[inference]]\nname = \"s\"\nmodel_params_b = 7\nrequests_per_s = 1\nhall = \"b\"\n",
            "no hall is named `b`",
        ),
        (
            "[[inference]]\nname = \"s\"\nmodel_params_b = 4000\nrequests_per_s = 1\n",
            "needs 256 accelerators per replica; hall `a` has 128",
        ),
        (
            "[[training]]\nname = \"t\"\naccelerators = 8\naccelerator_hours = 10\nearliest_start = \"2025-02-01\"\ndeadline = \"2025-01-15\"\n",
            "is not after the earliest start",
        ),
        (
            "[[training]]\nname = \"t\"\naccelerators = 8\naccelerator_hours = 10\ntotal_flops = 1e20\n",
            "exactly one of `accelerator_hours` or `total_flops`",
        ),
        (
            "[[training]]\nname = \"t\"\naccelerators = 4096\naccelerator_hours = 10\n",
            "the job wants 4096 accelerators but its hall has 128",
        ),
        (
            "[[inference]]\nname = \"s\"\nmodel_params_b = 7\nrequests_per_s = 1\nsparsity = \"3:4\"\n",
            "unknown sparsity `3:4`",
        ),
    ];
    for (extra, expected) in cases {
        let text = format!("{base}{extra}");
        let err = dctwin_scenario::load_str(&text, "bad.toml".as_ref(), &[], None)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
        assert!(err.contains("bad.toml:"), "{err}");
    }
}

/// A power cap slows training along the DVFS law and saves energy per unit of work. Capping
/// an H100 at 420 W keeps ((420 − 138.3)/(697.5 − 138.3))^(1/1.76) = 67.8 % of its throughput;
/// the job asks for 95 %, so it runs at 0.678/0.95 = 71.4 % speed: 5 days become 7.0. The
/// GPUs alone save ≈15 % (McDonald et al. 2022 measured 13.7 % on V100s capped at 60 %); the
/// whole server saves less, because the host keeps drawing power for the longer run.
#[test]
fn power_cap_trades_time_for_energy() {
    let run = |cap: &str| {
        let (out, _) = run_file(
            "scenarios/levers/training-power-cap.toml",
            &[&format!("halls.0.power_cap_w={cap}")],
        );
        (
            training(&out, 0).duration_h.unwrap(),
            out.workloads[0].ledger.it_energy_kwh,
        )
    };
    let (free_h, free_kwh) = run("700");
    let (capped_h, capped_kwh) = run("420");
    assert!((free_h - 120.0).abs() < 0.25 + 1e-9, "{free_h}");
    let speed = ((420.0_f64 - 138.3) / (697.5 - 138.3)).powf(1.0 / 1.76) / 0.95;
    assert!(
        (capped_h - 120.0 / speed).abs() <= 0.25,
        "{capped_h} vs {}",
        120.0 / speed
    );
    let saving = 1.0 - capped_kwh / free_kwh;
    assert!((0.01..0.10).contains(&saving), "server-level saving {saving}");
    let gpu_saving = 1.0 - (420.0 * capped_h) / (697.5 * free_h);
    assert!((0.10..0.20).contains(&gpu_saving), "GPU-only saving {gpu_saving}");
}
