//! `outages`: a Gantt chart, one row per refinery, one bar per outage.

use chrono::NaiveDate;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::theme::{self, Sizes};
use super::{
    chart_err, day_axis, header, message, single_plot, Area, ChartInput, ChartKind, RecordCharts,
};
use crate::error::Error;
use crate::observed::period::OutageBar;

/// The shares of the legend's swatches.
const SHARES: [f64; 4] = [0.25, 0.5, 0.75, 1.0];

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let records = input.records.expect("checked by render");
    let bars = RecordCharts::part(&records.outages, ChartKind::Outages)?;
    let labels = super::Labels::of(input);
    let (from, to) = input.period;
    let detail = format!(
        "outages from strike date to restart, {from} to {to} · shade: share of the {} disabled · hatched: outage length or share disabled is a default, not reported",
        labels.asset
    );
    let title = if labels.refining {
        "Refinery outages from drone strikes".to_owned()
    } else {
        format!("{} outages from strikes", capitalised(labels.asset))
    };
    let body = header(root, sizes, input.text, &title, input.source, &detail)?;
    let end = to + chrono::Days::new(1);
    if bars.is_empty() {
        return message(&body, sizes, "no outages in the period");
    }
    let body = legend::below(&body, sizes, &entries())?;
    let first_bars = rows(bars);
    let names: Vec<String> = first_bars
        .iter()
        .map(|bar| format!("{} ({})", bar.asset_id, capacity_text(bar.capacity)))
        .collect();
    let rows: Vec<usize> = first_bars.iter().map(|bar| bar.asset).collect();
    let x = |d: NaiveDate| (d.clamp(from, end) - from).num_days() as f64;
    let y_desc = format!("{} (capacity, {})", labels.asset, labels.capacity);
    let mut chart = gantt_chart(root, &body, sizes, (from, x(end)), &names, &y_desc)?;
    draw_bars(root, &mut chart, sizes, bars, &rows, &x)
}

/// The legend: the shade of each share of the swatches, and the hatch of a default.
fn entries() -> Vec<Entry> {
    let mut entries: Vec<Entry> = SHARES
        .iter()
        .enumerate()
        .map(|(k, share)| {
            Entry::new(
                if k == 0 {
                    format!("{:.0} % disabled, reported", share * 100.0)
                } else {
                    format!("{:.0} %", share * 100.0)
                },
                Swatch::Fill {
                    color: theme::share_color(*share),
                    alpha: 0.9,
                },
            )
        })
        .collect();
    entries.push(Entry::new(
        "hatched: length or share a default, not reported",
        Swatch::Hatched {
            color: theme::share_color(0.75),
            alpha: 0.35,
        },
    ));
    entries
}

/// The rows: the first bar of each asset of `bars`, each asset once, largest capacity
/// first (then in the assets' order), found in one pass rather than a search per row.
fn rows(bars: &[OutageBar]) -> Vec<&OutageBar> {
    let mut first: std::collections::BTreeMap<usize, &OutageBar> = Default::default();
    for bar in bars {
        first.entry(bar.asset).or_insert(bar);
    }
    let mut rows: Vec<&OutageBar> = first.into_values().collect();
    rows.sort_by(|a, b| {
        b.capacity
            .total_cmp(&a.capacity)
            .then(a.asset.cmp(&b.asset))
    });
    rows
}

/// A chart of days across and one row per asset up, the first at the top.
type GanttChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Lays out the Gantt chart on `body` and draws its axes: `span` days from `from` across,
/// month-start dates below; one row per name up, the names left of them under the
/// description `y_desc`.
fn gantt_chart<'a, DB: DrawingBackend>(
    root: &Area<'_, DB>,
    body: &'a Area<'_, DB>,
    sizes: &Sizes,
    (from, span): (NaiveDate, f64),
    names: &[String],
    y_desc: &str,
) -> Result<GanttChart<'a, DB>, Error> {
    let n = names.len() as f64;
    let style = theme::text(sizes.tick, theme::INK);
    let longest = names
        .iter()
        .map(|s| body.estimate_text_size(s, &style).map_or(0, |w| w.0))
        .max()
        .unwrap_or(60);
    let mut chart = single_plot(body, sizes, longest + (sizes.label * 2.6) as u32)
        .build_cartesian_2d(0.0..span, 0.0..n)
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(theme::GRID.mix(0.5))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_labels(0)
        .y_labels(names.len() * 2 + 1)
        .y_label_formatter(&|v| {
            // Row k sits at n - k - 0.5 (largest at the top).
            let k = n - v - 0.5;
            if (k - k.round()).abs() < 1e-6 && k >= 0.0 && (k as usize) < names.len() {
                names[k.round() as usize].clone()
            } else {
                String::new()
            }
        })
        .label_style(style)
        .y_desc(y_desc)
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    day_axis(root, &chart, sizes, from)?;
    Ok(chart)
}

/// Draws one bar per outage in `bars` on its asset's row, from the strike to the restart
/// (`x`: a day's place across, clamped to the period), shaded by the share of the asset
/// disabled: pale and hatched where the length or the share is a default.
fn draw_bars<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    chart: &mut GanttChart<'_, DB>,
    sizes: &Sizes,
    bars: &[OutageBar],
    rows: &[usize],
    x: &dyn Fn(NaiveDate) -> f64,
) -> Result<(), Error> {
    let n = rows.len() as f64;
    let spacing = (sizes.tick * 0.45).max(3.0) as i32;
    for s in bars {
        let k = rows
            .iter()
            .position(|&a| a == s.asset)
            .expect("row of every bar") as f64;
        let y = n - k - 0.5;
        let color = theme::share_color(s.share);
        let corners = [
            (x(s.start), y - 0.36),
            (x(s.restart).max(x(s.start) + 1.0), y + 0.36),
        ];
        if s.default_basis {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    corners,
                    color.mix(0.35).filled(),
                )))
                .map_err(chart_err)?;
            let (a, b) = (
                chart.backend_coord(&corners[0]),
                chart.backend_coord(&corners[1]),
            );
            let bounds = (a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1));
            for (p, q) in legend::hatch(bounds, spacing) {
                root.draw(&PathElement::new(vec![p, q], color.stroke_width(1)))
                    .map_err(chart_err)?;
            }
        } else {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    corners,
                    color.mix(0.9).filled(),
                )))
                .map_err(chart_err)?;
        }
    }
    Ok(())
}

/// A capacity as written beside a row: one decimal below 100, whole numbers with their
/// thousands grouped above (2,334).
fn capacity_text(v: f64) -> String {
    if v >= 100.0 {
        crate::format::grouped(v, 0)
    } else {
        crate::format::grouped(v, 1)
    }
}

/// `word` with its first letter in upper case.
fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}
