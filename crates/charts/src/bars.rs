//! Stacked vertical bars, one per category, with each bar's total printed above it.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{ChartContext, DrawingArea, DrawingBackend, EmptyElement, PathElement, Rectangle, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, WHITE};

use crate::axis::{self, Axis};
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, Swatch};
use crate::output::{self, Draw, DrawResult};
use crate::style::{INK, MAX_SERIES, PALETTE, TICK_PX, VALUE_LABEL_PX, text};
use crate::validate;
use crate::{ChartText, Series};

/// At most this many y ticks, so grid lines stay about 60 px apart.
const Y_MAX_TICKS: usize = 8;
/// Fraction of each category's slot the bar fills; the rest is the gap between bars.
const BAR_WIDTH_FRAC: f64 = 0.7;
/// Pixels between a bar's top and its total.
const TOTAL_GAP_PX: i32 = 4;

/// Stacked vertical bars, one bar per category (e.g. "Jan".."Dec"), one stack segment per
/// series — used for "monthly energy by component" in MWh.
///
/// Writes `<out_dir>/<stem>.png` and `<out_dir>/<stem>.svg`, returns both paths (PNG first).
/// `out_dir` is created if missing; each file appears under its final name only once complete.
///
/// The first series is the bottom segment and gets the first palette colour; the legend, right
/// of the plot, lists series from the top of the stack down. Each bar's total is printed above
/// it (to about three significant digits) when the bars are wide enough for the number; with
/// many categories, only every n-th category is labelled so the labels never overlap. The y
/// axis runs from 0 to 10 % above the tallest bar (0..1 if everything is zero).
///
/// # Errors
///
/// [`ChartError::InvalidData`] (and nothing written) if `stem` is empty, starts with `.` or
/// contains a path separator; if there are no categories, no series or more than
/// [`MAX_SERIES`]; if a series has a different length from `categories`; if any value is NaN,
/// infinite or negative. [`ChartError::Io`], [`ChartError::Render`] or [`ChartError::Font`]
/// if writing fails.
pub fn stacked_bars(
    out_dir: &Path,
    stem: &str,
    text: &ChartText,
    categories: &[String],
    series: &[Series],
) -> Result<Vec<PathBuf>, ChartError> {
    let invalid = |problem| ChartError::InvalidData {
        path: output::png_path(out_dir, stem),
        problem,
    };
    validate::check_stem(stem).map_err(invalid)?;
    let chart = StackedBars::new(text, categories, series).map_err(invalid)?;
    output::write_png_and_svg(out_dir, stem, &chart)
}

/// A checked stacked-bar chart, ready to draw on any backend.
struct StackedBars<'a> {
    text: &'a ChartText<'a>,
    categories: &'a [String],
    series: &'a [Series<'a>],
    totals: Vec<f64>,
    y_axis: Axis,
}

impl<'a> StackedBars<'a> {
    fn new(
        text: &'a ChartText<'a>,
        categories: &'a [String],
        series: &'a [Series<'a>],
    ) -> Result<Self, crate::DataProblem> {
        validate::check_min_len("categories", categories.len(), 1)?;
        validate::check_series_count(series.len(), MAX_SERIES)?;
        for s in series {
            validate::check_values(s, categories.len(), "categories")?;
        }
        let totals = validate::stack_totals(series, categories.len())?;
        let max = totals.iter().copied().fold(0.0, f64::max);
        Ok(Self {
            text,
            categories,
            series,
            totals,
            y_axis: Axis::value(max, Y_MAX_TICKS),
        })
    }

    fn legend(&self) -> Vec<LegendEntry<'a>> {
        self.series
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| LegendEntry {
                label: s.label,
                swatch: Swatch::Fill(PALETTE[i]),
            })
            .collect()
    }

    /// The x axis: one slot per category centred on its index, labelled every `step`-th
    /// category so that labels `label_px` wide never touch in a plot `plot_px` wide.
    fn x_axis(&self, plot_px: u32, label_px: u32) -> Axis {
        let n = self.categories.len();
        let slot_px = f64::from(plot_px) / n as f64;
        let step = ((f64::from(label_px) + 12.0) / slot_px).ceil().max(1.0) as usize;
        Axis {
            lo: -0.5,
            hi: n as f64 - 0.5,
            ticks: (0..n).step_by(step).map(|i| i as f64).collect(),
            decimals: 0,
        }
    }

    fn category_label(&self, position: f64) -> String {
        let index = position.round();
        if index < 0.0 {
            return String::new();
        }
        self.categories.get(index as usize).cloned().unwrap_or_default()
    }
}

