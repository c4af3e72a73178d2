#![doc = include_str!("../README.md")]

mod folder;

pub use folder::{FolderError, MAX_NAME_BYTES, StagedFolder, check_folder_name, check_target};

use std::io::Write;
use std::path::{Path, PathBuf};

use polars::prelude::{
    Column as PlColumn, CsvWriter, DataFrame, NamedFrom, ParquetCompression, ParquetWriter, SerWriter, Series,
    TimeUnit, TimeZone,
};

/// A named column of per-step values; the name carries the unit (`it_power_kw`).
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    /// Column name with its unit.
    pub name: &'a str,
    /// One value per step.
    pub values: &'a [f64],
}

/// Failures writing outputs; each names its file.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file could not be written or renamed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// polars refused the table or failed to encode it.
    #[error("cannot encode {}: {message}", path.display())]
    Encode {
        /// The file.
        path: PathBuf,
        /// polars' message.
        message: String,
    },
    /// A column holds an infinity: a bug upstream, never written to a file.
    #[error("column `{name}` holds {value} at step {step}; no output file holds an infinite number")]
    NonFinite {
        /// Column.
        name: String,
        /// Index of the first bad step.
        step: usize,
        /// The value.
        value: f64,
    },
    /// The columns do not line up with the time column.
    #[error("column `{name}` has {found} values, expected {expected} (one per step)")]
    Length {
        /// Column.
        name: String,
        /// Values found.
        found: usize,
        /// Steps.
        expected: usize,
    },
}

/// Writes `bytes` to `path` atomically: a temporary sibling file, flushed, then renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    with_temp(path, |tmp| {
        let mut f = std::fs::File::create(tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })
}

/// Runs `write` against a temporary sibling of `path`, then renames it onto `path`. The
/// temporary keeps `path`'s extension (some writers choose the format from it).
fn with_temp(path: &Path, write: impl FnOnce(&Path) -> std::io::Result<()>) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    match write(&tmp).and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(io(e))
        }
    }
}

