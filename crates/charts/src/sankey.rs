//! A Sankey (energy-flow) diagram: nodes are bars in columns, flows are bands between them
//! whose width is proportional to their value.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, Polygon, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, TextStyle, WHITE};

use crate::ChartText;
use crate::axis;
use crate::error::{ChartError, DataProblem};
use crate::frame::{self, EDGE_PX, PANEL_TOP_PX};
use crate::output::{self, Draw, DrawResult};
use crate::style::{INK, LEGEND_PX, PALETTE, text};
use crate::validate;

/// Width of a node's bar.
const NODE_W_PX: f64 = 16.0;
/// Vertical gap between neighbouring nodes in a column (less if a column has so many nodes
/// that the gaps would take more than a third of the height).
const NODE_GAP_PX: f64 = 16.0;
/// Nodes smaller than this are still drawn this tall, so that every labelled node shows.
const MIN_NODE_PX: f64 = 2.0;
/// Opacity of the bands: light enough for the labels on them to read, and for crossing bands
/// to show through each other.
const BAND_ALPHA: f64 = 0.45;
/// Straight segments each Bézier edge of a band is drawn with; smooth at 1280 px wide.
const BEZIER_STEPS: usize = 48;
/// Node label text size.
const LABEL_PX: f64 = LEGEND_PX;
/// Space between a node's bar and its label's backing plate.
const LABEL_GAP_PX: f64 = 6.0;
/// Padding of the white plate behind a label, left and right of the text.
const PLATE_PAD_X_PX: f64 = 5.0;
/// Height of a label's plate; labels in a column are moved apart until their plates no
/// longer overlap.
const PLATE_H_PX: f64 = 26.0;
/// How far a label may be moved off its node to make room for a neighbour's, in plate
/// heights beyond the node's bar; a label moved further could be read as its neighbour's.
const LABEL_REACH: f64 = 0.75;
/// Opacity of the plate: it mutes the bands under a label without hiding them.
const PLATE_ALPHA: f64 = 0.65;

/// A node of an energy-flow diagram, placed in a column (0 = left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowNode<'a> {
    /// Name shown next to the node, followed by its value, e.g. `"Grid import"`.
    pub label: &'a str,
    /// Column the node stands in; columns are drawn left to right in increasing order.
    pub column: usize,
}

/// A flow from node `from` to node `to` (indices into the node list) of `value` (≥ 0, same
/// unit for all flows, e.g. MWh).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flow {
    /// Index of the node the flow leaves; it must stand in a lower column than `to`.
    pub from: usize,
    /// Index of the node the flow enters.
    pub to: usize,
    /// Amount carried, in the diagram's unit; 0 draws nothing.
    pub value: f64,
}

/// A Sankey (energy-flow) diagram, e.g. grid import and on-site generation (column 0) into
/// the facility (column 1), on to IT, cooling and conversion losses (column 2), and on to
/// heat reused and heat rejected (column 3).
///
/// Nodes are vertical bars in their columns, sized by the larger of their in- and outflow;
/// flows are bands (filled paths with cubic Bézier edges) whose width is proportional to
/// their value. Node `i` gets palette colour `i` (wrapping after [`PALETTE`]'s 8 colours), and
/// each band the colour of its source node, semi-transparent.
///
/// Layout: the occupied columns are spread evenly across the chart, the first at the left
/// edge and the last at the right edge (an empty column takes no space). Nodes stack top to
/// bottom in the order given, 16 px apart, each column centred vertically; one scale (pixels
/// per unit) serves all columns, chosen so the tallest column fills the height. Bands leave
/// a node stacked from its top in the order the flows are given, and enter their target
/// likewise. A flow that skips a column is drawn across it, behind its nodes.
///
/// Every node is labelled `"label — value unit"` (e.g. `"Grid import — 80,000 MWh"`; the
/// value to about three significant digits of the largest node, thousands grouped like the
/// tick labels of the other charts), right of its bar except in the last column, where it is
/// left of it so it stays on the chart. Labels sit on a light plate so they read over the
/// bands, are moved apart where small neighbouring nodes would make them overlap, and are
/// shortened with "…" where they would reach the next column. In a column with more small
/// nodes than labels fit beside, the largest nodes are labelled and the rest left unlabelled
/// rather than labelled out of place. There is no legend, and
/// `text.x_label` and `text.y_label` are not used (the diagram has no axes).
///
/// Flows with value 0 are skipped, and nodes left without any flow are not drawn.
///
/// Writes `<out_dir>/<stem>.png` and `<out_dir>/<stem>.svg`, returns both paths (PNG first).
/// `out_dir` is created if missing; each file appears under its final name only once complete.
///
/// # Errors
///
/// [`ChartError::InvalidData`] (and nothing written) if `stem` is empty, starts with `.` or
/// contains a path separator; if a flow names a node index past the end of `nodes`
/// ([`DataProblem::FlowNodeOutOfRange`]); if a flow does not go from a lower column to a
/// higher one ([`DataProblem::FlowNotForward`]); if a value is NaN, infinite or negative; if
/// no flow is positive ([`DataProblem::NoPositiveFlow`]). [`ChartError::Io`],
/// [`ChartError::Render`] or [`ChartError::Font`] if writing fails.
pub fn sankey(
    out_dir: &Path,
    stem: &str,
    text: &ChartText,
    nodes: &[FlowNode],
    flows: &[Flow],
    unit: &str,
) -> Result<Vec<PathBuf>, ChartError> {
    let invalid = |problem| ChartError::InvalidData {
        path: output::png_path(out_dir, stem),
        problem,
    };
    validate::check_stem(stem).map_err(invalid)?;
    let chart = Sankey::new(text, nodes, flows, unit).map_err(invalid)?;
    output::write_png_and_svg(out_dir, stem, &chart)
}

