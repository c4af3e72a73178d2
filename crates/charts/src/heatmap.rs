//! A heat map of a grid of values (e.g. PUE by hour of day × day of year) on the viridis
//! colour scale, with a labelled colour bar.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, Rectangle};
use plotters::style::Color;

use crate::ChartText;
use crate::axis::Axis;
use crate::colormap::{ColourBar, NO_DATA};
use crate::error::{ChartError, DataProblem};
use crate::frame;
use crate::output::{self, Draw, DrawResult};
use crate::validate;

/// At most this many y ticks, so grid lines stay about 60 px apart.
const Y_MAX_TICKS: usize = 8;
/// An axis spanning exactly 24 is taken to be hours of a day, ticked every 6 h: readers
/// expect 0, 6, 12, 18, 24 there, not 0, 5, 10, 15, 20.
const HOURS_PER_DAY: f64 = 24.0;
/// Tick step on an hours-of-day axis.
const HOUR_TICK_STEP: f64 = 6.0;
/// The colour bar shows this many ticks where a round step allows.
const BAR_TICKS: (usize, usize) = (4, 6);

/// A heat map of `values` laid out as `rows` × `cols` cells, row-major
/// (`values[row * cols + col]`), e.g. PUE by hour of day (rows = 24, `y_range` = (0, 24),
/// y label "Hour of day (UTC)") × day of year (cols = 365, `x_range` = (0, 365), x label
/// "Day of year").
///
/// `x_range` is the stretch of the x axis the columns cover, split evenly between them, and
/// `y_range` likewise for the rows; row 0 is at the bottom (`y_range.0`), column 0 at the left.
/// The axes span exactly these ranges; an axis spanning exactly 24 (hours of a day) is ticked
/// every 6.
///
/// Colours follow viridis (perceptually uniform, dark purple to yellow) from the smallest
/// finite value to the largest, explained by a colour bar right of the plot with 4–6 ticks on
/// round values and `legend_label` above it (e.g. `"PUE [-]"`; a long label wraps). Where no
/// round step gives 4–6 ticks within the data's range, the scale reaches out to the nearest
/// round value at one or both ends (1.105..1.497 becomes 1.105..1.5, ticked 1.2 … 1.5). NaN
/// means "no data": such cells are light grey, and a "No data" swatch appears under the bar.
/// If all values are equal, they get the middle colour of a scale ±5 % around them (±0.5
/// around 0).
///
/// Writes `<out_dir>/<stem>.png` and `<out_dir>/<stem>.svg`, returns both paths (PNG first).
/// `out_dir` is created if missing; each file appears under its final name only once complete.
/// The SVG holds one rectangle per cell (24 × 365 cells make about 0.8 MB).
///
/// # Errors
///
/// [`ChartError::InvalidData`] (and nothing written) if `stem` is empty, starts with `.` or
/// contains a path separator; if `rows` or `cols` is 0; if `values.len()` is not
/// `rows * cols`; if a range is not finite or not increasing; if a value is infinite; if
/// every value is NaN. [`ChartError::Io`], [`ChartError::Render`] or [`ChartError::Font`] if
/// writing fails.
#[expect(
    clippy::too_many_arguments,
    reason = "the grid's shape, values, extent and legend are all needed and all distinct"
)]
pub fn heatmap(
    out_dir: &Path,
    stem: &str,
    text: &ChartText,
    rows: usize,
    cols: usize,
    values: &[f64],
    x_range: (f64, f64),
    y_range: (f64, f64),
    legend_label: &str,
) -> Result<Vec<PathBuf>, ChartError> {
    let invalid = |problem| ChartError::InvalidData {
        path: output::png_path(out_dir, stem),
        problem,
    };
    validate::check_stem(stem).map_err(invalid)?;
    let grid = Grid {
        rows,
        cols,
        values,
        x_range,
        y_range,
    };
    let chart = Heatmap::new(text, grid, legend_label).map_err(invalid)?;
    output::write_png_and_svg(out_dir, stem, &chart)
}

/// The cells and the stretch of the axes they cover.
#[derive(Debug, Clone, Copy)]
struct Grid<'a> {
    rows: usize,
    cols: usize,
    values: &'a [f64],
    x_range: (f64, f64),
    y_range: (f64, f64),
}

