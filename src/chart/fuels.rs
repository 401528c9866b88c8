//! `fuels`: the fuels refineries did not make each projected day, per scenario, and the
//! exports they lost (MODEL.md, "Fuels").

use chrono::NaiveDate;
use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::series::{DailySeries, ScenarioSeries};
use super::theme::{self, Sizes};
use super::{
    day_panel, day_points, day_x, header, projected_span, truce_entries, Area, ChartInput, NiceAxis,
};
use crate::data::Product;
use crate::error::Error;
use crate::format::grouped;

/// The fuels the upper panel draws beside all fuels (dotted): diesel solid, gasoline
/// dashed; the lower panel draws the exports lost.
const LINES: [(Product, Option<(i32, i32)>); 2] =
    [(Product::Diesel, None), (Product::Gasoline, Some((6, 4)))];
/// The dash of all fuels together.
const ALL_DASH: (i32, i32) = (2, 3);

/// One drawn line: thousand tonnes per day, its dash (`None`: solid) and width.
type Line = (Vec<f64>, Option<(i32, i32)>, u32);

/// Thousand tonnes per day of `s`'s fuel `p` (`None`: all fuels), each projected day.
fn kt_per_day(s: &ScenarioSeries, p: Option<Product>) -> Vec<f64> {
    s.fuels.as_deref().map_or_else(Vec::new, |days| {
        days.iter()
            .map(|d| match p {
                Some(p) => d[p as usize] / 1e3,
                None => d.iter().sum::<f64>() / 1e3,
            })
            .collect()
    })
}

/// Mean of the values, tonnes per day (`xs` in thousand tonnes per day).
fn mean_t(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len().max(1) as f64 * 1e3
}

/// The sentence of what each scenario gives back against the reference, per day on average.
fn gain_sentences(daily: &DailySeries) -> Vec<String> {
    let Some(r) = daily.reference else {
        return Vec::new();
    };
    let reference = &daily.scenarios[r];
    let all = |s: &ScenarioSeries| mean_t(&kt_per_day(s, None));
    let exports = |s: &ScenarioSeries| s.exports_lost.as_deref().map(|x| mean_t(x) / 1e3);
    daily
        .scenarios
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != r)
        .map(|(_, s)| {
            let mut words = format!(
                "{} gives back {} t/d of fuels",
                s.name,
                grouped(all(reference) - all(s), 0)
            );
            if let (Some(a), Some(b)) = (exports(reference), exports(s)) {
                words.push_str(&format!(", {} t/d of exports", grouped(a - b, 0)));
            }
            words
        })
        .collect()
}

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let daily = input.daily.expect("checked by render");
    let title = &format!("Fuels and exports lost to strikes{}", daily.comparison());
    let Some((start, last)) = projected_span(
        root,
        input,
        sizes,
        title,
        |s| s.fuels.is_some(),
        "no fuels to plot: only refineries in Mt/yr with known yields",
    )?
    else {
        return Ok(());
    };
    let mut parts = gain_sentences(daily);
    parts.push(format!(
        "expected path, projected {start} to {last}; thousand tonnes per day"
    ));
    parts.push(
        "lost runs split by the refineries' yields; exports: domestic demand served first".into(),
    );
    let body = header(
        root,
        sizes,
        input.text,
        title,
        input.source,
        &parts.join(" · "),
    )?;
    let exports = daily.scenarios.iter().any(|s| s.exports_lost.is_some());
    let body = legend::below(&body, sizes, &entries(daily, sizes))?;
    let span = day_x(start, last) + 1.0;
    let top_hi = daily
        .scenarios
        .iter()
        .flat_map(|s| kt_per_day(s, None))
        .fold(0.0_f64, |a, v| if v.is_finite() { a.max(v) } else { a });
    let fuels_axis = NiceAxis::new(0.0, (top_hi * 1.1).max(1e-3));
    if !exports {
        return panel(
            root,
            &body,
            daily,
            sizes,
            start,
            span,
            fuels_axis,
            Panel::Fuels,
        );
    }
    let x_hi = daily
        .scenarios
        .iter()
        .flat_map(|s| s.exports_lost.iter().flatten().map(|v| v / 1e3))
        .fold(0.0_f64, |a, v| if v.is_finite() { a.max(v) } else { a });
    let exports_axis = NiceAxis::new(0.0, (x_hi * 1.1).max(1e-3));
    let (top, bottom) = body.split_vertically(body.dim_in_pixel().1 * 58 / 100);
    panel(
        root,
        &top,
        daily,
        sizes,
        start,
        span,
        fuels_axis,
        Panel::Fuels,
    )?;
    panel(
        root,
        &bottom,
        daily,
        sizes,
        start,
        span,
        exports_axis,
        Panel::Exports,
    )
}

/// One legend entry per drawn element.
fn entries(daily: &DailySeries, sizes: &Sizes) -> Vec<Entry> {
    let mut out: Vec<Entry> = daily
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Entry::new(
                s.name.clone(),
                Swatch::Line {
                    color: theme::series(i),
                    width: sizes.line + 1,
                    dash: None,
                },
            )
        })
        .collect();
    let line = |label: &str, dash| {
        Entry::new(
            label,
            Swatch::Line {
                color: theme::INK,
                width: sizes.line,
                dash,
            },
        )
    };
    out.push(line("all fuels", Some(ALL_DASH)));
    for (p, dash) in LINES {
        out.push(line(p.name(), dash));
    }
    out.extend(truce_entries(daily));
    out
}

/// What a panel draws.
#[derive(Clone, Copy, PartialEq)]
enum Panel {
    /// Fuels lost: all, diesel and gasoline.
    Fuels,
    /// Exports lost.
    Exports,
}

/// Draws one panel of `daily` over `area`.
#[allow(clippy::too_many_arguments)]
fn panel<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    area: &Area<'_, DB>,
    daily: &DailySeries,
    sizes: &Sizes,
    start: NaiveDate,
    span: f64,
    axis: NiceAxis,
    what: Panel,
) -> Result<(), Error> {
    let line = sizes.line;
    let label = match what {
        Panel::Fuels => "fuels not made, kt/d",
        Panel::Exports => "exports lost, kt/d",
    };
    let left = super::axis_area(area, sizes, &axis);
    let chart = day_panel(
        root,
        area,
        daily,
        sizes,
        (start, span),
        (left, sizes.margin, 2.4),
        axis,
        label,
    )?;
    for (i, s) in daily.scenarios.iter().enumerate() {
        let color = theme::series(i);
        let lines: Vec<Line> = match what {
            Panel::Fuels => std::iter::once((kt_per_day(s, None), Some(ALL_DASH), line))
                .chain(
                    LINES
                        .iter()
                        .map(|(p, dash)| (kt_per_day(s, Some(*p)), *dash, line + 1)),
                )
                .collect(),
            Panel::Exports => vec![(
                s.exports_lost
                    .as_deref()
                    .map_or_else(Vec::new, |x| x.iter().map(|v| v / 1e3).collect()),
                None,
                line + 1,
            )],
        };
        for (values, dash, width) in lines {
            let points = day_points(&chart, start, &s.dates, &values);
            super::dashed_path(root, &points, color.stroke_width(width), dash)?;
        }
    }
    Ok(())
}
