//! `tornado` and `sobol`: what a figure hangs on. The tornado draws, for each input, the
//! figure with that input at the low and at the high end of its range around the base case;
//! the Sobol' chart, each input's first-order and total index with its interval.

use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::legend::{self, Entry, Swatch};
use super::sweep::{is_money, value_text};
use super::theme::{self, Sizes};
use super::{chart_err, header, message, Area, ChartText, ImageFormat, NiceAxis};
use crate::error::Error;
use crate::format::grouped;
use crate::studies::sensitivity::{Figure, Sobol, SobolIndex, Tornado, TornadoBar};

/// The colour of an input at the low end of its range.
pub(crate) const LOW: RGBColor = theme::SERIES[1];
/// The colour of an input at the high end of its range.
pub(crate) const HIGH: RGBColor = theme::SERIES[0];
/// First-order indices.
const FIRST: RGBColor = theme::SERIES[2];
/// Total indices.
const TOTAL: RGBColor = theme::SERIES[3];

/// The words of a sensitivity chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityChart {
    /// The figure explained.
    pub figure: Figure,
    /// `truce` or `no-truce`.
    pub scenario: String,
    /// The group.
    pub group: String,
    /// The unit of an amount (`Mt`, `GWh`).
    pub amount: String,
    /// The source line.
    pub source: String,
    /// The user's title, subtitle or source line.
    pub text: ChartText,
}

/// What a figure is, in words, for a title: `Revenue the truce gives back`, `Capacity
/// lost without a truce`.
fn figure_words(figure: Figure, scenario: &str) -> String {
    let with = if scenario == "no-truce" {
        "without a truce"
    } else {
        "with the truce"
    };
    match figure {
        Figure::LostCapacity => format!("Capacity lost {with}"),
        Figure::LostThroughput => format!("Throughput lost {with}"),
        Figure::MeanOfflineShare => format!("Mean share of capacity offline {with}"),
        Figure::Revenue => format!("Revenue {with}"),
        Figure::RevenueLoss => format!("Revenue lost {with}"),
        Figure::GainCapacity => "Capacity the truce gives back".to_owned(),
        Figure::GainRevenue => "Revenue the truce gives back".to_owned(),
    }
}

/// An input's range as written on the chart: `0.5 to 1`.
fn range_text(low: f64, high: f64) -> String {
    let short = |v: f64| {
        let t = format!("{v:.3}");
        let t = t.trim_end_matches('0').trim_end_matches('.');
        if t == "-0" {
            "0".to_owned()
        } else {
            t.to_owned()
        }
    };
    format!("{} to {}", short(low), short(high))
}

/// Draws the tornado as PNG or SVG bytes.
pub fn render_tornado(
    tornado: &Tornado,
    chart: &SensitivityChart,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>, Error> {
    theme::register_fonts();
    let sizes = Sizes::new(size);
    encode!(size, format, |root| draw_tornado(
        root, tornado, chart, &sizes
    ))
}

/// Draws the Sobol' indices as PNG or SVG bytes.
pub fn render_sobol(
    sobol: &Sobol,
    chart: &SensitivityChart,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>, Error> {
    theme::register_fonts();
    let sizes = Sizes::new(size);
    encode!(size, format, |root| draw_sobol(root, sobol, chart, &sizes))
}

/// The plot box of a chart with one row per input: the input labels (two lines each: name
/// and range) on the left, an x axis below. Returns `(left, top, right, bottom)` pixels.
fn rows_box<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    sizes: &Sizes,
    names: &[String],
) -> (f64, f64, f64, f64) {
    let style = theme::text(sizes.tick, theme::INK);
    let widest = names
        .iter()
        .map(|t| area.estimate_text_size(t, &style).map_or(0, |s| s.0))
        .max()
        .unwrap_or(0);
    let (w, h) = area.dim_in_pixel();
    let m = f64::from(sizes.margin);
    (
        m + f64::from(widest) + sizes.tick * 0.8,
        m * 0.5 + sizes.tick * 1.6,
        f64::from(w) - m * 2.0,
        f64::from(h) - m * 0.5 - sizes.tick * 1.6 - sizes.label * 1.8,
    )
}

/// Draws an x axis of `axis` under the box with grid lines up to `top`, and its title.
fn x_axis<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    sizes: &Sizes,
    axis: &NiceAxis,
    (left, top, right, bottom): (f64, f64, f64, f64),
    to_x: &dyn Fn(f64) -> f64,
    title: &str,
    label: &dyn Fn(f64) -> String,
) -> Result<(), Error> {
    let tick = theme::text(sizes.tick, theme::INK).pos(Pos::new(HPos::Center, VPos::Top));
    let ticks = super::ticks::ticks(axis.range().start, axis.range().end);
    for v in &ticks.values {
        let x = to_x(*v).round() as i32;
        area.draw(&PathElement::new(
            vec![(x, top as i32), (x, bottom as i32)],
            theme::GRID.stroke_width(1),
        ))
        .map_err(chart_err)?;
        area.draw(&Text::new(
            label(*v),
            (x, (bottom + sizes.tick * 0.5) as i32),
            tick.clone(),
        ))
        .map_err(chart_err)?;
    }
    area.draw(&PathElement::new(
        vec![(left as i32, bottom as i32), (right as i32, bottom as i32)],
        theme::MUTED.stroke_width(1),
    ))
    .map_err(chart_err)?;
    area.draw(&Text::new(
        title.to_owned(),
        (
            ((left + right) / 2.0) as i32,
            (bottom + sizes.tick * 2.0) as i32,
        ),
        theme::text(sizes.label, theme::INK).pos(Pos::new(HPos::Center, VPos::Top)),
    ))
    .map_err(chart_err)
}

