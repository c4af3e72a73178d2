//! The viridis colour ramp and the labelled colour bar that explains it.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, RGBColor, TextStyle};

use crate::axis::Axis;
use crate::frame::{self, Drawn};
use crate::output::DrawResult;
use crate::style::{FRAME, INK, LEGEND_PX, TICK_PX, text};

/// Viridis sampled at 0, 0.1, … 1, as 8-bit sRGB. Linear interpolation between 11 anchors
/// stays within a few 8-bit steps of the full 256-entry table, which is invisible.
///
/// Viridis is perceptually uniform (equal steps in value look like equal steps in colour),
/// reads in order from dark to light in greyscale, and suits the common forms of colour
/// blindness. van der Walt, S. and Smith, N. (2015), matplotlib's default colour map, released
/// under CC0: <https://bids.github.io/colormap/>.
const VIRIDIS: [(u8, u8, u8); 11] = [
    (68, 1, 84),
    (72, 37, 118),
    (65, 68, 135),
    (53, 95, 141),
    (42, 120, 142),
    (33, 145, 140),
    (34, 168, 132),
    (66, 190, 113),
    (122, 209, 81),
    (189, 223, 38),
    (253, 231, 37),
];

/// Cells with no data (NaN): a light grey, unlike any viridis colour in both hue and
/// lightness, so a gap never reads as a low or a high value.
pub(crate) const NO_DATA: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);

/// Width of the colour bar.
const BAR_W_PX: i32 = 24;
/// Length of the tick marks right of the bar.
const TICK_MARK_PX: i32 = 6;
/// Gap between a tick mark and its label.
const TICK_GAP_PX: i32 = 6;
/// Height of one line of the label above the bar.
const LABEL_LINE_PX: i32 = 24;
/// Space between the label and the top of the bar.
const LABEL_GAP_PX: i32 = 10;
/// A label wider than this wraps onto more lines rather than widen the panel, so that the
/// unit at its end stays readable and the plot keeps its width.
const LABEL_WRAP_W_PX: i32 = 220;
/// Lines the label may wrap onto; the last is shortened with an ellipsis if it must be.
const LABEL_MAX_LINES: usize = 3;
/// Bands the bar is drawn with: smooth to the eye, and only a few kB in the SVG.
const BAR_BANDS: i32 = 128;
/// The colour bar panel is never narrower than this, so a short label still leaves air.
const PANEL_MIN_W_PX: i32 = 130;
/// Nor wider than this.
const PANEL_MAX_W_PX: i32 = 320;
/// Label of the swatch for cells without data.
const NO_DATA_LABEL: &str = "No data";

/// The viridis colour at `t` in 0..=1 (clamped; NaN gives the no-data grey).
pub(crate) fn viridis(t: f64) -> RGBColor {
    if t.is_nan() {
        return NO_DATA;
    }
    let pos = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + f * (f64::from(b) - f64::from(a))).round() as u8;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// A vertical colour bar: the ramp from `scale.lo` (bottom) to `scale.hi` (top) with its
/// ticks, the label above it, and a "No data" swatch under it when some cells have none.
pub(crate) struct ColourBar<'a> {
    /// The values the ramp spans and the ticks to label.
    pub(crate) scale: Axis,
    /// What the colours mean, with the unit (e.g. `"PUE [-]"`).
    pub(crate) label: &'a str,
    /// Whether to explain the grey of cells without data.
    pub(crate) has_no_data: bool,
}

