//! The README's figures on the bundled data, asserted to the digits the README prints, so
//! the README cannot drift from the code.

use crate::workdir::{json, Workdir};

/// `value` rounds to `printed` at `decimals` decimals.
#[track_caller]
fn prints_as(value: &serde_json::Value, printed: f64, decimals: i32) {
    let v = value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"));
    let scale = 10f64.powi(decimals);
    assert_eq!(
        (v * scale).round() / scale,
        printed,
        "{v} does not print as {printed}"
    );
}

#[test]
fn the_headline_table_of_q1_2025() {
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
    prints_as(&v["lost_capacity_mt"], 4.42, 2);
    prints_as(&v["lost_capacity_mt_p10"], 3.07, 2);
    prints_as(&v["lost_capacity_mt_p50"], 3.66, 2);
    prints_as(&v["lost_capacity_mt_p90"], 4.46, 2);
    prints_as(
        &(v["mean_offline_share"].as_f64().unwrap() * 100.0).into(),
        5.48,
        2,
    );
    prints_as(
        &(v["mean_offline_share_p10"].as_f64().unwrap() * 100.0).into(),
        3.80,
        2,
    );
    prints_as(
        &(v["mean_offline_share_p90"].as_f64().unwrap() * 100.0).into(),
        5.53,
        2,
    );
    prints_as(&v["lost_throughput_mt"], 3.28, 2);
    prints_as(&v["lost_throughput_mt_p10"], 2.44, 2);
    prints_as(&v["lost_throughput_mt_p90"], 3.31, 2);
    prints_as(&v["period_capacity_mt"], 80.6, 1);
}

/// The headline table's rows of the records as known on the truce's day and of the firm
/// records only.
#[test]
fn the_headline_as_known_on_the_truce_day_and_from_firm_records() {
    let w = Workdir::new();
    let q1 = |extra: &[&str]| {
        let args = [
            &[
                "history",
                "--from",
                "2025-01-01",
                "--to",
                "2025-03-31",
                "--json",
                "--group",
                "ru-refining",
            ][..],
            extra,
        ]
        .concat();
        json(&w.run(&args).ok())
    };
    let known = q1(&["--known-by", "2025-03-18"]);
    prints_as(&known["lost_capacity_mt"], 4.42, 2);
    prints_as(&known["lost_capacity_mt_p10"], 3.07, 2);
    prints_as(&known["lost_capacity_mt_p50"], 3.52, 2);
    prints_as(&known["lost_capacity_mt_p90"], 4.24, 2);
    let firm = q1(&["--min-confidence", "medium"]);
    prints_as(&firm["lost_capacity_mt"], 3.65, 2);
    prints_as(&firm["lost_capacity_mt_p10"], 3.00, 2);
    prints_as(&firm["lost_capacity_mt_p50"], 3.52, 2);
    prints_as(&firm["lost_capacity_mt_p90"], 3.78, 2);
    let pct = |k: &str| (firm[k].as_f64().unwrap() * 100.0).into();
    prints_as(&pct("mean_offline_share"), 4.53, 2);
    prints_as(&pct("mean_offline_share_p10"), 3.72, 2);
    prints_as(&pct("mean_offline_share_p50"), 4.36, 2);
    prints_as(&pct("mean_offline_share_p90"), 4.69, 2);
}

