//! The charts of a projection and of its records: what each chart draws is computed here
//! (the records' outages, months, losses and benchmarks), then drawn by `chart`, which only
//! draws. Also the defaults a chart of the records takes: its period, its published
//! figures and its source line.

use chrono::NaiveDate;

use crate::chart::series::DailySeries;
use crate::chart::theme::DEFAULT_SIZE;
use crate::chart::{render, ChartInput, ChartKind, ChartText, ImageFormat, RecordCharts};
use crate::data::benchmarks::Benchmark;
use crate::data::Dataset;
use crate::error::Error;
use crate::observed::figures::DrawOptions;
use crate::observed::period::{asset_losses, benchmark_series, monthly_loss, outage_bars};
use crate::projection::expected::Projection;

/// What the charts of `kinds` draw of `data`'s records over `period` (inclusive): each
/// part computed only when one of them draws it. `draws` gives the monthly chart its
/// whiskers (none without) and the benchmarks chart its band ([`DrawOptions::DEFAULT`]
/// without); `benchmarks` are the published figures to draw.
pub fn record_charts(
    data: &Dataset,
    kinds: &[ChartKind],
    period: (NaiveDate, NaiveDate),
    draws: Option<DrawOptions>,
    benchmarks: &[Benchmark],
) -> Result<RecordCharts, Error> {
    let (from, to) = period;
    let wants = |kind: ChartKind| kinds.contains(&kind);
    Ok(RecordCharts {
        unit: data.assets.unit(),
        national_capacity: data.assets.total_capacity(),
        outages: wants(ChartKind::Outages).then(|| outage_bars(data, from, to)),
        monthly: wants(ChartKind::Monthly)
            .then(|| monthly_loss(data, from, to, draws))
            .transpose()?,
        assets: wants(ChartKind::Map).then(|| asset_losses(data, from, to)),
        benchmarks: wants(ChartKind::Benchmarks)
            .then(|| {
                benchmark_series(
                    data,
                    benchmarks,
                    from,
                    to,
                    draws.unwrap_or(DrawOptions::DEFAULT),
                )
            })
            .transpose()?,
    })
}

/// The `kinds` of a set of charts that have something to draw of `records`: all but a
/// benchmarks chart without a published figure in its period.
pub(crate) fn with_something_to_draw(
    kinds: &[ChartKind],
    records: &RecordCharts,
) -> Vec<ChartKind> {
    kinds
        .iter()
        .copied()
        .filter(|k| {
            *k != ChartKind::Benchmarks
                || records
                    .benchmarks
                    .as_ref()
                    .is_some_and(|b| !b.checks.is_empty())
        })
        .collect()
}

/// The period the outages, monthly and map charts cover by default: from the first day of
/// the month of the first strike to the last day of the last outage.
pub(crate) fn default_period(data: &Dataset) -> Option<(NaiveDate, NaiveDate)> {
    use chrono::Datelike;
    let first = data.strikes.first()?.date.with_day(1)?;
    let last = data.strikes.iter().map(|s| s.restart_date()).max()? - chrono::Days::new(1);
    Some((first, last))
}

/// The published figures to draw beside `data`: the bundled benchmarks when the strikes
/// are the bundled ones and the group is in Mt/yr (they are figures of refining), none for
/// other records (give a file to `chart benchmarks`).
pub(crate) fn default_benchmarks(data: &Dataset) -> Result<Vec<Benchmark>, Error> {
    use crate::data::InputKind;
    if data.assets.unit() == crate::units::Unit::Mtpa
        && data
            .origin
            .describe(InputKind::Strikes)
            .starts_with("bundled")
    {
        crate::data::benchmarks::load(None)
    } else {
        Ok(Vec::new())
    }
}

/// The source line of the bundled datasets.
const BUNDLED_SOURCE: &str =
    "Data: strike-impact bundled datasets (public reporting; see datasets/README.md)";

/// The subtitle's source text for a dataset: the bundled datasets, or each table's files
/// by their file names, a table not given named as bundled (a chart never shows a folder
/// of the machine it was drawn on, nor leaves out the prices its revenue stands on).
pub(crate) fn source_text(data: &Dataset) -> String {
    use crate::data::InputKind;
    let origin = &data.origin;
    if origin.all_bundled() {
        return BUNDLED_SOURCE.into();
    }
    let part = |kind: InputKind, what: &str| {
        if origin.paths(kind).is_empty() {
            format!("bundled {what}")
        } else {
            origin.file_names(kind)
        }
    };
    format!(
        "Data: {}, {}, {}",
        part(InputKind::Assets, "assets"),
        part(InputKind::Strikes, "strikes"),
        part(InputKind::Prices, "prices")
    )
}

