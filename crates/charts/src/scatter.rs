//! A scatter plot of one or more groups of points, as small semi-transparent dots.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{Circle, DrawingArea, DrawingBackend};
use plotters::style::Color;

use crate::ChartText;
use crate::axis::Axis;
use crate::error::{ChartError, DataProblem};
use crate::frame::{self, LegendEntry, Swatch};
use crate::output::{self, Draw, DrawResult};
use crate::style::{MAX_SERIES, PALETTE};
use crate::validate;

/// At most this many y ticks, so grid lines stay about 60 px apart.
const Y_MAX_TICKS: usize = 8;
/// Padding beyond the data on each side of both axes, as a fraction of the data's span.
const PAD_FRAC: f64 = 0.05;
/// Most points drawn per group. Past a few thousand, more dots only add ink where the cloud
/// is already dense (the shape of the cloud does not change) while the SVG grows by about
/// 110 bytes per dot.
pub(crate) const MAX_POINTS_PER_GROUP: usize = 5_000;
/// Dot radius and opacity when the largest group draws at least [`DENSE_POINTS`]: small enough
/// that thousands stay apart where the cloud is sparse, and faint enough that overlapping
/// dots darken, so density shows where points pile up.
const DENSE_DOT: (i32, f64) = (2, 0.35);
/// Dot radius and opacity when the largest group draws at most [`SPARSE_POINTS`]: a few dots
/// must each be seen.
const SPARSE_DOT: (i32, f64) = (3, 0.85);
/// Point counts between which opacity moves from sparse to dense (on a log scale).
const SPARSE_POINTS: f64 = 200.0;
const DENSE_POINTS: f64 = 2_000.0;

/// One labelled group of points for [`scatter`], e.g. one hall or one season.
#[derive(Debug, Clone, Copy)]
pub struct PointGroup<'a> {
    /// Legend label.
    pub label: &'a str,
    /// x of each point, in the unit of the x axis label.
    pub x: &'a [f64],
    /// y of each point, in the unit of the y axis label; as many as `x`.
    pub y: &'a [f64],
}

/// A scatter plot of points (`x[i]`, `y[i]`) in one or more groups (e.g. cooling power \[MW\]
/// against outdoor temperature \[°C\], one group per hall or per season).
///
/// Points are small semi-transparent dots, so dense regions read darker; group `i` gets
/// palette colour `i` and later groups are drawn over earlier ones. The legend, right of the
/// plot, lists the groups in the order given. A point whose x or y is NaN ("no data") is
/// skipped. A group with more than 5,000 points is drawn as an evenly strided, deterministic
/// subsample of 5,000 of them, which keeps the chart readable and the SVG small; the axes
/// still span every point. Both axes span the data with 5 % padding on each side; values may
/// be negative.
///
/// Writes `<out_dir>/<stem>.png` and `<out_dir>/<stem>.svg`, returns both paths (PNG first).
/// `out_dir` is created if missing; each file appears under its final name only once complete.
///
/// # Errors
///
/// [`ChartError::InvalidData`] (and nothing written) if `stem` is empty, starts with `.` or
/// contains a path separator; if there are no groups or more than [`MAX_SERIES`]; if a group's
/// `x` and `y` differ in length; if a value is infinite; if no point has both x and y.
/// [`ChartError::Io`], [`ChartError::Render`] or [`ChartError::Font`] if writing fails.
pub fn scatter(
    out_dir: &Path,
    stem: &str,
    text: &ChartText,
    groups: &[PointGroup],
) -> Result<Vec<PathBuf>, ChartError> {
    let invalid = |problem| ChartError::InvalidData {
        path: output::png_path(out_dir, stem),
        problem,
    };
    validate::check_stem(stem).map_err(invalid)?;
    let chart = Scatter::new(text, groups).map_err(invalid)?;
    output::write_png_and_svg(out_dir, stem, &chart)
}

/// A checked scatter plot, ready to draw on any backend.
struct Scatter<'a> {
    text: &'a ChartText<'a>,
    groups: &'a [PointGroup<'a>],
    /// The points drawn for each group: its complete ones, subsampled.
    drawn: Vec<Vec<(f64, f64)>>,
    /// Smallest and largest x and y over every complete point.
    x_extent: (f64, f64),
    y_axis: Axis,
}