#[test]
fn the_truce_table() {
    // The refineries' truce case with 10,000 paths and the flags `extra`.
    let refineries = |extra: &[&str]| {
        let mut args = vec![
            "project",
            "--paths",
            "10000",
            "--json",
            "--group",
            "ru-refining",
        ];
        args.extend_from_slice(extra);
        json(&Workdir::new().run(&args).ok())
    };
    let v = refineries(&[]);
    let (no, truce) = (&v[0], &v[1]);
    assert_eq!(no["scenario"], "no-truce");
    // The refineries' earned default: hawkes, bands read at the track record's levels.
    assert_eq!(no["arrivals"]["model"], "hawkes");
    let levels = &no["calibration"]["levels"];
    prints_as(&(levels[0].as_f64().unwrap() * 100.0).into(), 0.03, 2);
    prints_as(&(levels[1].as_f64().unwrap() * 100.0).into(), 99.98, 2);
    assert_eq!(no["calibration"]["as_of"].as_array().unwrap().len(), 48);
    prints_as(&no["calibration"]["raw_coverage_80"], 0.25, 2);
    prints_as(&no["lost_capacity_mt"], 5.19, 2);
    prints_as(&truce["lost_capacity_mt"], 4.46, 2);
    prints_as(&truce["gain_capacity_mt"], 0.72, 2);
    prints_as(
        &(truce["gain_revenue_usd"].as_f64().unwrap() / 1e6).into(),
        234.0,
        0,
    );
    prints_as(
        &(no["revenue_loss_usd"].as_f64().unwrap() / 1e9).into(),
        1.71,
        2,
    );
    // Monte Carlo, 10,000 paths, seed 42.
    prints_as(&no["lost_capacity_mt_p10"], 0.86, 2);
    prints_as(&no["lost_capacity_mt_p50"], 4.10, 2);
    prints_as(&no["lost_capacity_mt_p90"], 10.28, 2);
    prints_as(&truce["gain_capacity_mt_p10"], 0.0, 2);
    prints_as(&truce["gain_capacity_mt_p50"], 0.29, 2);
    prints_as(&truce["gain_capacity_mt_p90"], 3.78, 2);
    prints_as(
        &(truce["gain_revenue_usd_p90"].as_f64().unwrap() / 1e6).into(),
        1307.0,
        0,
    );
    prints_as(&no["observed_lost_capacity_mt"], 2.79, 2);
    // The old default beside it, for this release.
    let old = refineries(&["--arrivals", "poisson", "--calibration", "none"]);
    prints_as(&old[0]["lost_capacity_mt"], 5.45, 2);
    prints_as(&old[1]["gain_capacity_mt"], 0.85, 2);
    prints_as(&old[1]["gain_capacity_mt_p90"], 1.45, 2);
    prints_as(
        &(old[1]["gain_revenue_usd_p90"].as_f64().unwrap() / 1e6).into(),
        521.0,
        0,
    );
}

#[test]
fn the_benchmark_verdicts() {
    let v = json(
        &Workdir::new()
            .run(&["reconcile", "--benchmarks", "--draws", "2000", "--json"])
            .ok(),
    );
    let count = |verdict: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["verdict"] == verdict)
            .count()
    };
    assert_eq!(
        [
            count("inside"),
            count("consistent"),
            count("above"),
            count("below"),
            count("not_comparable")
        ],
        [12, 5, 4, 5, 24]
    );
    let headline = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["benchmark"]["id"] == "reuters-2025-03-3.3mt")
        .unwrap();
    assert_eq!(headline["verdict"], "inside");
    prints_as(&headline["ratio"], 1.34, 2);
}

#[test]
fn both_sides_of_the_truce() {
    let w = Workdir::new();
    let v = json(
        &w.run(&["project", "--paths", "10000", "--json", "--charts", "c"])
            .ok(),
    );
    let row = |group: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["group"] == group && r["scenario"] == "truce-30d")
            .unwrap_or_else(|| panic!("{group}: {v}"))
            .clone()
    };
    let (ru, ua) = (row("ru-refining"), row("ua-power"));
    assert_eq!(
        (ru["amount_unit"].as_str(), ua["amount_unit"].as_str()),
        (Some("Mt"), Some("GWh"))
    );
    assert_eq!(ua["arrivals"]["model"], "campaign");
    prints_as(&ru["gain_capacity_mt"], 0.72, 2);
    prints_as(
        &(ru["gain_revenue_usd"].as_f64().unwrap() / 1e6).into(),
        234.0,
        0,
    );
    prints_as(&ua["gain_capacity_gwh"], 2440.0, 0);
    prints_as(
        &(ua["gain_revenue_usd"].as_f64().unwrap() / 1e6).into(),
        74.4,
        1,
    );
    prints_as(&ua["gain_capacity_gwh_p90"], 19347.0, 0);
    prints_as(
        &(ua["gain_revenue_usd_p90"].as_f64().unwrap() / 1e6).into(),
        599.0,
        0,
    );
    prints_as(
        &(ru["gain_revenue_usd_p90"].as_f64().unwrap() / 1e6).into(),
        1307.0,
        0,
    );
    assert!(w.path().join("c/sides.png").is_file());
    assert!(w.path().join("c/ua-power/capacity.png").is_file());
}

