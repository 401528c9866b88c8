//! `power`: a power group's supply against its demand peak each projected day, per scenario,
//! and the hours a day with a deficit (MODEL.md, "Hours without power").

use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::series::{DailySeries, ScenarioSeries};
use super::theme::{self, Sizes};
use super::{
    day_panel, day_points, day_x, header, projected_span, truce_entries, Area, ChartInput, NiceAxis,
};
use crate::error::Error;
use crate::format::grouped;

/// The dash of the demand peak.
const DEMAND_DASH: (i32, i32) = (6, 4);

/// Column `k` of `s`'s power balance, each projected day (empty without one).
fn column(s: &ScenarioSeries, k: usize) -> Vec<f64> {
    s.power
        .as_deref()
        .map_or_else(Vec::new, |days| days.iter().map(|d| d[k]).collect())
}

/// Mean of the finite values (the days the balance covers).
fn mean(xs: &[f64]) -> f64 {
    let covered: Vec<f64> = xs.iter().copied().filter(|v| v.is_finite()).collect();
    covered.iter().sum::<f64>() / covered.len().max(1) as f64
}

/// What each scenario gives back against the reference, as the days' means.
fn gain_sentences(daily: &DailySeries) -> Vec<String> {
    let Some(r) = daily.reference else {
        return Vec::new();
    };
    let reference = &daily.scenarios[r];
    daily
        .scenarios
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != r)
        .map(|(_, s)| {
            format!(
                "{} gives back {} h a day with a deficit and {} MW of peak deficit",
                s.name,
                grouped(mean(&column(reference, 3)) - mean(&column(s, 3)), 1),
                grouped(mean(&column(reference, 2)) - mean(&column(s, 2)), 0)
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
    let title = &format!("Hours without power{}", daily.comparison());
    let Some((start, last)) = projected_span(
        root,
        input,
        sizes,
        title,
        |s| s.power.is_some(),
        "nothing to plot: the power balance covers no projected day",
    )?
    else {
        return Ok(());
    };
    let covered = column(&daily.scenarios[0], 0)
        .iter()
        .filter(|v| v.is_finite())
        .count();
    let mut parts = gain_sentences(daily);
    parts.push(format!(
        "expected path, {start} to {last}, {covered} days covered by the balance"
    ));
    let body = header(
        root,
        sizes,
        input.text,
        title,
        input.source,
        &parts.join(" · "),
    )?;
    let body = legend::below(&body, sizes, &entries(daily, sizes))?;
    let span = day_x(start, last) + 1.0;
    let top = |k: usize| {
        daily
            .scenarios
            .iter()
            .flat_map(|s| column(s, k))
            .fold(0.0_f64, |a, v| if v.is_finite() { a.max(v) } else { a })
    };
    let gw_axis = NiceAxis::new(0.0, (top(0).max(top(1)) / 1e3 * 1.1).max(1e-3));
    let hours_axis = NiceAxis::new(0.0, 24.0);
    let (upper, lower) = body.split_vertically(body.dim_in_pixel().1 * 58 / 100);
    // One label width for both panels, so that their days line up.
    let left =
        super::axis_area(&upper, sizes, &gw_axis).max(super::axis_area(&lower, sizes, &hours_axis));
    panel(
        root,
        &upper,
        daily,
        sizes,
        (start, span, left),
        gw_axis,
        Panel::Balance,
    )?;
    panel(
        root,
        &lower,
        daily,
        sizes,
        (start, span, left),
        hours_axis,
        Panel::Hours,
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
                format!("{}: supply; hours short", s.name),
                Swatch::Line {
                    color: theme::series(i),
                    width: sizes.line + 1,
                    dash: None,
                },
            )
        })
        .collect();
    out.push(Entry::new(
        "demand peak",
        Swatch::Line {
            color: theme::INK,
            width: sizes.line,
            dash: Some(DEMAND_DASH),
        },
    ));
    out.extend(truce_entries(daily));
    out
}

/// What a panel draws.
#[derive(Clone, Copy, PartialEq)]
enum Panel {
    /// Each scenario's supply against the demand peak, GW.
    Balance,
    /// Each scenario's hours a day with a deficit.
    Hours,
}

/// Draws one panel of `daily` over `area`.
fn panel<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    area: &Area<'_, DB>,
    daily: &DailySeries,
    sizes: &Sizes,
    (start, span, left): (chrono::NaiveDate, f64, u32),
    axis: NiceAxis,
    what: Panel,
) -> Result<(), Error> {
    let line = sizes.line;
    let label = match what {
        Panel::Balance => "GW at the peak",
        Panel::Hours => "hours short a day",
    };
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
    let path = |s: &ScenarioSeries, values: &[f64]| day_points(&chart, start, &s.dates, values);
    if what == Panel::Balance {
        if let Some(first) = daily.scenarios.first() {
            let demand: Vec<f64> = column(first, 0).iter().map(|v| v / 1e3).collect();
            super::dashed_path(
                root,
                &path(first, &demand),
                theme::INK.stroke_width(line),
                Some(DEMAND_DASH),
            )?;
        }
    }
    for (i, s) in daily.scenarios.iter().enumerate() {
        let values: Vec<f64> = match what {
            Panel::Balance => column(s, 1).iter().map(|v| v / 1e3).collect(),
            Panel::Hours => column(s, 3),
        };
        super::dashed_path(
            root,
            &path(s, &values),
            theme::series(i).stroke_width(line + 1),
            None,
        )?;
    }
    Ok(())
}
