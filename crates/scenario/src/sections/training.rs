//! `[[training]]`: training jobs — their size, placement, window, checkpoints and failures.

use dctwin_core::{UtcTime, parse_duration_s, parse_utc};
use dctwin_workload::{
    DEFAULT_CHECKPOINT_SAVE_H, INTERRUPTIONS_PER_ACCELERATOR_HOUR, PeakThroughput, Precision,
    young_checkpoint_interval_h,
};
use serde::Deserialize;

use super::Ctx;
use crate::Diagnostic;
use crate::config::{Hall, TrainingConfig};
use crate::field::{Field, Kind, Unset};

/// `[[training]]`: a training job.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TrainingSpec {
    /// See [`NAME`].
    pub name: String,
    /// See [`HALL`].
    pub hall: Option<String>,
    /// See [`ACCELERATORS`].
    pub accelerators: i64,
    /// See [`ACCELERATOR_HOURS`].
    pub accelerator_hours: Option<f64>,
    /// See [`TOTAL_FLOPS`].
    pub total_flops: Option<f64>,
    /// See [`MFU`].
    pub mfu: Option<f64>,
    /// See [`PRECISION`].
    pub precision: Option<String>,
    /// See [`EARLIEST_START`].
    pub earliest_start: Option<String>,
    /// See [`DEADLINE`].
    pub deadline: Option<String>,
    /// See [`DEFERRABLE`].
    pub deferrable: Option<bool>,
    /// See [`CHECKPOINT_INTERVAL`].
    pub checkpoint_interval: Option<String>,
    /// See [`RESTART`].
    pub restart: Option<String>,
    /// See [`FAILURES`].
    pub failures: Option<bool>,
    /// See [`UTILIZATION`].
    pub utilization: Option<f64>,
}

/// Math precisions a workload can name.
pub const PRECISIONS: &[&str] = &["fp32", "tf32", "bf16", "fp8", "int8", "int4"];

/// The section.
pub const TRAINING: Field = Field::new(
    "training",
    Kind::Tables,
    "Training jobs, placed on a hall's accelerators.",
);
/// Job name.
pub const NAME: Field = Field::new("training.*.name", Kind::Text, "The job's name; unique among workloads.")
    .required()
    .example("name = \"llama-70b\"");
/// Hall.
pub const HALL: Field = Field::new("training.*.hall", Kind::Text, "The hall it runs in (a hall's `name`).")
    .or(Unset::Derived("the first hall"))
    .example("hall = \"hall-1\"");
/// Accelerators.
pub const ACCELERATORS: Field = Field::new(
    "training.*.accelerators",
    Kind::Integer,
    "Accelerators the job uses; at most what its hall holds.",
)
.required()
.range(1.0, 4_294_967_295.0)
.example("accelerators = 4096");
/// Llama 3 405B took 3.8e25 FLOPs and 31 million GPU-hours.
pub const ACCELERATOR_HOURS: Field = Field::number(
    "training.*.accelerator_hours",
    "h",
    "The job's size as accelerator-hours (GPU-hours); give this or `total_flops`.",
)
.range(0.001, 1e10)
.example("accelerator_hours = 3.55e6 (GPT-3 on V100s)");
/// Total FLOPs.
pub const TOTAL_FLOPS: Field = Field::number(
    "training.*.total_flops",
    "FLOP",
    "The job's size as floating-point operations, run at `mfu` of the accelerator's peak at `precision`; give this or `accelerator_hours`.",
)
.range(1.0, 1e30)
.example("total_flops = 3.14e23 (GPT-3)");
/// Model FLOPs utilization.
pub const MFU: Field = Field::number(
    "training.*.mfu",
    "1",
    "Model FLOPs utilization for `total_flops`: the share of peak the job achieves (Llama 3: 38–43 %).",
)
.or(Unset::Number(0.40))
.above(0.0, 1.0)
.example("mfu = 0.4");
/// Precision.
pub const PRECISION: Field = Field::new(
    "training.*.precision",
    Kind::Choice(PRECISIONS),
    "Math precision whose peak `total_flops` runs at.",
)
.or(Unset::Text("bf16"))
.example("precision = \"bf16\"");
/// Earliest start.
pub const EARLIEST_START: Field = Field::new("training.*.earliest_start", Kind::Time, "Earliest start, UTC.")
    .or(Unset::Derived("the start of the run"))
    .example("earliest_start = \"2025-03-01T00:00:00Z\"");
