//! Charts as PNG and SVG, drawn by plotters with the bundled font and one theme.
//!
//! Every chart is drawn into memory ([`render`]) so that files can be written atomically,
//! and an SVG string can be shown in a notebook.

/// Draws with `$draw` (a function of the root drawing area) on an SVG or a PNG canvas of
/// `$size` pixels and returns the file's bytes.
macro_rules! encode {
    ($size:expr, $format:expr, $draw:expr) => {{
        let size: (u32, u32) = $size;
        match $format {
            $crate::chart::ImageFormat::Svg => {
                let mut svg = String::new();
                {
                    let root = plotters::prelude::SVGBackend::with_string(&mut svg, size)
                        .into_drawing_area();
                    $draw(&root)?;
                }
                Ok::<Vec<u8>, $crate::error::Error>(svg.into_bytes())
            }
            $crate::chart::ImageFormat::Png => {
                let mut rgb = vec![0u8; size.0 as usize * size.1 as usize * 3];
                {
                    let root = $crate::chart::raster::PngBackend::with_buffer(&mut rgb, size)
                        .into_drawing_area();
                    $draw(&root)?;
                }
                let mut png = Vec::new();
                use image::ImageEncoder;
                image::codecs::png::PngEncoder::new(&mut png)
                    .write_image(&rgb, size.0, size.1, image::ColorType::Rgb8)
                    .map_err($crate::chart::chart_err)?;
                Ok(png)
            }
        }
    }};
}

pub(crate) mod backtest;
pub(crate) mod benchmarks;
pub(crate) mod capacity;
pub(crate) mod fuels;
pub(crate) mod geo;
pub(crate) mod labels;
pub(crate) mod legend;
pub(crate) mod map;
pub(crate) mod monthly;
pub(crate) mod outages;
pub(crate) mod power;
pub(crate) mod raster;
pub(crate) mod revenue;
pub(crate) mod sensitivity;
pub(crate) mod series;
pub(crate) mod sides;
pub(crate) mod sweep;
pub(crate) mod theme;
pub(crate) mod ticks;

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;

pub(crate) use series::DailySeries;

use crate::error::Error;
use crate::observed::period::{AssetLoss, BenchmarkSeries, MonthlyLoss, OutageBar};
use crate::units::Unit;
pub(crate) use ticks::NiceAxis;

/// The kinds of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// National offline capacity over time: history, scenarios, bands, truce window.
    Capacity,
    /// Daily revenue per scenario and cumulative revenue loss.
    Revenue,
    /// One row per refinery, one bar per outage (Gantt).
    Outages,
    /// Lost processing volume per month, with the share of national capacity.
    Monthly,
    /// Refineries on a map, sized by capacity, coloured by lost volume.
    Map,
    /// The records' band over time against published figures.
    Benchmarks,
    /// Fuels and exports lost each projected day, per scenario (refineries).
    Fuels,
    /// Supply against the demand peak and the hours with a deficit each projected day,
    /// per scenario (a power group with a balance).
    Power,
}

impl ChartKind {
    /// Every kind, in the order the default set is written.
    pub const ALL: [ChartKind; 8] = [
        ChartKind::Capacity,
        ChartKind::Revenue,
        ChartKind::Fuels,
        ChartKind::Power,
        ChartKind::Outages,
        ChartKind::Monthly,
        ChartKind::Map,
        ChartKind::Benchmarks,
    ];

    /// The kind's name, used for file names.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Capacity => "capacity",
            ChartKind::Revenue => "revenue",
            ChartKind::Outages => "outages",
            ChartKind::Monthly => "monthly",
            ChartKind::Map => "map",
            ChartKind::Benchmarks => "benchmarks",
            ChartKind::Fuels => "fuels",
            ChartKind::Power => "power",
        }
    }

    /// True for kinds drawn from a projection's daily series.
    pub fn needs_daily(self) -> bool {
        matches!(
            self,
            ChartKind::Capacity | ChartKind::Revenue | ChartKind::Fuels | ChartKind::Power
        )
    }
}

/// An image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG (RGB).
    Png,
    /// SVG (text as text).
    Svg,
}

impl ImageFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }

    /// The format of a file name by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "png" => Some(ImageFormat::Png),
            "svg" => Some(ImageFormat::Svg),
            _ => None,
        }
    }
}

