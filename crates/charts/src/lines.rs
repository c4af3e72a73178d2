//! Lines over a numeric x axis, not stacked, each broken where its series has no data (NaN).

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{ChartContext, Circle, DrawingArea, DrawingBackend, PathElement};
use plotters::style::Color;

use crate::axis::Axis;
use crate::error::{ChartError, DataProblem};
use crate::frame::{self, Coords, LegendEntry, Swatch, line_style};
use crate::output::{self, Draw, DrawResult};
use crate::style::{MAX_SERIES, PALETTE};
use crate::validate;
use crate::{ChartText, Series};

/// At most this many y ticks, so grid lines stay about 60 px apart.
const Y_MAX_TICKS: usize = 8;
/// Radius of the dot that marks a value with no data on either side: a line needs two points,
/// and without the dot the value would not show at all.
const LONE_POINT_PX: i32 = 3;

/// Lines over a numeric x axis, not stacked (e.g. energy per token \[J\] by day, or the daily
/// mean utilisation of several halls). `x` and every series have the same length.
///
/// A NaN value means "no data": the line breaks there, and a value with NaN on both sides is
/// drawn as a dot. Values may be negative.
///
/// Writes `<out_dir>/<stem>.png` and `<out_dir>/<stem>.svg`, returns both paths (PNG first).
/// `out_dir` is created if missing; each file appears under its final name only once complete.
///
/// Series `i` gets palette colour `i`; later series are drawn over earlier ones. The legend,
/// right of the plot, lists the series in the order given. The y axis runs from 0 — or from
/// the smallest value if any is negative — to 10 % of the axis span above the largest value;
/// the x axis spans exactly `x[0]..x[last]`.
///
/// # Errors
///
/// [`ChartError::InvalidData`] (and nothing written) if `stem` is empty, starts with `.` or
/// contains a path separator; if there are no series or more than [`MAX_SERIES`]; if `x` has
/// fewer than 2 values, is not finite or does not increase strictly; if a series has a
/// different length from `x`; if a value is infinite; if every value is NaN.
/// [`ChartError::Io`], [`ChartError::Render`] or [`ChartError::Font`] if writing fails.
pub fn line_chart(
    out_dir: &Path,
    stem: &str,
    text: &ChartText,
    x: &[f64],
    series: &[Series],
) -> Result<Vec<PathBuf>, ChartError> {
    let invalid = |problem| ChartError::InvalidData {
        path: output::png_path(out_dir, stem),
        problem,
    };
    validate::check_stem(stem).map_err(invalid)?;
    let chart = LineChart::new(text, x, series).map_err(invalid)?;
    output::write_png_and_svg(out_dir, stem, &chart)
}

/// A checked line chart, ready to draw on any backend.
struct LineChart<'a> {
    text: &'a ChartText<'a>,
    x: &'a [f64],
    series: &'a [Series<'a>],
    y_axis: Axis,
}

impl<'a> LineChart<'a> {
    fn new(text: &'a ChartText<'a>, x: &'a [f64], series: &'a [Series<'a>]) -> Result<Self, DataProblem> {
        validate::check_series_count(series.len(), MAX_SERIES)?;
        validate::check_min_len("x", x.len(), 2)?;
        validate::check_x(x)?;
        for s in series {
            validate::check_gappy_values(s, x.len())?;
        }
        let (min, max) = validate::finite_min_max(series.iter().flat_map(|s| s.values), "the series")?;
        Ok(Self {
            text,
            x,
            series,
            y_axis: Axis::value_range(min, max, Y_MAX_TICKS),
        })
    }

    fn legend(&self) -> Vec<LegendEntry<'a>> {
        self.series
            .iter()
            .enumerate()
            .map(|(i, s)| LegendEntry {
                label: s.label,
                swatch: Swatch::Line(PALETTE[i]),
            })
            .collect()
    }
}

impl Draw for LineChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let plot_area = frame::frame(root, self.text, &self.legend())?;
        let (lo, hi) = (self.x[0], self.x[self.x.len() - 1]);
        let x_axis = frame::fitted_x_axis(&plot_area, |max_ticks| Axis::spanning(lo, hi, max_ticks))?;
        let x_tick_label = |v: &f64| x_axis.label(*v);
        let mut chart = frame::plot(&plot_area, self.text, &x_axis, &x_tick_label, true, &self.y_axis)?;
        for (i, s) in self.series.iter().enumerate() {
            for run in finite_runs(self.x, s.values) {
                draw_run(&mut chart, &run, PALETTE[i])?;
            }
        }
        Ok(())
    }
}