impl Draw for StackedBars<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let plot_area = frame::frame(root, self.text, &self.legend())?;

        // The plot's exact width is only known once the chart is built, and the tick labels
        // must be chosen before; the frame minus a typical y label area is close enough.
        let tick_style = text(TICK_PX, FontStyle::Normal, INK);
        let mut widest_category = 0;
        for c in self.categories {
            widest_category = widest_category.max(plot_area.estimate_text_size(c, &tick_style)?.0);
        }
        let approx_plot_px = plot_area
            .dim_in_pixel()
            .0
            .saturating_sub(frame::Y_LABEL_AREA_GUESS_PX)
            .max(1);
        let x_axis = self.x_axis(approx_plot_px, widest_category);

        let x_tick_label = |v: &f64| self.category_label(*v);
        let mut chart = frame::plot(&plot_area, self.text, &x_axis, &x_tick_label, false, &self.y_axis)?;

        let half = BAR_WIDTH_FRAC / 2.0;
        for (i, _) in self.categories.iter().enumerate() {
            let centre = i as f64;
            let mut bottom = 0.0;
            for (k, s) in self.series.iter().enumerate() {
                let top = bottom + s.values[i];
                if s.values[i] > 0.0 {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(centre - half, bottom), (centre + half, top)],
                        PALETTE[k].filled(),
                    )))?;
                }
                bottom = top;
            }
        }
        // A white hairline between segments keeps adjacent colours apart in print and for
        // readers who see some palette pairs as similar.
        for (i, _) in self.categories.iter().enumerate() {
            let centre = i as f64;
            let mut bottom = 0.0;
            for s in &self.series[..self.series.len() - 1] {
                bottom += s.values[i];
                if bottom > 0.0 && bottom < self.totals[i] {
                    chart.draw_series(std::iter::once(PathElement::new(
                        [(centre - half, bottom), (centre + half, bottom)],
                        WHITE.stroke_width(1),
                    )))?;
                }
            }
        }

        self.draw_totals(&mut chart)
    }
}

impl StackedBars<'_> {
    /// Prints each bar's total above it, if the widest total fits within a bar.
    fn draw_totals<DB: DrawingBackend>(&self, chart: &mut ChartContext<'_, DB, frame::Coords>) -> DrawResult<DB> {
        let max = self.totals.iter().copied().fold(0.0, f64::max);
        let decimals = axis::decimals_for_sig3(max);
        let labels: Vec<String> = self.totals.iter().map(|t| axis::format_number(*t, decimals)).collect();
        let style = text(VALUE_LABEL_PX, FontStyle::Normal, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        let area = chart.plotting_area();
        let bar_px = f64::from(area.dim_in_pixel().0) / self.categories.len() as f64 * BAR_WIDTH_FRAC;
        for label in &labels {
            if f64::from(area.estimate_text_size(label, &style)?.0) > bar_px + 8.0 {
                return Ok(());
            }
        }
        let elements = labels.into_iter().enumerate().map(|(i, label)| {
            EmptyElement::at((i as f64, self.totals[i])) + Text::new(label, (0, -TOTAL_GAP_PX), style.clone())
        });
        chart.draw_series(elements)?;
        Ok(())
    }
}
