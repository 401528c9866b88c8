//! The `strike-impact` command: parse, dispatch, print errors, set the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Exit code for bad input (files, flags, scenarios).
const EXIT_INPUT: u8 = 2;
/// Exit code for other failures.
const EXIT_FAILURE: u8 = 1;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            let input = err
                .downcast_ref::<strike_impact::Error>()
                .is_some_and(strike_impact::Error::is_input_error);
            ExitCode::from(if input { EXIT_INPUT } else { EXIT_FAILURE })
        }
    }
}
