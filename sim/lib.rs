//! dctwin
