//! `revenue`: daily revenue per scenario, and cumulative revenue loss against no outages.

use chrono::NaiveDate;
use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::series::DailySeries;
use super::theme::{self, Sizes};
use super::{
    chart_err, day_mesh, day_panel, day_x, header, message, truce_entries, truce_windows, Area,
    ChartInput, DayChart, NiceAxis,
};
use crate::error::Error;
use crate::format::money_short;

/// Each scenario's revenue gain over the reference, USD, over the projected days.
pub(crate) fn gains(daily: &DailySeries) -> Vec<(String, f64)> {
    let Some(r) = daily.reference else {
        return Vec::new();
    };
    let total = |i: usize| daily.scenarios[i].revenue.iter().sum::<f64>();
    (0..daily.scenarios.len())
        .filter(|&i| i != r)
        .map(|i| (daily.scenarios[i].name.clone(), total(i) - total(r)))
        .collect()
}

/// How revenue is valued, for the subtitle; the diversion is named where the series
/// carries it.
fn valuation(daily: &DailySeries) -> String {
    match (&daily.unit, daily.diversion) {
        (crate::units::Unit::Mtpa, Some(d)) => format!(
            "refined products valued at the product basket price, unrefined crude at the export price times the diversion, here {:.0} %",
            d * 100.0
        ),
        (crate::units::Unit::Mtpa, None) => "refined products valued at the product basket price, unrefined crude at the export price times the diversion".to_owned(),
        (crate::units::Unit::Mw, _) => "electricity generated (capacity x capacity factor x 24 h) valued at the price per MWh".to_owned(),
        _ => "throughput valued at the price per unit".to_owned(),
    }
}

/// The sentence of each scenario's gain over the reference.
fn gain_sentences(daily: &DailySeries) -> Vec<String> {
    let reference_name = daily.reference.map(|r| daily.scenarios[r].name.clone());
    gains(daily)
        .iter()
        .map(|(name, gain)| {
            format!(
                "{name} keeps {} {} revenue than {}",
                money_short(gain.abs()),
                if *gain >= 0.0 { "more" } else { "less" },
                reference_name.as_deref().unwrap_or("the reference")
            )
        })
        .collect()
}

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let daily = input.daily.expect("checked by render");
    let labels = super::Labels::of(input);
    let title = &format!(
        "{} revenue lost to strikes{}",
        labels.system,
        daily.comparison()
    );
    let Some(first_scenario) = daily.scenarios.first().filter(|s| !s.dates.is_empty()) else {
        let body = header(root, sizes, input.text, title, input.source, "")?;
        return message(&body, sizes, "no projected days to plot");
    };
    let start = first_scenario.dates[0];
    let last = *first_scenario.dates.last().expect("not empty");
    let mut parts = gain_sentences(daily);
    parts.push(format!(
        "loss against no outages, projected {start} to {last}"
    ));
    parts.push(valuation(daily));
    let body = header(
        root,
        sizes,
        input.text,
        title,
        input.source,
        &parts.join(" · "),
    )?;
    let body = legend::below(&body, sizes, &entries(daily, sizes))?;
    let (top, bottom) = body.split_vertically(body.dim_in_pixel().1 * 55 / 100);
    let span = day_x(start, last) + 1.0;
    // Room right of both panels for the gain's label, so that the x axes line up.
    let right = right_margin(&body, daily, sizes);
    let loss = LossAxis::of(daily);
    let (daily_hi, bands) = loss_bands(daily);
    let daily_axis = NiceAxis::new(0.0, daily_hi);
    let left =
        super::axis_area(&body, sizes, &loss.axis).max(super::axis_area(&body, sizes, &daily_axis));
    loss_panel(root, &top, daily, sizes, start, span, (left, right), loss)?;
    daily_panel(
        root,
        &bottom,
        daily,
        sizes,
        start,
        span,
        (left, right),
        daily_axis,
        &bands,
    )
}

