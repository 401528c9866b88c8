//! `map`: refineries at their coordinates, sized by capacity, coloured by lost volume.

use plotters::prelude::*;

use super::legend::{self, Swatch};
use super::theme::{self, Sizes};
use super::{chart_err, header, message, Area, ChartInput, NiceAxis};
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
        input.text,
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
    let max_cap = placed
        .iter()
        .map(|(a, _, _)| a.capacity)
        .fold(0.0, f64::max);
    let body = colour_bar(&body, sizes, max_lost, &amount, max_cap, &labels.capacity)?;
    let m = sizes.margin;
    let mut chart = ChartBuilder::on(&body)
        .margin_left(m)
        .margin_right(m * 2)
        .margin_bottom(m / 2)
        .x_label_area_size((sizes.tick * 1.8 + sizes.label * 1.6) as u32)
        .y_label_area_size(super::axis_area(
            &body,
            sizes,
            &NiceAxis::with_suffix(y0 - pad_y, y1 + pad_y, "°N"),
        ))
        .build_cartesian_2d(
            NiceAxis::with_suffix(x0 - pad_x, x1 + pad_x, "°E"),
            NiceAxis::with_suffix(y0 - pad_y, y1 + pad_y, "°N"),
        )
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .light_line_style(theme::GRID.mix(0.4))
        .bold_line_style(theme::GRID)
        .axis_style(theme::MUTED)
        .x_labels(10)
        .y_labels(10)
        .label_style(theme::text(sizes.tick, theme::INK))
        .x_desc("longitude")
        .y_desc("latitude")
        .axis_desc_style(theme::text(sizes.label, theme::INK))
        .draw()
        .map_err(chart_err)?;
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
            NO_OUTAGE
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
    let circles: Vec<(i32, i32, i32)> = order
        .iter()
        .map(|(a, lon, lat)| {
            let (x, y) = chart.backend_coord(&(*lon, *lat));
            (x, y, radius(a.capacity))
        })
        .collect();
    draw_labels(root, &chart, &labels, &circles, sizes)?;
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

    /// True when the box touches the circle of centre `(cx, cy)` and radius `r`.
    fn touches_circle(&self, (cx, cy, r): (i32, i32, i32)) -> bool {
        let nx = cx.clamp(self.x, self.x + self.w);
        let ny = cy.clamp(self.y, self.y + self.h);
        let (dx, dy) = (i64::from(nx - cx), i64::from(ny - cy));
        dx * dx + dy * dy < i64::from(r) * i64::from(r)
    }

    /// True when the box lies inside the ranges `xs` and `ys`.
    fn inside(&self, xs: &std::ops::Range<i32>, ys: &std::ops::Range<i32>) -> bool {
        self.x >= xs.start
            && self.x + self.w <= xs.end
            && self.y >= ys.start
            && self.y + self.h <= ys.end
    }
}

/// A refinery's label: its text, its circle's centre (longitude, latitude) and radius.
struct Label {
    text: String,
    at: (f64, f64),
    radius: i32,
}

/// Where a label may go around its circle, in order of preference.
const DIRECTIONS: [(f64, f64); 8] = [
    (1.0, 0.0),
    (-1.0, 0.0),
    (0.0, -1.0),
    (0.0, 1.0),
    (0.71, -0.71),
    (0.71, 0.71),
    (-0.71, -0.71),
    (-0.71, 0.71),
];

/// Writes each label beside its circle (right, left, above, below or diagonally), else
/// farther out with a leader line, else not at all: never on another label, on another
/// circle or outside the plot.
fn draw_labels<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    chart: &ChartContext<'_, DB, Cartesian2d<NiceAxis, NiceAxis>>,
    labels: &[Label],
    circles: &[(i32, i32, i32)],
    sizes: &Sizes,
) -> Result<(), Error> {
    let font = sizes.tick * 0.9;
    let style = theme::text(font, theme::INK);
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let mut taken: Vec<LabelBox> = Vec::new();
    for Label { text, at, radius } in labels {
        let (cx, cy) = chart.backend_coord(at);
        let r = radius + 3;
        let (w, h) = root.estimate_text_size(text, &style).map_or(
            (
                (text.chars().count() as f64 * font * 0.6) as i32,
                font as i32,
            ),
            |s| (s.0 as i32, s.1 as i32),
        );
        // Right, left, above, below and the diagonals, next to the circle, then farther
        // out with a leader line.
        let own = (cx, cy, *radius);
        let mut found = None;
        'search: for gap in [3, h * 2] {
            for (dx, dy) in DIRECTIONS {
                let px = cx + (f64::from(r + gap) * dx).round() as i32;
                let py = cy + (f64::from(r + gap) * dy).round() as i32;
                let c = LabelBox {
                    x: if dx > 0.3 {
                        px
                    } else if dx < -0.3 {
                        px - w
                    } else {
                        px - w / 2
                    },
                    y: if dy > 0.3 {
                        py
                    } else if dy < -0.3 {
                        py - h
                    } else {
                        py - h / 2
                    },
                    w,
                    h,
                };
                if c.inside(&xs, &ys)
                    && taken.iter().all(|t| !c.overlaps(t))
                    && circles
                        .iter()
                        .filter(|o| **o != own)
                        .all(|o| !c.touches_circle(*o))
                {
                    let leader = (gap > 3).then(|| {
                        (
                            (
                                cx + (f64::from(*radius) * dx).round() as i32,
                                cy + (f64::from(*radius) * dy).round() as i32,
                            ),
                            (px, py),
                        )
                    });
                    found = Some((c, leader));
                    break 'search;
                }
            }
        }
        if let Some((b, leader)) = found {
            taken.push(b);
            if let Some((a, z)) = leader {
                root.draw(&PathElement::new(vec![a, z], theme::MUTED.stroke_width(1)))
                    .map_err(chart_err)?;
            }
            root.draw(&Text::new(text.clone(), (b.x, b.y), style.clone()))
                .map_err(chart_err)?;
        }
    }
    Ok(())
}

