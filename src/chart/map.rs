//! `map`: assets at their coordinates on land, coasts and country borders (Natural Earth),
//! sized by capacity, coloured by lost volume, in a conic projection fitted to the assets.

use plotters::prelude::*;

use super::geo::{base_map, Frame, Point, Projection};
use super::labels::{place_labels, LabelBox, Wanted};
use super::legend::{self, Swatch};
use super::theme::{self, Sizes};
use super::{chart_err, header, message, Area, ChartInput, ChartKind, RecordCharts};
use crate::error::Error;
use crate::format::grouped;
use crate::observed::period::AssetLoss;

/// How many of the largest assets without outage get a label, after every asset that lost
/// volume.
const LABELLED_UNSTRUCK: usize = 5;

/// Land.
pub(crate) const LAND: RGBColor = RGBColor(241, 239, 233);
/// Sea and lakes.
pub(crate) const SEA: RGBColor = RGBColor(226, 236, 244);
/// Coasts.
const COAST: RGBColor = RGBColor(150, 170, 188);
/// Country borders.
pub(crate) const BORDER: RGBColor = RGBColor(140, 140, 140);
/// The graticule.
const GRATICULE: RGBColor = RGBColor(200, 208, 216);

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let labels = super::Labels::of(input);
    let records = input.records.expect("checked by render");
    let assets = RecordCharts::part(&records.assets, ChartKind::Map)?;
    let placed: Vec<Located<'_>> = assets
        .iter()
        .filter_map(|a| Some((a, a.lon?, a.lat?)))
        .collect();
    // The frame fits the assets struck in the period (all of them where none was), so
    // that it shows where the strikes were rather than every far-off asset.
    let struck: Vec<Located<'_>> = placed.iter().copied().filter(|p| p.0.lost > 0.0).collect();
    let framed: &[Located<'_>] = if struck.is_empty() { &placed } else { &struck };
    let extent = extent(framed);
    let (lon0, lon1, lat0, lat1) = extent;
    let map = base_map();
    // The base map is drawn when it holds the framed assets with a margin.
    let covered = !placed.is_empty()
        && map.covers((lon0 - 8.0, lat0 - 6.0))
        && map.covers((lon1 + 8.0, lat1 + 6.0));
    let unplaced: Vec<&AssetLoss> = assets
        .iter()
        .filter(|a| a.lon.is_none() || a.lat.is_none())
        .collect();
    let body = header(
        root,
        sizes,
        input.text,
        &format!("{}: capacity and volume lost to strikes", labels.assets),
        input.source,
        &detail(input.period, &unplaced, covered, &labels),
    )?;
    if placed.is_empty() {
        return message(
            &body,
            sizes,
            &format!("no {} has coordinates", labels.asset),
        );
    }
    // Laid out once to find the assets beyond the frame; where there are some, again
    // with room for the footnote that names them.
    let (mut above, mut strip) = legend::bar_strip(&body, sizes);
    let mut view = View::fit(&above, sizes, framed, extent);
    let mut note = None;
    if !beyond(&view, &placed).is_empty() {
        let text = beyond_note(&beyond(&view, &placed), struck.len(), &labels);
        let lines = super::footnote_lines(&body, sizes, &text);
        let (rest, foot) = super::footnote_strip(&body, sizes, lines.len());
        (above, strip) = legend::bar_strip(&rest, sizes);
        view = View::fit(&above, sizes, framed, extent);
        note = Some((foot, lines.len()));
    }
    let away = beyond(&view, &placed);
    if let Some((foot, room)) = note {
        let text = beyond_note(&away, struck.len(), &labels);
        let lines = super::footnote_lines(&body, sizes, &text);
        super::draw_footnote(&foot, sizes, &lines[..lines.len().min(room)])?;
    }
    let shown: Vec<Located<'_>> = placed
        .iter()
        .copied()
        .filter(|p| !away.iter().any(|a| a.id == p.0.id))
        .collect();
    let lost = |id: &str| assets.iter().find(|a| a.id == id).map_or(0.0, |a| a.lost);
    let max_lost = assets.iter().map(|a| a.lost).fold(0.0, f64::max);
    let max_cap = shown.iter().map(|(a, _, _)| a.capacity).fold(0.0, f64::max);
    colour_bar(
        &strip,
        sizes,
        max_lost,
        &labels.amount,
        max_cap,
        &labels.capacity,
    )?;
    draw_background(&above, sizes, &view, covered)?;
    let circles = draw_circles(&above, sizes, &view, &shown, &lost, (max_lost, max_cap))?;
    draw_labels(&above, sizes, &view.frame, &circles, &lost, &labels.amount)
}