/// One legend entry per drawn element.
fn entries(daily: &DailySeries, sizes: &Sizes) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, s) in daily.scenarios.iter().enumerate() {
        out.push(Entry::new(
            s.name.clone(),
            Swatch::Line {
                color: theme::series(i),
                width: sizes.line + 1,
                dash: None,
            },
        ));
    }
    // The bands' thin lines once, in grey, for every scenario's.
    if daily.scenarios.iter().any(|s| s.revenue_band.is_some()) {
        out.push(Entry::new(
            "Monte Carlo P10-P90 (thin lines)",
            Swatch::Band {
                color: theme::MUTED,
                fill: 0.0,
            },
        ));
    }
    if !gains(daily).is_empty() {
        out.push(Entry::new(
            "gain of the truce (end of the period)",
            Swatch::Whisker { color: theme::INK },
        ));
    }
    out.extend(truce_entries(daily));
    out
}

/// Cumulative loss per scenario, in the panel's unit.
fn cumulative(daily: &DailySeries, scale: f64) -> Vec<Vec<f64>> {
    daily
        .scenarios
        .iter()
        .map(|s| {
            s.revenue_loss
                .iter()
                .scan(0.0, |acc, v| {
                    *acc += v / scale;
                    Some(*acc)
                })
                .collect()
        })
        .collect()
}

/// The text of a gain beside its bracket.
fn gain_label(gain: f64) -> String {
    format!(
        "{}{}",
        if gain >= 0.0 { "+" } else { "-" },
        money_short(gain.abs())
    )
}

/// Pixels right of the panels for the gains' labels.
fn right_margin<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    daily: &DailySeries,
    sizes: &Sizes,
) -> u32 {
    let style = theme::bold(sizes.tick, theme::INK);
    let widest = gains(daily)
        .iter()
        .map(|(_, g)| {
            area.estimate_text_size(&gain_label(*g), &style)
                .map_or(0, |s| s.0)
        })
        .max()
        .unwrap_or(0);
    sizes.margin + widest * 11 / 10 + (sizes.tick * 1.0) as u32
}

/// The cumulative loss axis: its unit (USD per unit of the axis) and its range.
struct LossAxis {
    scale: f64,
    unit: &'static str,
    top: f64,
    axis: NiceAxis,
}

impl LossAxis {
    fn of(daily: &DailySeries) -> Self {
        let total = daily
            .scenarios
            .iter()
            .map(|s| s.revenue_loss.iter().sum::<f64>())
            .fold(0.0, f64::max);
        let (scale, unit) = if total >= 1e9 {
            (1e9, "$bn")
        } else {
            (1e6, "$m")
        };
        let top = (total / scale).max(1e-3) * 1.08;
        LossAxis {
            scale,
            unit,
            top,
            axis: NiceAxis::new(0.0, top),
        }
    }
}

/// Top panel: cumulative revenue loss against no outages per scenario, and each gain over
/// the reference as a bracket at the end of the period.
#[allow(clippy::too_many_arguments)]
fn loss_panel<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    top: &Area<'_, DB>,
    daily: &DailySeries,
    sizes: &Sizes,
    start: NaiveDate,
    span: f64,
    (left, right): (u32, u32),
    loss: LossAxis,
) -> Result<(), Error> {
    let x = |d| day_x(start, d);
    let (m, line) = (sizes.margin, sizes.line);
    let LossAxis {
        scale,
        unit,
        top: top_loss,
        axis,
    } = loss;
    let cumulative = cumulative(daily, scale);
    let mut chart = ChartBuilder::on(top)
        .margin_left(m)
        .margin_right(right)
        .margin_top(m / 2)
        .x_label_area_size((sizes.tick * 2.2) as u32)
        .y_label_area_size(left)
        .build_cartesian_2d(0.0..span, axis)
        .map_err(chart_err)?;
    day_mesh(
        root,
        &mut chart,
        sizes,
        start,
        &format!("cumulative loss, {unit}"),
    )?;
    truce_windows(&mut chart, daily, start, top_loss)?;
    for (i, (s, c)) in daily.scenarios.iter().zip(&cumulative).enumerate() {
        chart
            .draw_series(LineSeries::new(
                s.dates.iter().zip(c).map(|(d, v)| (x(*d), *v)),
                theme::series(i).stroke_width(line + 1),
            ))
            .map_err(chart_err)?;
    }
    gain_brackets(root, &chart, daily, sizes, &cumulative, span, scale)
}

