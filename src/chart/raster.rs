//! The PNG canvas: plotters' bitmap backend, with the text of the bundled font laid out
//! here.
//!
//! plotters' own rasteriser draws each glyph at the pen position without its left side
//! bearing, so that letters after a narrow one crowd it and a space after a capital all but
//! vanishes ("PIT histogram" read "PIThistogram"), and it puts the baseline half the font
//! size below the text's top, higher than the SVG does. Here each glyph keeps its bearing
//! and its subpixel place, on the baseline the SVG uses (0.76 em below the top), so that a
//! PNG reads as its SVG.

use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, ScaleFont};
use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use super::theme;

/// The bundled fonts, parsed once: regular and bold.
fn fonts() -> &'static (FontRef<'static>, FontRef<'static>) {
    static FONTS: OnceLock<(FontRef<'static>, FontRef<'static>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        (
            FontRef::try_from_slice(theme::FONT_REGULAR).expect("bundled regular font is valid"),
            FontRef::try_from_slice(theme::FONT_BOLD).expect("bundled bold font is valid"),
        )
    })
}

/// The top of a line of text to its baseline, as a share of the text's size: the SVG's
/// `dy="0.76em"` at its font size (plotters writes the size divided by 1.24).
const BASELINE: f32 = 0.76 / 1.24;

/// A pixel of a glyph: its place relative to the top left of the text's box and its
/// coverage (0..1).
type Coverage = (i32, i32, f32);

/// The pixels of `text` at `size` in `font`, relative to the top left of its box, and the
/// box's width (the advances and kerning, as plotters estimates it).
pub(crate) fn lay_out(font: &FontRef<'_>, size: f64, text: &str) -> (Vec<Coverage>, i32) {
    let scaled = font.as_scaled(size as f32);
    let baseline = size as f32 * BASELINE;
    let mut pixels = Vec::new();
    let mut pen = 0.0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        prev = Some(id);
        let glyph = id.with_scale_and_position(scaled.scale(), point(pen, baseline));
        if let Some(outline) = scaled.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            let (x0, y0) = (bounds.min.x as i32, bounds.min.y as i32);
            outline.draw(|x, y, cover| {
                if cover > 0.0 {
                    pixels.push((x0 + x as i32, y0 + y as i32, cover.min(1.0)));
                }
            });
        }
        pen += scaled.h_advance(id);
    }
    (pixels, pen as i32)
}

/// plotters' bitmap backend drawing text as described in the module's documentation.
pub(crate) struct PngBackend<'a> {
    inner: BitMapBackend<'a>,
}

impl<'a> PngBackend<'a> {
    /// A canvas of `size` pixels over an RGB buffer.
    pub(crate) fn with_buffer(buffer: &'a mut [u8], size: (u32, u32)) -> Self {
        PngBackend {
            inner: BitMapBackend::with_buffer(buffer, size),
        }
    }
}

type Result<E> = std::result::Result<(), DrawingErrorKind<E>>;

impl DrawingBackend for PngBackend<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<Self::ErrorType> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<Self::ErrorType> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<Self::ErrorType> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (iw, ih): (u32, u32),
        src: &[u8],
    ) -> Result<Self::ErrorType> {
        self.inner.blit_bitmap(pos, (iw, ih), src)
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<Self::ErrorType> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        if style.family().as_str() != theme::FAMILY {
            return self.inner.draw_text(text, style, pos);
        }
        let (regular, bold) = fonts();
        let font = match style.style() {
            FontStyle::Bold => bold,
            _ => regular,
        };
        let size = style.size();
        let (pixels, width) = lay_out(font, size, text);
        // The box plotters lays out (and the charts measure): the advances wide, the size
        // divided by 1.24 high.
        let height = (size / 1.24) as i32;
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let turn = style.transform();
        let (w, h) = self.get_size();
        for (x, y, cover) in pixels {
            let (x, y) = turn.transform(x + dx, y + dy);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h {
                self.inner.draw_pixel(
                    (x, y),
                    BackendColor {
                        alpha: color.alpha * f64::from(cover),
                        rgb: color.rgb,
                    },
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns of a line of text that hold ink.
    fn inked_columns(text: &str, size: f64) -> Vec<bool> {
        let (pixels, width) = lay_out(&fonts().1, size, text);
        let mut cols = vec![false; width.max(1) as usize + 4];
        for (x, _, cover) in pixels {
            if cover > 0.25 && x >= 0 && (x as usize) < cols.len() {
                cols[x as usize] = true;
            }
        }
        cols
    }

    #[test]
    fn a_space_after_a_capital_stays_a_space() {
        // "PIT histogram": the gap between the T and the h is at least as wide as the one
        // between the I and the T, at a small and at a large size.
        for size in [12.0, 26.0] {
            let cols = inked_columns("PIT histogram", size);
            let gaps: Vec<usize> = cols
                .split(|c| *c)
                .map(<[bool]>::len)
                .filter(|n| *n > 0)
                .collect();
            let widest = gaps.iter().copied().max().unwrap_or(0);
            assert!(
                widest as f64 >= size * 0.25,
                "size {size}: gaps {gaps:?}, the space is {widest} px"
            );
        }
    }

    #[test]
    fn text_sits_in_its_box() {
        // Capitals and descenders inside the box plotters measures (size / 1.24 high),
        // give or take a pixel.
        for size in [10.0, 14.0, 26.0] {
            let (pixels, _) = lay_out(&fonts().0, size, "Hg");
            let (top, bottom) = pixels
                .iter()
                .filter(|p| p.2 > 0.25)
                .fold((i32::MAX, i32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
            assert!(top >= -1, "size {size}: ink {top} above the box");
            assert!(
                f64::from(bottom) <= size / 1.24 + 1.0,
                "size {size}: ink {bottom} below the box"
            );
        }
    }
}
