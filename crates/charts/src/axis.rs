//! Axis ranges, "nice" tick positions and tick label formatting.
//!
//! Ticks are computed here rather than by plotters so that the number of decimals printed
//! always matches the tick step: `0.5`, `1.0`, `1.5` rather than `0.5000000001` or `1`.
//! [`Axis`] is itself a plotters coordinate (`Ranged`), so the grid lines plotters draws are
//! exactly these ticks.

use std::ops::Range;

use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};

/// Headroom above the tallest stack, as a fraction of it, so the top of the data never
/// touches the frame.
const HEADROOM_FRAC: f64 = 0.10;

/// A linear axis: its range, tick positions and how many decimals the labels show.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Axis {
    /// Lower end of the axis.
    pub(crate) lo: f64,
    /// Upper end of the axis.
    pub(crate) hi: f64,
    /// Tick positions, all within `lo..=hi`.
    pub(crate) ticks: Vec<f64>,
    /// Decimals shown in tick labels.
    pub(crate) decimals: usize,
}

impl Axis {
    /// The value axis of a stacked chart: from 0 to 10 % above `max`, or 0..1 when everything
    /// is zero (a flat line along the bottom still reads as "zero").
    pub(crate) fn value(max: f64, max_ticks: usize) -> Self {
        let hi = if max > 0.0 { max * (1.0 + HEADROOM_FRAC) } else { 1.0 };
        // Past f64::MAX / 1.1 the headroom would overflow; draw without it.
        let hi = if hi.is_finite() { hi } else { max };
        Self::spanning(0.0, hi, max_ticks)
    }

    /// An axis over exactly `lo..hi` with at most about `max_ticks` ticks on round numbers.
    pub(crate) fn spanning(lo: f64, hi: f64, max_ticks: usize) -> Self {
        let step = nice_step(hi - lo, max_ticks);
        let first = (lo / step).ceil();
        // A tolerance of 1e-9 steps keeps a tick that lands on `hi` up to rounding.
        let last = (hi / step + 1e-9).floor();
        let count = (last - first).max(0.0) as usize + 1;
        let ticks = (0..count).map(|i| ((first + i as f64) * step).min(hi)).collect();
        Self {
            lo,
            hi,
            ticks,
            decimals: decimals_for(step),
        }
    }

    /// Formats a tick label with this axis' decimals.
    pub(crate) fn label(&self, value: f64) -> String {
        format_number(value, self.decimals)
    }
}

impl Ranged for Axis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        if span <= 0.0 {
            return i32::midpoint(limit.0, limit.1);
        }
        let frac = (value - self.lo) / span;
        // `as` saturates, so values far outside the axis land just off the image.
        limit.0 + (f64::from(limit.1 - limit.0) * frac).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Only bold grid lines: the light ones plotters adds between ticks are clutter.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for Axis {
    fn format(value: &f64) -> String {
        value.to_string()
    }

    fn format_ext(&self, value: &f64) -> String {
        self.label(*value)
    }
}

/// The smallest step of the form {1, 2, 5} × 10^k that needs no more than `max_ticks` steps
/// to cover `span`.
fn nice_step(span: f64, max_ticks: usize) -> f64 {
    let raw = span / max_ticks.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude)
}

/// Decimals needed to print multiples of `step` exactly: 0 for steps ≥ 1, 1 for 0.5, 2 for 0.05.
fn decimals_for(step: f64) -> usize {
    let exponent = step.log10().floor();
    if exponent >= 0.0 { 0 } else { (-exponent) as usize }
}

/// Decimals that show about three significant digits of `max` (for value labels on bars).
pub(crate) fn decimals_for_sig3(max: f64) -> usize {
    if max <= 0.0 || !max.is_finite() {
        return 0;
    }
    (2.0 - max.log10().floor()).clamp(0.0, 6.0) as usize
}

/// Prints `value` with `decimals` decimals, grouping thousands with commas from 10,000 up
/// (four-digit numbers stay ungrouped, as most style guides recommend).
pub(crate) fn format_number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    // "-0" and "-0.0" come from tiny negative rounding errors; they are zero.
    let text = if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        text.trim_start_matches('-').to_owned()
    } else {
        text
    };
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let grouped = if int_part.len() > 4 {
        group_thousands(int_part)
    } else {
        int_part.to_owned()
    };
    match frac_part {
        Some(frac) => format!("{sign}{grouped}.{frac}"),
        None => format!("{sign}{grouped}"),
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_axis_starts_at_zero_with_ten_percent_headroom() {
        let axis = Axis::value(10.0, 6);
        assert_eq!(axis.lo, 0.0);
        assert!((axis.hi - 11.0).abs() < 1e-12);
        assert_eq!(axis.ticks, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(axis.decimals, 0);
    }

    #[test]
    fn all_zero_data_gets_a_unit_axis() {
        let axis = Axis::value(0.0, 6);
        assert_eq!((axis.lo, axis.hi), (0.0, 1.0));
        assert_eq!(axis.label(axis.ticks[1]), "0.2");
    }

    #[test]
    fn tick_labels_have_no_float_noise() {
        let axis = Axis::value(0.7, 6);
        let labels: Vec<String> = axis.ticks.iter().map(|t| axis.label(*t)).collect();
        // 0.77 / 6 = 0.128 → step 0.2
        assert_eq!(labels, ["0.0", "0.2", "0.4", "0.6"]);
    }

    #[test]
    fn day_axis_uses_round_steps() {
        let axis = Axis::spanning(0.0, 364.0, 10);
        assert_eq!(axis.ticks[1], 50.0);
        assert_eq!(*axis.ticks.last().unwrap(), 350.0);
    }

    #[test]
    fn numbers_are_grouped_from_ten_thousand() {
        assert_eq!(format_number(6543.0, 0), "6543");
        assert_eq!(format_number(65_432.0, 0), "65,432");
        assert_eq!(format_number(1_234_567.891, 1), "1,234,567.9");
        assert_eq!(format_number(-12_345.0, 0), "-12,345");
        assert_eq!(format_number(-0.000_01, 2), "0.00");
    }

    #[test]
    fn three_significant_digits() {
        assert_eq!(decimals_for_sig3(5612.0), 0);
        assert_eq!(decimals_for_sig3(7.3), 2);
        assert_eq!(decimals_for_sig3(0.0), 0);
    }
}
