//! The map's geography: the bundled base map (land and country borders cut from Natural
//! Earth, `datasets/geo/`), a conic projection fitted to the assets, and the clipping of
//! lines and polygons to the map's frame.

use std::sync::OnceLock;

/// A point: longitude and latitude in degrees, or projected coordinates.
pub(crate) type Point = (f64, f64);

/// The base map as GeoJSON (Natural Earth 1:50m, public domain, through world-atlas 2.0.2;
/// made by `datasets/research/natural_earth_cut.mjs`).
const BASE_MAP: &str = include_str!("../../datasets/geo/base-map.geojson");

/// Land and borders inside `bbox`.
pub(crate) struct BaseMap {
    /// The box the map was cut to: west, south, east, north (degrees).
    pub bbox: [f64; 4],
    /// Land: polygons, each an outer ring and its holes (the Caspian Sea).
    pub land: Vec<Vec<Vec<Point>>>,
    /// Borders between countries.
    pub borders: Vec<Vec<Point>>,
}

impl BaseMap {
    /// True when the point lies on an edge of the box the map was cut to (such edges are
    /// where land was cut, not coasts).
    pub(crate) fn on_cut(&self, (x, y): Point) -> bool {
        let [w, s, e, n] = self.bbox;
        (x - w).abs() < 1e-6 || (x - e).abs() < 1e-6 || (y - s).abs() < 1e-6 || (y - n).abs() < 1e-6
    }

    /// True when the point lies inside the box the map was cut to.
    pub(crate) fn covers(&self, (x, y): Point) -> bool {
        let [w, s, e, n] = self.bbox;
        (w..=e).contains(&x) && (s..=n).contains(&y)
    }
}

/// The bundled base map, parsed once.
pub(crate) fn base_map() -> &'static BaseMap {
    static MAP: OnceLock<BaseMap> = OnceLock::new();
    MAP.get_or_init(|| parse(BASE_MAP).expect("the bundled base map is valid GeoJSON"))
}

fn parse(text: &str) -> Result<BaseMap, String> {
    use geojson::{GeoJson, GeometryValue as Value};
    let json: GeoJson = text.parse().map_err(|e: geojson::Error| e.to_string())?;
    let GeoJson::FeatureCollection(fc) = json else {
        return Err("expected a FeatureCollection".into());
    };
    let bbox = match fc.bbox.as_deref() {
        Some([w, s, e, n]) => [*w, *s, *e, *n],
        _ => return Err("expected a bbox of four numbers".into()),
    };
    let ring =
        |r: &Vec<geojson::Position>| -> Vec<Point> { r.iter().map(|p| (p[0], p[1])).collect() };
    let mut map = BaseMap {
        bbox,
        land: Vec::new(),
        borders: Vec::new(),
    };
    for f in &fc.features {
        let layer = f.property("layer").and_then(|v| v.as_str()).unwrap_or("");
        match (layer, f.geometry.as_ref().map(|g| &g.value)) {
            (
                "land",
                Some(Value::MultiPolygon {
                    coordinates: polygons,
                }),
            ) => {
                map.land = polygons
                    .iter()
                    .map(|rings| rings.iter().map(ring).collect())
                    .collect();
            }
            ("borders", Some(Value::MultiLineString { coordinates: lines })) => {
                map.borders = lines.iter().map(ring).collect();
            }
            _ => return Err(format!("unexpected layer {layer:?}")),
        }
    }
    Ok(map)
}

/// A projection of longitude and latitude onto the plane (x east, y north).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Projection {
    /// Lambert conformal conic: cone constant `n`, `f` and the central meridian (radians).
    Conic { n: f64, f: f64, lon0: f64 },
    /// Equirectangular with longitudes scaled by the cosine of the middle latitude (for
    /// data around the equator, where a cone degenerates).
    Plate { cos: f64, lon0: f64 },
}

