//! `benchmarks`: the records' national offline capacity over time with its band over record
//! draws, and each published figure as a marker coloured by its verdict.

use chrono::NaiveDate;
use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::theme::{self, Sizes};
use super::{
    chart_err, day_x, header, message, share_chart, Area, ChartInput, ChartKind, RecordCharts,
    ShareChart,
};
use crate::data::benchmarks::{Cause, FigureBasis};
use crate::error::Error;
use crate::observed::benchmarks::Verdict;
use crate::observed::draws::Band;
use crate::observed::period::BenchmarkSeries;

const VERDICTS: [(Verdict, &str, RGBColor); 5] = [
    (
        Verdict::Inside,
        "inside the records' band",
        RGBColor(0, 158, 115),
    ),
    (Verdict::Consistent, "within 25 %", RGBColor(0, 114, 178)),
    (Verdict::Above, "records above it", RGBColor(230, 159, 0)),
    (Verdict::Below, "records below it", RGBColor(201, 42, 42)),
    (
        Verdict::NotComparable,
        "not comparable (all causes)",
        RGBColor(150, 150, 150),
    ),
];

fn verdict_color(v: Verdict) -> RGBColor {
    VERDICTS
        .iter()
        .find(|(w, _, _)| *w == v)
        .map_or(theme::MUTED, |(_, _, c)| *c)
}

pub(crate) fn draw<DB: DrawingBackend>(
    root: &Area<'_, DB>,
    input: &ChartInput<'_>,
    sizes: &Sizes,
) -> Result<(), Error> {
    let records = input.records.expect("checked by render");
    let series = RecordCharts::part(&records.benchmarks, ChartKind::Benchmarks)?;
    let (from, to) = input.period;
    let draws = series.draws;
    let detail = format!(
        "{from} to {to} · records: national capacity offline (line) and its P10-P90 band over {} draws of the records · published figures as Mt/yr of capacity offline over their period (hollow: throughput basis)",
        draws.draws
    );
    let body = header(
        root,
        sizes,
        input.text,
        "Records against published figures",
        input.source,
        &detail,
    )?;
    let window = series.window;
    if window.days == 0 {
        return message(&body, sizes, "no days to plot");
    }
    let (point, band) = (&series.offline, &series.band);
    let national = records.national_capacity.max(f64::MIN_POSITIVE);
    let marks = marks(series, (from, to));
    let records_top = band
        .iter()
        .map(|b| b.p90)
        .chain(point.iter().copied())
        .fold(0.0, f64::max);
    // The axis holds the records and the figures up to half as high again; a figure
    // above that is marked at the top with its value, not allowed to squash the rest.
    let reach = (records_top * REACH).max(f64::MIN_POSITIVE);
    let ymax = marks
        .iter()
        .map(|m| m.y)
        .filter(|y| *y <= reach)
        .fold(records_top, f64::max)
        * 1.15;
    let ymax = ymax.max(1.0);
    let span = window.days as f64;
    let above = marks.iter().any(|m| m.y > ymax);
    let plot = legend::below(&body, sizes, &entries(&marks, above, sizes))?;
    let mut chart = share_chart(root, &plot, sizes, from, span, ymax, national, "Mt/yr")?;
    draw_records(&mut chart, band, point, sizes)?;
    draw_marks(&mut chart, &marks, ymax, sizes)?;
    Ok(())
}

/// How far above the records' highest (band or line) the axis reaches for a published
/// figure, as a multiple of it.
const REACH: f64 = 1.5;

/// The published figures of `series` as marks over the period `(from, to)`: each at its
/// level as national offline capacity, with its verdict (not comparable where it counts
/// all causes).
fn marks(series: &BenchmarkSeries, (from, to): (NaiveDate, NaiveDate)) -> Vec<Mark> {
    series
        .checks
        .iter()
        .zip(&series.as_offline)
        .map(|(c, &y)| {
            let b = &c.benchmark;
            Mark {
                x0: day_x(from, b.from.max(from)),
                x1: day_x(from, b.to.min(to)) + 1.0,
                y,
                verdict: if b.cause == Cause::All {
                    Verdict::NotComparable
                } else {
                    c.verdict
                },
                throughput: b.basis == FigureBasis::Throughput,
            }
        })
        .collect()
}

/// One legend entry per drawn element: the records, their band, each verdict among the
/// `marks`, the hollow dot of a throughput basis if any, or that there is no mark.
fn entries(marks: &[Mark], above: bool, sizes: &Sizes) -> Vec<Entry> {
    let line = sizes.line;
    let mut entries = vec![
        Entry::new(
            "records as written",
            Swatch::Line {
                color: theme::OBSERVED,
                width: line,
                dash: None,
            },
        ),
        Entry::new(
            "records P10-P90 over record draws",
            Swatch::Band {
                color: theme::OBSERVED,
                fill: 0.16,
            },
        ),
    ];
    for (verdict, words, color) in VERDICTS {
        if marks.iter().any(|m| m.verdict == verdict) {
            entries.push(Entry::new(
                format!("published: {words}"),
                Swatch::Dot {
                    color,
                    filled: true,
                },
            ));
        }
    }
    if marks.iter().any(|m| m.throughput) {
        entries.push(Entry::new(
            "hollow: throughput basis",
            Swatch::Dot {
                color: theme::MUTED,
                filled: false,
            },
        ));
    }
    if above {
        entries.push(Entry::new(
            "published: above the axis, its value written",
            Swatch::Sample("▲"),
        ));
    }
    if marks.is_empty() {
        entries.push(Entry::new(
            "no published figure in the period",
            Swatch::Sample("-"),
        ));
    }
    entries
}

