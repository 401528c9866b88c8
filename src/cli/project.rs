//! `strike-impact project`: scenarios, expected path, Monte Carlo, tables out.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use super::{text_table, DataArgs};
use crate::chart::{self, ChartInput, ChartKind, DailySeries, ImageFormat};
use crate::data::BUNDLED_SCENARIOS_TOML;
use crate::format::{grouped, money_m};
use crate::observed::DrawOptions;
use crate::projection::expected::{project, Idle, Note, Projection};
use crate::projection::scenario::{self, Scenario, Settings, Truce};
use crate::projection::scenario_file::{self, Overrides};
use crate::projection::shard::ShardState;
use crate::projection::MonteCarloOptions;
use crate::report::run::{RunRecord, METADATA_KEY};
use crate::report::{charts, tables, write_all_atomically, Format, OutputFile};

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact project                                  # the bundled 2025 truce case
  strike-impact project --paths 10000 --seed 7           # with Monte Carlo bands
  strike-impact project --truce 2025-03-18:60 --compliance 0.5 --as-of 2025-03-17
  strike-impact project --scenarios my.toml --assets a.csv --strikes s.csv --prices p.csv \\
      --out results --format parquet --per-asset

Writes OUT/daily.<ext> and OUT/summary.<ext> (and OUT/assets.<ext> with --per-asset), all
or nothing, and prints the summary. With no data flags and no --scenarios it runs the
bundled scenario file (datasets/scenarios/truce-2025.toml).";

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

#[derive(Debug, Args)]
pub(crate) struct Opts {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub group: super::GroupArgs,
    /// Monte Carlo paths (0: expected path only).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub paths: u64,
    /// Monte Carlo seed: the same seed gives the same numbers on any machine and thread count.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
    /// Worker threads for Monte Carlo [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Run only part I of K of the Monte Carlo (paths I*N/K .. (I+1)*N/K) and write its
    /// mergeable state to --state instead of tables; `strike-impact merge` joins the parts.
    #[arg(long, value_name = "I/K", requires = "state")]
    pub shard: Option<crate::projection::shard::Shard>,
    /// The file a --shard run writes its state to.
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub state: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Where and how a projection's tables and charts are written (`project` and `merge`).
#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// Folder for the output tables.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Format of the output tables.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: FormatArg,
    /// Also write the per-asset series (OUT/assets.<ext>).
    #[arg(long)]
    pub per_asset: bool,
    /// Print the summary as JSON instead of a table: the same rows and fields as
    /// summary.json with --format json.
    #[arg(long)]
    pub json: bool,
    /// Also draw every chart kind into DIR, as DIR/<kind>.png and DIR/<kind>.svg.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// Size of the charts in pixels, WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1200x700", value_parser = crate::chart::parse_size)]
    pub size: (u32, u32),
    #[command(flatten)]
    pub text: super::TextArgs,
}

/// Scenario settings shared by `project` and `chart`.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct ScenarioArgs {
    /// Scenario file (TOML) [default: bundled truce-2025.toml when no data flag is given].
    #[arg(long, value_name = "FILE")]
    pub scenarios: Option<PathBuf>,
    /// Last observed day [default: the file's, else the latest strike].
    #[arg(long, value_name = "DATE", value_parser = super::date_flag)]
    pub as_of: Option<NaiveDate>,
    /// Last projected day [default: the file's, else as-of + 90 days].
    #[arg(long, value_name = "DATE", value_parser = super::date_flag)]
    pub until: Option<NaiveDate>,
    /// Lookback window for the base rate, days [default: 90].
    #[arg(long, value_name = "DAYS")]
    pub lookback_days: Option<i64>,
    /// Share of unrefined crude exported instead, 0..1 [default: 0].
    #[arg(long, value_name = "SHARE")]
    pub diversion: Option<f64>,
    /// Utilization of refineries whose row gives none [default: 0.85].
    #[arg(long, value_name = "U")]
    pub default_utilization: Option<f64>,
    /// Add a truce scenario START:DAYS (repeatable), e.g. 2025-03-18:30.
    #[arg(long, value_name = "START:DAYS", value_parser = parse_truce)]
    pub truce: Vec<(NaiveDate, u32)>,
    /// Compliance of the --truce scenarios: the share of strikes prevented, 0..1
    /// [default: 1].
    #[arg(long, value_name = "K")]
    pub compliance: Option<f64>,
    /// The --truce scenarios stop strikes after the truce too.
    #[arg(long)]
    pub extended: bool,
}