/// A checked Sankey diagram, ready to draw on any backend.
struct Sankey<'a> {
    text: &'a ChartText<'a>,
    /// The positive flows in the order given, with their values divided by the largest, so
    /// that no sum of them can overflow.
    flows: Vec<Flow>,
    /// Each node's size (the larger of its in- and outflow) in the same scaled unit; 0 for a
    /// node without flows, which is not drawn.
    size: Vec<f64>,
    /// Each node's column position among the occupied columns (0 = left); only meaningful
    /// for drawn nodes.
    rank: Vec<usize>,
    /// Number of occupied columns; at least 2, as every flow joins two columns.
    ranks: usize,
    /// `"label — value unit"` for each node.
    labels: Vec<String>,
}

impl<'a> Sankey<'a> {
    fn new(text: &'a ChartText<'a>, nodes: &[FlowNode], flows: &[Flow], unit: &str) -> Result<Self, DataProblem> {
        check_flows(nodes, flows)?;
        let largest = flows.iter().map(|f| f.value).fold(0.0, f64::max);
        if largest <= 0.0 {
            return Err(DataProblem::NoPositiveFlow);
        }
        let flows: Vec<Flow> = flows
            .iter()
            .filter(|f| f.value > 0.0)
            .map(|f| Flow {
                value: f.value / largest,
                ..*f
            })
            .collect();
        let (mut inflow, mut outflow) = (vec![0.0; nodes.len()], vec![0.0; nodes.len()]);
        for f in &flows {
            outflow[f.from] += f.value;
            inflow[f.to] += f.value;
        }
        let size: Vec<f64> = inflow.iter().zip(&outflow).map(|(i, o)| f64::max(*i, *o)).collect();

        let mut columns: Vec<usize> = nodes
            .iter()
            .zip(&size)
            .filter(|(_, s)| **s > 0.0)
            .map(|(n, _)| n.column)
            .collect();
        columns.sort_unstable();
        columns.dedup();
        let rank = nodes
            .iter()
            .map(|n| columns.binary_search(&n.column).unwrap_or(0))
            .collect();

        let decimals = axis::decimals_for_sig3(size.iter().copied().fold(0.0, f64::max) * largest);
        let labels = nodes
            .iter()
            .zip(&size)
            .map(|(n, s)| node_label(n.label, s * largest, decimals, unit))
            .collect();
        Ok(Self {
            text,
            flows,
            size,
            rank,
            ranks: columns.len(),
            labels,
        })
    }

    /// Where nodes and bands go in an area `width` × `height` pixels (the area under the title).
    fn layout(&self, width: f64, height: f64) -> Layout {
        let (left, right) = (f64::from(EDGE_PX), width - f64::from(EDGE_PX));
        let (top, bottom) = (f64::from(PANEL_TOP_PX), height - f64::from(EDGE_PX));
        let span = bottom - top;

        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.ranks];
        for (node, &size) in self.size.iter().enumerate() {
            if size > 0.0 {
                members[self.rank[node]].push(node);
            }
        }
        let most = members.iter().map(Vec::len).max().unwrap_or(1);
        let gap = if most > 1 {
            NODE_GAP_PX.min(span / 3.0 / (most - 1) as f64)
        } else {
            0.0
        };
        let total = |column: &[usize]| column.iter().map(|&n| self.size[n]).sum::<f64>();
        let px_per_unit = members
            .iter()
            .map(|column| (span - gap * column.len().saturating_sub(1) as f64) / total(column))
            .fold(f64::INFINITY, f64::min);

