//! Input checks shared by the charts: every problem becomes a [`DataProblem`], never a panic.

use crate::Series;
use crate::error::DataProblem;

/// Rejects stems that would write outside `out_dir`, or clash with the partial dot-files.
pub(crate) fn check_stem(stem: &str) -> Result<(), DataProblem> {
    let bad = stem.is_empty() || stem.starts_with('.') || stem.contains(['/', '\\']);
    if bad {
        return Err(DataProblem::BadStem { stem: stem.to_owned() });
    }
    Ok(())
}

/// Checks the number of series against the palette size.
pub(crate) fn check_series_count(count: usize, max: usize) -> Result<(), DataProblem> {
    if count == 0 {
        return Err(DataProblem::NoSeries);
    }
    if count > max {
        return Err(DataProblem::TooManySeries { count, max });
    }
    Ok(())
}

/// Checks that there are at least `needed` entries on the x axis or category list.
pub(crate) fn check_min_len(what: &'static str, found: usize, needed: usize) -> Result<(), DataProblem> {
    if found < needed {
        return Err(DataProblem::TooFewValues { what, found, needed });
    }
    Ok(())
}

/// Checks that x values are finite and strictly increasing.
pub(crate) fn check_x(x: &[f64]) -> Result<(), DataProblem> {
    check_finite("x", x)?;
    for (index, pair) in x.windows(2).enumerate() {
        if pair[1] <= pair[0] {
            return Err(DataProblem::XNotIncreasing {
                index: index + 1,
                value: pair[1],
                previous: pair[0],
            });
        }
    }
    Ok(())
}

/// Checks one series: one value per x value or category, each finite and non-negative.
pub(crate) fn check_values(series: &Series, expected: usize, axis: &'static str) -> Result<(), DataProblem> {
    if series.values.len() != expected {
        return Err(DataProblem::LengthMismatch {
            label: series.label.to_owned(),
            found: series.values.len(),
            expected,
            axis,
        });
    }
    check_finite(series.label, series.values)?;
    if let Some((index, &value)) = series.values.iter().enumerate().find(|(_, v)| **v < 0.0) {
        return Err(DataProblem::Negative {
            label: series.label.to_owned(),
            index,
            value,
        });
    }
    Ok(())
}

/// Sums the series position by position; the series must already have been checked.
pub(crate) fn stack_totals(series: &[Series], len: usize) -> Result<Vec<f64>, DataProblem> {
    let mut totals = vec![0.0; len];
    for s in series {
        for (total, value) in totals.iter_mut().zip(s.values) {
            *total += value;
        }
    }
    match totals.iter().position(|t| !t.is_finite()) {
        Some(index) => Err(DataProblem::Overflow { index }),
        None => Ok(totals),
    }
}

/// Checks one line series: one value per x value, each finite or NaN ("no data").
pub(crate) fn check_gappy_values(series: &Series, expected: usize) -> Result<(), DataProblem> {
    if series.values.len() != expected {
        return Err(DataProblem::LengthMismatch {
            label: series.label.to_owned(),
            found: series.values.len(),
            expected,
            axis: "x values",
        });
    }
    check_not_infinite(series.label, series.values)
}

/// Rejects infinite values; NaN passes and means "no data".
pub(crate) fn check_not_infinite(label: &str, values: &[f64]) -> Result<(), DataProblem> {
    match values.iter().enumerate().find(|(_, v)| v.is_infinite()) {
        Some((index, &value)) => Err(DataProblem::Infinite {
            label: label.to_owned(),
            index,
            value,
        }),
        None => Ok(()),
    }
}

/// The least and greatest of the finite values, or [`DataProblem::NoFiniteValues`] naming
/// `what` if every value is NaN.
pub(crate) fn finite_min_max<'v>(
    values: impl IntoIterator<Item = &'v f64>,
    what: &'static str,
) -> Result<(f64, f64), DataProblem> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc: Option<(f64, f64)>, &v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
        .ok_or(DataProblem::NoFiniteValues { what })
}

/// Checks that an axis range is finite and increasing.
pub(crate) fn check_range(axis: &'static str, (lo, hi): (f64, f64)) -> Result<(), DataProblem> {
    if lo.is_finite() && hi.is_finite() && lo < hi {
        Ok(())
    } else {
        Err(DataProblem::BadRange { axis, lo, hi })
    }
}

fn check_finite(label: &str, values: &[f64]) -> Result<(), DataProblem> {
    match values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        Some((index, &value)) => Err(DataProblem::NotFinite {
            label: label.to_owned(),
            index,
            value,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_that_escape_the_folder_are_rejected() {
        assert!(check_stem("power").is_ok());
        for bad in ["", ".hidden", "a/b", "a\\b", "../up"] {
            assert!(check_stem(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn x_must_increase_strictly() {
        assert!(check_x(&[0.0, 1.0, 2.0]).is_ok());
        assert_eq!(
            check_x(&[0.0, 1.0, 1.0]),
            Err(DataProblem::XNotIncreasing {
                index: 2,
                value: 1.0,
                previous: 1.0
            })
        );
    }

    #[test]
    fn nan_and_negative_values_name_their_position() {
        let nan = Series {
            label: "IT",
            values: &[1.0, f64::NAN],
        };
        let err = check_values(&nan, 2, "x values").unwrap_err();
        assert!(matches!(err, DataProblem::NotFinite { index: 1, .. }));
        assert!(err.to_string().contains("`IT`[1] is NaN"), "{err}");

        let negative = Series {
            label: "IT",
            values: &[-0.5, 1.0],
        };
        let err = check_values(&negative, 2, "x values").unwrap_err();
        assert!(matches!(err, DataProblem::Negative { index: 0, .. }));
    }

    #[test]
    fn gappy_series_allow_nan_but_not_infinity() {
        let gappy = Series {
            label: "Hall A",
            values: &[1.0, f64::NAN, -2.0],
        };
        assert!(check_gappy_values(&gappy, 3).is_ok());
        let inf = Series {
            label: "Hall A",
            values: &[1.0, f64::NEG_INFINITY],
        };
        let err = check_gappy_values(&inf, 2).unwrap_err();
        assert!(matches!(err, DataProblem::Infinite { index: 1, .. }));
        assert!(err.to_string().contains("`Hall A`[1] is -inf"), "{err}");
    }

    #[test]
    fn min_max_skips_nan_and_needs_one_value() {
        assert_eq!(finite_min_max(&[f64::NAN, 3.0, -1.0, f64::NAN], "x"), Ok((-1.0, 3.0)));
        assert_eq!(
            finite_min_max(&[f64::NAN], "the series"),
            Err(DataProblem::NoFiniteValues { what: "the series" })
        );
    }

    #[test]
    fn ranges_must_be_finite_and_increasing() {
        assert!(check_range("x", (0.0, 365.0)).is_ok());
        for bad in [(1.0, 1.0), (2.0, 1.0), (f64::NAN, 1.0), (0.0, f64::INFINITY)] {
            assert!(check_range("x", bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn totals_that_overflow_are_an_error() {
        let big = [f64::MAX];
        let series = [
            Series {
                label: "a",
                values: &big,
            },
            Series {
                label: "b",
                values: &big,
            },
        ];
        assert_eq!(stack_totals(&series, 1), Err(DataProblem::Overflow { index: 0 }));
    }
}
