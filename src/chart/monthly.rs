//! `monthly`: lost processing volume per month, with its share of national capacity.

use chrono::{Datelike, NaiveDate};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::theme::{self, Sizes};
use super::{
    chart_err, header, message, single_plot, Area, ChartInput, ChartKind, Labels, NiceAxis,
    RecordCharts,
};
use crate::error::Error;
use crate::observed::draws::Band;
use crate::observed::history::Month;
use crate::observed::period::MonthlyLoss;

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let records = input.records.expect("checked by render");
    let loss = RecordCharts::part(&records.monthly, ChartKind::Monthly)?;
    let words = super::Labels::of(input);
    let title = if words.refining {
        "Refining volume lost to strikes, by month".to_owned()
    } else {
        format!("{} capacity lost to strikes, by month", words.system)
    };
    let detail = detail(input.period, loss, records.national_capacity, &words);
    let body = header(root, sizes, input.text, &title, input.source, &detail)?;
    let ms = &loss.months;
    if ms.iter().all(|m| m.lost == 0.0) {
        return message(&body, sizes, "no outages in the period");
    }
    let partial = ms.iter().any(|m| m.days != days_in_month(m.month));
    let body = legend::below(&body, sizes, &entries(loss, &words, partial))?;
    // P10-P90 of each month over record draws.
    let whiskers = loss.bands.as_ref();
    let high = |i: usize| {
        whiskers
            .as_ref()
            .map_or(ms[i].lost, |w| w[i].p90.max(ms[i].lost))
    };
    let top = (0..ms.len()).map(high).fold(0.0, f64::max) * 1.2;
    let y_desc = format!("lost volume, {}", words.amount);
    let mut chart = month_chart(&body, sizes, ms, top, &y_desc)?;
    let tops: Vec<f64> = (0..ms.len()).map(high).collect();
    bars(
        &mut chart,
        ms,
        whiskers.map(Vec::as_slice),
        &tops,
        top,
        sizes,
    )?;
    Ok(())
}

/// The subtitle's detail: the period, what is counted, what the labels say (the share of
/// `national` capacity) and, with record draws, what the whiskers show.
fn detail(
    (from, to): (NaiveDate, NaiveDate),
    loss: &MonthlyLoss,
    national: f64,
    words: &Labels,
) -> String {
    let whisker_note = loss.draws.map_or(String::new(), |d| {
        format!(
            " · whiskers: P10-P90 over {} draws of the records (seed {})",
            d.draws, d.seed
        )
    });
    format!(
        "{from} to {to} · {} · label: share of national capacity ({:.0} {}) that month{whisker_note}",
        if words.refining {
            "lost primary processing, capacity basis (offline capacity x days / 365)"
        } else {
            "lost capacity x days"
        },
        national,
        words.capacity
    )
}

/// One legend entry per drawn element: the bars, their labels, the whiskers with record
/// draws, and the mark of a `partial` month where there is one.
fn entries(loss: &MonthlyLoss, words: &Labels, partial: bool) -> Vec<Entry> {
    let mut entries = vec![
        Entry::new(
            format!("lost volume, {}", words.amount),
            Swatch::Fill {
                color: theme::LOSS,
                alpha: 0.85,
            },
        ),
        Entry::new(
            "share of national capacity that month",
            Swatch::Sample("4.5 %"),
        ),
    ];
    if let Some(d) = loss.draws {
        entries.push(Entry::new(
            format!("P10-P90 over {} draws of the records", d.draws),
            Swatch::Whisker { color: theme::INK },
        ));
    }
    if partial {
        entries.push(Entry::new(
            "part of the month in the period",
            Swatch::Sample("Mar*"),
        ));
    }
    entries
}

/// Lays out the chart of the months `ms` on `body` and draws its axes: one slot per month
/// across, labelled every month or every second, third... so that labels never touch (a
/// star on a month partly in the period); `0..top` up, described by `y_desc`.
fn month_chart<'a, DB: DrawingBackend>(
    body: &'a Area<'_, DB>,
    sizes: &Sizes,
    ms: &[Month],
    top: f64,
    y_desc: &str,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, NiceAxis>>, Error> {
    let n = ms.len() as f64;
    let m = sizes.margin;
    let labels: Vec<String> = ms
        .iter()
        .map(|m| {
            let full = m.days == days_in_month(m.month);
            format!("{}{}", m.month.format("%b %y"), if full { "" } else { "*" })
        })
        .collect();
    let mut chart = single_plot(
        body,
        sizes,
        super::axis_area(body, sizes, &NiceAxis::new(0.0, top)),
    )
    .build_cartesian_2d(-0.5..n - 0.5, NiceAxis::new(0.0, top))
    .map_err(chart_err)?;
    let label_w = body
        .estimate_text_size("May 24*", &theme::text(sizes.tick, theme::INK))
        .map_or(sizes.tick * 4.0, |s| f64::from(s.0))
        + sizes.tick * 0.8;
    let plot_w = f64::from(body.dim_in_pixel().0) - sizes.label * 4.0 - f64::from(m) * 3.0;
    let every = ((label_w / (plot_w / n).max(1.0)).ceil() as usize).max(1);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(theme::GRID.mix(0.5))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_labels(ms.len() * 2 + 1)
        .x_label_formatter(&|v| {
            let i = v.round();
            if (v - i).abs() < 1e-6
                && i >= 0.0
                && (i as usize) < labels.len()
                && (i as usize).is_multiple_of(every)
            {
                labels[i as usize].clone()
            } else {
                String::new()
            }
        })
        .y_labels(10)
        .label_style(theme::text(sizes.tick, theme::INK))
        .y_desc(y_desc)
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    Ok(chart)
}

/// One bar per month with its P10-P90 whisker and its share written above (`tops`: the
/// top of each bar or whisker).
fn bars<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, NiceAxis>>,
    ms: &[Month],
    whiskers: Option<&[Band]>,
    tops: &[f64],
    top: f64,
    sizes: &Sizes,
) -> Result<(), Error> {
    for (i, mo) in ms.iter().enumerate() {
        let x = i as f64;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(x - 0.38, 0.0), (x + 0.38, mo.lost)],
                theme::LOSS.mix(0.85).filled(),
            )))
            .map_err(chart_err)?;
        if let Some(w) = whiskers.map(|w| w[i]).filter(|w| w.p90 > w.p10) {
            let ink = theme::INK.stroke_width(sizes.line.max(1));
            chart
                .draw_series([
                    PathElement::new(vec![(x, w.p10), (x, w.p90)], ink),
                    PathElement::new(vec![(x - 0.15, w.p10), (x + 0.15, w.p10)], ink),
                    PathElement::new(vec![(x - 0.15, w.p90), (x + 0.15, w.p90)], ink),
                ])
                .map_err(chart_err)?;
        }
        if mo.lost > 0.0 {
            let style = theme::text(sizes.tick * 0.9, theme::INK).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Bottom,
                ),
            );
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{:.1} %", mo.share * 100.0),
                    (x, tops[i] + top * 0.01),
                    style,
                )))
                .map_err(chart_err)?;
        }
    }
    Ok(())
}

fn days_in_month(first: NaiveDate) -> usize {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next.map_or(31, |n| (n - first).num_days() as usize)
}
