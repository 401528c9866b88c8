//! `strike-impact sweep`: a grid of truce settings, one row per combination.

use chrono::NaiveDate;
use clap::Args;

use super::args::{
    ChartsArgs, DataArgs, FigureArgs, GroupArgs, MonteCarloArgs, ScenarioFileArgs, SeedArgs,
    TablesArgs, ThreadArgs,
};
use super::project::progress_bar;
use super::text_table;
use crate::chart::sweep::{SweepChart, SWEPT};
use crate::chart::ImageFormat;
use crate::format::grouped;
use crate::format::money_m;
use crate::report::{tables, write_all_atomically, Format, OutputFile};
use crate::studies::sweep::{parse_dates, parse_values, sweep, SweepAxes, SweepRow};

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact sweep --truce-days 10,30,60,90 --compliance 0:1:0.25
  strike-impact sweep --group ru-refining --compliance 0:1:0.1 --lookback-days 30,60,90 --paths 1000
  strike-impact sweep --truce-start 2025-03-18:2025-05-17:14 --diversion 0,0.5,1 --format parquet

Each combination is projected with two scenarios, no-truce and truce (the truce of the
scenario file, or from the first projected day for 30 days, fully kept, with the swept
values in place); the row holds the swept values, both scenarios' lost capacity and revenue
loss, and the truce's gains (with --paths, their P10, P50 and P90). Values are a list
(10,30,60) or an inclusive range START:END:STEP (0:1:0.1); dates step in days. The rows come
in grid order, and the same seed gives the same bytes on any thread count.";

/// The values of one swept flag.
#[derive(Debug, Clone)]
pub(crate) struct List<T>(Vec<T>);

fn values(text: &str) -> Result<List<f64>, String> {
    parse_values(text, false).map(List)
}

fn whole(text: &str) -> Result<List<u32>, String> {
    parse_values(text, true)?
        .into_iter()
        .map(|v| {
            (v >= 1.0 && v <= f64::from(u32::MAX))
                .then_some(v as u32)
                .ok_or_else(|| format!("expected whole numbers >= 1, found {v}"))
        })
        .collect::<Result<_, _>>()
        .map(List)
}

fn setting(text: &str) -> Result<String, String> {
    if SWEPT.contains(&text) {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "expected one of {}, found \"{text}\"",
            SWEPT.join(", ")
        ))
    }
}

fn dates(text: &str) -> Result<List<NaiveDate>, String> {
    parse_dates(text).map(List)
}

#[derive(Debug, Args)]
#[command(mut_arg("out", |a| a.default_value("out")))]
pub(crate) struct Opts {
    /// First days of the truce: a list or START:END:DAYS.
    #[arg(long, value_name = "DATES", value_parser = dates)]
    pub truce_start: Option<List<NaiveDate>>,
    /// Truce lengths, days: a list or START:END:STEP.
    #[arg(long, value_name = "DAYS", value_parser = whole)]
    pub truce_days: Option<List<u32>>,
    /// Compliance values, 0..1: a list or START:END:STEP.
    #[arg(long, value_name = "K", value_parser = values)]
    pub compliance: Option<List<f64>>,
    /// Lookback windows, days.
    #[arg(long, value_name = "DAYS", value_parser = whole)]
    pub lookback_days: Option<List<u32>>,
    /// Diversion shares, 0..1.
    #[arg(long, value_name = "SHARE", value_parser = values)]
    pub diversion: Option<List<f64>>,
    /// Default utilizations, 0 < u <= 1.
    #[arg(long, value_name = "U", value_parser = values)]
    pub default_utilization: Option<List<f64>>,
    #[command(flatten)]
    pub scenario: ScenarioFileArgs,
    #[command(flatten)]
    pub monte_carlo: MonteCarloArgs,
    #[command(flatten)]
    pub seed: SeedArgs,
    #[command(flatten)]
    pub threads: ThreadArgs,
    #[command(flatten)]
    pub tables: TablesArgs,
    #[command(flatten)]
    pub charts: ChartsArgs,
    /// The setting across the heatmap [default: the swept setting with most values].
    #[arg(long, value_name = "SETTING", value_parser = setting)]
    pub x: Option<String>,
    /// The setting up the heatmap [default: the swept setting with the next most values].
    #[arg(long, value_name = "SETTING", value_parser = setting)]
    pub y: Option<String>,
    #[command(flatten)]
    pub figure: FigureArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub group: GroupArgs,
}

impl Opts {
    fn axes(&self) -> SweepAxes {
        SweepAxes {
            truce_start: self.truce_start.clone().map_or_else(Vec::new, |l| l.0),
            truce_days: self.truce_days.clone().map_or_else(Vec::new, |l| l.0),
            compliance: self.compliance.clone().map_or_else(Vec::new, |l| l.0),
            lookback_days: self.lookback_days.clone().map_or_else(Vec::new, |l| l.0),
            diversion: self.diversion.clone().map_or_else(Vec::new, |l| l.0),
            default_utilization: self
                .default_utilization
                .clone()
                .map_or_else(Vec::new, |l| l.0),
        }
    }
}

