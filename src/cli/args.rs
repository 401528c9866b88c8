//! The flag groups the subcommands share, each declared once and flattened into every
//! command that takes it, so that a flag means one thing wherever it is given: the data,
//! the group, the scenario, the Monte Carlo paths, the seed, the record draws, the threads,
//! the tables out and the charts out. The README's "Flags" table lists every flag.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::data::{Confidence, Dataset, Sources, BUNDLED_SCENARIOS_TOML};
use crate::observed::DrawOptions;
use crate::projection::arrivals::Arrivals;
use crate::projection::expected::Projection;
use crate::projection::scenario::{self, Scenario, Settings, Truce};
use crate::projection::scenario_file::{self, Overrides};
use crate::projection::MonteCarloOptions;
use crate::report::run::RunRecord;
use crate::report::Format;
use crate::studies::sensitivity::Figure;
use crate::units::Unit;

pub(crate) use crate::projection::DEFAULT_SEED;

/// The seed of the record draws of `history`, `reconcile` and the charts when `--seed` is
/// not given.
pub(crate) const DEFAULT_DRAW_SEED: u64 = DrawOptions::DEFAULT.seed;

/// Says on stderr that `old` is an old spelling of `new`, kept for one release.
pub(crate) fn deprecated(old: &str, new: &str) {
    eprintln!("warning: {old} is deprecated and will be removed in the next release; use {new}");
}

/// Parses a date flag strictly as `YYYY-MM-DD`, the same rule as a CSV cell (so
/// `2025-3-1` is refused everywhere).
pub(crate) fn date_flag(text: &str) -> Result<NaiveDate, String> {
    crate::data::fields::parse_date(text)
        .ok_or_else(|| format!("expected a date as YYYY-MM-DD, found \"{text}\""))
}

/// Where the input tables come from. Each is CSV, or Parquet by its `.parquet` extension.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct DataArgs {
    /// Assets file [default: the bundled refineries.csv and ua-power-plants.csv]; repeat
    /// it to layer files in order (an asset id in two files is refused).
    #[arg(long, value_name = "FILE")]
    pub(crate) assets: Vec<PathBuf>,
    /// Strikes file [default: the bundled strikes.csv and ua-power-strikes.csv, each where
    /// its assets are loaded]; repeat it to layer files in order (a strike id in two files
    /// is refused).
    #[arg(long, value_name = "FILE")]
    pub(crate) strikes: Vec<PathBuf>,
    /// Prices file [default: the bundled prices.csv and ua-power-prices.csv]; repeat it
    /// to price groups from several files (a group priced twice is refused). A row prices
    /// the group in its group column; rows without one in product_usd_t (USD/t) price the
    /// groups in Mt/yr, in value_usd the only group. A group with no rows has no revenue.
    #[arg(long, value_name = "FILE")]
    pub(crate) prices: Vec<PathBuf>,
    /// Product yields file [default: the bundled refinery-yields.csv]: each row a product's
    /// share of the crude runs of a refinery (asset_id) or of a group's refineries without
    /// their own (group); the fuels lost of a group in Mt/yr or kb/d come from it.
    #[arg(long, value_name = "FILE")]
    pub(crate) yields: Option<PathBuf>,
    /// Fuel exports file [default: the bundled fuel-exports.csv]: each row a product's
    /// exports over a month (month as YYYY-MM, exports_kt) of a group's refineries (group;
    /// empty: every group's), the ceiling of the exports lost.
    #[arg(long, value_name = "FILE")]
    pub(crate) exports: Option<PathBuf>,
    /// Power balance file [default: the bundled ua-power-balance.csv]: a group's demand
    /// peak, hourly load shares by season, capacity available apart from the records'
    /// strikes and import limit (group, measure, from, to, season, hour, value), from which
    /// its hours without power come.
    #[arg(long, value_name = "FILE")]
    pub(crate) balance: Option<PathBuf>,
    /// Treat warnings about the input (a header that looks like a misspelt column) as
    /// errors: exit 2, write nothing.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Only the strikes dated up to DATE: the records as known that day, their outages as
    /// the records now know them (the backtest's rule).
    #[arg(long, value_name = "DATE", value_parser = date_flag)]
    pub(crate) known_by: Option<NaiveDate>,
    /// Only the strike rows of at least this confidence: low (every row), medium or high;
    /// a row that gives none counts as low.
    #[arg(long, value_name = "LEVEL", value_parser = confidence_flag)]
    pub(crate) min_confidence: Option<Confidence>,
}

