//! `backtest`: the scores of the projections against what followed.

use crate::workdir::{json, Workdir};

const ARGS: [&str; 10] = [
    "backtest",
    "--group",
    "ru-refining",
    "--every",
    "28",
    "--paths",
    "300",
    "--out",
    "o",
    "--quiet",
];

fn rows(w: &Workdir) -> Vec<csv::StringRecord> {
    let text = std::fs::read_to_string(w.path().join("o/backtest.csv")).unwrap();
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn same_bytes_on_any_thread_count() {
    let w = Workdir::new();
    w.run_env(&ARGS, &[("RAYON_NUM_THREADS", "1")]).ok();
    let one = std::fs::read(w.path().join("o/backtest.csv")).unwrap();
    let scores_one = std::fs::read(w.path().join("o/scores.csv")).unwrap();
    w.run_env(&ARGS, &[("RAYON_NUM_THREADS", "2")]).ok();
    assert!(one == std::fs::read(w.path().join("o/backtest.csv")).unwrap());
    assert!(scores_one == std::fs::read(w.path().join("o/scores.csv")).unwrap());
}

#[test]
fn the_observed_value_is_history_over_the_horizon() {
    let w = Workdir::new();
    w.run(&ARGS).ok();
    let rows = rows(&w);
    // 4 lookback windows x as-of dates 2024-03-01 .. 2025-09-30 every 28 days.
    assert_eq!(rows.len(), 4 * 21);
    for row in rows.iter().step_by(9) {
        let as_of: chrono::NaiveDate = row[1].parse().unwrap();
        let from = (as_of + chrono::Days::new(1)).to_string();
        let to = (as_of + chrono::Days::new(90)).to_string();
        let h = json(
            &w.run(&[
                "history",
                "--from",
                &from,
                "--to",
                &to,
                "--json",
                "--draws",
                "0",
                "--group",
                "ru-refining",
            ])
            .ok(),
        );
        let observed: f64 = row[2].parse().unwrap();
        let want = h["lost_capacity_mt"].as_f64().unwrap();
        assert!(
            (observed - want).abs() < 1e-9,
            "{as_of}: {observed} != {want}"
        );
        // PIT in [0, 1]; inside agrees with the band.
        let pit: f64 = row[9].parse().unwrap();
        assert!((0.0..=1.0).contains(&pit));
        let (p10, p90): (f64, f64) = (row[6].parse().unwrap(), row[8].parse().unwrap());
        assert_eq!(&row[10] == "1", p10 <= observed && observed <= p90);
    }
}

#[test]
fn bad_settings_are_refused() {
    Workdir::new()
        .run(&["backtest", "--group", "ru-refining", "--every", "0"])
        .input_error(&["--every: expected at least 1 day, found 0"]);
}
