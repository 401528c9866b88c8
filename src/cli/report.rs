//! `strike-impact report`: the answer as one self-contained HTML page.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::args::{DataArgs, GroupArgs, ScenarioArgs, SeedArgs, ThreadArgs};
use super::project::Run;
use crate::chart::{ChartText, ImageFormat};
use crate::data::Dataset;
use crate::observed::DrawOptions;
use crate::projection::expected::Projection;
use crate::projection::scenario::Settings;
use crate::projection::MonteCarloOptions;
use crate::report::html::{source_links, GroupReport, Report};
use crate::report::{charts, tables, write_all_atomically, OutputFile};
use crate::studies::backtest::{
    backtest, BacktestOptions, DEFAULT_FIRST_AS_OF, DEFAULT_LAST_AS_OF,
};
use crate::studies::sensitivity::{tornado, Figure, Problem, Target};
use crate::units::BARRELS_PER_TONNE;

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact report                                   # the bundled 2025 truce case
  strike-impact report --title \"What the truce gave back\" --out truce.html
  strike-impact report --scenarios my.toml --assets a.csv --strikes s.csv --paths 2000

Writes one HTML file that opens from disk with no network: each side's answer with its
band, the summary tables, the published figures and their verdicts, the backtest's
calibration, what the truce's gain hangs on, the charts, every assumption and warning, the
data's sources and how to reproduce it.";

/// The chart size the page's charts are drawn at (they scale to the page's width).
const SIZE: (u32, u32) = (1200, 700);

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
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub paths: u64,
    /// Monte Carlo paths of each projection of the backtest (0: no backtest).
    #[arg(long, value_name = "N", default_value_t = 1_000)]
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
    let run_json = record.to_json();
    let page = o
        .threads
        .run(|| page(o, &runs, &settings, &run_json, seed))??;
    write_all_atomically(vec![OutputFile {
        path: o.out.clone(),
        bytes: page.into_bytes(),
    }])?;
    if !quiet {
        println!("wrote {}", o.out.display());
    }
    Ok(())
}

/// The page of `runs`.
fn page(
    o: &Opts,
    runs: &[(Projection, Dataset)],
    settings: &Settings,
    run_json: &str,
    seed: u64,
) -> anyhow::Result<String> {
    let mut groups = Vec::new();
    let mut sources = Vec::new();
    for (p, data) in runs {
        let mut daily = Vec::new();
        tables::daily(p).write_csv(&mut daily)?;
        let benchmarks = charts::default_benchmarks(data)?;
        let (checks, headline) = if benchmarks.is_empty() {
            (Vec::new(), None)
        } else {
            let opts = super::history::options(
                settings.default_utilization(),
                BARRELS_PER_TONNE,
                Some(DrawOptions::DEFAULT),
            )?;
            // The bundled refinery records answer the headline of MODEL.md: "3.3 Mt, or 4 %"
            // since the start of 2025.
            let claim = crate::observed::Claim {
                volume_mt: 3.3,
                share: 0.04,
            };
            let start = NaiveDate::from_ymd_opt(2025, 1, 1);
            (
                crate::observed::check_benchmarks(data, &benchmarks, opts)?,
                Some(crate::observed::reconcile(data, claim, start, None, opts)?),
            )
        };
        sources.extend(
            data.assets
                .as_slice()
                .iter()
                .filter_map(|a| a.source.clone()),
        );
        sources.extend(
            data.strikes
                .iter()
                .filter_map(|s| s.source().map(str::to_owned)),
        );
        sources.extend(benchmarks.iter().filter_map(|b| b.source.clone()));
        groups.push(GroupReport {
            projection: p,
            summary: tables::summary(p),
            daily_csv: daily,
            charts: charts::projection_charts(
                p,
                data,
                SIZE,
                &ChartText::NONE,
                &[ImageFormat::Svg],
            )?
            .into_iter()
            .map(|(kind, _, bytes)| (kind.name(), String::from_utf8_lossy(&bytes).into_owned()))
            .collect(),
            headline,
            benchmarks: checks,
            backtest: group_backtest(data, settings, o.backtest_paths, seed),
            tornado: group_tornado(p, data, settings),
        });
    }
    let sides_svg = if runs.len() > 1 {
        let projections: Vec<Projection> = runs.iter().map(|(p, _)| p.clone()).collect();
        let source = charts::source_text(&runs[0].1);
        let bytes = crate::chart::sides::render(
            &projections,
            &source,
            &ChartText::NONE,
            SIZE,
            ImageFormat::Svg,
        )?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    } else {
        None
    };
    let report = Report {
        title: o.title.clone().unwrap_or_else(|| {
            "What a truce on strikes against energy infrastructure gives back".to_owned()
        }),
        groups,
        sides_svg,
        run: serde_json::from_str(run_json)?,
        command: command_line(),
        sources: source_links(sources.iter().map(String::as_str)),
    };
    Ok(report.render())
}

/// The backtest of the projection's settings (its lookback and arrival model), as
/// `strike-impact backtest` runs it by default, or why there is none.
fn group_backtest(
    data: &Dataset,
    settings: &Settings,
    paths: u64,
    seed: u64,
) -> Result<crate::studies::backtest::Backtest, String> {
    if paths == 0 {
        return Err("--backtest-paths 0".to_owned());
    }
    let day = |text: &str| text.parse::<NaiveDate>().expect("a valid date");
    let options = BacktestOptions {
        from: day(DEFAULT_FIRST_AS_OF),
        to: day(DEFAULT_LAST_AS_OF),
        every: 7,
        horizon: 90,
        lookbacks: vec![settings.lookback_days()],
        monte_carlo: MonteCarloOptions { paths, seed },
        draws: None,
        arrivals: vec![settings.arrivals()],
        keep_samples: false,
    };
    backtest(data, &options).map_err(|e| {
        format!(
            "{e} (the page backtests as-of dates {DEFAULT_FIRST_AS_OF} .. {DEFAULT_LAST_AS_OF}; `strike-impact backtest --first-as-of --last-as-of` takes others)"
        )
    })
}

/// The tornado of the truce's gain (revenue where the group has prices, else capacity).
fn group_tornado(
    p: &Projection,
    data: &Dataset,
    settings: &Settings,
) -> Result<(crate::studies::sensitivity::Tornado, bool), String> {
    let money = p.priced;
    let target = Target {
        figure: if money {
            Figure::GainRevenue
        } else {
            Figure::GainCapacity
        },
        truce: true,
    };
    let problem = Problem::new(data, settings, target, None, &[]).map_err(|e| e.to_string())?;
    let t = tornado(&problem).map_err(|e| e.to_string())?;
    Ok((t, money))
}

/// The command as typed, each argument quoted where a shell would need it.
fn command_line() -> String {
    std::env::args()
        .enumerate()
        .map(|(i, a)| {
            let a = if i == 0 {
                "strike-impact".to_owned()
            } else {
                a
            };
            if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"$`\\".contains(c)) {
                format!("'{}'", a.replace('\'', "'\\''"))
            } else {
                a
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
