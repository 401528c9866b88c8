//! `sweep` through the binary: the grid, its figures against `project`, determinism, and
//! bad ranges.

use crate::workdir::{json, Workdir, FIXTURE_FLAGS};

/// The sweep table as (header, rows).
fn table(w: &Workdir, path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(w.path().join(path)).unwrap();
    let mut rows = text
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect::<Vec<_>>());
    let header = rows.next().unwrap();
    (header, rows.collect())
}

fn num(row: &[String], header: &[String], name: &str) -> f64 {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{name}"));
    row[i]
        .parse()
        .unwrap_or_else(|_| panic!("{name}: {}", row[i]))
}

#[test]
fn a_small_grid_by_hand() {
    let w = Workdir::with_fixture();
    // As of 2025-02-10 every fixture outage has ended (the last restarts on 2025-02-06),
    // so a truce over every projected day, fully kept, leaves nothing lost: its gain is
    // the whole reference loss; at compliance 0.5 the expected path gives back half.
    let args = [
        &[
            "sweep",
            "--as-of",
            "2025-02-10",
            "--until",
            "2025-03-11",
            "--truce-start",
            "2025-02-11",
            "--truce-days",
            "10,30",
            "--compliance",
            "0:1:0.5",
            "--lookback-days",
            "60,90",
        ][..],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&[&args[..], &["--out", "s"][..]].concat()).ok();
    let (header, rows) = table(&w, "s/sweep.csv");
    assert_eq!(
        header[..7],
        [
            "group",
            "truce_start",
            "truce_days",
            "compliance",
            "lookback_days",
            "diversion",
            "default_utilization"
        ]
    );
    // 2 lengths x 3 compliances x 2 lookbacks, the last axis fastest.
    assert_eq!(rows.len(), 12);
    let point = |r: &Vec<String>| (r[2].clone(), r[3].clone(), r[4].clone());
    let expected: Vec<(String, String, String)> = ["10", "30"]
        .iter()
        .flat_map(|d| {
            ["0.0", "0.5", "1.0"].iter().flat_map(move |k| {
                ["60", "90"]
                    .iter()
                    .map(move |l| (d.to_string(), k.to_string(), l.to_string()))
            })
        })
        .collect();
    assert_eq!(rows.iter().map(point).collect::<Vec<_>>(), expected);
    for row in &rows {
        let (k, days) = (
            num(row, &header, "compliance"),
            num(row, &header, "truce_days"),
        );
        let reference = num(row, &header, "reference_lost_capacity_mt");
        let gain = num(row, &header, "gain_capacity_mt");
        let lost = num(row, &header, "lost_capacity_mt");
        assert!((reference - lost - gain).abs() < 1e-12, "{row:?}");
        if days == 30.0 {
            // 30 days from 2025-02-11 cover the 29 projected days.
            assert!((gain - k * reference).abs() < 1e-9, "{row:?}");
        }
        if k == 0.0 {
            assert_eq!(gain, 0.0, "{row:?}");
        }
    }
    // Lookback 60 days to 2025-02-10 holds the three strikes, as does 90: the base rate is
    // 3/60 against 3/90, so the shorter window's reference loss is 1.5 times the longer's.
    let (r60, r90) = (
        num(&rows[0], &header, "reference_lost_capacity_mt"),
        num(&rows[1], &header, "reference_lost_capacity_mt"),
    );
    assert!((r60 / r90 - 1.5).abs() < 1e-9, "{r60} {r90}");
    // One row against `project` with the same settings.
    let out = w
        .run(
            &[
                &[
                    "project",
                    "--json",
                    "--out",
                    "p",
                    "--as-of",
                    "2025-02-10",
                    "--until",
                    "2025-03-11",
                    "--truce",
                    "2025-02-11:10",
                    "--compliance",
                    "0.5",
                    "--lookback-days",
                    "90",
                ][..],
                &FIXTURE_FLAGS[..],
            ]
            .concat(),
        )
        .ok();
    let summary = json(&out);
    let row = &rows[3]; // 10 days, compliance 0.5, lookback 90
    assert_eq!(point(row), ("10".into(), "0.5".into(), "90".into()));
    let gain = summary[1]["gain_revenue_usd"].as_f64().unwrap();
    assert!(
        (num(row, &header, "gain_revenue_usd") - gain).abs() < 1e-6,
        "{gain} {row:?}"
    );
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_any_thread_count() {
    let w = Workdir::with_fixture();
    let args = |threads: &str, out: &str| {
        [
            &[
                "sweep",
                "--truce-days",
                "5,20",
                "--compliance",
                "0.5,1",
                "--paths",
                "300",
                "--seed",
                "3",
                "--threads",
                threads,
                "--out",
                out,
                "--format",
                "parquet",
            ][..],
            &FIXTURE_FLAGS[..],
        ]
        .concat()
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
    };
    for (threads, out) in [("1", "t1"), ("2", "t2")] {
        let a = args(threads, out);
        w.run(&a.iter().map(String::as_str).collect::<Vec<_>>())
            .ok();
    }
    let one = std::fs::read(w.path().join("t1/sweep.parquet")).unwrap();
    let two = std::fs::read(w.path().join("t2/sweep.parquet")).unwrap();
    assert_eq!(one, two);
    // With paths the gains carry their quantiles.
    w.run(
        &[
            &["sweep", "--truce-days", "5", "--paths", "200", "--out", "c"][..],
            &FIXTURE_FLAGS[..],
        ]
        .concat(),
    )
    .ok();
    let (header, rows) = table(&w, "c/sweep.csv");
    let (p10, p50, p90) = (
        num(&rows[0], &header, "gain_capacity_mt_p10"),
        num(&rows[0], &header, "gain_capacity_mt_p50"),
        num(&rows[0], &header, "gain_capacity_mt_p90"),
    );
    assert!(p10 <= p50 && p50 <= p90, "{p10} {p50} {p90}");
    for figure in ["lost_capacity_mt", "revenue_loss_usd", "gain_revenue_usd"] {
        let q: Vec<f64> = ["p10", "p50", "p90"]
            .iter()
            .map(|p| num(&rows[0], &header, &format!("{figure}_{p}")))
            .collect();
        assert!(q[0] <= q[1] && q[1] <= q[2], "{figure} {q:?}");
    }
}

#[test]
fn bad_ranges_are_refused_and_nothing_is_written() {
    let w = Workdir::with_fixture();
    for (flag, value, needle) in [
        (
            "--compliance",
            "1:0:0.1",
            "expected an end >= the start (1), found 0",
        ),
        ("--compliance", "0:1:0", "expected a step > 0, found 0"),
        ("--truce-days", "10.5,20", "expected whole numbers"),
        (
            "--truce-start",
            "2025-03-01:2025-02-01:7",
            "expected an end on or after 2025-03-01",
        ),
        (
            "--lookback-days",
            "0,30",
            "expected whole numbers >= 1, found 0",
        ),
    ] {
        let run = w.run(
            &[
                &["sweep", flag, value, "--out", "x"][..],
                &FIXTURE_FLAGS[..],
            ]
            .concat(),
        );
        assert_eq!(run.code(), Some(2), "{run}");
        assert!(run.stderr().contains(needle), "{needle}\n{run}");
    }
    // A value the model refuses names the setting.
    let run = w.run(
        &[
            &["sweep", "--compliance", "0.5,1.5", "--out", "x"][..],
            &FIXTURE_FLAGS[..],
        ]
        .concat(),
    );
    assert_eq!(run.code(), Some(2), "{run}");
    assert!(run.stderr().contains("compliance"), "{run}");
    assert!(!w.path().join("x").exists());
}