/// The source line of a chart drawn from a daily file: the inputs of the run that wrote
/// it, as the `run.json` beside it records them (by file name, a table not given named as
/// bundled), and the file it was read from.
pub(crate) fn daily_source(path: &std::path::Path) -> String {
    let name = file_name(path);
    let inputs: Option<Vec<(String, String)>> = path
        .parent()
        .map(|dir| dir.join("run.json"))
        .and_then(|run| std::fs::read_to_string(run).ok())
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|run| {
            run.get("inputs")?
                .as_array()?
                .iter()
                .map(|i| {
                    Some((
                        i.get("table")?.as_str()?.to_owned(),
                        i.get("source")?.as_str()?.to_owned(),
                    ))
                })
                .collect()
        });
    let Some(inputs) = inputs.filter(|i| !i.is_empty()) else {
        return format!("Data: as projected in {name}");
    };
    let bundled = |source: &str| source.starts_with("bundled ");
    if inputs.iter().all(|(_, s)| bundled(s)) {
        return format!("{BUNDLED_SOURCE}, as projected in {name}");
    }
    let part = |table: &str, what: &str| {
        let files: Vec<String> = inputs
            .iter()
            .filter(|(t, s)| t == table && !bundled(s))
            .map(|(_, s)| file_name(std::path::Path::new(s)))
            .collect();
        if files.is_empty() {
            format!("bundled {what}")
        } else {
            files.join(" + ")
        }
    };
    format!(
        "Data: {}, {}, {}, as projected in {name}",
        part("assets", "assets"),
        part("strikes", "strikes"),
        part("prices", "prices")
    )
}

/// A file's name without its folder (the whole path if it has no name).
pub(crate) fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The charts of one projection that have something to draw, each in every one of `formats`
/// (kind by kind): every kind for a
/// Mt/yr group with the bundled records (the published figures are refinery figures), the
/// others without the benchmarks chart; no revenue chart for a group without prices.
pub(crate) fn projection_charts(
    p: &Projection,
    data: &Dataset,
    size: (u32, u32),
    text: &ChartText,
    formats: &[ImageFormat],
) -> Result<Vec<(ChartKind, ImageFormat, Vec<u8>)>, Error> {
    let daily = DailySeries::from_projection(p)?;
    let period = default_period(data).unwrap_or((p.window.start, p.window.last()));
    let source = source_text(data);
    let (kinds, benchmarks) = if p.unit == crate::units::Unit::Mtpa {
        (&ChartKind::ALL[..], default_benchmarks(data)?)
    } else {
        (
            &[
                ChartKind::Capacity,
                ChartKind::Revenue,
                ChartKind::Power,
                ChartKind::Outages,
                ChartKind::Monthly,
                ChartKind::Map,
            ][..],
            Vec::new(),
        )
    };
    let kinds: Vec<ChartKind> = kinds
        .iter()
        .copied()
        .filter(|k| p.priced || *k != ChartKind::Revenue)
        .filter(|k| !benchmarks.is_empty() || *k != ChartKind::Benchmarks)
        .filter(|k| *k != ChartKind::Fuels || daily.scenarios.iter().any(|s| s.fuels.is_some()))
        .filter(|k| *k != ChartKind::Power || daily.scenarios.iter().any(|s| s.power.is_some()))
        .collect();
    // The default record draws, as `merge` draws the same charts from the states.
    let records = record_charts(
        data,
        &kinds,
        period,
        Some(DrawOptions::DEFAULT),
        &benchmarks,
    )?;
    let kinds = with_something_to_draw(&kinds, &records);
    let input = ChartInput {
        daily: Some(&daily),
        records: Some(&records),
        period,
        source: &source,
        text,
    };
    let mut out = Vec::new();
    for &kind in &kinds {
        for &format in formats {
            out.push((kind, format, render(kind, &input, size, format)?));
        }
    }
    Ok(out)
}

impl Projection {
    /// Draws one chart of this projection (and of `data`, for the strike charts) as PNG or
    /// SVG bytes of `size` pixels.
    pub fn chart(
        &self,
        kind: ChartKind,
        data: &Dataset,
        size: (u32, u32),
        format: ImageFormat,
    ) -> Result<Vec<u8>, Error> {
        self.chart_with_text(kind, data, size, format, &ChartText::NONE)
    }

    /// [`Self::chart`] with the user's title, subtitle or source line in place of the
    /// chart's own.
    pub fn chart_with_text(
        &self,
        kind: ChartKind,
        data: &Dataset,
        size: (u32, u32),
        format: ImageFormat,
        text: &ChartText,
    ) -> Result<Vec<u8>, Error> {
        let daily = DailySeries::from_projection(self)?;
        let period = default_period(data).unwrap_or((self.window.start, self.window.last()));
        let source = source_text(data);
        // The published figures are read only for the chart that draws them.
        let benchmarks = if kind == ChartKind::Benchmarks {
            default_benchmarks(data)?
        } else {
            Vec::new()
        };
        let records = record_charts(
            data,
            &[kind],
            period,
            Some(DrawOptions::DEFAULT),
            &benchmarks,
        )?;
        let input = ChartInput {
            daily: Some(&daily),
            records: Some(&records),
            period,
            source: &source,
            text,
        };
        render(kind, &input, size, format)
    }

    /// Draws one chart at the default size as an SVG string (wrap it in [`SvgImage`](crate::chart::SvgImage) to
    /// show it inline in an evcxr notebook).
    pub fn chart_svg(&self, kind: ChartKind, data: &Dataset) -> Result<String, Error> {
        let bytes = self.chart(kind, data, DEFAULT_SIZE, ImageFormat::Svg)?;
        String::from_utf8(bytes).map_err(|e| Error::Chart(e.to_string().into()))
    }
}
