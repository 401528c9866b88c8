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
        let as_of: chrono::NaiveDate = row[2].parse().unwrap();
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
        let observed: f64 = row[3].parse().unwrap();
        let want = h["lost_capacity_mt"].as_f64().unwrap();
        assert!(
            (observed - want).abs() < 1e-9,
            "{as_of}: {observed} != {want}"
        );
        // PIT in [0, 1]; inside agrees with the band.
        let pit: f64 = row[10].parse().unwrap();
        assert!((0.0..=1.0).contains(&pit));
        let (p10, p90): (f64, f64) = (row[7].parse().unwrap(), row[9].parse().unwrap());
        assert_eq!(&row[11] == "1", p10 <= observed && observed <= p90);
    }
}

#[test]
fn bad_settings_are_refused() {
    Workdir::new()
        .run(&["backtest", "--group", "ru-refining", "--every", "0"])
        .input_error(&["--every: expected at least 1 day, found 0"]);
}

/// The arrival models compared side by side: every model, lookback and group scored with
/// the coverages of three central intervals, CRPS, interval scores, PIT deciles and skill.
#[test]
fn arrival_models_are_compared_side_by_side() {
    let w = Workdir::new();
    let out = w
        .run(&[
            "backtest",
            "--arrivals",
            "poisson,negbin,hawkes,resample",
            "--lookback-days",
            "30,90",
            "--paths",
            "100",
            "--first-as-of",
            "2025-01-01",
            "--last-as-of",
            "2025-03-31",
            "--json",
            "--samples-out",
            "samples.csv",
        ])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{v}");
    for g in groups {
        let scores = g["scores"].as_array().unwrap();
        assert_eq!(scores.len(), 8, "{g}");
        for s in scores {
            for key in [
                "coverage_50",
                "coverage_80",
                "coverage_90",
                "crps",
                "interval_score_80",
                "interval_score_90",
                "pit_deciles",
                "bias",
                "skill_naive",
                "skill_resample",
            ] {
                assert!(s.get(key).is_some(), "{key} missing: {s}");
            }
            let deciles: f64 = s["pit_deciles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_f64().unwrap())
                .sum();
            assert!((deciles - 1.0).abs() < 1e-9, "{s}");
            let c50 = s["coverage_50"].as_f64().unwrap();
            let c90 = s["coverage_90"].as_f64().unwrap();
            assert!(
                c50 <= s["coverage_80"].as_f64().unwrap()
                    && s["coverage_80"].as_f64().unwrap() <= c90
            );
            assert!(s["interval_score_90"].as_f64().unwrap() > 0.0);
        }
        let resample = scores.iter().find(|s| s["arrivals"] == "resample").unwrap();
        assert_eq!(resample["skill_resample"].as_f64(), Some(0.0));
    }
    // Every path's value in long form, with the observed value beside it.
    let samples = std::fs::read_to_string(w.path().join("samples.csv")).unwrap();
    let mut lines = samples.lines();
    assert_eq!(
        lines.next().unwrap(),
        "group,lookback_days,arrivals,as_of,path,value,observed"
    );
    let rows = lines.count();
    // 2 groups x 4 models x 2 lookbacks x checks x 100 paths.
    assert_eq!(rows % 100, 0, "{rows}");
    assert!(rows >= 2 * 4 * 2 * 100, "{rows}");
}

/// The projection's arrival model is named with its fitted parameters in run.json, and a
/// model that cannot be fitted falls back with a warning; the numbers are the same on any
/// thread count.
#[test]
fn the_arrival_model_is_recorded_and_its_fallback_said() {
    let w = Workdir::new();
    let run = |threads: &str, out: &str| {
        w.run(&[
            "project",
            "--arrivals",
            "hawkes",
            "--paths",
            "300",
            "--threads",
            threads,
            "--out",
            out,
        ])
    };
    let one = run("1", "o1");
    let printed = one.ok();
    assert!(printed.contains("arrivals: hawkes, baseline "), "{printed}");
    assert!(
        one.stderr()
            .contains("fewer than the 20 needed; using negbin"),
        "{}",
        one.stderr()
    );
    run("2", "o2").ok();
    for f in [
        "ru-refining/summary.csv",
        "ua-power/summary.csv",
        "ru-refining/daily.csv",
    ] {
        let read = |d: &str| std::fs::read(w.path().join(d).join(f)).unwrap();
        assert_eq!(read("o1"), read("o2"), "{f}");
    }
    let record: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(w.path().join("o1/ru-refining/run.json")).unwrap(),
    )
    .unwrap();
    let text = record.to_string();
    assert!(text.contains("\"requested\":\"hawkes\""), "{text}");
    assert!(text.contains("\"model\":\"hawkes\""), "{text}");
    assert!(
        text.contains("\"branching\"") || text.contains("\"n\":{\"value\""),
        "{text}"
    );
    assert_eq!(record["settings"]["arrivals"]["from"], "--arrivals");
}
