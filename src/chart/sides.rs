//! `sides`: what each truce gives back to each group, side by side: capacity as a share of
//! the group's projected loss without the truce (units differ, shares compare), and revenue
//! in US dollars, with the Monte Carlo P10-P90 range where paths were run.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::theme::{self, Sizes};
use super::{chart_err, header, message, Area, ChartText, ImageFormat, NiceAxis};
use crate::error::Error;
use crate::format::{grouped, money_m};
use crate::projection::expected::Projection;

/// One bar pair: a truce scenario's gains for one group.
struct Side {
    label: String,
    /// Capacity given back, as a share of the reference's lost capacity (0..1), with its
    /// P10-P90 range.
    share: f64,
    share_range: Option<(f64, f64)>,
    /// The same in the group's amount unit, written under the row's name.
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
                amount: format!("{} {} given back", figure_text(gc), p.unit.amount_label()),
                revenue: gr,
                revenue_range: bands
                    .and_then(|b| b.gain_revenue_usd)
                    .map(|q| (q.p10, q.p90)),
            });
        }
    }
    out
}

/// An amount as written under a row's name: two decimals below 100 (Mt), whole numbers
/// with their thousands grouped from 100 up (GWh).
fn figure_text(v: f64) -> String {
    if v.abs() >= 100.0 {
        grouped(v, 0)
    } else {
        grouped(v, 2)
    }
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
        "left: capacity given back, as a share of the group's projected loss without the truce (the amount in the group's own unit under its name) · right: revenue given back, $m · whiskers: Monte Carlo P10-P90",
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
            Swatch::Range { color: theme::INK },
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
        &|s| format!("{:.0} %", s.share * 100.0),
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

/// One panel: a horizontal bar per side with its whisker and its value written beside
/// it; with `labels`, each side's name and amount on the left. The axis reaches just far
/// enough for the longest bar or whisker and its value.
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
    let reach = |s: &Side| {
        let (v, r) = value(s);
        r.map_or(v, |(_, hi)| hi.max(v))
    };
    let high = list.iter().map(reach).fold(0.0, f64::max).max(1e-9);
    let n = list.len() as f64;
    let m = sizes.margin;
    let name_style = theme::text(sizes.tick, theme::INK);
    let value_style = theme::text(sizes.tick, theme::INK);
    let measure =
        |t: &str, style: &TextStyle<'_>| area.estimate_text_size(t, style).map_or(0, |s| s.0);
    let names_w = if labels {
        list.iter()
            .flat_map(|s| {
                [
                    measure(&s.label, &name_style),
                    measure(&s.amount, &name_style),
                ]
            })
            .max()
            .unwrap_or(0)
            + (sizes.tick * 1.2) as u32
    } else {
        0
    };
    // The value right of the longest bar or whisker: the axis ends where it does.
    let plot_w = f64::from(area.dim_in_pixel().0) - 2.0 * f64::from(m) - f64::from(names_w);
    let text_w = list
        .iter()
        .map(|s| f64::from(measure(&text(s), &value_style)))
        .fold(0.0, f64::max)
        + sizes.tick;
    let end = (high / (1.0 - text_w / plot_w.max(1.0)).max(0.3)).max(high * 1.05);
    let mut chart = ChartBuilder::on(area)
        .margin(m)
        .x_label_area_size((sizes.tick * 1.8 + sizes.label * 1.6) as u32)
        .y_label_area_size(names_w)
        .build_cartesian_2d(NiceAxis::new(0.0, end), -0.5..(n - 0.5))
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(theme::GRID.mix(0.4))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_labels(10)
        .y_labels(0)
        .x_desc(axis)
        .label_style(theme::text(sizes.tick, theme::INK))
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    if labels {
        row_names(area, &chart, list, sizes)?;
    }
    panel_bars(&mut chart, list, sizes, value, text, end)
}

/// Each side's name left of its row, and the capacity it gets back in its own unit under
/// it in the muted colour.
fn row_names<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    chart: &ChartContext<'_, DB, Cartesian2d<NiceAxis, RangedCoordf64>>,
    list: &[Side],
    sizes: &Sizes,
) -> Result<(), Error> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let (ax, ay) = area.get_base_pixel();
    for (i, s) in list.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(0.0, i as f64));
        let x = x - ax - (sizes.tick * 0.6) as i32;
        let y = y - ay;
        area.draw(&Text::new(
            s.label.clone(),
            (x, y),
            theme::text(sizes.tick, theme::INK).pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))
        .map_err(chart_err)?;
        area.draw(&Text::new(
            s.amount.clone(),
            (x, y + (sizes.tick * 0.25) as i32),
            theme::text(sizes.tick, theme::MUTED).pos(Pos::new(HPos::Right, VPos::Top)),
        ))
        .map_err(chart_err)?;
    }
    Ok(())
}

/// Draws a panel's bars: one per side in its colour, its P10-P90 range as a whisker with
/// caps over it, and its `text` right of both (`end`: the end of the axis, for the gap).
#[allow(clippy::type_complexity)]
fn panel_bars<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<NiceAxis, RangedCoordf64>>,
    list: &[Side],
    sizes: &Sizes,
    value: &dyn Fn(&Side) -> (f64, Option<(f64, f64)>),
    text: &dyn Fn(&Side) -> String,
    end: f64,
) -> Result<(), Error> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
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
            let ink = theme::INK.stroke_width(2);
            chart
                .draw_series([
                    PathElement::new(vec![(lo, y), (hi, y)], ink),
                    PathElement::new(vec![(lo, y - 0.1), (lo, y + 0.1)], ink),
                    PathElement::new(vec![(hi, y - 0.1), (hi, y + 0.1)], ink),
                ])
                .map_err(chart_err)?;
        }
        let x = range.map_or(v, |(_, hi)| hi.max(v));
        chart
            .draw_series(std::iter::once(Text::new(
                text(s),
                (x + end * 0.015, y),
                theme::text(sizes.tick, theme::INK).pos(Pos::new(HPos::Left, VPos::Center)),
            )))
            .map_err(chart_err)?;
    }
    Ok(())
}