fn parse_truce(s: &str) -> Result<(NaiveDate, u32), String> {
    scenario_file::parse_truce_flag(s)
}

/// One top-level setting of a run: its value and where it came from.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct SettingSource {
    pub value: serde_json::Value,
    pub from: String,
}

impl ScenarioArgs {
    /// The scenario file in use (the user's, the bundled one, or the defaults) and its name.
    pub(crate) fn file(
        &self,
        data_args: &DataArgs,
    ) -> anyhow::Result<(scenario_file::ScenarioFile, String)> {
        let uses_bundled_data = data_args.sources().all_bundled();
        Ok(match &self.scenarios {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
                let name = path.display().to_string();
                (scenario_file::parse_file(&name, &text)?, name)
            }
            None if uses_bundled_data && self.truce.is_empty() => (
                scenario_file::parse_file("bundled truce-2025.toml", BUNDLED_SCENARIOS_TOML)?,
                "bundled truce-2025.toml".to_owned(),
            ),
            None => (
                scenario_file::parse_file("defaults", "[[scenario]]\nname = \"no-truce\"\n")?,
                "none (a no-truce scenario)".to_owned(),
            ),
        })
    }

    /// The record of a run made with `settings` (each top-level setting with where it came
    /// from: a flag, the scenario file and line, or the default) over `runs`.
    pub(crate) fn record(
        &self,
        data_args: &DataArgs,
        settings: &Settings,
        runs: &[(Projection, crate::data::Dataset)],
        monte_carlo: Option<MonteCarloOptions>,
        warnings: Vec<String>,
    ) -> anyhow::Result<RunRecord> {
        let (file, name) = self.file(data_args)?;
        let derived = self.scenarios.is_none();
        let place =
            |field: &str, default: &str| file.place_of(field).unwrap_or_else(|| default.to_owned());
        let given = |flag: bool, flag_name: &str, field: &str| {
            if flag {
                flag_name.to_owned()
            } else {
                place(field, "default")
            }
        };
        let as_of = if self.as_of.is_some() {
            "--as-of".to_owned()
        } else if derived && !self.truce.is_empty() {
            "--truce (the day before the first truce)".to_owned()
        } else {
            place("as_of", "the latest strike (default)")
        };
        let horizon = scenario::DEFAULT_HORIZON_DAYS;
        let until = if self.until.is_some() {
            "--until".to_owned()
        } else if derived && (self.as_of.is_some() || !self.truce.is_empty()) {
            format!("as_of + {horizon} days (the default horizon, as --as-of or --truce set as_of)")
        } else {
            place("until", &format!("as_of + {horizon} days (default)"))
        };
        let source = |value: serde_json::Value, from: String| SettingSource { value, from };
        let sources = serde_json::json!({
            "as_of": source(serde_json::json!(settings.as_of()), as_of),
            "until": source(serde_json::json!(settings.until()), until),
            "lookback_days": source(
                serde_json::json!(settings.lookback_days()),
                given(self.lookback_days.is_some(), "--lookback-days", "lookback_days"),
            ),
            "diversion": source(
                serde_json::json!(settings.diversion()),
                given(self.diversion.is_some(), "--diversion", "diversion"),
            ),
            "default_utilization": source(
                serde_json::json!(settings.default_utilization()),
                given(
                    self.default_utilization.is_some(),
                    "--default-utilization",
                    "default_utilization",
                ),
            ),
        });
        Ok(RunRecord::new(
            data_args.input_records()?,
            name,
            sources,
            runs,
            monte_carlo,
            warnings,
        ))
    }

    /// Resolves the settings for `data` (loaded from `data_args`).
    pub(crate) fn settings(
        &self,
        data_args: &DataArgs,
        data: &crate::data::Dataset,
    ) -> anyhow::Result<Settings> {
        let (file, _) = self.file(data_args)?;
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
        let extra = self
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
            .collect();
        // The dates follow what the user asked: a --truce without --as-of projects from the
        // day before the first truce, and an --as-of without --until the default horizon
        // after it (a scenario file of the user's own keeps its dates).
        let as_of = match (&self.scenarios, self.as_of) {
            (None, None) => self
                .truce
                .iter()
                .map(|t| t.0)
                .min()
                .map(|d| d - chrono::Days::new(1)),
            (_, given) => given,
        };
        let until = match (&self.scenarios, self.until, as_of) {
            (None, None, Some(a)) => Some(a + chrono::Days::new(scenario::DEFAULT_HORIZON_DAYS)),
            (_, given, _) => given,
        };
        let overrides = Overrides {
            as_of,
            until,
            lookback_days: self.lookback_days,
            diversion: self.diversion,
            default_utilization: self.default_utilization,
        };
        Ok(Settings::resolve(&file, &overrides, data, extra)?)
    }
}

