#![doc = include_str!("../README.md")]

mod area;
mod axis;
mod bars;
mod colormap;
mod error;
mod frame;
mod heatmap;
mod lines;
mod output;
mod sankey;
mod scatter;
mod style;
#[cfg(test)]
mod test_support;
mod validate;

pub use area::stacked_area;
pub use bars::stacked_bars;
pub use error::{ChartError, DataProblem};
pub use heatmap::heatmap;
pub use lines::line_chart;
pub use sankey::{Flow, FlowNode, sankey};
pub use scatter::{PointGroup, scatter};
pub use style::{FONT_FAMILY, MAX_SERIES, PALETTE, SIZE_PX};

/// One named data series.
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    /// Legend label, with the unit if the axis label does not already give it.
    pub label: &'a str,
    /// One value per x value or category, in the unit of the y axis label.
    pub values: &'a [f64],
}

/// Titles and axis labels (units in the labels, e.g. `"Power [MW]"`).
#[derive(Debug, Clone, Copy)]
pub struct ChartText<'a> {
    /// Bold headline above the chart.
    pub title: &'a str,
    /// Smaller grey line under the title (scenario, location, year); empty to leave it out.
    pub subtitle: &'a str,
    /// Label under the x axis, with its unit in brackets.
    pub x_label: &'a str,
    /// Label beside the y axis, with its unit in brackets.
    pub y_label: &'a str,
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use super::*;
    use crate::test_support::{assert_chart_files, scratch_dir};

    fn text() -> ChartText<'static> {
        ChartText {
            title: "Facility power by component",
            subtitle: "Test campus, 2024",
            x_label: "Day of year",
            y_label: "Power [MW]",
        }
    }

    #[test]
    fn stacked_area_writes_png_and_svg() {
        let dir = scratch_dir("area");
        let x: Vec<f64> = (0..365).map(f64::from).collect();
        let it: Vec<f64> = x.iter().map(|d| 7.0 + 0.5 * (d / 58.0).sin()).collect();
        let cooling: Vec<f64> = x.iter().map(|d| 1.2 - 0.6 * (d / 58.0).cos()).collect();
        let peak: Vec<f64> = it.iter().zip(&cooling).map(|(a, b)| 1.3 * (a + b)).collect();
        let series = [
            Series {
                label: "IT",
                values: &it,
            },
            Series {
                label: "Cooling",
                values: &cooling,
            },
        ];
        let overlay = Series {
            label: "Daily peak",
            values: &peak,
        };
        let paths = stacked_area(&dir, "power", &text(), &x, &series, Some(overlay)).unwrap();
        assert_chart_files(&paths, &dir, "power", text().title);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stacked_bars_write_png_and_svg() {
        let dir = scratch_dir("bars");
        let months: Vec<String> = ["Jan", "Feb", "Mar"].map(String::from).to_vec();
        let series = [
            Series {
                label: "IT",
                values: &[5200.0, 4900.0, 5300.0],
            },
            Series {
                label: "Cooling",
                values: &[600.0, 650.0, 900.0],
            },
        ];
        let text = ChartText {
            title: "Monthly energy by component",
            y_label: "Energy [MWh]",
            x_label: "Month",
            ..text()
        };
        let paths = stacked_bars(&dir, "energy", &text, &months, &series).unwrap();
        assert_chart_files(&paths, &dir, "energy", text.title);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writing_again_replaces_the_files() {
        let dir = scratch_dir("again");
        let cats = vec!["A".to_owned()];
        let series = [Series {
            label: "only",
            values: &[1.0],
        }];
        stacked_bars(&dir, "c", &text(), &cats, &series).unwrap();
        let paths = stacked_bars(&dir, "c", &text(), &cats, &series).unwrap();
        assert_chart_files(&paths, &dir, "c", text().title);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn all_zero_data_still_draws() {
        let dir = scratch_dir("zero");
        let zeros = [0.0; 3];
        let series = [Series {
            label: "idle",
            values: &zeros,
        }];
        let paths = stacked_area(&dir, "z", &text(), &[0.0, 1.0, 2.0], &series, None).unwrap();
        assert_chart_files(&paths, &dir, "z", text().title);
        let cats: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        stacked_bars(&dir, "z", &text(), &cats, &series).unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn mismatched_lengths_are_an_error_and_write_nothing() {
        let dir = scratch_dir("mismatch");
        let series = [Series {
            label: "IT",
            values: &[1.0, 2.0],
        }];
        let err = stacked_area(&dir, "p", &text(), &[0.0, 1.0, 2.0], &series, None).unwrap_err();
        let ChartError::InvalidData { path, problem } = &err else {
            panic!("unexpected error {err}");
        };
        assert_eq!(path, &dir.join("p.png"));
        assert_eq!(
            problem,
            &DataProblem::LengthMismatch {
                label: "IT".into(),
                found: 2,
                expected: 3,
                axis: "x values"
            }
        );
        assert!(
            err.to_string()
                .contains("series `IT` has 2 values but there are 3 x values")
        );

        let overlay = Series {
            label: "peak",
            values: &[1.0],
        };
        let err = stacked_area(&dir, "p", &text(), &[0.0, 1.0], &series, Some(overlay));
        assert!(matches!(
            err,
            Err(ChartError::InvalidData {
                problem: DataProblem::LengthMismatch { .. },
                ..
            })
        ));

        let cats = vec!["Jan".to_owned()];
        let err = stacked_bars(&dir, "e", &text(), &cats, &series).unwrap_err();
        assert!(err.to_string().contains("there are 1 categories"), "{err}");
        assert!(!dir.exists(), "an invalid chart created its folder");
    }

    #[test]
    fn empty_and_nan_inputs_are_errors() {
        let dir = scratch_dir("bad");
        let one = [Series {
            label: "IT",
            values: &[1.0],
        }];
        let problem = |r: Result<Vec<PathBuf>, ChartError>| match r {
            Err(ChartError::InvalidData { problem, .. }) => problem,
            other => panic!("expected invalid data, got {other:?}"),
        };
        assert_eq!(
            problem(stacked_area(&dir, "p", &text(), &[], &[], None)),
            DataProblem::NoSeries
        );
        assert!(matches!(
            problem(stacked_area(&dir, "p", &text(), &[0.0], &one, None)),
            DataProblem::TooFewValues { what: "x", .. }
        ));
        assert!(matches!(
            problem(stacked_bars(&dir, "p", &text(), &[], &one)),
            DataProblem::TooFewValues { what: "categories", .. }
        ));
        let nan = [Series {
            label: "IT",
            values: &[1.0, f64::NAN],
        }];
        assert!(matches!(
            problem(stacked_area(&dir, "p", &text(), &[0.0, 1.0], &nan, None)),
            DataProblem::NotFinite { index: 1, .. }
        ));
        assert!(matches!(
            problem(stacked_area(&dir, "p", &text(), &[0.0, f64::NAN], &one, None)),
            DataProblem::NotFinite { .. }
        ));
        assert!(matches!(
            problem(stacked_bars(&dir, "../p", &text(), &["a".into()], &one)),
            DataProblem::BadStem { .. }
        ));
        let nine: Vec<Series> = (0..9).map(|_| one[0]).collect();
        assert!(matches!(
            problem(stacked_bars(&dir, "p", &text(), &["a".into()], &nine)),
            DataProblem::TooManySeries { count: 9, max: 8 }
        ));
        assert!(!dir.exists());
    }

    #[test]
    fn extreme_values_draw_without_panicking() {
        let dir = scratch_dir("extreme");
        let (lo, hi) = (-f64::MAX, f64::MAX);
        let series = [Series {
            label: "wide",
            values: &[lo, f64::NAN, hi],
        }];
        line_chart(&dir, "l", &text(), &[lo, 0.0, hi], &series).unwrap();
        heatmap(&dir, "h", &text(), 1, 3, &[lo, f64::NAN, hi], (lo, hi), (0.0, 1.0), "v").unwrap();
        let tiny = [1.0, 1.0 + f64::EPSILON];
        heatmap(&dir, "t", &text(), 1, 2, &tiny, (0.0, 1e-300), (0.0, 1.0), "v").unwrap();
        let group = PointGroup {
            label: "wide",
            x: &[lo, hi, 0.0],
            y: &[hi, lo, 0.0],
        };
        scatter(&dir, "s", &text(), &[group]).unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn io_errors_name_the_file() {
        // A regular file where the output folder should be.
        let blocker = scratch_dir("io");
        fs::write(&blocker, b"not a folder").unwrap();
        let series = [Series {
            label: "IT",
            values: &[1.0],
        }];
        let err = stacked_bars(&blocker, "p", &text(), &["a".into()], &series).unwrap_err();
        assert!(matches!(err, ChartError::Io { ref path, .. } if path == &blocker));
        assert!(err.to_string().contains(&blocker.display().to_string()));
        fs::remove_file(&blocker).unwrap();
    }
}
