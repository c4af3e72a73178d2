//! Synthetic weather from monthly climate normals, and psychrometrics.