/// What a chart is drawn from: typed results the caller computed (a projection's daily
/// series; the records' outages, months, assets and benchmarks); a chart only draws them.
#[derive(Debug, Clone, Copy)]
pub struct ChartInput<'a> {
    /// Daily series of a projection (capacity, revenue).
    pub daily: Option<&'a DailySeries>,
    /// What the records show of the period (outages, monthly, map, benchmarks).
    pub records: Option<&'a RecordCharts>,
    /// Period of the outages, monthly, map and benchmarks charts (inclusive).
    pub period: (NaiveDate, NaiveDate),
    /// Where the data come from, for the subtitle.
    pub source: &'a str,
    /// The title, subtitle and source line given by the user, in place of the chart's own.
    pub text: &'a ChartText,
}

/// What the strike charts draw of one group's records over a period, each part computed
/// only for the charts that draw it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordCharts {
    /// The unit of the assets' capacities.
    pub unit: Unit,
    /// National capacity, in the unit.
    pub national_capacity: f64,
    /// The outages of the period (the outages chart).
    pub outages: Option<Vec<OutageBar>>,
    /// Lost volume per month (the monthly chart).
    pub monthly: Option<MonthlyLoss>,
    /// Every asset with its loss (the map).
    pub assets: Option<Vec<AssetLoss>>,
    /// The records against published figures (the benchmarks chart).
    pub benchmarks: Option<BenchmarkSeries>,
}

impl RecordCharts {
    /// The `part` of the records a chart of `kind` draws, or the error that it needs it.
    pub(crate) fn part<T>(part: &Option<T>, kind: ChartKind) -> Result<&T, Error> {
        part.as_ref().ok_or_else(|| {
            Error::Usage(format!(
                "the {} chart needs its figures of the records",
                kind.name()
            ))
        })
    }
}

/// Words of a chart that the user may give in place of its own: the title, the subtitle
/// (the lines under the source that say what is drawn) and the source line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartText {
    /// The title (`None`: the chart's own).
    pub title: Option<String>,
    /// The subtitle (`None`: the chart's own description).
    pub subtitle: Option<String>,
    /// The source line, for example `Data: Reuters, 2025` (`None`: the files read).
    pub source: Option<String>,
}

impl ChartText {
    /// No words given: every chart keeps its own.
    pub const NONE: ChartText = ChartText {
        title: None,
        subtitle: None,
        source: None,
    };
}

pub(crate) type Area<'a, DB> = DrawingArea<DB, Shift>;

/// The words and units a chart of one group uses: refining charts speak of refineries and
/// Mt/yr, power charts of power plants and MW, others of assets in their unit.
pub(crate) struct Labels {
    /// The unit of capacity, e.g. `Mt/yr`.
    pub capacity: String,
    /// The unit of an amount, e.g. `Mt`.
    pub amount: String,
    /// What the system does, capitalised: `Refining`, `Generating`, `Asset`.
    pub system: &'static str,
    /// One asset: `refinery`, `power plant`, `asset`.
    pub asset: &'static str,
    /// Several assets, capitalised: `Refineries`, `Power plants`, `Assets`.
    pub assets: &'static str,
    /// True for refineries (Mt/yr), whose charts keep their own wording.
    pub refining: bool,
}

impl Labels {
    /// The labels of a chart's input: its daily series' unit, else its data's.
    pub(crate) fn of(input: &ChartInput<'_>) -> Self {
        let unit = match (input.daily, input.records) {
            (Some(d), _) => d.unit.clone(),
            (None, Some(r)) => r.unit.clone(),
            (None, None) => Unit::Mtpa,
        };
        let (system, asset, assets) = match unit {
            Unit::Mtpa => ("Refining", "refinery", "Refineries"),
            Unit::Mw => ("Generating", "power plant", "Power plants"),
            _ => ("Asset", "asset", "Assets"),
        };
        Labels {
            refining: unit == Unit::Mtpa,
            capacity: unit.label().to_owned(),
            amount: unit.amount_label(),
            system,
            asset,
            assets,
        }
    }
}

/// Turns any plotters error into the crate's error.
/// (The backend's error type is generic and may borrow, so its message is kept.)
pub(crate) fn chart_err<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(e.to_string().into())
}

