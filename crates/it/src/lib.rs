#![doc = include_str!("../README.md")]

mod curve;
mod server;

pub use curve::{AcceleratorPower, H200_MEASURED_SHAPE, ShapePoint, shape_by_name};
pub use server::{PowerTable, ServerPower};
