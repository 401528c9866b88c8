//! `project` through the binary: outputs, formats, determinism, bad scenarios, no partial output.

use crate::workdir::{Workdir, FIXTURE_FLAGS};

const SCENARIOS: &str = r#"
as_of = "2025-01-31"
until = "2025-02-10"
lookback_days = 31
[[scenario]]
name = "no-truce"
[[scenario]]
name = "truce-5d"
truce_start = "2025-02-01"
truce_days = 5
"#;

fn project(w: &Workdir, extra: &[&str]) -> crate::workdir::Run {
    w.write("scen.toml", SCENARIOS);
    let args = [
        &["project", "--scenarios", "scen.toml"],
        &FIXTURE_FLAGS[..],
        extra,
    ]
    .concat();
    w.run(&args)
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn fixture_projection_by_hand() {
    let w = Workdir::with_fixture();
    let out = project(&w, &["--out", "res", "--format", "csv"]).ok();
    assert!(out.contains("truce-5d against no-truce"), "{out}");
    let summary = std::fs::read_to_string(w.path().join("res/summary.csv")).unwrap();
    let rows = csv_rows(&summary);
    assert_eq!(
        &rows[0][..8],
        [
            "scenario",
            "lost_capacity_mt",
            "lost_throughput_mt",
            "mean_offline_share",
            "revenue_usd",
            "revenue_loss_usd",
            "gain_capacity_mt",
            "gain_revenue_usd"
        ]
    );
    // Lookback Jan 1..31 holds s1 (alpha 25 Mt/yr, 10 days) and s2 (beta 30, 3 days):
    // lambda = 2/31 per day, each copied at 1/31 per day. Over Feb 1..10 (10 days):
    // no-truce: 25/31 * sum_i min(i+1, 10) + 30/31 * sum_i min(i+1, 3)
    //         = 25/31 * 55 + 30/31 * 27 = 2185/31 Mt/yr-days.
    let lost: f64 = rows[1][1].parse().unwrap();
    assert!((lost - 2185.0 / 31.0 / 365.0).abs() < 1e-12, "{summary}");
    // The observed strike s3 (gamma 10 Mt/yr, Feb 1..5) is after as-of: not in the projection.
    // truce-5d: strikes start on day 5: 25/31 * 15 + 30/31 * 12 = 735/31.
    let truce_lost: f64 = rows[2][1].parse().unwrap();
    assert!(
        (truce_lost - 735.0 / 31.0 / 365.0).abs() < 1e-12,
        "{summary}"
    );
    let gain: f64 = rows[2][6].parse().unwrap();
    assert!((gain - 1450.0 / 31.0 / 365.0).abs() < 1e-12);
    assert_eq!(rows[1][6], "", "the reference has no gain");
    let daily = std::fs::read_to_string(w.path().join("res/daily.csv")).unwrap();
    let header = daily.lines().next().unwrap();
    assert!(header.starts_with("scenario,date,offline_mtpa,online_mtpa,offline_share,throughput_t,revenue_usd,revenue_loss_usd"), "{header}");
    assert!(
        header.contains("observed_offline_mtpa"),
        "s3 is loaded after as-of: {header}"
    );
    // 31 observed days + 2 scenarios x 10 days
    assert_eq!(daily.lines().count(), 1 + 31 + 20);
}

#[test]
fn parquet_and_json_outputs() {
    let w = Workdir::with_fixture();
    project(&w, &["--out", "pq", "--format", "parquet", "--per-asset"]).ok();
    project(&w, &["--out", "cs", "--format", "csv", "--per-asset"]).ok();
    // Parquet round-trips: every cell read back equals the CSV's (numbers to 1e-12).
    for name in ["daily", "summary", "assets"] {
        let read = |ext: &str| {
            strike_impact::prelude::read_table(&w.path().join(format!(
                "{ext}/{name}.{}",
                if ext == "pq" { "parquet" } else { "csv" }
            )))
            .unwrap_or_else(|e| panic!("{name}: {e:?}"))
        };
        let (pq, csv) = (read("pq"), read("cs"));
        assert_eq!(pq.headers, csv.headers, "{name}");
        assert_eq!(pq.len(), csv.len(), "{name}");
        assert!(!pq.is_empty());
        for (a, b) in pq.rows().zip(csv.rows()) {
            for i in 0..pq.headers.len() {
                let (x, y) = (a.cell(i), b.cell(i));
                match (x.parse::<f64>(), y.parse::<f64>()) {
                    (Ok(x), Ok(y)) => assert!(
                        (x - y).abs() <= 1e-12 * x.abs().max(1.0),
                        "{name} {}: {x} {y}",
                        pq.headers[i]
                    ),
                    _ => assert_eq!(x, y, "{name} {}", pq.headers[i]),
                }
            }
        }
    }
    project(&w, &["--out", "js", "--format", "json"]).ok();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("js/summary.json")).unwrap())
            .unwrap();
    assert_eq!(v[1]["scenario"], "truce-5d");
    assert!(v[1]["gain_capacity_mt"].as_f64().unwrap() > 0.0);
}

