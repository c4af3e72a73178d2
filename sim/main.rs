//! The `dctwin` binary.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    dctwin::cli::execute(dctwin::cli::Cli::parse())
}
