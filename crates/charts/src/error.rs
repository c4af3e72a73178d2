//! What can go wrong while charting, always naming the file being written.

use std::io;
use std::path::PathBuf;

/// Why a chart could not be written. Every variant names the file it was writing.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The input data cannot be charted; nothing was written.
    ///
    /// `path` is the PNG the chart would have been written to.
    #[error("cannot chart `{}`: {problem}", path.display())]
    InvalidData {
        /// The PNG the chart would have been written to.
        path: PathBuf,
        /// What is wrong with the input.
        problem: DataProblem,
    },
    /// The embedded DejaVu Sans font could not be registered with plotters.
    #[error(
        "cannot chart `{}`: the embedded DejaVu Sans font could not be registered with plotters",
        path.display()
    )]
    Font {
        /// The file that was about to be written.
        path: PathBuf,
    },
    /// Creating the output folder, writing or renaming a file failed.
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        /// The folder or file being created, written or renamed onto.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: io::Error,
    },
    /// plotters failed while drawing or encoding the image.
    #[error("cannot render `{}`: {message}", path.display())]
    Render {
        /// The file being rendered.
        path: PathBuf,
        /// plotters' description of the failure.
        message: String,
    },
}

/// What is wrong with a chart's input, as carried by [`ChartError::InvalidData`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DataProblem {
    /// The file stem is empty, contains a path separator, or starts with a dot (dot-files are
    /// reserved for the partial files written before the atomic rename).
    #[error("file stem `{stem}` must be non-empty, contain no path separator and not start with `.`")]
    BadStem {
        /// The stem as given.
        stem: String,
    },
    /// No series (or, for a scatter plot, no point groups) were given.
    #[error("no series or point groups given; a chart needs at least one")]
    NoSeries,
    /// More series than the palette has distinct colours.
    #[error("{count} series given but at most {max} can be told apart by colour")]
    TooManySeries {
        /// Number of series given (the overlay included, if any).
        count: usize,
        /// Largest number this chart accepts.
        max: usize,
    },
    /// The x axis or category list is too short.
    #[error("{what} has {found} entries but at least {needed} are needed")]
    TooFewValues {
        /// Which input: `"x"` or `"categories"`.
        what: &'static str,
        /// Number of entries given.
        found: usize,
        /// Smallest number accepted.
        needed: usize,
    },
    /// A series does not have one value per x value or category.
    #[error("series `{label}` has {found} values but there are {expected} {axis}")]
    LengthMismatch {
        /// The series' label.
        label: String,
        /// Number of values in the series.
        found: usize,
        /// Number of x values or categories.
        expected: usize,
        /// `"x values"` or `"categories"`.
        axis: &'static str,
    },
    /// A value is NaN or infinite.
    #[error("`{label}`[{index}] is {value}; every value must be a finite number")]
    NotFinite {
        /// The series' label, `x` for the x axis, or `flows` for a Sankey diagram's flows.
        label: String,
        /// Zero-based position of the value.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// A value is infinite, in a chart where NaN is allowed and means "no data".
    #[error("`{label}`[{index}] is {value}; values must be finite (NaN is allowed and means no data)")]
    Infinite {
        /// The series' or group's label, `x`, or `values` for a heat map.
        label: String,
        /// Zero-based position of the value.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// Every value is NaN: there is nothing to draw.
    #[error("every value in {what} is NaN; at least one finite value is needed to draw a chart")]
    NoFiniteValues {
        /// Which input: `"the series"`, `"the heat map"` or `"the point groups"`.
        what: &'static str,
    },
    /// A heat map's values do not fill its grid of cells exactly.
    #[error("a heat map of {rows} rows × {cols} columns needs {expected} values but {found} were given")]
    GridMismatch {
        /// Number of rows.
        rows: usize,
        /// Number of columns.
        cols: usize,
        /// `rows × cols` (saturating).
        expected: usize,
        /// Number of values given.
        found: usize,
    },
    /// An axis range is not finite or not increasing.
    #[error("the {axis} range {lo}..{hi} must be finite with {lo} < {hi}")]
    BadRange {
        /// `"x"` or `"y"`.
        axis: &'static str,
        /// Start of the range.
        lo: f64,
        /// End of the range.
        hi: f64,
    },
    /// A point group does not have one y value per x value.
    #[error("group `{label}` has {x_len} x values but {y_len} y values")]
    PointsMismatch {
        /// The group's label.
        label: String,
        /// Number of x values.
        x_len: usize,
        /// Number of y values.
        y_len: usize,
    },
    /// A value is negative: stacks only read correctly with non-negative parts, and the y axis
    /// starts at 0.
    #[error("`{label}`[{index}] is {value}; charted values must be zero or positive")]
    Negative {
        /// The series' label, or `flows` for a Sankey diagram's flows.
        label: String,
        /// Zero-based position of the value.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// The x values do not increase strictly.
    #[error(
        "x[{index}] = {value} is not greater than x[{}] = {previous}; x must increase strictly",
        index - 1
    )]
    XNotIncreasing {
        /// Zero-based position of the value that is not greater than the one before it.
        index: usize,
        /// The value at `index`.
        value: f64,
        /// The value at `index - 1`.
        previous: f64,
    },
    /// A Sankey flow names a node index past the end of the node list.
    #[error("flows[{index}] goes {end} node {node}, but there are only {nodes} nodes (indices 0..{nodes})")]
    FlowNodeOutOfRange {
        /// Zero-based position of the flow.
        index: usize,
        /// Which end is out of range: `"from"` or `"to"`.
        end: &'static str,
        /// The node index given.
        node: usize,
        /// Number of nodes.
        nodes: usize,
    },
    /// A Sankey flow does not go from a lower column to a higher one.
    #[error(
        "flows[{index}] goes from `{from}` (column {from_column}) to `{to}` (column {to_column}); \
         every flow must go from a lower column to a higher one"
    )]
    FlowNotForward {
        /// Zero-based position of the flow.
        index: usize,
        /// Label of the node the flow leaves.
        from: String,
        /// Column of that node.
        from_column: usize,
        /// Label of the node the flow enters.
        to: String,
        /// Column of that node.
        to_column: usize,
    },
    /// No Sankey flow has a positive value: there is nothing to draw.
    #[error("no flow has a positive value; a Sankey diagram needs at least one")]
    NoPositiveFlow,
    /// The stacked total overflows `f64`.
    #[error("the stacked total at position {index} is too large to draw (it overflows f64)")]
    Overflow {
        /// Zero-based position whose stack total is infinite.
        index: usize,
    },
}
