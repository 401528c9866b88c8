//! `strike-impact project`: scenarios, expected path, Monte Carlo, tables out.

use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::args::{
    ChartsArgs, DataArgs, GroupArgs, MonteCarloArgs, ScenarioArgs, SeedArgs, TablesArgs, ThreadArgs,
};
use super::text_table;
use crate::chart::{self, ImageFormat};
use crate::format::{grouped, money_m};
use crate::projection::expected::{project, Projection};
use crate::projection::scenario::Settings;
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

#[derive(Debug, Args)]
#[command(mut_arg("out", |a| a.default_value("out")))]
pub(crate) struct Opts {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub group: GroupArgs,
    #[command(flatten)]
    pub monte_carlo: MonteCarloArgs,
    #[command(flatten)]
    pub seed: SeedArgs,
    #[command(flatten)]
    pub threads: ThreadArgs,
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

impl Opts {
    /// The Monte Carlo options, `None` without --paths.
    fn monte_carlo(&self) -> Option<MonteCarloOptions> {
        self.monte_carlo.options(self.seed.monte_carlo())
    }
}

/// Where and how a projection's tables and charts are written (`project` and `merge`).
#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    #[command(flatten)]
    pub tables: TablesArgs,
    /// Also write the per-asset series (OUT/assets.<ext>).
    #[arg(long)]
    pub per_asset: bool,
    /// Print the summary as JSON instead of a table: one array whatever the number of
    /// groups, a row per group and scenario holding every field of that group's
    /// summary.json (--format json), with group, unit and amount_unit first.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub charts: ChartsArgs,
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

/// Projects `settings` over `data`, with the Monte Carlo of `mc` (`None`: none) on
/// `threads` and a progress bar unless `quiet`.
pub(super) fn project_with_progress(
    data: &crate::data::Dataset,
    settings: &Settings,
    mc: Option<MonteCarloOptions>,
    threads: ThreadArgs,
    quiet: bool,
) -> anyhow::Result<Projection> {
    let bar = progress_bar(mc.map_or(0, |m| m.paths), quiet);
    let report = |n: u64| bar.set_position(n);
    let run = || project(data, settings, mc, &report);
    let projection = threads.run(run)??;
    bar.finish_and_clear();
    Ok(projection)
}

/// Runs the projection the options describe: one per group computed, with the data of
/// each, and the run's record.
pub(super) fn compute(
    o: &Opts,
    quiet: bool,
) -> anyhow::Result<(Vec<(Projection, crate::data::Dataset)>, RunRecord)> {
    let run = Run {
        data: &o.data,
        scenario: &o.scenario,
        group: &o.group,
        monte_carlo: o.monte_carlo(),
        threads: o.threads,
    };
    let (runs, record, _) = run.compute(!o.output.json, quiet)?;
    Ok((runs, record))
}

/// Each group's projection with its data, the run's record and the settings of a run.
pub(super) type Computed = (Vec<(Projection, crate::data::Dataset)>, RunRecord, Settings);

/// What a projection run is made of: the data, the scenarios, the groups, the Monte Carlo
/// and the threads (`project` and `report`).
pub(super) struct Run<'a> {
    pub data: &'a DataArgs,
    pub scenario: &'a ScenarioArgs,
    pub group: &'a GroupArgs,
    pub monte_carlo: Option<MonteCarloOptions>,
    pub threads: ThreadArgs,
}