/// Parses a confidence level.
fn confidence_flag(text: &str) -> Result<Confidence, String> {
    Confidence::parse(text).ok_or_else(|| format!("expected low, medium or high, found \"{text}\""))
}

impl DataArgs {
    /// The sources these flags name.
    pub(crate) fn sources(&self) -> Sources {
        Sources {
            assets: self.assets.clone(),
            strikes: self.strikes.clone(),
            prices: self.prices.clone(),
            yields: self.yields.clone(),
            exports: self.exports.clone(),
            balance: self.balance.clone(),
        }
    }

    /// The records' filters in words (`--known-by`, `--min-confidence`), or `None`.
    pub(crate) fn records_words(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(d) = self.known_by {
            parts.push(format!("the strikes dated up to {d} (--known-by)"));
        }
        if let Some(c) = self.min_confidence {
            parts.push(format!(
                "the strike rows of confidence {} or above (--min-confidence)",
                c.name()
            ));
        }
        (!parts.is_empty()).then(|| format!("records: {}", parts.join(" and ")))
    }

    /// The records' filters as run.json states them.
    pub(crate) fn records_json(&self) -> serde_json::Value {
        serde_json::json!({
            "known_by": self.known_by,
            "min_confidence": self.min_confidence.map(Confidence::name),
        })
    }

    /// Loads and validates the data, keeps the records `--known-by` and `--min-confidence`
    /// ask for (saying how many rows they left out); warnings go to stderr, or fail the
    /// run with `--strict`.
    pub(crate) fn load(&self) -> crate::Result<Dataset> {
        let mut data = Dataset::load(&self.sources())?;
        let all = data.strikes.len();
        if let Some(d) = self.known_by {
            data = data.known_by(d);
        }
        if let Some(c) = self.min_confidence {
            data = data.with_min_confidence(c);
        }
        if let Some(words) = self.records_words() {
            eprintln!(
                "{words}: {} of {} left out",
                crate::format::count(all - data.strikes.len(), "strike row"),
                crate::format::grouped(all as f64, 0)
            );
        }
        if self.strict {
            data = data.strict()?;
        }
        for w in &data.warnings {
            eprintln!("warning: {w}");
        }
        Ok(data)
    }
}

/// Which group of assets to compute for.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct GroupArgs {
    /// Only this group of assets, e.g. ru-refining or ua-power [default: every group of the
    /// assets, each computed and shown on its own; figures are never summed across groups].
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
}

impl GroupArgs {
    /// The datasets to compute on: the chosen group's, or each group's in turn. Data of
    /// one group is used as it is, not copied.
    pub(crate) fn select(&self, data: Dataset) -> crate::Result<Vec<Dataset>> {
        data.each_group(self.group.as_deref())
    }
}

/// The one group of assets a command computes for.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct OneGroupArgs {
    /// The group of assets to compute for, e.g. ru-refining or ua-power [default: the
    /// first group of the assets: ru-refining on the bundled data].
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
}

impl OneGroupArgs {
    /// One dataset: the chosen group's, else the first group's.
    pub(crate) fn one(&self, data: &Dataset) -> crate::Result<Dataset> {
        match &self.group {
            Some(g) => data.group(g),
            None => match data.groups().first() {
                Some(g) => data.group(g),
                None => Ok(data.clone()),
            },
        }
    }
}

/// The Monte Carlo paths of a projection.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct MonteCarloArgs {
    /// Monte Carlo paths of each projection (0: the expected path only).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub paths: u64,
}

impl MonteCarloArgs {
    /// The Monte Carlo options seeded with `seed`, `None` for `--paths 0`.
    pub(crate) fn options(&self, seed: u64) -> Option<MonteCarloOptions> {
        (self.paths > 0).then_some(MonteCarloOptions {
            paths: self.paths,
            seed,
        })
    }
}

/// The seed of everything a command draws at random.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct SeedArgs {
    /// Seed of everything the command draws at random (Monte Carlo paths, record draws,
    /// Sobol' samples and their bootstrap): the same seed gives the same numbers on any
    /// machine and thread count [default: 42; for the record draws of history, reconcile
    /// and chart: 1].
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
}

impl SeedArgs {
    /// The seed of Monte Carlo paths and samples: `--seed`, else 42.
    pub(crate) fn monte_carlo(&self) -> u64 {
        self.seed.unwrap_or(DEFAULT_SEED)
    }

    /// The seed of record draws: `--seed`, else 1.
    pub(crate) fn records(&self) -> u64 {
        self.seed.unwrap_or(DEFAULT_DRAW_SEED)
    }
}

