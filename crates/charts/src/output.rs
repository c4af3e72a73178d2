//! Renders a chart to PNG and SVG and moves each into place atomically.
//!
//! A reader (a report generator, a browser refreshing the folder) must never see a
//! half-written chart under its final name, so each file is written under a hidden partial
//! name in the same folder and renamed onto the final name only when complete; a rename within
//! one folder replaces the target in one step.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingAreaErrorKind, DrawingBackend};
use plotters::prelude::{IntoDrawingArea, SVGBackend};

use crate::error::ChartError;
use crate::style::{SIZE_PX, register_fonts};

/// Result of drawing onto a backend `DB`.
pub(crate) type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart that can draw itself onto any plotters backend (bitmap or SVG).
pub(crate) trait Draw {
    /// Draws the whole chart onto `root`, which covers [`SIZE_PX`].
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// The PNG path a chart named `stem` is written to; data errors name it.
pub(crate) fn png_path(out_dir: &Path, stem: &str) -> PathBuf {
    out_dir.join(format!("{stem}.png"))
}

/// Writes `<out_dir>/<stem>.png` and `<out_dir>/<stem>.svg`, creating `out_dir` if needed.
pub(crate) fn write_png_and_svg(out_dir: &Path, stem: &str, chart: &impl Draw) -> Result<Vec<PathBuf>, ChartError> {
    let png = png_path(out_dir, stem);
    let svg = out_dir.join(format!("{stem}.svg"));
    if !register_fonts() {
        return Err(ChartError::Font { path: png });
    }
    fs::create_dir_all(out_dir).map_err(|source| ChartError::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    write_png(&png, chart)?;
    write_svg(&svg, chart)?;
    Ok(vec![png, svg])
}

fn write_png(path: &Path, chart: &impl Draw) -> Result<(), ChartError> {
    // The bitmap encoder picks the image format from the extension, so the partial name must
    // still end in `.png`.
    let partial = partial_path(path, "png");
    let result = render_png(&partial, chart)
        .map_err(|message| ChartError::Render {
            path: path.to_path_buf(),
            message,
        })
        .and_then(|()| sync(&partial, path))
        .and_then(|()| rename(&partial, path));
    if result.is_err() {
        // Best effort: the error being returned matters more than a leftover dot-file.
        let _ = fs::remove_file(&partial);
    }
    result
}

/// Draws into a bitmap backend that encodes to `partial` on `present`.
///
/// If drawing fails, the backend still writes what it has to `partial` when dropped at the
/// end of this function; the caller removes it.
fn render_png(partial: &Path, chart: &impl Draw) -> Result<(), String> {
    let root = BitMapBackend::new(partial, SIZE_PX).into_drawing_area();
    chart.draw(&root).map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}

fn write_svg(path: &Path, chart: &impl Draw) -> Result<(), ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE_PX).into_drawing_area();
        let drawn = chart.draw(&root).and_then(|()| root.present());
        drawn.map_err(|e| ChartError::Render {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    }
    let partial = partial_path(path, "svg");
    let result = write_synced(&partial, svg.as_bytes())
        .map_err(|source| ChartError::Io {
            path: path.to_path_buf(),
            source,
        })
        .and_then(|()| rename(&partial, path));
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}

/// `.<stem>.<pid>-<n>.partial.<ext>` next to `path`: hidden, unique per process and call so
/// that concurrent writers never share a partial file, and still ending in `.<ext>`.
fn partial_path(path: &Path, ext: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = format!(".{stem}.{}-{n}.partial.{ext}", std::process::id());
    path.with_file_name(name)
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    // Flush to disk before the rename so a crash cannot leave an empty file under the final
    // name.
    file.sync_all()
}

/// Flushes the encoder's partial PNG to disk before it is renamed (see [`write_synced`]).
fn sync(partial: &Path, final_path: &Path) -> Result<(), ChartError> {
    File::open(partial)
        .and_then(|f| f.sync_all())
        .map_err(|source| ChartError::Io {
            path: final_path.to_path_buf(),
            source,
        })
}

fn rename(partial: &Path, final_path: &Path) -> Result<(), ChartError> {
    fs::rename(partial, final_path).map_err(|source| ChartError::Io {
        path: final_path.to_path_buf(),
        source,
    })
}