/// A published figure on the chart: its period `[x0, x1)` in days from the first day,
/// its level as Mt/yr offline, its verdict, and whether it is on a throughput basis.
struct Mark {
    x0: f64,
    x1: f64,
    y: f64,
    verdict: Verdict,
    throughput: bool,
}

/// The records' band (P10-P90 over draws) and the records as written.
fn draw_records<DB: DrawingBackend>(
    chart: &mut ShareChart<'_, DB>,
    band: &[Band],
    point: &[f64],
    sizes: &Sizes,
) -> Result<(), Error> {
    let edge = |q: fn(&Band) -> f64| -> Vec<(f64, f64)> {
        band.iter()
            .enumerate()
            .map(|(i, b)| (i as f64, q(b)))
            .collect()
    };
    super::band(
        chart,
        &edge(|b| b.p10),
        &edge(|b| b.p90),
        theme::OBSERVED,
        0.16,
        theme::OBSERVED.mix(0.5).stroke_width(1),
    )?;
    chart
        .draw_series(LineSeries::new(
            point.iter().enumerate().map(|(i, v)| (i as f64, *v)),
            theme::OBSERVED.stroke_width(sizes.line),
        ))
        .map_err(chart_err)?;
    Ok(())
}

/// Each published figure as a bar over its period with a dot coloured by its verdict
/// (hollow on a throughput basis), in a white ring so that dots on each other stay apart;
/// a dot that would cover another already drawn moves aside along its bar. A figure
/// above the axis (`top`) is a triangle at the top with its value.
fn draw_marks<DB: DrawingBackend>(
    chart: &mut ShareChart<'_, DB>,
    marks: &[Mark],
    top: f64,
    sizes: &Sizes,
) -> Result<(), Error> {
    let line = sizes.line;
    let r = (sizes.tick * 0.45).max(3.0) as i32;
    // Pixels per day across and per unit up.
    let (o, e) = (
        chart.backend_coord(&(0.0, 0.0)),
        chart.backend_coord(&(1.0, top)),
    );
    let per_day = f64::from((e.0 - o.0).max(1));
    let per_unit = f64::from((o.1 - e.1).max(1)) / top;
    let mut dots: Vec<(f64, f64)> = Vec::new();
    // The triangles of the figures above the axis, in the plot's pixels, with their values.
    let mut above: Vec<(i32, i32, f64)> = Vec::new();
    for m in marks {
        let color = verdict_color(m.verdict);
        let y = m.y.min(top);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(m.x0, y), (m.x1, y)],
                color.stroke_width(line + 1),
            )))
            .map_err(chart_err)?;
        // The dot in pixels from the origin, moved aside while it covers another.
        let (mut px, py) = ((m.x0 + m.x1) / 2.0 * per_day, y * per_unit);
        let clear = f64::from(2 * r + 1);
        for step in 0..12 {
            if dots.iter().all(|(x, y)| (x - px).hypot(y - py) >= clear) {
                break;
            }
            let k = f64::from(step / 2 + 1) * clear;
            px = (m.x0 + m.x1) / 2.0 * per_day + if step % 2 == 0 { k } else { -k };
        }
        dots.push((px, py));
        let centre = (px / per_day, y);
        if m.y > top {
            // The triangle's tip on the top of the plot.
            let (cx, cy) = chart.backend_coord(&centre);
            let cy = cy + r + 1;
            let area = chart.plotting_area().strip_coord_spec();
            let (ax, ay) = chart.plotting_area().get_base_pixel();
            let (cx, cy) = (cx - ax, cy - ay);
            let tri = vec![(cx - r, cy + r), (cx + r, cy + r), (cx, cy - r)];
            area.draw(&Polygon::new(tri, color.filled()))
                .map_err(chart_err)?;
            above.push((cx, cy, m.y));
            continue;
        }
        let style = if m.throughput {
            color.stroke_width(2)
        } else {
            color.filled()
        };
        chart
            .draw_series([
                Circle::new(centre, r + 1, WHITE.filled()),
                Circle::new(centre, r, style),
            ])
            .map_err(chart_err)?;
    }
    above_values(chart, &above, r, sizes)
}

/// Writes the values of the figures above the axis right of their triangles (`above`:
/// each triangle's centre in the plot's pixels and its value, `r` its half width): one
/// label per group of triangles side by side, right of the last.
fn above_values<DB: DrawingBackend>(
    chart: &ShareChart<'_, DB>,
    above: &[(i32, i32, f64)],
    r: i32,
    sizes: &Sizes,
) -> Result<(), Error> {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let mut above = above.to_vec();
    above.sort_by_key(|a| a.0);
    let area = chart.plotting_area().strip_coord_spec();
    let style = theme::text(sizes.tick * 0.9, theme::INK).pos(Pos::new(HPos::Left, VPos::Top));
    let mut i = 0;
    while i < above.len() {
        let mut j = i + 1;
        while j < above.len() && above[j].0 - above[j - 1].0 <= 3 * r {
            j += 1;
        }
        let group = &above[i..j];
        let mut values: Vec<f64> = group.iter().map(|a| a.2).collect();
        values.sort_by(f64::total_cmp);
        values.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        let text = values
            .iter()
            .map(|v| crate::format::grouped(*v, 0))
            .collect::<Vec<_>>()
            .join(", ");
        let (x, y, _) = group[group.len() - 1];
        area.draw(&Text::new(text, (x + r + 3, y - r), style.clone()))
            .map_err(chart_err)?;
        i = j;
    }
    Ok(())
}
