//! Grid carbon intensity and price signals.
