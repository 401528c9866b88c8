//! `capacity`: national offline capacity over time, history then one line per scenario.

use plotters::prelude::*;

use chrono::NaiveDate;

use super::theme::{self, Sizes};
use super::{
    chart_err, day_x, header, legend, message, share_chart, Area, ChartInput, DailySeries, Labels,
    ShareChart,
};
use crate::error::Error;

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let daily = input.daily.expect("checked by render");
    let labels = Labels::of(input);
    let (start, end) = match daily.span() {
        Some(s) => s,
        None => {
            let title = format!("{} capacity offline", labels.system);
            let body = header(root, sizes, &title, input.source, "")?;
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
    let body = header(
        root,
        sizes,
        &format!("{} capacity offline: truce against no truce", labels.system),
        input.source,
        &detail,
    )?;
    let span = day_x(start, end) + 1.0;
    let national = daily.national_capacity.max(f64::MIN_POSITIVE);
    let ymax = (highest(daily) * 1.18).max(1.0);
    let mut chart = share_chart(
        root,
        &body,
        sizes,
        start,
        span,
        ymax,
        national,
        1,
        &labels.capacity,
    )?;
    windows(&mut chart, daily, sizes, start, as_of, span, ymax)?;
    bands(&mut chart, daily, start)?;
    lines(&mut chart, daily, sizes, start)?;
    legend(
        &mut chart,
        SeriesLabelPosition::UpperRight,
        sizes.label * 0.9,
    )?;
    Ok(())
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

/// Truce windows, shaded, with their name, and the as-of line.
#[allow(clippy::too_many_arguments)]
fn windows<DB: DrawingBackend>(
    chart: &mut ShareChart<'_, DB>,
    daily: &DailySeries,
    sizes: &Sizes,
    start: NaiveDate,
    as_of: NaiveDate,
    span: f64,
    ymax: f64,
) -> Result<(), Error> {
    let x = |d| day_x(start, d);
    for (i, s) in daily.scenarios.iter().enumerate() {
        if let Some((a, b)) = s.truce_window() {
            let color = theme::TRUCE.mix(0.22);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x(a), 0.0), (x(b) + 1.0, ymax)],
                    color.filled(),
                )))
                .map_err(chart_err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{} window", s.name),
                    (x(a) + span * 0.004, ymax * (0.97 - 0.05 * i as f64)),
                    theme::text(sizes.tick, theme::series(i)),
                )))
                .map_err(chart_err)?;
        }
    }
    // As-of line.
    let xa = x(as_of) + 0.5;
    chart
        .draw_series(DashedLineSeries::new(
            vec![(xa, 0.0), (xa, ymax)],
            6,
            4,
            theme::MUTED.stroke_width(1),
        ))
        .map_err(chart_err)?;
    chart
        .draw_series(std::iter::once(Text::new(
            format!("as of {as_of}"),
            (xa - span * 0.12, ymax * 0.9),
            theme::text(sizes.tick, theme::MUTED),
        )))
        .map_err(chart_err)?;
    Ok(())
}

/// The Monte Carlo bands of every scenario, under the lines.
fn bands<DB: DrawingBackend>(
    chart: &mut ShareChart<'_, DB>,
    daily: &DailySeries,
    start: NaiveDate,
) -> Result<(), Error> {
    let x = |d| day_x(start, d);
    for (i, s) in daily.scenarios.iter().enumerate() {
        if let Some(b) = &s.offline_band {
            let mut poly: Vec<(f64, f64)> = s
                .dates
                .iter()
                .zip(&b.p90)
                .map(|(d, v)| (x(*d), *v))
                .collect();
            poly.extend(s.dates.iter().zip(&b.p10).rev().map(|(d, v)| (x(*d), *v)));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly,
                    theme::series(i).mix(0.12).filled(),
                )))
                .map_err(chart_err)?;
            for edge in [&b.p10, &b.p90] {
                chart
                    .draw_series(LineSeries::new(
                        s.dates.iter().zip(edge).map(|(d, v)| (x(*d), *v)),
                        theme::series(i).mix(0.55).stroke_width(1),
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
        let mut poly: Vec<(f64, f64)> = dates.iter().copied().zip(b.p90.iter().copied()).collect();
        poly.extend(dates.iter().copied().zip(b.p10.iter().copied()).rev());
        chart
            .draw_series(std::iter::once(Polygon::new(
                poly,
                theme::OBSERVED.mix(0.14).filled(),
            )))
            .map_err(chart_err)?
            .label("observed P10-P90 (record draws)")
            .legend(move |(x, y)| {
                Rectangle::new(
                    [(x, y - 5), (x + 24, y + 5)],
                    theme::OBSERVED.mix(0.25).filled(),
                )
            });
    }
    // Observed history.
    if !daily.history.is_empty() {
        chart
            .draw_series(LineSeries::new(
                daily.history.iter().map(|(d, v)| (x(*d), *v)),
                theme::OBSERVED.stroke_width(line),
            ))
            .map_err(chart_err)?
            .label("observed")
            .legend(move |(x, y)| {
                PathElement::new(
                    vec![(x, y), (x + 24, y)],
                    theme::OBSERVED.stroke_width(line + 1),
                )
            });
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
            .map_err(chart_err)?
            .label(format!("{} (expected)", s.name))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(line + 1))
            });
        if let Some(b) = &s.offline_band {
            chart
                .draw_series(DashedLineSeries::new(
                    s.dates.iter().zip(&b.p50).map(|(d, v)| (x(*d), *v)),
                    8,
                    5,
                    color.stroke_width(line),
                ))
                .map_err(chart_err)?
                .label(format!("{} P50, P10-P90", s.name))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 24, y + 5)], color.mix(0.3).filled())
                });
        }
    }
    // What happened after the as-of date, where loaded.
    if let Some(obs) = daily
        .scenarios
        .first()
        .and_then(|s| s.observed.as_ref().map(|o| (s, o)))
    {
        let (s, o) = obs;
        let pts: Vec<(f64, f64)> = s
            .dates
            .iter()
            .zip(o)
            .filter(|(_, v)| v.is_finite())
            .map(|(d, v)| (x(*d), *v))
            .collect();
        if !pts.is_empty() {
            chart
                .draw_series(DashedLineSeries::new(
                    pts,
                    3,
                    3,
                    theme::OBSERVED.stroke_width(line),
                ))
                .map_err(chart_err)?
                .label("observed after as-of (backtest)")
                .legend(move |(x, y)| {
                    PathElement::new(
                        vec![(x, y), (x + 8, y), (x + 12, y), (x + 20, y)],
                        theme::OBSERVED.stroke_width(line),
                    )
                });
        }
    }
    Ok(())
}
