//! `revenue`: daily revenue per scenario, and cumulative revenue loss against no outages.

use chrono::NaiveDate;
use plotters::prelude::*;

use super::series::DailySeries;
use super::theme::{self, Sizes};
use super::{chart_err, day_mesh, day_x, header, legend, message, Area, ChartInput};
use crate::error::Error;

/// The reference scenario of a daily series: `no-truce`, else the first without a truce.
pub(crate) fn reference(daily: &DailySeries) -> Option<usize> {
    crate::model::scenario::reference(
        daily
            .scenarios
            .iter()
            .map(|s| (s.name.as_str(), s.truce_window().is_some())),
    )
}

/// Each scenario's revenue gain over the reference, USD, over the projected days.
pub(crate) fn gains(daily: &DailySeries) -> Vec<(String, f64)> {
    let Some(r) = reference(daily) else {
        return Vec::new();
    };
    let total = |i: usize| daily.scenarios[i].revenue.iter().sum::<f64>();
    (0..daily.scenarios.len())
        .filter(|&i| i != r)
        .map(|i| (daily.scenarios[i].name.clone(), total(i) - total(r)))
        .collect()
}

/// "$582.5m" or "$1.24bn".
pub(crate) fn usd(v: f64) -> String {
    if v.abs() >= 1e9 {
        format!("${:.2}bn", v / 1e9)
    } else {
        format!("${:.1}m", v / 1e6)
    }
}

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let daily = input.daily.expect("checked by render");
    let labels = super::Labels::of(input);
    let title = &format!("{} revenue: truce against no truce", labels.system);
    let Some(first_scenario) = daily.scenarios.first().filter(|s| !s.dates.is_empty()) else {
        let body = header(root, sizes, title, input.source, "")?;
        return message(&body, sizes, "no projected days to plot");
    };
    let start = first_scenario.dates[0];
    let last = *first_scenario.dates.last().expect("not empty");
    let valued = match daily.unit {
        crate::units::Unit::Mtpa => "refined products valued at the product basket price, unrefined crude at the export price times diversion",
        crate::units::Unit::Mw => "electricity generated (capacity x capacity factor x 24 h) valued at the price per MWh",
        _ => "throughput valued at the price per unit",
    };
    let detail = format!("projected {start} to {last} · {valued}");
    let body = header(root, sizes, title, input.source, &detail)?;
    let (top, bottom) = body.split_vertically(body.dim_in_pixel().1 * 55 / 100);
    let span = day_x(start, last) + 1.0;

    daily_panel(root, &top, daily, sizes, start, span)?;
    loss_panel(root, &bottom, daily, sizes, start, span)
}