impl Projection {
    /// A Lambert conformal conic fitted to points of these longitude and latitude ranges:
    /// standard parallels a sixth of the span inside the extremes, the central meridian in
    /// the middle.
    pub(crate) fn fit(lon: (f64, f64), lat: (f64, f64)) -> Self {
        let lon0 = ((lon.0 + lon.1) / 2.0).to_radians();
        let span = lat.1 - lat.0;
        let (p1, p2) = (
            (lat.0 + span / 6.0).to_radians(),
            (lat.1 - span / 6.0).to_radians(),
        );
        let t = |p: f64| (std::f64::consts::FRAC_PI_4 + p / 2.0).tan();
        let n = if (p2 - p1).abs() < 1e-9 {
            p1.sin()
        } else {
            (p1.cos() / p2.cos()).ln() / (t(p2) / t(p1)).ln()
        };
        if lat.0 * lat.1 <= 0.0 || n.abs() < 0.1 || !n.is_finite() {
            let mid = ((lat.0 + lat.1) / 2.0).to_radians();
            return Projection::Plate {
                cos: mid.cos().max(0.2),
                lon0,
            };
        }
        let f = p1.cos() * t(p1).powf(n) / n;
        Projection::Conic { n, f, lon0 }
    }

    /// The projected point of `(longitude, latitude)` in degrees.
    pub(crate) fn project(&self, (lon, lat): Point) -> Point {
        let (l, p) = (lon.to_radians(), lat.clamp(-89.0, 89.0).to_radians());
        match *self {
            Projection::Conic { n, f, lon0 } => {
                let rho = f / (std::f64::consts::FRAC_PI_4 + p / 2.0).tan().powf(n);
                let theta = n * (l - lon0);
                (rho * theta.sin(), -rho * theta.cos())
            }
            Projection::Plate { cos, lon0 } => ((l - lon0) * cos, p),
        }
    }

    /// The `(longitude, latitude)` of a projected point.
    pub(crate) fn unproject(&self, (x, y): Point) -> Point {
        match *self {
            Projection::Conic { n, f, lon0 } => {
                let rho = n.signum() * x.hypot(y);
                let theta = (x * n.signum()).atan2(-y * n.signum());
                let p = 2.0 * (f / rho).powf(1.0 / n).atan() - std::f64::consts::FRAC_PI_2;
                ((theta / n + lon0).to_degrees(), p.to_degrees())
            }
            Projection::Plate { cos, lon0 } => ((x / cos + lon0).to_degrees(), y.to_degrees()),
        }
    }
}