/// An input's label left of its row: its name on the row's upper half and its range
/// below, both right-aligned.
fn row_label<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    sizes: &Sizes,
    x: f64,
    cy: f64,
    name: &str,
    range: &str,
) -> Result<(), Error> {
    let pos = Pos::new(HPos::Right, VPos::Bottom);
    area.draw(&Text::new(
        name.to_owned(),
        (x as i32, cy as i32),
        theme::text(sizes.tick, theme::INK).pos(pos),
    ))
    .map_err(chart_err)?;
    area.draw(&Text::new(
        range.to_owned(),
        (x as i32, (cy + sizes.tick * 0.15) as i32),
        theme::text(sizes.tick * 0.85, theme::MUTED).pos(Pos::new(HPos::Right, VPos::Top)),
    ))
    .map_err(chart_err)
}

fn draw_tornado<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    t: &Tornado,
    chart: &SensitivityChart,
    sizes: &Sizes,
) -> Result<(), Error> {
    let figure = chart.figure;
    let show = |v: f64| value_text(v, figure, &chart.amount);
    let body = tornado_body(root, t, chart, sizes)?;
    if t.bars.is_empty() {
        return message(&body, sizes, "no input to vary");
    }
    let names: Vec<String> = t
        .bars
        .iter()
        .map(|b| b.factor.input.name().to_owned())
        .collect();
    let (left, top, right, bottom) = rows_box(&body, sizes, &names);
    let (lo, hi) = t
        .bars
        .iter()
        .fold((t.base_value, t.base_value), |(a, b), x| {
            (
                a.min(x.at_low).min(x.at_high),
                b.max(x.at_low).max(x.at_high),
            )
        });
    let pad = ((hi - lo) * 0.18)
        .max(hi.abs().max(lo.abs()) * 0.02)
        .max(1e-9);
    let scale = if is_money(figure) { 1e6 } else { 1.0 };
    let axis = NiceAxis::new((lo - pad) / scale, (hi + pad) / scale);
    let r = axis.range();
    let to_x = |v: f64| left + (v / scale - r.start) / (r.end - r.start) * (right - left);
    let words = figure_words(figure, &chart.scenario);
    let title = if is_money(figure) {
        format!("{words}, US dollars")
    } else if figure == Figure::MeanOfflineShare {
        words.clone()
    } else {
        format!("{words}, {}", chart.amount)
    };
    // Ticks written as the values are: money in $m like the bars' ends.
    let decimals = super::ticks::ticks(r.start, r.end).decimals;
    x_axis(
        &body,
        sizes,
        &axis,
        (left, top, right, bottom),
        &|v| to_x(v * scale),
        &title,
        &|v| {
            if is_money(figure) {
                crate::format::money_millions(v * scale, decimals)
            } else {
                axis.label(v)
            }
        },
    )?;
    let row_h = (bottom - top) / t.bars.len() as f64;
    let bar_h = (row_h * 0.62).min(sizes.tick * 3.0);
    for (i, b) in t.bars.iter().enumerate() {
        let cy = top + (i as f64 + 0.5) * row_h;
        tornado_row(&body, t.base_value, b, (cy, bar_h), &to_x)?;
        row_label(
            &body,
            sizes,
            left - sizes.tick * 0.6,
            cy,
            &names[i],
            &range_text(b.factor.low, b.factor.high),
        )?;
        tornado_values(&body, sizes, t.base_value, b, cy, &to_x, &show)?;
        if same(b.at_low, t.base_value) && same(b.at_high, t.base_value) {
            body.draw(&Text::new(
                format!(
                    "no change over its range: {} at both ends",
                    show(t.base_value)
                ),
                ((to_x(t.base_value) + sizes.tick * 0.6) as i32, cy as i32),
                theme::text(sizes.tick * 0.85, theme::MUTED)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(chart_err)?;
        }
    }
    base_line(
        &body,
        sizes,
        to_x(t.base_value),
        (top, bottom),
        &format!("base case {}", show(t.base_value)),
    )
}

/// Draws a sensitivity chart's `title`, its source line and `detail` under it (each
/// replaced by the user's words where given), and the legend's `entries` at the bottom;
/// returns the area left between them for the rows.
fn titled<'a, DB: DrawingBackend>(
    root: &Area<'a, DB>,
    chart: &SensitivityChart,
    sizes: &Sizes,
    (title, detail, note): (&str, &str, &str),
    entries: &[Entry],
) -> Result<Area<'a, DB>, Error> {
    let body = header(root, sizes, &chart.text, title, &chart.source, detail)?;
    let body = super::footnote(&body, sizes, note)?;
    legend::below(&body, sizes, entries)
}