        let step = (right - left - NODE_W_PX) / (self.ranks.max(2) - 1) as f64;
        let mut boxes = vec![None; self.size.len()];
        for (rank, column) in members.iter().enumerate() {
            let stack = total(column) * px_per_unit + gap * column.len().saturating_sub(1) as f64;
            let x0 = left + step * rank as f64;
            let mut y = top + (span - stack) / 2.0;
            for &node in column {
                let h = self.size[node] * px_per_unit;
                boxes[node] = Some(NodeBox {
                    x0,
                    x1: x0 + NODE_W_PX,
                    y0: y,
                    y1: y + h,
                });
                y += h + gap;
            }
        }

        let (mut out_used, mut in_used) = (vec![0.0; self.size.len()], vec![0.0; self.size.len()]);
        let bands = self
            .flows
            .iter()
            .filter_map(|f| {
                let (source, target) = (boxes[f.from]?, boxes[f.to]?);
                let width = f.value * px_per_unit;
                let (y_out, y_in) = (source.y0 + out_used[f.from], target.y0 + in_used[f.to]);
                out_used[f.from] += width;
                in_used[f.to] += width;
                Some(Band {
                    source: f.from,
                    start: (source.x1, y_out, y_out + width),
                    end: (target.x0, y_in, y_in + width),
                })
            })
            .collect();
        Layout {
            nodes: boxes,
            members,
            step,
            height,
            bands,
        }
    }

    /// Draws each node's label beside it on a light plate.
    fn draw_labels<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, layout: &Layout) -> DrawResult<DB> {
        let last = self.ranks - 1;
        let style = text(LABEL_PX, FontStyle::Normal, INK);
        // Room between one column's bars and the next, less the gaps around the labels.
        let room = layout.step - NODE_W_PX - 2.0 * (LABEL_GAP_PX + PLATE_PAD_X_PX) - 4.0;

        let mut placed: Vec<Vec<Label>> = Vec::with_capacity(self.ranks);
        for (rank, column) in layout.members.iter().enumerate() {
            let boxes: Vec<NodeBox> = column.iter().filter_map(|&n| layout.nodes[n]).collect();
            let sizes: Vec<f64> = column.iter().map(|&n| self.size[n]).collect();
            // Plates may reach into the margins, but not past the area's top and bottom.
            let half = PLATE_H_PX / 2.0;
            let ys = label_rows(&boxes, &sizes, half, layout.height - half - 2.0);
            let mut labels = Vec::with_capacity(column.len());
            for ((&node, b), y) in column.iter().zip(&boxes).zip(ys) {
                let Some(y) = y else { continue };
                let width = f64::from(area.estimate_text_size(&self.labels[node], &style)?.0);
                let (x, right_side) = if rank == last {
                    (b.x0 - LABEL_GAP_PX - PLATE_PAD_X_PX, false)
                } else {
                    (b.x1 + LABEL_GAP_PX + PLATE_PAD_X_PX, true)
                };
                labels.push(Label {
                    node,
                    x,
                    y,
                    width,
                    right_side,
                });
            }
            placed.push(labels);
        }

        for (rank, labels) in placed.iter().enumerate() {
            for label in labels {
                // Labels on either side of the last gap face each other; where two would meet,
                // the longer one gets what the shorter leaves free, and no less than half.
                let facing = match rank {
                    r if r == last => placed.get(last.wrapping_sub(1)),
                    r if r + 1 == last => placed.get(last),
                    _ => None,
                };
                let max_w = facing
                    .into_iter()
                    .flatten()
                    .filter(|o| (o.y - label.y).abs() < PLATE_H_PX)
                    .map(|o| (room - o.width - 2.0 * PLATE_PAD_X_PX - LABEL_GAP_PX).max(room / 2.0 - PLATE_PAD_X_PX))
                    .fold(room, f64::min);
                draw_label(area, &self.labels[label.node], label, max_w, &style)?;
            }
        }
        Ok(())
    }
}

