//! Wind: synthetic hub-height wind and turbine power curves.