#[test]
fn output_types_follow_the_meaning_in_every_format() {
    use polars_core::prelude::*;
    use polars_io::prelude::*;
    let w = Workdir::with_fixture();
    project(&w, &["--out", "pq", "--format", "parquet", "--paths", "50"]).ok();
    let file = std::fs::File::open(w.path().join("pq/summary.parquet")).unwrap();
    let df = ParquetReader::new(file).finish().unwrap();
    let dtype = |c: &str| df.column(c).unwrap().dtype().clone();
    assert_eq!(dtype("truce_days"), DataType::Int64);
    assert_eq!(dtype("days"), DataType::Int64);
    assert_eq!(dtype("extended"), DataType::Boolean);
    assert_eq!(dtype("truce_start"), DataType::Date);
    assert_eq!(dtype("first_day"), DataType::Date);
    assert_eq!(dtype("paths"), DataType::UInt64);
    // The reference has no truce: its truce cells are missing, not "" or NaN.
    assert_eq!(df.column("truce_days").unwrap().null_count(), 1);
    assert_eq!(df.column("extended").unwrap().null_count(), 1);
    project(&w, &["--out", "js", "--format", "json"]).ok();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("js/summary.json")).unwrap())
            .unwrap();
    assert_eq!(v[1]["truce_days"], serde_json::json!(5));
    assert_eq!(v[1]["extended"], serde_json::json!(false));
    assert_eq!(v[1]["truce_start"], serde_json::json!("2025-02-01"));
    assert!(v[0]["truce_days"].is_null() && v[0]["extended"].is_null());
    project(&w, &["--out", "cs", "--format", "csv"]).ok();
    let summary = std::fs::read_to_string(w.path().join("cs/summary.csv")).unwrap();
    let rows = csv_rows(&summary);
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    assert_eq!(rows[2][col("truce_days")], "5");
    assert_eq!(rows[2][col("extended")], "false");
    assert_eq!(rows[1][col("truce_days")], "");
    // JSON keys come in the columns' order (the CSV header's), for every table.
    project(&w, &["--out", "cs", "--format", "csv", "--per-asset"]).ok();
    project(&w, &["--out", "js", "--format", "json", "--per-asset"]).ok();
    for table in ["summary", "daily", "assets"] {
        let csv = std::fs::read_to_string(w.path().join(format!("cs/{table}.csv"))).unwrap();
        let header = csv_rows(&csv).swap_remove(0);
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(w.path().join(format!("js/{table}.json"))).unwrap(),
        )
        .unwrap();
        let keys: Vec<String> = json[0].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, header, "{table}");
    }
}

#[test]
fn same_seed_byte_identical_with_one_and_two_threads() {
    let w = Workdir::with_fixture();
    project(
        &w,
        &[
            "--out",
            "t1",
            "--paths",
            "2000",
            "--seed",
            "9",
            "--threads",
            "1",
        ],
    )
    .ok();
    project(
        &w,
        &[
            "--out",
            "t2",
            "--paths",
            "2000",
            "--seed",
            "9",
            "--threads",
            "2",
        ],
    )
    .ok();
    project(
        &w,
        &[
            "--out",
            "t3",
            "--paths",
            "2000",
            "--seed",
            "10",
            "--threads",
            "2",
        ],
    )
    .ok();
    for f in ["daily.csv", "summary.csv"] {
        let a = std::fs::read(w.path().join("t1").join(f)).unwrap();
        let b = std::fs::read(w.path().join("t2").join(f)).unwrap();
        assert!(a == b, "{f} differs between 1 and 2 threads");
    }
    let a = std::fs::read(w.path().join("t1/daily.csv")).unwrap();
    let c = std::fs::read(w.path().join("t3/daily.csv")).unwrap();
    assert!(a != c, "another seed should give other numbers");
    let daily = String::from_utf8(a).unwrap();
    assert!(
        daily.lines().next().unwrap().contains("offline_mtpa_p10"),
        "Monte Carlo columns"
    );
}

