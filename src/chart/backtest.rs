//! `backtest` and `pit`: the projections of a backtest against what followed.
//!
//! `backtest`: over the as-of dates, the Monte Carlo P10-P90 band and median of the lost
//! capacity over the horizon, and the observed value, filled where it fell inside the band.
//! `pit`: the histogram of the PIT values (flat when calibrated).

use chrono::NaiveDate;
use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::theme::{self, Sizes};
use super::{
    band, chart_err, day_axis, day_mesh, day_x, header, message, single_plot, Area, ChartText,
    DayChart, ImageFormat, NiceAxis,
};
use crate::error::Error;
use crate::studies::backtest::{Backtest, BacktestRow};
use crate::units::Unit;

/// The `backtest` chart of `group`'s lookback window `lookback` as PNG or SVG bytes.
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_backtest(
    b: &Backtest,
    group: &str,
    lookback: u32,
    unit: &Unit,
    source: &str,
    text: &ChartText,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>, Error> {
    theme::register_fonts();
    let sizes = Sizes::new(size);
    let rows: Vec<&BacktestRow> = b
        .rows
        .iter()
        .filter(|r| r.lookback_days == lookback)
        .collect();
    let title = format!("{group}: projections against what followed");
    encode!(size, format, |root| draw_backtest(
        root,
        &rows,
        (&title, lookback),
        unit,
        source,
        text,
        &sizes
    ))
}

/// The `pit` chart of `group`'s lookback window `lookback` as PNG or SVG bytes.
pub(crate) fn render_pit(
    b: &Backtest,
    group: &str,
    lookback: u32,
    source: &str,
    text: &ChartText,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>, Error> {
    theme::register_fonts();
    let sizes = Sizes::new(size);
    let pits: Vec<f64> = b
        .rows
        .iter()
        .filter(|r| r.lookback_days == lookback)
        .map(|r| r.pit)
        .collect();
    let title = format!("{group}: calibration, PIT histogram");
    encode!(size, format, |root| draw_pit(
        root,
        &pits,
        (&title, lookback),
        source,
        text,
        &sizes
    ))
}

fn draw_backtest<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    rows: &[&BacktestRow],
    (title, lookback): (&str, u32),
    unit: &Unit,
    source: &str,
    text: &ChartText,
    sizes: &Sizes,
) -> Result<(), Error> {
    let inside = rows.iter().filter(|r| r.inside).count();
    let detail = format!(
        "lookback {lookback} days · no-truce projection from the records known at each as-of date · inside the P10-P90 band: {inside} of {} ({:.0} %)",
        rows.len(),
        if rows.is_empty() { 0.0 } else { inside as f64 / rows.len() as f64 * 100.0 }
    );
    let body = header(root, sizes, text, title, source, &detail)?;
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return message(&body, sizes, "no as-of date to score");
    };
    let color = theme::series(1);
    let body = legend::below(&body, sizes, &backtest_entries(color, sizes))?;
    let start = first.as_of;
    let span = day_x(start, last.as_of) + 1.0;
    let ymax = rows
        .iter()
        .map(|r| r.band.p90.max(r.observed))
        .fold(0.0, f64::max)
        .max(1e-9)
        * 1.15;
    let mut chart = single_plot(
        &body,
        sizes,
        super::axis_area(&body, sizes, &NiceAxis::new(0.0, ymax)),
    )
    .build_cartesian_2d(0.0..span, NiceAxis::new(0.0, ymax))
    .map_err(chart_err)?;
    day_mesh(
        root,
        &mut chart,
        sizes,
        start,
        &format!("lost capacity over the horizon, {}", unit.amount_label()),
    )?;
    draw_projections(&mut chart, rows, start, color, sizes)?;
    draw_followed(&mut chart, rows, start, sizes)?;
    day_axis(root, &chart, sizes, start)
}

/// The backtest chart's legend entries, the projections in `color`.
fn backtest_entries(color: RGBColor, sizes: &Sizes) -> [Entry; 4] {
    [
        Entry::new(
            "projection median",
            Swatch::Line {
                color,
                width: sizes.line,
                dash: None,
            },
        ),
        Entry::new("projection P10-P90", Swatch::Band { color, fill: 0.2 }),
        Entry::new(
            "what followed, inside the band",
            Swatch::Dot {
                color: theme::OBSERVED,
                filled: true,
            },
        ),
        Entry::new(
            "what followed, outside the band",
            Swatch::Dot {
                color: theme::OBSERVED,
                filled: false,
            },
        ),
    ]
}