fn draw_run<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Coords>,
    run: &[(f64, f64)],
    color: plotters::style::RGBColor,
) -> DrawResult<DB> {
    if let [point] = run {
        chart.draw_series(std::iter::once(Circle::new(*point, LONE_POINT_PX, color.filled())))?;
    } else {
        chart.draw_series(std::iter::once(PathElement::new(run.to_vec(), line_style(color))))?;
    }
    Ok(())
}

/// The stretches of consecutive non-NaN values, as (x, y) points; each becomes one line.
fn finite_runs(x: &[f64], values: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for (&x, &y) in x.iter().zip(values) {
        if y.is_nan() {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        } else {
            run.push((x, y));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::test_support::{assert_chart_files, invalid_problem, scratch_dir};

    const TEXT: ChartText<'static> = ChartText {
        title: "Energy per token",
        subtitle: "Test campus, 2024",
        x_label: "Day of year",
        y_label: "Energy per token [J]",
    };

    #[test]
    fn nan_splits_a_series_into_runs() {
        let x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [f64::NAN, 1.0, 2.0, f64::NAN, 4.0, f64::NAN];
        assert_eq!(
            finite_runs(&x, &y),
            vec![vec![(1.0, 1.0), (2.0, 2.0)], vec![(4.0, 4.0)]]
        );
        assert!(finite_runs(&x, &[f64::NAN; 6]).is_empty());
    }

    #[test]
    fn lines_with_gaps_and_negatives_write_png_and_svg() {
        let dir = scratch_dir("lines");
        let x: Vec<f64> = (0..365).map(f64::from).collect();
        let a: Vec<f64> = x.iter().map(|d| 1.0 + 0.5 * (d / 58.0).sin()).collect();
        let b: Vec<f64> = x
            .iter()
            .map(|d| {
                if (100.0..130.0).contains(d) {
                    f64::NAN
                } else {
                    0.3 * (d / 40.0).cos()
                }
            })
            .collect();
        let series = [
            Series {
                label: "Hall A",
                values: &a,
            },
            Series {
                label: "Hall B",
                values: &b,
            },
        ];
        let paths = line_chart(&dir, "lines", &TEXT, &x, &series).unwrap();
        assert_chart_files(&paths, &dir, "lines", TEXT.title);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn y_axis_goes_below_zero_only_for_negative_data() {
        let x = [0.0, 1.0, 2.0];
        let positive = [Series {
            label: "a",
            values: &[0.2, f64::NAN, 2.0],
        }];
        let chart = LineChart::new(&TEXT, &x, &positive).unwrap();
        assert_eq!(chart.y_axis.lo, 0.0);
        assert!((chart.y_axis.hi - 2.2).abs() < 1e-12);
        let negative = [Series {
            label: "a",
            values: &[-1.0, f64::NAN, 3.0],
        }];
        let chart = LineChart::new(&TEXT, &x, &negative).unwrap();
        assert_eq!(chart.y_axis.lo, -1.0);
        assert!((chart.y_axis.hi - 3.4).abs() < 1e-12);
    }

    #[test]
    fn bad_input_is_an_error_and_writes_nothing() {
        let dir = scratch_dir("lines-bad");
        let x = [0.0, 1.0];
        let check = |x: &[f64], values: &[f64]| {
            invalid_problem(line_chart(&dir, "l", &TEXT, x, &[Series { label: "a", values }]))
        };
        assert_eq!(
            check(&x, &[f64::NAN, f64::NAN]),
            DataProblem::NoFiniteValues { what: "the series" }
        );
        assert!(matches!(
            check(&x, &[1.0, f64::INFINITY]),
            DataProblem::Infinite { index: 1, .. }
        ));
        assert!(matches!(
            check(&x, &[1.0]),
            DataProblem::LengthMismatch {
                found: 1,
                expected: 2,
                ..
            }
        ));
        assert!(matches!(
            check(&[0.0], &[1.0]),
            DataProblem::TooFewValues { what: "x", .. }
        ));
        assert!(matches!(
            check(&[0.0, f64::NAN], &[1.0, 2.0]),
            DataProblem::NotFinite { .. }
        ));
        assert!(matches!(
            check(&[1.0, 0.0], &[1.0, 2.0]),
            DataProblem::XNotIncreasing { .. }
        ));
        assert_eq!(
            invalid_problem(line_chart(&dir, "l", &TEXT, &x, &[])),
            DataProblem::NoSeries
        );
        assert!(!dir.exists(), "an invalid chart created its folder");
    }
}
