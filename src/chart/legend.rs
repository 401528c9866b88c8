//! Legends outside the plot: a strip below it with one entry per drawn element, in rows
//! that fit the chart's width, so that a legend never covers data.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::RGBColor;

use super::theme::{self, Sizes};
use super::{chart_err, Area};
use crate::error::Error;

/// How a legend entry shows its element.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A line of `width` pixels; `dash`: dash and gap lengths in pixels (`None`: solid).
    Line {
        color: RGBColor,
        width: u32,
        dash: Option<(i32, i32)>,
    },
    /// A band: thin lines at its two edges over a fill of opacity `fill` (0: none).
    Band { color: RGBColor, fill: f64 },
    /// A box filled at opacity `alpha`.
    Fill { color: RGBColor, alpha: f64 },
    /// A box filled at opacity `alpha` and hatched.
    Hatched { color: RGBColor, alpha: f64 },
    /// A dot, filled or hollow.
    Dot { color: RGBColor, filled: bool },
    /// A whisker: a vertical line with caps.
    Whisker { color: RGBColor },
    /// A range across: a horizontal line with caps.
    Range { color: RGBColor },
    /// A sample of text written on the chart, such as `4.5 %`.
    Sample(&'static str),
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub label: String,
    pub swatch: Swatch,
}

impl Entry {
    pub(crate) fn new(label: impl Into<String>, swatch: Swatch) -> Self {
        Entry {
            label: label.into(),
            swatch,
        }
    }
}

/// A box in pixels: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    /// True when the two boxes share any pixel.
    #[cfg(test)]
    pub(crate) fn intersects(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    /// True when `o` lies inside this box.
    #[cfg(test)]
    pub(crate) fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x
            && o.y >= self.y
            && o.x + o.w <= self.x + self.w
            && o.y + o.h <= self.y + self.h
    }
}

/// Where each entry of `widths` pixels (gaps included) goes in a legend `width` pixels
/// wide: `(x, row)`. All in one centred row when they fit, else in a centred grid of
/// columns as wide as the widest entry.
pub(crate) fn places(widths: &[i32], width: i32) -> Vec<(i32, usize)> {
    let total: i32 = widths.iter().sum();
    if total <= width {
        let mut x = (width - total) / 2;
        return widths
            .iter()
            .map(|w| {
                let at = (x, 0);
                x += w;
                at
            })
            .collect();
    }
    let col = widths.iter().copied().max().unwrap_or(1).max(1);
    let cols = (width / col).max(1) as usize;
    let used = cols.min(widths.len()) as i32 * col;
    let x0 = ((width - used) / 2).max(0);
    (0..widths.len())
        .map(|i| (x0 + (i % cols) as i32 * col, i / cols))
        .collect()
}

/// Where the plot and the legend go in an area of `size` pixels: the legend's rows of
/// `line` pixels in a strip at the bottom, the plot above it. Returns the plot's box, the
/// legend's box and each entry's place `(x, row)` in the legend.
pub(crate) fn layout(
    size: (i32, i32),
    widths: &[i32],
    line: i32,
    pad: i32,
) -> (Rect, Rect, Vec<(i32, usize)>) {
    let places: Vec<(i32, usize)> = places(widths, size.0 - 2 * pad)
        .into_iter()
        .map(|(x, r)| (x + pad, r))
        .collect();
    let rows = places.iter().map(|p| p.1 + 1).max().unwrap_or(0) as i32;
    let h = if rows == 0 { 0 } else { rows * line + pad };
    let h = h.min(size.1 / 2);
    let plot = Rect {
        x: 0,
        y: 0,
        w: size.0,
        h: size.1 - h,
    };
    let legend = Rect {
        x: 0,
        y: size.1 - h,
        w: size.0,
        h,
    };
    (plot, legend, places)
}

/// The legend's font size.
pub(crate) fn font(sizes: &Sizes) -> f64 {
    sizes.label * 0.85
}