/// Top panel: daily revenue per scenario, $m/day, with the Monte Carlo bands.
fn daily_panel<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    top: &Area<'_, DB>,
    daily: &DailySeries,
    sizes: &Sizes,
    start: NaiveDate,
    span: f64,
) -> Result<(), Error> {
    let x = |d| day_x(start, d);
    let (m, line) = (sizes.margin, sizes.line);
    let mut lo = f64::INFINITY;
    let mut hi: f64 = 0.0;
    for s in &daily.scenarios {
        for v in s.revenue.iter().chain(
            s.revenue_band
                .iter()
                .flat_map(|b| b.p10.iter().chain(&b.p90)),
        ) {
            if v.is_finite() {
                lo = lo.min(*v / 1e6);
                hi = hi.max(*v / 1e6);
            }
        }
    }
    let pad = ((hi - lo) * 0.15).max(hi * 0.01).max(1.0);
    let (lo, hi) = ((lo - pad).max(0.0), hi + pad);
    let mut chart = ChartBuilder::on(top)
        .margin_left(m)
        .margin_right(m * 3)
        .x_label_area_size((sizes.tick * 2.2) as u32)
        .y_label_area_size((sizes.label * 4.2) as u32)
        .build_cartesian_2d(0.0..span, lo..hi)
        .map_err(chart_err)?;
    day_mesh(
        root,
        &mut chart,
        sizes,
        start,
        "revenue, $m per day",
        &|v| format!("{v:.0}"),
    )?;
    for (i, s) in daily.scenarios.iter().enumerate() {
        if let Some((a, b)) = s.truce_window() {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x(a), lo), (x(b) + 1.0, hi)],
                    theme::TRUCE.mix(0.22).filled(),
                )))
                .map_err(chart_err)?;
        }
        if let Some(b) = &s.revenue_band {
            let mut poly: Vec<(f64, f64)> = s
                .dates
                .iter()
                .zip(&b.p90)
                .map(|(d, v)| (x(*d), v / 1e6))
                .collect();
            poly.extend(
                s.dates
                    .iter()
                    .zip(&b.p10)
                    .rev()
                    .map(|(d, v)| (x(*d), v / 1e6)),
            );
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly,
                    theme::series(i).mix(0.12).filled(),
                )))
                .map_err(chart_err)?;
        }
    }
    for (i, s) in daily.scenarios.iter().enumerate() {
        let color = theme::series(i);
        chart
            .draw_series(LineSeries::new(
                s.dates
                    .iter()
                    .zip(&s.revenue)
                    .map(|(d, v)| (x(*d), v / 1e6)),
                color.stroke_width(line + 1),
            ))
            .map_err(chart_err)?
            .label(s.name.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(line + 1))
            });
    }
    legend(
        &mut chart,
        SeriesLabelPosition::LowerRight,
        sizes.label * 0.9,
    )?;

    Ok(())
}

/// Bottom panel: cumulative revenue loss against no outages, $bn, with each scenario's
/// gain over the reference written on the chart.
fn loss_panel<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    bottom: &Area<'_, DB>,
    daily: &DailySeries,
    sizes: &Sizes,
    start: NaiveDate,
    span: f64,
) -> Result<(), Error> {
    let x = |d| day_x(start, d);
    let (m, line) = (sizes.margin, sizes.line);
    let cumulative: Vec<Vec<f64>> = daily
        .scenarios
        .iter()
        .map(|s| {
            s.revenue_loss
                .iter()
                .scan(0.0, |acc, v| {
                    *acc += v / 1e9;
                    Some(*acc)
                })
                .collect()
        })
        .collect();
    let top_loss = cumulative
        .iter()
        .flat_map(|c| c.last().copied())
        .fold(0.0, f64::max)
        .max(1e-3)
        * 1.2;
    let mut chart = ChartBuilder::on(bottom)
        .margin_left(m)
        .margin_right(m * 3)
        .margin_bottom(m)
        .x_label_area_size((sizes.tick * 2.6) as u32)
        .y_label_area_size((sizes.label * 4.2) as u32)
        .build_cartesian_2d(0.0..span, 0.0..top_loss)
        .map_err(chart_err)?;
    day_mesh(
        root,
        &mut chart,
        sizes,
        start,
        "cumulative loss, $bn",
        &|v| format!("{v:.1}"),
    )?;
    for (i, (s, c)) in daily.scenarios.iter().zip(&cumulative).enumerate() {
        chart
            .draw_series(LineSeries::new(
                s.dates.iter().zip(c).map(|(d, v)| (x(*d), *v)),
                theme::series(i).stroke_width(line + 1),
            ))
            .map_err(chart_err)?;
    }
    // The gains, written on the chart.
    let reference_name = reference(daily).map(|r| daily.scenarios[r].name.clone());
    for (k, (name, gain)) in gains(daily).iter().enumerate() {
        let text = format!(
            "{name}: {} {} revenue than {} over the period",
            usd(gain.abs()),
            if *gain >= 0.0 { "more" } else { "less" },
            reference_name.as_deref().unwrap_or("the reference")
        );
        chart
            .draw_series(std::iter::once(Text::new(
                text,
                (span * 0.02, top_loss * (0.93 - 0.1 * k as f64)),
                theme::bold(sizes.label, theme::INK),
            )))
            .map_err(chart_err)?;
    }
    Ok(())
}