impl Grid<'_> {
    fn check(&self) -> Result<(), DataProblem> {
        validate::check_min_len("rows", self.rows, 1)?;
        validate::check_min_len("cols", self.cols, 1)?;
        // No slice of f64 can hold usize::MAX values, so saturating cannot hide a mismatch.
        let expected = self.rows.saturating_mul(self.cols);
        if self.values.len() != expected {
            return Err(DataProblem::GridMismatch {
                rows: self.rows,
                cols: self.cols,
                expected,
                found: self.values.len(),
            });
        }
        validate::check_range("x", self.x_range)?;
        validate::check_range("y", self.y_range)?;
        validate::check_not_infinite("values", self.values)
    }

    /// The corners of cell (`row`, `col`) in axis units. Edges are computed from the range
    /// rather than accumulated, so neighbouring cells share them exactly and the last column
    /// ends exactly at `x_range.1`.
    fn cell(&self, row: usize, col: usize) -> [(f64, f64); 2] {
        let edge = |(lo, hi): (f64, f64), i: usize, n: usize| lo + (hi - lo) * (i as f64 / n as f64);
        [
            (
                edge(self.x_range, col, self.cols),
                edge(self.y_range, row + 1, self.rows),
            ),
            (
                edge(self.x_range, col + 1, self.cols),
                edge(self.y_range, row, self.rows),
            ),
        ]
    }
}

/// A checked heat map, ready to draw on any backend.
struct Heatmap<'a> {
    text: &'a ChartText<'a>,
    grid: Grid<'a>,
    bar: ColourBar<'a>,
    y_axis: Axis,
}

impl<'a> Heatmap<'a> {
    fn new(text: &'a ChartText<'a>, grid: Grid<'a>, legend_label: &'a str) -> Result<Self, DataProblem> {
        grid.check()?;
        let (min, max) = validate::finite_min_max(grid.values, "the heat map")?;
        let (lo, hi) = if max > min {
            (min, max)
        } else {
            // One value only: a bar around it, so the scale still reads.
            let pad = if min == 0.0 { 0.5 } else { 0.05 * min.abs() };
            (min - pad, max + pad)
        };
        let bar = ColourBar {
            scale: Axis::colour_scale(lo, hi, BAR_TICKS.0, BAR_TICKS.1),
            label: legend_label,
            has_no_data: grid.values.iter().any(|v| v.is_nan()),
        };
        Ok(Self {
            text,
            grid,
            bar,
            y_axis: axis_for(grid.y_range, Y_MAX_TICKS),
        })
    }
}

/// An axis over exactly `range`, ticked every 6 if it spans a day of hours.
fn axis_for((lo, hi): (f64, f64), max_ticks: usize) -> Axis {
    if hi - lo == HOURS_PER_DAY {
        Axis::with_step(lo, hi, HOUR_TICK_STEP)
    } else {
        Axis::spanning(lo, hi, max_ticks)
    }
}

