//! `strike-impact report`: the answer as one self-contained HTML page.

use std::path::PathBuf;

use clap::Args;

use super::args::{DataArgs, GroupArgs, ScenarioArgs, SeedArgs, ThreadArgs};
use super::project::Run;
use crate::projection::MonteCarloOptions;
use crate::report::page::{
    report_page, ReportOptions, DEFAULT_BACKTEST_PATHS, DEFAULT_REPORT_PATHS,
};
use crate::report::{write_all_atomically, OutputFile};

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact report                                   # the bundled 2025 truce case
  strike-impact report --title \"What the truce gave back\" --out truce.html
  strike-impact report --scenarios my.toml --assets a.csv --strikes s.csv --paths 2000

Writes one HTML file that opens from disk with no network: each side's answer with its
band, the summary tables, the published figures and their verdicts, the backtest's
calibration, what the truce's gain hangs on, the charts, every assumption and warning, the
data's sources and how to reproduce it.";

#[derive(Debug, Args)]
pub(crate) struct Opts {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub group: GroupArgs,
    /// Monte Carlo paths of each projection, for the bands (0: the expected path only, and
    /// no bands).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_REPORT_PATHS)]
    pub paths: u64,
    /// Monte Carlo paths of each projection of the backtest (0: no backtest).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BACKTEST_PATHS)]
    pub backtest_paths: u64,
    #[command(flatten)]
    pub seed: SeedArgs,
    #[command(flatten)]
    pub threads: ThreadArgs,
    /// Title of the page [default: the question it answers].
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// The page to write (written whole or not at all).
    #[arg(long, value_name = "FILE.html", default_value = "report.html")]
    pub out: PathBuf,
}

pub(super) fn run(o: &Opts, quiet: bool) -> anyhow::Result<()> {
    let seed = o.seed.monte_carlo();
    let run = Run {
        data: &o.data,
        scenario: &o.scenario,
        group: &o.group,
        monte_carlo: (o.paths > 0).then_some(MonteCarloOptions {
            paths: o.paths,
            seed,
        }),
        threads: o.threads,
    };
    let (runs, record, settings) = run.compute(false, quiet)?;
    let options = ReportOptions {
        title: o.title.clone(),
        backtest_paths: o.backtest_paths,
        group: o.group.group.clone(),
    };
    let monte_carlo = MonteCarloOptions {
        paths: o.paths,
        seed,
    };
    let page = o
        .threads
        .run(|| report_page(&runs, &settings, &record, monte_carlo, &options))??;
    write_all_atomically(vec![OutputFile {
        path: o.out.clone(),
        bytes: page.into_bytes(),
    }])?;
    if !quiet {
        println!("wrote {}", o.out.display());
    }
    Ok(())
}
