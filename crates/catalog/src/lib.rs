//! Built-in catalog: locations, grid zones and accelerators, every value with its source.