/// Splits `text` into lines of about `width` characters (at least 1), preferring breaks at " · ".
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in text.split(" · ") {
        let candidate = if line.is_empty() {
            part.to_owned()
        } else {
            format!("{line} · {part}")
        };
        if candidate.chars().count() <= width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = part.to_owned();
        }
        // A single part longer than a line: break it at spaces.
        while line.chars().count() > width {
            let cut = line
                .char_indices()
                .filter(|(i, c)| *c == ' ' && *i > 0 && *i <= width)
                .map(|(i, _)| i)
                .next_back()
                .unwrap_or_else(|| {
                    line.char_indices()
                        .nth(width)
                        .map_or(line.len(), |(i, _)| i)
                });
            let rest = line.split_off(cut);
            lines.push(line);
            line = rest.trim_start().to_owned();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws the title, the data source on its own line (two where it is long), and the
/// detail (wrapped to at most two lines, an ellipsis saying where more was left out), each replaced by the user's `text` where given, and returns the area below
/// them.
pub(crate) fn header<'a, DB: DrawingBackend>(
    root: &Area<'a, DB>,
    sizes: &theme::Sizes,
    text: &ChartText,
    title: &str,
    source: &str,
    detail: &str,
) -> Result<Area<'a, DB>, Error> {
    let title = text.title.as_deref().unwrap_or(title);
    let source = text.source.as_deref().unwrap_or(source);
    let detail = text.subtitle.as_deref().unwrap_or(detail);
    root.fill(&WHITE).map_err(chart_err)?;
    let m = sizes.margin as i32;
    // A title too wide for the chart is set smaller, down to a little over the subtitle.
    let room = f64::from(sizes.size.0) - 2.0 * f64::from(sizes.margin);
    let wide = root
        .estimate_text_size(title, &theme::bold(sizes.title, theme::INK))
        .map_or(0.0, |s| f64::from(s.0));
    let title_size = if wide > room {
        (sizes.title * room / wide - 1.0).max(sizes.subtitle * 1.15)
    } else {
        sizes.title
    };
    root.draw(&Text::new(
        title.to_owned(),
        (m, m),
        theme::bold(title_size, theme::INK),
    ))
    .map_err(chart_err)?;
    let width = ((f64::from(sizes.size.0) - 2.0 * f64::from(sizes.margin))
        / (sizes.subtitle * 0.56)) as usize;
    // At most `n` lines of `text`, the last ending in an ellipsis where some is left out.
    let at_most = |text: &str, n: usize| {
        let mut lines = wrap(text, width.max(20));
        if lines.len() > n {
            lines.truncate(n);
            if let Some(last) = lines.last_mut() {
                last.push_str(" …");
            }
        }
        lines
    };
    // The source on one line, two where it is long (files named one by one).
    let mut lines = at_most(source, 2);
    lines.extend(at_most(detail, 2));
    let line_height = sizes.subtitle * 1.3;
    for (i, line) in lines.iter().enumerate() {
        root.draw(&Text::new(
            line.clone(),
            (m, m + (sizes.title * 1.4 + line_height * i as f64) as i32),
            theme::text(sizes.subtitle, theme::MUTED),
        ))
        .map_err(chart_err)?;
    }
    let used = sizes.title * 1.4 + line_height * lines.len() as f64 + sizes.subtitle * 0.6;
    let (_, body) = root.split_vertically(sizes.margin + used.round() as u32);
    Ok(body)
}

/// Draws a date axis with one label per month start (every 1, 2, 3, 6 or 12 months,
/// whichever keeps about ten labels) and a light vertical grid line at each.
///
/// `to_px` maps a day offset from `start` to the absolute pixel x; `axis_y` is the absolute
/// pixel y of the axis; `grid` spans the plotting area's absolute pixel y range.
fn month_axis<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    sizes: &theme::Sizes,
    start: NaiveDate,
    days: f64,
    to_px: &dyn Fn(f64) -> i32,
    axis_y: i32,
    grid: (i32, i32),
) -> Result<(), Error> {
    use chrono::Datelike;
    let end = start + chrono::Duration::days(days.ceil() as i64);
    let months = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1;
    let step = [1, 2, 3, 6, 12]
        .into_iter()
        .find(|s| months / s <= 10)
        .unwrap_or(24);
    let mut d = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).expect("day 1");
    if d < start {
        d = d + chrono::Months::new(1);
    }
    let style = theme::text(sizes.tick, theme::INK).pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Top,
    ));
    let mut first = true;
    while d <= end {
        if (d.month0() as i32) % step == 0 {
            let x = to_px((d - start).num_days() as f64);
            root.draw(&PathElement::new(
                vec![(x, grid.0), (x, grid.1)],
                theme::GRID.stroke_width(1),
            ))
            .map_err(chart_err)?;
            root.draw(&PathElement::new(
                vec![(x, axis_y), (x, axis_y + 5)],
                theme::MUTED.stroke_width(1),
            ))
            .map_err(chart_err)?;
            let label = if first || d.month() == 1 {
                d.format("%b %Y").to_string()
            } else {
                d.format("%b").to_string()
            };
            root.draw(&Text::new(label, (x, axis_y + 8), style.clone()))
                .map_err(chart_err)?;
            first = false;
        }
        d = d + chrono::Months::new(1);
    }
    Ok(())
}

