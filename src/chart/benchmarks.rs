//! `benchmarks`: the records' national offline capacity over time with its band over record
//! draws, and each published figure as a marker coloured by its verdict.

use plotters::prelude::*;

use super::legend::{self, Entry, Swatch};
use super::theme::{self, Sizes};
use super::{chart_err, day_x, header, message, share_chart, Area, ChartInput, ShareChart};
use crate::data::benchmarks::{Benchmark, Cause, FigureBasis, Measure};
use crate::error::Error;
use crate::observed::benchmarks::{check_benchmarks, Verdict};
use crate::observed::draws::{draw_series, Band};
use crate::observed::figures::{DrawOptions, HistoryOptions};
use crate::observed::timeline::{Timeline, Window};
use crate::units;

/// A published figure as national offline capacity, Mt/yr (its own basis).
pub(crate) fn as_offline_mtpa(b: &Benchmark, national_mtpa: f64, barrels_per_tonne: f64) -> f64 {
    let days = ((b.to - b.from).num_days() + 1) as f64;
    match b.measure {
        Measure::LostMt => b.value * units::DAYS_PER_YEAR / days,
        Measure::OfflineShare => b.value * national_mtpa,
        Measure::OfflineKbd => b.value / units::kbd_from_mtpa(1.0, barrels_per_tonne),
        Measure::OfflineKtd => b.value * units::DAYS_PER_YEAR / 1000.0,
    }
}

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
    let data = input.data.expect("checked by render");
    let (from, to) = input.period;
    let draws = input.draws.unwrap_or(DrawOptions::DEFAULT);
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
    let list: Vec<Benchmark> = input
        .benchmarks
        .unwrap_or(&[])
        .iter()
        .filter(|b| b.to >= from && b.from <= to)
        .cloned()
        .collect();
    let window = Window::inclusive(from, to);
    if window.days == 0 {
        return message(&body, sizes, "no days to plot");
    }
    let options = HistoryOptions::default();
    let point = Timeline::build(&data.assets, &data.strikes, window).national();
    let band = draw_series(data, window, &options, draws)?.offline_mtpa;
    let checks = check_benchmarks(
        data,
        &list,
        HistoryOptions {
            draws: Some(draws),
            ..options
        },
    )?;
    let national = data.assets.total_capacity().max(f64::MIN_POSITIVE);
    let marks: Vec<Mark> = checks
        .iter()
        .map(|c| {
            let b = &c.benchmark;
            Mark {
                x0: day_x(from, b.from.max(from)),
                x1: day_x(from, b.to.min(to)) + 1.0,
                y: as_offline_mtpa(b, national, options.barrels_per_tonne),
                verdict: if b.cause == Cause::All {
                    Verdict::NotComparable
                } else {
                    c.verdict
                },
                throughput: b.basis == FigureBasis::Throughput,
            }
        })
        .collect();
    let ymax = band
        .iter()
        .map(|b| b.p90)
        .chain(point.iter().copied())
        .chain(marks.iter().map(|m| m.y))
        .fold(0.0, f64::max)
        * 1.15;
    let ymax = ymax.max(1.0);
    let span = window.days as f64;
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
    if marks.is_empty() {
        entries.push(Entry::new(
            "no published figure in the period",
            Swatch::Sample("-"),
        ));
    }
    let plot = legend::below(&body, sizes, &entries)?;
    let mut chart = share_chart(root, &plot, sizes, from, span, ymax, national, "Mt/yr")?;
    draw_records(&mut chart, &band, &point, sizes)?;
    draw_marks(&mut chart, &marks, sizes)?;
    Ok(())
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
    let mut poly: Vec<(f64, f64)> = band
        .iter()
        .enumerate()
        .map(|(i, b)| (i as f64, b.p90))
        .collect();
    poly.extend(
        band.iter()
            .enumerate()
            .rev()
            .map(|(i, b)| (i as f64, b.p10)),
    );
    chart
        .draw_series(std::iter::once(Polygon::new(
            poly,
            theme::OBSERVED.mix(0.16).filled(),
        )))
        .map_err(chart_err)?;
    for edge in [
        band.iter().map(|b| b.p10).collect::<Vec<_>>(),
        band.iter().map(|b| b.p90).collect(),
    ] {
        chart
            .draw_series(LineSeries::new(
                edge.into_iter().enumerate().map(|(i, v)| (i as f64, v)),
                theme::OBSERVED.mix(0.5).stroke_width(1),
            ))
            .map_err(chart_err)?;
    }
    chart
        .draw_series(LineSeries::new(
            point.iter().enumerate().map(|(i, v)| (i as f64, *v)),
            theme::OBSERVED.stroke_width(sizes.line),
        ))
        .map_err(chart_err)?;
    Ok(())
}

/// Each published figure as a bar over its period with a dot coloured by its verdict
/// (hollow on a throughput basis).
fn draw_marks<DB: DrawingBackend>(
    chart: &mut ShareChart<'_, DB>,
    marks: &[Mark],
    sizes: &Sizes,
) -> Result<(), Error> {
    let line = sizes.line;
    let r = (sizes.tick * 0.45).max(3.0) as i32;
    for m in marks {
        let color = verdict_color(m.verdict);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(m.x0, m.y), (m.x1, m.y)],
                color.stroke_width(line + 1),
            )))
            .map_err(chart_err)?;
        let centre = ((m.x0 + m.x1) / 2.0, m.y);
        let style = if m.throughput {
            color.stroke_width(2)
        } else {
            color.filled()
        };
        chart
            .draw_series(std::iter::once(Circle::new(centre, r, style)))
            .map_err(chart_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::benchmarks::{Bound, Cause};

    #[test]
    fn published_figures_as_offline_capacity_by_hand() {
        let b = |measure, value, to: &str| Benchmark {
            id: "x".into(),
            from: "2025-01-01".parse().unwrap(),
            to: to.parse().unwrap(),
            measure,
            value,
            bound: Bound::About,
            basis: FigureBasis::Capacity,
            cause: Cause::Strikes,
            confidence: None,
            source: None,
            note: None,
        };
        // 3.65 Mt over 10 days: 3.65 * 365 / 10 = 133.225 Mt/yr.
        let lost = as_offline_mtpa(&b(Measure::LostMt, 3.65, "2025-01-10"), 300.0, 7.33);
        assert!((lost - 133.225).abs() < 1e-9);
        // 4 % of 300 Mt/yr is 12.
        let share = as_offline_mtpa(&b(Measure::OfflineShare, 0.04, "2025-01-01"), 300.0, 7.33);
        assert!((share - 12.0).abs() < 1e-12);
        // 100 kt/d is 36.5 Mt/yr.
        let ktd = as_offline_mtpa(&b(Measure::OfflineKtd, 100.0, "2025-01-01"), 300.0, 7.33);
        assert!((ktd - 36.5).abs() < 1e-12);
        // 1 Mt/yr = 7.33e6 / 365 / 1000 kb/d = 20.082 kb/d, so 200.82 kb/d is 10 Mt/yr.
        let kbd = as_offline_mtpa(
            &b(
                Measure::OfflineKbd,
                7.33e6 / 365.0 / 1000.0 * 10.0,
                "2025-01-01",
            ),
            300.0,
            7.33,
        );
        assert!((kbd - 10.0).abs() < 1e-9);
    }
}