/// Rejects flows with bad node indices, that go backwards or stay in a column, or whose value
/// is NaN, infinite or negative.
fn check_flows(nodes: &[FlowNode], flows: &[Flow]) -> Result<(), DataProblem> {
    for (index, f) in flows.iter().enumerate() {
        for (end, node) in [("from", f.from), ("to", f.to)] {
            if node >= nodes.len() {
                return Err(DataProblem::FlowNodeOutOfRange {
                    index,
                    end,
                    node,
                    nodes: nodes.len(),
                });
            }
        }
        let (from, to) = (nodes[f.from], nodes[f.to]);
        if from.column >= to.column {
            return Err(DataProblem::FlowNotForward {
                index,
                from: from.label.to_owned(),
                from_column: from.column,
                to: to.label.to_owned(),
                to_column: to.column,
            });
        }
        if !f.value.is_finite() {
            return Err(DataProblem::NotFinite {
                label: "flows".to_owned(),
                index,
                value: f.value,
            });
        }
        if f.value < 0.0 {
            return Err(DataProblem::Negative {
                label: "flows".to_owned(),
                index,
                value: f.value,
            });
        }
    }
    Ok(())
}

/// `"label — value unit"`, or `"label — value"` without a unit.
fn node_label(label: &str, value: f64, decimals: usize, unit: &str) -> String {
    let value = axis::format_number(value, decimals);
    if unit.is_empty() {
        format!("{label} — {value}")
    } else {
        format!("{label} — {value} {unit}")
    }
}

/// Positions for labels wanted at `centres` (top to bottom), at least `row` apart, moved as
/// little as possible and kept within `lo..=hi` where there is room.
fn spread(centres: &[f64], row: f64, lo: f64, hi: f64) -> Vec<f64> {
    let mut ys: Vec<f64> = centres.to_vec();
    // Push down past the label above, then back up from the bottom limit, then down from the
    // top limit again (which wins if the column is too crowded to fit at all).
    for i in 0..ys.len() {
        let floor = if i == 0 { lo } else { ys[i - 1] + row };
        ys[i] = ys[i].max(floor);
    }
    for i in (0..ys.len()).rev() {
        let ceiling = if i + 1 == ys.len() { hi } else { ys[i + 1] - row };
        ys[i] = ys[i].min(ceiling);
    }
    for i in 0..ys.len() {
        let floor = if i == 0 { lo } else { ys[i - 1] + row };
        ys[i] = ys[i].max(floor);
    }
    ys
}

/// The centre of each node's label (nodes top to bottom, with their bars and sizes), or
/// `None` for a node left unlabelled.
///
/// Labels are at least a plate's height apart, within `lo..=hi`, and each stays beside its
/// node: its centre at most [`LABEL_REACH`] × the plate height above or below the bar. Where
/// not all fit, the largest nodes are labelled first and a label that cannot be placed
/// without pushing some other label away from its node is left out.
fn label_rows(boxes: &[NodeBox], sizes: &[f64], lo: f64, hi: f64) -> Vec<Option<f64>> {
    let reach = LABEL_REACH * PLATE_H_PX;
    let centres: Vec<f64> = boxes.iter().map(|b| f64::midpoint(b.y0, b.y1)).collect();
    let capacity = ((hi - lo) / PLATE_H_PX).floor().max(0.0) as usize + 1;
    let mut by_size: Vec<usize> = (0..boxes.len()).collect();
    by_size.sort_by(|a, b| sizes[*b].total_cmp(&sizes[*a]));

    let mut chosen = vec![false; boxes.len()];
    let mut rows = vec![None; boxes.len()];
    let mut count = 0;
    for candidate in by_size {
        if count == capacity {
            break;
        }
        chosen[candidate] = true;
        let members: Vec<usize> = (0..boxes.len()).filter(|&i| chosen[i]).collect();
        let wanted: Vec<f64> = members.iter().map(|&i| centres[i]).collect();
        let ys = spread(&wanted, PLATE_H_PX, lo, hi);
        let fits = members.iter().zip(&ys).all(|(&i, &y)| {
            (boxes[i].y0 - reach..=boxes[i].y1 + reach).contains(&y) && (lo - 1e-9..=hi + 1e-9).contains(&y)
        });
        if fits {
            count += 1;
            rows.fill(None);
            for (&i, &y) in members.iter().zip(&ys) {
                rows[i] = Some(y);
            }
        } else {
            chosen[candidate] = false;
        }
    }
    rows
}