pub(super) fn run(o: &Opts, quiet: bool) -> anyhow::Result<()> {
    let axes = o.axes();
    check_axes(o, &axes)?;
    let all = o.data.load()?;
    let base = o.scenario.scenario().settings(&o.data, &all)?;
    let groups = o.group.select(all)?;
    let several = groups.len() > 1;
    let mc = o.monte_carlo.options(o.seed.monte_carlo());
    let format: Format = o.tables.format.into();
    let out = o.tables.dir();
    let count = axes.points(&base)?.len() as u64;
    let mut files = Vec::new();
    let mut printed = String::new();
    for data in &groups {
        let group = data.single_group()?;
        let bar = progress_bar(count, quiet);
        bar.set_message(group.clone());
        let report = |n: u64| bar.set_position(n);
        let run = || sweep(data, &base.for_group(&group), &axes, mc, &report);
        let rows = o.threads.run(run)??;
        bar.finish_and_clear();
        let unit = data.assets.unit();
        let figure = o.figure.figure(&unit)?;
        let dir = if several {
            out.join(&group)
        } else {
            out.clone()
        };
        files.push(OutputFile {
            path: dir.join(format!("sweep.{}", format.extension())),
            bytes: format.render(&tables::sweep(&rows, &group, &unit))?,
        });
        if let Some(charts) = &o.charts.charts {
            let chart = SweepChart {
                x: o.x.clone(),
                y: o.y.clone(),
                figure,
                group: group.clone(),
                amount: unit.amount_label(),
                source: crate::report::charts::source_text(data),
                text: o.charts.look.text.text(),
            };
            let dir = if several {
                charts.join(&group)
            } else {
                charts.clone()
            };
            for format in [ImageFormat::Png, ImageFormat::Svg] {
                files.push(OutputFile {
                    path: dir.join(format!("sweep.{}", format.extension())),
                    bytes: crate::chart::sweep::render(&rows, &chart, o.charts.look.size, format)?,
                });
            }
        }
        if several {
            printed.push_str(&format!("== group {group} ({})\n", unit.label()));
        }
        printed.push_str(&render(&rows, &unit.amount_label()));
    }
    let written = write_all_atomically(files)?;
    print!("{printed}");
    if !quiet {
        for w in written {
            println!("wrote {}", w.display());
        }
    }
    Ok(())
}

/// The rows as a text table (the first 40 and a count of the rest).
/// `--x` and `--y` must name a setting swept over more than one value: a heatmap across a
/// setting that does not vary has one column.
fn check_axes(o: &Opts, axes: &SweepAxes) -> anyhow::Result<()> {
    let swept = axes.varied();
    for (flag, axis) in [("--x", &o.x), ("--y", &o.y)] {
        if let Some(a) = axis.as_deref().filter(|a| !swept.contains(a)) {
            return Err(crate::Error::Usage(format!(
                "{flag}: expected a setting swept over several values ({}), found {a}",
                if swept.is_empty() {
                    "none is".to_owned()
                } else {
                    swept.join(", ")
                }
            ))
            .into());
        }
    }
    Ok(())
}

fn render(rows: &[SweepRow], amount: &str) -> String {
    const SHOWN: usize = 40;
    // With Monte Carlo paths, each gain's P10-P90 beside its expected value.
    let banded = rows.iter().any(|r| r.bands.is_some());
    let table = rows
        .iter()
        .take(SHOWN)
        .map(|r| {
            let p = &r.point;
            let gain = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or("-".into(), f);
            let mut row = vec![
                p.truce_start.to_string(),
                p.truce_days.to_string(),
                format!("{}", p.compliance),
                p.lookback_days.to_string(),
                format!("{}", p.diversion),
                format!("{}", p.default_utilization),
                gain(r.truce.gain_capacity, &|v| grouped(v, 3)),
            ];
            let band = |q: Option<crate::projection::montecarlo_stats::Quantiles>,
                        f: &dyn Fn(f64) -> String| {
                q.map_or("-".into(), |q| format!("{} to {}", f(q.p10), f(q.p90)))
            };
            let bands = r.bands.as_ref();
            if banded {
                row.push(band(bands.and_then(|b| b.gain_capacity), &|v| {
                    grouped(v, 3)
                }));
            }
            row.push(gain(r.truce.gain_revenue_usd, &money_m));
            if banded {
                row.push(band(bands.and_then(|b| b.gain_revenue_usd), &money_m));
            }
            row
        })
        .collect();
    let gain_col = format!("gain {amount}");
    let band_col = format!("P10-P90 {amount}");
    let mut header = vec![
        "truce start",
        "days",
        "compliance",
        "lookback",
        "diversion",
        "default u",
        &gain_col,
    ];
    if banded {
        header.push(&band_col);
    }
    header.push("gain USD");
    if banded {
        header.push("P10-P90 USD");
    }
    let mut out = text_table(&header, table);
    out.push('\n');
    if rows.len() > SHOWN {
        out.push_str(&format!(
            "... and {} more combinations in the table\n",
            rows.len() - SHOWN
        ));
    }
    out
}
