//! `strike-impact sensitivity`: what a figure hangs on, as a tornado and as Sobol' indices.

use clap::{Args, ValueEnum};

use super::args::{
    ChartsArgs, DataArgs, FigureArgs, MonteCarloArgs, OneGroupArgs, ScenarioFileArgs, SeedArgs,
    TablesArgs, ThreadArgs,
};
use super::text_table;
use crate::chart::sensitivity::{render_sobol, render_tornado, SensitivityChart};
use crate::chart::ImageFormat;
use crate::report::{write_all_atomically, Format, OutputFile};
use crate::studies::sensitivity::{sobol, tornado, Problem, Sobol, SobolOptions, Target, Tornado};

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact sensitivity --group ru-refining
  strike-impact sensitivity --group ru-refining --figure gain_capacity_mt --samples 4096
  strike-impact sensitivity --group ua-power --method tornado --scenarios my.toml
  strike-impact sensitivity --group ru-refining --paths 1000 --samples 256 --format parquet

--figure is a summary figure (lost_capacity_mt, lost_throughput_mt, mean_offline_share,
revenue_usd, revenue_loss_usd, gain_capacity_mt, gain_revenue_usd) of the truce or the
no-truce scenario, projected as in a sweep. The inputs and their default ranges are in
MODEL.md (\"Sensitivity\"); a [sensitivity] table in the scenario file sets others, as
`compliance = [0.5, 1.0]`. The tornado moves one input at a time to each end of its range;
the Sobol' indices (first-order and total, with 95 % bootstrap intervals) come from
--samples base samples, the model running samples x (inputs + 2) times. With --paths the
figure is its mean over that many Monte Carlo paths per evaluation.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Method {
    /// One input at a time at the ends of its range.
    Tornado,
    /// Variance-based indices over the inputs' ranges.
    Sobol,
    /// Both.
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Of {
    Truce,
    NoTruce,
}

#[derive(Debug, Args)]
#[command(mut_arg("out", |a| a.default_value("out")))]
pub(crate) struct Opts {
    #[command(flatten)]
    pub figure: FigureArgs,
    /// Whose figure: the truce scenario's or the no-truce scenario's.
    #[arg(long, value_enum, default_value = "truce")]
    pub scenario: Of,
    /// Tornado, Sobol' indices, or both.
    #[arg(long, value_enum, default_value = "both")]
    pub method: Method,
    /// Base samples of the Sobol' analysis.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub samples: usize,
    /// Bootstrap resamples for the intervals.
    #[arg(long, value_name = "R", default_value_t = 1000)]
    pub resamples: usize,
    #[command(flatten)]
    pub seed: SeedArgs,
    #[command(flatten)]
    pub monte_carlo: MonteCarloArgs,
    #[command(flatten)]
    pub scenarios: ScenarioFileArgs,
    #[command(flatten)]
    pub threads: ThreadArgs,
    #[command(flatten)]
    pub tables: TablesArgs,
    #[command(flatten)]
    pub charts: ChartsArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub group: OneGroupArgs,
}

/// The tornado and the Sobol' indices, whichever --method asks for.
type Analyses = (Option<Tornado>, Option<Sobol>);

pub(super) fn run(o: &Opts, quiet: bool) -> anyhow::Result<()> {
    let all = o.data.load()?;
    let scenario = o.scenarios.scenario();
    let (file, _) = scenario.file(&o.data)?;
    let base = scenario.settings(&o.data, &all)?;
    let data = o.group.one(&all)?;
    let unit = data.assets.unit();
    let figure = o.figure.figure(&unit)?;
    let seed = o.seed.monte_carlo();
    let target = Target {
        figure,
        truce: o.scenario == Of::Truce,
    };
    let problem = Problem::new(
        &data,
        &base,
        target,
        o.monte_carlo.options(seed),
        &file.sensitivity_ranges(),
    )?;
    if o.method != Method::Tornado {
        // Checked before any evaluation is announced or run.
        crate::studies::sensitivity::SobolOptions {
            samples: o.samples,
            seed: 0,
            resamples: o.resamples,
        }
        .check()?;
    }
    if !quiet && o.method != Method::Tornado {
        eprintln!(
            "sensitivity: {} inputs, {} evaluations of the Sobol' sample",
            problem.factors.len(),
            o.samples * (problem.factors.len() + 2)
        );
    }
    let analyses = o.threads.run(|| analyse(o, &problem, seed))??;
    let what = format!(
        "{} of {}",
        figure.key(&unit),
        if target.truce { "truce" } else { "no-truce" }
    );
    let format: Format = o.tables.format.into();
    let out = o.tables.dir();
    let mut files = Vec::new();
    if let Some(t) = &analyses.0 {
        files.push(OutputFile {
            path: out.join(format!("tornado.{}", format.extension())),
            bytes: format.render(&t.table())?,
        });
    }
    if let Some(s) = &analyses.1 {
        files.push(OutputFile {
            path: out.join(format!("sobol.{}", format.extension())),
            bytes: format.render(&s.table())?,
        });
    }
    if let Some(dir) = &o.charts.charts {
        let chart = SensitivityChart {
            figure,
            scenario: if target.truce { "truce" } else { "no-truce" }.to_owned(),
            group: data.single_group()?,
            amount: data.assets.unit().amount_label(),
            source: crate::report::charts::source_text(&data),
            text: o.charts.look.text.text(),
        };
        files.extend(chart_files(&analyses, &chart, dir, o.charts.look.size)?);
    }
    let written = write_all_atomically(files)?;
    print!("{}", render(&analyses, &what, figure.is_money()));
    if !problem.left_out.is_empty() {
        let list: Vec<String> = problem
            .left_out
            .iter()
            .map(|(input, why)| format!("{} ({why})", input.name()))
            .collect();
        println!(
            "left out, as they cannot move {what} for group {}: {}",
            data.single_group()?,
            list.join(", ")
        );
    }
    if !quiet {
        for w in written {
            println!("wrote {}", w.display());
        }
    }
    Ok(())
}

/// Runs the analyses --method asks for; the Sobol' sample and bootstrap seeded by `seed`.
fn analyse(o: &Opts, problem: &Problem, seed: u64) -> crate::Result<Analyses> {
    let options = SobolOptions {
        samples: o.samples,
        seed,
        resamples: o.resamples,
    };
    let t = matches!(o.method, Method::Tornado | Method::Both)
        .then(|| tornado(problem))
        .transpose()?;
    let s = matches!(o.method, Method::Sobol | Method::Both)
        .then(|| sobol(problem, options))
        .transpose()?;
    Ok((t, s))
}

/// The tornado and the Sobol' indices as text tables, `what` naming the figure.
fn render(analyses: &Analyses, what: &str, money: bool) -> String {
    let number = |v: f64| number(v, money);
    let mut printed = String::new();
    if let Some(t) = &analyses.0 {
        printed.push_str(&format!(
            "tornado: {what}, base case {}\n{}\n",
            number(t.base_value),
            text_table(
                &["input", "low", "high", "base", "at low", "at high", "swing"],
                t.bars
                    .iter()
                    .map(|b| {
                        vec![
                            b.factor.input.name().to_owned(),
                            end(b.factor.low),
                            end(b.factor.high),
                            end(b.factor.base),
                            number(b.at_low),
                            number(b.at_high),
                            number(b.swing()),
                        ]
                    })
                    .collect()
            )
        ));
        let idle: Vec<&str> = t
            .bars
            .iter()
            .filter(|b| b.swing() == 0.0)
            .map(|b| b.factor.input.name())
            .collect();
        if !idle.is_empty() {
            printed.push_str(&format!(
                "note: {} moves nothing with every other input at its base value (the crude \
                 price counts only where a diversion share is set)\n",
                idle.join(", ")
            ));
        }
    }
    if let Some(s) = &analyses.1 {
        printed.push_str(&format!(
            "Sobol' indices: {what}, {} base samples ({} evaluations), 95 % bootstrap intervals over {} resamples\n{}\n",
            s.samples,
            s.evaluations,
            s.resamples,
            text_table(
                &["input", "low", "high", "first order", "total"],
                s.indices
                    .iter()
                    .map(|i| {
                        vec![
                            i.factor.input.name().to_owned(),
                            end(i.factor.low),
                            end(i.factor.high),
                            format!(
                                "{:.3} ({:.3} .. {:.3})",
                                i.first_order, i.first_order_ci.low, i.first_order_ci.high
                            ),
                            format!(
                                "{:.3} ({:.3} .. {:.3})",
                                i.total_order, i.total_order_ci.low, i.total_order_ci.high
                            ),
                        ]
                    })
                    .collect()
            )
        ));
    }
    printed
}

/// The charts of the analyses in `dir`: tornado and sobol, PNG and SVG.
fn chart_files(
    analyses: &Analyses,
    chart: &SensitivityChart,
    dir: &std::path::Path,
    size: (u32, u32),
) -> anyhow::Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for format in [ImageFormat::Png, ImageFormat::Svg] {
        let ext = format.extension();
        if let Some(t) = &analyses.0 {
            files.push(OutputFile {
                path: dir.join(format!("tornado.{ext}")),
                bytes: render_tornado(t, chart, size, format)?,
            });
        }
        if let Some(s) = &analyses.1 {
            files.push(OutputFile {
                path: dir.join(format!("sobol.{ext}")),
                bytes: render_sobol(s, chart, size, format)?,
            });
        }
    }
    Ok(files)
}

/// A range end for the terminal: at most three decimals, no trailing zeros.
fn end(v: f64) -> String {
    let text = format!("{v:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-" {
        "0".into()
    } else {
        text.to_owned()
    }
}

/// A figure for the terminal, with thousands grouped: money as `$638.2m`.
fn number(v: f64, money: bool) -> String {
    if money {
        crate::format::money_m(v)
    } else {
        crate::format::grouped(v, 3)
    }
}