/// Reserves a strip at the bottom of `area` for `entries`, draws them there (rows centred)
/// and returns the area above it, for the plot.
pub(crate) fn below<'a, DB: DrawingBackend>(
    area: &Area<'a, DB>,
    sizes: &Sizes,
    entries: &[Entry],
) -> Result<Area<'a, DB>, Error> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let font = font(sizes);
    let style = theme::text(font, theme::INK);
    let swatch_w = (font * 2.2).round() as i32;
    let gap = (font * 1.6).round() as i32;
    let inner = (font * 0.5).round() as i32;
    let widths: Vec<i32> = entries
        .iter()
        .map(|e| {
            let text = area
                .estimate_text_size(&e.label, &style)
                .map_or(e.label.chars().count() as i32 * font as i32, |s| s.0 as i32);
            swatch_w + inner + text + gap
        })
        .collect();
    let (w, h) = area.dim_in_pixel();
    let line = (font * 1.55).round() as i32;
    let pad = sizes.margin as i32;
    let (plot, _, places) = layout((w as i32, h as i32), &widths, line, pad);
    let (top, bottom) = area.split_vertically(plot.h as u32);
    for (entry, (x, row)) in entries.iter().zip(places) {
        let cy = row as i32 * line + line / 2;
        draw_swatch(&bottom, entry.swatch, (x, cy), swatch_w, font)?;
        bottom
            .draw(&Text::new(
                entry.label.clone(),
                (x + swatch_w + inner, cy),
                style.pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                )),
            ))
            .map_err(chart_err)?;
    }
    Ok(top)
}

/// Draws one swatch of `w` pixels starting at `(x, cy)` (its vertical centre).
pub(crate) fn draw_swatch<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    swatch: Swatch,
    (x, cy): (i32, i32),
    w: i32,
    font: f64,
) -> Result<(), Error> {
    let half = (font * 0.4).round() as i32;
    let (top, bottom) = (cy - half, cy + half);
    match swatch {
        Swatch::Line { color, width, dash } => {
            line_swatch(area, (x, cy), w, color.stroke_width(width), dash)
        }
        Swatch::Band { color, fill } => band_swatch(area, (x, top, x + w, bottom), color, fill),
        Swatch::Fill { color, alpha } => area
            .draw(&Rectangle::new(
                [(x, top), (x + w, bottom)],
                color.mix(alpha).filled(),
            ))
            .map_err(chart_err),
        Swatch::Hatched { color, alpha } => {
            hatched_swatch(area, (x, top, x + w, bottom), color, alpha, font)
        }
        Swatch::Dot { color, filled } => {
            let r = (font * 0.35).max(2.5) as i32;
            let style = if filled {
                color.filled()
            } else {
                color.stroke_width(2)
            };
            area.draw(&Circle::new((x + w / 2, cy), r, style))
                .map_err(chart_err)
        }
        Swatch::Sample(text) => area
            .draw(&Text::new(
                text.to_owned(),
                (x + w / 2, cy),
                theme::text(font * 0.9, theme::INK).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                )),
            ))
            .map_err(chart_err),
        Swatch::Whisker { color } => whisker_swatch(area, x + w / 2, (top, bottom), color, font),
        Swatch::Range { color } => {
            let ink = color.stroke_width(2);
            for seg in [
                vec![(x, cy), (x + w, cy)],
                vec![(x, top), (x, bottom)],
                vec![(x + w, top), (x + w, bottom)],
            ] {
                area.draw(&PathElement::new(seg, ink)).map_err(chart_err)?;
            }
            Ok(())
        }
    }
}

/// Draws a line swatch `w` pixels long from `(x, cy)`: solid, or in dashes of `(on, off)`
/// pixels.
fn line_swatch<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    (x, cy): (i32, i32),
    w: i32,
    style: ShapeStyle,
    dash: Option<(i32, i32)>,
) -> Result<(), Error> {
    super::dashed_path(area, &[(x, cy), (x + w, cy)], style, dash)
}

/// Draws a band swatch in the box `(x0, top, x1, bottom)`: its fill of opacity `fill`
/// (none at 0) and a thin line at its top and bottom edges.
fn band_swatch<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    (x0, top, x1, bottom): (i32, i32, i32, i32),
    color: RGBColor,
    fill: f64,
) -> Result<(), Error> {
    if fill > 0.0 {
        area.draw(&Rectangle::new(
            [(x0, top), (x1, bottom)],
            color.mix(fill).filled(),
        ))
        .map_err(chart_err)?;
    }
    for y in [top, bottom] {
        area.draw(&PathElement::new(
            vec![(x0, y), (x1, y)],
            color.stroke_width(1),
        ))
        .map_err(chart_err)?;
    }
    Ok(())
}

