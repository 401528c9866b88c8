//! `outages`: a Gantt chart, one row per refinery, one bar per outage.

use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::theme::{self, Sizes};
use super::{chart_err, day_axis, header, message, Area, ChartInput, ChartKind, RecordCharts};
use crate::error::Error;

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
    let body = legend::below(&body, sizes, &entries)?;
    let bar_of = |a: usize| bars.iter().find(|s| s.asset == a).expect("a bar per row");
    let mut rows: Vec<usize> = bars.iter().map(|s| s.asset).collect();
    rows.sort_by(|a, b| {
        let (ca, cb) = (bar_of(*a).capacity, bar_of(*b).capacity);
        cb.total_cmp(&ca).then(a.cmp(b))
    });
    rows.dedup();
    let n = rows.len() as f64;
    let x = |d: chrono::NaiveDate| (d.clamp(from, end) - from).num_days() as f64;
    let span = x(end);
    let names: Vec<String> = rows
        .iter()
        .map(|&a| {
            let bar = bar_of(a);
            format!("{} ({})", bar.asset_id, capacity_text(bar.capacity))
        })
        .collect();
    let m = sizes.margin;
    let style = theme::text(sizes.tick, theme::INK);
    let longest = names
        .iter()
        .map(|s| body.estimate_text_size(s, &style).map_or(0, |w| w.0))
        .max()
        .unwrap_or(60);
    let mut chart = ChartBuilder::on(&body)
        .margin_left(m)
        .margin_right(m * 2)
        .margin_bottom(m / 2)
        .x_label_area_size((sizes.tick * 2.6) as u32)
        .y_label_area_size(longest + (sizes.label * 2.6) as u32)
        .build_cartesian_2d(0.0..span, 0.0..n)
        .map_err(chart_err)?;
    let label_names = names.clone();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(theme::GRID.mix(0.5))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_labels(0)
        .y_labels(rows.len() * 2 + 1)
        .y_label_formatter(&move |v| {
            // Row k sits at n - k - 0.5 (largest at the top).
            let k = n - v - 0.5;
            if (k - k.round()).abs() < 1e-6 && k >= 0.0 && (k as usize) < label_names.len() {
                label_names[k.round() as usize].clone()
            } else {
                String::new()
            }
        })
        .label_style(style)
        .y_desc(format!("{} (capacity, {})", labels.asset, labels.capacity))
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    day_axis(root, &chart, sizes, from)?;
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

/// A capacity as written beside a row: one decimal below 100, whole numbers above.
fn capacity_text(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// `word` with its first letter in upper case.
fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}
