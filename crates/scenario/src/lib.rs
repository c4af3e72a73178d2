//! Scenario files: schema, overrides, validation with file positions, resolution.