/// Draws a hatched swatch in the box `(x0, top, x1, bottom)`: a fill of opacity `alpha`
/// under hatch lines spaced for the legend's `font`.
fn hatched_swatch<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    (x0, top, x1, bottom): (i32, i32, i32, i32),
    color: RGBColor,
    alpha: f64,
    font: f64,
) -> Result<(), Error> {
    area.draw(&Rectangle::new(
        [(x0, top), (x1, bottom)],
        color.mix(alpha).filled(),
    ))
    .map_err(chart_err)?;
    for (a, b) in hatch((x0, top, x1, bottom), (font * 0.45).max(3.0) as i32) {
        area.draw(&PathElement::new(vec![a, b], color.stroke_width(1)))
            .map_err(chart_err)?;
    }
    Ok(())
}

/// Draws a whisker swatch at `c`: a vertical line from `top` to `bottom` with a cap at
/// each end, sized for the legend's `font`.
fn whisker_swatch<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    c: i32,
    (top, bottom): (i32, i32),
    color: RGBColor,
    font: f64,
) -> Result<(), Error> {
    let cap = (font * 0.3) as i32;
    for seg in [
        vec![(c, top), (c, bottom)],
        vec![(c - cap, top), (c + cap, top)],
        vec![(c - cap, bottom), (c + cap, bottom)],
    ] {
        area.draw(&PathElement::new(seg, color.stroke_width(2)))
            .map_err(chart_err)?;
    }
    Ok(())
}

/// Diagonal hatch lines (rising to the right) `spacing` pixels apart inside the box
/// `(x0, y0, x1, y1)`, each clipped to the box.
pub(crate) fn hatch(
    (x0, y0, x1, y1): (i32, i32, i32, i32),
    spacing: i32,
) -> Vec<((i32, i32), (i32, i32))> {
    let spacing = spacing.max(2);
    let mut out = Vec::new();
    // Lines x + y = c, for c from the top-left corner to the bottom-right one.
    let mut c = x0 + y0 + spacing / 2;
    while c < x1 + y1 {
        // On the line, y = c - x: clip x to the box and y to the box.
        let xa = x0.max(c - y1);
        let xb = x1.min(c - y0);
        if xa < xb {
            out.push(((xa, c - xa), (xb, c - xb)));
        }
        c += spacing;
    }
    out
}

/// A strip at the bottom of a chart for a colour bar and what stands beside it: its area,
/// the legend's font, the bar's height, the bar's middle (`cy`, pixels from the strip's
/// top) and the padding at the strip's edges.
pub(crate) struct BarStrip<DB: DrawingBackend> {
    pub area: DrawingArea<DB, Shift>,
    pub font: f64,
    pub bar_h: i32,
    pub cy: i32,
    pub pad: i32,
}

impl<DB: DrawingBackend> BarStrip<DB> {
    /// The width of `text` in the strip's font, pixels.
    pub(crate) fn text_width(&self, text: &str) -> i32 {
        self.area
            .estimate_text_size(text, &theme::text(self.font, theme::INK))
            .map_or(text.chars().count() as i32 * self.font as i32, |s| {
                s.0 as i32
            })
    }
}

/// Lays out a [`BarStrip`] at the bottom of `body`, tall enough for the bar, its tick
/// labels and a margin, and returns the area above it with the strip.
pub(crate) fn bar_strip<'a, DB: DrawingBackend>(
    body: &Area<'a, DB>,
    sizes: &Sizes,
) -> (Area<'a, DB>, BarStrip<DB>) {
    let font = font(sizes);
    let h = body.dim_in_pixel().1;
    let bar_h = (font * 0.9).round() as i32;
    let tick_h = (sizes.tick * 1.5).round() as i32;
    let pad = sizes.margin as i32;
    let strip_h = bar_h + tick_h + pad;
    let (top, area) = body.split_vertically(h.saturating_sub(strip_h as u32));
    let strip = BarStrip {
        area,
        font,
        bar_h,
        cy: pad / 3 + bar_h / 2,
        pad,
    };
    (top, strip)
}