/// The scores of `backtest` on the refinery records with `args` added, as JSON.
fn refinery_scores(args: &[&str]) -> serde_json::Value {
    let w = Workdir::new();
    let mut all = vec!["backtest", "--group", "ru-refining"];
    all.extend_from_slice(args);
    all.extend(["--out", "o", "--format", "json", "--quiet"]);
    w.run(&all).ok();
    json(&std::fs::read_to_string(w.path().join("o/scores.json")).unwrap())
}

#[test]
fn how_good_are_the_projections() {
    let v = refinery_scores(&["--lookback-days", "30,90"]);
    let (l30, l90) = (&v[0], &v[1]);
    assert_eq!(
        (l30["lookback_days"].as_u64(), l30["checks"].as_u64()),
        (Some(30), Some(83))
    );
    prints_as(&l30["coverage"], 0.45, 2);
    prints_as(&l90["coverage"], 0.34, 2);
    prints_as(&l30["mean_crps"], 1.69, 2);
    prints_as(&l90["mean_crps"], 2.01, 2);
    prints_as(&l90["bias"], -0.99, 2);
    prints_as(&l90["naive_mean_crps"], 3.45, 2);
    prints_as(&l30["skill"], 0.51, 2);
    prints_as(&l90["skill"], 0.42, 2);
    prints_as(&l90["effective_checks"], 6.5, 1);
}