/// How sure the records are: draws of the records for each figure's band.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct DrawArgs {
    /// Draws of the records for each figure's P10-P90 band (0: point figures only).
    #[arg(long, value_name = "N", default_value_t = DrawOptions::DEFAULT.draws)]
    pub draws: u64,
}

impl DrawArgs {
    /// The draw options seeded with `seed`, `None` for `--draws 0`.
    pub(crate) fn options(&self, seed: u64) -> Option<DrawOptions> {
        (self.draws > 0).then_some(DrawOptions {
            draws: self.draws,
            seed,
        })
    }
}

/// The worker threads of a command that draws or projects in parallel.
#[derive(Debug, Clone, Copy, Default, Args)]
pub(crate) struct ThreadArgs {
    /// Worker threads [default: all cores]; the numbers are the same on any count.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

impl ThreadArgs {
    /// Runs `f` on a pool of `--threads` worker threads, or on the default pool (all cores).
    pub(crate) fn run<T: Send>(&self, f: impl FnOnce() -> T + Send) -> anyhow::Result<T> {
        Ok(match self.threads {
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build()?
                .install(f),
            None => f(),
        })
    }
}

/// The format of output tables.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum FormatArg {
    Csv,
    Parquet,
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Parquet => Format::Parquet,
            FormatArg::Json => Format::Json,
        }
    }
}

/// Where and how a command writes its tables. `project`, `merge`, `sweep` and
/// `sensitivity` always write them (into `out` unless `--out` says otherwise); `history`
/// and `backtest` only with `--out`.
#[derive(Debug, Clone, Args)]
pub(crate) struct TablesArgs {
    /// Folder the output tables (and run.json) are written into.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Format of the output tables.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: FormatArg,
}

impl TablesArgs {
    /// The folder of the tables: `--out`, or `out` for the commands that always write.
    pub(crate) fn dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| PathBuf::from("out"))
    }
}

/// Words a chart shows in place of its own (`chart`, and every chart of `project`, `merge`,
/// `backtest`, `sweep` and `sensitivity` with `--charts`).
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct TextArgs {
    /// Title of the chart, in place of its own.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Subtitle: what the chart shows, in place of its own description.
    #[arg(long, value_name = "TEXT")]
    pub subtitle: Option<String>,
    /// Source line, e.g. "Data: Reuters, company reports" [default: the data files'
    /// names, or the bundled datasets].
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
}

impl TextArgs {
    /// The words as the charts take them.
    pub(crate) fn text(&self) -> crate::chart::ChartText {
        crate::chart::ChartText {
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            source: self.source.clone(),
        }
    }
}

/// How a chart looks: its size and its words.
#[derive(Debug, Clone, Args)]
pub(crate) struct LookArgs {
    /// Size of the charts in pixels, WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1200x700", value_parser = crate::chart::parse_size)]
    pub size: (u32, u32),
    #[command(flatten)]
    pub text: TextArgs,
}

/// Charts written beside a command's tables.
#[derive(Debug, Clone, Args)]
pub(crate) struct ChartsArgs {
    /// Also draw the command's charts into DIR, each as DIR/<name>.png and DIR/<name>.svg
    /// (with several groups DIR/<group>/).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    #[command(flatten)]
    pub look: LookArgs,
}

/// The scenario file and the dates of a projection (`project`, `chart`, `sweep`,
/// `sensitivity`).
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct ScenarioFileArgs {
    /// Scenario file (TOML): the scenarios, their dates and settings; the base truce of
    /// sweep and sensitivity, and sensitivity's [sensitivity] ranges [default: bundled
    /// truce-2025.toml when no data flag is given].
    #[arg(long, value_name = "FILE")]
    pub scenarios: Option<PathBuf>,
    /// Last observed day [default: the file's, else the latest strike].
    #[arg(long, value_name = "DATE", value_parser = date_flag)]
    pub as_of: Option<NaiveDate>,
    /// Last projected day [default: the file's, else as-of + 90 days].
    #[arg(long, value_name = "DATE", value_parser = date_flag)]
    pub until: Option<NaiveDate>,
    /// The arrival model of new strikes: poisson, negbin, hawkes, resample or campaign (MODEL.md,
    /// "Arrival models") [default: the file's, else the model the group's backtest earned:
    /// hawkes for ru-refining, campaign for ua-power, poisson for other groups].
    #[arg(long, value_name = "MODEL", value_parser = arrivals_flag)]
    pub arrivals: Option<Arrivals>,
    /// How the Monte Carlo bands are read from the paths: none (the paths' own percentiles)
    /// or conformal (at the levels the projections' track record earned: MODEL.md,
    /// "Calibration") [default: the file's, else the group's earned reading: conformal for
    /// ru-refining and ua-power, none for other groups].
    #[arg(long, value_name = "HOW", value_parser = calibration_flag)]
    pub calibration: Option<crate::projection::calibration::Calibration>,
}