/// The x coordinate of day `d` on a day axis that starts at `start`: days since `start`.
pub(crate) fn day_x(start: NaiveDate, d: NaiveDate) -> f64 {
    (d - start).num_days() as f64
}

/// Pixels beside the plot for a y axis: its widest tick label, the tick mark and the
/// axis description, so that the description never runs into the labels.
pub(crate) fn axis_area<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    sizes: &theme::Sizes,
    axis: &NiceAxis,
) -> u32 {
    let style = theme::text(sizes.tick, theme::INK);
    let widest = axis
        .labels()
        .iter()
        .map(|l| area.estimate_text_size(l, &style).map_or(0, |s| s.0))
        .max()
        .unwrap_or(0);
    widest + (sizes.tick * 0.8) as u32 + (sizes.label * 2.0) as u32
}

/// A chart whose x axis counts days from a start date and whose y axis is a number.
pub(crate) type DayChart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, NiceAxis>>;

/// A panel of days `0..span` from `start` over `area`, stacked with others: its y axis
/// `axis` described by `y_desc`, in a label area `left` wide, the right margin `right`, an
/// x label area `x_labels` ticks high; the mesh drawn and the truces of `daily` shaded.
#[allow(clippy::too_many_arguments)]
pub(crate) fn day_panel<'a, DB: DrawingBackend>(
    root: &Area<'_, DB>,
    area: &'a Area<'_, DB>,
    daily: &DailySeries,
    sizes: &theme::Sizes,
    (start, span): (NaiveDate, f64),
    (left, right, x_labels): (u32, u32, f64),
    axis: NiceAxis,
    y_desc: &str,
) -> Result<DayChart<'a, DB>, Error> {
    let m = sizes.margin;
    let top = axis.range().end;
    let mut chart = ChartBuilder::on(area)
        .margin_left(m)
        .margin_right(right)
        .margin_top(m / 2)
        .margin_bottom(m / 2)
        .x_label_area_size((sizes.tick * x_labels) as u32)
        .y_label_area_size(left)
        .build_cartesian_2d(0.0..span, axis)
        .map_err(chart_err)?;
    day_mesh(root, &mut chart, sizes, start, y_desc)?;
    truce_windows(&mut chart, daily, start, top)?;
    Ok(chart)
}

/// The first and last projected day of a chart of the scenarios' days, where the first
/// scenario has days and `has` holds for it; else the chart is the header of `title` and the
/// message `why`, drawn here, and `None`.
pub(crate) fn projected_span<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &theme::Sizes,
    title: &str,
    has: impl Fn(&series::ScenarioSeries) -> bool,
    why: &str,
) -> Result<Option<(NaiveDate, NaiveDate)>, Error> {
    let daily = input.daily.expect("checked by render");
    match daily
        .scenarios
        .first()
        .filter(|s| !s.dates.is_empty() && has(s))
    {
        Some(first) => Ok(Some((
            first.dates[0],
            *first.dates.last().expect("not empty"),
        ))),
        None => {
            let body = header(root, sizes, input.text, title, input.source, "")?;
            message(&body, sizes, why)?;
            Ok(None)
        }
    }
}

/// The backend points of `values` over `dates` on `chart` (days from `start`), the days
/// whose value is not finite left out.
pub(crate) fn day_points<DB: DrawingBackend>(
    chart: &DayChart<'_, DB>,
    start: NaiveDate,
    dates: &[NaiveDate],
    values: &[f64],
) -> Vec<(i32, i32)> {
    dates
        .iter()
        .zip(values)
        .filter(|(_, v)| v.is_finite())
        .map(|(d, v)| chart.backend_coord(&(day_x(start, *d), *v)))
        .collect()
}

/// Draws the theme's mesh on a [`DayChart`]: horizontal grid at the y axis' ticks, its
/// labels, the y description, and month-start date labels on the x axis.
pub(crate) fn day_mesh<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    chart: &mut DayChart<'_, DB>,
    sizes: &theme::Sizes,
    start: NaiveDate,
    y_desc: &str,
) -> Result<(), Error> {
    chart
        .configure_mesh()
        .light_line_style(theme::GRID.mix(0.5))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_labels(0)
        .y_labels(10)
        .label_style(theme::text(sizes.tick, theme::INK))
        .y_desc(y_desc)
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    day_axis(root, chart, sizes, start)
}

