//! `monthly`: lost processing volume per month, with its share of national capacity.

use chrono::{Datelike, NaiveDate};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::theme::{self, Sizes};
use super::{
    chart_err, footnote, header, message, single_plot, Area, ChartInput, ChartKind, Labels,
    NiceAxis, RecordCharts,
};
use crate::error::Error;
use crate::format::{count, grouped};
use crate::observed::draws::Band;
use crate::observed::history::Month;
use crate::observed::period::MonthlyLoss;
use plotters::style::FontTransform;

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
    // P10-P90 of each month over record draws.
    let whiskers = loss.bands.as_deref();
    let high = |i: usize| whiskers.map_or(ms[i].lost, |w| w[i].p90.max(ms[i].lost));
    let hi = (0..ms.len()).map(high).fold(0.0, f64::max);
    if hi <= 0.0 {
        return message(&body, sizes, "no outages in the period");
    }
    let body = footnote(&body, sizes, &apart_note(loss))?;
    let partial = ms.iter().any(|m| m.days != days_in_month(m.month));
    let body = legend::below(&body, sizes, &entries(loss, &words, partial))?;
    let labels = ShareLabels::fit(&body, sizes, ms, hi);
    let top = labels.top;
    let y_desc = format!("lost volume, {}", words.amount);
    let mut chart = month_chart(&body, sizes, ms, top, &y_desc)?;
    let tops: Vec<f64> = (0..ms.len()).map(high).collect();
    bars(&mut chart, ms, whiskers, &tops, &labels, sizes)?;
    Ok(())
}

/// The footnote where bars and whiskers disagree: a bar outside its whisker, or a month
/// with a whisker and no bar, and why they can (none where they agree everywhere).
fn apart_note(loss: &MonthlyLoss) -> String {
    let Some(bands) = &loss.bands else {
        return String::new();
    };
    let pairs = || loss.months.iter().zip(bands);
    let slack = |b: &Band| 1e-9 * b.p90.abs().max(1.0);
    let outside = pairs()
        .filter(|(m, b)| m.lost > 0.0 && (m.lost < b.p10 - slack(b) || m.lost > b.p90 + slack(b)))
        .count();
    let bare = pairs()
        .filter(|(m, b)| m.lost <= 0.0 && b.p90 > 0.0)
        .count();
    let mut here = Vec::new();
    if outside > 0 {
        here.push(format!(
            "{} outside {}",
            count(outside, "bar"),
            if outside == 1 {
                "its whisker"
            } else {
                "their whiskers"
            }
        ));
    }
    if bare > 0 {
        here.push(format!(
            "{} with a whisker and no bar",
            count(bare, "month")
        ));
    }
    if here.is_empty() {
        return String::new();
    }
    format!(
        "A bar is the records as written, each record counted in full; its whisker the P10-P90 of draws of the records, in which a record's outage length and share vary within their ranges and a record may have had no effect. So the two can part: here {}.",
        here.join(" and ")
    )
}

/// The labels of the months' shares as they fit the months' slots: one decimal across
/// where they fit, whole percents from 10 % up where those fit, else one decimal
/// written upwards; and the top of the axis that leaves them room over the highest bar or
/// whisker (`hi`).
struct ShareLabels {
    texts: Vec<String>,
    /// Written upwards (turned a quarter), where they are too wide for their slots.
    upwards: bool,
    top: f64,
}

impl ShareLabels {
    fn fit<DB: DrawingBackend>(body: &Area<'_, DB>, sizes: &Sizes, ms: &[Month], hi: f64) -> Self {
        let style = label_style(sizes);
        let width = |texts: &[String]| {
            texts
                .iter()
                .map(|t| body.estimate_text_size(t, &style).map_or(0, |s| s.0))
                .max()
                .unwrap_or(0) as f64
        };
        let full: Vec<String> = ms.iter().map(|m| share_text(m.share, false)).collect();
        let short: Vec<String> = ms.iter().map(|m| share_text(m.share, true)).collect();
        let (w, h) = body.dim_in_pixel();
        let m = f64::from(sizes.margin);
        let y_area = f64::from(super::axis_area(body, sizes, &NiceAxis::new(0.0, hi * 1.3)));
        let slot = (f64::from(w) - 3.0 * m - y_area) / ms.len().max(1) as f64;
        let line = sizes.tick * 0.9;
        let (texts, upwards, room) = if width(&full) <= slot * 0.9 {
            (full, false, line)
        } else if width(&short) <= slot * 0.9 {
            (short, false, line)
        } else {
            let w = width(&full);
            (full, true, w)
        };
        // The plot's height, and the top that leaves the labels `room` over `hi`.
        let plot_h = (f64::from(h) - sizes.tick * 2.6 - m).max(1.0);
        let free = (plot_h - room - sizes.tick * 0.8).max(plot_h * 0.5);
        let top = (hi * plot_h / free).max(hi * 1.08);
        ShareLabels {
            texts,
            upwards,
            top,
        }
    }
}

/// A share as its label: `4.5 %`; `short`: whole percents from 10 % up (`38 %`).
fn share_text(share: f64, short: bool) -> String {
    let pct = share * 100.0;
    if short && pct >= 9.95 {
        format!("{pct:.0} %")
    } else {
        format!("{pct:.1} %")
    }
}

/// The style of the share labels.
fn label_style(sizes: &Sizes) -> TextStyle<'static> {
    theme::text(sizes.tick * 0.9, theme::INK)
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
        "{from} to {to} · {} · label: share of national capacity ({} {}) that month{whisker_note}",
        if words.refining {
            "lost primary processing, capacity basis (offline capacity x days / 365)"
        } else {
            "lost capacity x days"
        },
        grouped(national, 0),
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
/// top of each bar or whisker), across or upwards as `labels` fit.
fn bars<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, NiceAxis>>,
    ms: &[Month],
    whiskers: Option<&[Band]>,
    tops: &[f64],
    labels: &ShareLabels,
    sizes: &Sizes,
) -> Result<(), Error> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    // A few pixels over the top of the bar or whisker, in the axis' units.
    let gap = {
        let (a, b) = (
            chart.backend_coord(&(0.0, 0.0)).1,
            chart.backend_coord(&(0.0, labels.top)).1,
        );
        labels.top / f64::from((a - b).max(1)) * (sizes.tick * 0.3).max(2.0)
    };
    let style = if labels.upwards {
        label_style(sizes)
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Left, VPos::Center))
    } else {
        label_style(sizes).pos(Pos::new(HPos::Center, VPos::Bottom))
    };
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
            chart
                .draw_series(std::iter::once(Text::new(
                    labels.texts[i].clone(),
                    (x, tops[i] + gap),
                    style.clone(),
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