/// Deadline.
pub const DEADLINE: Field = Field::new(
    "training.*.deadline",
    Kind::Time,
    "Deadline, UTC; reported as met or missed.",
)
.example("deadline = \"2025-06-01T00:00:00Z\"");
/// Deferrable.
pub const DEFERRABLE: Field = Field::new(
    "training.*.deferrable",
    Kind::Bool,
    "Whether the job may wait for capacity; jobs that may not are placed first.",
)
.or(Unset::Bool(false))
.example("deferrable = true");
/// Checkpoint interval.
pub const CHECKPOINT_INTERVAL: Field = Field::new(
    "training.*.checkpoint_interval",
    Kind::Duration,
    "Time between checkpoints.",
)
.or(Unset::Derived(
    "Young's optimal interval for the job's size and failure rate",
))
.example("checkpoint_interval = \"3h\"");
/// Restart time.
pub const RESTART: Field = Field::new(
    "training.*.restart",
    Kind::Duration,
    "Time to recover from an interruption.",
)
.or(Unset::Text("10m"))
.example("restart = \"10m\"");
/// Failures.
pub const FAILURES: Field = Field::new(
    "training.*.failures",
    Kind::Bool,
    "Whether interruptions happen, at Llama 3's rate per accelerator-hour.",
)
.or(Unset::Bool(true))
.example("failures = false");
/// Throughput share.
pub const UTILIZATION: Field = Field::number(
    "training.*.utilization",
    "1",
    "Throughput share of a running accelerator.",
)
.or(Unset::Number(0.95))
.above(0.0, 1.0)
.example("utilization = 0.95");

/// The section's fields.
pub const FIELDS: &[Field] = &[
    TRAINING,
    NAME,
    HALL,
    ACCELERATORS,
    ACCELERATOR_HOURS,
    TOTAL_FLOPS,
    MFU,
    PRECISION,
    EARLIEST_START,
    DEADLINE,
    DEFERRABLE,
    CHECKPOINT_INTERVAL,
    RESTART,
    FAILURES,
    UTILIZATION,
];

/// The hall a workload names (the first when it names none), `field` at index `i`.
pub(crate) fn hall_index(
    field: &'static Field,
    i: usize,
    name: Option<&str>,
    halls: &[Hall],
    cx: &mut Ctx,
) -> Option<usize> {
    let Some(n) = name else {
        cx.derived(field, Some(i), halls[0].name.clone());
        return Some(0);
    };
    let found = halls.iter().position(|h| h.name == n);
    if found.is_none() {
        let names: Vec<&str> = halls.iter().map(|h| h.name.as_str()).collect();
        cx.problem(
            Diagnostic::at(field.at(i), format!("no hall is named `{n}`"))
                .hint(format!("halls are: {}", names.join(", "))),
        );
    }
    found
}

/// A precision by name.
pub(crate) fn precision(field: &'static Field, i: usize, v: Option<&str>, cx: &mut Ctx) -> Option<Precision> {
    cx.choice(field, Some(i), v).and_then(Precision::from_name)
}

/// Every job that resolved.
pub(crate) fn resolve_all(
    specs: &[TrainingSpec],
    halls: &[Hall],
    start: Option<UtcTime>,
    cx: &mut Ctx,
) -> Vec<TrainingConfig> {
    specs
        .iter()
        .enumerate()
        .filter_map(|(i, t)| resolve(i, t, halls, start, cx))
        .collect()
}