/// A [`DayChart`] of offline capacity (Mt/yr, left axis) with its share of national capacity
/// on the right axis.
pub(crate) type ShareChart<'a, DB> = plotters::chart::DualCoordChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, NiceAxis>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, NiceAxis>,
>;

/// Builds and draws the axes of a [`ShareChart`] on `body`: `span` days from `start`,
/// `0..ymax` Mt/yr on the left, the same as a share of `national` Mt/yr on the right.
#[allow(clippy::too_many_arguments)]
pub(crate) fn share_chart<'a, DB: DrawingBackend>(
    root: &Area<'_, DB>,
    body: &'a Area<'a, DB>,
    sizes: &theme::Sizes,
    start: NaiveDate,
    span: f64,
    ymax: f64,
    national: f64,
    capacity_unit: &str,
) -> Result<ShareChart<'a, DB>, Error> {
    let m = sizes.margin;
    let (left, right) = (
        NiceAxis::new(0.0, ymax),
        NiceAxis::with_suffix(0.0, ymax / national * 100.0, " %"),
    );
    let mut chart = ChartBuilder::on(body)
        .margin_left(m)
        .margin_right(m)
        .margin_bottom(m / 2)
        .x_label_area_size((sizes.tick * 2.6) as u32)
        .y_label_area_size(axis_area(body, sizes, &left))
        .right_y_label_area_size(axis_area(body, sizes, &right))
        .build_cartesian_2d(0.0..span, left)
        .map_err(chart_err)?
        .set_secondary_coord(0.0..span, right);
    day_mesh(
        root,
        &mut chart,
        sizes,
        start,
        &format!("offline capacity, {capacity_unit}"),
    )?;
    chart
        .configure_secondary_axes()
        .axis_style(theme::MUTED)
        .y_labels(10)
        .label_style(theme::text(sizes.tick, theme::INK))
        .y_desc("share of national capacity")
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    Ok(chart)
}

/// Draws month-start date labels and grid lines along a [`DayChart`]'s x axis.
pub(crate) fn day_axis<
    DB: DrawingBackend,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
>(
    root: &Area<'_, DB>,
    chart: &ChartContext<'_, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y>>,
    sizes: &theme::Sizes,
    start: NaiveDate,
) -> Result<(), Error> {
    let (x, y) = (chart.x_range(), chart.y_range());
    let axis_y = chart.backend_coord(&(x.start, y.start)).1;
    let top_y = chart.backend_coord(&(x.start, y.end)).1;
    month_axis(
        root,
        sizes,
        start,
        x.end - x.start,
        &|v| chart.backend_coord(&(v, y.start)).0,
        axis_y,
        (top_y, axis_y),
    )
}

/// A scenario's truce window as shaded on every chart: its first and last day, its
/// compliance (the share of strikes it prevents, in whole percents), the opacity of its
/// shade (proportional to the compliance) and its scenario's name.
pub(crate) struct TruceShade {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub compliance: u32,
    pub alpha: f64,
    pub name: String,
}

/// The shade of `s`'s truce window, if it has one.
pub(crate) fn truce_shade(s: &series::ScenarioSeries) -> Option<TruceShade> {
    let (first, last) = s.truce_window()?;
    let inside: Vec<f64> = s
        .dates
        .iter()
        .zip(&s.multiplier)
        .filter(|(d, _)| **d >= first && **d <= last)
        .map(|(_, m)| *m)
        .collect();
    let compliance =
        (1.0 - inside.iter().sum::<f64>() / inside.len().max(1) as f64).clamp(0.0, 1.0);
    // One shade per whole percent, so that truces of the same compliance share a tint.
    let percent = (compliance * 100.0).round() as u32;
    Some(TruceShade {
        first,
        last,
        compliance: percent,
        alpha: 0.25 * (f64::from(percent) / 100.0).max(0.2),
        name: s.name.clone(),
    })
}