impl Draw for Heatmap<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let panel_w = self.bar.panel_width(root)?;
        let (plot_area, panel) = frame::frame_with_panel(root, self.text, panel_w)?;
        let x_axis = frame::fitted_x_axis(&plot_area, |max_ticks| axis_for(self.grid.x_range, max_ticks))?;
        let x_tick_label = |v: &f64| x_axis.label(*v);
        // Grid lines would only be painted over by the cells.
        let mut chart = frame::plot(&plot_area, self.text, &x_axis, &x_tick_label, false, &self.y_axis)?;

        let Grid { rows, cols, values, .. } = self.grid;
        let cells = (0..rows).flat_map(|row| (0..cols).map(move |col| (row, col)));
        chart.draw_series(cells.map(|(row, col)| {
            let value = values[row * cols + col];
            let color = if value.is_nan() { NO_DATA } else { self.bar.color(value) };
            Rectangle::new(self.grid.cell(row, col), color.filled())
        }))?;
        self.bar.draw(&panel)
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::test_support::{assert_chart_files, invalid_problem, scratch_dir};

    const TEXT: ChartText<'static> = ChartText {
        title: "PUE by hour and day",
        subtitle: "Test campus, 2024",
        x_label: "Day of year",
        y_label: "Hour of day (UTC)",
    };

    #[test]
    fn cells_tile_the_ranges_exactly() {
        let grid = Grid {
            rows: 24,
            cols: 365,
            values: &[],
            x_range: (0.0, 365.0),
            y_range: (0.0, 24.0),
        };
        assert_eq!(grid.cell(0, 0), [(0.0, 1.0), (1.0, 0.0)]);
        assert_eq!(grid.cell(23, 364), [(364.0, 24.0), (365.0, 23.0)]);
        // Row 0 is at the bottom: its top edge is row 1's bottom edge.
        assert_eq!(grid.cell(0, 5)[0].1, grid.cell(1, 5)[1].1);
    }

    #[test]
    fn hour_axis_is_ticked_every_six_hours() {
        assert_eq!(axis_for((0.0, 24.0), 8).ticks, [0.0, 6.0, 12.0, 18.0, 24.0]);
        assert_eq!(axis_for((0.0, 365.0), 10).ticks[1], 50.0);
    }

    #[test]
    fn heatmap_writes_png_and_svg_with_one_rect_per_cell() {
        let dir = scratch_dir("heatmap");
        let (rows, cols) = (24, 60);
        let values: Vec<f64> = (0..rows * cols)
            .map(|i| {
                if i % 97 == 0 {
                    f64::NAN
                } else {
                    1.1 + 0.4 * ((i % cols) as f64 / cols as f64)
                }
            })
            .collect();
        let paths = heatmap(
            &dir,
            "pue",
            &TEXT,
            rows,
            cols,
            &values,
            (0.0, 60.0),
            (0.0, 24.0),
            "PUE [-]",
        )
        .unwrap();
        assert_chart_files(&paths, &dir, "pue", TEXT.title);
        let svg = fs::read_to_string(&paths[1]).unwrap();
        assert!(svg.contains("PUE [-]") && svg.contains("No data"));
        let rects = svg.matches("<rect").count();
        // Cells, colour bar bands and a few frame rectangles; nothing per pixel.
        assert!((rows * cols..rows * cols + 200).contains(&rects), "{rects} rects");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn constant_values_still_get_a_scale() {
        let chart = Heatmap::new(&TEXT, grid(2, 2, &[1.2; 4]), "PUE [-]").unwrap();
        assert!(chart.bar.scale.lo < 1.2 && chart.bar.scale.hi > 1.2);
        assert!(!chart.bar.has_no_data);
        let chart = Heatmap::new(&TEXT, grid(1, 2, &[0.0, f64::NAN]), "x").unwrap();
        assert_eq!((chart.bar.scale.lo, chart.bar.scale.hi), (-0.5, 0.5));
        assert!(chart.bar.has_no_data);
    }

    fn grid(rows: usize, cols: usize, values: &[f64]) -> Grid<'_> {
        Grid {
            rows,
            cols,
            values,
            x_range: (0.0, 1.0),
            y_range: (0.0, 1.0),
        }
    }

    #[test]
    fn bad_input_is_an_error_and_writes_nothing() {
        let dir = scratch_dir("heatmap-bad");
        let check = |rows, cols, values: &[f64], x_range, y_range| {
            invalid_problem(heatmap(&dir, "h", &TEXT, rows, cols, values, x_range, y_range, "v"))
        };
        let ok = (0.0, 1.0);
        assert_eq!(
            check(2, 3, &[1.0; 5], ok, ok),
            DataProblem::GridMismatch {
                rows: 2,
                cols: 3,
                expected: 6,
                found: 5
            }
        );
        assert!(
            DataProblem::GridMismatch {
                rows: 2,
                cols: 3,
                expected: 6,
                found: 5
            }
            .to_string()
            .contains("2 rows × 3 columns needs 6 values but 5 were given")
        );
        assert!(matches!(
            check(0, 3, &[], ok, ok),
            DataProblem::TooFewValues { what: "rows", .. }
        ));
        assert!(matches!(
            check(usize::MAX, 2, &[1.0], ok, ok),
            DataProblem::GridMismatch { .. }
        ));
        assert!(matches!(
            check(1, 1, &[1.0], (1.0, 1.0), ok),
            DataProblem::BadRange { axis: "x", .. }
        ));
        assert!(matches!(
            check(1, 1, &[1.0], ok, (0.0, f64::NAN)),
            DataProblem::BadRange { axis: "y", .. }
        ));
        assert!(matches!(
            check(1, 2, &[1.0, f64::INFINITY], ok, ok),
            DataProblem::Infinite { index: 1, .. }
        ));
        assert_eq!(
            check(1, 2, &[f64::NAN; 2], ok, ok),
            DataProblem::NoFiniteValues { what: "the heat map" }
        );
        assert!(matches!(
            invalid_problem(heatmap(&dir, "", &TEXT, 1, 1, &[1.0], ok, ok, "v")),
            DataProblem::BadStem { .. }
        ));
        assert!(!dir.exists(), "an invalid chart created its folder");
    }
}
