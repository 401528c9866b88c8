//! `sides`: what each truce gives back to each group, side by side: capacity as a share of
//! the group's projected loss without the truce (units differ, shares compare), and revenue
//! in US dollars, with the Monte Carlo P10-P90 range where paths were run.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::theme::{self, Sizes};
use super::{chart_err, header, message, Area, ChartText, ImageFormat, NiceAxis};
use crate::error::Error;
use crate::format::money_m;
use crate::projection::expected::Projection;

/// One bar pair: a truce scenario's gains for one group.
struct Side {
    label: String,
    /// Capacity given back, as a share of the reference's lost capacity (0..1), with its
    /// P10-P90 range.
    share: f64,
    share_range: Option<(f64, f64)>,
    /// The same in the group's amount unit, for the label.
    amount: String,
    /// Revenue given back, USD, with its P10-P90 range.
    revenue: f64,
    revenue_range: Option<(f64, f64)>,
}

fn sides(projections: &[Projection]) -> Vec<Side> {
    let mut out = Vec::new();
    for p in projections {
        let Some(r) = p.reference else { continue };
        let lost = p.scenarios[r].summary.lost_capacity;
        let of = |v: f64| if lost > 0.0 { v / lost } else { 0.0 };
        for s in &p.scenarios {
            let x = &s.summary;
            let (Some(gc), Some(gr)) = (x.gain_capacity, x.gain_revenue_usd) else {
                continue;
            };
            let bands = s.bands.as_ref();
            out.push(Side {
                label: format!("{} · {}", p.group, x.scenario),
                share: of(gc),
                share_range: bands
                    .and_then(|b| b.gain_capacity)
                    .map(|q| (of(q.p10), of(q.p90))),
                amount: format!("{:.2} {}", gc, p.unit.amount_label()),
                revenue: gr,
                revenue_range: bands
                    .and_then(|b| b.gain_revenue_usd)
                    .map(|q| (q.p10, q.p90)),
            });
        }
    }
    out
}

/// Draws the chart of `projections` (one per group) as PNG or SVG bytes.
pub(crate) fn render(
    projections: &[Projection],
    source: &str,
    text: &ChartText,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>, Error> {
    super::theme::register_fonts();
    let sizes = Sizes::new(size);
    let list = sides(projections);
    encode!(size, format, |root| draw(root, &list, source, text, &sizes))
}

fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    list: &[Side],
    source: &str,
    text: &ChartText,
    sizes: &Sizes,
) -> Result<(), Error> {
    let body = header(
        root,
        sizes,
        text,
        "What the truce gives back to each side",
        source,
        "left: capacity given back, as a share of the group's projected loss without the truce (each group in its own unit) · right: revenue given back, $m · whiskers: Monte Carlo P10-P90",
    )?;
    if list.is_empty() {
        return message(&body, sizes, "no truce scenario to compare");
    }
    let mut entries: Vec<Entry> = list
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Entry::new(
                s.label.clone(),
                Swatch::Fill {
                    color: theme::series(i),
                    alpha: 0.8,
                },
            )
        })
        .collect();
    if list
        .iter()
        .any(|s| s.share_range.is_some() || s.revenue_range.is_some())
    {
        entries.push(Entry::new(
            "Monte Carlo P10-P90",
            Swatch::Line {
                color: theme::INK,
                width: 2,
                dash: None,
            },
        ));
    }
    let body = legend::below(&body, sizes, &entries)?;
    let (left, right) = body.split_horizontally(body.dim_in_pixel().0 / 2);
    panel(
        &left,
        list,
        sizes,
        "capacity given back, % of the loss without the truce",
        &|s| {
            (
                s.share * 100.0,
                s.share_range.map(|(a, b)| (a * 100.0, b * 100.0)),
            )
        },
        &|s| format!("{:.0} % ({})", s.share * 100.0, s.amount),
        true,
    )?;
    panel(
        &right,
        list,
        sizes,
        "revenue given back, $m",
        &|s| {
            (
                s.revenue / 1e6,
                s.revenue_range.map(|(a, b)| (a / 1e6, b / 1e6)),
            )
        },
        &|s| money_m(s.revenue),
        false,
    )
}

/// One panel: a horizontal bar per side with its whisker and its value written beside it.
#[allow(clippy::type_complexity)]
fn panel<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    list: &[Side],
    sizes: &Sizes,
    axis: &str,
    value: &dyn Fn(&Side) -> (f64, Option<(f64, f64)>),
    text: &dyn Fn(&Side) -> String,
    labels: bool,
) -> Result<(), Error> {
    let high = list
        .iter()
        .map(|s| {
            let (v, r) = value(s);
            r.map_or(v, |(_, hi)| hi.max(v))
        })
        .fold(0.0, f64::max)
        .max(1e-9)
        * 1.6;
    let n = list.len() as f64;
    let m = sizes.margin;
    let mut chart = ChartBuilder::on(area)
        .margin(m)
        .x_label_area_size((sizes.tick * 1.8 + sizes.label * 1.6) as u32)
        .y_label_area_size(if labels {
            (sizes.label * 12.0) as u32
        } else {
            0
        })
        .build_cartesian_2d(NiceAxis::new(0.0, high), -0.5..(n - 0.5))
        .map_err(chart_err)?;
    let names: Vec<String> = list.iter().map(|s| s.label.clone()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(theme::GRID.mix(0.4))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_labels(10)
        .y_labels(list.len().max(1))
        .y_label_formatter(&|y| {
            let k = y.round();
            if labels && (y - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < names.len() {
                names[k as usize].clone()
            } else {
                String::new()
            }
        })
        .x_desc(axis)
        .label_style(theme::text(sizes.tick, theme::INK))
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    panel_bars(&mut chart, list, sizes, value, text, high)
}

/// Draws a panel's bars: one per side in its colour, its P10-P90 range as a line over it,
/// and its `text` right of both (`high`: the top of the axis, for the gap).
#[allow(clippy::type_complexity)]
fn panel_bars<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<NiceAxis, RangedCoordf64>>,
    list: &[Side],
    sizes: &Sizes,
    value: &dyn Fn(&Side) -> (f64, Option<(f64, f64)>),
    text: &dyn Fn(&Side) -> String,
    high: f64,
) -> Result<(), Error> {
    for (i, s) in list.iter().enumerate() {
        let y = i as f64;
        let (v, range) = value(s);
        let color = theme::series(i);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, y - 0.3), (v, y + 0.3)],
                color.mix(0.8).filled(),
            )))
            .map_err(chart_err)?;
        if let Some((lo, hi)) = range {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(lo, y), (hi, y)],
                    theme::INK.stroke_width(2),
                )))
                .map_err(chart_err)?;
        }
        let x = range.map_or(v, |(_, hi)| hi.max(v));
        chart
            .draw_series(std::iter::once(Text::new(
                text(s),
                (x + high * 0.02, y + 0.12),
                theme::text(sizes.tick, theme::INK),
            )))
            .map_err(chart_err)?;
    }
    Ok(())
}
