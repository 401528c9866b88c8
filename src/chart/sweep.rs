//! `sweep`: a heatmap of one summary figure of the truce scenario over two swept settings,
//! with the value written in each cell and a colour bar.

use crate::format::money_m;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::theme::{self, Sizes};
use super::{chart_err, header, Area, ChartText, ImageFormat};
use crate::error::Error;
use crate::studies::sensitivity::Figure;
use crate::studies::sweep::{SweepPoint, SweepRow};

/// The settings a sweep varies, by their column names.
pub const SWEPT: [&str; 6] = [
    "truce_start",
    "truce_days",
    "compliance",
    "lookback_days",
    "diversion",
    "default_utilization",
];

/// A swept setting's value as a number (dates as days since 1970) and as text.
fn setting(point: &SweepPoint, name: &str) -> (f64, String) {
    let short = |v: f64| {
        let t = format!("{v:.3}");
        t.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    match name {
        "truce_start" => (
            f64::from(
                (point.truce_start - chrono::NaiveDate::default())
                    .num_days()
                    .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            ),
            point.truce_start.to_string(),
        ),
        "truce_days" => (f64::from(point.truce_days), point.truce_days.to_string()),
        "compliance" => (point.compliance, short(point.compliance)),
        "lookback_days" => (
            f64::from(point.lookback_days),
            point.lookback_days.to_string(),
        ),
        "diversion" => (point.diversion, short(point.diversion)),
        _ => (point.default_utilization, short(point.default_utilization)),
    }
}

/// A setting's axis title.
fn setting_title(name: &str) -> &'static str {
    match name {
        "truce_start" => "first day of the truce",
        "truce_days" => "truce length, days",
        "compliance" => "compliance",
        "lookback_days" => "lookback window, days",
        "diversion" => "diversion (share of crude exported instead)",
        _ => "default utilization",
    }
}

/// A figure of a summary, and how it is written.
fn figure_value(row: &SweepRow, figure: Figure) -> Option<f64> {
    let s = &row.truce;
    Some(match figure {
        Figure::LostCapacity => s.lost_capacity,
        Figure::LostThroughput => s.lost_throughput,
        Figure::MeanOfflineShare => s.mean_offline_share,
        Figure::Revenue => s.revenue_usd,
        Figure::RevenueLoss => s.revenue_loss_usd,
        Figure::GainCapacity => s.gain_capacity?,
        Figure::GainRevenue => s.gain_revenue_usd?,
    })
}

pub(crate) fn is_money(figure: Figure) -> bool {
    matches!(
        figure,
        Figure::Revenue | Figure::RevenueLoss | Figure::GainRevenue
    )
}

/// The title of a figure of the truce scenario.
fn figure_title(figure: Figure) -> &'static str {
    match figure {
        Figure::LostCapacity => "Capacity lost with the truce",
        Figure::LostThroughput => "Throughput lost with the truce",
        Figure::MeanOfflineShare => "Mean share of capacity offline with the truce",
        Figure::Revenue => "Revenue with the truce",
        Figure::RevenueLoss => "Revenue lost with the truce",
        Figure::GainCapacity => "Capacity the truce gives back",
        Figure::GainRevenue => "Revenue the truce gives back",
    }
}

/// A value as a cell shows it: money in $m, shares in %, amounts with two decimals.
pub(crate) fn value_text(v: f64, figure: Figure, amount: &str) -> String {
    if is_money(figure) {
        money_m(v)
    } else if figure == Figure::MeanOfflineShare {
        format!("{:.1} %", v * 100.0)
    } else if v.abs() >= 100.0 {
        format!("{} {amount}", crate::format::grouped(v, 0))
    } else {
        format!("{} {amount}", crate::format::grouped(v, 2))
    }
}

/// What to draw of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepChart {
    /// The setting across (a name of [`SWEPT`]; `None`: the varied setting with most values).
    pub x: Option<String>,
    /// The setting up (`None`: the varied setting with the next most values).
    pub y: Option<String>,
    /// The truce scenario's figure in the cells.
    pub figure: Figure,
    /// The group the sweep ran on, for the subtitle.
    pub group: String,
    /// The unit of an amount (`Mt`, `GWh`).
    pub amount: String,
    /// The source line.
    pub source: String,
    /// The user's title, subtitle or source line.
    pub text: ChartText,
}

/// The cells of a heatmap: the x and y values (text), the values by `[y][x]`, and the
/// settings held at their first value.
struct Grid {
    x: (String, Vec<String>),
    y: (String, Vec<String>),
    cells: Vec<Vec<Option<f64>>>,
    /// Each cell's P10-P90 over the Monte Carlo paths, where paths were run.
    bands: Vec<Vec<Option<(f64, f64)>>>,
    held: Vec<String>,
}