/// Draws the projections at each as-of date (days from `start`): their P10-P90 band and
/// their median, in `color`.
fn draw_projections<DB: DrawingBackend>(
    chart: &mut DayChart<'_, DB>,
    rows: &[&BacktestRow],
    start: NaiveDate,
    color: RGBColor,
    sizes: &Sizes,
) -> Result<(), Error> {
    let x = |r: &BacktestRow| day_x(start, r.as_of);
    let p10: Vec<(f64, f64)> = rows.iter().map(|r| (x(r), r.band.p10)).collect();
    let p90: Vec<(f64, f64)> = rows.iter().map(|r| (x(r), r.band.p90)).collect();
    band(chart, &p10, &p90, color, 0.2, color.stroke_width(1))?;
    chart
        .draw_series(LineSeries::new(
            rows.iter().map(|r| (x(r), r.band.p50)),
            color.stroke_width(sizes.line),
        ))
        .map_err(chart_err)?;
    Ok(())
}

/// Draws what followed each as-of date (days from `start`) as a dot, filled where it fell
/// inside the projections' band.
fn draw_followed<DB: DrawingBackend>(
    chart: &mut DayChart<'_, DB>,
    rows: &[&BacktestRow],
    start: NaiveDate,
    sizes: &Sizes,
) -> Result<(), Error> {
    let r = (sizes.tick * 0.3).max(2.5) as i32;
    chart
        .draw_series(rows.iter().map(|row| {
            let style = if row.inside {
                theme::OBSERVED.filled()
            } else {
                theme::OBSERVED.stroke_width(2)
            };
            Circle::new((day_x(start, row.as_of), row.observed), r, style)
        }))
        .map_err(chart_err)?;
    Ok(())
}

/// The PIT histogram's bins (tenths).
const BINS: usize = 10;

fn draw_pit<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    pits: &[f64],
    (title, lookback): (&str, u32),
    source: &str,
    text: &ChartText,
    sizes: &Sizes,
) -> Result<(), Error> {
    let mut counts = [0usize; BINS];
    for p in pits {
        counts[((p * BINS as f64) as usize).min(BINS - 1)] += 1;
    }
    let detail = format!(
        "lookback {lookback} days · share of Monte Carlo paths below what followed, at {} as-of dates · flat when calibrated; piled at 1: the projections ran low, at 0: high",
        pits.len()
    );
    let body = header(root, sizes, text, title, source, &detail)?;
    if pits.is_empty() {
        return message(&body, sizes, "no as-of date to score");
    }
    let entries = [
        Entry::new(
            "as-of dates per tenth",
            Swatch::Fill {
                color: theme::series(1),
                alpha: 0.8,
            },
        ),
        Entry::new(
            "calibrated (flat)",
            Swatch::Line {
                color: theme::INK,
                width: 2,
                dash: None,
            },
        ),
    ];
    let body = legend::below(&body, sizes, &entries)?;
    let flat = pits.len() as f64 / BINS as f64;
    let top = counts.iter().copied().max().unwrap_or(0) as f64 * 1.15;
    let mut chart = pit_chart(&body, sizes, top.max(flat * 1.2))?;
    let w = 1.0 / BINS as f64;
    chart
        .draw_series(counts.iter().enumerate().map(|(i, c)| {
            let x0 = i as f64 * w;
            Rectangle::new(
                [(x0 + w * 0.06, 0.0), (x0 + w * 0.94, *c as f64)],
                theme::series(1).mix(0.8).filled(),
            )
        }))
        .map_err(chart_err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, flat), (1.0, flat)],
            theme::INK.stroke_width(2),
        )))
        .map_err(chart_err)?;
    Ok(())
}