/// Draws the tornado's title, subtitle and legend, and returns the area left for the rows.
fn tornado_body<'a, DB: DrawingBackend>(
    root: &Area<'a, DB>,
    t: &Tornado,
    chart: &SensitivityChart,
    sizes: &Sizes,
) -> Result<Area<'a, DB>, Error> {
    let figure = chart.figure;
    let detail = format!(
        "{} of the {} scenario, group {}: one input at a time at the low or the high end of its range, the others at the base case · largest swing on top",
        figure.name(),
        chart.scenario,
        chart.group,
    );
    titled(
        root,
        chart,
        sizes,
        (
            &format!(
                "{}: what it hangs on",
                figure_words(figure, &chart.scenario)
            ),
            &detail,
            "",
        ),
        &[
            Entry::new(
                "input at the low end of its range",
                Swatch::Fill {
                    color: LOW,
                    alpha: 0.85,
                },
            ),
            Entry::new(
                "input at the high end of its range",
                Swatch::Fill {
                    color: HIGH,
                    alpha: 0.85,
                },
            ),
            Entry::new(
                format!(
                    "base case, {}",
                    value_text(t.base_value, figure, &chart.amount)
                ),
                Swatch::Line {
                    color: theme::INK,
                    width: 2,
                    dash: Some((6, 4)),
                },
            ),
        ],
    )
}

/// Draws one input's bar of the tornado, centred at `cy` and `bar_h` pixels high: from the
/// base case to the figure at the input's low end and to the one at its high end, the
/// longer first so that the shorter one shows over it.
fn tornado_row<DB: DrawingBackend>(
    body: &Area<'_, DB>,
    base: f64,
    b: &TornadoBar,
    (cy, bar_h): (f64, f64),
    to_x: &dyn Fn(f64) -> f64,
) -> Result<(), Error> {
    let (y0, y1) = ((cy - bar_h / 2.0) as i32, (cy + bar_h / 2.0) as i32);
    let mut ends = [(b.at_low, LOW), (b.at_high, HIGH)];
    ends.sort_by(|a, c| (c.0 - base).abs().total_cmp(&(a.0 - base).abs()));
    for (v, colour) in ends {
        let (a, z) = (to_x(base), to_x(v));
        body.draw(&Rectangle::new(
            [
                (a.min(z) as i32, y0),
                (a.max(z).max(a.min(z) + 1.0) as i32, y1),
            ],
            colour.mix(0.85).filled(),
        ))
        .map_err(chart_err)?;
    }
    Ok(())
}

/// True when `v` is the base case `base` (to rounding).
fn same(v: f64, base: f64) -> bool {
    (v - base).abs() < 1e-9 * base.abs().max(1.0)
}

