//! The report of a run: what the page shows, computed from the run's projections and data,
//! and the page itself (`strike-impact report`, Python's `si.report`, which write the same
//! bytes for the same run).

use crate::chart::{ChartText, ImageFormat};
use crate::data::Dataset;
use crate::error::Error;
use crate::observed::{DrawOptions, HistoryOptions};
use crate::projection::expected::Projection;
use crate::projection::scenario::Settings;
use crate::projection::scenario_file::{BUNDLED_NAME as BUNDLED_SCENARIOS_NAME, NO_FILE_NAME};
use crate::projection::MonteCarloOptions;
use crate::report::html::{source_links, GroupReport, Report};
use crate::report::run::{flag_label, RunRecord};
use crate::report::{charts, tables};
use crate::studies::backtest::{
    backtest, Backtest, BacktestOptions, DEFAULT_FIRST_AS_OF, DEFAULT_LAST_AS_OF,
};
use crate::studies::sensitivity::{tornado, Figure, Problem, Target, Tornado};
use crate::units::BARRELS_PER_TONNE;

/// The chart size the page's charts are drawn at (they scale to the page's width).
const SIZE: (u32, u32) = (1200, 700);

/// Monte Carlo paths of a report's projections unless told otherwise.
pub const DEFAULT_REPORT_PATHS: u64 = 10_000;

/// Monte Carlo paths of each projection of a report's backtest unless told otherwise.
pub const DEFAULT_BACKTEST_PATHS: u64 = 1_000;

/// How a report is made beyond its run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// The page's title (`None`: the question it answers).
    pub title: Option<String>,
    /// Monte Carlo paths of each projection of the backtest (0: no backtest).
    pub backtest_paths: u64,
    /// The one group asked for (`None`: every group of the data).
    pub group: Option<String>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            title: None,
            backtest_paths: DEFAULT_BACKTEST_PATHS,
            group: None,
        }
    }
}

/// The page's title unless told otherwise.
const DEFAULT_TITLE: &str = "What a truce on strikes against energy infrastructure gives back";