fn resolve(i: usize, t: &TrainingSpec, halls: &[Hall], start: Option<UtcTime>, cx: &mut Ctx) -> Option<TrainingConfig> {
    let hall = hall_index(&HALL, i, t.hall.as_deref(), halls, cx);
    let accelerators = match (t.accelerators, hall.map(|h| halls[h].accelerators())) {
        (n, Some(cap)) if n >= 1 && (n as u64) <= cap => Some(n as u32),
        (n, Some(cap)) if n >= 1 => {
            cx.problem(
                Diagnostic::at(
                    ACCELERATORS.at(i),
                    format!("the job wants {n} accelerators but its hall has {cap}"),
                )
                .hint("add racks to the hall or shrink the job"),
            );
            None
        }
        (n, _) => {
            cx.problem(ACCELERATORS.out_of_range(ACCELERATORS.at(i), n as f64));
            None
        }
    };
    let prec = precision(&PRECISION, i, t.precision.as_deref(), cx);
    let mfu = cx.number_checked(&MFU, Some(i), t.mfu);
    let work = match (t.accelerator_hours, t.total_flops) {
        (Some(h), None) => cx.within(&ACCELERATOR_HOURS, Some(i), h),
        (None, Some(f)) => match (cx.within(&TOTAL_FLOPS, Some(i), f), hall, prec, mfu) {
            (Some(f), Some(h), Some(prec), Some(mfu)) => {
                let (_, peak) = PeakThroughput(halls[h].accelerator.peak_tflops.to_array()).math(prec);
                Some(f / (peak * 1e12 * mfu * 3_600.0))
            }
            _ => None,
        },
        _ => {
            cx.problem(
                Diagnostic::at(
                    ACCELERATOR_HOURS.at(i),
                    "give the job's size as exactly one of `accelerator_hours` or `total_flops`",
                )
                .hint("accelerator_hours = 100000, or total_flops = 3.14e23 with mfu = 0.4"),
            );
            None
        }
    };
    let time = |field: &'static Field, v: &str, cx: &mut Ctx| {
        cx.ok(parse_utc(v).map_err(|e| Diagnostic::at(field.at(i), e).hint("times look like \"2025-03-01T00:00:00Z\"")))
    };
    let earliest = if let Some(v) = &t.earliest_start {
        time(&EARLIEST_START, v, cx)
    } else {
        if let Some(s) = start {
            cx.derived(&EARLIEST_START, Some(i), s.to_string());
        }
        start
    };
    let deadline = t.deadline.as_deref().and_then(|v| time(&DEADLINE, v, cx));
    if let (Some(e), Some(d)) = (earliest, deadline)
        && d <= e
    {
        cx.problem(
            Diagnostic::at(
                DEADLINE.at(i),
                format!("the deadline {d} is not after the earliest start {e}"),
            )
            .hint("move the deadline later or the earliest start earlier"),
        );
    }
    let hours = |field: &'static Field, text: &str, cx: &mut Ctx| {
        cx.ok(parse_duration_s(text)
            .map(|s| s as f64 / 3_600.0)
            .map_err(|e| Diagnostic::at(field.at(i), e).hint(field.example)))
    };
    let checkpoint = match &t.checkpoint_interval {
        Some(v) => hours(&CHECKPOINT_INTERVAL, v, cx),
        None => accelerators.map(|n| {
            let h = young_checkpoint_interval_h(DEFAULT_CHECKPOINT_SAVE_H, n, INTERRUPTIONS_PER_ACCELERATOR_HOUR);
            cx.derived(
                &CHECKPOINT_INTERVAL,
                Some(i),
                dctwin_core::format_duration_s((h * 3_600.0).round() as u64),
            );
            h
        }),
    };
    let restart_text = cx.text(&RESTART, Some(i), t.restart.as_deref());
    let restart = hours(&RESTART, &restart_text, cx);
    let deferrable = cx.flag(&DEFERRABLE, Some(i), t.deferrable);
    let failures = cx.flag(&FAILURES, Some(i), t.failures);
    let utilization = cx.number_checked(&UTILIZATION, Some(i), t.utilization);
    Some(TrainingConfig {
        name: t.name.clone(),
        hall: hall?,
        accelerators: accelerators?,
        work_accelerator_h: work?,
        earliest_start: earliest?,
        deadline,
        deferrable,
        checkpoint_interval_h: checkpoint?,
        restart_h: restart?,
        failures,
        utilization_frac: utilization?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dctwin_workload::DEFAULT_RESTART_H;

    #[test]
    fn the_default_restart_is_the_models() {
        let mut cx = Ctx::for_tests();
        let text = cx.text(&RESTART, Some(0), None);
        assert_eq!(parse_duration_s(&text).unwrap() as f64 / 3_600.0, DEFAULT_RESTART_H);
    }

    #[test]
    fn flops_become_accelerator_hours_at_the_stated_mfu() {
        let mut cx = Ctx::for_tests();
        let spec: crate::ScenarioFile = toml::from_str(
            "name = \"t\"\n[site]\nlocation = \"virginia\"\n[[halls]]\nracks = 16\n\
             [[training]]\nname = \"j\"\naccelerators = 64\ntotal_flops = 1e21\nmfu = 0.5\n",
        )
        .unwrap();
        let halls = super::super::hall::resolve_all(&spec.halls, None, &mut cx).unwrap();
        let start = parse_utc("2025-01-01T00:00:00Z").ok();
        let jobs = resolve_all(&spec.training, &halls, start, &mut cx);
        let peak_tflops = PeakThroughput(halls[0].accelerator.peak_tflops.to_array())
            .math(Precision::Bf16)
            .1;
        let want = 1e21 / (peak_tflops * 1e12 * 0.5 * 3_600.0);
        assert!(
            (jobs[0].work_accelerator_h - want).abs() < 1e-9 * want,
            "{} vs {want}",
            jobs[0].work_accelerator_h
        );
        assert!(cx.problems.is_empty(), "{:?}", cx.problems);
    }

    #[test]
    fn a_job_bigger_than_its_hall_says_both_sizes() {
        let mut cx = Ctx::for_tests();
        let spec: crate::ScenarioFile = toml::from_str(
            "name = \"t\"\n[site]\nlocation = \"virginia\"\n[[halls]]\nracks = 1\n\
             [[training]]\nname = \"j\"\naccelerators = 100000\naccelerator_hours = 10\n",
        )
        .unwrap();
        let halls = super::super::hall::resolve_all(&spec.halls, None, &mut cx).unwrap();
        assert!(resolve_all(&spec.training, &halls, None, &mut cx).is_empty());
        assert!(
            cx.problems[0].message.contains("100000 accelerators but its hall has"),
            "{:?}",
            cx.problems
        );
    }
}
