//! `capacity`: national offline capacity over time, history then one line per scenario.

use plotters::prelude::*;

use chrono::NaiveDate;

use super::legend::{self, Entry, Swatch};
use super::theme::{self, Sizes};
use super::{
    band, chart_err, day_x, header, message, share_chart, truce_entries, truce_windows, Area,
    ChartInput, DailySeries, Labels, ShareChart,
};
use crate::error::Error;
use crate::format::grouped;

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let daily = input.daily.expect("checked by render");
    let labels = Labels::of(input);
    let title = format!("{} capacity offline{}", labels.system, daily.comparison());
    let (start, end) = match daily.span() {
        Some(s) => s,
        None => {
            let body = header(root, sizes, input.text, &title, input.source, "")?;
            return message(&body, sizes, "no days to plot");
        }
    };
    let as_of = daily.as_of().unwrap_or(start);
    let first = daily
        .scenarios
        .first()
        .and_then(|s| s.dates.first().copied())
        .unwrap_or(as_of);
    let last = daily
        .scenarios
        .first()
        .and_then(|s| s.dates.last().copied())
        .unwrap_or(end);
    let with_bands = daily.scenarios.iter().any(|s| s.offline_band.is_some());
    let detail = format!(
        "observed to {as_of}, projected {first} to {last} · {}",
        if with_bands {
            "expected path, Monte Carlo P10-P90 band and median (the past redrawn in each path)"
        } else {
            "expected path"
        }
    );
    let body = header(root, sizes, input.text, &title, input.source, &detail)?;
    let body = super::footnote(&body, sizes, &apart_note(daily, &labels.capacity))?;
    let plot = legend::below(&body, sizes, &entries(daily, sizes, as_of))?;
    let span = day_x(start, end) + 1.0;
    let national = daily.national_capacity.max(f64::MIN_POSITIVE);
    let ymax = (highest(daily) * 1.1).max(1.0);
    let mut chart = share_chart(
        root,
        &plot,
        sizes,
        start,
        span,
        ymax,
        national,
        &labels.capacity,
    )?;
    windows(&mut chart, daily, start, as_of, ymax)?;
    bands(&mut chart, daily, start)?;
    lines(&mut chart, daily, sizes, start)?;
    Ok(())
}

/// One legend entry per drawn element, in the order they are drawn.
fn entries(daily: &DailySeries, sizes: &Sizes, as_of: NaiveDate) -> Vec<Entry> {
    let line = sizes.line;
    let mut out = Vec::new();
    if !daily.history.is_empty() {
        out.push(Entry::new(
            "observed",
            Swatch::Line {
                color: theme::OBSERVED,
                width: line,
                dash: None,
            },
        ));
    }
    if daily.history_band.is_some() {
        out.push(Entry::new(
            "observed P10-P90 over record draws",
            Swatch::Band {
                color: theme::OBSERVED,
                fill: 0.14,
            },
        ));
    }
    // One entry per scenario in its colour, and the kinds of line once each (in grey),
    // rather than every scenario's every line.
    let with_bands = daily.scenarios.iter().any(|s| s.offline_band.is_some());
    for (i, s) in daily.scenarios.iter().enumerate() {
        out.push(Entry::new(
            if with_bands {
                s.name.clone()
            } else {
                format!("{} expected path", s.name)
            },
            Swatch::Line {
                color: theme::series(i),
                width: line + 1,
                dash: None,
            },
        ));
    }
    if with_bands {
        out.extend([
            Entry::new(
                "expected path",
                Swatch::Line {
                    color: theme::MUTED,
                    width: line + 1,
                    dash: None,
                },
            ),
            Entry::new(
                "Monte Carlo median",
                Swatch::Line {
                    color: theme::MUTED,
                    width: line,
                    dash: Some((8, 5)),
                },
            ),
            Entry::new(
                "Monte Carlo P10-P90 (thin lines)",
                Swatch::Band {
                    color: theme::MUTED,
                    fill: 0.0,
                },
            ),
        ]);
    }
    if observed_after(daily).is_some_and(|p| !p.is_empty()) {
        out.push(Entry::new(
            "observed after the as-of date",
            Swatch::Line {
                color: theme::OBSERVED,
                width: line,
                dash: Some((3, 3)),
            },
        ));
    }
    out.extend(truce_entries(daily));
    out.push(Entry::new(
        format!("as of {as_of}"),
        Swatch::Line {
            color: theme::MUTED,
            width: 1,
            dash: Some((6, 4)),
        },
    ));
    out
}

/// The footnote where the expected path and the Monte Carlo paths start apart: the one
/// continues the records as written, the others redraw them, and on the as-of date the
/// two differ by more than 2 % of national capacity (none otherwise).
fn apart_note(daily: &DailySeries, unit: &str) -> String {
    let (Some((day, written)), Some(band)) = (daily.history.last(), &daily.history_band) else {
        return String::new();
    };
    let Some(median) = band.p50.last().copied() else {
        return String::new();
    };
    let with_bands = daily.scenarios.iter().any(|s| s.offline_band.is_some());
    if !with_bands || (median - written).abs() <= 0.02 * daily.national_capacity {
        return String::new();
    }
    // Whole numbers in a unit of thousands nationally (MW), one decimal in one of
    // hundreds (Mt/yr).
    let decimals = if daily.national_capacity >= 1_000.0 {
        0
    } else {
        1
    };
    let figure = |v: f64| grouped(v, decimals);
    format!(
        "The expected path goes on from the records as written ({} {unit} offline on {day}); Monte Carlo paths redraw the records (each kept with its probability, lengths and shares drawn in their ranges), whose median that day is {} {unit}: hence where the medians start.",
        figure(*written),
        figure(median)
    )
}