/// Writes the figure at each end of an input's bar (row middle `cy`) outside the bar, in
/// the colour of its end, except where it equals the base case. Where both ends lie on
/// one side of the base case, both values go past the farther end, the farther first, so
/// that neither is written over a bar.
fn tornado_values<DB: DrawingBackend>(
    body: &Area<'_, DB>,
    sizes: &Sizes,
    base: f64,
    b: &TornadoBar,
    cy: f64,
    to_x: &dyn Fn(f64) -> f64,
    show: &dyn Fn(f64) -> String,
) -> Result<(), Error> {
    let value_style = |colour: RGBColor| theme::text(sizes.tick * 0.85, colour);
    let mut ends: Vec<(f64, RGBColor)> = [(b.at_low, LOW), (b.at_high, HIGH)]
        .into_iter()
        .filter(|(v, _)| !same(*v, base))
        .collect();
    // Farther from the base case first.
    ends.sort_by(|a, c| (c.0 - base).abs().total_cmp(&(a.0 - base).abs()));
    let one_side = ends.len() == 2 && (ends[0].0 - base) * (ends[1].0 - base) > 0.0;
    let gap = sizes.tick * 0.3;
    let mut next: Option<f64> = None;
    for (v, colour) in ends {
        let right_side = v >= base;
        let start = match next {
            Some(x) if one_side => x,
            _ => to_x(v) + if right_side { gap } else { -gap },
        };
        let text = show(v);
        let style = value_style(colour);
        let w = body
            .estimate_text_size(&text, &style)
            .map_or(0.0, |s| f64::from(s.0));
        let pos = if right_side {
            Pos::new(HPos::Left, VPos::Center)
        } else {
            Pos::new(HPos::Right, VPos::Center)
        };
        body.draw(&Text::new(text, (start as i32, cy as i32), style.pos(pos)))
            .map_err(chart_err)?;
        next = Some(if right_side {
            start + w + gap * 2.0
        } else {
            start - w - gap * 2.0
        });
    }
    Ok(())
}

/// Draws the base case at `x`: a dashed line over the rows from `top` to `bottom`,
/// labelled `text` at its top.
fn base_line<DB: DrawingBackend>(
    body: &Area<'_, DB>,
    sizes: &Sizes,
    x: f64,
    (top, bottom): (f64, f64),
    text: &str,
) -> Result<(), Error> {
    let bx = x.round() as i32;
    let mut y = top as i32 - (sizes.tick * 0.3) as i32;
    while y < bottom as i32 {
        let z = (y + 6).min(bottom as i32);
        body.draw(&PathElement::new(
            vec![(bx, y), (bx, z)],
            theme::INK.stroke_width(2),
        ))
        .map_err(chart_err)?;
        y = z + 4;
    }
    body.draw(&Text::new(
        text.to_owned(),
        (bx, (top - sizes.tick * 0.4) as i32),
        theme::text(sizes.tick * 0.9, theme::INK).pos(Pos::new(HPos::Center, VPos::Bottom)),
    ))
    .map_err(chart_err)?;
    Ok(())
}

fn draw_sobol<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    s: &Sobol,
    chart: &SensitivityChart,
    sizes: &Sizes,
) -> Result<(), Error> {
    let body = sobol_body(root, s, chart, sizes)?;
    if s.indices.is_empty() {
        return message(&body, sizes, "no input to vary");
    }
    // Largest total index on top.
    let mut order: Vec<usize> = (0..s.indices.len()).collect();
    order.sort_by(|a, b| {
        s.indices[*b]
            .total_order
            .total_cmp(&s.indices[*a].total_order)
    });
    let names: Vec<String> = order
        .iter()
        .map(|i| s.indices[*i].factor.input.name().to_owned())
        .collect();
    let (left, top, right, bottom) = rows_box(&body, sizes, &names);
    let hi = s.indices.iter().fold(0.0f64, |b, x| {
        b.max(x.first_order_ci.high)
            .max(x.total_order_ci.high)
            .max(x.total_order)
    });
    // From 0 (an index is a share of the variance: a bootstrap interval reaching below
    // it is cut there, and the subtitle says so), with room right of the longest whisker
    // for its value.
    let axis = NiceAxis::new(0.0, (hi * 1.1).clamp(0.1, 1.5));
    let r = axis.range();
    let to_x =
        |v: f64| left + (v.clamp(r.start, r.end) - r.start) / (r.end - r.start) * (right - left);
    x_axis(
        &body,
        sizes,
        &axis,
        (left, top, right, bottom),
        &to_x,
        "Sobol' index (share of the variance)",
        &|v| axis.label(v),
    )?;
    let row_h = (bottom - top) / names.len() as f64;
    let bar_h = (row_h * 0.34).min(sizes.tick * 1.6);
    for (k, i) in order.iter().enumerate() {
        let x = &s.indices[*i];
        let cy = top + (k as f64 + 0.5) * row_h;
        sobol_row(&body, sizes, x, (cy, bar_h), &to_x)?;
        row_label(
            &body,
            sizes,
            left - sizes.tick * 0.6,
            cy,
            &names[k],
            &range_text(x.factor.low, x.factor.high),
        )?;
    }
    Ok(())
}

