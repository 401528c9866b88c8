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
use crate::projection::arrivals::Arrivals;
use crate::projection::calibration::Calibration;
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
    #[arg(long, value_name = "DATE", value_parser = date_flag, default_value = crate::studies::backtest::DEFAULT_FIRST_AS_OF)]
    pub first_as_of: NaiveDate,
    /// Last as-of date (dates whose horizon the records do not cover are left out).
    #[arg(long, value_name = "DATE", value_parser = date_flag, default_value = crate::studies::backtest::DEFAULT_LAST_AS_OF)]
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
    /// The arrival models compared, comma-separated (poisson, negbin, hawkes, resample, campaign):
    /// each scored on the same as-of dates and lookbacks.
    #[arg(
        long,
        value_name = "MODEL,...",
        value_delimiter = ',',
        default_value = "poisson",
        value_parser = super::args::arrivals_flag
    )]
    pub arrivals: Vec<Arrivals>,
    /// How each model's bands are read, comma-separated, each scored: none (the paths' own
    /// percentiles) and conformal (at the levels that the checks before each as-of date
    /// earned: MODEL.md, "Calibration").
    #[arg(
        long,
        value_name = "HOW,...",
        value_delimiter = ',',
        default_value = "none,conformal",
        value_parser = super::args::calibration_flag
    )]
    pub calibration: Vec<Calibration>,
    /// Print the scores as JSON: per group, model, calibration and lookback, the coverages of the 50 %,
    /// 80 % and 90 % central intervals, CRPS, interval scores, PIT deciles, bias and skill.
    #[arg(long)]
    pub json: bool,
    /// Write every path's value in long form (group, lookback_days, arrivals, calibration,
    /// as_of, path, value, observed; a calibrated row's values are its calibrated ensemble) to FILE, Parquet or CSV by its extension, to score with other tools.
    #[arg(long, value_name = "FILE")]
    pub samples_out: Option<PathBuf>,
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
            arrivals: self.arrivals.clone(),
            calibrations: self.calibration.clone(),
            keep_samples: self.samples_out.is_some(),
        }
    }
}

pub(super) fn run(o: &Opts) -> anyhow::Result<()> {
    let options = o.options();
    let all = o.data.load()?;
    if !o.json {
        if let Some(words) = o.data.records_words() {
            println!("{words}");
        }
    }
    o.threads.run(|| score(o, all, &options))?
}

/// Scores each group's projections, prints the scores, and writes the tables and charts.
fn score(o: &Opts, all: Dataset, options: &BacktestOptions) -> anyhow::Result<()> {
    let mut files = Vec::new();
    let several = all.groups().len() > 1 && o.group.group.is_none();
    let mut done: Vec<(String, Backtest)> = Vec::new();
    let mut json_groups = Vec::new();
    for data in o.group.select(all)? {
        let group = data.single_group()?;
        let unit = data.assets.unit();
        let b = backtest(&data, options)?;
        if o.json {
            json_groups.push(scores_json(&group, &unit, &b));
        } else {
            println!(
                "== group {group}: lost capacity over {} days, in {}",
                o.horizon,
                unit.amount_label()
            );
            print!("{}", render(&b));
        }
        let in_group = |dir: &PathBuf| {
            if several {
                dir.join(&group)
            } else {
                dir.clone()
            }
        };
        if let Some(dir) = &o.charts.charts {
            // The charts of the first model named (its reliability and PIT).
            let source = crate::report::charts::source_text(&data);
            let first = b.of_model(options.arrivals[0], options.calibrations[0]);
            files.extend(chart_files(
                o,
                (&b, &first, &group),
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
        done.push((group, b));
    }
    if let Some(path) = &o.samples_out {
        let format = Format::from_path(path).unwrap_or(Format::Csv);
        let parts: Vec<(String, &Backtest)> = done.iter().map(|(g, b)| (g.clone(), b)).collect();
        files.push(OutputFile {
            path: path.clone(),
            bytes: format.render(&tables::backtest_samples(&parts))?,
        });
    }
    if o.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "groups": json_groups }))?
        );
    }
    for w in write_all_atomically(files)? {
        if o.json {
            eprintln!("wrote {}", w.display());
        } else {
            println!("wrote {}", w.display());
        }
    }
    Ok(())
}

