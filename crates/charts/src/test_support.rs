//! Helpers shared by the chart tests.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{ChartError, DataProblem};

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'];

/// A fresh folder per test and process, so parallel test runs never share files.
pub(crate) fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dctwin-charts-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// Checks that `paths` are a real PNG and SVG named after `stem`, the SVG carries the title,
/// and nothing else (no partial file) is left in `dir`.
pub(crate) fn assert_chart_files(paths: &[PathBuf], dir: &Path, stem: &str, title: &str) {
    assert_eq!(
        paths,
        [dir.join(format!("{stem}.png")), dir.join(format!("{stem}.svg"))]
    );
    let png = fs::read(&paths[0]).unwrap();
    assert!(png.starts_with(&PNG_SIGNATURE), "not a PNG");
    assert!(png.len() > 8 * 1024, "PNG only {} bytes", png.len());
    let svg = fs::read_to_string(&paths[1]).unwrap();
    assert!(svg.starts_with("<svg"), "not an SVG");
    assert!(svg.contains("<text"), "SVG has no text elements");
    assert!(svg.contains(title), "SVG lacks the title");
    // Only the two charts: no partial files left behind.
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [format!("{stem}.png"), format!("{stem}.svg")]);
}

/// The problem of an [`ChartError::InvalidData`] result; panics on anything else.
pub(crate) fn invalid_problem(result: Result<Vec<PathBuf>, ChartError>) -> DataProblem {
    match result {
        Err(ChartError::InvalidData { problem, .. }) => problem,
        other => panic!("expected invalid data, got {other:?}"),
    }
}