/// The placed assets whose place falls outside the frame of `view`.
fn beyond<'a>(view: &View, placed: &[Located<'a>]) -> Vec<&'a AssetLoss> {
    let f = &view.frame;
    placed
        .iter()
        .filter(|(_, lon, lat)| {
            let (x, y) = view.to_px(view.proj.project((*lon, *lat)));
            x < f.x0 || x > f.x1 || y < f.y0 || y > f.y1
        })
        .map(|p| p.0)
        .collect()
}

/// The footnote of the assets `away` beyond a frame fitted to the `struck` ones: how many
/// and which (the largest few).
fn beyond_note(away: &[&AssetLoss], struck: usize, words: &super::Labels) -> String {
    let mut away = away.to_vec();
    away.sort_by(|a, b| b.capacity.total_cmp(&a.capacity));
    const NAMED: usize = 4;
    let mut names: Vec<String> = away.iter().take(NAMED).map(|a| a.id.clone()).collect();
    if away.len() > NAMED {
        names.push(format!("{} more", away.len() - NAMED));
    }
    let names = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    };
    let all_unstruck = away.iter().all(|a| a.lost <= 0.0);
    format!(
        "Framed on the {} struck in the period; {}{} beyond it not drawn: {names}.",
        several(struck, words),
        several(away.len(), words),
        if all_unstruck { " without outage" } else { "" },
    )
}

/// An asset with coordinates: the asset, its longitude and its latitude (degrees).
type Located<'a> = (&'a AssetLoss, f64, f64);

/// The longitudes and latitudes the assets span: west, east, south, north (degrees).
type Extent = (f64, f64, f64, f64);

