//! `backtest`: the scores of the projections against what followed.

use crate::workdir::{json, Workdir};

const ARGS: [&str; 12] = [
    "backtest",
    "--calibration",
    "none",
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
        let as_of: chrono::NaiveDate = row[4].parse().unwrap();
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
        let observed: f64 = row[5].parse().unwrap();
        let want = h["lost_capacity_mt"].as_f64().unwrap();
        assert!(
            (observed - want).abs() < 1e-9,
            "{as_of}: {observed} != {want}"
        );
        // PIT in [0, 1]; inside agrees with the band.
        let pit: f64 = row[12].parse().unwrap();
        assert!((0.0..=1.0).contains(&pit));
        let (p10, p90): (f64, f64) = (row[9].parse().unwrap(), row[11].parse().unwrap());
        assert_eq!(&row[13] == "1", p10 <= observed && observed <= p90);
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
            "--calibration",
            "none",
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
        "group,lookback_days,arrivals,calibration,as_of,path,value,observed"
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

/// A calibrated projection reads its paths at the levels its track record set: run.json
/// gives the earlier checks' PITs, and the levels are the conformal rank of their scores
/// (MODEL.md, "Calibration"), worked out here from the PITs again; the mean and median are
/// the paths' own, and the band is read further out than the paths' P10-P90 where the
/// record asks for it.
#[test]
fn calibrated_bands_read_the_paths_at_the_levels_of_their_track_record() {
    let w = Workdir::new();
    let run = |how: &str| {
        w.run(&[
            "project",
            "--group",
            "ru-refining",
            "--paths",
            "400",
            "--calibration",
            how,
            "--out",
            how,
        ])
        .ok()
    };
    let printed = run("conformal");
    assert!(printed.contains("bands: calibrated by "), "{printed}");
    run("none");
    let record = json(&std::fs::read_to_string(w.path().join("conformal/run.json")).unwrap());
    assert_eq!(record["settings"]["calibration"]["value"], "conformal");
    assert_eq!(record["settings"]["calibration"]["from"], "--calibration");
    let t = &record["groups"][0]["calibration"];
    let dates = t["as_of"].as_array().unwrap();
    let pits: Vec<f64> = t["pit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(dates.len(), pits.len());
    // Weekly checks from the first strike (2024-01-21) to 13 weeks before the as-of date
    // (2025-03-17).
    assert_eq!(dates.first().unwrap(), "2024-01-22");
    assert_eq!(dates.last().unwrap(), "2024-12-16");
    assert_eq!(pits.len(), 48);
    // The 80 % band: the ceil(49 * 0.8) = 40th smallest score |2u - 1|, kept within half a
    // path (of 2,000) of either end.
    let mut scores: Vec<f64> = pits.iter().map(|u| (2.0 * u - 1.0).abs()).collect();
    scores.sort_by(f64::total_cmp);
    let c = scores[39];
    let (low, high) = ((0.5 - c / 2.0).max(0.00025), (0.5 + c / 2.0).min(0.99975));
    let levels = t["levels"].as_array().unwrap();
    assert!((levels[0].as_f64().unwrap() - low).abs() < 1e-12, "{t}");
    assert!((levels[1].as_f64().unwrap() - high).abs() < 1e-12, "{t}");
    let inside = pits.iter().filter(|u| (0.1..=0.9).contains(*u)).count() as f64;
    assert!(t["raw_coverage_80"].as_f64().unwrap() <= inside / 48.0 + 1e-12);
    // The same paths, read at other levels.
    let summary = |how: &str| {
        let text = std::fs::read_to_string(w.path().join(how).join("summary.csv")).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let head = r.headers().unwrap().clone();
        let row = r.records().next().unwrap().unwrap();
        move |k: &str| -> f64 {
            row[head.iter().position(|h| h == k).unwrap()]
                .parse()
                .unwrap()
        }
    };
    let (cal, raw) = (summary("conformal"), summary("none"));
    for k in [
        "lost_capacity_mt_mean",
        "lost_capacity_mt_p50",
        "lost_capacity_mt",
    ] {
        assert_eq!(cal(k), raw(k), "{k}");
    }
    assert!(low < 0.1 && high > 0.9, "{t}");
    assert!(cal("lost_capacity_mt_p10") <= raw("lost_capacity_mt_p10"));
    assert!(cal("lost_capacity_mt_p90") > raw("lost_capacity_mt_p90"));
}

/// By default the backtest scores every model as its paths are and calibrated; a calibrated
/// row's checks are the rows before it whose horizon had ended, so their number grows with
/// the as-of date, from none in the first 90 days after the first strike.
#[test]
fn the_backtest_scores_each_model_as_it_is_and_calibrated() {
    let w = Workdir::new();
    let out = w
        .run(&[
            "backtest",
            "--group",
            "ru-refining",
            "--lookback-days",
            "90",
            "--every",
            "28",
            "--paths",
            "200",
            "--out",
            "o",
            "--json",
        ])
        .ok();
    let v = json(&out);
    let scores = v["scores"].as_array().unwrap();
    let how: Vec<&str> = scores
        .iter()
        .map(|s| s["calibration"].as_str().unwrap())
        .collect();
    assert_eq!(how, ["none", "conformal"]);
    let rows = rows(&w);
    let calibrated: Vec<&csv::StringRecord> =
        rows.iter().filter(|r| &r[1] == "conformal").collect();
    assert_eq!(calibrated.len(), rows.len() / 2);
    let checks: Vec<u64> = calibrated.iter().map(|r| r[2].parse().unwrap()).collect();
    assert!(checks.windows(2).all(|p| p[0] <= p[1]), "{checks:?}");
    // 2024-03-01 .. 2024-04-19: no earlier check had ended (the first, 2024-02-02, ends
    // on 2024-05-02); 2024-05-24 has it.
    assert_eq!(checks[0], 0);
    assert_eq!(&calibrated[3][4], "2024-05-24");
    assert_eq!(checks[3], 1);
    // Every 28 days from 2024-02-02: the checks ended by the last as-of date.
    let last = calibrated.last().unwrap();
    let as_of: chrono::NaiveDate = last[4].parse().unwrap();
    let first: chrono::NaiveDate = "2024-02-02".parse().unwrap();
    let ended = (as_of - first).num_days() as u64 / 28 - 90 / 28;
    assert_eq!(*checks.last().unwrap(), ended, "{as_of}");
}