/// One group's scores as JSON: a row per model and lookback.
fn scores_json(group: &str, unit: &Unit, b: &Backtest) -> serde_json::Value {
    let num = |v: f64| {
        if v.is_finite() {
            serde_json::json!(v)
        } else {
            serde_json::Value::Null
        }
    };
    let scores: Vec<serde_json::Value> = b
        .scores
        .iter()
        .map(|s| {
            let mut m = serde_json::Map::new();
            m.insert("arrivals".into(), s.arrivals.name().into());
            m.insert("calibration".into(), s.calibration.name().into());
            m.insert("lookback_days".into(), s.lookback_days.into());
            m.insert("checks".into(), s.checks.into());
            m.insert("effective_checks".into(), num(s.effective_checks));
            for (i, level) in ["50", "80", "90"].iter().enumerate() {
                let (share, (low, high)) = s.coverages[i];
                m.insert(format!("coverage_{level}"), num(share));
                m.insert(
                    format!("coverage_{level}_interval"),
                    serde_json::json!([num(low), num(high)]),
                );
            }
            m.insert("crps".into(), num(s.mean_crps));
            m.insert("interval_score_80".into(), num(s.interval_score_80));
            m.insert("interval_score_90".into(), num(s.interval_score_90));
            m.insert("pit_deciles".into(), serde_json::json!(s.pit_deciles));
            m.insert("bias".into(), num(s.bias));
            m.insert("skill_naive".into(), num(s.skill));
            m.insert(
                "skill_resample".into(),
                s.skill_resample.map_or(serde_json::Value::Null, num),
            );
            serde_json::Value::Object(m)
        })
        .collect();
    serde_json::json!({
        "group": group,
        "unit": unit.name(),
        "amount_unit": unit.amount_label(),
        "scores": scores,
    })
}

/// The charts of one group's backtest in `dir`, for each lookback L: `backtest-L` and
/// `pit-L` of the first model named (`first`), and where several models are compared,
/// `reliability-L` (observed against nominal coverage, a line per model) and `pit-models-L`
/// (their PIT histograms side by side).
fn chart_files(
    o: &Opts,
    (all, first, group): (&Backtest, &Backtest, &str),
    unit: &Unit,
    source: &str,
    dir: &Path,
) -> anyhow::Result<Vec<OutputFile>> {
    use crate::chart::backtest as chart;
    let look = &o.charts.look;
    let text = look.text.text();
    let compared = o.arrivals.len() > 1;
    let mut files = Vec::new();
    for &l in &o.lookback_days {
        for format in [ImageFormat::Png, ImageFormat::Svg] {
            let (size, ext) = (look.size, format.extension());
            let mut charts = vec![
                (
                    "backtest",
                    chart::render_backtest(first, group, l, unit, source, &text, size, format)?,
                ),
                (
                    "pit",
                    chart::render_pit(first, group, l, source, &text, size, format)?,
                ),
            ];
            if compared {
                charts.push((
                    "reliability",
                    chart::render_reliability(all, group, l, source, &text, size, format)?,
                ));
                charts.push((
                    "pit-models",
                    chart::render_pit_models(all, group, l, source, &text, size, format)?,
                ));
            }
            files.extend(charts.into_iter().map(|(name, bytes)| OutputFile {
                path: dir.join(format!("{name}-{l}.{ext}")),
                bytes,
            }));
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
                s.arrivals.to_string(),
                s.calibration.to_string(),
                s.lookback_days.to_string(),
                s.checks.to_string(),
                format!("{:.1}", s.effective_checks),
                format!("{:.0} %", s.coverage * 100.0),
                format!(
                    "{:.0} .. {:.0} %",
                    s.coverages[1].1 .0 * 100.0,
                    s.coverages[1].1 .1 * 100.0
                ),
                format!("{:.3}", s.mean_crps),
                format!("{:.3}", s.interval_score_80),
                format!("{:+.3}", s.bias),
                format!("{:.3}", s.naive_mean_crps),
                format!("{:+.2}", s.skill),
                s.skill_resample.map_or("-".into(), |k| format!("{k:+.2}")),
            ]
        })
        .collect();
    let mut out = text_table(
        &[
            "arrivals",
            "calibration",
            "lookback days",
            "checks",
            "independent ~",
            "P10-P90 coverage",
            "95 % interval",
            "mean CRPS",
            "interval score 80 %",
            "bias (P50 - observed)",
            "naive CRPS",
            "skill",
            "skill vs resample",
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