/// A rectangle: left, top, right, bottom (pixels, y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Frame {
    fn inside(&self, edge: usize, (x, y): Point) -> bool {
        match edge {
            0 => x >= self.x0,
            1 => x <= self.x1,
            2 => y >= self.y0,
            _ => y <= self.y1,
        }
    }

    fn cross(&self, edge: usize, a: Point, b: Point) -> Point {
        let at_x = |x: f64| (x, a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0));
        let at_y = |y: f64| (a.0 + (b.0 - a.0) * (y - a.1) / (b.1 - a.1), y);
        match edge {
            0 => at_x(self.x0),
            1 => at_x(self.x1),
            2 => at_y(self.y0),
            _ => at_y(self.y1),
        }
    }

    /// A closed ring clipped to the frame (Sutherland-Hodgman, one edge at a time); empty
    /// when nothing of it is inside.
    pub(crate) fn clip_ring(&self, ring: &[Point]) -> Vec<Point> {
        let mut out: Vec<Point> = ring.to_vec();
        for edge in 0..4 {
            let input = std::mem::take(&mut out);
            let Some(&last) = input.last() else { break };
            let mut prev = last;
            for &p in &input {
                match (self.inside(edge, prev), self.inside(edge, p)) {
                    (true, true) => out.push(p),
                    (true, false) => out.push(self.cross(edge, prev, p)),
                    (false, true) => {
                        out.push(self.cross(edge, prev, p));
                        out.push(p);
                    }
                    (false, false) => {}
                }
                prev = p;
            }
        }
        if out.len() < 3 {
            out.clear();
        }
        out
    }

    /// The pieces of a line inside the frame (Liang-Barsky on each segment).
    pub(crate) fn clip_line(&self, line: &[Point]) -> Vec<Vec<Point>> {
        let mut pieces: Vec<Vec<Point>> = Vec::new();
        let mut current: Vec<Point> = Vec::new();
        for w in line.windows(2) {
            match self.clip_segment(w[0], w[1]) {
                Some((a, b)) => {
                    if current.last() != Some(&a) {
                        if current.len() >= 2 {
                            pieces.push(std::mem::take(&mut current));
                        }
                        current.clear();
                        current.push(a);
                    }
                    current.push(b);
                }
                None => {
                    if current.len() >= 2 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current.clear();
                }
            }
        }
        if current.len() >= 2 {
            pieces.push(current);
        }
        pieces
    }

    fn clip_segment(&self, a: Point, b: Point) -> Option<(Point, Point)> {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        if t0 > t1 {
            return None;
        }
        let at = |t: f64| (a.0 + dx * t, a.1 + dy * t);
        Some((
            if t0 > 0.0 { at(t0) } else { a },
            if t1 < 1.0 { at(t1) } else { b },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_map_parses_and_covers_the_bundled_assets() {
        let map = base_map();
        assert!(map.land.len() > 50 && map.borders.len() > 20);
        for p in [(24.4, 47.8), (137.0, 63.6), (20.0, 40.0), (150.0, 70.0)] {
            assert!(map.covers(p), "{p:?}");
        }
        let points: usize = map.land.iter().flatten().map(Vec::len).sum();
        assert!(points > 3000, "{points} land points");
    }

    #[test]
    fn the_projection_round_trips_and_keeps_north_up() {
        for proj in [
            Projection::fit((28.0, 137.0), (44.0, 63.6)),
            Projection::fit((24.0, 36.5), (47.8, 50.6)),
            Projection::fit((24.0, 36.5), (48.0, 48.0)),
            Projection::fit((-10.0, 10.0), (-5.0, 5.0)),
        ] {
            for p in [(30.0, 50.0), (100.0, 60.0), (5.0, 1.0)] {
                let back = proj.unproject(proj.project(p));
                assert!(
                    (back.0 - p.0).abs() < 1e-6 && (back.1 - p.1).abs() < 1e-6,
                    "{proj:?}: {p:?} -> {back:?}"
                );
            }
            let (a, b) = (proj.project((30.0, 50.0)), proj.project((30.0, 55.0)));
            assert!(b.1 > a.1, "north is up");
        }
        // A degree of longitude at 60°N is about half one at the equator: Siberia is not
        // stretched.
        let proj = Projection::fit((28.0, 137.0), (44.0, 63.6));
        let (a, b) = (proj.project((80.0, 60.0)), proj.project((81.0, 60.0)));
        let (c, d) = (proj.project((80.0, 60.0)), proj.project((80.0, 61.0)));
        let ratio = (b.0 - a.0).hypot(b.1 - a.1) / (d.0 - c.0).hypot(d.1 - c.1);
        assert!((ratio - 0.5).abs() < 0.03, "{ratio}");
    }

    #[test]
    fn clipping_keeps_what_is_inside() {
        let frame = Frame {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let ring = [(-5.0, 5.0), (5.0, -5.0), (15.0, 5.0), (5.0, 15.0)];
        let clipped = frame.clip_ring(&ring);
        assert!(clipped.len() >= 4);
        for (x, y) in &clipped {
            assert!((0.0..=10.0).contains(x) && (0.0..=10.0).contains(y));
        }
        assert!(frame
            .clip_ring(&[(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)])
            .is_empty());
        let pieces = frame.clip_line(&[
            (-5.0, 5.0),
            (5.0, 5.0),
            (15.0, 5.0),
            (15.0, 8.0),
            (5.0, 8.0),
        ]);
        assert_eq!(
            pieces,
            vec![
                vec![(0.0, 5.0), (5.0, 5.0), (10.0, 5.0)],
                vec![(10.0, 8.0), (5.0, 8.0)]
            ]
        );
    }
}
