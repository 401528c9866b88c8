//! `strike-impact chart`: draw one chart as PNG or SVG.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::project::{project_with_progress, ScenarioArgs};
use super::DataArgs;
use crate::chart::{self, ChartInput, ChartKind, DailySeries, ImageFormat};
use crate::data::read_file;
use crate::observed::DrawOptions;
use crate::report::{charts, write_all_atomically, OutputFile};

pub(super) const EXAMPLES: &str = "Examples:
  strike-impact chart capacity --out capacity.png
  strike-impact chart revenue --paths 2000 --out revenue.svg --size 1600x900
  strike-impact chart monthly --from 2025-01-01 --to 2025-06-30 --out monthly.png
  strike-impact chart capacity --from-daily out/daily.csv --out replot.svg
  strike-impact chart map --strikes my/strikes.csv --out map.png
  strike-impact chart benchmarks --out benchmarks.png
  strike-impact chart benchmarks --benchmarks my/benchmarks.csv --draws 5000 --out b.svg
  strike-impact chart revenue --title \"What a 30-day truce is worth\" --source \"Data: Reuters\" --out r.png

capacity and revenue draw a projection (the same scenario flags as project, or a daily
file written by project); outages, monthly, map and benchmarks draw the strikes over
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
    pub group: super::GroupArgs,
    /// First day of the outages, monthly and map charts.
    #[arg(long, value_name = "DATE", value_parser = super::date_flag)]
    pub from: Option<NaiveDate>,
    /// Last day (inclusive) of the outages, monthly and map charts.
    #[arg(long, value_name = "DATE", value_parser = super::date_flag)]
    pub to: Option<NaiveDate>,
    /// Monte Carlo paths for the bands of the capacity and revenue charts.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub paths: u64,
    /// Monte Carlo seed.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
    /// Draw capacity or revenue from a daily file written by project (CSV or Parquet).
    #[arg(long, value_name = "FILE")]
    pub from_daily: Option<PathBuf>,
    /// Output file; .png or .svg [default: KIND.png].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Draws of the records for the monthly whiskers and the benchmarks band (0: none).
    #[arg(long, value_name = "N", default_value_t = DrawOptions::DEFAULT.draws)]
    pub draws: u64,
    /// Seed of the record draws.
    #[arg(long, value_name = "S", default_value_t = DrawOptions::DEFAULT.seed)]
    pub draw_seed: u64,
    /// Published figures for the benchmarks chart [default: bundled benchmarks.csv with the
    /// bundled records].
    #[arg(long, value_name = "FILE")]
    pub benchmarks: Option<PathBuf>,
    /// Size in pixels, WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1200x700", value_parser = chart::parse_size)]
    pub size: (u32, u32),
    #[command(flatten)]
    pub text: super::TextArgs,
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
        source = charts::file_source(path);
        Some(DailySeries::from_raw(&raw).map_err(crate::Error::Invalid)?)
    } else {
        let settings = o.scenario.settings(&o.data, &all)?;
        let p = project_with_progress(&data, &settings, o.paths, o.seed, None, quiet)?;
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
    let draws = (o.draws > 0).then_some(DrawOptions {
        draws: o.draws,
        seed: o.draw_seed,
    });
    let records = (!kind.needs_daily())
        .then(|| charts::record_charts(&data, &[kind], period, draws, &benchmarks))
        .transpose()?;
    let input = ChartInput {
        daily: daily.as_ref(),
        records: records.as_ref(),
        period,
        source: &source,
        text: &o.text.text(),
    };
    let bytes = chart::render(kind, &input, o.size, format)?;
    write_all_atomically(vec![OutputFile {
        path: out.clone(),
        bytes,
    }])?;
    if !quiet {
        println!("wrote {}", out.display());
    }
    Ok(())
}
