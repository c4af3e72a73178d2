//! The frame around the data, shared by every chart: white background, title and subtitle,
//! a legend panel on the right (outside the data, so it never hides any) and the plot with
//! its axes and light grid.

use plotters::coord::Shift;
use plotters::prelude::{
    Cartesian2d, ChartBuilder, ChartContext, Circle, DrawingArea, DrawingAreaErrorKind, DrawingBackend, PathElement,
    Rectangle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, RGBColor, ShapeStyle, TextStyle, WHITE};

use crate::ChartText;
use crate::axis::Axis;
use crate::style::{
    AXIS_LABEL_PX, FRAME, GRID, INK, LEGEND_PX, MUTED_INK, OVERLAY, SIZE_PX, SUBTITLE_PX, TICK_PX, TITLE_PX, text,
};

/// Space between the image edge and any content.
pub(crate) const EDGE_PX: i32 = 24;
/// Space between the header and the top of the plot (and the legend box).
const PLOT_TOP_PX: i32 = 12;
/// Height of one legend row.
const LEGEND_ROW_PX: i32 = 30;
/// Width of a legend swatch.
const SWATCH_W_PX: i32 = 28;
/// Padding inside the legend box.
const LEGEND_PAD_PX: i32 = 12;
/// Gap between the plot and the legend box.
const LEGEND_GAP_PX: i32 = 16;
/// The legend panel is as wide as its longest label needs, within these bounds.
const LEGEND_MIN_W_PX: i32 = 180;
const LEGEND_MAX_W_PX: i32 = 380;
/// Width of a line chart's lines (and of their legend samples).
const LINE_WIDTH_PX: u32 = 2;
/// Radius of a scatter legend dot: larger than the plotted dots so its colour reads clearly.
const LEGEND_DOT_PX: i32 = 6;
/// Length of the tick marks.
const TICK_MARK_PX: i32 = 6;
/// Height of the x label area: tick labels plus the axis description under them.
pub(crate) const X_LABEL_AREA_PX: i32 = 62;
/// Space below the plot's x label area.
pub(crate) const PLOT_BOTTOM_MARGIN_PX: i32 = EDGE_PX - 8;
/// At most this many x ticks on a numeric x axis; 0..365 days gets one every 50 days.
const X_MAX_TICKS: usize = 10;
/// Least space between neighbouring x tick labels.
const MIN_LABEL_GAP_PX: u32 = 16;
/// Overlay line width in pixels. The line is solid: a daily series zig-zags from day to day,
/// and dashes along a zig-zag break up into noise.
const OVERLAY_WIDTH_PX: u32 = 2;

/// Typical width of the y label area, for sizing x tick labels before the plot (and so its
/// exact width) exists.
pub(crate) const Y_LABEL_AREA_GUESS_PX: u32 = 140;

/// Result of a drawing step on backend `DB`.
pub(crate) type Drawn<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A region of the chart in pixels.
pub(crate) type Area<DB> = DrawingArea<DB, Shift>;

/// The plot's coordinate system: linear f64 axes with ticks we choose.
pub(crate) type Coords = Cartesian2d<Axis, Axis>;

/// What a legend row shows next to its label.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A filled block in a stack colour.
    Fill(RGBColor),
    /// A sample of the overlay line.
    Overlay,
    /// A sample of a line chart's line in this colour.
    Line(RGBColor),
    /// A scatter dot in this colour.
    Dot(RGBColor),
}

/// One legend row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LegendEntry<'a> {
    pub(crate) label: &'a str,
    pub(crate) swatch: Swatch,
}

/// Style of the overlay line (and of its legend sample).
pub(crate) fn overlay_style() -> ShapeStyle {
    OVERLAY.stroke_width(OVERLAY_WIDTH_PX)
}

/// Style of a line chart's line in `color` (and of its legend sample).
pub(crate) fn line_style(color: RGBColor) -> ShapeStyle {
    color.stroke_width(LINE_WIDTH_PX)
}

/// Fills the background, draws title, subtitle and legend, and returns the area left for the
/// plot.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart_text: &ChartText,
    legend: &[LegendEntry],
) -> Drawn<DrawingArea<DB, Shift>, DB> {
    let legend_w = legend_width(root, legend)?;
    let (plot, legend_area) = frame_with_panel(root, chart_text, legend_w)?;
    draw_legend(&legend_area, legend, legend_w)?;
    Ok(plot)
}

/// Fills the background, draws title and subtitle, and splits the rest into the plot area and
/// a panel `panel_w` pixels wide on the right, which the caller fills (e.g. with a colour bar).
///
/// The panel's content should start [`PANEL_LEFT_PX`] from its left edge, end
/// [`PANEL_RIGHT_PX`] from its right edge and start [`PANEL_TOP_PX`] from its top, like the
/// legend box; the plot's data area ends [`data_bottom_px`] from the panel's top.
pub(crate) fn frame_with_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart_text: &ChartText,
    panel_w: i32,
) -> Drawn<(Area<DB>, Area<DB>), DB> {
    let body = header(root, chart_text)?;
    let width = SIZE_PX.0 as i32;
    Ok(body.split_horizontally(width - panel_w))
}

