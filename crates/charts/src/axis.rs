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
/// More ticks than any axis asks for; a guard against spans that overflow `f64`.
const MAX_TICKS: f64 = 1000.0;

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

    /// The value axis of a chart that may go negative: from 0, or from `min` if it is
    /// negative, to 10 % of the axis span above `max` (or above 0 if `max` is negative too).
    pub(crate) fn value_range(min: f64, max: f64, max_ticks: usize) -> Self {
        if min >= 0.0 {
            return Self::value(max, max_ticks);
        }
        let top = max.max(0.0);
        let hi = top + HEADROOM_FRAC * (top - min);
        // Spans past f64::MAX lose the headroom rather than the chart.
        let hi = if hi.is_finite() { hi } else { top };
        Self::spanning(min, hi, max_ticks)
    }

    /// An axis over `min..max` widened by `frac` of the span on each side, so no point sits
    /// on the frame. A single value gets `frac` of its magnitude either side (±0.5 for zero).
    pub(crate) fn padded(min: f64, max: f64, frac: f64, max_ticks: usize) -> Self {
        let span = max - min;
        let pad = if span > 0.0 {
            span * frac
        } else if min != 0.0 {
            min.abs() * frac
        } else {
            0.5
        };
        let (lo, hi) = (min - pad, max + pad);
        if lo.is_finite() && hi.is_finite() {
            Self::spanning(lo, hi, max_ticks)
        } else {
            Self::spanning(min, max, max_ticks)
        }
    }

    /// An axis over exactly `lo..hi` with at most about `max_ticks` ticks on round numbers.
    pub(crate) fn spanning(lo: f64, hi: f64, max_ticks: usize) -> Self {
        Self::with_step(lo, hi, nice_step(hi - lo, max_ticks))
    }

    /// A colour scale over `lo..hi` with between `min_ticks` and `max_ticks` ticks on a round
    /// step (1, 2, 2.5 or 5 × 10^k).
    ///
    /// The scale spans exactly `lo..hi` if some step gives that many ticks inside it. If none
    /// does (1.105..1.497 has 3 ticks at steps of 0.1 and 7 at 0.05), one or both ends move
    /// out to the nearest multiple of the step, choosing the step and ends that stretch the
    /// scale least: 1.105..1.5 with ticks 1.2 … 1.5. Stretching the scale leaves part of the
    /// colour ramp unused, so it is kept to the minimum; a colour bar is only as good as the
    /// contrast it gives the data. If no candidate fits, the one with the count closest to
    /// the middle of the range is used.
    pub(crate) fn colour_scale(lo: f64, hi: f64, min_ticks: usize, max_ticks: usize) -> Self {
        let span = hi - lo;
        if !(span.is_finite() && span > 0.0) {
            return Self::spanning(lo, hi, max_ticks);
        }
        let wanted = min_ticks..=max_ticks;
        let target = (min_ticks + max_ticks) as f64 / 2.0;
        let top_exponent = span.log10().floor() + 1.0;
        // (stretch of the span, axis); the least stretch wins. On a tie the first step tried
        // wins: the largest, and 2.5 × 10^k last as its labels need an extra decimal.
        let mut best_fit: Option<(f64, Self)> = None;
        let mut closest: Option<Self> = None;
        // Steps from 10× the span's magnitude down to a hundredth of it cover every count
        // that could fit.
        for exponent in (0..5).map(|i| top_exponent - f64::from(i)) {
            for mantissa in [5.0, 2.0, 1.0, 2.5] {
                let step = mantissa * 10f64.powf(exponent);
                let (out_lo, out_hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
                for (a, b) in [(lo, hi), (out_lo, hi), (lo, out_hi), (out_lo, out_hi)] {
                    let axis = Self::with_step(a, b, step);
                    let count = axis.ticks.len();
                    if wanted.contains(&count) {
                        let stretch = (b - a) / span;
                        if best_fit.as_ref().is_none_or(|(s, _)| stretch < *s - 1e-9) {
                            best_fit = Some((stretch, axis));
                        }
                    } else if closest
                        .as_ref()
                        .is_none_or(|c| (count as f64 - target).abs() < (c.ticks.len() as f64 - target).abs())
                    {
                        closest = Some(axis);
                    }
                }
            }
        }
        best_fit
            .map(|(_, axis)| axis)
            .or(closest)
            .unwrap_or_else(|| Self::spanning(lo, hi, max_ticks))
    }

    /// An axis over exactly `lo..hi` with a tick at every multiple of `step` (e.g. every 6 h
    /// on an hour-of-day axis).
    pub(crate) fn with_step(lo: f64, hi: f64, step: f64) -> Self {
        let step = if step.is_finite() && step > 0.0 { step } else { 1.0 };
        let first = (lo / step).ceil();
        // A tolerance of 1e-9 steps keeps a tick that lands on `hi` up to rounding.
        let last = (hi / step + 1e-9).floor();
        let count = (last - first).max(0.0) + 1.0;
        // Only a span beyond f64's range (or a NaN bound) gets here: label its ends rather
        // than allocate ticks without end.
        let ticks = if count.is_finite() && count <= MAX_TICKS {
            (0..count as usize)
                .map(|i| ((first + i as f64) * step).min(hi))
                .collect()
        } else {
            [lo, hi].into_iter().filter(|v| v.is_finite()).collect()
        };
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

/// Decimals needed to print multiples of `step` exactly: 0 for steps ≥ 1, 1 for 0.5, 2 for
/// 0.05 and 0.25.
fn decimals_for(step: f64) -> usize {
    (0..=12)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() <= 1e-9 * scaled
        })
        .unwrap_or(12) as usize
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
    fn negative_values_start_the_axis_at_their_minimum() {
        let axis = Axis::value_range(-2.0, 8.0, 6);
        assert_eq!(axis.lo, -2.0);
        assert!((axis.hi - 9.0).abs() < 1e-12);
        assert_eq!(axis.ticks, vec![-2.0, 0.0, 2.0, 4.0, 6.0, 8.0]);
        // All negative: zero stays on the axis, with headroom above it.
        let axis = Axis::value_range(-4.0, -1.0, 6);
        assert_eq!((axis.lo, axis.hi), (-4.0, 0.4));
        // Non-negative data behaves like the stacked charts' axis.
        assert_eq!(Axis::value_range(0.5, 10.0, 6), Axis::value(10.0, 6));
    }

    #[test]
    fn padded_axis_adds_five_percent_each_side() {
        let axis = Axis::padded(-10.0, 30.0, 0.05, 8);
        assert_eq!((axis.lo, axis.hi), (-12.0, 32.0));
        let axis = Axis::padded(20.0, 20.0, 0.05, 8);
        assert_eq!((axis.lo, axis.hi), (19.0, 21.0));
        let axis = Axis::padded(0.0, 0.0, 0.05, 8);
        assert_eq!((axis.lo, axis.hi), (-0.5, 0.5));
    }

    #[test]
    fn colour_scale_has_four_to_six_ticks() {
        let mut rng = 1_u64;
        for _ in 0..10_000 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let lo = (rng % 2000) as f64 / 100.0 - 10.0;
            let span = 10f64.powf((rng >> 20) as f64 % 700.0 / 100.0 - 3.0);
            let axis = Axis::colour_scale(lo, lo + span, 4, 6);
            let n = axis.ticks.len();
            assert!((4..=6).contains(&n), "{lo}..{}: {:?}", lo + span, axis.ticks);
            assert!(axis.lo <= lo && axis.hi >= lo + span);
        }
    }

    #[test]
    fn colour_scale_keeps_the_data_range_where_it_can() {
        let axis = Axis::colour_scale(0.0, 1.0, 4, 6);
        assert_eq!((axis.lo, axis.hi), (0.0, 1.0));
        let labels: Vec<String> = axis.ticks.iter().map(|t| axis.label(*t)).collect();
        assert_eq!(labels, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
        let axis = Axis::colour_scale(1.1, 1.5, 4, 6);
        assert_eq!((axis.lo, axis.hi), (1.1, 1.5));
        assert_eq!(axis.ticks.len(), 5);
        // No step gives 4 to 6 ticks inside 1.105..1.497: the top moves out to 1.5.
        let axis = Axis::colour_scale(1.105, 1.497, 4, 6);
        assert_eq!(axis.lo, 1.105);
        assert!((axis.hi - 1.5).abs() < 1e-12);
        let labels: Vec<String> = axis.ticks.iter().map(|t| axis.label(*t)).collect();
        assert_eq!(labels, ["1.2", "1.3", "1.4", "1.5"]);
    }

    #[test]
    fn overflowing_spans_do_not_allocate_endless_ticks() {
        let axis = Axis::spanning(-f64::MAX, f64::MAX, 8);
        assert!(axis.ticks.len() <= 1000);
        let axis = Axis::value_range(-f64::MAX, f64::MAX, 8);
        assert!(axis.ticks.len() <= 1000);
        let axis = Axis::padded(-f64::MAX, f64::MAX, 0.05, 8);
        assert!(axis.ticks.len() <= 1000);
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