/// A progress bar on a terminal for `paths` paths, hidden when quiet or piped.
pub(super) fn progress_bar(paths: u64, quiet: bool) -> ProgressBar {
    if quiet || paths == 0 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(paths);
    bar.set_style(
        ProgressStyle::with_template("{spinner} Monte Carlo {bar:40} {pos}/{len} paths ({eta})")
            .expect("valid template"),
    );
    bar
}

/// Projects `settings` over `data`, with `paths` Monte Carlo paths (0: none) on `threads`
/// threads (default: all cores) and a progress bar unless `quiet`.
pub(super) fn project_with_progress(
    data: &crate::data::Dataset,
    settings: &Settings,
    paths: u64,
    seed: u64,
    threads: Option<usize>,
    quiet: bool,
) -> anyhow::Result<Projection> {
    let mc = (paths > 0).then_some(MonteCarloOptions { paths, seed });
    let bar = progress_bar(paths, quiet);
    let report = |n: u64| bar.set_position(n);
    let run = || project(data, settings, mc, &report);
    let projection = super::on_threads(threads, run)??;
    bar.finish_and_clear();
    Ok(projection)
}

/// Runs the projection the options describe: one per group computed, with the data of
/// each, and the run's record.
pub(super) fn compute(
    o: &Opts,
    quiet: bool,
) -> anyhow::Result<(Vec<(Projection, crate::data::Dataset)>, RunRecord)> {
    let data = o.data.load()?;
    let mut warnings: Vec<String> = data.warnings.iter().map(ToString::to_string).collect();
    let settings = o.scenario.settings(&o.data, &data)?;
    let runs = o
        .group
        .select(data)?
        .into_iter()
        .map(|g| {
            let p = project_with_progress(&g, &settings, o.paths, o.seed, o.threads, quiet)?;
            Ok((p, g))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    warnings.extend(run_warnings(
        &runs.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        o.data.strict,
    )?);
    let mc = (o.paths > 0).then_some(MonteCarloOptions {
        paths: o.paths,
        seed: o.seed,
    });
    let record = o.scenario.record(&o.data, &settings, &runs, mc, warnings)?;
    Ok((runs, record))
}

/// The projections' warnings in words (each with its group when there are several),
/// written to stderr before any table; with `strict`, an error instead (exit 2, nothing
/// written).
pub(super) fn run_warnings(
    projections: &[&Projection],
    strict: bool,
) -> anyhow::Result<Vec<String>> {
    let several = projections.len() > 1;
    let warnings: Vec<String> = projections
        .iter()
        .flat_map(|p| {
            p.notes.iter().filter(|n| n.is_warning()).map(move |n| {
                if several {
                    format!("group {}: {}", p.group, note_words(n))
                } else {
                    note_words(n)
                }
            })
        })
        .collect();
    if strict && !warnings.is_empty() {
        return Err(crate::Error::Usage(format!(
            "--strict: the run has {} warning{}:\n  {}",
            warnings.len(),
            if warnings.len() == 1 { "" } else { "s" },
            warnings.join("\n  ")
        ))
        .into());
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    Ok(warnings)
}

/// The table with the run's record as its (Parquet) metadata.
fn with_run(mut table: crate::data::frame::Table, run_json: &str) -> crate::data::frame::Table {
    table
        .metadata
        .push((METADATA_KEY.to_owned(), run_json.to_owned()));
    table
}

/// The tables of one projection in `dir`, and its charts in `charts`.
fn group_files(
    o: &OutputArgs,
    p: &Projection,
    data: &crate::data::Dataset,
    dir: &std::path::Path,
    charts: Option<&std::path::Path>,
    run_json: &str,
) -> anyhow::Result<Vec<OutputFile>> {
    let format: Format = o.format.into();
    let ext = format.extension();
    let mut files = vec![
        OutputFile {
            path: dir.join(format!("daily.{ext}")),
            bytes: format.render(&with_run(tables::daily(p), run_json))?,
        },
        OutputFile {
            path: dir.join(format!("summary.{ext}")),
            bytes: format.render(&with_run(tables::summary(p), run_json))?,
        },
    ];
    if o.per_asset {
        files.push(OutputFile {
            path: dir.join(format!("assets.{ext}")),
            bytes: format.render(&with_run(tables::per_asset(p), run_json))?,
        });
    }
    if let Some(dir) = charts {
        let daily = DailySeries::from_projection(p)?;
        let period = charts::default_period(data).unwrap_or((p.window.start, p.window.last()));
        let source = charts::source_text(data);
        // The published benchmarks are refinery figures: no benchmarks chart elsewhere.
        let (kinds, benchmarks) = if p.unit == crate::units::Unit::Mtpa {
            (&ChartKind::ALL[..], charts::default_benchmarks(data)?)
        } else {
            (
                &[
                    ChartKind::Capacity,
                    ChartKind::Revenue,
                    ChartKind::Outages,
                    ChartKind::Monthly,
                    ChartKind::Map,
                ][..],
                Vec::new(),
            )
        };
        let records =
            charts::record_charts(data, kinds, period, Some(DrawOptions::DEFAULT), &benchmarks)?;
        let input = ChartInput {
            daily: Some(&daily),
            records: Some(&records),
            period,
            source: &source,
            text: &o.text.text(),
        };
        for (name, bytes) in chart::render_set(kinds, &input, o.size)? {
            files.push(OutputFile {
                path: dir.join(name),
                bytes,
            });
        }
    }
    Ok(files)
}

pub(super) fn run(o: &Opts, quiet: bool) -> anyhow::Result<()> {
    if let (Some(shard), Some(state)) = (o.shard, &o.state) {
        return run_shard(o, shard, state, quiet);
    }
    let (runs, record) = compute(o, quiet)?;
    write_outputs(&o.output, runs, &record.to_json(), quiet)
}

/// Runs part `shard` of the Monte Carlo and writes its state to `path`.
fn run_shard(
    o: &Opts,
    shard: crate::projection::shard::Shard,
    path: &std::path::Path,
    quiet: bool,
) -> anyhow::Result<()> {
    if o.paths == 0 {
        return Err(crate::Error::setting("paths", "at least 1 path with --shard", 0).into());
    }
    let data = o.data.load()?;
    let settings = o.scenario.settings(&o.data, &data)?;
    let data = match &o.group.group {
        Some(g) => data.group(g)?,
        None => data,
    };
    let options = MonteCarloOptions {
        paths: o.paths,
        seed: o.seed,
    };
    let range = shard.paths(o.paths);
    let groups = data.groups().len() as u64;
    let bar = progress_bar((range.end - range.start) * groups, quiet);
    let report = |n: u64| bar.set_position(n);
    let run = || ShardState::run(&data, &settings, options, shard, &report);
    // The record of the whole run, which `merge` writes as the single run would.
    let mut warnings: Vec<String> = data.warnings.iter().map(ToString::to_string).collect();
    let expected = data
        .groups()
        .iter()
        .map(|g| {
            let d = data.group(g)?;
            Ok((project(&d, &settings, None, &|_| {})?, d))
        })
        .collect::<crate::Result<Vec<_>>>()?;
    warnings.extend(run_warnings(
        &expected.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        o.data.strict,
    )?);
    let record = o
        .scenario
        .record(&o.data, &settings, &expected, Some(options), warnings)?;
    let state = super::on_threads(o.threads, run)??;
    bar.finish_and_clear();
    let state = state.with_provenance(record.to_json());
    write_all_atomically(vec![OutputFile {
        path: path.to_owned(),
        bytes: state.to_bytes(),
    }])?;
    if !quiet {
        println!(
            "wrote {} (shard {shard}: paths {}..{} of {}, seed {}, groups {})",
            path.display(),
            range.start,
            range.end,
            o.paths,
            o.seed,
            state.groups().join(", ")
        );
    }
    Ok(())
}

/// Writes each projection's tables (and charts) as `project` does, and prints the summary.
pub(super) fn write_outputs(
    o: &OutputArgs,
    runs: Vec<(Projection, crate::data::Dataset)>,
    run_json: &str,
    quiet: bool,
) -> anyhow::Result<()> {
    let format: Format = o.format.into();
    let several = runs.len() > 1;
    let mut files = Vec::new();
    for (p, data) in &runs {
        // One group: the tables in --out and the charts in --charts, as always; several:
        // each group's in a folder of its name, and both sides' summary in --out.
        let (dir, charts) = if several {
            (
                o.out.join(&p.group),
                o.charts.as_ref().map(|c| c.join(&p.group)),
            )
        } else {
            (o.out.clone(), o.charts.clone())
        };
        files.extend(group_files(o, p, data, &dir, charts.as_deref(), run_json)?);
        if several {
            files.push(OutputFile {
                path: dir.join("run.json"),
                bytes: run_json.as_bytes().to_vec(),
            });
        }
    }
    let source = runs
        .first()
        .map_or(String::new(), |(_, d)| charts::source_text(d));
    let projections: Vec<Projection> = runs.into_iter().map(|(p, _)| p).collect();
    if let (true, Some(dir)) = (several, &o.charts) {
        for format in [ImageFormat::Png, ImageFormat::Svg] {
            files.push(OutputFile {
                path: dir.join(format!("sides.{}", format.extension())),
                bytes: chart::sides::render(&projections, &source, &o.text.text(), o.size, format)?,
            });
        }
    }
    let combined = several.then(|| with_run(tables::groups_summary(&projections), run_json));
    if let Some(t) = &combined {
        files.push(OutputFile {
            path: o.out.join(format!("summary.{}", format.extension())),
            bytes: format.render(t)?,
        });
    }
    files.push(OutputFile {
        path: o.out.join("run.json"),
        bytes: run_json.as_bytes().to_vec(),
    });
    let written = write_all_atomically(files)?;
    if o.json {
        // Exactly what `--format json` writes to summary.json.
        let table = match &combined {
            Some(t) => t.clone(),
            None => tables::summary(&projections[0]),
        };
        print!("{}", String::from_utf8_lossy(&Format::Json.render(&table)?));
    } else {
        for p in &projections {
            if several {
                println!("== group {} ({})", p.group, p.unit.label());
            }
            print!("{}", render(p));
            if several {
                println!();
            }
        }
        if several {
            print!("{}", render_sides(&projections));
        }
        if !quiet {
            for w in written {
                println!("wrote {}", w.display());
            }
        }
    }
    Ok(())
}

/// Both sides' gains side by side, each in its own unit.
fn render_sides(projections: &[Projection]) -> String {
    let rows = projections
        .iter()
        .flat_map(|p| {
            p.scenarios.iter().filter_map(move |r| {
                let s = &r.summary;
                let (gc, gr) = (s.gain_capacity?, s.gain_revenue_usd?);
                let mc = r
                    .bands
                    .as_ref()
                    .and_then(|b| b.gain_capacity.zip(b.gain_revenue_usd));
                Some(vec![
                    s.scenario.clone(),
                    p.group.clone(),
                    format!("{} {}", grouped(gc, 3), p.unit.amount_label()),
                    money_m(gr),
                    mc.map_or("-".into(), |(c, v)| {
                        format!(
                            "{} {}, {}",
                            grouped(c.p50, 3),
                            p.unit.amount_label(),
                            money_m(v.p50)
                        )
                    }),
                    mc.map_or("-".into(), |(c, v)| {
                        format!(
                            "{}-{} {}; {} to {}",
                            grouped(c.p10, 3),
                            grouped(c.p90, 3),
                            p.unit.amount_label(),
                            money_m(v.p10),
                            money_m(v.p90)
                        )
                    }),
                ])
            })
        })
        .collect();
    format!(
        "both sides: what each truce gives back to each group, against its reference\n{}\n",
        text_table(
            &[
                "scenario",
                "group",
                "capacity given back",
                "revenue given back",
                "Monte Carlo median",
                "Monte Carlo P10-P90"
            ],
            rows
        )
    )
}

/// The projection as text: settings, the summary table, the headline sentence, notes.
pub(super) fn render(p: &Projection) -> String {
    let mut out = settings_line(p);
    out.push_str(&summary_table(p));
    out.push('\n');
    out.push_str(&gain_lines(p));
    out.push_str(&monte_carlo_lines(p));
    if let Some(obs) = &p.observed {
        if obs.iter().all(|v| v.is_finite()) {
            out.push_str(&format!(
                "observed (strikes loaded for the projected days): {:.3} {} lost\n",
                p.unit.amount(obs.iter().sum::<f64>()),
                p.unit.amount_label()
            ));
        }
    }
    for n in p.notes.iter().filter(|n| !n.is_warning()) {
        out.push_str(&format!("note: {}\n", note_words(n)));
    }
    out
}

/// The as-of date, projected days and base rate.
fn settings_line(p: &Projection) -> String {
    let s = &p.settings;
    format!(
        "as of {} (projected {} .. {}, {} days); base rate {:.3} strikes/day from {} strikes in the {} days to {}\n{}default utilization {}; every setting and where it came from: run.json\n\n",
        s.as_of(),
        p.window.start,
        p.window.last(),
        p.window.days,
        p.lambda,
        p.lookback_strikes,
        s.lookback_days(),
        s.as_of(),
        if p.unit == crate::units::Unit::Mtpa {
            format!(
                "diversion {} (share of the unrefined crude exported instead, valued at the crude price); ",
                s.diversion()
            )
        } else {
            String::new()
        },
        s.default_utilization()
    )
}

/// One row per scenario: lost capacity and throughput, offline share, revenue, gains.
fn summary_table(p: &Projection) -> String {
    let gain = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or("-".into(), f);
    let rows = p
        .summaries()
        .map(|x| {
            vec![
                x.scenario.clone(),
                format!("{:.3}", x.lost_capacity),
                format!("{:.3}", x.lost_throughput),
                format!("{:.2}", x.mean_offline_share * 100.0),
                grouped(x.revenue_usd / 1e6, 1),
                grouped(x.revenue_loss_usd / 1e6, 1),
                gain(x.gain_capacity, &|v| format!("{v:.3}")),
                gain(x.gain_revenue_usd, &|v| grouped(v / 1e6, 1)),
            ]
        })
        .collect();
    let amount = p.unit.amount_label();
    let (lost, thr, gain_col) = (
        format!("lost {amount}"),
        format!("lost throughput {amount}"),
        format!("gain {amount}"),
    );
    text_table(
        &[
            "scenario",
            &lost,
            &thr,
            "offline %",
            "revenue $m",
            "revenue loss $m",
            &gain_col,
            "gain $m",
        ],
        rows,
    )
}

/// Each scenario's gain against the reference in a sentence, with its Monte Carlo range.
fn gain_lines(p: &Projection) -> String {
    let Some(r) = p.reference else {
        return String::new();
    };
    let reference = &p.scenarios[r].summary.scenario;
    let mut out = String::new();
    for result in &p.scenarios {
        let x = &result.summary;
        let (Some(gc), Some(gr)) = (x.gain_capacity, x.gain_revenue_usd) else {
            continue;
        };
        let amount = p.unit.amount_label();
        out.push_str(&format!(
            "{} against {}: {:.3} {amount} of capacity and {} of revenue given back (expected path)",
            x.scenario,
            reference,
            gc,
            money_m(gr)
        ));
        let band = result.bands.as_ref();
        if let Some((c, v)) = band.and_then(|b| b.gain_capacity.zip(b.gain_revenue_usd)) {
            out.push_str(&format!(
                "; Monte Carlo median {:.3} {amount} and {} (P10-P90 {:.3}-{:.3} {amount}, {} to {})",
                c.p50,
                money_m(v.p50),
                c.p10,
                c.p90,
                money_m(v.p10),
                money_m(v.p90)
            ));
        }
        out.push('\n');
    }
    out
}

/// The Monte Carlo run and each scenario's lost-capacity quantiles.
fn monte_carlo_lines(p: &Projection) -> String {
    let Some(mc) = &p.monte_carlo else {
        return String::new();
    };
    let mut out = format!("Monte Carlo: {} paths, seed {}\n", mc.paths, mc.seed);
    for b in p.scenarios.iter().filter_map(|s| s.bands.as_ref()) {
        out.push_str(&format!(
            "  {}: lost capacity P10 {:.3} / P50 {:.3} / P90 {:.3} {} (mean {:.3})\n",
            b.scenario,
            b.lost_capacity.p10,
            b.lost_capacity.p50,
            b.lost_capacity.p90,
            p.unit.amount_label(),
            b.lost_capacity.mean
        ));
    }
    out
}

/// A projection's note in words.
pub(super) fn note_words(note: &Note) -> String {
    match note {
        Note::NoLookbackStrikes {
            lookback_days,
            as_of,
        } => format!(
            "no strikes in the {lookback_days} lookback days to {as_of}: the base rate is 0, and every scenario is the observed outages running out"
        ),
        Note::TruceBeforeProjection {
            scenario,
            start,
            days,
            first_day,
        } => format!(
            "{scenario}: the truce ({start} for {days} days) ends before the first projected day {first_day}, so it changes nothing (set --as-of before the truce)"
        ),
        Note::NoReference => {
            "every scenario has a truce: no reference for gains (add one named no-truce)".into()
        }
        Note::TruceChangesNothing { scenario, why } => match why {
            Idle::NoCompliance => format!(
                "{scenario}: the truce's compliance is 0, so it prevents no strike and changes nothing"
            ),
            Idle::AfterProjection { start, last_day } => format!(
                "{scenario}: the truce starts on {start}, after the last projected day {last_day}, so it changes nothing (set --until after the truce)"
            ),
            Idle::NoBaseRate => format!(
                "{scenario}: the base rate is 0 (no strike in the lookback window), so the truce has no strike to prevent and changes nothing"
            ),
        },
        Note::PricesEnd {
            last_row,
            first_day,
            last_day,
        } => format!(
            "the prices end with the row of {last_row}: the projected days {first_day} .. {last_day} are valued at it (give later prices to value them)"
        ),
    }
}