/// The [`Extent`] of the placed assets.
fn extent(placed: &[Located<'_>]) -> Extent {
    let (mut lon0, mut lon1, mut lat0, mut lat1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (_, lon, lat) in placed {
        lon0 = lon0.min(*lon);
        lon1 = lon1.max(*lon);
        lat0 = lat0.min(*lat);
        lat1 = lat1.max(*lat);
    }
    (lon0, lon1, lat0, lat1)
}

/// `n` assets in words: "1 refinery", "18 refineries".
fn several(n: usize, words: &super::Labels) -> String {
    if n == 1 {
        format!("1 {}", words.asset)
    } else {
        format!("{} {}", grouped(n as f64, 0), words.assets.to_lowercase())
    }
}

/// The subtitle's detail: the period, what the circles mean, the assets left off for want
/// of coordinates (and whether any of them was struck), and the base map or why there is
/// none.
fn detail(
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    unplaced: &[&AssetLoss],
    covered: bool,
    words: &super::Labels,
) -> String {
    let [w, s, e, n] = base_map().bbox;
    let struck = unplaced.iter().filter(|a| a.lost > 0.0).count();
    format!(
        "{from} to {to} · circle area: capacity; colour: volume lost to strikes{}{}",
        if unplaced.is_empty() {
            String::new()
        } else {
            format!(
                " · {} without coordinates not shown ({})",
                several(unplaced.len(), words),
                if struck == 0 {
                    "none struck".to_owned()
                } else {
                    format!("{struck} struck")
                }
            )
        },
        if covered {
            " · base map: Natural Earth".to_owned()
        } else {
            format!(" · no base map: it covers {w}°E to {e}°E, {s}°N to {n}°N")
        }
    )
}

/// Where the map goes on the chart: the projection fitted to the assets, the frame in
/// pixels, and the scale and the two centres (projected and in pixels) that carry one to
/// the other.
struct View {
    proj: Projection,
    frame: Frame,
    scale: f64,
    centre: Point,
    middle: Point,
}

impl View {
    /// Lays out the map on `body`: the assets' projected extent with a margin, widened to
    /// the shape of the frame left by the latitude labels.
    fn fit<DB: DrawingBackend>(
        body: &Area<'_, DB>,
        sizes: &Sizes,
        placed: &[Located<'_>],
        (lon0, lon1, lat0, lat1): Extent,
    ) -> View {
        let proj = Projection::fit((lon0, lon1), (lat0, lat1));
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for (_, lon, lat) in placed {
            let (x, y) = proj.project((*lon, *lat));
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        let mid = ((lon0 + lon1) / 2.0, (lat0 + lat1) / 2.0);
        let degree = {
            let (a, b) = (proj.project(mid), proj.project((mid.0, mid.1 + 1.0)));
            (b.0 - a.0).hypot(b.1 - a.1)
        };
        let pad = ((x1 - x0).max(y1 - y0) * 0.07).max(degree * 1.5);
        let (x0, x1, y0, y1) = (x0 - pad, x1 + pad, y0 - pad, y1 + pad);
        let frame = map_frame(body, sizes);
        let scale = ((frame.x1 - frame.x0) / (x1 - x0)).min((frame.y1 - frame.y0) / (y1 - y0));
        View {
            proj,
            frame,
            scale,
            centre: ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
            middle: ((frame.x0 + frame.x1) / 2.0, (frame.y0 + frame.y1) / 2.0),
        }
    }

    /// The pixel of a projected point.
    fn to_px(&self, p: Point) -> Point {
        let ((cx, cy), (acx, acy)) = (self.centre, self.middle);
        (acx + (p.0 - cx) * self.scale, acy - (p.1 - cy) * self.scale)
    }

    /// The longitude and latitude of a pixel.
    fn to_lonlat(&self, p: Point) -> Point {
        let ((cx, cy), (acx, acy)) = (self.centre, self.middle);
        let (x, y) = (cx + (p.0 - acx) / self.scale, cy - (p.1 - acy) / self.scale);
        self.proj.unproject((x, y))
    }
}

/// The map's frame in `body`'s pixels: a margin all round, room for the latitude labels
/// on the left and the longitude labels below.
fn map_frame<DB: DrawingBackend>(body: &Area<'_, DB>, sizes: &Sizes) -> Frame {
    let m = f64::from(sizes.margin);
    let tick_style = theme::text(sizes.tick, theme::MUTED);
    let lat_label_w = body
        .estimate_text_size("55°N", &tick_style)
        .map_or(sizes.tick * 3.0, |s| f64::from(s.0));
    let (bw, bh) = body.dim_in_pixel();
    Frame {
        x0: m + lat_label_w + sizes.tick * 0.6,
        y0: m * 0.5,
        x1: f64::from(bw) - m,
        y1: f64::from(bh) - m * 0.5 - sizes.tick * 1.8,
    }
}

/// A point in whole pixels.
fn px(p: Point) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

/// Draws what lies under the assets: the sea (white without a base map), the base map
/// where it `covered` the assets, the graticule and the frame's outline.
fn draw_background<DB: DrawingBackend>(
    body: &Area<'_, DB>,
    sizes: &Sizes,
    view: &View,
    covered: bool,
) -> Result<(), Error> {
    let frame = view.frame;
    body.draw(&Rectangle::new(
        [px((frame.x0, frame.y0)), px((frame.x1, frame.y1))],
        if covered {
            SEA.filled()
        } else {
            WHITE.filled()
        },
    ))
    .map_err(chart_err)?;
    if covered {
        draw_base_map(body, &frame, &|p| view.to_px(view.proj.project(p)), sizes)?;
    }
    graticule(body, sizes, view)?;
    body.draw(&Rectangle::new(
        [px((frame.x0, frame.y0)), px((frame.x1, frame.y1))],
        theme::MUTED.stroke_width(1),
    ))
    .map_err(chart_err)?;
    Ok(())
}

/// An asset's circle as drawn: the asset, and the circle's centre and radius in pixels.
type Dot<'a> = (&'a AssetLoss, (i32, i32, i32));

/// Draws one circle per asset, its area by capacity (the largest `max_cap`), its colour by
/// the volume it lost (the most `max_lost`), largest first so that small circles stay on
/// top. Returns the circles in the order drawn.
fn draw_circles<'a, DB: DrawingBackend>(
    body: &Area<'_, DB>,
    sizes: &Sizes,
    view: &View,
    placed: &[Located<'a>],
    lost: &dyn Fn(&str) -> f64,
    (max_lost, max_cap): (f64, f64),
) -> Result<Vec<Dot<'a>>, Error> {
    let r_max = f64::from(sizes.size.1) * 0.035;
    let radius = |cap: f64| ((cap / max_cap).sqrt() * r_max).max(3.0) as i32;
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by(|a, b| placed[*b].0.capacity.total_cmp(&placed[*a].0.capacity));
    let dots: Vec<Dot<'a>> = order
        .iter()
        .map(|i| {
            let (a, lon, lat) = placed[*i];
            let (x, y) = px(view.to_px(view.proj.project((lon, lat))));
            (a, (x, y, radius(a.capacity)))
        })
        .collect();
    for (a, (x, y, r)) in &dots {
        let l = lost(&a.id);
        let fill = if l > 0.0 {
            theme::share_color(0.2 + 0.8 * l / max_lost)
        } else {
            NO_OUTAGE
        };
        body.draw(&Circle::new((*x, *y), *r, fill.mix(0.85).filled()))
            .map_err(chart_err)?;
        body.draw(&Circle::new((*x, *y), *r, theme::MUTED.stroke_width(1)))
            .map_err(chart_err)?;
    }
    Ok(dots)
}

/// Which circles get a label, in the order they are placed: every asset that lost volume,
/// the most first, then the largest of the others (indices into `dots`).
fn labelled(dots: &[Dot<'_>], lost: &dyn Fn(&str) -> f64) -> Vec<usize> {
    let mut by_lost: Vec<usize> = (0..dots.len())
        .filter(|k| lost(&dots[*k].0.id) > 0.0)
        .collect();
    by_lost.sort_by(|a, b| lost(&dots[*b].0.id).total_cmp(&lost(&dots[*a].0.id)));
    // `dots` are in decreasing capacity.
    by_lost.extend(
        (0..dots.len())
            .filter(|k| lost(&dots[*k].0.id) <= 0.0)
            .take(LABELLED_UNSTRUCK),
    );
    by_lost
}

/// Draws the labels of the [`labelled`] circles, each its asset's id and the volume it
/// lost, on a light halo, placed clear of the circles and of each other inside `frame`
/// (with a leader line where one stands away from its circle).
fn draw_labels<DB: DrawingBackend>(
    body: &Area<'_, DB>,
    sizes: &Sizes,
    frame: &Frame,
    dots: &[Dot<'_>],
    lost: &dyn Fn(&str) -> f64,
    amount: &str,
) -> Result<(), Error> {
    let font = sizes.tick * 0.9;
    let style = theme::text(font, theme::INK);
    let wanted: Vec<Wanted> = labelled(dots, lost)
        .iter()
        .map(|k| {
            let (a, circle) = dots[*k];
            let l = lost(&a.id);
            let text = if l > 0.0 {
                format!("{} {} {amount}", a.id, figure_text(l, 2))
            } else {
                a.id.clone()
            };
            let (w, h) = body.estimate_text_size(&text, &style).map_or(
                (
                    (text.chars().count() as f64 * font * 0.6) as i32,
                    font as i32,
                ),
                |s| (s.0 as i32, s.1 as i32),
            );
            Wanted {
                text,
                circle,
                size: (w, h),
            }
        })
        .collect();
    let bounds = LabelBox {
        x: frame.x0.ceil() as i32 + 2,
        y: frame.y0.ceil() as i32 + 2,
        w: (frame.x1 - frame.x0).floor() as i32 - 4,
        h: (frame.y1 - frame.y0).floor() as i32 - 4,
    };
    let circles: Vec<(i32, i32, i32)> = dots.iter().map(|d| d.1).collect();
    for (want, place) in wanted.iter().zip(place_labels(&wanted, &circles, bounds)) {
        let Some((b, leader)) = place else { continue };
        if let Some((a, z)) = leader {
            body.draw(&PathElement::new(vec![a, z], theme::INK.stroke_width(1)))
                .map_err(chart_err)?;
        }
        // A halo of the land's colour under the text keeps it readable over the map.
        body.draw(&Rectangle::new(
            [(b.x - 1, b.y), (b.x + b.w + 1, b.y + b.h)],
            WHITE.mix(0.7).filled(),
        ))
        .map_err(chart_err)?;
        body.draw(&Text::new(want.text.clone(), (b.x, b.y), style.clone()))
            .map_err(chart_err)?;
    }
    Ok(())
}

/// Land (with its lakes), coasts and borders, clipped to `frame`; `to_px` maps a longitude
/// and latitude to pixels.
fn draw_base_map<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    frame: &Frame,
    to_px: &dyn Fn(Point) -> Point,
    sizes: &Sizes,
) -> Result<(), Error> {
    let map = base_map();
    let px = |p: &Point| (p.0.round() as i32, p.1.round() as i32);
    for polygon in &map.land {
        for (i, ring) in polygon.iter().enumerate() {
            let projected: Vec<Point> = ring.iter().map(|p| to_px(*p)).collect();
            let clipped = frame.clip_ring(&projected);
            if clipped.is_empty() {
                continue;
            }
            let colour = if i == 0 { LAND } else { SEA };
            area.draw(&Polygon::new(
                clipped.iter().map(px).collect::<Vec<_>>(),
                colour.filled(),
            ))
            .map_err(chart_err)?;
        }
    }
    let width = (f64::from(sizes.line) * 0.5).round().max(1.0) as u32;
    // Coasts: the rings of the land, without the edges where the cut ran.
    for ring in map.land.iter().flatten() {
        let mut piece: Vec<Point> = Vec::new();
        let mut pieces: Vec<Vec<Point>> = Vec::new();
        for w in ring.windows(2) {
            if map.on_cut(w[0]) && map.on_cut(w[1]) {
                if piece.len() >= 2 {
                    pieces.push(std::mem::take(&mut piece));
                }
                piece.clear();
                continue;
            }
            if piece.is_empty() {
                piece.push(to_px(w[0]));
            }
            piece.push(to_px(w[1]));
        }
        if piece.len() >= 2 {
            pieces.push(piece);
        }
        for p in pieces {
            for line in frame.clip_line(&p) {
                area.draw(&PathElement::new(
                    line.iter().map(px).collect::<Vec<_>>(),
                    COAST.stroke_width(width),
                ))
                .map_err(chart_err)?;
            }
        }
    }
    for border in &map.borders {
        let projected: Vec<Point> = border.iter().map(|p| to_px(*p)).collect();
        for line in frame.clip_line(&projected) {
            area.draw(&PathElement::new(
                line.iter().map(px).collect::<Vec<_>>(),
                BORDER.stroke_width(width),
            ))
            .map_err(chart_err)?;
        }
    }
    Ok(())
}

/// Meridians and parallels at a nice step, labelled where they leave the frame: meridians
/// below it, parallels left of it.
fn graticule<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    sizes: &Sizes,
    view: &View,
) -> Result<(), Error> {
    let (lo, hi) = frame_span(view);
    let step = |a: f64, b: f64| {
        let s = super::ticks::integer_ticks(a, b).step;
        [1.0, 2.0, 5.0, 10.0, 20.0, 30.0]
            .into_iter()
            .find(|v| *v >= s)
            .unwrap_or(30.0)
    };
    meridians(area, sizes, view, (lo, hi), step(lo.0, hi.0))?;
    parallels(area, sizes, view, (lo, hi), step(lo.1, hi.1))
}

/// The longitudes and latitudes the frame spans: `((west, south), (east, north))`, from
/// points along its four edges.
fn frame_span(view: &View) -> (Point, Point) {
    let frame = &view.frame;
    let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
    for i in 0..=20 {
        let t = f64::from(i) / 20.0;
        for p in [
            (frame.x0 + (frame.x1 - frame.x0) * t, frame.y0),
            (frame.x0 + (frame.x1 - frame.x0) * t, frame.y1),
            (frame.x0, frame.y0 + (frame.y1 - frame.y0) * t),
            (frame.x1, frame.y0 + (frame.y1 - frame.y0) * t),
        ] {
            let (lon, lat) = view.to_lonlat(p);
            lo = (lo.0.min(lon), lo.1.min(lat));
            hi = (hi.0.max(lon), hi.1.max(lat));
        }
    }
    (lo, hi)
}

/// Draws a graticule line through `n + 1` points (`at(i)`: longitude and latitude of point
/// i) inside the frame, and returns its points in pixels.
fn trace<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    view: &View,
    n: u32,
    at: &dyn Fn(f64) -> (f64, f64),
) -> Result<Vec<Point>, Error> {
    let line: Vec<Point> = (0..=n)
        .map(|i| view.to_px(view.proj.project(at(f64::from(i)))))
        .collect();
    for piece in view.frame.clip_line(&line) {
        area.draw(&PathElement::new(
            piece.into_iter().map(px).collect::<Vec<_>>(),
            GRATICULE.stroke_width(1),
        ))
        .map_err(chart_err)?;
    }
    Ok(line)
}

/// Draws the meridians every `lon_step` degrees across the span `(lo, hi)`, each labelled
/// below the frame where it leaves it and where its label does not touch the last one.
fn meridians<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    sizes: &Sizes,
    view: &View,
    (lo, hi): (Point, Point),
    lon_step: f64,
) -> Result<(), Error> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let frame = &view.frame;
    let style = theme::text(sizes.tick, theme::MUTED);
    let mut last_right = i32::MIN;
    let mut lon = (lo.0 / lon_step).ceil() * lon_step;
    while lon <= hi.0 {
        let line = trace(area, view, 80, &|i| {
            (lon, lo.1 - 1.0 + (hi.1 - lo.1 + 2.0) * i / 80.0)
        })?;
        // Where the meridian meets the bottom of the frame.
        if let Some(x) = crossing(&line, |p| p.1 - frame.y1).map(|p| p.0) {
            let text = degrees(lon, "E", "W");
            let w = area
                .estimate_text_size(&text, &style)
                .map_or(0, |s| s.0 as i32);
            let x = x.round() as i32;
            if x >= frame.x0 as i32 && x <= frame.x1 as i32 && x - w / 2 > last_right + 4 {
                area.draw(&Text::new(
                    text,
                    (x, (frame.y1 + sizes.tick * 0.4) as i32),
                    style.pos(Pos::new(HPos::Center, VPos::Top)),
                ))
                .map_err(chart_err)?;
                last_right = x + w / 2;
            }
        }
        lon += lon_step;
    }
    Ok(())
}

