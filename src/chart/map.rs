//! `map`: refineries at their coordinates, sized by capacity, coloured by lost volume.

use plotters::coord::types::RangedCoordf64;
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
    let labels = super::Labels::of(input);
    let amount = labels.amount.clone();
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
        &format!("{}: capacity and volume lost to strikes", labels.assets),
        input.source,
        &detail,
    )?;
    if placed.is_empty() {
        return message(
            &body,
            sizes,
            &format!("no {} has coordinates", labels.asset),
        );
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
        .map(|(a, _, _)| a.capacity)
        .fold(0.0, f64::max);
    let r_max = f64::from(sizes.size.1) * 0.035;
    let radius = |cap: f64| ((cap / max_cap).sqrt() * r_max).max(3.0) as i32;
    // Largest first so small circles stay on top.
    let mut order = placed.clone();
    order.sort_by(|a, b| b.0.capacity.total_cmp(&a.0.capacity));
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
                radius(a.capacity),
                fill.mix(0.85).filled(),
            )))
            .map_err(chart_err)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (*lon, *lat),
                radius(a.capacity),
                theme::MUTED.stroke_width(1),
            )))
            .map_err(chart_err)?;
    }
    let labels: Vec<Label> = order
        .iter()
        .take(LABELLED)
        .map(|(a, lon, lat)| {
            let l = lost(&a.id);
            let text = if l > 0.0 {
                format!("{} {} {amount}", a.id, amount_text(l))
            } else {
                a.id.clone()
            };
            Label {
                text,
                at: (*lon, *lat),
                radius: radius(a.capacity),
            }
        })
        .collect();
    draw_labels(root, &chart, &labels, sizes)?;
    draw_legend_entries(&mut chart, max_lost, &amount)?;
    legend(&mut chart, SeriesLabelPosition::LowerRight, sizes.tick)?;
    Ok(())
}

/// A label box in pixels: left, top, width, height.
#[derive(Clone, Copy)]
struct LabelBox {
    x: i32,
    y: i32,
    w: i32,
    h: i32,
}

impl LabelBox {
    fn overlaps(&self, o: &LabelBox) -> bool {
        !(self.x + self.w < o.x
            || o.x + o.w < self.x
            || self.y + self.h < o.y
            || o.y + o.h < self.y)
    }
}

/// A refinery's label: its text, its circle's centre (longitude, latitude) and radius.
struct Label {
    text: String,
    at: (f64, f64),
    radius: i32,
}

/// Writes each label right of its circle, else left of it, else not at all: never on
/// another label.
fn draw_labels<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    labels: &[Label],
    sizes: &Sizes,
) -> Result<(), Error> {
    let font = sizes.tick * 0.9;
    let style = theme::text(font, theme::INK);
    let mut taken: Vec<LabelBox> = Vec::new();
    for Label { text, at, radius } in labels {
        let (cx, cy) = chart.backend_coord(at);
        let r = radius + 4;
        let w = (text.chars().count() as f64 * font * 0.6) as i32;
        let h = font as i32;
        let candidates = [
            LabelBox {
                x: cx + r,
                y: cy - h / 2,
                w,
                h,
            },
            LabelBox {
                x: cx - r - w,
                y: cy - h / 2,
                w,
                h,
            },
        ];
        if let Some(b) = candidates
            .into_iter()
            .find(|c| taken.iter().all(|t| !c.overlaps(t)))
        {
            taken.push(b);
            root.draw(&Text::new(text.clone(), (b.x, b.y), style.clone()))
                .map_err(chart_err)?;
        }
    }
    Ok(())
}

/// Legend entries: the colour scale of lost volume.
fn draw_legend_entries<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    max_lost: f64,
    amount: &str,
) -> Result<(), Error> {
    for (label, color) in [
        (
            "no outage in the period".to_owned(),
            RGBColor(206, 212, 218),
        ),
        ("small loss".to_owned(), theme::share_color(0.25)),
        (
            format!("largest loss, {} {amount}", amount_text(max_lost)),
            theme::share_color(1.0),
        ),
    ] {
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(chart_err)?
            .label(label)
            .legend(move |(x, y)| Circle::new((x + 10, y), 7, color.filled()));
    }
    Ok(())
}

/// An amount as written on the map: two decimals below 100 (Mt), whole numbers above (GWh).
fn amount_text(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}