/// Shades the truce windows on a [`DayChart`] of days from `start`, from 0 up to `top`:
/// each day once, at the opacity of the highest compliance among the truces it is in, so
/// that two truces of one compliance show one tint where they overlap and where they do
/// not. Where several scenarios have a truce, a thin bar along the top marks each one's
/// days in its scenario's colour.
pub(crate) fn truce_windows<DB: DrawingBackend>(
    chart: &mut DayChart<'_, DB>,
    daily: &DailySeries,
    start: NaiveDate,
    top: f64,
) -> Result<(), Error> {
    let x = |d| day_x(start, d);
    let shades: Vec<(usize, TruceShade)> = daily
        .scenarios
        .iter()
        .enumerate()
        .filter_map(|(i, s)| truce_shade(s).map(|t| (i, t)))
        .collect();
    let (Some(first), Some(last)) = (
        shades.iter().map(|t| t.1.first).min(),
        shades.iter().map(|t| t.1.last).max(),
    ) else {
        return Ok(());
    };
    // Runs of days of one opacity.
    let alpha_on = |d: NaiveDate| {
        shades
            .iter()
            .filter(|(_, t)| d >= t.first && d <= t.last)
            .map(|(_, t)| t.alpha)
            .fold(0.0, f64::max)
    };
    let mut from = first;
    let mut alpha = alpha_on(first);
    let mut d = first;
    while d <= last {
        d += chrono::Duration::days(1);
        let next = if d <= last { alpha_on(d) } else { 0.0 };
        if (next - alpha).abs() > 1e-12 {
            if alpha > 0.0 {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x(from), 0.0), (x(d), top)],
                        theme::TRUCE.mix(alpha).filled(),
                    )))
                    .map_err(chart_err)?;
            }
            (from, alpha) = (d, next);
        }
    }
    if shades.len() > 1 {
        // A bar a few pixels high under the top per truce, in its scenario's colour.
        let (y0, y1) = (
            chart.backend_coord(&(0.0, 0.0)).1,
            chart.backend_coord(&(0.0, top)).1,
        );
        let per_px = top / f64::from((y0 - y1).max(1));
        for (k, (i, t)) in shades.iter().enumerate() {
            let hi = top - per_px * (1.0 + 5.0 * k as f64);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x(t.first), hi - per_px * 3.0), (x(t.last) + 1.0, hi)],
                    theme::series(*i).filled(),
                )))
                .map_err(chart_err)?;
        }
    }
    Ok(())
}

/// The legend entries of the shades [`truce_windows`] draws: one per compliance, naming
/// its scenario where it is one truce.
pub(crate) fn truce_entries(daily: &DailySeries) -> Vec<legend::Entry> {
    let shades: Vec<TruceShade> = daily.scenarios.iter().filter_map(truce_shade).collect();
    let several = shades.len() > 1;
    let mut out: Vec<legend::Entry> = Vec::new();
    let mut seen: Vec<u32> = Vec::new();
    for t in &shades {
        if seen.contains(&t.compliance) {
            continue;
        }
        seen.push(t.compliance);
        let alike = shades
            .iter()
            .filter(|o| o.compliance == t.compliance)
            .count();
        let what = if alike == 1 && !several {
            format!("{} truce window", t.name)
        } else if alike == 1 {
            format!("{} truce window (bar at the top)", t.name)
        } else {
            "truce windows (bars at the top)".to_owned()
        };
        let label = if t.compliance >= 100 {
            what
        } else {
            format!("{what}, {} % compliance", t.compliance)
        };
        out.push(legend::Entry::new(
            label,
            legend::Swatch::Fill {
                color: theme::TRUCE,
                alpha: t.alpha,
            },
        ));
    }
    out
}

/// Draws a P10-P90 band on a [`DayChart`]: the area between the `p10` and `p90` points
/// filled in `color` at opacity `fill`, then a line in `edge` along each of its edges.
pub(crate) fn band<DB: DrawingBackend>(
    chart: &mut DayChart<'_, DB>,
    p10: &[(f64, f64)],
    p90: &[(f64, f64)],
    color: RGBColor,
    fill: f64,
    edge: ShapeStyle,
) -> Result<(), Error> {
    let mut poly = p90.to_vec();
    poly.extend(p10.iter().rev());
    chart
        .draw_series(std::iter::once(Polygon::new(
            poly,
            color.mix(fill).filled(),
        )))
        .map_err(chart_err)?;
    for points in [p10, p90] {
        chart
            .draw_series(LineSeries::new(points.iter().copied(), edge))
            .map_err(chart_err)?;
    }
    Ok(())
}