impl Run<'_> {
    /// Runs the projection: one per group computed, with the data of each, the run's
    /// record and the settings. `words`: print the records' selection first.
    pub(super) fn compute(&self, words: bool, quiet: bool) -> anyhow::Result<Computed> {
        let data = self.data.load()?;
        if words {
            if let Some(words) = self.data.records_words() {
                println!("{words}");
            }
        }
        let mut warnings: Vec<String> = data.warnings.iter().map(ToString::to_string).collect();
        let settings = self.scenario.settings(self.data, &data)?;
        let runs = self
            .group
            .select(data)?
            .into_iter()
            .map(|g| {
                let p =
                    project_with_progress(&g, &settings, self.monte_carlo, self.threads, quiet)?;
                Ok((p, g))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        warnings.extend(run_warnings(
            &runs.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            self.data.strict,
        )?);
        let record = self
            .scenario
            .record(&settings, &runs, self.monte_carlo, warnings);
        Ok((runs, record, settings))
    }
}

/// The projections' warnings in words (each with its group when there are several),
/// written to stderr before any table; with `strict`, an error instead (exit 2, nothing
/// written).
pub(super) fn run_warnings(
    projections: &[&Projection],
    strict: bool,
) -> anyhow::Result<Vec<String>> {
    let warnings = crate::report::run::warning_lines(projections);
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
    let format: Format = o.tables.format.into();
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
        let text = o.charts.look.text.text();
        let formats = [ImageFormat::Png, ImageFormat::Svg];
        for (kind, format, bytes) in
            charts::projection_charts(p, data, o.charts.look.size, &text, &formats)?
        {
            files.push(OutputFile {
                path: dir.join(format!("{}.{}", kind.name(), format.extension())),
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
    let run_json = record.to_json();
    o.threads
        .run(|| write_outputs(&o.output, runs, &run_json, quiet))?
}

/// Runs part `shard` of the Monte Carlo and writes its state to `path`.
fn run_shard(
    o: &Opts,
    shard: crate::projection::shard::Shard,
    path: &std::path::Path,
    quiet: bool,
) -> anyhow::Result<()> {
    let Some(options) = o.monte_carlo() else {
        return Err(crate::Error::setting("paths", "at least 1 path with --shard", 0).into());
    };
    let data = o.data.load()?;
    let settings = o.scenario.settings(&o.data, &data)?;
    let data = match &o.group.group {
        Some(g) => data.group(g)?,
        None => data,
    };
    let range = shard.paths(options.paths);
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
            let mut p = project(&d, &settings, None, &|_| {})?;
            // The merged run's bands read the paths as the track record says: the record
            // names it as the single run's does.
            p.calibration = crate::projection::track::track_for(&d, &p.settings, Some(options))?;
            Ok((p, d))
        })
        .collect::<crate::Result<Vec<_>>>()?;
    warnings.extend(run_warnings(
        &expected.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        o.data.strict,
    )?);
    let record = o
        .scenario
        .record(&settings, &expected, Some(options), warnings);
    let state = o.threads.run(run)??;
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
            options.paths,
            options.seed,
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
    let format: Format = o.tables.format.into();
    let out = o.tables.dir();
    let charts = o.charts.charts.as_ref();
    let look = &o.charts.look;
    let several = runs.len() > 1;
    let mut files = Vec::new();
    for (p, data) in &runs {
        // One group: the tables in --out and the charts in --charts, as always; several:
        // each group's in a folder of its name, and both sides' summary in --out.
        let (dir, charts) = if several {
            (out.join(&p.group), charts.map(|c| c.join(&p.group)))
        } else {
            (out.clone(), charts.cloned())
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
    if let (true, Some(dir)) = (several, charts) {
        for format in [ImageFormat::Png, ImageFormat::Svg] {
            files.push(OutputFile {
                path: dir.join(format!("sides.{}", format.extension())),
                bytes: chart::sides::render(
                    &projections,
                    &source,
                    &look.text.text(),
                    look.size,
                    format,
                )?,
            });
        }
    }
    let combined = several.then(|| with_run(tables::groups_summary(&projections), run_json));
    if let Some(t) = &combined {
        files.push(OutputFile {
            path: out.join(format!("summary.{}", format.extension())),
            bytes: format.render(t)?,
        });
    }
    files.push(OutputFile {
        path: out.join("run.json"),
        bytes: run_json.as_bytes().to_vec(),
    });
    let written = write_all_atomically(files)?;
    if o.json {
        println!("{}", summary_json(&projections)?);
    } else {
        print_summaries(&projections, &written, quiet);
    }
    Ok(())
}

/// The summaries as one JSON array whatever the number of groups: each group's
/// `summary.json` rows (every field, named in its unit), each with its `group`, `unit`
/// and `amount_unit` first.
fn summary_json(projections: &[Projection]) -> anyhow::Result<String> {
    let mut rows = Vec::new();
    for p in projections {
        let table = tables::summary(p);
        let rendered: serde_json::Value = serde_json::from_slice(&Format::Json.render(&table)?)?;
        for row in rendered.as_array().into_iter().flatten() {
            let mut entry = serde_json::Map::new();
            entry.insert("group".into(), p.group.clone().into());
            entry.insert("unit".into(), p.unit.name().into());
            entry.insert("amount_unit".into(), p.unit.amount_label().into());
            if let serde_json::Value::Object(fields) = row {
                entry.extend(fields.clone());
            }
            // The arrival model fitted and how the bands were read, as run.json gives them.
            entry.insert("arrivals".into(), serde_json::to_value(&p.arrivals)?);
            entry.insert(
                "calibration".into(),
                match &p.calibration {
                    Some(t) => serde_json::to_value(t)?,
                    None => serde_json::json!({ "method": p.settings.calibration() }),
                },
            );
            rows.push(serde_json::Value::Object(entry));
        }
    }
    Ok(serde_json::to_string_pretty(&rows)?)
}

/// Each projection's summary as text (both sides' gains too with several groups), then the
/// files written unless `quiet`.
fn print_summaries(projections: &[Projection], written: &[PathBuf], quiet: bool) {
    let several = projections.len() > 1;
    for p in projections {
        if several {
            println!("== group {} ({})", p.group, p.unit.label());
        }
        print!("{}", render(p));
        if several {
            println!();
        }
    }
    if several {
        print!("{}", render_sides(projections));
    }
    if !quiet {
        for w in written {
            println!("wrote {}", w.display());
        }
    }
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
        out.push_str(&format!("note: {}\n", n.words()));
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
    ) + &arrivals_line(p)
        + &calibration_line(p)
}

/// How the bands read the paths, when calibrated: the track record and its levels.
pub(super) fn calibration_line(p: &Projection) -> String {
    let Some(t) = &p.calibration else {
        return String::new();
    };
    let pct = |v: f64| grouped(v * 100.0, 1);
    let level = |v: f64| grouped(v * 100.0, 2);
    if t.as_of.is_empty() {
        return format!(
            "bands: calibrated, but no projection before the as-of date has a {}-day horizon that ended by it: P10 and P90 are the paths' whole range\n\n",
            t.horizon_days
        );
    }
    format!(
        "bands: calibrated by {} earlier projections (as of {} .. {}, {} days each, {} paths), whose own P10-P90 held {} %: P10 and P90 read the paths at P{} and P{}\n\n",
        t.as_of.len(),
        t.as_of[0],
        t.as_of[t.as_of.len() - 1],
        t.horizon_days,
        grouped(t.paths as f64, 0),
        pct(t.raw_coverage_80),
        level(t.levels[0]),
        level(t.levels[1]),
    )
}

/// The arrival model and its fitted parameters (± one standard error), when another model
/// than poisson was asked for.
pub(super) fn arrivals_line(p: &Projection) -> String {
    use crate::projection::arrivals::{Arrivals, Estimate, Params};
    let f = &p.arrivals;
    if f.requested == Arrivals::Poisson {
        return String::new();
    }
    let e = |x: &Estimate, unit: &str| match x.se {
        Some(se) => format!("{} ± {}{unit}", grouped(x.value, 3), grouped(se, 3)),
        None => format!("{}{unit}", grouped(x.value, 3)),
    };
    let params = match &f.params {
        Params::Poisson { rate } => format!("rate {}", e(rate, "/day")),
        Params::NegBin {
            rate,
            shape,
            windows,
            window_days,
            ..
        } => format!(
            "mean rate {}/day, gamma shape {} (fitted to {windows} windows of {window_days} days)",
            grouped(*rate, 3),
            e(shape, "")
        ),
        Params::Hawkes {
            mu,
            n,
            beta,
            excitation,
        } => format!(
            "baseline {}, branching ratio {}, decay {}; excitation at the as-of date {}/day",
            e(mu, "/day"),
            e(n, ""),
            e(beta, "/day"),
            grouped(*excitation, 3)
        ),
        Params::Resample { .. } => "the history's days replayed by windows of the horizon".into(),
        Params::Campaign {
            quiet_rate,
            campaign_rate,
            to_campaign,
            to_quiet,
            campaign_now,
            ..
        } => format!(
            "quiet rate {}, campaign rate {}, daily chance a campaign starts {} and ends {}; \
             chance of a campaign at the as-of date {}",
            e(quiet_rate, "/day"),
            e(campaign_rate, "/day"),
            e(to_campaign, ""),
            e(to_quiet, ""),
            grouped(*campaign_now, 3)
        ),
    };
    let used = f.model();
    let model = if used == f.requested {
        used.to_string()
    } else {
        format!("{used} (in place of {}: see the warnings)", f.requested)
    };
    format!(
        "arrivals: {model}, {params}, fitted on {} known strikes\n\n",
        f.events
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
                grouped(x.lost_capacity, 3),
                grouped(x.lost_throughput, 3),
                grouped(x.mean_offline_share * 100.0, 2),
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
            "{} against {}: {} {amount} of capacity and {} of revenue given back (expected path)",
            x.scenario,
            reference,
            grouped(gc, 3),
            money_m(gr)
        ));
        let band = result.bands.as_ref();
        if let Some((c, v)) = band.and_then(|b| b.gain_capacity.zip(b.gain_revenue_usd)) {
            out.push_str(&format!(
                "; Monte Carlo median {} {amount} and {} (P10-P90 {} to {} {amount}, {} to {})",
                grouped(c.p50, 3),
                money_m(v.p50),
                grouped(c.p10, 3),
                grouped(c.p90, 3),
                money_m(v.p10),
                money_m(v.p90)
            ));
        }
        out.push('\n');
        if let Some(fuels) = x.gain_fuels_t_per_day {
            let words: Vec<String> = crate::data::Product::ALL
                .iter()
                .map(|p| {
                    format!(
                        "{} {}",
                        p.name().replace('_', " "),
                        grouped(fuels[*p as usize], 0)
                    )
                })
                .collect();
            out.push_str(&format!(
                "  fuels given back, t/d over the projected days (expected path): {}\n",
                words.join(", ")
            ));
            if let Some(t) = x.gain_exports_lost_t_per_day {
                let revenue = x
                    .gain_exports_revenue_lost_usd
                    .map_or(String::new(), |usd| {
                        format!(", {} of export revenue", money_m(usd))
                    });
                out.push_str(&format!(
                    "  exports given back: {} t/d (domestic demand served first){revenue}\n",
                    grouped(t, 0)
                ));
            }
        }
        if let (Some(g), Some(d)) = (&x.gain_deficit, &x.deficit) {
            let g = &g.0;
            out.push_str(&format!(
                "  hours without power given back over the {} days the balance covers (expected path): \
                 peak deficit {} MW a day, {} h a day with a deficit, {} MWh unserved (this scenario: {} MW, {} h, {} MWh)\n",
                d.balance_days,
                grouped(g.peak_deficit_mw, 0),
                grouped(g.deficit_hours_per_day, 1),
                grouped(g.unserved_mwh, 0),
                grouped(d.peak_deficit_mw, 0),
                grouped(d.deficit_hours_per_day, 1),
                grouped(d.unserved_mwh, 0),
            ));
        }
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
            "  {}: lost capacity P10 {} / P50 {} / P90 {} {} (mean {})\n",
            b.scenario,
            grouped(b.lost_capacity.p10, 3),
            grouped(b.lost_capacity.p50, 3),
            grouped(b.lost_capacity.p90, 3),
            p.unit.amount_label(),
            grouped(b.lost_capacity.mean, 3)
        ));
    }
    out
}