/// Fills the background, draws title and subtitle, and returns the whole area under them
/// (for charts without axes, such as the Sankey diagram). Content should keep
/// [`EDGE_PX`] from the image edges and start [`PANEL_TOP_PX`] from the area's top.
pub(crate) fn header<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart_text: &ChartText) -> Drawn<Area<DB>, DB> {
    root.fill(&WHITE)?;
    let (width, _) = SIZE_PX;
    let width = width as i32;

    let title_style = text(TITLE_PX, FontStyle::Bold, INK);
    let title = fit(root, chart_text.title, &title_style, width - 2 * EDGE_PX)?;
    root.draw_text(&title, &title_style, (EDGE_PX, 20))?;
    let header_px = if chart_text.subtitle.is_empty() {
        64
    } else {
        let subtitle_style = text(SUBTITLE_PX, FontStyle::Normal, MUTED_INK);
        let subtitle = fit(root, chart_text.subtitle, &subtitle_style, width - 2 * EDGE_PX)?;
        root.draw_text(&subtitle, &subtitle_style, (EDGE_PX, 60))?;
        96
    };
    let (_, body) = root.split_vertically(header_px);
    Ok(body)
}

/// Left inset of a side panel's content: the gap between the plot and the legend box.
pub(crate) const PANEL_LEFT_PX: i32 = LEGEND_GAP_PX;
/// Right inset of a side panel's content: the image edge margin.
pub(crate) const PANEL_RIGHT_PX: i32 = EDGE_PX;
/// Top inset of a side panel's content, level with the top of the plot.
pub(crate) const PANEL_TOP_PX: i32 = PLOT_TOP_PX;

/// Distance from the top of `area` (the plot area or the side panel, which share their top)
/// to the bottom of the plot's data area, i.e. to the x axis.
pub(crate) fn data_bottom_px<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> i32 {
    area.dim_in_pixel().1 as i32 - PLOT_BOTTOM_MARGIN_PX - X_LABEL_AREA_PX
}

/// A numeric x axis with as many round-number ticks (up to [`X_MAX_TICKS`]) as fit in
/// `plot_area` without their labels touching: long labels such as `1,000,000` get fewer.
///
/// `make` builds the axis for a given tick budget; the plot's exact width is only known once
/// the chart is built, so the frame minus a typical y label area stands in for it.
pub(crate) fn fitted_x_axis<DB: DrawingBackend>(
    plot_area: &DrawingArea<DB, Shift>,
    make: impl Fn(usize) -> Axis,
) -> Drawn<Axis, DB> {
    let style = text(TICK_PX, FontStyle::Normal, INK);
    let plot_px = plot_area.dim_in_pixel().0.saturating_sub(Y_LABEL_AREA_GUESS_PX);
    let mut max_ticks = X_MAX_TICKS;
    loop {
        let axis = make(max_ticks);
        let mut widest = 0;
        for tick in &axis.ticks {
            widest = widest.max(plot_area.estimate_text_size(&axis.label(*tick), &style)?.0);
        }
        let needed_px = (widest + MIN_LABEL_GAP_PX) * axis.ticks.len() as u32;
        if needed_px <= plot_px || max_ticks <= 2 {
            return Ok(axis);
        }
        max_ticks -= 1;
    }
}

/// Builds the plot on `area`: axes, tick labels, axis labels and a light grid.
///
/// `x_tick_label` prints an x tick; `x_grid` draws vertical grid lines (bars don't want them).
pub(crate) fn plot<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    chart_text: &ChartText,
    x: &Axis,
    x_tick_label: &dyn Fn(&f64) -> String,
    x_grid: bool,
    y: &Axis,
) -> Drawn<ChartContext<'a, DB, Coords>, DB> {
    let tick_style = text(TICK_PX, FontStyle::Normal, INK);
    let widest_tick = y
        .ticks
        .iter()
        .map(|t| area.estimate_text_size(&y.label(*t), &tick_style).map(|(w, _)| w))
        .try_fold(0, |widest, w| w.map(|w| widest.max(w)))?;
    // Tick labels, the tick marks and the rotated axis label, with breathing space between.
    let y_label_area_px = widest_tick as i32 + AXIS_LABEL_PX as i32 + 28;

    let mut chart = ChartBuilder::on(area)
        .margin_top(PLOT_TOP_PX)
        .margin_left(EDGE_PX - 8)
        .margin_right(8)
        .margin_bottom(PLOT_BOTTOM_MARGIN_PX)
        .x_label_area_size(X_LABEL_AREA_PX)
        .y_label_area_size(y_label_area_px)
        .build_cartesian_2d(x.clone(), y.clone())?;

    let y_tick_label = |v: &f64| y.label(*v);
    let mut mesh = chart.configure_mesh();
    // plotters puts labels twice the tick length from the axis, and ab_glyph draws glyphs
    // about 2 px above their layout box; 6 px ticks leave a clear gap to the labels.
    mesh.set_all_tick_mark_size(TICK_MARK_PX)
        // Vertically centred labels sit ~2 px high in both backends (glyph overshoot in the
        // bitmap, `dy="0.5ex"` in SVG); nudge y labels down onto their tick.
        .y_label_offset(2)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(WHITE.mix(0.0))
        .axis_style(FRAME.stroke_width(1))
        .label_style(tick_style.clone())
        .axis_desc_style(text(AXIS_LABEL_PX, FontStyle::Normal, INK))
        .x_desc(chart_text.x_label)
        .y_desc(chart_text.y_label)
        .x_label_formatter(x_tick_label)
        .y_label_formatter(&y_tick_label);
    if !x_grid {
        mesh.disable_x_mesh();
    }
    mesh.draw()?;
    Ok(chart)
}