/// Starts a chart of one plot on `body` with the house margins (a wider one on the right,
/// where the last date or month label runs over), room for the x axis' labels below and
/// `y_labels` pixels for the y axis on the left.
pub(crate) fn single_plot<'a, 'b, DB: DrawingBackend>(
    body: &'a Area<'_, DB>,
    sizes: &theme::Sizes,
    y_labels: u32,
) -> ChartBuilder<'a, 'b, DB> {
    let m = sizes.margin;
    let mut builder = ChartBuilder::on(body);
    builder
        .margin_left(m)
        .margin_right(m * 2)
        .margin_bottom(m / 2)
        .x_label_area_size((sizes.tick * 2.6) as u32)
        .y_label_area_size(y_labels);
    builder
}

/// Writes `text` under everything else, in the subtitle's colour and a smaller size,
/// wrapped to at most three lines, in a strip at the bottom of `area`, and returns the area
/// above it: what a reader needs to read the chart right that the subtitle has no room for.
pub(crate) fn footnote<'a, DB: DrawingBackend>(
    area: &Area<'a, DB>,
    sizes: &theme::Sizes,
    text: &str,
) -> Result<Area<'a, DB>, Error> {
    let lines = footnote_lines(area, sizes, text);
    let (top, strip) = footnote_strip(area, sizes, lines.len());
    draw_footnote(&strip, sizes, &lines)?;
    Ok(top)
}

/// The style of a footnote.
fn footnote_style(sizes: &theme::Sizes) -> TextStyle<'static> {
    theme::text(sizes.subtitle * 0.9, theme::MUTED)
}

/// `text` in the lines of a [`footnote`] across `area` (at most three, the last cut short
/// with an ellipsis where more would be needed; none for no text).
pub(crate) fn footnote_lines<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    sizes: &theme::Sizes,
    text: &str,
) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    let style = footnote_style(sizes);
    let room = area.dim_in_pixel().0 as i32 - 2 * sizes.margin as i32;
    // Words fill each line as far as the font's measure allows.
    let fits = |line: &str| {
        area.estimate_text_size(line, &style).map_or(
            line.chars().count() as i32 * style.font.get_size() as i32 / 2,
            |s| s.0 as i32,
        ) <= room
    };
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if fits(&format!("{line} {word}")) => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > 3 {
        lines.truncate(3);
        if let Some(last) = lines.last_mut() {
            last.push_str(" …");
        }
    }
    lines
}

/// Splits off a strip at the bottom of `area` for a footnote of `lines` lines: the area
/// above it and the strip.
pub(crate) fn footnote_strip<'a, DB: DrawingBackend>(
    area: &Area<'a, DB>,
    sizes: &theme::Sizes,
    lines: usize,
) -> (Area<'a, DB>, Area<'a, DB>) {
    let h = area.dim_in_pixel().1;
    let strip = if lines == 0 {
        0
    } else {
        (sizes.subtitle * 0.9 * 1.3 * lines as f64).round() as u32 + sizes.margin / 2
    };
    area.split_vertically(h.saturating_sub(strip))
}

/// Writes a footnote's `lines` in its `strip`.
pub(crate) fn draw_footnote<DB: DrawingBackend>(
    strip: &Area<'_, DB>,
    sizes: &theme::Sizes,
    lines: &[String],
) -> Result<(), Error> {
    let style = footnote_style(sizes);
    let line_h = (sizes.subtitle * 0.9 * 1.3).round() as i32;
    for (i, line) in lines.iter().enumerate() {
        strip
            .draw(&Text::new(
                line.clone(),
                (sizes.margin as i32, i as i32 * line_h),
                style.clone(),
            ))
            .map_err(chart_err)?;
    }
    Ok(())
}

/// Draws the line through `points` (pixels of `area`): solid, or in dashes of `(on, off)`
/// pixels measured along the line, so that a dash carries on round a corner.
pub(crate) fn dashed_path<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    points: &[(i32, i32)],
    style: ShapeStyle,
    dash: Option<(i32, i32)>,
) -> Result<(), Error> {
    let Some((on, off)) = dash.filter(|(on, off)| *on > 0 && *off >= 0) else {
        return area
            .draw(&PathElement::new(points.to_vec(), style))
            .map_err(chart_err);
    };
    let period = f64::from(on + off);
    // Distance along the line, and the current dash's points.
    let mut along = 0.0;
    // The current dash's points: where it starts, the corners it turns, where it ends.
    let mut dash_points: Vec<(i32, i32)> = Vec::new();
    let in_dash = |d: f64| d.rem_euclid(period) < f64::from(on);
    for w in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let len = f64::from(x1 - x0).hypot(f64::from(y1 - y0));
        let steps = len.ceil().max(1.0) as i32;
        for k in 0..=steps {
            let t = f64::from(k) / f64::from(steps);
            let d = along + t * len;
            let p = (
                x0 + (f64::from(x1 - x0) * t).round() as i32,
                y0 + (f64::from(y1 - y0) * t).round() as i32,
            );
            if in_dash(d) {
                if dash_points.is_empty() || k == steps {
                    dash_points.push(p);
                }
            } else if !dash_points.is_empty() {
                // A dash ends on the first point past it: `on` pixels long.
                dash_points.push(p);
                area.draw(&PathElement::new(std::mem::take(&mut dash_points), style))
                    .map_err(chart_err)?;
            }
        }
        along += len;
    }
    if dash_points.len() > 1 {
        area.draw(&PathElement::new(dash_points, style))
            .map_err(chart_err)?;
    }
    Ok(())
}

