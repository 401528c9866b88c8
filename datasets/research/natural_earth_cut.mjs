// Cuts the base map of the map chart out of Natural Earth (public domain), as shipped in
// TopoJSON by the npm package world-atlas (ISC), and writes datasets/geo/base-map.geojson:
// land (MultiPolygon) and country borders (MultiLineString) inside the box BBOX,
// simplified and rounded to 0.01 degree.
//
// Made with world-atlas 2.0.2 (Natural Earth 4.1.0, 1:50m), topojson-client 3.1.0,
// topojson-simplify 3.0.3, d3-geo 3.1.2 and d3-geo-projection 4.0.0 on Node 20:
//
//   mkdir /tmp/ne && cd /tmp/ne && npm init -y
//   npm install world-atlas@2.0.2 topojson-client@3.1.0 topojson-simplify@3.0.3 \
//     d3-geo@3.1.2 d3-geo-projection@4.0.0
//   NODE_PATH=/tmp/ne/node_modules node datasets/research/natural_earth_cut.mjs
//
// (run from the repository's root; NODE_PATH, or run it from a folder holding node_modules).

import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_PATH ?? process.cwd(), "x.js"));
const resolve = (name) =>
  require(require.resolve(name, { paths: [process.env.NODE_PATH ?? "", process.cwd()] }));
const topojson = resolve("topojson-client");
const simplify = resolve("topojson-simplify");
const { geoIdentity } = resolve("d3-geo");
const { geoProject } = resolve("d3-geo-projection");
const atlas = (file) => resolve(`world-atlas/${file}`);

// lon0, lat0, lon1, lat1: wide enough for every bundled asset (Ukraine, European Russia,
// Siberia and the Far East: 24..137 E, 44..64 N) with the margins a conic map's frame
// needs at its corners.
const BBOX = [5, 22, 165, 80];
// Least triangle area (square degrees) a point must span to be kept (Visvalingam).
const MIN_WEIGHT = 0.0015;
// Decimals of a coordinate.
const DECIMALS = 2;

function simplified(topology) {
  const pre = simplify.presimplify(topology);
  return simplify.simplify(pre, MIN_WEIGHT);
}

// Clipped on the plane with y = -latitude (screen orientation, which d3 needs to tell
// outer rings from holes), turned back in line().
const clip = geoIdentity()
  .reflectY(true)
  .clipExtent([
    [BBOX[0], -BBOX[3]],
    [BBOX[2], -BBOX[1]],
  ]);

const scale = 10 ** DECIMALS;
const round = (v) => Math.round(v * scale) / scale;

/// Rounds a line's points and drops repeats.
function line(points) {
  const out = [];
  for (const [x, y] of points) {
    const p = [round(x), round(-y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

function polygons(geometry) {
  const list = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return list
    .map((rings) => rings.map(line).filter((r) => r.length >= 4))
    .filter((rings) => rings.length > 0);
}

function lines(geometry) {
  const list = geometry.type === "LineString" ? [geometry.coordinates] : geometry.coordinates;
  return list.map(line).filter((l) => l.length >= 2);
}

/// Makes a line's longitudes continuous (Chukotka crosses the 180th meridian: 179.9 is
/// followed by 180.1, not -179.9), so that no edge runs across the whole plane.
function unwrap(points) {
  let shift = 0;
  const out = points.map(([x, y], i) => {
    if (i > 0) {
      const prev = points[i - 1][0];
      if (x - prev > 180) shift -= 360;
      else if (prev - x > 180) shift += 360;
    }
    return [x + shift, y];
  });
  // Then the whole line by a turn so that its middle point (by longitude) lies in -180..180.
  const middle = out.map(([x]) => x).sort((a, b) => a - b)[out.length >> 1];
  const turn = -360 * Math.round(middle / 360);
  return out.map(([x, y]) => [x + turn, y]);
}

function unwrapped(geometry) {
  const { type, coordinates: c } = geometry;
  const coordinates =
    type === "Polygon" || type === "MultiLineString"
      ? c.map(unwrap)
      : type === "MultiPolygon"
        ? c.map((rings) => rings.map(unwrap))
        : unwrap(c);
  return { type, coordinates };
}

function unwrappedFeature(f) {
  return f.type === "FeatureCollection"
    ? { ...f, features: f.features.map(unwrappedFeature) }
    : f.type === "Feature"
      ? { ...f, geometry: f.geometry && unwrapped(f.geometry) }
      : unwrapped(f);
}

const land = simplified(atlas("land-50m.json"));
const countries = simplified(atlas("countries-50m.json"));

const landShape = geoProject(unwrappedFeature(topojson.feature(land, land.objects.land)), clip);
const landPolygons = landShape.features.flatMap((f) => (f.geometry ? polygons(f.geometry) : []));
const borders = geoProject(
  unwrappedFeature(topojson.mesh(countries, countries.objects.countries, (a, b) => a !== b)),
  clip,
);

const out = {
  type: "FeatureCollection",
  bbox: BBOX,
  features: [
    {
      type: "Feature",
      properties: { layer: "land" },
      geometry: { type: "MultiPolygon", coordinates: landPolygons },
    },
    {
      type: "Feature",
      properties: { layer: "borders" },
      geometry: { type: "MultiLineString", coordinates: lines(borders) },
    },
  ],
};
const text = JSON.stringify(out);
writeFileSync("datasets/geo/base-map.geojson", text + "\n");
const points = JSON.stringify(out).split("],[").length;
console.log(`wrote datasets/geo/base-map.geojson: ${text.length} bytes, about ${points} points`);