#[test]
fn what_the_truce_gain_hangs_on() {
    let w = Workdir::new();
    w.run(&[
        "sensitivity",
        "--arrivals",
        "poisson",
        "--group",
        "ru-refining",
        "--method",
        "tornado",
        "--out",
        "t",
        "--format",
        "json",
    ])
    .ok();
    let t = json(&std::fs::read_to_string(w.path().join("t/tornado.json")).unwrap());
    let bar = |name: &str| {
        t.as_array()
            .unwrap()
            .iter()
            .find(|b| b["input"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let m = |v: &serde_json::Value| serde_json::json!(v.as_f64().unwrap() / 1e6);
    prints_as(&m(&t[0]["base_value"]), 275.4, 1);
    for (name, low, high) in [
        ("truce_days", 92.9, 786.7),
        ("compliance", 0.0, 275.4),
        ("strike_rate_multiplier", 137.7, 413.1),
        ("default_outage_scale", 172.9, 379.9),
        ("diversion", 275.4, 28.9),
        ("lookback_days", 391.7, 155.1),
        ("product_price_multiplier", 220.3, 330.5),
    ] {
        let b = bar(name);
        prints_as(&m(&b["value_at_low"]), low, 1);
        prints_as(&m(&b["value_at_high"]), high, 1);
    }
    // The rest move the gain within $248.1m .. $275.4m.
    for name in [
        "truce_start_offset_days",
        "default_utilization",
        "default_share_scale",
        "crude_price_multiplier",
    ] {
        let b = bar(name);
        for end in ["value_at_low", "value_at_high"] {
            let v = b[end].as_f64().unwrap() / 1e6;
            assert!(
                (248.1 - 0.05..=275.4 + 0.05).contains(&v),
                "{name} {end} {v}"
            );
        }
    }
}

#[test]
fn the_sobol_indices_of_the_truce_gain() {
    let w = Workdir::new();
    w.run(&[
        "sensitivity",
        "--arrivals",
        "poisson",
        "--group",
        "ru-refining",
        "--method",
        "sobol",
        "--samples",
        "4096",
        "--out",
        "s",
        "--format",
        "json",
    ])
    .ok();
    let s = json(&std::fs::read_to_string(w.path().join("s/sobol.json")).unwrap());
    let index = |name: &str| {
        s.as_array()
            .unwrap()
            .iter()
            .find(|b| b["input"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    for (name, first, total) in [
        ("compliance", 0.26, 0.46),
        ("diversion", 0.16, 0.29),
        ("truce_days", 0.10, 0.22),
    ] {
        prints_as(&index(name)["first_order"], first, 2);
        prints_as(&index(name)["total_order"], total, 2);
    }
    for name in [
        "lookback_days",
        "truce_start_offset_days",
        "strike_rate_multiplier",
        "default_outage_scale",
    ] {
        let t = index(name)["total_order"].as_f64().unwrap();
        assert!((0.075..0.135).contains(&t), "{name} {t}");
    }
    let sum: f64 = s
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["first_order"].as_f64().unwrap())
        .sum();
    prints_as(&serde_json::json!(sum), 0.69, 2);
}

#[test]
fn the_campaign_model_comes_closest_on_the_refinery_records() {
    let v = refinery_scores(&["--lookback-days", "90", "--arrivals", "campaign"]);
    let c = &v[0];
    assert_eq!(c["arrivals"], "campaign");
    prints_as(&c["coverage_80"], 0.51, 2);
    prints_as(&c["coverage_90"], 0.63, 2);
    prints_as(&c["interval_score_80"], 12.35, 2);
    prints_as(&c["bias"], -0.48, 2);
    prints_as(&c["mean_crps"], 1.91, 2);
}

#[test]
fn hours_without_power_beside_the_published_figures() {
    let w = Workdir::new();
    let history = |from: &str, to: &str| {
        json(
            &w.run(&[
                "history", "--from", from, "--to", to, "--group", "ua-power", "--json",
            ])
            .ok(),
        )
    };
    let summer = history("2024-06-01", "2024-08-31");
    prints_as(&summer["deficit_hours_per_day"], 20.9, 1);
    prints_as(&summer["deficit_hours_per_day_p10"], 12.8, 1);
    prints_as(&summer["deficit_hours_per_day_p90"], 19.7, 1);
    prints_as(&summer["peak_deficit_mw"], 3002.0, 0);
    prints_as(&summer["peak_deficit_mw_p10"], 1602.0, 0);
    prints_as(&summer["peak_deficit_mw_p90"], 2522.0, 0);
    prints_as(&summer["max_deficit_mw"], 3951.0, 0);
    let july = history("2024-07-01", "2024-07-31");
    prints_as(&july["deficit_hours_per_day"], 21.7, 1);
    prints_as(&july["deficit_hours_per_day_p10"], 15.9, 1);
    prints_as(&july["deficit_hours_per_day_p90"], 21.0, 1);
    // 582 hours of schedules in July: 18.8 a day, inside the band.
    let published = 582.0 / 31.0;
    assert!(published >= july["deficit_hours_per_day_p10"].as_f64().unwrap());
    assert!(published <= july["deficit_hours_per_day_p90"].as_f64().unwrap());
    let december = history("2024-12-01", "2024-12-31");
    prints_as(&december["deficit_hours_per_day"], 8.4, 1);
    prints_as(&december["deficit_hours_per_day_p10"], 5.3, 1);
    prints_as(&december["deficit_hours_per_day_p90"], 20.5, 1);
    let summer_2025 = history("2025-06-01", "2025-08-31");
    prints_as(&summer_2025["peak_deficit_mw"], 0.0, 0);
}

/// The fitted parameters in the tornado under each group's default model.
#[test]
fn the_fitted_parameters_the_truce_gain_hangs_on() {
    let w = Workdir::new();
    let bar = |group: &str, input: &str| -> (f64, f64) {
        let out = format!("t-{group}");
        w.tornado(group, &out, "json");
        let rows =
            json(&std::fs::read_to_string(w.path().join(&out).join("tornado.json")).unwrap());
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["input"] == input)
            .unwrap_or_else(|| panic!("{input}: {rows}"))
            .clone();
        (
            row["value_at_low"].as_f64().unwrap() / 1e6,
            row["value_at_high"].as_f64().unwrap() / 1e6,
        )
    };
    let (low, high) = bar("ru-refining", "hawkes_baseline");
    prints_as(&low.into(), 115.0, 1);
    prints_as(&high.into(), 478.0, 1);
    let (low, high) = bar("ru-refining", "hawkes_branching");
    prints_as(&low.into(), 180.5, 1);
    prints_as(&high.into(), 425.2, 1);
    let (low, high) = bar("ua-power", "campaign_start_chance");
    prints_as(&low.into(), 40.9, 1);
    prints_as(&high.into(), 187.2, 1);
}