/// The P10-P90 of a figure over a sweep point's Monte Carlo paths, where it has one.
fn figure_band(row: &SweepRow, figure: Figure) -> Option<(f64, f64)> {
    let b = row.bands.as_ref()?;
    let q = match figure {
        Figure::LostCapacity => Some(b.lost_capacity),
        Figure::RevenueLoss => Some(b.revenue_loss_usd),
        Figure::GainCapacity => b.gain_capacity,
        Figure::GainRevenue => b.gain_revenue_usd,
        Figure::LostThroughput | Figure::MeanOfflineShare | Figure::Revenue => None,
    }?;
    Some((q.p10, q.p90))
}

/// Distinct values of a setting in the rows, ascending.
fn distinct(rows: &[SweepRow], name: &str) -> Vec<(f64, String)> {
    let mut out: Vec<(f64, String)> = Vec::new();
    for r in rows {
        let v = setting(&r.point, name);
        if !out.iter().any(|o| o.0 == v.0) {
            out.push(v);
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

fn grid(rows: &[SweepRow], chart: &SweepChart) -> Result<Grid, Error> {
    if rows.is_empty() {
        return Err(Error::Usage("a sweep chart needs at least one row".into()));
    }
    for (flag, name) in [("--x", &chart.x), ("--y", &chart.y)] {
        if let Some(n) = name {
            if !SWEPT.contains(&n.as_str()) {
                return Err(Error::setting(
                    flag,
                    format!("one of {}", SWEPT.join(", ")),
                    n,
                ));
            }
        }
    }
    if chart.x.is_some() && chart.x == chart.y {
        return Err(Error::setting(
            "--y",
            "a setting other than --x",
            chart.y.clone().unwrap_or_default(),
        ));
    }
    // The varied settings, most values first (grid order on a tie), then the others.
    let mut order: Vec<(&str, usize)> = SWEPT
        .iter()
        .map(|n| (*n, distinct(rows, n).len()))
        .collect();
    order.sort_by_key(|o| std::cmp::Reverse(o.1));
    let mut pick = order
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .filter(|n| Some(n) != chart.x.as_ref() && Some(n) != chart.y.as_ref());
    let x = chart
        .x
        .clone()
        .or_else(|| pick.next())
        .expect("six settings");
    let y = chart
        .y
        .clone()
        .or_else(|| pick.next())
        .expect("six settings");
    let xs = distinct(rows, &x);
    let ys = distinct(rows, &y);
    // The others: held at their first value in the grid.
    let first = &rows[0].point;
    let mut held = Vec::new();
    for n in SWEPT {
        if n != x && n != y && distinct(rows, n).len() > 1 {
            held.push(format!("{n} {}", setting(first, n).1));
        }
    }
    let keep = |r: &SweepRow| {
        SWEPT
            .iter()
            .filter(|n| **n != x && **n != y)
            .all(|n| setting(&r.point, n).0 == setting(first, n).0)
    };
    let mut cells = vec![vec![None; xs.len()]; ys.len()];
    let mut bands = vec![vec![None; xs.len()]; ys.len()];
    for r in rows.iter().filter(|r| keep(r)) {
        let xi = xs.iter().position(|v| v.0 == setting(&r.point, &x).0);
        let yi = ys.iter().position(|v| v.0 == setting(&r.point, &y).0);
        if let (Some(xi), Some(yi)) = (xi, yi) {
            cells[yi][xi] = figure_value(r, chart.figure);
            bands[yi][xi] = figure_band(r, chart.figure);
        }
    }
    Ok(Grid {
        x: (x, xs.into_iter().map(|v| v.1).collect()),
        y: (y, ys.into_iter().map(|v| v.1).collect()),
        cells,
        bands,
        held,
    })
}

/// The colour of a share of the scale, from pale to deep blue.
fn scale_color(t: f64) -> RGBColor {
    const STOPS: [(f64, (f64, f64, f64)); 4] = [
        (0.0, (239.0, 246.0, 252.0)),
        (0.35, (158.0, 202.0, 225.0)),
        (0.7, (49.0, 130.0, 189.0)),
        (1.0, (8.0, 48.0, 107.0)),
    ];
    let t = t.clamp(0.0, 1.0);
    let i = STOPS.iter().rposition(|s| s.0 <= t).unwrap_or(0).min(2);
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let u = (t - a.0) / (b.0 - a.0);
    let mix = |p: f64, q: f64| (p + (q - p) * u).round() as u8;
    RGBColor(
        mix(a.1 .0, b.1 .0),
        mix(a.1 .1, b.1 .1),
        mix(a.1 .2, b.1 .2),
    )
}

/// Ink or white, whichever reads better on `c`.
pub(crate) fn ink_on(c: RGBColor) -> RGBColor {
    let l = 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    if l < 140.0 {
        WHITE
    } else {
        theme::INK
    }
}

/// Draws the heatmap of `rows` as PNG or SVG bytes.
pub fn render(
    rows: &[SweepRow],
    chart: &SweepChart,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>, Error> {
    theme::register_fonts();
    let g = grid(rows, chart)?;
    let sizes = Sizes::new(size);
    encode!(size, format, |root| draw(root, &g, chart, &sizes))
}

fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    g: &Grid,
    chart: &SweepChart,
    sizes: &Sizes,
) -> Result<(), Error> {
    let figure = chart.figure;
    let body = header(
        root,
        sizes,
        &chart.text,
        &format!(
            "{} by {} and {}",
            figure_title(figure),
            g.x.0.replace('_', " "),
            g.y.0.replace('_', " ")
        ),
        &chart.source,
        &detail(g, chart),
    )?;
    let values: Vec<f64> = g.cells.iter().flatten().flatten().copied().collect();
    let (lo, hi) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let (lo, hi) = if values.is_empty() {
        (0.0, 1.0)
    } else {
        (lo.min(0.0), hi.max(0.0))
    };
    let shown = |v: f64| if is_money(figure) { v / 1e6 } else { v };
    let scale_title = if is_money(figure) {
        format!("{}, $m", figure.name())
    } else {
        format!("{}, {}", figure.name(), chart.amount)
    };
    let body = colour_bar(&body, sizes, (shown(lo), shown(hi)), &scale_title)?;
    let cells = Cells::of(&body, sizes, g);
    draw_cells(&body, sizes, &cells, g, chart, (lo, hi))?;
    draw_axes(&body, sizes, &cells, g)
}

/// The subtitle's detail: the group, what each cell holds, in what unit, and the other
/// swept settings held at their first value.
fn detail(g: &Grid, chart: &SweepChart) -> String {
    let figure = chart.figure;
    let mut detail = format!(
        "group {} · each cell: {} of the truce scenario ({}) on the expected path, against no truce",
        chart.group,
        figure.name(),
        if is_money(figure) {
            "US dollars, millions".to_owned()
        } else if figure == Figure::MeanOfflineShare {
            "%".to_owned()
        } else {
            chart.amount.clone()
        }
    );
    if g.bands.iter().flatten().any(Option::is_some) {
        detail.push_str(" · under it, its P10-P90 over the Monte Carlo paths");
    }
    if !g.held.is_empty() {
        detail.push_str(&format!(
            " · also swept, shown at its first value: {}",
            g.held.join(", ")
        ));
    }
    detail
}

/// Where the heatmap's cells go, in pixels: the box they fill (left of it the y values and
/// the y title, below it the x values and the x title) and the width and height of a cell.
struct Cells {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
    cw: f64,
    ch: f64,
}

impl Cells {
    /// Lays out the cells of `g` on `body`.
    fn of<DB: DrawingBackend>(body: &Area<'_, DB>, sizes: &Sizes, g: &Grid) -> Cells {
        let (w, h) = body.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let m = f64::from(sizes.margin);
        let tick = theme::text(sizes.tick, theme::INK);
        let widest =
            g.y.1
                .iter()
                .map(|t| body.estimate_text_size(t, &tick).map_or(0, |s| s.0))
                .max()
                .unwrap_or(0);
        let left = m + sizes.label * 1.8 + f64::from(widest) + sizes.tick * 0.8;
        let bottom = h - m * 0.5 - sizes.tick * 1.6 - sizes.label * 1.8;
        let (top, right) = (m * 0.5, w - m * 2.0);
        let (nx, ny) = (g.x.1.len() as f64, g.y.1.len() as f64);
        Cells {
            left,
            top,
            right,
            bottom,
            cw: (right - left) / nx,
            ch: (bottom - top) / ny,
        }
    }
}

/// A length in whole pixels.
fn px(v: f64) -> i32 {
    v.round() as i32
}

/// Draws each cell of `g` (the lowest y value at the bottom) in the colour of its value on
/// the scale `lo..hi` (white where there is none), with the value written in it.
fn draw_cells<DB: DrawingBackend>(
    body: &Area<'_, DB>,
    sizes: &Sizes,
    c: &Cells,
    g: &Grid,
    chart: &SweepChart,
    (lo, hi): (f64, f64),
) -> Result<(), Error> {
    let (cw, ch) = (c.cw, c.ch);
    let cell_font = (sizes.tick * 1.05).min(ch * 0.4).min(cw / 6.0).max(8.0);
    for (yi, row) in g.cells.iter().enumerate() {
        let y0 = c.bottom - (yi as f64 + 1.0) * ch;
        for (xi, cell) in row.iter().enumerate() {
            let x0 = c.left + xi as f64 * cw;
            let fill = cell.map_or(WHITE, |v| scale_color((v - lo) / (hi - lo).max(1e-12)));
            body.draw(&Rectangle::new(
                [(px(x0), px(y0)), (px(x0 + cw), px(y0 + ch))],
                fill.filled(),
            ))
            .map_err(chart_err)?;
            body.draw(&Rectangle::new(
                [(px(x0), px(y0)), (px(x0 + cw), px(y0 + ch))],
                WHITE.stroke_width(1),
            ))
            .map_err(chart_err)?;
            let text = cell.map_or("-".to_owned(), |v| {
                value_text(v, chart.figure, &chart.amount)
            });
            // With Monte Carlo paths, the cell's P10-P90 under its expected value, where
            // the cell is tall enough for two lines.
            let band = g.bands[yi][xi].filter(|_| ch >= 2.6 * cell_font);
            let centre = if band.is_some() {
                y0 + ch / 2.0 - 0.55 * cell_font
            } else {
                y0 + ch / 2.0
            };
            body.draw(&Text::new(
                text,
                (px(x0 + cw / 2.0), px(centre)),
                theme::text(cell_font, ink_on(fill)).pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(chart_err)?;
            if let Some((lo, hi)) = band {
                let small = cell_font * 0.8;
                body.draw(&Text::new(
                    format!(
                        "{} to {}",
                        value_text(lo, chart.figure, &chart.amount),
                        value_text(hi, chart.figure, &chart.amount)
                    ),
                    (px(x0 + cw / 2.0), px(y0 + ch / 2.0 + 0.6 * cell_font)),
                    theme::text(small, ink_on(fill)).pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(chart_err)?;
            }
        }
    }
    Ok(())
}

/// Writes the settings' values under the columns and left of the rows, and the two
/// settings' titles below and left of them.
fn draw_axes<DB: DrawingBackend>(
    body: &Area<'_, DB>,
    sizes: &Sizes,
    c: &Cells,
    g: &Grid,
) -> Result<(), Error> {
    let m = f64::from(sizes.margin);
    let tick = theme::text(sizes.tick, theme::INK);
    let label = theme::text(sizes.label, theme::INK);
    for (xi, t) in g.x.1.iter().enumerate() {
        body.draw(&Text::new(
            t.clone(),
            (
                px(c.left + (xi as f64 + 0.5) * c.cw),
                px(c.bottom + sizes.tick * 0.5),
            ),
            tick.pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(chart_err)?;
    }
    for (yi, t) in g.y.1.iter().enumerate() {
        body.draw(&Text::new(
            t.clone(),
            (
                px(c.left - sizes.tick * 0.5),
                px(c.bottom - (yi as f64 + 0.5) * c.ch),
            ),
            tick.pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(chart_err)?;
    }
    body.draw(&Text::new(
        setting_title(&g.x.0).to_owned(),
        (
            px((c.left + c.right) / 2.0),
            px(c.bottom + sizes.tick * 1.9),
        ),
        label.pos(Pos::new(HPos::Center, VPos::Top)),
    ))
    .map_err(chart_err)?;
    body.draw(&Text::new(
        setting_title(&g.y.0).to_owned(),
        (px(m), px((c.top + c.bottom) / 2.0)),
        label
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Center, VPos::Top)),
    ))
    .map_err(chart_err)?;
    Ok(())
}

/// Draws a colour bar of the scale `lo..hi` with ticks in a strip at the bottom of `body`,
/// titled `title`, and returns the area above it.
fn colour_bar<'a, DB: DrawingBackend>(
    body: &Area<'a, DB>,
    sizes: &Sizes,
    (lo, hi): (f64, f64),
    title: &str,
) -> Result<Area<'a, DB>, Error> {
    let (top, strip) = super::legend::bar_strip(body, sizes);
    let (font, cy) = (strip.font, strip.cy);
    let w = body.dim_in_pixel().0;
    let title_w = strip.text_width(title);
    let bar_w = ((f64::from(w) * 0.4) as i32).max(80);
    let x = ((w as i32 - title_w - (font * 0.8) as i32 - bar_w) / 2).max(strip.pad);
    strip
        .area
        .draw(&Text::new(
            title.to_owned(),
            (x, cy),
            theme::text(font, theme::INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(chart_err)?;
    let x = x + title_w + (font * 0.8) as i32;
    super::legend::colour_bar(
        &strip.area,
        (x, cy),
        (bar_w, strip.bar_h),
        (lo, hi),
        scale_color,
        sizes,
    )?;
    Ok(top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_runs_from_pale_to_deep_and_text_stays_readable() {
        assert_eq!(scale_color(0.0), RGBColor(239, 246, 252));
        assert_eq!(scale_color(1.0), RGBColor(8, 48, 107));
        assert_eq!(ink_on(scale_color(0.0)), theme::INK);
        assert_eq!(ink_on(scale_color(1.0)), WHITE);
    }
}