/// Parses an arrival model's name.
pub(crate) fn arrivals_flag(text: &str) -> Result<Arrivals, String> {
    text.parse::<Arrivals>().map_err(|e| e.to_string())
}

/// `--calibration`'s value: a way of reading the paths by name.
pub(crate) fn calibration_flag(
    text: &str,
) -> Result<crate::projection::calibration::Calibration, String> {
    text.parse()
        .map_err(|e: crate::projection::calibration::UnknownCalibration| e.to_string())
}

impl ScenarioFileArgs {
    /// The scenario settings of these flags alone (`sweep` and `sensitivity` set the
    /// others as values to sweep or ranges).
    pub(crate) fn scenario(&self) -> ScenarioArgs {
        ScenarioArgs {
            file: self.clone(),
            ..ScenarioArgs::default()
        }
    }
}

/// Scenario settings of `project` and `chart`.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct ScenarioArgs {
    #[command(flatten)]
    pub file: ScenarioFileArgs,
    /// Lookback window for the base rate, days [default: 90].
    #[arg(long, value_name = "DAYS")]
    pub lookback_days: Option<i64>,
    /// Share of unrefined crude exported instead, 0..1 [default: 0].
    #[arg(long, value_name = "SHARE")]
    pub diversion: Option<f64>,
    /// Utilization of refineries whose row gives none [default: 0.85].
    #[arg(long, value_name = "U")]
    pub default_utilization: Option<f64>,
    /// A truce scenario START:DAYS (repeatable), e.g. 2025-03-18:30. With --scenarios it
    /// is added to the file's scenarios; without, the truces and a no-truce reference are
    /// the scenarios, in place of the bundled file (as of the day before the first truce,
    /// to 90 days after, unless --as-of and --until say otherwise).
    #[arg(long, value_name = "START:DAYS", value_parser = parse_truce)]
    pub truce: Vec<(NaiveDate, u32)>,
    /// Compliance of every --truce scenario, one value for all: the share of strikes
    /// prevented, 0..1 [default: 1] (a scenario file gives each truce its own).
    #[arg(long, value_name = "K")]
    pub compliance: Option<f64>,
    /// The --truce scenarios stop strikes after the truce too.
    #[arg(long)]
    pub extended: bool,
}

fn parse_truce(s: &str) -> Result<(NaiveDate, u32), String> {
    scenario_file::parse_truce_flag(s)
}