fn frame(path: &Path, time_utc_ms: &[i64], columns: &[Column<'_>]) -> Result<DataFrame, OutputError> {
    let n = time_utc_ms.len();
    let mut cols = Vec::with_capacity(columns.len() + 1);
    let time = Series::new("time_utc".into(), time_utc_ms).into_datetime(TimeUnit::Milliseconds, Some(TimeZone::UTC));
    cols.push(PlColumn::from(time));
    for c in columns {
        if c.values.len() != n {
            return Err(OutputError::Length {
                name: c.name.to_string(),
                found: c.values.len(),
                expected: n,
            });
        }
        if let Some((step, &value)) = c.values.iter().enumerate().find(|(_, v)| v.is_infinite()) {
            return Err(OutputError::NonFinite {
                name: c.name.to_string(),
                step,
                value,
            });
        }
        // NaN marks a step without a value (no tokens served, no marginal data): a null cell.
        let series = if c.values.iter().any(|v| v.is_nan()) {
            let cells: Vec<Option<f64>> = c.values.iter().map(|&v| (!v.is_nan()).then_some(v)).collect();
            Series::new(c.name.into(), cells)
        } else {
            Series::new(c.name.into(), c.values)
        };
        cols.push(PlColumn::from(series));
    }
    DataFrame::new(n, cols).map_err(|e| OutputError::Encode {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Writes a time series to Parquet (zstd): a `time_utc` column (UTC timestamps, ms) and one
/// `f64` column per entry of `columns`. NaN marks a step without a value and is written as a
/// null cell; an infinite value is refused ([`OutputError::NonFinite`]). Deterministic: the same data gives the same bytes.
pub fn write_timeseries_parquet(path: &Path, time_utc_ms: &[i64], columns: &[Column<'_>]) -> Result<(), OutputError> {
    let mut df = frame(path, time_utc_ms, columns)?;
    let mut encode_error = None;
    with_temp(path, |tmp| {
        let file = std::fs::File::create(tmp)?;
        if let Err(e) = ParquetWriter::new(file)
            .with_compression(ParquetCompression::Zstd(None))
            .finish(&mut df)
        {
            encode_error = Some(e.to_string());
            return Err(std::io::Error::other("parquet encoding failed"));
        }
        Ok(())
    })
    .map_err(|e| match encode_error {
        Some(message) => OutputError::Encode {
            path: path.to_path_buf(),
            message,
        },
        None => e,
    })
}

/// Writes the same table as CSV with a header row; times in RFC 3339 UTC.
pub fn write_timeseries_csv(path: &Path, time_utc_ms: &[i64], columns: &[Column<'_>]) -> Result<(), OutputError> {
    let mut df = frame(path, time_utc_ms, columns)?;
    let mut encode_error = None;
    with_temp(path, |tmp| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(tmp)?);
        if let Err(e) = CsvWriter::new(&mut file).include_header(true).finish(&mut df) {
            encode_error = Some(e.to_string());
            return Err(std::io::Error::other("csv encoding failed"));
        }
        file.flush()
    })
    .map_err(|e| match encode_error {
        Some(message) => OutputError::Encode {
            path: path.to_path_buf(),
            message,
        },
        None => e,
    })
}

/// Writes a JSON value, pretty-printed with a trailing newline, atomically.
pub fn write_json(path: &Path, value: &serde_json::Value) -> Result<(), OutputError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| OutputError::Encode {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    text.push('\n');
    write_atomic(path, text.as_bytes())
}

/// A 64-bit FNV-1a hash as 16 hex digits: a stable fingerprint of a scenario's effective
/// text for the manifest (not a cryptographic hash).
pub fn fnv1a_hex(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("dctwin-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn parquet_is_deterministic_and_leaves_no_temporaries() {
        let d = scratch("det");
        let t: Vec<i64> = (0..1000).map(|k| k * 900_000).collect();
        let v: Vec<f64> = (0..1000).map(|k| f64::from(k).sin()).collect();
        let cols = [Column {
            name: "x_kw",
            values: &v,
        }];
        write_timeseries_parquet(&d.join("a.parquet"), &t, &cols).unwrap();
        write_timeseries_parquet(&d.join("b.parquet"), &t, &cols).unwrap();
        assert_eq!(
            std::fs::read(d.join("a.parquet")).unwrap(),
            std::fs::read(d.join("b.parquet")).unwrap()
        );
        let names: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn csv_has_header_and_rows() {
        let d = scratch("csv");
        write_timeseries_csv(
            &d.join("t.csv"),
            &[0, 900_000],
            &[Column {
                name: "it_power_kw",
                values: &[1.5, 2.5],
            }],
        )
        .unwrap();
        let text = std::fs::read_to_string(d.join("t.csv")).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("time_utc,it_power_kw"));
        assert!(lines.next().unwrap().starts_with("1970-01-01"));
        assert_eq!(text.lines().count(), 3);
    }

    #[test]
    fn mismatched_lengths_are_an_error() {
        let d = scratch("len");
        let e = write_timeseries_parquet(
            &d.join("x.parquet"),
            &[0, 1],
            &[Column {
                name: "a_kw",
                values: &[1.0],
            }],
        )
        .unwrap_err();
        assert!(e.to_string().contains("a_kw"));
        assert!(!d.join("x.parquet").exists());
    }

    #[test]
    fn nan_is_a_null_cell_and_infinity_is_refused() {
        let d = scratch("nonfinite");
        let t = [0, 900_000];
        let gap = [1.0, f64::NAN];
        write_timeseries_csv(
            &d.join("t.csv"),
            &t,
            &[Column {
                name: "g_per_1k_tokens",
                values: &gap,
            }],
        )
        .unwrap();
        let text = std::fs::read_to_string(d.join("t.csv")).unwrap();
        assert!(text.lines().nth(2).unwrap().ends_with(','), "{text}");
        let e = write_timeseries_parquet(
            &d.join("x.parquet"),
            &t,
            &[Column {
                name: "co2_kg",
                values: &[1.0, f64::INFINITY],
            }],
        )
        .unwrap_err();
        assert!(matches!(e, OutputError::NonFinite { step: 1, .. }), "{e}");
        assert!(!d.join("x.parquet").exists());
    }

    #[test]
    fn unwritable_target_names_the_file() {
        let e = write_atomic(Path::new("/proc/dctwin-cannot-write/x.json"), b"{}").unwrap_err();
        assert!(e.to_string().contains("/proc/dctwin-cannot-write/x.json"));
    }

    #[test]
    fn fnv_reference_value() {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c (reference table of the FNV authors).
        assert_eq!(fnv1a_hex(b"a"), "af63dc4c8601ec8c");
    }
}
