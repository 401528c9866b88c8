//! `strike-impact backtest`: how good the projections would have been, date by date.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::project::FormatArg;
use super::{text_table, DataArgs, GroupArgs};
use crate::chart::ImageFormat;
use crate::observed::DrawOptions;
use crate::projection::MonteCarloOptions;
use crate::report::{tables, write_all_atomically, Format, OutputFile};
use crate::studies::backtest::{backtest, Backtest, BacktestOptions};

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact backtest --group ru-refining
  strike-impact backtest --from 2024-03-01 --to 2025-09-30 --every 7 --horizon 90 \\
      --lookback-days 30,60,90,180 --paths 2000 --out backtest

At each as-of date from --from to --to, every --every days, the no-truce scenario is projected
with the records dated up to that day only, and its Monte Carlo distribution of the lost
capacity over the next --horizon days is scored against what the records show for those days:
P10-P90 coverage (80 % when calibrated), PIT, CRPS, bias, and the CRPS of a naive forecast
(the last --horizon days repeat) as a skill score. Overlapping windows are not independent:
the effective number of checks is about checks x every / horizon.";

#[derive(Debug, Args)]
pub(crate) struct Opts {
    /// First as-of date.
    #[arg(long, value_name = "DATE", value_parser = super::date_flag, default_value = "2024-03-01")]
    pub from: NaiveDate,
    /// Last as-of date (dates whose horizon the records do not cover are left out).
    #[arg(long, value_name = "DATE", value_parser = super::date_flag, default_value = "2025-09-30")]
    pub to: NaiveDate,
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
    /// Monte Carlo paths per as-of date.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub paths: u64,
    /// Monte Carlo seed.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
    /// Record draws for the observed value's band (0: none).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub draws: u64,
    /// Write the rows and scores into DIR.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Table format of the files in --out.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: FormatArg,
    /// Write the charts into DIR: backtest-L and pit-L for each lookback L, PNG and SVG.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1200x700", value_parser = crate::chart::parse_size)]
    pub size: (u32, u32),
    #[command(flatten)]
    pub text: super::TextArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub group: GroupArgs,
}

pub(super) fn run(o: &Opts) -> anyhow::Result<()> {
    let all = o.data.load()?;
    let options = BacktestOptions {
        from: o.from,
        to: o.to,
        every: o.every,
        horizon: o.horizon,
        lookbacks: o.lookback_days.clone(),
        monte_carlo: MonteCarloOptions {
            paths: o.paths,
            seed: o.seed,
        },
        draws: (o.draws > 0).then_some(DrawOptions {
            draws: o.draws,
            seed: o.seed,
        }),
    };
    let mut files = Vec::new();
    let several = all.groups().len() > 1 && o.group.group.is_none();
    for data in o.group.select(all)? {
        let group = data.single_group()?;
        let unit = data.assets.unit();
        let b = backtest(&data, &options)?;
        println!(
            "== group {group}: lost capacity over {} days, in {}",
            o.horizon,
            unit.amount_label()
        );
        print!("{}", render(&b));
        if let Some(dir) = &o.charts {
            let dir = if several {
                dir.join(&group)
            } else {
                dir.clone()
            };
            let source = crate::report::charts::source_text(&data);
            for &l in &o.lookback_days {
                for format in [ImageFormat::Png, ImageFormat::Svg] {
                    let ext = format.extension();
                    files.push(OutputFile {
                        path: dir.join(format!("backtest-{l}.{ext}")),
                        bytes: crate::chart::backtest::render_backtest(
                            &b,
                            l,
                            &unit,
                            &source,
                            &o.text.text(),
                            o.size,
                            format,
                        )?,
                    });
                    files.push(OutputFile {
                        path: dir.join(format!("pit-{l}.{ext}")),
                        bytes: crate::chart::backtest::render_pit(
                            &b,
                            l,
                            &source,
                            &o.text.text(),
                            o.size,
                            format,
                        )?,
                    });
                }
            }
        }
        if let Some(dir) = &o.out {
            let format: Format = o.format.into();
            let ext = format.extension();
            let dir = if several {
                dir.join(&group)
            } else {
                dir.clone()
            };
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
