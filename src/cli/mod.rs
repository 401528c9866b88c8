//! The `strike-impact` command line: one file per subcommand, each with its help text
//! beside its code. The binary calls [`main`]; everything else here is the crate's own.

mod args;
mod backtest;
mod chart;
mod datasets;
mod history;
mod ingest;
mod merge;
mod project;
mod reconcile;
mod report;
mod sensitivity;
mod sweep;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use comfy_table::{presets::UTF8_BORDERS_ONLY, Cell, CellAlignment, Table};

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

/// Runs the `strike-impact` command on the process's arguments: parses them, runs the
/// subcommand, prints an error in the command line's words and returns the exit code
/// (0 success, 1 failure, 2 bad input).
pub fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let args = Cli::parse();
    match run(args) {
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
            eprintln!("error: {}", in_flags(&err));
            let input = err
                .downcast_ref::<crate::Error>()
                .is_some_and(crate::Error::is_input_error);
            ExitCode::from(if input { EXIT_INPUT } else { EXIT_FAILURE })
        }
    }
}

/// What strikes on energy infrastructure do to refining capacity and revenue, and what a
/// truce would change. With no data flags every command uses the bundled Russian refinery data.
#[derive(Debug, Parser)]
#[command(name = "strike-impact", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Print nothing but results and errors (no progress bars).
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check input files and print a summary of what they hold.
    #[command(after_help = validate::EXAMPLES)]
    Validate(validate::Opts),
    /// Lost capacity, lost throughput and offline share over a period of observed history.
    #[command(after_help = history::EXAMPLES)]
    History(history::Opts),
    /// Check a published (volume, share) headline against the loaded data.
    #[command(after_help = reconcile::EXAMPLES)]
    Reconcile(reconcile::Opts),
    /// Project capacity, throughput and revenue under truce and no-truce scenarios.
    #[command(after_help = project::EXAMPLES)]
    Project(project::Opts),
    /// Draw a chart (capacity, revenue, fuels, power, outages, monthly, map, benchmarks) as PNG or SVG.
    #[command(after_help = chart::EXAMPLES)]
    Chart(chart::Opts),
    /// Export the bundled datasets, or print an empty template to fill in.
    #[command(subcommand)]
    Datasets(datasets::Cmd),
    /// Score the projections against what followed, as-of date by as-of date.
    #[command(after_help = backtest::EXAMPLES)]
    Backtest(backtest::Opts),
    /// Join the states of a Monte Carlo run's shards (`project --shard`) into its tables.
    #[command(after_help = merge::EXAMPLES)]
    Merge(merge::Opts),
    /// Turn event data (ACLED exports, event sheets) into candidate strike rows.
    #[command(subcommand)]
    Ingest(ingest::Cmd),
    /// Project a grid of truce settings (length, compliance, start, lookback, ...): one row
    /// per combination.
    #[command(after_help = sweep::EXAMPLES)]
    Sweep(sweep::Opts),
    /// What a figure hangs on: a tornado and Sobol' indices over the inputs' ranges.
    #[command(after_help = sensitivity::EXAMPLES)]
    Sensitivity(sensitivity::Opts),
    /// The answer as one self-contained HTML page: each side's gain with its band, the
    /// tables, published figures, calibration, sensitivity, charts, assumptions, sources.
    #[command(after_help = report::EXAMPLES)]
    Report(report::Opts),
}

/// Runs the parsed command.
pub(crate) fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Validate(o) => validate::run(&o),
        Command::History(o) => history::run(&o),
        Command::Reconcile(o) => reconcile::run(&o),
        Command::Project(o) => project::run(&o, cli.quiet),
        Command::Chart(o) => chart::run(&o, cli.quiet),
        Command::Datasets(c) => datasets::run(&c),
        Command::Backtest(o) => backtest::run(&o),
        Command::Merge(o) => merge::run(&o, cli.quiet),
        Command::Ingest(c) => ingest::run(&c, cli.quiet),
        Command::Sweep(o) => sweep::run(&o, cli.quiet),
        Command::Report(o) => report::run(&o, cli.quiet),
        Command::Sensitivity(o) => sensitivity::run(&o, cli.quiet),
    }
}

/// A plain table for the terminal: header row, numbers right-aligned.
/// The widest a printed table grows, in characters.
const TABLE_WIDTH: u16 = 160;

pub(crate) fn text_table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    // Long cells (names, notes) wrap so that no table is wider than a terminal's page.
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    t.set_width(TABLE_WIDTH);
    t.set_header(header.iter().map(Cell::new));
    for row in rows {
        t.add_row(row.into_iter().map(|v| {
            // Numbers, percentages and money ($1,865.6m) are right-aligned.
            let numeric = v
                .replace([',', '$'], "")
                .trim_end_matches(['%', 'm'])
                .trim()
                .parse::<f64>()
                .is_ok();
            let cell = Cell::new(v);
            if numeric {
                cell.set_alignment(CellAlignment::Right)
            } else {
                cell
            }
        }));
    }
    // The first column names the row (an id, a date): kept whole.
    if let Some(first) = t.column_mut(0) {
        first.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    t.to_string()
}

/// The command-line flag of a setting the library names (`volume_mt` is `--volume-mt`).
fn flag_of(name: &str) -> String {
    match name {
        "period" => "--from/--to".into(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

/// An error in the command line's words: settings the library names (`paths: ...`,
/// `until (given): ...`) are named by their flags, as is every setting that came from no file.
pub(crate) fn in_flags(err: &anyhow::Error) -> String {
    match err.downcast_ref::<crate::Error>() {
        Some(crate::Error::Setting {
            name,
            expected,
            found,
        }) => format!("{}: expected {expected}, found {found}", flag_of(name)),
        Some(crate::Error::Scenario(report)) => {
            let mut report = report.clone();
            for p in &mut report.problems {
                if p.file.is_none() {
                    if let Some(field) = p.field.filter(|f| *f != "scenario") {
                        p.field = Some(flag_name(field));
                        p.given = false;
                    }
                }
            }
            report.to_string()
        }
        _ => format!("{err:#}"),
    }
}

/// The flag that sets a setting or scenario field of the library.
fn flag_name(field: &'static str) -> &'static str {
    match field {
        "as_of" => "--as-of",
        "until" => "--until",
        "lookback_days" => "--lookback-days",
        "diversion" => "--diversion",
        "default_utilization" => "--default-utilization",
        "compliance" => "--compliance",
        "truce_start" | "truce_days" => "--truce",
        other => other,
    }
}
