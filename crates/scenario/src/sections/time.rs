//! `[time]`: the simulated window — its start, length and step.

use dctwin_core::{UtcTime, format_duration_s, parse_duration_s, parse_utc};
use serde::Deserialize;

use super::Ctx;
use crate::Diagnostic;
use crate::field::{Field, Kind, Unset};

/// `[time]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TimeSpec {
    /// See [`START`].
    pub start: Option<String>,
    /// See [`DURATION`].
    pub duration: Option<String>,
    /// See [`STEP`].
    pub step: Option<String>,
}

/// The section.
pub const TIME: Field = Field::new("time", Kind::Table, "The simulated window.");
/// First instant.
pub const START: Field = Field::new("time.start", Kind::Time, "First instant of the run, UTC.")
    .or(Unset::Text("2025-01-01T00:00:00Z"))
    .example("time.start = \"2025-01-01T00:00:00Z\"");
/// Length of the window.
pub const DURATION: Field = Field::new(
    "time.duration",
    Kind::Duration,
    "Length of the run; a whole number of steps (units s, m, h, d, w).",
)
.or(Unset::Text("365d"))
.example("time.duration = \"365d\"");
/// Fixed step.
pub const STEP: Field = Field::new(
    "time.step",
    Kind::Duration,
    "The fixed time step every model advances by.",
)
.or(Unset::Text("15m"))
.example("time.step = \"15m\" (units: s, m, h, d, w)");

/// The section's fields.
pub const FIELDS: &[Field] = &[TIME, START, DURATION, STEP];

/// Longest run accepted, in steps: a century at 15 minutes. A guard against typos such as
/// `step = "1s"` with `duration = "365d"` that would allocate gigabytes.
pub(crate) const MAX_STEPS: u64 = 4_000_000;

/// The resolved window: first instant, step [s] and number of steps.
pub(crate) type Window = (UtcTime, u64, usize);

/// Checks `[time]`; `None` when any part of it is wrong (each problem reported).
pub(crate) fn resolve(t: &TimeSpec, cx: &mut Ctx) -> Option<Window> {
    let start_text = cx.text(&START, None, t.start.as_deref());
    let step_text = cx.text(&STEP, None, t.step.as_deref());
    let duration_text = cx.text(&DURATION, None, t.duration.as_deref());
    let start = parse_utc(&start_text).map_err(|e| Diagnostic::at(START.path, e).hint(START.example));
    let step = parse_duration_s(&step_text).map_err(|e| Diagnostic::at(STEP.path, e).hint(STEP.example));
    let duration =
        parse_duration_s(&duration_text).map_err(|e| Diagnostic::at(DURATION.path, e).hint(DURATION.example));
    let mut steps = None;
    if let (Ok(step_s), Ok(duration_s)) = (&step, &duration) {
        let (step_s, duration_s) = (*step_s, *duration_s);
        if step_s > duration_s {
            cx.problem(
                Diagnostic::at(
                    STEP.path,
                    format!("the step ({step_text}) is longer than the whole window ({duration_text})"),
                )
                .hint(format!(
                    "use a step of at most {}, e.g. \"15m\"",
                    format_duration_s(duration_s)
                )),
            );
        } else if duration_s % step_s != 0 {
            let n = duration_s / step_s;
            cx.problem(
                Diagnostic::at(
                    DURATION.path,
                    format!(
                        "{duration_text} is not a whole number of {step_text} steps ({:.2})",
                        duration_s as f64 / step_s as f64
                    ),
                )
                .hint(format!(
                    "use {} or {}, or a step that divides it",
                    format_duration_s(n * step_s),
                    format_duration_s((n + 1) * step_s)
                )),
            );
        } else if duration_s / step_s > MAX_STEPS {
            cx.problem(
                Diagnostic::at(
                    STEP.path,
                    format!(
                        "{} steps is more than dctwin runs at once ({MAX_STEPS})",
                        duration_s / step_s
                    ),
                )
                .hint("use a longer step, e.g. \"5m\" or \"15m\""),
            );
        } else {
            steps = Some((duration_s / step_s) as usize);
        }
    }
    let (start, step) = (cx.ok(start), cx.ok(step));
    cx.ok(duration);
    Some((start?, step?, steps?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(start: Option<&str>, duration: &str, step: &str) -> (Option<Window>, Vec<Diagnostic>) {
        let spec = TimeSpec {
            start: start.map(str::to_string),
            duration: Some(duration.into()),
            step: Some(step.into()),
        };
        let mut cx = Ctx::for_tests();
        let w = resolve(&spec, &mut cx);
        (w, cx.problems)
    }

    #[test]
    fn a_week_of_quarter_hours_is_672_steps_from_the_default_start() {
        let (w, problems) = window(None, "7d", "15m");
        assert!(problems.is_empty());
        let (start, step_s, steps) = w.unwrap();
        assert_eq!(
            (start.to_string().as_str(), step_s, steps),
            ("2025-01-01T00:00:00Z", 900, 672)
        );
    }

    #[test]
    fn a_window_that_is_not_whole_steps_names_both_neighbours() {
        let (w, problems) = window(None, "100m", "15m");
        assert!(w.is_none());
        assert_eq!(problems[0].path, "time.duration");
        assert_eq!(
            problems[0].hint.as_deref(),
            Some("use 90m or 105m, or a step that divides it")
        );
    }

    #[test]
    fn every_bad_part_is_reported() {
        let (w, problems) = window(Some("yesterday"), "1y", "15m");
        assert!(w.is_none());
        let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["time.start", "time.duration"]);
    }
}