/// The page of `runs` (each group's projection and its data), made with `settings` and
/// recorded in `record`: the whole HTML text.
pub fn report_page(
    runs: &[(Projection, Dataset)],
    settings: &Settings,
    record: &RunRecord,
    monte_carlo: MonteCarloOptions,
    options: &ReportOptions,
) -> Result<String, Error> {
    let seed = monte_carlo.seed;
    let mut groups = Vec::new();
    let mut sources = Vec::new();
    for (p, data) in runs {
        let mut daily = Vec::new();
        tables::daily(p).write_csv(&mut daily)?;
        let benchmarks = charts::default_benchmarks(data)?;
        let (checks, headline) = if benchmarks.is_empty() {
            (Vec::new(), None)
        } else {
            let opts = HistoryOptions {
                default_utilization: settings.default_utilization(),
                barrels_per_tonne: BARRELS_PER_TONNE,
                draws: Some(DrawOptions::DEFAULT),
                diversion: 0.0,
                export_share: None,
            };
            // The bundled refinery records answer the headline of MODEL.md.
            let start = Some(crate::observed::Claim::headline_2025_start());
            (
                crate::observed::check_benchmarks(data, &benchmarks, opts)?,
                Some(crate::observed::reconcile(
                    data,
                    crate::observed::Claim::HEADLINE_2025,
                    start,
                    None,
                    opts,
                )?),
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
            backtest: group_backtest(data, &p.settings, options.backtest_paths, seed),
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
        title: options
            .title
            .clone()
            .unwrap_or_else(|| DEFAULT_TITLE.to_owned()),
        groups,
        sides_svg,
        run: serde_json::to_value(record).expect("a run record is JSON"),
        command: command(runs, settings, monte_carlo, options),
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
) -> Result<Backtest, String> {
    if paths == 0 {
        return Err("--backtest-paths 0".to_owned());
    }
    let day = |text: &str| text.parse().expect("a valid date");
    let options = BacktestOptions {
        from: day(DEFAULT_FIRST_AS_OF),
        to: day(DEFAULT_LAST_AS_OF),
        every: 7,
        horizon: 90,
        lookbacks: vec![settings.lookback_days()],
        monte_carlo: MonteCarloOptions { paths, seed },
        draws: None,
        arrivals: vec![settings.arrivals()],
        calibrations: vec![settings.calibration()],
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
) -> Result<(Tornado, bool), String> {
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

/// The command that makes this page again, read from the run (not from how it was
/// asked for, so that the command line and Python give the same page): the input files,
/// the scenario file, each setting the caller gave, the truces added to the file's
/// scenarios, the records' filters, the group, the paths and seed, the backtest's paths and
/// the title. What no flag can say (a table given in memory, a scenario built in code that
/// no `--truce` flag makes) is said after it.
pub fn command(
    runs: &[(Projection, Dataset)],
    settings: &Settings,
    monte_carlo: MonteCarloOptions,
    options: &ReportOptions,
) -> String {
    let mut args: Vec<String> = vec!["strike-impact".into(), "report".into()];
    let mut unsaid: Vec<String> = Vec::new();
    let flag = |args: &mut Vec<String>, name: &str, value: String| {
        args.push(name.to_owned());
        args.push(value);
    };
    if let Some((_, data)) = runs.first() {
        let inputs = &data.provenance.inputs;
        for table in [
            "assets", "strikes", "prices", "yields", "exports", "balance",
        ] {
            let of_table: Vec<_> = inputs.iter().filter(|i| i.table == table).collect();
            if of_table.iter().all(|i| i.source.starts_with("bundled ")) {
                continue;
            }
            for i in of_table {
                if i.source.starts_with("frame ") {
                    unsaid.push(format!(
                        "the {table} table {} was given in memory",
                        i.source
                    ));
                } else if i.source.starts_with("bundled ") {
                    unsaid.push(format!(
                        "the {table} layer {} cannot be named by a flag",
                        i.source
                    ));
                } else {
                    flag(&mut args, &format!("--{table}"), i.source.clone());
                }
            }
        }
    }
    let origin = settings.origin();
    // The scenarios the command line reads with no --scenarios: the bundled file on the
    // bundled data, a no-truce scenario on any other.
    let bundled_data = runs.first().is_none_or(|(_, d)| d.provenance.all_bundled());
    let scenarios = settings.scenarios();
    let from_file = origin.file_scenarios.min(scenarios.len());
    // With --truce flags and no --scenarios the command line starts from a no-truce
    // scenario, on any data.
    let cli_default = if bundled_data && from_file == scenarios.len() {
        BUNDLED_SCENARIOS_NAME
    } else {
        NO_FILE_NAME
    };
    // Whether a flag names the scenarios the run began from (the file's, before any truce
    // the caller added).
    let named = match &origin.file {
        Some(_) if from_file == 0 && !scenarios.is_empty() => {
            unsaid.push("the scenarios were set in code".to_owned());
            false
        }
        Some(file) if file == cli_default => true,
        Some(file) if file == BUNDLED_SCENARIOS_NAME || file.starts_with("none (") => {
            unsaid.push(format!(
                "the scenarios are those of {file}, which this data does not take by default"
            ));
            false
        }
        Some(file) if std::path::Path::new(file).is_file() => {
            flag(&mut args, "--scenarios", file.clone());
            true
        }
        Some(file) => {
            unsaid.push(format!("the scenario file \"{file}\" was given as text"));
            false
        }
        None => {
            unsaid.push("the settings were built in code".to_owned());
            false
        }
    };
    for field in &origin.given {
        let value = match field.as_str() {
            "as_of" => settings.as_of().to_string(),
            "until" => settings.until().to_string(),
            "lookback_days" => settings.lookback_days().to_string(),
            "diversion" => settings.diversion().to_string(),
            "default_utilization" => settings.default_utilization().to_string(),
            _ => settings.arrivals().to_string(),
        };
        flag(&mut args, &flag_label(field), value);
    }
    if settings.rate_multiplier() != 1.0 {
        unsaid.push(format!(
            "the strike rate was multiplied by {}",
            settings.rate_multiplier()
        ));
    }
    let added = if named {
        &scenarios[from_file..]
    } else {
        &[][..]
    };
    let truces: Vec<_> = added
        .iter()
        .filter_map(|s| s.truce.as_ref().map(|t| (s, t)))
        .collect();
    let compliance = truces.first().map_or(1.0, |(_, t)| t.compliance);
    let extended = truces.first().is_some_and(|(_, t)| t.extended);
    for (s, t) in &truces {
        let mut name = format!("truce-{}d", t.days);
        if compliance < 1.0 {
            name.push_str(&format!("-{:.0}pct", compliance * 100.0));
        }
        if extended {
            name.push_str("-extended");
        }
        if t.compliance == compliance
            && t.extended == extended
            && s.name == name
            && s.covers.is_empty()
        {
            flag(&mut args, "--truce", format!("{}:{}", t.start, t.days));
        } else {
            unsaid.push(format!("the scenario \"{}\" was built in code", s.name));
        }
    }
    if added.len() > truces.len() {
        unsaid.push("scenarios with no truce were added in code".to_owned());
    }
    if !truces.is_empty() && compliance < 1.0 {
        flag(&mut args, "--compliance", compliance.to_string());
    }
    if extended {
        args.push("--extended".into());
    }
    if let Some((_, data)) = runs.first() {
        if let Some(d) = data.provenance.known_by {
            flag(&mut args, "--known-by", d.to_string());
        }
        if let Some(c) = data.provenance.min_confidence {
            flag(&mut args, "--min-confidence", c.name().to_owned());
        }
    }
    if let Some(g) = &options.group {
        flag(&mut args, "--group", g.clone());
    }
    flag(&mut args, "--paths", monte_carlo.paths.to_string());
    flag(&mut args, "--seed", monte_carlo.seed.to_string());
    if options.backtest_paths != DEFAULT_BACKTEST_PATHS {
        flag(
            &mut args,
            "--backtest-paths",
            options.backtest_paths.to_string(),
        );
    }
    if let Some(title) = &options.title {
        flag(&mut args, "--title", title.clone());
    }
    let mut text =
        shlex::try_join(args.iter().map(String::as_str)).unwrap_or_else(|_| args.join(" "));
    for u in unsaid {
        text.push_str(&format!("\n# {u}: run.json lists it"));
    }
    text
}
