//! `strike-impact chart`: draw one chart as PNG or SVG.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::args::{
    date_flag, deprecated, DataArgs, DrawArgs, LookArgs, MonteCarloArgs, OneGroupArgs,
    ScenarioArgs, SeedArgs, ThreadArgs,
};
use super::project::project_with_progress;
use crate::chart::{self, ChartInput, ChartKind, DailySeries, ImageFormat};
use crate::data::read_file;
use crate::observed::DrawOptions;
use crate::report::{charts, write_all_atomically, OutputFile};

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact chart capacity --out capacity.png
  strike-impact chart revenue --paths 2000 --out revenue.svg --size 1600x900
  strike-impact chart monthly --from 2025-01-01 --to 2025-06-30 --out monthly.png
  strike-impact chart capacity --from-daily out/daily.csv --out replot.svg
  strike-impact chart fuels --group ru-refining --out fuels.png
  strike-impact chart power --group ua-power --as-of 2024-05-31 --until 2024-08-31 --truce 2024-06-01:30 --out power.png
  strike-impact chart map --strikes my/strikes.csv --out map.png
  strike-impact chart benchmarks --out benchmarks.png
  strike-impact chart benchmarks --benchmarks my/benchmarks.csv --draws 5000 --out b.svg
  strike-impact chart revenue --title \"What a 30-day truce is worth\" --source \"Data: Reuters\" --out r.png

capacity, revenue, fuels and power draw a projection (the same scenario flags as project, or a
daily file written by project; fuels: a group of refineries whose yields are known; power: a
group in MW whose balance covers a projected day); outages, monthly, map and benchmarks draw the strikes over
--from..--to (default: from the month of the first strike to the end of the last outage).
The monthly chart's whiskers and the benchmarks chart's band are P10-P90 over --draws draws
of the records; benchmarks marks each published figure (the bundled benchmarks.csv with the
bundled records, or --benchmarks FILE) coloured by its verdict. --title, --subtitle and
--source replace the chart's own words; the source line names the data files by their file
names.";

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum KindArg {
    Capacity,
    Revenue,
    Fuels,
    Power,
    Outages,
    Monthly,
    Map,
    Benchmarks,
}

impl From<KindArg> for ChartKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Capacity => ChartKind::Capacity,
            KindArg::Revenue => ChartKind::Revenue,
            KindArg::Fuels => ChartKind::Fuels,
            KindArg::Power => ChartKind::Power,
            KindArg::Outages => ChartKind::Outages,
            KindArg::Monthly => ChartKind::Monthly,
            KindArg::Map => ChartKind::Map,
            KindArg::Benchmarks => ChartKind::Benchmarks,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct Opts {
    /// Which chart.
    pub kind: KindArg,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub group: OneGroupArgs,
    /// First day of the outages, monthly and map charts.
    #[arg(long, value_name = "DATE", value_parser = date_flag)]
    pub from: Option<NaiveDate>,
    /// Last day (inclusive) of the outages, monthly and map charts.
    #[arg(long, value_name = "DATE", value_parser = date_flag)]
    pub to: Option<NaiveDate>,
    #[command(flatten)]
    pub monte_carlo: MonteCarloArgs,
    #[command(flatten)]
    pub draws: DrawArgs,
    #[command(flatten)]
    pub seed: SeedArgs,
    /// The old name of the record draws' seed: use --seed.
    #[arg(long, value_name = "S", hide = true)]
    pub draw_seed: Option<u64>,
    #[command(flatten)]
    pub threads: ThreadArgs,
    /// Draw capacity or revenue from a daily file written by project (CSV or Parquet).
    #[arg(long, value_name = "FILE")]
    pub from_daily: Option<PathBuf>,
    /// Output file; .png or .svg [default: KIND.png].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Published figures for the benchmarks chart [default: bundled benchmarks.csv with the
    /// bundled records].
    #[arg(long, value_name = "FILE")]
    pub benchmarks: Option<PathBuf>,
    #[command(flatten)]
    pub look: LookArgs,
}

impl Opts {
    /// The record draws of the monthly whiskers and the benchmarks band: seeded by --seed
    /// (or the old --draw-seed), else 1.
    fn draw_options(&self) -> Option<DrawOptions> {
        if self.draw_seed.is_some() {
            deprecated("--draw-seed", "--seed");
        }
        let seed = self.draw_seed.unwrap_or_else(|| self.seed.records());
        self.draws.options(seed)
    }
}