/// Writes a centred message on an empty chart (for example "no outages in the period").
pub(crate) fn message<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    sizes: &theme::Sizes,
    text: &str,
) -> Result<(), Error> {
    let (w, h) = area.dim_in_pixel();
    let style =
        theme::text(sizes.title * 0.9, theme::MUTED).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Center,
        ));
    area.draw(&Text::new(
        text.to_owned(),
        (w as i32 / 2, h as i32 / 3),
        style,
    ))
    .map_err(chart_err)
}

fn draw<DB: DrawingBackend>(
    kind: ChartKind,
    root: Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &theme::Sizes,
) -> Result<(), Error> {
    match kind {
        ChartKind::Capacity => capacity::draw(&root, input, sizes),
        ChartKind::Revenue => revenue::draw(&root, input, sizes),
        ChartKind::Fuels => fuels::draw(&root, input, sizes),
        ChartKind::Power => power::draw(&root, input, sizes),
        ChartKind::Outages => outages::draw(&root, input, sizes),
        ChartKind::Monthly => monthly::draw(&root, input, sizes),
        ChartKind::Map => map::draw(&root, input, sizes),
        ChartKind::Benchmarks => benchmarks::draw(&root, input, sizes),
    }?;
    root.present().map_err(chart_err)
}

/// Draws one chart of `size` pixels into memory, as PNG or SVG bytes.
pub fn render(
    kind: ChartKind,
    input: &ChartInput<'_>,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>, Error> {
    theme::register_fonts();
    if kind.needs_daily() && input.daily.is_none() {
        return Err(Error::Usage(format!(
            "the {} chart needs a projection's daily series",
            kind.name()
        )));
    }
    if !kind.needs_daily() && input.records.is_none() {
        return Err(Error::Usage(format!(
            "the {} chart needs assets and strikes",
            kind.name()
        )));
    }
    if size.0 < 200 || size.1 < 150 || size.0 > 10_000 || size.1 > 10_000 {
        return Err(Error::setting(
            "size",
            "a width of 200 to 10000 and a height of 150 to 10000 pixels",
            format!("{}x{}", size.0, size.1),
        ));
    }
    let sizes = theme::Sizes::new(size);
    encode!(size, format, |root: &Area<'_, _>| draw(
        kind,
        root.clone(),
        input,
        &sizes
    ))
}

/// Parses a size such as `1200x700`.
pub(crate) fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected WIDTHxHEIGHT such as 1200x700, found \"{text}\""))?;
    let parse = |s: &str| {
        s.trim()
            .parse::<u32>()
            .map_err(|_| format!("expected WIDTHxHEIGHT such as 1200x700, found \"{text}\""))
    };
    Ok((parse(w)?, parse(h)?))
}

/// An SVG chart that notebooks show inline: evcxr calls `evcxr_display` on a cell's value,
/// and `Display` gives the SVG text anywhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgImage(pub String);

impl SvgImage {
    /// Shows the image in an evcxr (Jupyter) notebook.
    pub fn evcxr_display(&self) {
        println!(
            "EVCXR_BEGIN_CONTENT image/svg+xml\n{}\nEVCXR_END_CONTENT",
            self.0
        );
    }
}

impl std::fmt::Display for SvgImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_prefers_the_separators_and_never_splits_a_character() {
        assert_eq!(wrap("a · b · c", 5), vec!["a · b", "c"]);
        let long = "Refinery outages · ÄÖÜ ÄÖÜ ÄÖÜ ÄÖÜ";
        for line in wrap(long, 8) {
            assert!(line.chars().count() <= 8, "{line}");
        }
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("1200x700"), Ok((1200, 700)));
        assert!(parse_size("1200").is_err());
    }
}