/// Draws `label` on its plate, shortened to `max_w` pixels.
fn draw_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    label: &str,
    at: &Label,
    max_w: f64,
    style: &TextStyle,
) -> DrawResult<DB> {
    let shown = frame::fit(area, label, style, max_w as i32)?;
    if shown.is_empty() {
        return Ok(());
    }
    let width = f64::from(area.estimate_text_size(&shown, style)?.0);
    let (x0, x1) = if at.right_side {
        (at.x, at.x + width)
    } else {
        (at.x - width, at.x)
    };
    let half = PLATE_H_PX / 2.0;
    area.draw(&Rectangle::new(
        [
            px(x0 - PLATE_PAD_X_PX, at.y - half),
            px(x1 + PLATE_PAD_X_PX, at.y + half),
        ],
        WHITE.mix(PLATE_ALPHA).filled(),
    ))?;
    let h_pos = if at.right_side { HPos::Left } else { HPos::Right };
    let style = style.pos(Pos::new(h_pos, VPos::Center));
    // Centred text sits high (glyph overshoot in the bitmap, `dy="0.5ex"` in SVG); as in the
    // legend, 3 px lower centres capitals on the plate.
    area.draw_text(&shown, &style, px(at.x, at.y + 3.0))
}

/// A pixel position, rounded. `as` saturates, so nothing can overflow.
fn px(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

/// Where the nodes and bands go, in pixels within the area under the title.
struct Layout {
    /// Each node's bar; `None` for a node without flows.
    nodes: Vec<Option<NodeBox>>,
    /// The drawn nodes of each occupied column, top to bottom.
    members: Vec<Vec<usize>>,
    /// Distance between neighbouring columns' left edges.
    step: f64,
    /// Height of the whole area.
    height: f64,
    /// One band per positive flow, in the order given.
    bands: Vec<Band>,
}

/// A node's bar: left, right, top and bottom edge.
#[derive(Debug, Clone, Copy, PartialEq)]
struct NodeBox {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

/// A flow's band: it leaves the right edge of node `source` at `start` = (x, top, bottom)
/// and enters its target's left edge at `end`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Band {
    source: usize,
    start: (f64, f64, f64),
    end: (f64, f64, f64),
}

impl Band {
    /// The band's outline: its top edge left to right, then its bottom edge back (a pixel
    /// up), each a cubic Bézier with horizontal tangents at both ends (control points halfway
    /// across).
    fn outline(&self) -> Vec<(i32, i32)> {
        let (x0, top0, bottom0) = self.start;
        let (x1, top1, bottom1) = self.end;
        let mid = f64::midpoint(x0, x1);
        let curve = |t: f64, y0: f64, y1: f64| {
            let s = 1.0 - t;
            let (a, b, c, d) = (s * s * s, 3.0 * s * s * t, 3.0 * s * t * t, t * t * t);
            (a * x0 + (b + c) * mid + d * x1, (a + b) * y0 + (c + d) * y1)
        };
        // The bitmap rasteriser fills both end rows of a polygon, so a band ending on the row
        // where the next one starts would paint that row twice, a darker seam; ending a pixel
        // higher avoids it (and leaves a hairline between bands in the SVG).
        let (bottom0, bottom1) = ((bottom0 - 1.0).max(top0), (bottom1 - 1.0).max(top1));
        let ts = (0..=BEZIER_STEPS).map(|i| i as f64 / BEZIER_STEPS as f64);
        let top = ts.clone().map(|t| curve(t, top0, top1));
        let bottom = ts.rev().map(|t| curve(t, bottom0, bottom1));
        top.chain(bottom).map(|(x, y)| px(x, y)).collect()
    }
}

/// A node label's anchor: `x` is the edge of the text nearest the node, `y` its centre.
struct Label {
    node: usize,
    x: f64,
    y: f64,
    /// Width of the full label text.
    width: f64,
    /// Whether the text runs right from `x` (all columns but the last) or left.
    right_side: bool,
}

impl Draw for Sankey<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let body = frame::header(root, self.text)?;
        let (width, height) = body.dim_in_pixel();
        let layout = self.layout(f64::from(width), f64::from(height));
        for band in &layout.bands {
            let color = PALETTE[band.source % PALETTE.len()].mix(BAND_ALPHA);
            body.draw(&Polygon::new(band.outline(), color.filled()))?;
        }
        for (node, b) in layout.nodes.iter().enumerate() {
            if let Some(b) = b {
                let y1 = b.y1.max(b.y0 + MIN_NODE_PX);
                body.draw(&Rectangle::new(
                    [px(b.x0, b.y0), px(b.x1, y1)],
                    PALETTE[node % PALETTE.len()].filled(),
                ))?;
            }
        }
        self.draw_labels(&body, &layout)
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::test_support::{assert_chart_files, invalid_problem, scratch_dir};

    const TEXT: ChartText<'static> = ChartText {
        title: "Annual energy flows",
        subtitle: "Test campus, 2024",
        x_label: "",
        y_label: "",
    };

    fn node(label: &str, column: usize) -> FlowNode<'_> {
        FlowNode { label, column }
    }

    fn flow(from: usize, to: usize, value: f64) -> Flow {
        Flow { from, to, value }
    }

    /// Grid and solar into the facility, out to IT, cooling and losses, on to heat.
    fn campus() -> (Vec<FlowNode<'static>>, Vec<Flow>) {
        let nodes = vec![
            node("Grid import", 0),
            node("On-site solar", 0),
            node("On-site wind", 0),
            node("Facility", 1),
            node("IT", 2),
            node("Cooling", 2),
            node("Conversion losses", 2),
            node("Heat reused", 3),
            node("Heat rejected", 3),
        ];
        let flows = vec![
            flow(0, 3, 80_000.0),
            flow(1, 3, 20_000.0),
            flow(2, 3, 0.0),
            flow(3, 4, 84_000.0),
            flow(3, 5, 10_000.0),
            flow(3, 6, 6_000.0),
            flow(4, 7, 60_000.0),
            flow(4, 8, 24_000.0),
            flow(5, 8, 10_000.0),
            flow(6, 8, 6_000.0),
        ];
        (nodes, flows)
    }

    #[test]
    fn sankey_writes_png_and_svg_with_labelled_nodes() {
        let dir = scratch_dir("sankey");
        let (nodes, flows) = campus();
        let paths = sankey(&dir, "flows", &TEXT, &nodes, &flows, "MWh").unwrap();
        assert_chart_files(&paths, &dir, "flows", TEXT.title);
        let svg = fs::read_to_string(&paths[1]).unwrap();
        for label in [
            "Grid import — 80,000 MWh",
            "Facility — 100,000 MWh",
            // Four-digit numbers stay ungrouped, as on the other charts' axes.
            "Conversion losses — 6000 MWh",
            "Heat rejected — 40,000 MWh",
        ] {
            assert!(svg.contains(label), "SVG lacks {label:?}");
        }
        // The zero flow and the wind node it leaves are not drawn.
        assert!(!svg.contains("On-site wind"));
        // One band per positive flow.
        assert_eq!(svg.matches("<polygon").count(), 9);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn nodes_share_one_scale_and_bands_stack_in_flow_order() {
        let (nodes, flows) = campus();
        let chart = Sankey::new(&TEXT, &nodes, &flows, "MWh").unwrap();
        let layout = chart.layout(1280.0, 624.0);
        let (top, bottom) = (f64::from(PANEL_TOP_PX), 624.0 - f64::from(EDGE_PX));
        let b = |i: usize| layout.nodes[i].unwrap();
        assert!(layout.nodes[2].is_none(), "a node without flows is drawn");
        // Column 2 (100,000 MWh in three nodes, so two gaps) is the tallest and fills the height.
        assert!((b(4).y0 - top).abs() < 1e-9);
        assert!((b(6).y1 - bottom).abs() < 1e-6);
        assert!((b(5).y0 - b(4).y1 - NODE_GAP_PX).abs() < 1e-9);
        let px_per_unit = (bottom - top - 2.0 * NODE_GAP_PX) / 100_000.0;
        assert!((b(4).y1 - b(4).y0 - 84_000.0 * px_per_unit).abs() < 1e-6);
        // The facility: same scale, centred, as tall as its 100,000 MWh.
        assert!((b(3).y1 - b(3).y0 - 100_000.0 * px_per_unit).abs() < 1e-6);
        assert!((b(3).y0 - top - (bottom - b(3).y1)).abs() < 1e-6);
        // Columns from the left edge to the right edge, evenly spaced.
        assert_eq!(b(0).x0, f64::from(EDGE_PX));
        assert_eq!(b(7).x1, 1280.0 - f64::from(EDGE_PX));
        assert!((b(3).x0 - b(0).x0 - (b(4).x0 - b(3).x0)).abs() < 1e-9);
        // Bands leave the facility top down in flow order and fill it exactly.
        let out: Vec<&Band> = layout.bands.iter().filter(|band| band.source == 3).collect();
        assert_eq!(out.len(), 3);
        assert!((out[0].start.1 - b(3).y0).abs() < 1e-9);
        assert!((out[0].start.2 - out[1].start.1).abs() < 1e-9);
        assert!((out[2].start.2 - b(3).y1).abs() < 1e-6);
        // Heat rejected takes IT's, then cooling's, then the losses' band, from its top.
        let into: Vec<&Band> = layout.bands.iter().filter(|band| band.end.0 == b(8).x0).collect();
        assert_eq!(into.iter().map(|band| band.source).collect::<Vec<_>>(), [4, 4, 5, 6]);
        assert!((into[1].end.1 - b(8).y0).abs() < 1e-9);
    }

    #[test]
    fn outline_is_a_closed_smooth_band() {
        let band = Band {
            source: 0,
            start: (100.0, 10.0, 50.0),
            end: (500.0, 200.0, 240.0),
        };
        let points = band.outline();
        assert_eq!(points.len(), 2 * (BEZIER_STEPS + 1));
        assert_eq!(points[0], (100, 10));
        assert_eq!(points[BEZIER_STEPS], (500, 200));
        assert_eq!(points[BEZIER_STEPS + 1], (500, 239));
        assert_eq!(*points.last().unwrap(), (100, 49));
        // Halfway across, the edge is halfway down; the edge only ever moves right.
        assert_eq!(points[BEZIER_STEPS / 2], (300, 105));
        assert!(points[..=BEZIER_STEPS].windows(2).all(|w| w[1].0 >= w[0].0));
    }

    #[test]
    fn labels_spread_apart_and_stay_in_bounds() {
        assert_eq!(spread(&[50.0, 200.0], 26.0, 0.0, 600.0), [50.0, 200.0]);
        assert_eq!(spread(&[100.0, 101.0, 102.0], 26.0, 0.0, 600.0), [100.0, 126.0, 152.0]);
        assert_eq!(spread(&[590.0, 595.0], 26.0, 0.0, 600.0), [574.0, 600.0]);
        assert_eq!(spread(&[0.0, 0.0], 26.0, 10.0, 600.0), [10.0, 36.0]);
        // Too many for the space: they keep their spacing from the top.
        assert_eq!(spread(&[0.0; 3], 26.0, 0.0, 30.0), [0.0, 26.0, 52.0]);
    }

    #[test]
    fn crowded_columns_label_their_largest_nodes() {
        let bar = |y0: f64, y1: f64| NodeBox {
            x0: 0.0,
            x1: NODE_W_PX,
            y0,
            y1,
        };
        // Two small nodes 16 px apart: both labelled, nudged apart.
        let rows = label_rows(&[bar(100.0, 104.0), bar(120.0, 124.0)], &[1.0, 1.0], 0.0, 600.0);
        assert_eq!(rows, [Some(102.0), Some(128.0)]);
        // Ten 2 px nodes in 40 px: room for two labels, given to the two largest.
        let boxes: Vec<NodeBox> = (0..10)
            .map(|i| bar(f64::from(i) * 4.0 + 200.0, f64::from(i) * 4.0 + 202.0))
            .collect();
        let mut sizes = vec![1.0; 10];
        sizes[3] = 2.0;
        sizes[7] = 3.0;
        let rows = label_rows(&boxes, &sizes, 0.0, 600.0);
        let labelled: Vec<usize> = (0..10).filter(|&i| rows[i].is_some()).collect();
        assert_eq!(labelled, [3, 7]);
        // Every label stays beside its node.
        for (b, y) in boxes.iter().zip(&rows) {
            if let Some(y) = y {
                assert!((b.y0 - LABEL_REACH * PLATE_H_PX..=b.y1 + LABEL_REACH * PLATE_H_PX).contains(y));
            }
        }
    }

    #[test]
    fn node_labels_carry_value_and_unit() {
        assert_eq!(
            node_label("Grid import", 80_000.0, 0, "MWh"),
            "Grid import — 80,000 MWh"
        );
        assert_eq!(node_label("Pumps", 7.25, 2, ""), "Pumps — 7.25");
        let nodes = [node("a", 0), node("b", 1)];
        let chart = Sankey::new(&TEXT, &nodes, &[flow(0, 1, 12.345)], "GWh").unwrap();
        assert_eq!(chart.labels, ["a — 12.3 GWh", "b — 12.3 GWh"]);
    }

    #[test]
    fn awkward_input_draws_without_panicking() {
        let dir = scratch_dir("sankey-awkward");
        // Huge values (sums past f64::MAX), a tiny flow, a skipped column, sparse column
        // numbers, a long label, and a node with more out than in.
        let nodes = [
            node(
                "Grid import from the regional transmission operator, 110 kV substation",
                0,
            ),
            node("B", 7),
            node("C", 1_000),
            node("D", usize::MAX),
        ];
        let flows = [
            flow(0, 1, f64::MAX),
            flow(0, 1, f64::MAX),
            flow(0, 3, 1e-300),
            flow(1, 2, f64::MAX / 4.0),
            flow(2, 3, f64::MAX),
        ];
        let paths = sankey(&dir, "s", &TEXT, &nodes, &flows, "MWh").unwrap();
        assert_chart_files(&paths, &dir, "s", TEXT.title);
        // Many nodes in one column: the gaps shrink so the nodes still fit.
        let many: Vec<String> = (0..60).map(|i| format!("Rack {i}")).collect();
        let mut nodes: Vec<FlowNode> = many.iter().map(|l| node(l, 0)).collect();
        nodes.push(node("Hall", 1));
        let flows: Vec<Flow> = (0..60).map(|i| flow(i, 60, 1.0 + i as f64)).collect();
        let chart = Sankey::new(&TEXT, &nodes, &flows, "").unwrap();
        let layout = chart.layout(1280.0, 624.0);
        let (top, bottom) = (f64::from(PANEL_TOP_PX), 624.0 - f64::from(EDGE_PX));
        assert!(
            layout
                .nodes
                .iter()
                .flatten()
                .all(|b| b.y0 >= top - 1e-9 && b.y1 <= bottom + 1e-9)
        );
        sankey(&dir, "s", &TEXT, &nodes, &flows, "").unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_input_is_an_error_and_writes_nothing() {
        let dir = scratch_dir("sankey-bad");
        let nodes = [node("Grid", 0), node("Facility", 1), node("IT", 2)];
        let check = |flows: &[Flow]| invalid_problem(sankey(&dir, "s", &TEXT, &nodes, flows, "MWh"));
        assert_eq!(check(&[]), DataProblem::NoPositiveFlow);
        assert_eq!(check(&[flow(0, 1, 0.0), flow(1, 2, -0.0)]), DataProblem::NoPositiveFlow);
        let err = check(&[flow(0, 1, 5.0), flow(1, 3, 1.0)]);
        assert_eq!(
            err,
            DataProblem::FlowNodeOutOfRange {
                index: 1,
                end: "to",
                node: 3,
                nodes: 3
            }
        );
        assert!(
            err.to_string()
                .contains("flows[1] goes to node 3, but there are only 3 nodes"),
            "{err}"
        );
        assert!(matches!(
            check(&[flow(9, 1, 0.0)]),
            DataProblem::FlowNodeOutOfRange { end: "from", .. }
        ));
        let err = check(&[flow(2, 1, 5.0)]);
        assert!(matches!(
            err,
            DataProblem::FlowNotForward {
                index: 0,
                from_column: 2,
                to_column: 1,
                ..
            }
        ));
        assert!(
            err.to_string()
                .contains("from `IT` (column 2) to `Facility` (column 1)"),
            "{err}"
        );
        assert!(matches!(check(&[flow(1, 1, 5.0)]), DataProblem::FlowNotForward { .. }));
        let err = check(&[flow(0, 1, 5.0), flow(1, 2, f64::NAN)]);
        assert!(matches!(err, DataProblem::NotFinite { index: 1, .. }));
        assert!(err.to_string().contains("`flows`[1] is NaN"), "{err}");
        assert!(matches!(
            check(&[flow(0, 1, f64::INFINITY)]),
            DataProblem::NotFinite { index: 0, .. }
        ));
        assert!(matches!(
            check(&[flow(0, 1, 5.0), flow(0, 2, -1.0)]),
            DataProblem::Negative { index: 1, .. }
        ));
        assert!(matches!(
            invalid_problem(sankey(&dir, "a/b", &TEXT, &nodes, &[flow(0, 1, 1.0)], "MWh")),
            DataProblem::BadStem { .. }
        ));
        assert!(!dir.exists(), "an invalid chart created its folder");
    }
}
