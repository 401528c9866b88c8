//! The `strike-impact` command: parse, dispatch, print errors, set the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Exit code for bad input (files, flags, scenarios).
const EXIT_INPUT: u8 = 2;
/// Exit code for other failures.
const EXIT_FAILURE: u8 = 1;

/// A reader that stops early (`strike-impact ... | head`) closes the pipe; printing to it
/// then panics inside `print!`. That is no failure: end quietly with exit code 0, as xsv
/// and other Unix filters do. Every other panic keeps the default report.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let closed_pipe = err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if closed_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {}", cli::in_flags(&err));
            let input = err
                .downcast_ref::<strike_impact::Error>()
                .is_some_and(strike_impact::Error::is_input_error);
            ExitCode::from(if input { EXIT_INPUT } else { EXIT_FAILURE })
        }
    }
}