/// Draws the Sobol' chart's title, subtitle and legend, and returns the area left for the
/// rows.
fn sobol_body<'a, DB: DrawingBackend>(
    root: &Area<'a, DB>,
    s: &Sobol,
    chart: &SensitivityChart,
    sizes: &Sizes,
) -> Result<Area<'a, DB>, Error> {
    let figure = chart.figure;
    let below = s
        .indices
        .iter()
        .any(|x| x.first_order_ci.low < 0.0 || x.total_order_ci.low < 0.0 || x.first_order < 0.0);
    let detail = format!(
        "Share of the variance of {} ({} scenario, group {}) due to each input over its range, alone (first order) and with its interactions (total) · {} base samples, {} evaluations · whiskers: {:.0} % bootstrap intervals over {} resamples",
        figure.name(),
        chart.scenario,
        chart.group,
        grouped(s.samples as f64, 0),
        grouped(s.evaluations as f64, 0),
        s.confidence * 100.0,
        grouped(s.resamples as f64, 0),
    );
    let note = if below {
        "Below 0, an interval is cut and an estimate drawn at 0 (its value written): an index, a share of the variance, is never negative, though its estimate and the bootstrap's can fall under 0 by chance, the more so with few samples."
    } else {
        ""
    };
    titled(
        root,
        chart,
        sizes,
        (
            &format!("{}: Sobol' indices", figure_words(figure, &chart.scenario)),
            &detail,
            note,
        ),
        &[
            Entry::new(
                "first-order index (the input alone)",
                Swatch::Fill {
                    color: FIRST,
                    alpha: 0.85,
                },
            ),
            Entry::new(
                "total index (with its interactions)",
                Swatch::Fill {
                    color: TOTAL,
                    alpha: 0.85,
                },
            ),
            Entry::new(
                format!("{:.0} % interval", s.confidence * 100.0),
                Swatch::Whisker { color: theme::INK },
            ),
        ],
    )
}

/// Draws one input's row of the Sobol' chart, centred at `cy`: its first-order index above
/// its total index, each a bar `bar_h` pixels high from zero with its interval as a
/// whisker and its value written right of both.
fn sobol_row<DB: DrawingBackend>(
    body: &Area<'_, DB>,
    sizes: &Sizes,
    x: &SobolIndex,
    (cy, bar_h): (f64, f64),
    to_x: &dyn Fn(f64) -> f64,
) -> Result<(), Error> {
    let zero = to_x(0.0);
    let value_style = theme::text(sizes.tick * 0.8, theme::INK);
    for (j, (v, ci, colour)) in [
        (x.first_order, x.first_order_ci, FIRST),
        (x.total_order, x.total_order_ci, TOTAL),
    ]
    .into_iter()
    .enumerate()
    {
        let y0 = cy - bar_h + j as f64 * bar_h;
        let y1 = y0 + bar_h - 1.0;
        let end = to_x(v);
        body.draw(&Rectangle::new(
            [
                (zero.min(end) as i32, y0 as i32),
                (zero.max(end).max(zero.min(end) + 1.0) as i32, y1 as i32),
            ],
            colour.mix(0.85).filled(),
        ))
        .map_err(chart_err)?;
        let (a, b) = (to_x(ci.low), to_x(ci.high));
        let ym = ((y0 + y1) / 2.0) as i32;
        let cap = (bar_h * 0.3) as i32;
        // No cap where the interval was cut at 0: it goes on below.
        let mut segs = vec![
            vec![(a as i32, ym), (b as i32, ym)],
            vec![(b as i32, ym - cap), (b as i32, ym + cap)],
        ];
        if ci.low >= 0.0 {
            segs.push(vec![(a as i32, ym - cap), (a as i32, ym + cap)]);
        }
        for seg in segs {
            body.draw(&PathElement::new(seg, theme::INK.stroke_width(1)))
                .map_err(chart_err)?;
        }
        body.draw(&Text::new(
            if v.abs() < 0.005 {
                "0.00".to_owned()
            } else {
                format!("{v:.2}")
            },
            ((b.max(end) + sizes.tick * 0.4) as i32, ym),
            value_style.pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(chart_err)?;
    }
    Ok(())
}