impl<'a> Scatter<'a> {
    fn new(text: &'a ChartText<'a>, groups: &'a [PointGroup<'a>]) -> Result<Self, DataProblem> {
        validate::check_series_count(groups.len(), MAX_SERIES)?;
        for g in groups {
            if g.x.len() != g.y.len() {
                return Err(DataProblem::PointsMismatch {
                    label: g.label.to_owned(),
                    x_len: g.x.len(),
                    y_len: g.y.len(),
                });
            }
            validate::check_not_infinite(&format!("{}: x", g.label), g.x)?;
            validate::check_not_infinite(&format!("{}: y", g.label), g.y)?;
        }
        let complete: Vec<Vec<(f64, f64)>> = groups
            .iter()
            .map(|g| {
                g.x.iter()
                    .zip(g.y)
                    .map(|(&x, &y)| (x, y))
                    .filter(|(x, y)| !x.is_nan() && !y.is_nan())
                    .collect()
            })
            .collect();
        let all = || complete.iter().flatten();
        let what = "the point groups";
        let x_extent = validate::finite_min_max(all().map(|(x, _)| x), what)?;
        let (y_min, y_max) = validate::finite_min_max(all().map(|(_, y)| y), what)?;
        Ok(Self {
            text,
            groups,
            drawn: complete
                .iter()
                .map(|points| subsample(points, MAX_POINTS_PER_GROUP))
                .collect(),
            x_extent,
            y_axis: Axis::padded(y_min, y_max, PAD_FRAC, Y_MAX_TICKS),
        })
    }

    fn legend(&self) -> Vec<LegendEntry<'a>> {
        self.groups
            .iter()
            .enumerate()
            .map(|(i, g)| LegendEntry {
                label: g.label,
                swatch: Swatch::Dot(PALETTE[i]),
            })
            .collect()
    }
}

impl Draw for Scatter<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let plot_area = frame::frame(root, self.text, &self.legend())?;
        let (lo, hi) = self.x_extent;
        let x_axis = frame::fitted_x_axis(&plot_area, |max_ticks| Axis::padded(lo, hi, PAD_FRAC, max_ticks))?;
        let x_tick_label = |v: &f64| x_axis.label(*v);
        let mut chart = frame::plot(&plot_area, self.text, &x_axis, &x_tick_label, true, &self.y_axis)?;
        let (radius, alpha) = dot_look(self.drawn.iter().map(Vec::len).max().unwrap_or(0));
        for (i, points) in self.drawn.iter().enumerate() {
            let style = PALETTE[i].mix(alpha).filled();
            chart.draw_series(points.iter().map(|&p| Circle::new(p, radius, style)))?;
        }
        Ok(())
    }
}

/// Dot radius and opacity for a chart whose largest group draws `points` dots. One look for
/// all groups, so no group seems more important for being smaller.
fn dot_look(points: usize) -> (i32, f64) {
    let n = points as f64;
    let radius = if n <= DENSE_POINTS / 2.0 {
        SPARSE_DOT.0
    } else {
        DENSE_DOT.0
    };
    let frac = ((n.max(1.0).log10() - SPARSE_POINTS.log10()) / (DENSE_POINTS / SPARSE_POINTS).log10()).clamp(0.0, 1.0);
    (radius, SPARSE_DOT.1 + frac * (DENSE_DOT.1 - SPARSE_DOT.1))
}

