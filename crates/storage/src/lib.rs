//! Batteries: state of charge, efficiencies, limits, degradation and dispatch policies.
