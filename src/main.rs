//! The `strike-impact` command. Everything it does lives in the library's command-line module.

fn main() -> std::process::ExitCode {
    strike_impact::cli::main()
}
