//! The one theme every chart shares: font, colours, sizes.

use std::sync::Once;

use plotters::prelude::*;
use plotters::style::{FontStyle, RGBColor};

/// The bundled font (DejaVu Sans; licence in `src/chart/fonts/LICENSE-DejaVu.txt`).
pub(crate) const FONT_REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
/// The bundled bold font.
pub(crate) const FONT_BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");
/// The family the bundled font is registered under, and the one an SVG asks for: the
/// bundled font's own name, with the generic family where a viewer lacks it.
pub(crate) const FAMILY: &str = "DejaVu Sans, sans-serif";

/// Default chart size, pixels.
pub(crate) const DEFAULT_SIZE: (u32, u32) = (1200, 700);

/// Registers the bundled fonts once; charts never look for system fonts.
pub(crate) fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, FONT_REGULAR)
            .unwrap_or_else(|_| panic!("bundled regular font is valid"));
        plotters::style::register_font(FAMILY, FontStyle::Bold, FONT_BOLD)
            .unwrap_or_else(|_| panic!("bundled bold font is valid"));
    });
}

/// Text colour.
pub(crate) const INK: RGBColor = RGBColor(33, 37, 41);
/// Secondary text and axes.
pub(crate) const MUTED: RGBColor = RGBColor(108, 117, 125);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(222, 226, 230);
/// Observed history.
pub(crate) const OBSERVED: RGBColor = RGBColor(33, 37, 41);
/// Truce window shading.
pub(crate) const TRUCE: RGBColor = RGBColor(116, 192, 252);
/// Outage red (share, loss).
pub(crate) const LOSS: RGBColor = RGBColor(201, 42, 42);

/// Scenario colours, in scenario order (colour-blind safe, after Okabe and Ito).
pub(crate) const SERIES: [RGBColor; 6] = [
    RGBColor(213, 94, 0),
    RGBColor(0, 114, 178),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
];

/// The colour of scenario `i`.
pub(crate) fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// Sizes derived from the chart size, so text stays readable at any `--size`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    /// Chart width and height, pixels.
    pub size: (u32, u32),
    /// Title font size.
    pub title: f64,
    /// Subtitle font size.
    pub subtitle: f64,
    /// Axis label and legend font size.
    pub label: f64,
    /// Tick label font size.
    pub tick: f64,
    /// Outer margin.
    pub margin: u32,
    /// Line width of series.
    pub line: u32,
}

impl Sizes {
    /// Sizes for a chart of `size` pixels: everything in proportion to the chart, except
    /// that text shrinks no further than three quarters of its size at 1200x700, below
    /// which it stops being readable (ticks of 10 pixels at 640x400).
    pub(crate) fn new(size: (u32, u32)) -> Self {
        let scale = (f64::from(size.0.min(size.1 * 2)) / 1200.0).clamp(0.5, 3.0);
        let text = scale.max(0.75);
        Sizes {
            size,
            title: 26.0 * text,
            subtitle: 15.0 * text,
            label: 16.0 * text,
            tick: 14.0 * text,
            margin: (16.0 * scale).round() as u32,
            line: (2.0 * scale).round().max(1.0) as u32,
        }
    }
}

/// Font sizes are rounded to an even number of pixels: at fractional and odd sizes the
/// rasteriser places small glyphs such as the full stop too high.
fn pixel_size(size: f64) -> f64 {
    (size / 2.0).round().max(4.0) * 2.0
}

/// A text style of the bundled family.
pub(crate) fn text(size: f64, color: RGBColor) -> TextStyle<'static> {
    let size = pixel_size(size);
    TextStyle {
        color: color.to_backend_color(),
        ..TextStyle::from((FAMILY, size).into_font())
    }
}

/// A bold text style of the bundled family.
pub(crate) fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    let size = pixel_size(size);
    TextStyle {
        color: color.to_backend_color(),
        ..TextStyle::from((FAMILY, size).into_font().style(FontStyle::Bold))
    }
}

/// Colour of a share from 0 (pale) to 1 (deep red).
pub(crate) fn share_color(share: f64) -> RGBColor {
    let s = share.clamp(0.0, 1.0);
    let lerp = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * s).round() as u8;
    RGBColor(lerp(252, 165), lerp(187, 15), lerp(161, 21))
}
