//! `strike-impact backtest`: how good the projections would have been, date by date.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;

use super::args::{
    date_flag, deprecated, ChartsArgs, DataArgs, GroupArgs, MonteCarloArgs, SeedArgs, TablesArgs,
    ThreadArgs,
};
use super::text_table;
use crate::chart::ImageFormat;
use crate::data::Dataset;
use crate::observed::DrawOptions;
use crate::projection::MonteCarloOptions;
use crate::report::{tables, write_all_atomically, Format, OutputFile};
use crate::studies::backtest::{backtest, Backtest, BacktestOptions};
use crate::units::Unit;

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact backtest --group ru-refining
  strike-impact backtest --first-as-of 2024-03-01 --last-as-of 2025-09-30 --every 7 \\
      --horizon 90 --lookback-days 30,60,90,180 --paths 2000 --out backtest

At each as-of date from --first-as-of to --last-as-of, every --every days, the no-truce
scenario is projected with the records dated up to that day only, and its Monte Carlo
distribution of the lost capacity over the next --horizon days is scored against what the
records show for those days: P10-P90 coverage (80 % when calibrated), PIT, CRPS, bias, and
the CRPS of a naive forecast (the last --horizon days repeat) as a skill score. Overlapping
windows are not independent: the effective number of checks is about checks x every /
horizon. The --seed seeds both the Monte Carlo paths and the --observed-draws draws.";

#[derive(Debug, Args)]
#[command(mut_arg("paths", |a| a.default_value("2000")))]
pub(crate) struct Opts {
    /// First as-of date.
    #[arg(long, value_name = "DATE", value_parser = date_flag, default_value = "2024-03-01")]
    pub first_as_of: NaiveDate,
    /// Last as-of date (dates whose horizon the records do not cover are left out).
    #[arg(long, value_name = "DATE", value_parser = date_flag, default_value = "2025-09-30")]
    pub last_as_of: NaiveDate,
    /// The old name of --first-as-of.
    #[arg(long, value_name = "DATE", value_parser = date_flag, hide = true, conflicts_with = "first_as_of")]
    pub from: Option<NaiveDate>,
    /// The old name of --last-as-of.
    #[arg(long, value_name = "DATE", value_parser = date_flag, hide = true, conflicts_with = "last_as_of")]
    pub to: Option<NaiveDate>,
    /// Days between as-of dates.
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub every: u32,
    /// Projected days after each as-of date.
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub horizon: u32,
    /// Lookback windows to score, comma-separated.
    #[arg(
        long,
        value_name = "DAYS,...",
        value_delimiter = ',',
        default_value = "30,60,90,180"
    )]
    pub lookback_days: Vec<u32>,
    #[command(flatten)]
    pub monte_carlo: MonteCarloArgs,
    #[command(flatten)]
    pub seed: SeedArgs,
    /// Draws of the records for a band of the observed value, written to the rows table
    /// (0: none).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub observed_draws: u64,
    /// The old name of --observed-draws.
    #[arg(long, value_name = "N", hide = true, conflicts_with = "observed_draws")]
    pub draws: Option<u64>,
    #[command(flatten)]
    pub threads: ThreadArgs,
    #[command(flatten)]
    pub tables: TablesArgs,
    #[command(flatten)]
    pub charts: ChartsArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub group: GroupArgs,
}

impl Opts {
    /// The options of the backtest, the old spellings read with a warning. One seed seeds
    /// both the Monte Carlo paths and the record draws (42 without --seed, as always).
    fn options(&self) -> BacktestOptions {
        for (given, old, new) in [
            (self.from.is_some(), "--from", "--first-as-of"),
            (self.to.is_some(), "--to", "--last-as-of"),
            (self.draws.is_some(), "--draws", "--observed-draws"),
        ] {
            if given {
                deprecated(old, new);
            }
        }
        let seed = self.seed.monte_carlo();
        let draws = self.draws.unwrap_or(self.observed_draws);
        BacktestOptions {
            from: self.from.unwrap_or(self.first_as_of),
            to: self.to.unwrap_or(self.last_as_of),
            every: self.every,
            horizon: self.horizon,
            lookbacks: self.lookback_days.clone(),
            monte_carlo: MonteCarloOptions {
                paths: self.monte_carlo.paths,
                seed,
            },
            draws: (draws > 0).then_some(DrawOptions { draws, seed }),
        }
    }
}