/// At most `max` of `points`, evenly strided from the first: point `⌊i · n / max⌋` for
/// `i` in `0..max`. All of them if there are no more than `max`.
fn subsample(points: &[(f64, f64)], max: usize) -> Vec<(f64, f64)> {
    let n = points.len();
    if n <= max {
        return points.to_vec();
    }
    // In u128, i · n cannot overflow for any slice length.
    (0..max)
        .map(|i| points[(i as u128 * n as u128 / max as u128) as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::test_support::{assert_chart_files, invalid_problem, scratch_dir};

    const TEXT: ChartText<'static> = ChartText {
        title: "Cooling power against outdoor temperature",
        subtitle: "Test campus, 2024",
        x_label: "Outdoor temperature [°C]",
        y_label: "Cooling power [MW]",
    };

    #[test]
    fn subsample_is_even_and_deterministic() {
        let points: Vec<(f64, f64)> = (0..10).map(|i| (f64::from(i), 0.0)).collect();
        let xs = |p: Vec<(f64, f64)>| p.into_iter().map(|(x, _)| x).collect::<Vec<_>>();
        assert_eq!(xs(subsample(&points, 5)), [0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(xs(subsample(&points, 4)), [0.0, 2.0, 5.0, 7.0]);
        assert_eq!(subsample(&points, 10), points);
        assert_eq!(subsample(&points, 50), points);
        let many: Vec<(f64, f64)> = (0..35_040).map(|i| (f64::from(i), 0.0)).collect();
        let sub = subsample(&many, MAX_POINTS_PER_GROUP);
        assert_eq!(sub.len(), MAX_POINTS_PER_GROUP);
        assert_eq!(sub, subsample(&many, MAX_POINTS_PER_GROUP));
    }

    #[test]
    fn few_points_get_bigger_bolder_dots() {
        assert_eq!(dot_look(1), SPARSE_DOT);
        assert_eq!(dot_look(200), SPARSE_DOT);
        assert_eq!(dot_look(5_000), DENSE_DOT);
        let (_, mid_alpha) = dot_look(600);
        assert!(DENSE_DOT.1 < mid_alpha && mid_alpha < SPARSE_DOT.1);
    }

    #[test]
    fn large_groups_are_capped_but_the_axes_span_every_point() {
        let x: Vec<f64> = (0..12_000).map(|i| f64::from(i) / 100.0 - 10.0).collect();
        let mut y: Vec<f64> = x.iter().map(|t| 0.5 + 0.05 * t).collect();
        // Off the stride (12,000 / 5,000 = 2.4): only the axes show it.
        y[1] = 100.0;
        y[2] = f64::NAN;
        let groups = [
            PointGroup {
                label: "Hall A",
                x: &x,
                y: &y,
            },
            PointGroup {
                label: "Hall B",
                x: &[0.0],
                y: &[-3.0],
            },
        ];
        let chart = Scatter::new(&TEXT, &groups).unwrap();
        assert_eq!(chart.drawn[0].len(), MAX_POINTS_PER_GROUP);
        assert_eq!(chart.drawn[1], [(0.0, -3.0)]);
        assert_eq!(chart.x_extent, (-10.0, 109.99));
        assert!(chart.y_axis.lo < -3.0 && chart.y_axis.hi > 100.0);
    }

    #[test]
    fn scatter_writes_png_and_svg() {
        let dir = scratch_dir("scatter");
        let x: Vec<f64> = (0..8_000).map(|i| -10.0 + 45.0 * f64::from(i) / 8_000.0).collect();
        let y: Vec<f64> = x.iter().map(|t| 0.5 + (t - 12.0).max(0.0) * 0.1).collect();
        let groups = [PointGroup {
            label: "Hall A",
            x: &x,
            y: &y,
        }];
        let paths = scatter(&dir, "scatter", &TEXT, &groups).unwrap();
        assert_chart_files(&paths, &dir, "scatter", TEXT.title);
        let svg = fs::read_to_string(&paths[1]).unwrap();
        // The plotted dots plus one legend dot.
        assert_eq!(svg.matches("<circle").count(), MAX_POINTS_PER_GROUP + 1);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_input_is_an_error_and_writes_nothing() {
        let dir = scratch_dir("scatter-bad");
        let check =
            |x: &[f64], y: &[f64]| invalid_problem(scatter(&dir, "s", &TEXT, &[PointGroup { label: "A", x, y }]));
        assert_eq!(
            check(&[1.0, 2.0], &[1.0]),
            DataProblem::PointsMismatch {
                label: "A".into(),
                x_len: 2,
                y_len: 1
            }
        );
        let err = check(&[1.0, f64::INFINITY], &[1.0, 2.0]);
        assert!(matches!(err, DataProblem::Infinite { index: 1, .. }));
        assert!(err.to_string().contains("`A: x`[1] is inf"), "{err}");
        assert_eq!(
            check(&[1.0, f64::NAN], &[f64::NAN, 2.0]),
            DataProblem::NoFiniteValues {
                what: "the point groups"
            }
        );
        assert_eq!(
            check(&[], &[]),
            DataProblem::NoFiniteValues {
                what: "the point groups"
            }
        );
        assert_eq!(invalid_problem(scatter(&dir, "s", &TEXT, &[])), DataProblem::NoSeries);
        assert!(!dir.exists(), "an invalid chart created its folder");
    }
}