#[test]
fn the_bundled_truce_case_reports_what_the_truce_gave_back() {
    let w = Workdir::new();
    let out = w.run(&["project", "--out", "o"]).ok();
    assert!(out.contains("truce-30d against no-truce:"), "{out}");
    assert!(out.contains("Mt of capacity and $"), "{out}");
    // Two groups: each in its own folder, both sides in one summary.
    assert!(out.contains("== group ru-refining (Mt/yr)"), "{out}");
    assert!(out.contains("== group ua-power (MW)"), "{out}");
    assert!(out.contains("both sides:"), "{out}");
    for group in ["ru-refining", "ua-power"] {
        assert!(w.path().join(format!("o/{group}/daily.csv")).is_file());
    }
    let summary = std::fs::read_to_string(w.path().join("o/summary.csv")).unwrap();
    assert!(
        summary.starts_with("group,unit,amount_unit,scenario,lost_capacity,"),
        "{summary}"
    );
    assert!(summary.contains("ua-power,mw,GWh,truce-30d,"), "{summary}");
}

#[test]
fn quick_truce_flags() {
    let w = Workdir::with_fixture();
    let args = [
        &[
            "project",
            "--truce",
            "2025-02-01:5",
            "--compliance",
            "0.5",
            "--as-of",
            "2025-01-31",
            "--until",
            "2025-02-09",
            "--json",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    let v: serde_json::Value = serde_json::from_str(&w.run(&args).ok()).unwrap();
    assert_eq!(v[0]["scenario"], "no-truce");
    assert_eq!(v[1]["scenario"], "truce-5d-50pct");
    assert!(v[1]["gain_capacity_mt"].as_f64().unwrap() > 0.0);
}

#[test]
fn bad_scenarios_are_refused_and_nothing_is_written() {
    let w = Workdir::with_fixture();
    w.write(
        "bad.toml",
        "as_of = \"2025-01-31\"\nuntill = \"2025-02-09\"\n[[scenario]]\nname = \"x\"\n",
    );
    let args = [
        &["project", "--scenarios", "bad.toml", "--out", "res"],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).input_error(&["bad.toml line 2", "untill"]);
    w.write("bad2.toml", "as_of = \"2025-01-31\"\nuntil = \"2025-01-01\"\n[[scenario]]\nname = \"t\"\ntruce_days = 0\ncompliance = 2\n");
    let args = [
        &["project", "--scenarios", "bad2.toml", "--out", "res"],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).input_error(&[
        "until: expected a day after as_of (2025-01-31), found 2025-01-01",
        "truce_days: expected a whole number of days >= 1, found 0",
        "compliance: expected a share from 0 to 1, found 2",
    ]);
    let args = [
        &["project", "--truce", "2025-02-01", "--out", "res"],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).input_error(&["expected START:DAYS"]);
    assert!(!w.path().join("res").exists(), "no output on failure");
}

#[test]
fn bad_data_writes_nothing_and_keeps_old_output() {
    let w = Workdir::with_fixture();
    project(&w, &["--out", "res"]).ok();
    let before = std::fs::read(w.path().join("res/summary.csv")).unwrap();
    w.write(
        "strikes.csv",
        "strike_id,date,asset_id,disabled_mtpa,repair_days\nx,2025-01-01,nowhere,1,1\n",
    );
    project(&w, &["--out", "res"]).input_error(&["strikes.csv line 2, column asset_id"]);
    assert_eq!(
        std::fs::read(w.path().join("res/summary.csv")).unwrap(),
        before
    );
    let names: Vec<_> = std::fs::read_dir(w.path().join("res"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        3,
        "daily, summary, run.json; no temporary files left: {names:?}"
    );
}

/// The arrival model read from the scenario file, its name checked with the file's line.
#[test]
fn the_scenario_file_names_the_arrival_model() {
    let w = Workdir::new();
    w.write(
        "s.toml",
        "as_of = \"2025-03-17\"\nuntil = \"2025-06-30\"\narrivals = \"negbin\"\n\
         [[scenario]]\nname = \"no-truce\"\n",
    );
    let out = w
        .run(&[
            "project",
            "--scenarios",
            "s.toml",
            "--group",
            "ru-refining",
            "--out",
            "o",
        ])
        .ok();
    assert!(
        out.contains("arrivals: negbin, mean rate 0.067/day, gamma shape"),
        "{out}"
    );
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("o/run.json")).unwrap())
            .unwrap();
    assert_eq!(record["settings"]["arrivals"]["value"], "negbin");
    assert_eq!(record["settings"]["arrivals"]["from"], "s.toml line 3");
    w.write(
        "bad.toml",
        "as_of = \"2025-03-17\"\narrivals = \"gamma\"\n[[scenario]]\nname = \"no-truce\"\n",
    );
    w.run(&["project", "--scenarios", "bad.toml", "--out", "o2"])
        .input_error(&[
            "bad.toml line 2, arrivals: unknown arrival model 'gamma': expected one of poisson, \
             negbin, hawkes, resample, campaign",
        ]);
}