/// Draws each scenario's gain over the reference at the end of the period of the loss
/// panel: a bracket from the reference's cumulative loss to the scenario's (`cumulative`,
/// in units of `scale` US dollars), labelled outside the plot on the right.
fn gain_brackets<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    chart: &DayChart<'_, DB>,
    daily: &DailySeries,
    sizes: &Sizes,
    cumulative: &[Vec<f64>],
    span: f64,
    scale: f64,
) -> Result<(), Error> {
    let Some(r) = daily.reference else {
        return Ok(());
    };
    let end = |i: usize| cumulative[i].last().copied().unwrap_or(0.0);
    let cap = (sizes.tick * 0.4) as i32;
    for (i, _) in daily.scenarios.iter().enumerate().filter(|(i, _)| *i != r) {
        let (a, b) = (
            chart.backend_coord(&(span, end(r))),
            chart.backend_coord(&(span, end(i))),
        );
        let xb = a.0 + cap;
        let ink = theme::INK.stroke_width(2);
        for seg in [
            vec![(xb, a.1), (xb, b.1)],
            vec![(xb - cap, a.1), (xb, a.1)],
            vec![(xb - cap, b.1), (xb, b.1)],
        ] {
            root.draw(&PathElement::new(seg, ink)).map_err(chart_err)?;
        }
        let gain = (end(r) - end(i)) * scale;
        root.draw(&Text::new(
            gain_label(gain),
            (xb + cap, (a.1 + b.1) / 2),
            theme::bold(sizes.tick, theme::INK).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            )),
        ))
        .map_err(chart_err)?;
    }
    Ok(())
}

/// Each scenario's daily loss band, $m/day (P10, P90), and the top of the daily panel.
#[allow(clippy::type_complexity)]
fn loss_bands(daily: &DailySeries) -> (f64, Vec<Option<[Vec<f64>; 2]>>) {
    // The loss band: the no-outage baseline (revenue + loss) less the revenue band.
    let bands: Vec<Option<[Vec<f64>; 2]>> = daily
        .scenarios
        .iter()
        .map(|s| {
            s.revenue_band.as_ref().map(|b| {
                let base: Vec<f64> = s
                    .revenue
                    .iter()
                    .zip(&s.revenue_loss)
                    .map(|(r, l)| r + l)
                    .collect();
                let less = |q: &[f64]| -> Vec<f64> {
                    base.iter().zip(q).map(|(a, v)| (a - v) / 1e6).collect()
                };
                [less(&b.p90), less(&b.p10)]
            })
        })
        .collect();
    let mut hi: f64 = 0.0;
    for (s, b) in daily.scenarios.iter().zip(&bands) {
        for v in s
            .revenue_loss
            .iter()
            .map(|v| v / 1e6)
            .chain(b.iter().flat_map(|b| b[1].iter().copied()))
        {
            if v.is_finite() {
                hi = hi.max(v);
            }
        }
    }
    ((hi * 1.1).max(1e-3), bands)
}

/// Bottom panel: daily revenue loss per scenario, $m/day, with the Monte Carlo bands as
/// lines at P10 and P90.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn daily_panel<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    bottom: &Area<'_, DB>,
    daily: &DailySeries,
    sizes: &Sizes,
    start: NaiveDate,
    span: f64,
    (left, right): (u32, u32),
    axis: NiceAxis,
    bands: &[Option<[Vec<f64>; 2]>],
) -> Result<(), Error> {
    let x = |d| day_x(start, d);
    let line = sizes.line;
    let mut chart = day_panel(
        root,
        bottom,
        daily,
        sizes,
        (start, span),
        (left, right, 2.6),
        axis,
        "daily loss, $m",
    )?;
    for (i, (s, b)) in daily.scenarios.iter().zip(bands).enumerate() {
        for edge in b.iter().flatten() {
            chart
                .draw_series(LineSeries::new(
                    s.dates.iter().zip(edge).map(|(d, v)| (x(*d), *v)),
                    theme::series(i).stroke_width(1),
                ))
                .map_err(chart_err)?;
        }
    }
    for (i, s) in daily.scenarios.iter().enumerate() {
        chart
            .draw_series(LineSeries::new(
                s.dates
                    .iter()
                    .zip(&s.revenue_loss)
                    .map(|(d, v)| (x(*d), v / 1e6)),
                theme::series(i).stroke_width(line + 1),
            ))
            .map_err(chart_err)?;
    }
    Ok(())
}
