//! Hourly `time,value` files a scenario names (grid signals, utilization, generation profiles):
//! read relative to the scenario, checked to cover the run and to hold values in range.

use std::sync::Arc;

use super::Ctx;
use super::time::Window;
use crate::Diagnostic;
use crate::field::Range;

/// A signal read from a file, if one was named and read.
pub(crate) type SignalFile = Option<Arc<dctwin_grid::HourlySignal>>;

/// A signal file's parser.
pub(crate) type Parse<'p> = &'p dyn Fn(&str) -> Result<dctwin_grid::HourlySignal, dctwin_grid::SignalError>;

/// Reads one signal file (`rel` is relative to the scenario) and checks it covers the run;
/// problems are reported at the field `at`.
pub(crate) fn read_signal_file(at: &str, rel: &str, window: Option<Window>, parse: Parse, cx: &mut Ctx) -> SignalFile {
    let full = cx.base_dir.join(rel);
    let text = match dctwin_core::read_text(&full) {
        Ok(t) => t,
        Err(e) => {
            cx.problem(
                Diagnostic::at(at, format!("cannot read {}: {e}", full.display()))
                    .hint("the path is relative to the scenario file"),
            );
            return None;
        }
    };
    let signal = match parse(&text) {
        Ok(s) => s,
        Err(e) => {
            cx.problem(
                Diagnostic::at(at, format!("{}:{}:{}: {}", full.display(), e.line, e.column, e.message)).hint(
                    "Electricity Maps exports have `Datetime (UTC)` and carbon-intensity columns; generic files `time,value`",
                ),
            );
            return None;
        }
    };
    if let Some((start, step_s, steps)) = window
        && let Err(why) = signal.series(start, step_s, steps)
    {
        cx.problem(
            Diagnostic::at(at, format!("{}: {why}", full.display()))
                .hint("set time.start and time.duration inside the file's period"),
        );
        return None;
    }
    Some(Arc::new(signal))
}

/// Reads a generic `time,value` file whose every value must lie in `range` (`what` names the
/// values).
pub(crate) fn read_bounded_file(
    at: &str,
    rel: &str,
    window: Option<Window>,
    range: Range,
    what: &str,
    cx: &mut Ctx,
) -> SignalFile {
    let signal = read_signal_file(at, rel, window, &dctwin_grid::read_generic_csv, cx)?;
    if let Some((hour, v)) = signal.values.iter().enumerate().find(|(_, v)| !range.contains(**v)) {
        cx.problem(
            Diagnostic::at(
                at,
                format!(
                    "{rel}: hour {hour} of the file holds {v}; expected {what} in {}",
                    range.describe()
                ),
            )
            .hint(format!("the file's values are {what}")),
        );
        return None;
    }
    Some(signal)
}