pub(super) fn run(o: &Opts) -> anyhow::Result<()> {
    let options = o.options();
    let all = o.data.load()?;
    o.threads.run(|| score(o, all, &options))?
}

/// Scores each group's projections, prints the scores, and writes the tables and charts.
fn score(o: &Opts, all: Dataset, options: &BacktestOptions) -> anyhow::Result<()> {
    let mut files = Vec::new();
    let several = all.groups().len() > 1 && o.group.group.is_none();
    for data in o.group.select(all)? {
        let group = data.single_group()?;
        let unit = data.assets.unit();
        let b = backtest(&data, options)?;
        println!(
            "== group {group}: lost capacity over {} days, in {}",
            o.horizon,
            unit.amount_label()
        );
        print!("{}", render(&b));
        let in_group = |dir: &PathBuf| {
            if several {
                dir.join(&group)
            } else {
                dir.clone()
            }
        };
        if let Some(dir) = &o.charts.charts {
            let source = crate::report::charts::source_text(&data);
            files.extend(chart_files(
                o,
                (&b, &group),
                &unit,
                &source,
                &in_group(dir),
            )?);
        }
        if let Some(dir) = &o.tables.out {
            let format: Format = o.tables.format.into();
            let ext = format.extension();
            let dir = in_group(dir);
            files.push(OutputFile {
                path: dir.join(format!("backtest.{ext}")),
                bytes: format.render(&tables::backtest_rows(&b, &unit))?,
            });
            files.push(OutputFile {
                path: dir.join(format!("scores.{ext}")),
                bytes: format.render(&tables::backtest_scores(&b))?,
            });
        }
    }
    for w in write_all_atomically(files)? {
        println!("wrote {}", w.display());
    }
    Ok(())
}

/// The charts of one group's backtest in `dir`: backtest-L and pit-L for each lookback L.
fn chart_files(
    o: &Opts,
    (b, group): (&Backtest, &str),
    unit: &Unit,
    source: &str,
    dir: &Path,
) -> anyhow::Result<Vec<OutputFile>> {
    let look = &o.charts.look;
    let text = look.text.text();
    let mut files = Vec::new();
    for &l in &o.lookback_days {
        for format in [ImageFormat::Png, ImageFormat::Svg] {
            let ext = format.extension();
            files.push(OutputFile {
                path: dir.join(format!("backtest-{l}.{ext}")),
                bytes: crate::chart::backtest::render_backtest(
                    b, group, l, unit, source, &text, look.size, format,
                )?,
            });
            files.push(OutputFile {
                path: dir.join(format!("pit-{l}.{ext}")),
                bytes: crate::chart::backtest::render_pit(
                    b, group, l, source, &text, look.size, format,
                )?,
            });
        }
    }
    Ok(files)
}

/// The scores, one row per lookback window.
fn render(b: &Backtest) -> String {
    let rows = b
        .scores
        .iter()
        .map(|s| {
            vec![
                s.lookback_days.to_string(),
                s.checks.to_string(),
                format!("{:.1}", s.effective_checks),
                format!("{:.0} %", s.coverage * 100.0),
                format!("{:.3}", s.mean_crps),
                format!("{:+.3}", s.bias),
                format!("{:.3}", s.naive_mean_crps),
                format!("{:+.2}", s.skill),
            ]
        })
        .collect();
    let mut out = text_table(
        &[
            "lookback days",
            "checks",
            "independent ~",
            "P10-P90 coverage",
            "mean CRPS",
            "bias (P50 - observed)",
            "naive CRPS",
            "skill",
        ],
        rows,
    );
    out.push('\n');
    if !b.skipped.is_empty() {
        out.push_str(&format!(
            "left out: {} as-of dates whose horizon the records do not cover ({} .. {})\n",
            b.skipped.len(),
            b.skipped[0],
            b.skipped[b.skipped.len() - 1]
        ));
    }
    out
}