/// Draws the colour scale of lost volume as a colour bar with ticks in a strip at the
/// bottom of `body`, with the grey of no outage and what the circles' area means, and
/// returns the area above it.
fn colour_bar<'a, DB: DrawingBackend>(
    body: &Area<'a, DB>,
    sizes: &Sizes,
    max_lost: f64,
    amount: &str,
    max_cap: f64,
    capacity_unit: &str,
) -> Result<Area<'a, DB>, Error> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let font = legend::font(sizes);
    let style = theme::text(font, theme::INK);
    let (w, h) = body.dim_in_pixel();
    let bar_h = (font * 0.9).round() as i32;
    let tick_h = (sizes.tick * 1.5).round() as i32;
    let pad = sizes.margin as i32;
    let strip_h = bar_h + tick_h + pad;
    let (top, strip) = body.split_vertically(h.saturating_sub(strip_h as u32));
    let text_w = |t: &str| {
        strip
            .estimate_text_size(t, &style)
            .map_or(t.chars().count() as i32 * font as i32, |s| s.0 as i32)
    };
    let cy = pad / 3 + bar_h / 2;
    let left = Pos::new(HPos::Left, VPos::Center);
    let mut x = pad;
    let gap = (font * 1.6) as i32;
    let swatch_w = (font * 2.2) as i32;
    // The other entries first, so the bar can take the width left.
    let others = [
        (
            "no outage in the period".to_owned(),
            Swatch::Dot {
                color: NO_OUTAGE,
                filled: true,
            },
        ),
        (
            format!("circle area: capacity (largest {max_cap:.1} {capacity_unit})"),
            Swatch::Dot {
                color: theme::MUTED,
                filled: false,
            },
        ),
    ];
    let others_w: i32 = others
        .iter()
        .map(|(t, _)| swatch_w + text_w(t) + gap + (font * 0.5) as i32)
        .sum();
    if max_lost > 0.0 {
        let title = format!("volume lost, {amount}");
        strip
            .draw(&Text::new(title.clone(), (x, cy), style.pos(left)))
            .map_err(chart_err)?;
        x += text_w(&title) + (font * 0.8) as i32;
        let room = w as i32 - x - others_w - pad - gap;
        let bar_w = room.min((w as f64 * 0.3) as i32).max(60);
        for px in 0..bar_w {
            let v = f64::from(px) / f64::from(bar_w);
            strip
                .draw(&Rectangle::new(
                    [(x + px, cy - bar_h / 2), (x + px + 1, cy + bar_h / 2)],
                    theme::share_color(0.2 + 0.8 * v).filled(),
                ))
                .map_err(chart_err)?;
        }
        strip
            .draw(&Rectangle::new(
                [(x, cy - bar_h / 2), (x + bar_w, cy + bar_h / 2)],
                theme::MUTED.stroke_width(1),
            ))
            .map_err(chart_err)?;
        let scale = NiceAxis::new(0.0, max_lost);
        let ticks = super::ticks::ticks(0.0, max_lost);
        let tick_style =
            theme::text(sizes.tick * 0.9, theme::INK).pos(Pos::new(HPos::Center, VPos::Top));
        for v in ticks.values.iter().filter(|v| **v <= max_lost) {
            let tx = x + (v / max_lost * f64::from(bar_w)).round() as i32;
            strip
                .draw(&PathElement::new(
                    vec![(tx, cy + bar_h / 2), (tx, cy + bar_h / 2 + 4)],
                    theme::MUTED.stroke_width(1),
                ))
                .map_err(chart_err)?;
            strip
                .draw(&Text::new(
                    scale.label(*v),
                    (tx, cy + bar_h / 2 + 5),
                    tick_style.clone(),
                ))
                .map_err(chart_err)?;
        }
        x += bar_w + gap;
    }
    for (text, swatch) in others {
        legend::draw_swatch(&strip, swatch, (x, cy), swatch_w, font)?;
        x += swatch_w + (font * 0.5) as i32;
        strip
            .draw(&Text::new(text.clone(), (x, cy), style.pos(left)))
            .map_err(chart_err)?;
        x += text_w(&text) + gap;
    }
    Ok(top)
}

/// The fill of an asset without outage in the period.
const NO_OUTAGE: RGBColor = RGBColor(206, 212, 218);

/// An amount as written on the map: two decimals below 100 (Mt), whole numbers above (GWh).
fn amount_text(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}