/// Draws the parallels every `lat_step` degrees across the span `(lo, hi)`, each labelled
/// left of the frame where it leaves it and where its label does not touch the last one.
fn parallels<DB: DrawingBackend>(
    area: &Area<'_, DB>,
    sizes: &Sizes,
    view: &View,
    (lo, hi): (Point, Point),
    lat_step: f64,
) -> Result<(), Error> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let frame = &view.frame;
    let style = theme::text(sizes.tick, theme::MUTED);
    let mut last_top = i32::MAX;
    let mut lat = (lo.1 / lat_step).ceil() * lat_step;
    while lat <= hi.1 {
        let line = trace(area, view, 160, &|i| {
            (lo.0 - 1.0 + (hi.0 - lo.0 + 2.0) * i / 160.0, lat)
        })?;
        if let Some(y) = crossing(&line, |p| p.0 - frame.x0).map(|p| p.1) {
            let y = y.round() as i32;
            let h = sizes.tick as i32;
            if y >= frame.y0 as i32 && y <= frame.y1 as i32 && y + h / 2 < last_top - 2 {
                area.draw(&Text::new(
                    degrees(lat, "N", "S"),
                    ((frame.x0 - sizes.tick * 0.4) as i32, y),
                    style.pos(Pos::new(HPos::Right, VPos::Center)),
                ))
                .map_err(chart_err)?;
                last_top = y - h / 2;
            }
        }
        lat += lat_step;
    }
    Ok(())
}