/// Lays out the PIT histogram's axes on `body` and draws them: the PIT from 0 to 1
/// across, the count of as-of dates from 0 to `top` up.
fn pit_chart<'a, DB: DrawingBackend>(
    body: &'a Area<'_, DB>,
    sizes: &Sizes,
    top: f64,
) -> Result<ChartContext<'a, DB, Cartesian2d<NiceAxis, NiceAxis>>, Error> {
    let m = sizes.margin;
    let mut chart = ChartBuilder::on(body)
        .margin(m)
        .x_label_area_size((sizes.tick * 1.8 + sizes.label * 1.6) as u32)
        .y_label_area_size(super::axis_area(body, sizes, &NiceAxis::integer(0.0, top)))
        .build_cartesian_2d(NiceAxis::new(0.0, 1.0), NiceAxis::integer(0.0, top))
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(theme::GRID.mix(0.5))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_labels(10)
        .y_labels(10)
        .x_desc("PIT: share of paths below what followed")
        .y_desc("as-of dates")
        .label_style(theme::text(sizes.tick, theme::INK))
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    Ok(chart)
}

/// The `reliability` chart of `group`'s lookback window `lookback`: for each arrival model
/// compared, the observed coverage of the central 50 %, 80 % and 90 % intervals against
/// their nominal level (on the diagonal when calibrated), each with its 95 % interval over
/// the effective checks.
pub(crate) fn render_reliability(
    b: &Backtest,
    group: &str,
    lookback: u32,
    source: &str,
    text: &ChartText,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>, Error> {
    theme::register_fonts();
    let sizes = Sizes::new(size);
    let title = format!("{group}: reliability of the arrival models");
    encode!(size, format, |root| draw_reliability(
        root,
        b,
        (&title, lookback),
        source,
        text,
        &sizes
    ))
}

fn draw_reliability<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    b: &Backtest,
    (title, lookback): (&str, u32),
    source: &str,
    text: &ChartText,
    sizes: &Sizes,
) -> Result<(), Error> {
    let scores: Vec<_> = b
        .scores
        .iter()
        .filter(|s| s.lookback_days == lookback)
        .collect();
    let checks = scores.first().map_or(0, |s| s.checks);
    let effective = scores.first().map_or(0.0, |s| s.effective_checks);
    let detail = format!(
        "lookback {lookback} days · share of {checks} as-of dates (about {} independent) whose \
         outcome fell inside each central interval, with its 95 % interval · on the diagonal \
         when calibrated",
        crate::format::grouped(effective, 1)
    );
    let body = header(root, sizes, text, title, source, &detail)?;
    if scores.is_empty() {
        return message(&body, sizes, "no as-of date to score");
    }
    let mut entries: Vec<Entry> = scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Entry::new(
                s.label(),
                Swatch::Line {
                    color: theme::series(i),
                    width: 2,
                    dash: None,
                },
            )
        })
        .collect();
    entries.push(Entry::new(
        "calibrated",
        Swatch::Line {
            color: theme::MUTED,
            width: 1,
            dash: Some((4, 3)),
        },
    ));
    let body = legend::below(&body, sizes, &entries)?;
    let m = sizes.margin;
    let mut chart = ChartBuilder::on(&body)
        .margin(m)
        .x_label_area_size((sizes.tick * 1.8 + sizes.label * 1.6) as u32)
        .y_label_area_size(super::axis_area(&body, sizes, &NiceAxis::new(0.0, 1.0)))
        .build_cartesian_2d(NiceAxis::new(0.4, 1.0), NiceAxis::new(0.0, 1.0))
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .light_line_style(theme::GRID.mix(0.5))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_label_formatter(&|v| format!("{:.0} %", v * 100.0))
        .y_label_formatter(&|v| format!("{:.0} %", v * 100.0))
        .x_desc("nominal coverage of the central interval")
        .y_desc("observed coverage")
        .label_style(theme::text(sizes.tick, theme::INK))
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.4, 0.4), (1.0, 1.0)],
            theme::MUTED.stroke_width(1),
        )))
        .map_err(chart_err)?;
    let levels = crate::studies::backtest::LEVELS;
    let n = scores.len() as f64;
    for (i, s) in scores.iter().enumerate() {
        let color = theme::series(i);
        // Each model's points are set a little apart, so that the intervals do not cover
        // each other.
        let shift = (i as f64 - (n - 1.0) / 2.0) * 0.008;
        let points: Vec<(f64, f64)> = levels
            .iter()
            .zip(&s.coverages)
            .map(|(l, c)| (l + shift, c.0))
            .collect();
        chart
            .draw_series(std::iter::once(PathElement::new(
                points.clone(),
                color.stroke_width(2),
            )))
            .map_err(chart_err)?;
        chart
            .draw_series(points.iter().map(|p| Circle::new(*p, 4, color.filled())))
            .map_err(chart_err)?;
        chart
            .draw_series(levels.iter().zip(&s.coverages).map(|(l, c)| {
                PathElement::new(
                    vec![(l + shift, c.1 .0), (l + shift, c.1 .1)],
                    color.stroke_width(1),
                )
            }))
            .map_err(chart_err)?;
    }
    Ok(())
}

