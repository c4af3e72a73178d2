//! The one look every chart shares: size, palette, font and text sizes.

use std::sync::OnceLock;

use plotters::style::{FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

/// Font family name the embedded DejaVu Sans is registered under; every text uses it.
///
/// It is plotters' generic sans-serif name, so SVG viewers without DejaVu Sans fall back to
/// their own sans-serif font.
pub const FONT_FAMILY: &str = "sans-serif";

/// Width and height of every chart in pixels (PNG) and user units (SVG): 16:9, sharp on a
/// slide at full width.
pub const SIZE_PX: (u32, u32) = (1280, 720);

/// Okabe–Ito colour-blind-safe palette in its published order; series `i` gets colour `i`.
///
/// Okabe, M. and Ito, K. (2008), "Color Universal Design (CUD): how to make figures and
/// presentations that are friendly to colorblind people", <https://jfly.uni-koeln.de/color/>.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xF0, 0xE4, 0x42), // yellow
    RGBColor(0x00, 0x00, 0x00), // black
];

/// Most stacked series a chart accepts: one per palette colour.
pub const MAX_SERIES: usize = PALETTE.len();

/// Text colour: near-black reads softer than pure black on white.
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Subtitle colour.
pub(crate) const MUTED_INK: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Grid lines: light enough to recede behind the data.
pub(crate) const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// Axis lines and legend frame.
pub(crate) const FRAME: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// The overlay line; dark but not the palette's black, which a stack segment may use.
pub(crate) const OVERLAY: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// Text sizes in pixels, chosen to stay legible when a 1280 × 720 chart is shown on a slide.
pub(crate) const TITLE_PX: f64 = 30.0;
pub(crate) const SUBTITLE_PX: f64 = 20.0;
pub(crate) const AXIS_LABEL_PX: f64 = 20.0;
pub(crate) const TICK_PX: f64 = 17.0;
pub(crate) const LEGEND_PX: f64 = 18.0;
pub(crate) const VALUE_LABEL_PX: f64 = 14.0;

/// Registers the embedded DejaVu Sans (regular and bold) under [`FONT_FAMILY`], once per
/// process. Returns whether the fonts are available.
///
/// plotters' `ab_glyph` feature never looks at system fonts, so without this call every text
/// fails to render; CI machines have no fonts installed at all.
pub(crate) fn register_fonts() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| {
        let regular = plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, dejavu::sans::regular());
        let bold = plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, dejavu::sans::bold());
        regular.is_ok() && bold.is_ok()
    })
}

/// A text style in the chart font.
pub(crate) fn text(size_px: f64, style: FontStyle, color: RGBColor) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size_px, style).color(&color)
}