/// What happened after the as-of date, where loaded: (day, offline capacity) points.
fn observed_after(daily: &DailySeries) -> Option<Vec<(NaiveDate, f64)>> {
    let s = daily.scenarios.first()?;
    let o = s.observed.as_ref()?;
    Some(
        s.dates
            .iter()
            .zip(o)
            .filter(|(_, v)| v.is_finite())
            .map(|(d, v)| (*d, *v))
            .collect(),
    )
}

/// The highest value any drawn series reaches, Mt/yr.
fn highest(daily: &DailySeries) -> f64 {
    let mut ymax: f64 = daily.history.iter().map(|h| h.1).fold(0.0, f64::max);
    if let Some(b) = &daily.history_band {
        ymax = b.p90.iter().copied().fold(ymax, f64::max);
    }
    for s in &daily.scenarios {
        ymax = s.offline.iter().copied().fold(ymax, f64::max);
        if let Some(b) = &s.offline_band {
            ymax = b
                .p90
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .fold(ymax, f64::max);
        }
        if let Some(o) = &s.observed {
            ymax = o
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .fold(ymax, f64::max);
        }
    }
    ymax
}

/// Truce windows, shaded by their compliance, and the as-of line.
fn windows<DB: DrawingBackend>(
    chart: &mut ShareChart<'_, DB>,
    daily: &DailySeries,
    start: NaiveDate,
    as_of: NaiveDate,
    ymax: f64,
) -> Result<(), Error> {
    truce_windows(chart, daily, start, ymax)?;
    let xa = day_x(start, as_of) + 0.5;
    chart
        .draw_series(DashedLineSeries::new(
            vec![(xa, 0.0), (xa, ymax)],
            6,
            4,
            theme::MUTED.stroke_width(1),
        ))
        .map_err(chart_err)?;
    Ok(())
}

/// The Monte Carlo bands of every scenario, under the lines: a thin line at P10 and one
/// at P90 in the scenario's colour, no fill, so that overlapping bands stay readable.
fn bands<DB: DrawingBackend>(
    chart: &mut ShareChart<'_, DB>,
    daily: &DailySeries,
    start: NaiveDate,
) -> Result<(), Error> {
    let x = |d| day_x(start, d);
    for (i, s) in daily.scenarios.iter().enumerate() {
        if let Some(b) = &s.offline_band {
            for edge in [&b.p10, &b.p90] {
                chart
                    .draw_series(LineSeries::new(
                        s.dates.iter().zip(edge).map(|(d, v)| (x(*d), *v)),
                        theme::series(i).stroke_width(1),
                    ))
                    .map_err(chart_err)?;
            }
        }
    }
    Ok(())
}

/// The observed history with its band, each scenario's expected path and median, and what
/// happened after the as-of date where loaded.
fn lines<DB: DrawingBackend>(
    chart: &mut ShareChart<'_, DB>,
    daily: &DailySeries,
    sizes: &Sizes,
    start: NaiveDate,
) -> Result<(), Error> {
    let x = |d| day_x(start, d);
    let line = sizes.line;
    // The observed history's band over record draws: what the records do not know.
    if let Some(b) = &daily.history_band {
        let dates: Vec<f64> = daily.history.iter().map(|h| x(h.0)).collect();
        let edge = |q: &[f64]| -> Vec<(f64, f64)> {
            dates.iter().copied().zip(q.iter().copied()).collect()
        };
        band(
            chart,
            &edge(&b.p10),
            &edge(&b.p90),
            theme::OBSERVED,
            0.14,
            theme::OBSERVED.stroke_width(1),
        )?;
    }
    if !daily.history.is_empty() {
        chart
            .draw_series(LineSeries::new(
                daily.history.iter().map(|(d, v)| (x(*d), *v)),
                theme::OBSERVED.stroke_width(line),
            ))
            .map_err(chart_err)?;
    }
    let anchor = daily.history.last().copied();
    for (i, s) in daily.scenarios.iter().enumerate() {
        let color = theme::series(i);
        let pts: Vec<(f64, f64)> = anchor
            .map(|(d, v)| (x(d), v))
            .into_iter()
            .chain(s.dates.iter().zip(&s.offline).map(|(d, v)| (x(*d), *v)))
            .collect();
        chart
            .draw_series(LineSeries::new(pts, color.stroke_width(line + 1)))
            .map_err(chart_err)?;
        if let Some(b) = &s.offline_band {
            chart
                .draw_series(DashedLineSeries::new(
                    s.dates.iter().zip(&b.p50).map(|(d, v)| (x(*d), *v)),
                    8,
                    5,
                    color.stroke_width(line),
                ))
                .map_err(chart_err)?;
        }
    }
    if let Some(pts) = observed_after(daily).filter(|p| !p.is_empty()) {
        chart
            .draw_series(DashedLineSeries::new(
                pts.into_iter().map(|(d, v)| (x(d), v)),
                3,
                3,
                theme::OBSERVED.stroke_width(line),
            ))
            .map_err(chart_err)?;
    }
    Ok(())
}