/// The PIT histograms of the models compared, side by side: for each tenth of (0, 1), the
/// share of each model's as-of dates whose PIT fell in it (0.1 each when calibrated).
pub(crate) fn render_pit_models(
    b: &Backtest,
    group: &str,
    lookback: u32,
    source: &str,
    text: &ChartText,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>, Error> {
    theme::register_fonts();
    let sizes = Sizes::new(size);
    let title = format!("{group}: PIT histograms of the arrival models");
    encode!(size, format, |root| draw_pit_models(
        root,
        b,
        (&title, lookback),
        source,
        text,
        &sizes
    ))
}

fn draw_pit_models<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    b: &Backtest,
    (title, lookback): (&str, u32),
    source: &str,
    text: &ChartText,
    sizes: &Sizes,
) -> Result<(), Error> {
    let scores: Vec<_> = b
        .scores
        .iter()
        .filter(|s| s.lookback_days == lookback)
        .collect();
    let detail = format!(
        "lookback {lookback} days · share of as-of dates per tenth of the PIT, each model's bars \
         side by side · flat at 10 % when calibrated; piled at 1: the projections ran low"
    );
    let body = header(root, sizes, text, title, source, &detail)?;
    if scores.is_empty() {
        return message(&body, sizes, "no as-of date to score");
    }
    let mut entries: Vec<Entry> = scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Entry::new(
                s.label(),
                Swatch::Fill {
                    color: theme::series(i),
                    alpha: 0.85,
                },
            )
        })
        .collect();
    entries.push(Entry::new(
        "calibrated (10 %)",
        Swatch::Line {
            color: theme::INK,
            width: 2,
            dash: None,
        },
    ));
    let body = legend::below(&body, sizes, &entries)?;
    let top = scores
        .iter()
        .flat_map(|s| s.pit_deciles)
        .fold(0.12_f64, f64::max)
        * 1.15;
    let m = sizes.margin;
    let mut chart = ChartBuilder::on(&body)
        .margin(m)
        .x_label_area_size((sizes.tick * 1.8 + sizes.label * 1.6) as u32)
        .y_label_area_size(super::axis_area(&body, sizes, &NiceAxis::new(0.0, top)))
        .build_cartesian_2d(NiceAxis::new(0.0, 1.0), NiceAxis::new(0.0, top))
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(theme::GRID.mix(0.5))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_labels(10)
        .y_label_formatter(&|v| format!("{:.0} %", v * 100.0))
        .x_desc("PIT: share of paths below what followed")
        .y_desc("share of as-of dates")
        .label_style(theme::text(sizes.tick, theme::INK))
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    let w = 1.0 / BINS as f64;
    let k = scores.len() as f64;
    for (j, s) in scores.iter().enumerate() {
        let color = theme::series(j);
        chart
            .draw_series(s.pit_deciles.iter().enumerate().map(|(i, share)| {
                let x0 = i as f64 * w + w * 0.06 + j as f64 * w * 0.88 / k;
                Rectangle::new(
                    [(x0, 0.0), (x0 + w * 0.88 / k, *share)],
                    color.mix(0.85).filled(),
                )
            }))
            .map_err(chart_err)?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.1), (1.0, 0.1)],
            theme::INK.stroke_width(2),
        )))
        .map_err(chart_err)?;
    Ok(())
}