/// The period of the strike charts: the flags, else the data's default.
pub(super) fn period(
    data: &crate::data::Dataset,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> anyhow::Result<(NaiveDate, NaiveDate)> {
    let default = charts::default_period(data);
    match (from.or(default.map(|d| d.0)), to.or(default.map(|d| d.1))) {
        (Some(f), Some(t)) if t >= f => Ok((f, t)),
        (Some(f), Some(t)) => Err(crate::Error::Usage(format!(
            "the period must end on or after its start, found --from {f} --to {t}"
        ))
        .into()),
        _ => Err(crate::Error::Usage("no strikes loaded: give --from and --to".into()).into()),
    }
}

pub(super) fn run(o: &Opts, quiet: bool) -> anyhow::Result<()> {
    let draws = o.draw_options();
    o.threads.run(|| draw(o, draws, quiet))?
}

/// Draws the chart with `draws` record draws and writes it.
fn draw(o: &Opts, draws: Option<DrawOptions>, quiet: bool) -> anyhow::Result<()> {
    let kind: ChartKind = o.kind.into();
    let out = o
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.png", kind.name())));
    let format = ImageFormat::from_path(&out).ok_or_else(|| {
        crate::Error::Usage(format!(
            "--out: expected a .png or .svg file, found {}",
            out.display()
        ))
    })?;
    let all = o.data.load()?;
    let data = o.group.one(&all)?;
    let mut source = charts::source_text(&data);
    let daily = if !kind.needs_daily() {
        None
    } else if let Some(path) = &o.from_daily {
        let raw = read_file(path).map_err(crate::Error::Invalid)?;
        source = charts::daily_source(path);
        Some(DailySeries::from_raw(&raw).map_err(crate::Error::Invalid)?)
    } else {
        let settings = o.scenario.settings(&o.data, &all)?;
        let mc = o.monte_carlo.options(o.seed.monte_carlo());
        let p = project_with_progress(&data, &settings, mc, ThreadArgs::default(), quiet)?;
        if kind == ChartKind::Revenue && !p.priced {
            return Err(crate::Error::Usage(format!(
                "a revenue chart needs prices; no price row prices group {} (give --prices \
                 with rows of group {})",
                p.group, p.group
            ))
            .into());
        }
        if kind == ChartKind::Fuels && p.scenarios.iter().all(|s| s.path.fuels.is_none()) {
            return Err(crate::Error::Usage(format!(
                "a fuels chart needs a group of refineries whose yields are known; group {} \
                 has none (give --yields with its slate)",
                p.group
            ))
            .into());
        }
        if kind == ChartKind::Power && p.scenarios.iter().all(|s| s.path.power.is_none()) {
            return Err(crate::Error::Usage(format!(
                "a power chart needs a group in MW whose balance covers a projected day; group \
                 {} has none (give --balance with its demand, available capacity and imports)",
                p.group
            ))
            .into());
        }
        super::project::run_warnings(&[&p], o.data.strict)?;
        Some(DailySeries::from_projection(&p)?)
    };
    let period = if kind.needs_daily() {
        charts::default_period(&data).unwrap_or((NaiveDate::MIN, NaiveDate::MIN))
    } else {
        period(&data, o.from, o.to)?
    };
    let benchmarks = match (&o.benchmarks, kind) {
        (Some(file), _) => crate::data::benchmarks::load(Some(file))?,
        (None, ChartKind::Benchmarks) => charts::default_benchmarks(&data)?,
        (None, _) => Vec::new(),
    };
    let records = (!kind.needs_daily())
        .then(|| charts::record_charts(&data, &[kind], period, draws, &benchmarks))
        .transpose()?;
    let input = ChartInput {
        daily: daily.as_ref(),
        records: records.as_ref(),
        period,
        source: &source,
        text: &o.look.text.text(),
    };
    let bytes = chart::render(kind, &input, o.look.size, format)?;
    write_all_atomically(vec![OutputFile {
        path: out.clone(),
        bytes,
    }])?;
    if !quiet {
        println!("wrote {}", out.display());
    }
    Ok(())
}