impl ScenarioArgs {
    /// The scenario file in use (the user's, the bundled one, or the defaults) and its name.
    pub(crate) fn file(
        &self,
        data_args: &DataArgs,
    ) -> anyhow::Result<(scenario_file::ScenarioFile, String)> {
        let uses_bundled_data = data_args.sources().all_bundled();
        Ok(match &self.file.scenarios {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
                let name = path.display().to_string();
                (scenario_file::parse_file(&name, &text)?, name)
            }
            None if uses_bundled_data && self.truce.is_empty() => (
                scenario_file::parse_file(scenario_file::BUNDLED_NAME, BUNDLED_SCENARIOS_TOML)?,
                scenario_file::BUNDLED_NAME.to_owned(),
            ),
            None => (
                scenario_file::parse_file(
                    scenario_file::NO_FILE_NAME,
                    scenario_file::NO_FILE_TOML,
                )?,
                scenario_file::NO_FILE_NAME.to_owned(),
            ),
        })
    }

    /// The record of a run made with `settings` (each top-level setting with where it came
    /// from: a flag, the scenario file and line, or the default) over `runs`.
    pub(crate) fn record(
        &self,
        settings: &Settings,
        runs: &[(Projection, Dataset)],
        monte_carlo: Option<MonteCarloOptions>,
        warnings: Vec<String>,
    ) -> RunRecord {
        let derived = self.file.scenarios.is_none();
        let horizon = scenario::DEFAULT_HORIZON_DAYS;
        let label = |field: &str| match field {
            "as_of" if self.file.as_of.is_none() && derived && !self.truce.is_empty() => {
                "--truce (the day before the first truce)".to_owned()
            }
            "until" if self.file.until.is_none() && derived => format!(
                "as_of + {horizon} days (the default horizon, as --as-of or --truce set as_of)"
            ),
            other => crate::report::run::flag_label(other),
        };
        RunRecord::new(runs, settings, monte_carlo, warnings, &label)
    }

    /// The --truce scenarios, named for their length, compliance and extent.
    fn truce_scenarios(&self) -> anyhow::Result<Vec<Scenario>> {
        if self.truce.is_empty() && (self.compliance.is_some() || self.extended) {
            let flag = if self.extended {
                "--extended"
            } else {
                "--compliance"
            };
            return Err(crate::Error::Usage(format!(
                "{flag} applies to the --truce scenarios: give --truce START:DAYS too (a scenario file's truces set their own in the file)"
            ))
            .into());
        }
        let compliance = self.compliance.unwrap_or(1.0);
        Ok(self
            .truce
            .iter()
            .map(|&(start, days)| {
                let mut name = format!("truce-{days}d");
                if compliance < 1.0 {
                    name.push_str(&format!("-{:.0}pct", compliance * 100.0));
                }
                if self.extended {
                    name.push_str("-extended");
                }
                Scenario::with_truce(
                    name,
                    Truce {
                        start,
                        days,
                        compliance,
                        extended: self.extended,
                    },
                )
            })
            .collect())
    }

    /// Resolves the settings for `data` (loaded from `data_args`).
    pub(crate) fn settings(
        &self,
        data_args: &DataArgs,
        data: &Dataset,
    ) -> anyhow::Result<Settings> {
        let (file, _) = self.file(data_args)?;
        let extra = self.truce_scenarios()?;
        // The dates follow what the user asked: a --truce without --as-of projects from the
        // day before the first truce, and an --as-of without --until the default horizon
        // after it (a scenario file of the user's own keeps its dates).
        let as_of = match (&self.file.scenarios, self.file.as_of) {
            (None, None) => self
                .truce
                .iter()
                .map(|t| t.0)
                .min()
                .map(|d| d - chrono::Days::new(1)),
            (_, given) => given,
        };
        let until = match (&self.file.scenarios, self.file.until, as_of) {
            (None, None, Some(a)) => Some(a + chrono::Days::new(scenario::DEFAULT_HORIZON_DAYS)),
            (_, given, _) => given,
        };
        let overrides = Overrides {
            as_of,
            until,
            lookback_days: self.lookback_days,
            diversion: self.diversion,
            default_utilization: self.default_utilization,
            arrivals: self.file.arrivals,
            calibration: self.file.calibration,
        };
        Ok(Settings::resolve(&file, &overrides, data, extra)?)
    }
}

/// A figure's name as given: any figure, its unit read against the group's later.
fn figure(text: &str) -> Result<String, String> {
    if Figure::parse_named(text).is_some() {
        return Ok(text.to_owned());
    }
    let mut names: Vec<String> = Vec::new();
    for (f, stem) in Figure::ALL {
        names.push(stem.to_owned());
        if f.is_amount() {
            for unit in [Unit::Mtpa, Unit::Mw, Unit::Kbd] {
                names.push(f.key(&unit));
            }
        }
    }
    let hint = names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(n, text), n))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map_or(String::new(), |(_, n)| format!(" (did you mean {n}?)"));
    Err(format!(
        "expected one of lost_capacity_mt, lost_throughput_mt, mean_offline_share, revenue_usd, \
         revenue_loss_usd, gain_capacity_mt, gain_revenue_usd (the amounts in the group's unit: \
         _mt, _gwh, _kb...), found \"{text}\"{hint}"
    ))
}

/// The summary figure a study looks at (`sweep`'s heatmap, `sensitivity`).
#[derive(Debug, Clone, Args)]
pub(crate) struct FigureArgs {
    /// The summary figure studied: the one sensitivity explains, the one in the cells of
    /// sweep's heatmap (lost_capacity_mt, lost_throughput_mt, mean_offline_share,
    /// revenue_usd, revenue_loss_usd, gain_capacity_mt, gain_revenue_usd; an amount in the
    /// group's unit: gain_capacity_gwh for power plants).
    #[arg(long, value_name = "FIGURE", default_value = "gain_revenue_usd", value_parser = figure)]
    pub figure: String,
    /// The old name of --figure in sensitivity.
    #[arg(long, value_name = "FIGURE", value_parser = figure, hide = true, conflicts_with = "figure")]
    pub target: Option<String>,
}

impl FigureArgs {
    /// The figure for a group in `unit` (an amount named in another unit is refused), the
    /// old spelling `--target` read with a warning.
    pub(crate) fn figure(&self, unit: &Unit) -> crate::Result<Figure> {
        let name = match &self.target {
            Some(f) => {
                deprecated("--target", "--figure");
                f
            }
            None => &self.figure,
        };
        Figure::in_unit(name, unit)
    }
}