impl ColourBar<'_> {
    /// The colour of `value` on this bar.
    pub(crate) fn color(&self, value: f64) -> RGBColor {
        viridis((value - self.scale.lo) / (self.scale.hi - self.scale.lo))
    }

    /// Width of the side panel: bar, ticks and labels, or the label if that is wider.
    pub(crate) fn panel_width<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<i32, DB> {
        let tick_style = text(TICK_PX, FontStyle::Normal, INK);
        let mut widest_tick = 0;
        for t in &self.scale.ticks {
            widest_tick = widest_tick.max(root.estimate_text_size(&self.scale.label(*t), &tick_style)?.0 as i32);
        }
        let label_style = text(LEGEND_PX, FontStyle::Normal, INK);
        let label_w = root.estimate_text_size(self.label, &label_style)?.0 as i32;
        let no_data_w = if self.has_no_data {
            BAR_W_PX + TICK_GAP_PX + root.estimate_text_size(NO_DATA_LABEL, &tick_style)?.0 as i32
        } else {
            0
        };
        let content = (BAR_W_PX + TICK_MARK_PX + TICK_GAP_PX + widest_tick)
            .max(label_w.min(LABEL_WRAP_W_PX))
            .max(no_data_w);
        Ok((frame::PANEL_LEFT_PX + content + frame::PANEL_RIGHT_PX).clamp(PANEL_MIN_W_PX, PANEL_MAX_W_PX))
    }

    /// Draws the bar into `panel`, its bottom level with the plot's x axis.
    pub(crate) fn draw<DB: DrawingBackend>(&self, panel: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let left = frame::PANEL_LEFT_PX;
        let content_w = panel.dim_in_pixel().0 as i32 - left - frame::PANEL_RIGHT_PX;
        let label_style = text(LEGEND_PX, FontStyle::Normal, INK).pos(Pos::new(HPos::Left, VPos::Top));
        let lines = wrap(panel, self.label, &label_style, content_w)?;
        for (i, line) in lines.iter().enumerate() {
            panel.draw_text(
                line,
                &label_style,
                (left, frame::PANEL_TOP_PX + LABEL_LINE_PX * i as i32),
            )?;
        }

        let top = frame::PANEL_TOP_PX + LABEL_LINE_PX * lines.len() as i32 + LABEL_GAP_PX;
        let bottom = frame::data_bottom_px(panel);
        let right = left + BAR_W_PX;

        let height = f64::from(bottom - top);
        let y_of = |frac: f64| bottom - (frac * height).round() as i32;
        for band in 0..BAR_BANDS {
            let (from, to) = (
                f64::from(band) / f64::from(BAR_BANDS),
                f64::from(band + 1) / f64::from(BAR_BANDS),
            );
            let color = viridis(f64::midpoint(from, to));
            panel.draw(&Rectangle::new([(left, y_of(to)), (right, y_of(from))], color.filled()))?;
        }
        panel.draw(&Rectangle::new([(left, top), (right, bottom)], FRAME.stroke_width(1)))?;

        let tick_style = text(TICK_PX, FontStyle::Normal, INK).pos(Pos::new(HPos::Left, VPos::Center));
        let span = self.scale.hi - self.scale.lo;
        for &tick in &self.scale.ticks {
            let y = y_of((tick - self.scale.lo) / span);
            panel.draw(&PathElement::new(
                [(right, y), (right + TICK_MARK_PX, y)],
                FRAME.stroke_width(1),
            ))?;
            // +2 px: vertically centred text sits high in both backends (see `frame::plot`).
            let at = (right + TICK_MARK_PX + TICK_GAP_PX, y + 2);
            panel.draw_text(&self.scale.label(tick), &tick_style, at)?;
        }

        if self.has_no_data {
            // In the panel's otherwise empty corner beside the x tick labels.
            let mid_y = bottom + 30;
            panel.draw(&Rectangle::new(
                [(left, mid_y - 8), (right, mid_y + 8)],
                NO_DATA.filled(),
            ))?;
            panel.draw(&Rectangle::new(
                [(left, mid_y - 8), (right, mid_y + 8)],
                FRAME.stroke_width(1),
            ))?;
            panel.draw_text(NO_DATA_LABEL, &tick_style, (right + TICK_GAP_PX, mid_y + 2))?;
        }
        Ok(())
    }
}

/// `label` broken between words into lines at most `max_w` pixels wide, at most
/// [`LABEL_MAX_LINES`] of them; a word too wide for a line, or text past the last line, is
/// shortened with an ellipsis.
fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    label: &str,
    style: &TextStyle,
    max_w: i32,
) -> Drawn<Vec<String>, DB> {
    let mut lines: Vec<String> = Vec::new();
    let mut words = label.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if lines.len() + 1 == LABEL_MAX_LINES {
            let rest: Vec<&str> = std::iter::once(word).chain(words).collect();
            lines.push(frame::fit(area, &rest.join(" "), style, max_w)?);
            break;
        }
        let mut line = word.to_owned();
        while let Some(next) = words.peek() {
            let candidate = format!("{line} {next}");
            if area.estimate_text_size(&candidate, style)?.0 as i32 > max_w {
                break;
            }
            line = candidate;
            words.next();
        }
        lines.push(frame::fit(area, &line, style, max_w)?);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(0.5), RGBColor(33, 145, 140));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        // Halfway between two anchors is their mean.
        assert_eq!(viridis(0.05), RGBColor(70, 19, 101));
        // Out of range clamps; NaN is no data.
        assert_eq!(viridis(-3.0), viridis(0.0));
        assert_eq!(viridis(7.0), viridis(1.0));
        assert_eq!(viridis(f64::NAN), NO_DATA);
    }

    #[test]
    fn viridis_gets_lighter_throughout() {
        // Perceived lightness (Rec. 709 luma as a proxy) rises monotonically.
        let luma = |c: RGBColor| 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
        let lumas: Vec<f64> = (0..=100).map(|i| luma(viridis(f64::from(i) / 100.0))).collect();
        assert!(lumas.windows(2).all(|w| w[1] >= w[0]), "{lumas:?}");
    }
}
