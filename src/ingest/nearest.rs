//! The assets indexed for nearest-neighbour search on the sphere, and the distances
//! between points of it.

use std::collections::HashMap;

use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::data::assets::Assets;

/// Mean Earth radius, km (IUGG).
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A point on the unit sphere: chord distance between two grows with their great-circle
/// distance, so the nearest by chord is the nearest on the sphere.
pub(super) fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (la, lo) = (lat.to_radians(), lon.to_radians());
    [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
}

/// Great-circle distance, km, of a squared chord between unit vectors.
fn km_of_chord2(chord2: f64) -> f64 {
    2.0 * EARTH_RADIUS_KM * (chord2.sqrt() / 2.0).min(1.0).asin()
}

/// Great-circle distance between two points, km (haversine): the reference the index's
/// chord distances are tested against.
#[cfg(test)]
fn great_circle_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let dla = la2 - la1;
    let dlo = (b.1 - a.1).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// An asset near a point, and its great-circle distance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest {
    /// The asset, by its index among the assets.
    pub asset: usize,
    /// Its great-circle distance, km.
    pub km: f64,
}

/// The assets with coordinates, indexed for nearest-neighbour search, one tree per kind.
pub(super) struct Index {
    by_kind: HashMap<String, RTree<GeomWithData<[f64; 3], usize>>>,
    all: RTree<GeomWithData<[f64; 3], usize>>,
}

impl Index {
    /// Indexes the assets of `assets` that have coordinates, by kind and all together.
    pub(super) fn new(assets: &Assets) -> Self {
        let mut by_kind: HashMap<String, Vec<GeomWithData<[f64; 3], usize>>> = HashMap::new();
        let mut all = Vec::new();
        for (i, a) in assets.as_slice().iter().enumerate() {
            if let (Some(lat), Some(lon)) = (a.lat, a.lon) {
                let p = GeomWithData::new(unit_vector(lat, lon), i);
                by_kind.entry(a.kind.clone()).or_default().push(p);
                all.push(p);
            }
        }
        Index {
            by_kind: by_kind
                .into_iter()
                .map(|(k, v)| (k, RTree::bulk_load(v)))
                .collect(),
            all: RTree::bulk_load(all),
        }
    }

    /// The nearest asset of one of `kinds` (any kind when empty), and its distance, km.
    pub(super) fn nearest(&self, p: [f64; 3], kinds: &[&str]) -> Option<Nearest> {
        let nearest_in = |tree: &RTree<GeomWithData<[f64; 3], usize>>| {
            tree.nearest_neighbor_iter_with_distance_2(p)
                .next()
                .map(|(g, d2)| Nearest {
                    asset: g.data,
                    km: km_of_chord2(d2),
                })
        };
        if kinds.is_empty() {
            return nearest_in(&self.all);
        }
        kinds
            .iter()
            .filter_map(|k| self.by_kind.get(*k).and_then(nearest_in))
            // Ties go to the asset listed first, so the result does not depend on the order of kinds.
            .min_by(|a, b| a.km.total_cmp(&b.km).then(a.asset.cmp(&b.asset)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Asset;

    #[test]
    fn distances_by_hand() {
        // One degree of latitude is 111.195 km on the mean sphere.
        let d = great_circle_km((50.0, 30.0), (51.0, 30.0));
        assert!((d - 111.195).abs() < 0.01, "{d}");
        // Kyiv to Moscow, about 756 km.
        let d = great_circle_km((50.4501, 30.5234), (55.7558, 37.6173));
        assert!((d - 756.0).abs() < 3.0, "{d}");
        // The chord distance of the index gives the same.
        let a = unit_vector(50.0, 30.0);
        let b = unit_vector(51.0, 30.0);
        let c2: f64 = a.iter().zip(&b).map(|(x, y)| (x - y) * (x - y)).sum();
        assert!((km_of_chord2(c2) - 111.195).abs() < 0.01);
    }

    #[test]
    fn nearest_asset_of_a_named_kind() {
        let mut a = Asset::new("a", "A", 10.0);
        (a.lat, a.lon) = (Some(50.0), Some(30.0));
        let mut b = Asset::new("b", "B", 10.0).in_group("g", "power_plant", crate::units::Unit::Mw);
        (b.lat, b.lon) = (Some(50.01), Some(30.0));
        let assets = Assets::new(vec![a, b]);
        let index = Index::new(&assets);
        let p = unit_vector(50.011, 30.0);
        assert_eq!(index.nearest(p, &[]).unwrap().asset, 1);
        let n = index.nearest(p, &["refinery"]).unwrap();
        assert_eq!(n.asset, 0);
        assert!((n.km - great_circle_km((50.011, 30.0), (50.0, 30.0))).abs() < 1e-6);
    }
}
