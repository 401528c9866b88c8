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

#[test]
fn history_writes_its_tables_and_values_the_lost_throughput() {
    let w = Workdir::with_fixture();
    let run = |extra: &[&str]| {
        w.run(
            &[
                &[
                    "history",
                    "--from",
                    "2025-01-01",
                    "--to",
                    "2025-01-31",
                    "--draws",
                    "0",
                ][..],
                extra,
                &FIXTURE_FLAGS[..],
            ]
            .concat(),
        )
    };
    let out = run(&["--out", "h"]).ok();
    // alpha 25 Mt/yr x 0.8 for 10 days, beta 30 x 0.85 (default) for 3 days:
    // 276.5 Mt/yr-days of throughput = 276.5e6 / 365 t, at 600 USD/t.
    let tonnes = 276.5e6 / 365.0;
    assert!(
        out.contains("lost revenue:        $454.5m (the lost throughput at each day's price row)"),
        "{out}"
    );
    let read = |name: &str| {
        let text = std::fs::read_to_string(w.path().join("h").join(name)).unwrap();
        let mut rows = text
            .lines()
            .map(|l| l.split(',').map(str::to_owned).collect::<Vec<_>>());
        let header = rows.next().unwrap();
        (header, rows.collect::<Vec<_>>())
    };
    let (header, rows) = read("summary.csv");
    let col = |h: &[String], name: &str| h.iter().position(|c| c == name).unwrap();
    let usd: f64 = rows[0][col(&header, "lost_revenue_usd")].parse().unwrap();
    assert!((usd - tonnes * 600.0).abs() < 1e-3, "{usd}");
    assert_eq!(rows[0][col(&header, "from")], "2025-01-01");
    let (header, rows) = read("daily.csv");
    assert_eq!(
        header,
        [
            "date",
            "offline_mtpa",
            "offline_share",
            "unprocessed_t",
            "product_usd_t",
            "crude_usd_t",
            "revenue_loss_usd"
        ]
    );
    assert_eq!(rows.len(), 31);
    // 2025-01-05: alpha 25 and beta 30 offline of 100; (25 x 0.8 + 30 x 0.85) e6 / 365 t.
    let day = &rows[4];
    assert_eq!(day[0], "2025-01-05");
    assert_eq!(day[1].parse::<f64>().unwrap(), 55.0);
    assert!((day[2].parse::<f64>().unwrap() - 0.55).abs() < 1e-12);
    let t: f64 = day[3].parse().unwrap();
    assert!((t - 45.5e6 / 365.0).abs() < 1e-6, "{t}");
    assert!((day[6].parse::<f64>().unwrap() - t * 600.0).abs() < 1e-3);
    let (header, rows) = read("assets.csv");
    assert_eq!(rows.len(), 2, "only assets with an outage: {rows:?}");
    assert_eq!(header[..2], ["asset_id", "name"]);
    let (_, rows) = read("strikes.csv");
    assert_eq!(
        rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["s1", "s2"]
    );
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("h/run.json")).unwrap())
            .unwrap();
    assert_eq!(record["command"], "history");
    assert_eq!(record["settings"]["diversion"]["value"], 0.0);
    assert_eq!(record["settings"]["diversion"]["from"], "default");
    // --per-asset: every asset, with its name; --diversion: half the crude sold at 400 USD/t.
    run(&[
        "--out",
        "h2",
        "--per-asset",
        "--diversion",
        "0.5",
        "--format",
        "json",
    ])
    .ok();
    let assets: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("h2/assets.json")).unwrap())
            .unwrap();
    let names: Vec<&str> = assets
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Alpha refinery", "Beta refinery", "Gamma refinery"]);
    assert_eq!(assets[2]["lost_capacity_mt"], 0.0);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("h2/summary.json")).unwrap())
            .unwrap();
    let usd = summary[0]["lost_revenue_usd"].as_f64().unwrap();
    assert!((usd - tonnes * (600.0 - 0.5 * 400.0)).abs() < 1e-3, "{usd}");
    assert_eq!(summary[0]["days"], 31);
    run(&["--out", "h3", "--diversion", "2"]).input_error(&["--diversion"]);
    assert!(!w.path().join("h3").exists());
}

#[test]
fn history_of_several_groups_writes_a_folder_each() {
    let w = Workdir::new();
    w.run(&[
        "history",
        "--from",
        "2025-01-01",
        "--to",
        "2025-03-31",
        "--draws",
        "0",
        "--out",
        "h",
    ])
    .ok();
    let header = |group: &str| {
        std::fs::read_to_string(w.path().join(format!("h/{group}/daily.csv")))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        header("ru-refining"),
        "date,offline_mtpa,offline_share,unprocessed_t,product_usd_t,crude_usd_t,revenue_loss_usd"
    );
    assert_eq!(
        header("ua-power"),
        "date,offline_mw,offline_share,unprocessed_mwh,value_usd,revenue_loss_usd"
    );
    assert!(w.path().join("h/run.json").is_file());
}

/// The summary file names each column once (group and unit lead, and are not repeated).
#[test]
fn the_history_summary_names_each_column_once() {
    let w = Workdir::new();
    w.run(&[
        "history",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--group",
        "ua-power",
        "--out",
        "h",
    ])
    .ok();
    let text = std::fs::read_to_string(w.path().join("h/summary.csv")).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(&header[..2], &["group", "unit"]);
    let mut names = header.clone();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), header.len(), "{header:?}");
}
