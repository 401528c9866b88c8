//! `history` and `reconcile` through the binary, against hand-computed figures.

use crate::workdir::{json, Workdir, FIXTURE_FLAGS};

#[test]
fn history_of_the_fixture_by_hand() {
    let w = Workdir::with_fixture();
    let args = [
        &[
            "history",
            "--from",
            "2025-01-01",
            "--to",
            "2025-01-31",
            "--json",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    let v = json(&w.run(&args).ok());
    // alpha 25 Mt/yr x 10 days + beta 30 x 3 days = 340 Mt/yr-days
    let lost = v["lost_capacity_mt"].as_f64().unwrap();
    assert!((lost - 340.0 / 365.0).abs() < 1e-12, "{v}");
    // 25 x 10 x 0.8 + 30 x 3 x 0.85 (default utilization) = 276.5
    let thr = v["lost_throughput_mt"].as_f64().unwrap();
    assert!((thr - 276.5 / 365.0).abs() < 1e-12, "{v}");
    // mean over 31 days of offline / 100
    let share = v["mean_offline_share"].as_f64().unwrap();
    assert!((share - 340.0 / 3100.0).abs() < 1e-12, "{v}");
    assert_eq!(v["assets"][0]["asset_id"], "alpha");
    assert_eq!(v["strikes_in_period"], 2);
}

#[test]
fn history_table_names_refineries() {
    let w = Workdir::with_fixture();
    let args = [
        &["history", "--from", "2025-01-01", "--to", "2025-03-31"],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    let out = w.run(&args).ok();
    assert!(out.contains("Alpha refinery"), "{out}");
    assert!(out.contains("lost capacity:         1.068 Mt"), "{out}");
}

#[test]
fn the_bundled_first_quarter_of_2025() {
    let v = json(
        &Workdir::new()
            .run(&[
                "history",
                "--from",
                "2025-01-01",
                "--to",
                "2025-03-31",
                "--json",
                "--group",
                "ru-refining",
            ])
            .ok(),
    );
    for key in [
        "lost_capacity_mt",
        "lost_throughput_mt",
        "mean_offline_share",
    ] {
        assert!(v[key].as_f64().unwrap() > 0.0, "{key}: {v}");
    }
    assert_eq!(v["days"], 90);
    assert!((v["national_capacity_mtpa"].as_f64().unwrap() - 327.0).abs() < 1e-9);
}

#[test]
fn a_period_ending_before_it_starts_is_refused() {
    Workdir::new()
        .run(&["history", "--from", "2025-03-01", "--to", "2025-01-01"])
        .input_error(&["--from/--to: expected a last day on or after the first, found 2025-03-01 .. 2025-01-01"]);
}

#[test]
fn reconcile_finds_the_period_a_headline_describes() {
    let w = Workdir::with_fixture();
    // 100 Mt/yr national; 0.5 Mt at 2 % -> 25 Mt of capacity = 91.25 days.
    let args = [
        &[
            "reconcile",
            "--volume-mt",
            "0.5",
            "--share",
            "0.02",
            "--json",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    let v = json(&w.run(&args).ok());
    assert!((v["implied_denominator_mt"].as_f64().unwrap() - 25.0).abs() < 1e-12);
    assert!((v["implied_days"].as_f64().unwrap() - 91.25).abs() < 1e-12);
    assert_eq!(v["implied_period"]["from"], "2025-01-01");
    assert_eq!(v["implied_period"]["to"], "2025-04-01");
    // all three strikes: (250 + 90 + 50) / 365 = 1.0685 Mt, 214 % of the claim
    let lost = v["implied_period"]["lost_capacity_mt"].as_f64().unwrap();
    assert!((lost - 390.0 / 365.0).abs() < 1e-12);
    assert_eq!(v["verdict"], "records_above", "{v}");
    let text = w.run(&[&args[..5], &FIXTURE_FLAGS[..]].concat()).ok();
    assert!(
        text.contains("verdict: not matched: the records give 1.07 Mt"),
        "{text}"
    );
}

#[test]
fn reconcile_refuses_a_percentage_given_as_a_share() {
    Workdir::new()
        .run(&["reconcile", "--volume-mt", "3.3", "--share", "4"])
        .input_error(&["--share: expected a share with 0 < s <= 1 (4 % is 0.04), found 4"]);
}