/// Draws a colour bar `bar_w` x `bar_h` pixels whose left edge is at `x` and whose middle
/// is at `cy` in `strip`: `colour(t)` for `t` from 0 at the left to 1 at the right, an
/// outline, and ticks below it labelled on the scale `lo..hi`.
pub(crate) fn colour_bar<DB: DrawingBackend>(
    strip: &Area<'_, DB>,
    (x, cy): (i32, i32),
    (bar_w, bar_h): (i32, i32),
    (lo, hi): (f64, f64),
    colour: impl Fn(f64) -> RGBColor,
    sizes: &Sizes,
) -> Result<(), Error> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    for p in 0..bar_w {
        strip
            .draw(&Rectangle::new(
                [(x + p, cy - bar_h / 2), (x + p + 1, cy + bar_h / 2)],
                colour(f64::from(p) / f64::from(bar_w)).filled(),
            ))
            .map_err(chart_err)?;
    }
    strip
        .draw(&Rectangle::new(
            [(x, cy - bar_h / 2), (x + bar_w, cy + bar_h / 2)],
            theme::MUTED.stroke_width(1),
        ))
        .map_err(chart_err)?;
    let axis = super::NiceAxis::new(lo, hi);
    let ticks = super::ticks::ticks(lo, hi);
    let tick_style =
        theme::text(sizes.tick * 0.9, theme::INK).pos(Pos::new(HPos::Center, VPos::Top));
    let values: Vec<f64> = ticks
        .values
        .iter()
        .copied()
        .filter(|v| *v >= lo && *v <= hi)
        .collect();
    // Every tick labelled where the labels keep a gap between them, else every second,
    // third... so that none runs into the next.
    let widest = values
        .iter()
        .map(|v| {
            strip
                .estimate_text_size(&axis.label(*v), &tick_style)
                .map_or(0, |s| s.0 as i32)
        })
        .max()
        .unwrap_or(0);
    let pitch = f64::from(bar_w) / (values.len().max(2) - 1) as f64;
    let every = ((f64::from(widest) + sizes.tick * 0.8) / pitch.max(1.0))
        .ceil()
        .max(1.0) as usize;
    for (k, v) in values.iter().enumerate() {
        if k % every != 0 {
            continue;
        }
        let tx = x + ((v - lo) / (hi - lo).max(1e-12) * f64::from(bar_w)).round() as i32;
        strip
            .draw(&PathElement::new(
                vec![(tx, cy + bar_h / 2), (tx, cy + bar_h / 2 + 4)],
                theme::MUTED.stroke_width(1),
            ))
            .map_err(chart_err)?;
        strip
            .draw(&Text::new(
                axis.label(*v),
                (tx, cy + bar_h / 2 + 5),
                tick_style.clone(),
            ))
            .map_err(chart_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_go_in_one_row_or_a_grid() {
        assert_eq!(places(&[40, 40], 100), vec![(10, 0), (50, 0)]);
        assert_eq!(places(&[40, 30, 20], 80), vec![(0, 0), (40, 0), (0, 1)]);
        assert_eq!(places(&[150, 40], 100), vec![(0, 0), (0, 1)]);
        assert!(places(&[], 100).is_empty());
    }

    #[test]
    fn the_legend_never_covers_the_plot() {
        // Chart bodies at the three sizes of the README, with eleven entries of varied widths.
        for (w, h) in [(640, 300), (1200, 560), (1600, 720)] {
            let scale = f64::from(w) / 1200.0;
            let widths: Vec<i32> = (0..11)
                .map(|i| (f64::from(120 + 40 * (i % 4)) * scale) as i32)
                .collect();
            let line = (20.0 * scale) as i32;
            let pad = (16.0 * scale) as i32;
            let (plot, legend, places) = layout((w, h), &widths, line, pad);
            let area = Rect { x: 0, y: 0, w, h };
            assert!(!plot.intersects(&legend), "{w}x{h}: {plot:?} {legend:?}");
            assert!(area.contains(&plot) && area.contains(&legend), "{w}x{h}");
            assert!(
                plot.h >= h * 3 / 4,
                "{w}x{h}: the plot keeps most of the height"
            );
            // Every entry inside the legend, none on another.
            let boxes: Vec<Rect> = places
                .iter()
                .zip(&widths)
                .map(|((x, row), width)| Rect {
                    x: *x,
                    y: legend.y + *row as i32 * line,
                    w: *width,
                    h: line,
                })
                .collect();
            for (i, b) in boxes.iter().enumerate() {
                assert!(
                    legend.contains(b),
                    "{w}x{h}: entry {i} {b:?} outside {legend:?}"
                );
                assert!(!plot.intersects(b), "{w}x{h}: entry {i} on the plot");
                for o in &boxes[i + 1..] {
                    assert!(!b.intersects(o), "{w}x{h}: entries overlap");
                }
            }
        }
    }

    #[test]
    fn hatch_lines_stay_in_their_box() {
        let b = (10, 20, 60, 35);
        let lines = hatch(b, 6);
        assert!(lines.len() > 5);
        for ((xa, ya), (xb, yb)) in lines {
            for (x, y) in [(xa, ya), (xb, yb)] {
                assert!((b.0..=b.2).contains(&x) && (b.1..=b.3).contains(&y));
            }
            assert_eq!(xa + ya, xb + yb);
        }
    }
}
