//! Charts (PNG and SVG) of a run, with an embedded font.
