//! `map`: refineries at their coordinates, sized by capacity, coloured by lost volume.

use plotters::prelude::*;

use super::theme::{self, Sizes};
use super::{chart_err, header, legend, message, Area, ChartInput};
use crate::error::Error;
use crate::model::history::{history, HistoryOptions};

/// How many of the largest refineries get a label.
const LABELLED: usize = 10;

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let data = input.data.expect("checked by render");
    let (from, to) = input.period;
    let placed: Vec<_> = data
        .assets
        .as_slice()
        .iter()
        .filter_map(|a| Some((a, a.lon?, a.lat?)))
        .collect();
    let unplaced = data.assets.len() - placed.len();
    let detail = format!(
        "{from} to {to} · circle area: capacity; colour: volume lost to strikes{}",
        if unplaced > 0 {
            format!(" · {unplaced} row(s) without coordinates not shown")
        } else {
            String::new()
        }
    );
    let body = header(
        root,
        sizes,
        "Refineries: capacity and volume lost to strikes",
        input.source,
        &detail,
    )?;
    if placed.is_empty() {
        return message(&body, sizes, "no refinery has coordinates");
    }
    let h = history(data, from, to.max(from), HistoryOptions::default())?;
    let lost = |id: &str| {
        h.assets
            .iter()
            .find(|a| a.asset_id == id)
            .map_or(0.0, |a| a.lost_capacity_mt)
    };
    let max_lost = h
        .assets
        .iter()
        .map(|a| a.lost_capacity_mt)
        .fold(0.0, f64::max);
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (_, lon, lat) in &placed {
        x0 = x0.min(*lon);
        x1 = x1.max(*lon);
        y0 = y0.min(*lat);
        y1 = y1.max(*lat);
    }
    let pad_x = ((x1 - x0) * 0.06).max(2.0);
    let pad_y = ((y1 - y0) * 0.1).max(1.5);
    let m = sizes.margin;
    let mut chart = ChartBuilder::on(&body)
        .margin_left(m)
        .margin_right(m * 2)
        .margin_bottom(m)
        .x_label_area_size((sizes.tick * 2.6) as u32)
        .y_label_area_size((sizes.label * 3.6) as u32)
        .build_cartesian_2d((x0 - pad_x)..(x1 + pad_x), (y0 - pad_y)..(y1 + pad_y))
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .light_line_style(theme::GRID.mix(0.4))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_label_formatter(&|v| format!("{v:.0}°E"))
        .y_label_formatter(&|v| format!("{v:.0}°N"))
        .label_style(theme::text(sizes.tick, theme::INK))
        .x_desc("longitude")
        .y_desc("latitude")
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
    let max_cap = placed
        .iter()
        .map(|(a, _, _)| a.capacity_mtpa)
        .fold(0.0, f64::max);
    let r_max = f64::from(sizes.size.1) * 0.035;
    let radius = |cap: f64| ((cap / max_cap).sqrt() * r_max).max(3.0) as i32;
    // Largest first so small circles stay on top.
    let mut order = placed.clone();
    order.sort_by(|a, b| b.0.capacity_mtpa.total_cmp(&a.0.capacity_mtpa));
    for (a, lon, lat) in &order {
        let l = lost(&a.id);
        let fill = if l > 0.0 {
            theme::share_color(0.2 + 0.8 * l / max_lost)
        } else {
            RGBColor(206, 212, 218)
        };
        chart
            .draw_series(std::iter::once(Circle::new(
                (*lon, *lat),
                radius(a.capacity_mtpa),
                fill.mix(0.85).filled(),
            )))
            .map_err(chart_err)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (*lon, *lat),
                radius(a.capacity_mtpa),
                theme::MUTED.stroke_width(1),
            )))
            .map_err(chart_err)?;
    }
    // Labels right of their circle, else left of it, else not at all: never on another label.
    let font = sizes.tick * 0.9;
    let style = theme::text(font, theme::INK);
    let mut placed_boxes: Vec<(i32, i32, i32, i32)> = Vec::new();
    for (a, lon, lat) in order.iter().take(LABELLED) {
        let l = lost(&a.id);
        let text = if l > 0.0 {
            format!("{} {:.2} Mt", a.id, l)
        } else {
            a.id.clone()
        };
        let (cx, cy) = chart.backend_coord(&(*lon, *lat));
        let r = radius(a.capacity_mtpa) + 4;
        let w = (text.chars().count() as f64 * font * 0.6) as i32;
        let h = font as i32;
        let candidates = [(cx + r, cy - h / 2), (cx - r - w, cy - h / 2)];
        let free = |&(x, y): &(i32, i32)| {
            placed_boxes
                .iter()
                .all(|&(bx, by, bw, bh)| x + w < bx || bx + bw < x || y + h < by || by + bh < y)
        };
        if let Some(&(x, y)) = candidates.iter().find(|c| free(c)) {
            placed_boxes.push((x, y, w, h));
            root.draw(&Text::new(text, (x, y), style.clone()))
                .map_err(chart_err)?;
        }
    }
    // Legend: colour scale of lost volume and a capacity reference.
    for (label, color) in [
        (
            "no outage in the period".to_owned(),
            RGBColor(206, 212, 218),
        ),
        ("small loss".to_owned(), theme::share_color(0.25)),
        (
            format!("largest loss, {max_lost:.2} Mt"),
            theme::share_color(1.0),
        ),
    ] {
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(chart_err)?
            .label(label)
            .legend(move |(x, y)| Circle::new((x + 10, y), 7, color.filled()));
    }
    legend(&mut chart, SeriesLabelPosition::LowerRight, sizes.tick)?;
    Ok(())
}
