//! `outages`: a Gantt chart, one row per refinery, one bar per outage.

use plotters::prelude::*;

use super::theme::{self, Sizes};
use super::{chart_err, day_axis, header, message, Area, ChartInput};
use crate::error::Error;

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let data = input.data.expect("checked by render");
    let labels = super::Labels::of(input);
    let (from, to) = input.period;
    let detail = format!(
        "outages from strike date to restart, {from} to {to} · shade: share of the {} disabled",
        labels.asset
    );
    let title = if labels.refining {
        "Refinery outages from drone strikes".to_owned()
    } else {
        format!("{} outages from strikes", capitalised(labels.asset))
    };
    let body = header(root, sizes, &title, input.source, &detail)?;
    let end = to + chrono::Days::new(1);
    let bars: Vec<_> = data
        .strikes
        .iter()
        .filter(|s| s.date < end && s.restart_date() > from)
        .collect();
    if bars.is_empty() {
        return message(&body, sizes, "no outages in the period");
    }
    let mut rows: Vec<usize> = bars.iter().map(|s| s.asset).collect();
    rows.sort_by(|a, b| {
        let (ca, cb) = (
            data.assets.as_slice()[*a].capacity,
            data.assets.as_slice()[*b].capacity,
        );
        cb.total_cmp(&ca).then(a.cmp(b))
    });
    rows.dedup();
    let n = rows.len() as f64;
    let x = |d: chrono::NaiveDate| (d.clamp(from, end) - from).num_days() as f64;
    let span = x(end);
    let names: Vec<String> = rows
        .iter()
        .map(|&a| {
            let asset = &data.assets.as_slice()[a];
            format!("{} ({:.1})", asset.id, asset.capacity)
        })
        .collect();
    let m = sizes.margin;
    let longest = names.iter().map(|s| s.chars().count()).max().unwrap_or(8) as f64;
    let mut chart = ChartBuilder::on(&body)
        .margin_left(m)
        .margin_right(m * 2)
        .margin_bottom(m)
        .x_label_area_size((sizes.tick * 2.6) as u32)
        .y_label_area_size((sizes.tick * 0.62 * longest + sizes.tick * 2.5) as u32)
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
        .label_style(theme::text(sizes.tick, theme::INK))
        .y_desc(format!("{} (capacity, {})", labels.asset, labels.capacity))
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    day_axis(root, &chart, sizes, from)?;
    for s in &bars {
        let k = rows
            .iter()
            .position(|&a| a == s.asset)
            .expect("row of every bar") as f64;
        let y = n - k - 0.5;
        let share = s.disabled / data.assets.as_slice()[s.asset].capacity;
        let color = theme::share_color(share);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [
                    (x(s.date), y - 0.36),
                    (x(s.restart_date()).max(x(s.date) + 1.0), y + 0.36),
                ],
                color.mix(0.9).filled(),
            )))
            .map_err(chart_err)?;
    }
    // Legend of the shading, top right beside the title (outside the bars).
    let (w, _) = root.dim_in_pixel();
    let box_w = (sizes.tick * 1.6) as i32;
    let step = (sizes.tick * 5.2) as i32;
    let y = sizes.margin as i32 + (sizes.title * 0.2) as i32;
    let x0 = w as i32 - sizes.margin as i32 - 4 * step - (sizes.tick * 4.0) as i32;
    root.draw(&Text::new(
        "share disabled:".to_owned(),
        (x0 - (sizes.tick * 8.0) as i32, y),
        theme::text(sizes.tick, theme::INK),
    ))
    .map_err(chart_err)?;
    for (k, share) in [0.25, 0.5, 0.75, 1.0].into_iter().enumerate() {
        let x = x0 + k as i32 * step;
        root.draw(&Rectangle::new(
            [(x, y), (x + box_w, y + (sizes.tick * 1.1) as i32)],
            theme::share_color(share).mix(0.9).filled(),
        ))
        .map_err(chart_err)?;
        root.draw(&Text::new(
            format!("{:.0} %", share * 100.0),
            (x + box_w + 4, y),
            theme::text(sizes.tick, theme::INK),
        ))
        .map_err(chart_err)?;
    }
    Ok(())
}

/// `word` with its first letter in upper case.
fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}