/// Width of the legend panel: the longest label plus swatch and padding, within bounds.
fn legend_width<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, legend: &[LegendEntry]) -> Drawn<i32, DB> {
    let style = text(LEGEND_PX, FontStyle::Normal, INK);
    let mut widest = 0;
    for entry in legend {
        widest = widest.max(root.estimate_text_size(entry.label, &style)?.0 as i32);
    }
    let needed = LEGEND_GAP_PX + 2 * LEGEND_PAD_PX + SWATCH_W_PX + 10 + widest + EDGE_PX;
    Ok(needed.clamp(LEGEND_MIN_W_PX, LEGEND_MAX_W_PX))
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    legend: &[LegendEntry],
    panel_w: i32,
) -> Drawn<(), DB> {
    let style = text(LEGEND_PX, FontStyle::Normal, INK).pos(Pos::new(HPos::Left, VPos::Center));
    let left = LEGEND_GAP_PX;
    let right = panel_w - EDGE_PX;
    let top = PLOT_TOP_PX;
    // Rows are 30 px apart but the last needs only its 24 px of content.
    let bottom = top + 2 * LEGEND_PAD_PX + LEGEND_ROW_PX * legend.len() as i32 - 6;
    area.draw(&Rectangle::new([(left, top), (right, bottom)], WHITE.filled()))?;
    area.draw(&Rectangle::new([(left, top), (right, bottom)], FRAME.stroke_width(1)))?;

    let swatch_x = left + LEGEND_PAD_PX;
    let label_x = swatch_x + SWATCH_W_PX + 10;
    let label_w = right - LEGEND_PAD_PX - label_x;
    for (row, entry) in legend.iter().enumerate() {
        let mid_y = top + LEGEND_PAD_PX + LEGEND_ROW_PX * row as i32 + (LEGEND_ROW_PX - 6) / 2;
        match entry.swatch {
            Swatch::Fill(color) => area.draw(&Rectangle::new(
                [(swatch_x, mid_y - 8), (swatch_x + SWATCH_W_PX, mid_y + 8)],
                color.filled(),
            ))?,
            Swatch::Overlay => area.draw(&PathElement::new(
                [(swatch_x, mid_y), (swatch_x + SWATCH_W_PX, mid_y)],
                overlay_style(),
            ))?,
            Swatch::Line(color) => area.draw(&PathElement::new(
                [(swatch_x, mid_y), (swatch_x + SWATCH_W_PX, mid_y)],
                // A pixel thicker than in the plot: a short sample needs the weight to show its colour.
                color.stroke_width(LINE_WIDTH_PX + 1),
            ))?,
            Swatch::Dot(color) => area.draw(&Circle::new(
                (swatch_x + SWATCH_W_PX / 2, mid_y),
                LEGEND_DOT_PX,
                color.filled(),
            ))?,
        }
        let label = fit(area, entry.label, &style, label_w)?;
        // Centred text sits high (glyph overshoot in the bitmap, `dy="0.5ex"` in SVG); 3 px
        // lower puts capitals level with the swatch in the PNG, within a px or two in SVG.
        area.draw_text(&label, &style, (label_x, mid_y + 3))?;
    }
    Ok(())
}

/// `label`, shortened with an ellipsis if it is wider than `max_w` pixels.
pub(crate) fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    label: &str,
    style: &TextStyle,
    max_w: i32,
) -> Drawn<String, DB> {
    let fits = |s: &str| -> Drawn<bool, DB> { Ok(area.estimate_text_size(s, style)?.0 as i32 <= max_w) };
    if fits(label)? {
        return Ok(label.to_owned());
    }
    let mut chars: Vec<char> = label.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().chain(['…'].iter()).collect();
        if fits(&candidate)? {
            return Ok(candidate);
        }
    }
    Ok(String::new())
}