/// The first point of `line` where `f` changes sign, interpolated.
fn crossing(line: &[Point], f: impl Fn(&Point) -> f64) -> Option<Point> {
    line.windows(2).find_map(|w| {
        let (a, b) = (f(&w[0]), f(&w[1]));
        (a.signum() != b.signum() && a != b).then(|| {
            let t = a / (a - b);
            (
                w[0].0 + (w[1].0 - w[0].0) * t,
                w[0].1 + (w[1].1 - w[0].1) * t,
            )
        })
    })
}

/// `40°E`, `5°W`, `55°N`.
fn degrees(v: f64, positive: &str, negative: &str) -> String {
    let v = if v.abs() < 1e-9 { 0.0 } else { v };
    if v < 0.0 {
        format!("{}°{negative}", -v)
    } else {
        format!("{v}°{positive}")
    }
}

/// Draws the colour scale of lost volume as a colour bar with ticks in `strip`, with the
/// grey of no outage and what the circles' area means.
fn colour_bar<DB: DrawingBackend>(
    strip: &legend::BarStrip<DB>,
    sizes: &Sizes,
    max_lost: f64,
    amount: &str,
    max_cap: f64,
    capacity_unit: &str,
) -> Result<(), Error> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let (font, cy, pad) = (strip.font, strip.cy, strip.pad);
    let style = theme::text(font, theme::INK);
    let w = strip.area.dim_in_pixel().0;
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
            format!(
                "circle area: capacity (largest {} {capacity_unit})",
                figure_text(max_cap, 1)
            ),
            Swatch::Dot {
                color: theme::MUTED,
                filled: false,
            },
        ),
    ];
    let others_w: i32 = others
        .iter()
        .map(|(t, _)| swatch_w + strip.text_width(t) + gap + (font * 0.5) as i32)
        .sum();
    if max_lost > 0.0 {
        let title = format!("volume lost, {amount}");
        strip
            .area
            .draw(&Text::new(title.clone(), (x, cy), style.pos(left)))
            .map_err(chart_err)?;
        x += strip.text_width(&title) + (font * 0.8) as i32;
        let room = w as i32 - x - others_w - pad - gap;
        let bar_w = room.min((w as f64 * 0.3) as i32).max(60);
        legend::colour_bar(
            &strip.area,
            (x, cy),
            (bar_w, strip.bar_h),
            (0.0, max_lost),
            |v| theme::share_color(0.2 + 0.8 * v),
            sizes,
        )?;
        x += bar_w + gap;
    }
    for (text, swatch) in others {
        legend::draw_swatch(&strip.area, swatch, (x, cy), swatch_w, font)?;
        x += swatch_w + (font * 0.5) as i32;
        strip
            .area
            .draw(&Text::new(text.clone(), (x, cy), style.pos(left)))
            .map_err(chart_err)?;
        x += strip.text_width(&text) + gap;
    }
    Ok(())
}

/// The fill of an asset without outage in the period.
const NO_OUTAGE: RGBColor = RGBColor(206, 212, 218);

/// A figure as written on the map: `decimals` places below 100 (Mt, Mt/yr), whole
/// numbers with their thousands grouped from 100 up (GWh, MW).
fn figure_text(v: f64, decimals: usize) -> String {
    if v >= 100.0 {
        grouped(v, 0)
    } else {
        grouped(v, decimals)
    }
}
