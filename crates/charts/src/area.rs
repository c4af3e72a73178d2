//! Stacked areas over a numeric x axis, with an optional overlay line.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, LineSeries, Polygon};
use plotters::style::Color;

use crate::axis::Axis;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, Swatch, overlay_style};
use crate::output::{self, Draw, DrawResult};
use crate::style::{MAX_SERIES, PALETTE};
use crate::validate;
use crate::{ChartText, Series};

/// At most this many y ticks, so grid lines stay about 60 px apart.
const Y_MAX_TICKS: usize = 8;

/// Stacked areas over a numeric x axis (e.g. day of the run, 0..365) — used for
/// "facility power by component over the year" with daily-mean values. `x` and every series
/// have the same length. An optional `overlay` line (e.g. daily peak facility power) is drawn
/// on top as a thin solid dark line with its own legend entry.
///
/// Writes `<out_dir>/<stem>.png` and `<out_dir>/<stem>.svg`, returns both paths (PNG first).
/// `out_dir` is created if missing; each file appears under its final name only once complete.
///
/// The first series is the bottom of the stack and gets the first palette colour. The legend,
/// right of the plot, lists the overlay first and then the series from the top of the stack
/// down, so it reads in the same order as the chart. The y axis runs from 0 to 10 % above the
/// tallest stack or overlay value (0..1 if everything is zero); the x axis spans exactly
/// `x[0]..x[last]`.
///
/// # Errors
///
/// [`ChartError::InvalidData`] (and nothing written) if `stem` is empty, starts with `.` or
/// contains a path separator; if there are no series or more than [`MAX_SERIES`] (one fewer
/// with an overlay, whose dark line must stay distinguishable); if `x` has fewer than 2
/// values or does not increase strictly; if a series or the overlay has a different length
/// from `x`; if any value is NaN, infinite or negative. [`ChartError::Io`],
/// [`ChartError::Render`] or [`ChartError::Font`] if writing fails.
pub fn stacked_area(
    out_dir: &Path,
    stem: &str,
    text: &ChartText,
    x: &[f64],
    series: &[Series],
    overlay: Option<Series>,
) -> Result<Vec<PathBuf>, ChartError> {
    let invalid = |problem| ChartError::InvalidData {
        path: output::png_path(out_dir, stem),
        problem,
    };
    validate::check_stem(stem).map_err(invalid)?;
    let chart = StackedArea::new(text, x, series, overlay).map_err(invalid)?;
    output::write_png_and_svg(out_dir, stem, &chart)
}

/// A checked stacked-area chart, ready to draw on any backend.
struct StackedArea<'a> {
    text: &'a ChartText<'a>,
    x: &'a [f64],
    series: &'a [Series<'a>],
    overlay: Option<Series<'a>>,
    /// Cumulative tops: `tops[k][i]` is the sum of series `0..=k` at `x[i]`.
    tops: Vec<Vec<f64>>,
    y_axis: Axis,
}

impl<'a> StackedArea<'a> {
    fn new(
        text: &'a ChartText<'a>,
        x: &'a [f64],
        series: &'a [Series<'a>],
        overlay: Option<Series<'a>>,
    ) -> Result<Self, crate::DataProblem> {
        let max_series = if overlay.is_some() { MAX_SERIES - 1 } else { MAX_SERIES };
        validate::check_series_count(series.len(), max_series)?;
        validate::check_min_len("x", x.len(), 2)?;
        validate::check_x(x)?;
        for s in series.iter().chain(overlay.as_ref()) {
            validate::check_values(s, x.len(), "x values")?;
        }
        let totals = validate::stack_totals(series, x.len())?;

        let mut tops = Vec::with_capacity(series.len());
        let mut running = vec![0.0; x.len()];
        for s in series {
            for (top, value) in running.iter_mut().zip(s.values) {
                *top += value;
            }
            tops.push(running.clone());
        }

        let overlay_values = overlay.as_ref().map_or(&[][..], |o| o.values);
        let max = totals.iter().chain(overlay_values).copied().fold(0.0, f64::max);
        Ok(Self {
            text,
            x,
            series,
            overlay,
            tops,
            y_axis: Axis::value(max, Y_MAX_TICKS),
        })
    }

    fn legend(&self) -> Vec<LegendEntry<'a>> {
        let overlay = self.overlay.iter().map(|o| LegendEntry {
            label: o.label,
            swatch: Swatch::Overlay,
        });
        let stack = self.series.iter().enumerate().rev().map(|(i, s)| LegendEntry {
            label: s.label,
            swatch: Swatch::Fill(PALETTE[i]),
        });
        overlay.chain(stack).collect()
    }
}

impl Draw for StackedArea<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let plot_area = frame::frame(root, self.text, &self.legend())?;
        let (lo, hi) = (self.x[0], self.x[self.x.len() - 1]);
        let x_axis = frame::fitted_x_axis(&plot_area, |max_ticks| Axis::spanning(lo, hi, max_ticks))?;
        let x_tick_label = |v: &f64| x_axis.label(*v);
        let mut chart = frame::plot(&plot_area, self.text, &x_axis, &x_tick_label, true, &self.y_axis)?;

        // Each band is drawn from the axis up to its cumulative top, tallest first, so the
        // bands below paint over it. Adjacent polygons sharing an edge would leave hairline
        // gaps of background in the bitmap; overlapping fills cannot.
        for (k, top) in self.tops.iter().enumerate().rev() {
            let outline: Vec<(f64, f64)> = std::iter::once((self.x[0], 0.0))
                .chain(self.x.iter().copied().zip(top.iter().copied()))
                .chain(std::iter::once((self.x[self.x.len() - 1], 0.0)))
                .collect();
            chart.draw_series(std::iter::once(Polygon::new(outline, PALETTE[k].filled())))?;
        }

        if let Some(overlay) = &self.overlay {
            chart.draw_series(LineSeries::new(
                self.x.iter().copied().zip(overlay.values.iter().copied()),
                overlay_style(),
            ))?;
        }
        Ok(())
    }
}
