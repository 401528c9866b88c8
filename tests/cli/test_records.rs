//! Record uncertainty and published benchmarks through the binary.

use crate::workdir::{json, Workdir, FIXTURE_FLAGS};

const FIGURES: [&str; 5] = [
    "lost_capacity_mt",
    "lost_throughput_mt",
    "mean_offline_share",
    "mean_offline_kbd",
    "peak_offline_mtpa",
];

fn f(v: &serde_json::Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing: {v}"))
}

#[test]
fn history_draws_are_the_same_bytes_on_any_thread_count_and_ordered() {
    let w = Workdir::new();
    let args = [
        "history",
        "--from",
        "2025-01-01",
        "--to",
        "2025-03-31",
        "--draws",
        "2000",
        "--seed",
        "1",
        "--json",
        "--group",
        "ru-refining",
    ];
    let one = w.run_env(&args, &[("RAYON_NUM_THREADS", "1")]).ok();
    let two = w.run_env(&args, &[("RAYON_NUM_THREADS", "2")]).ok();
    let again = w.run_env(&args, &[("RAYON_NUM_THREADS", "2")]).ok();
    assert!(one == two, "1 and 2 threads differ");
    assert!(two == again, "two runs differ");
    let v = json(&one);
    assert_eq!(v["draws"], 2000);
    assert_eq!(v["seed"], 1);
    for key in FIGURES {
        let (p10, p50, p90) = (
            f(&v, &format!("{key}_p10")),
            f(&v, &format!("{key}_p50")),
            f(&v, &format!("{key}_p90")),
        );
        assert!(p10 <= p50 && p50 <= p90, "{key}: {p10} {p50} {p90}");
    }
    // The bundled records carry defaults and low-confidence rows: the band has width.
    assert!(f(&v, "lost_capacity_mt_p90") > f(&v, "lost_capacity_mt_p10"));
    // A different seed gives other draws.
    let other = json(&w.run(&[&args[..8], &["2", "--json"]].concat()).ok());
    assert_ne!(other["lost_capacity_mt_p50"], v["lost_capacity_mt_p50"]);
}

#[test]
fn reported_confident_records_give_a_band_of_zero_width() {
    let w = Workdir::with_fixture();
    let args = [
        &[
            "history",
            "--from",
            "2025-01-01",
            "--to",
            "2025-02-28",
            "--draws",
            "500",
            "--json",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    let v = json(&w.run(&args).ok());
    assert_eq!(v["records_varied"]["varied"], 0);
    for key in FIGURES {
        let point = f(&v, key);
        for q in ["p10", "p50", "p90"] {
            assert_eq!(f(&v, &format!("{key}_{q}")), point, "{key}_{q}: {v}");
        }
    }
}

/// One default row, drawn from the two reported lengths 10 and 30 days.
const DRAWN: &str = "strike_id,date,asset_id,disabled_mtpa,repair_days,outage_basis,hit,confidence
r1,2024-01-01,alpha,25,10,reported,unit,high
r2,2024-03-01,alpha,25,30,reported,unit,high
d1,2025-01-01,alpha,36.5,20,default,unit,high
";

#[test]
fn a_default_length_is_drawn_from_the_reported_ones() {
    let w = Workdir::with_fixture();
    w.write("drawn.csv", DRAWN);
    let args = [
        "history",
        "--from",
        "2025-01-01",
        "--to",
        "2025-03-31",
        "--draws",
        "2000",
        "--json",
        "--assets",
        "assets.csv",
        "--strikes",
        "drawn.csv",
        "--prices",
        "prices.csv",
    ];
    let v = json(&w.run(&args).ok());
    // Point: 36.5 Mt/yr x 20 days / 365 = 2 Mt. Draws: 10 or 30 days, 1 or 3 Mt, each half
    // the time, so P10 = 1 and P90 = 3 (histogram bins: within 0.1 %).
    assert!((f(&v, "lost_capacity_mt") - 2.0).abs() < 1e-12, "{v}");
    assert!((f(&v, "lost_capacity_mt_p10") - 1.0).abs() < 1e-3, "{v}");
    assert!((f(&v, "lost_capacity_mt_p90") - 3.0).abs() < 3e-3, "{v}");
    let p50 = f(&v, "lost_capacity_mt_p50");
    assert!((p50 - 1.0).abs() < 1e-3 || (p50 - 3.0).abs() < 3e-3, "{v}");
    // Peak: alpha's 36.5 Mt/yr on every draw (the strike never has zero length).
    assert!((f(&v, "peak_offline_mtpa_p10") - 36.5).abs() < 0.05, "{v}");
    let text = w.run(&args[..7]).ok();
    assert!(text.contains("P10-P90"), "{text}");
}

const BENCHMARKS: &str = "benchmark_id,from,to,measure,value,bound,basis,cause,source
near,2025-01-01,2025-01-31,lost_mt,0.85,about,capacity,strikes,test
low,2025-01-01,2025-01-31,lost_mt,0.5,about,capacity,strikes,test
high,2025-01-01,2025-01-31,lost_mt,2,about,capacity,strikes,test
bound,2025-01-01,2025-01-31,lost_mt,0.9,at_least,capacity,strikes,test
maint,2025-01-01,2025-01-31,lost_mt,0.93,about,capacity,all,test
later,2025-06-01,2025-06-30,lost_mt,0.93,about,capacity,strikes,test
";

#[test]
fn reconcile_gives_every_verdict_for_published_figures() {
    let w = Workdir::with_fixture();
    w.write("benchmarks.csv", BENCHMARKS);
    let args = [
        &["reconcile", "--benchmarks", "benchmarks.csv", "--json"],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    let v = json(&w.run(&args).ok());
    let rows = v.as_array().unwrap();
    let verdict = |i: usize| rows[i]["verdict"].as_str().unwrap().to_owned();
    // The fixture loses 340 / 365 = 0.9315 Mt in January (a band of zero width).
    let records = rows[0]["records"].as_f64().unwrap();
    assert!((records - 340.0 / 365.0).abs() < 1e-12);
    assert!((rows[0]["ratio"].as_f64().unwrap() - records / 0.85).abs() < 1e-12);
    assert_eq!(verdict(0), "consistent");
    assert_eq!(verdict(1), "above");
    assert_eq!(verdict(2), "below");
    assert_eq!(verdict(3), "inside");
    assert_eq!(verdict(4), "not_comparable");
    assert_eq!(rows[4]["not_comparable"], "all_causes");
    assert_eq!(verdict(5), "not_comparable");
    assert_eq!(rows[5]["not_comparable"], "outside_records");
    let text = w
        .run(
            &args[..3]
                .iter()
                .chain(&FIXTURE_FLAGS)
                .copied()
                .collect::<Vec<_>>(),
        )
        .ok();
    assert!(text.contains("consistent within 25 %"), "{text}");
    assert!(text.contains("6 figures: 1 inside the band, 1 consistent, 1 records above, 1 records below, 2 not comparable"), "{text}");
}

#[test]
fn the_bundled_benchmarks_meet_the_bundled_records() {
    let v = json(
        &Workdir::new()
            .run(&["reconcile", "--benchmarks", "--json"])
            .ok(),
    );
    let rows = v.as_array().unwrap();
    assert!(rows.len() >= 10);
    let headline = rows
        .iter()
        .find(|r| r["benchmark"]["id"] == "reuters-2025-03-3.3mt")
        .expect("the 3.3 Mt headline row");
    assert_eq!(headline["benchmark"]["value"], 3.3);
    assert!(headline["band"]["p10"].as_f64().unwrap() <= headline["band"]["p90"].as_f64().unwrap());
}

#[test]
fn a_bad_benchmarks_file_is_refused_with_every_problem_located() {
    let w = Workdir::with_fixture();
    w.write(
        "bad.csv",
        "benchmark_id,from,to,measure,value,bound,basis,cause\n\
         a,2025-01-01,2025-03-31,lost_gb,3.3,about,capacity,strikes\n\
         b,2025-03-31,2025-01-01,lost_mt,3.3,roughly,capacity,strikes\n",
    );
    let run = w.run(
        &[
            &["reconcile", "--benchmarks", "bad.csv"],
            &FIXTURE_FLAGS[..],
        ]
        .concat(),
    );
    run.input_error(&[
        "bad.csv line 2, column measure: expected one of lost_mt | offline_share | offline_kbd | offline_ktd | gasoline_lost_t_per_day | diesel_lost_t_per_day | diesel_exports_lost_t_per_day | deficit_hours_per_day | peak_deficit_mw, found \"lost_gb\"",
        "bad.csv line 3, column to: expected a day on or after from (2025-03-31), found 2025-01-01",
        "bad.csv line 3, column bound: expected one of about | at_least | at_most, found \"roughly\"",
    ]);
    assert!(run.stdout().is_empty());
}

#[test]
fn bad_certainty_columns_are_located() {
    let w = Workdir::with_fixture();
    w.write(
        "s.csv",
        "strike_id,date,asset_id,disabled_mtpa,repair_days,repair_days_low,repair_days_high,disabled_share_low,disabled_share_high,p_effect,hit\n\
         s1,2025-01-01,alpha,25,10,12,20,,,1.5,unit\n\
         s2,2025-01-02,alpha,25,10,,20,0.9,0.1,,roof\n",
    );
    w.run(&["validate", "--assets", "assets.csv", "--strikes", "s.csv", "--prices", "prices.csv"])
        .input_error(&[
            "s.csv line 2, column p_effect: expected a probability with 0 <= p <= 1, found \"1.5\"",
            "s.csv line 2, column repair_days_low: expected the outage length (10 days) inside repair_days_low..repair_days_high, found 12..20",
            "s.csv line 3, column hit: expected one of plant | unit | unknown, found \"roof\"",
            "s.csv line 3, column repair_days_low: expected repair_days_low beside repair_days_high, found an empty cell",
            "s.csv line 3, column disabled_share_high: expected disabled_share_high >= disabled_share_low (0.9), found 0.1",
        ]);
}

#[test]
fn charts_draw_the_records_bands() {
    let w = Workdir::new();
    w.run(&["project", "--out", "o", "--charts", "c", "--paths", "500"])
        .ok();
    let capacity = std::fs::read_to_string(w.path().join("c/ru-refining/capacity.svg")).unwrap();
    assert!(
        capacity.contains("observed P10-P90 over record draws"),
        "capacity legend"
    );
    let monthly = std::fs::read_to_string(w.path().join("c/ru-refining/monthly.svg")).unwrap();
    assert!(
        monthly.contains("whiskers: P10-P90 over 1000 draws"),
        "monthly note"
    );
    let benchmarks =
        std::fs::read_to_string(w.path().join("c/ru-refining/benchmarks.svg")).unwrap();
    assert!(
        benchmarks.contains("published: inside the records"),
        "benchmarks legend"
    );
    // One marker per published figure in the period: at least one circle a figure.
    let circles = benchmarks.matches("<circle").count();
    assert!(circles >= 30, "{circles} circles");
    // The daily table carries the observed days' band.
    let daily = std::fs::read_to_string(w.path().join("o/ru-refining/daily.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(daily.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (p10, p90) = (col("offline_mtpa_p10"), col("offline_mtpa_p90"));
    let observed: Vec<(f64, f64)> = rows
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[0] == "observed")
        .map(|r| (r[p10].parse().unwrap(), r[p90].parse().unwrap()))
        .collect();
    assert_eq!(observed.len(), 90);
    assert!(observed.iter().all(|(a, b)| a <= b));
    assert!(
        observed.iter().any(|(a, b)| a < b),
        "the observed band has width"
    );
}

#[test]
fn monte_carlo_paths_redraw_the_outages_still_running() {
    // No lookback strike (lambda = 0): the projection is d1 running out. Its length is a
    // default drawn from the reported 10 and 30 days; the expected path uses the point 20.
    let w = Workdir::with_fixture();
    w.write("drawn.csv", DRAWN);
    let args = [
        "project",
        "--as-of",
        "2025-01-05",
        "--until",
        "2025-02-28",
        "--lookback-days",
        "3",
        "--paths",
        "2000",
        "--json",
        "--assets",
        "assets.csv",
        "--strikes",
        "drawn.csv",
        "--prices",
        "prices.csv",
    ];
    let v = json(&w.run(&args).ok());
    let s = &v[0];
    // Point: 36.5 Mt/yr for the 15 days 2025-01-06 .. 01-20 = 1.5 Mt.
    assert!((f(s, "lost_capacity_mt") - 1.5).abs() < 1e-9, "{s}");
    // Paths: 5 days (0.5 Mt) or 25 days (2.5 Mt), each about half the time; mean 1.5.
    assert!((f(s, "lost_capacity_mt_p10") - 0.5).abs() < 0.01, "{s}");
    assert!((f(s, "lost_capacity_mt_p90") - 2.5).abs() < 0.03, "{s}");
    assert!((f(s, "lost_capacity_mt_mean") - 1.5).abs() < 0.1, "{s}");
}

/// `--known-by`: the records as known on a date leave out a strike dated later and keep an
/// earlier outage that runs past the date; `--min-confidence` keeps the rows at or above
/// the level (a row without one counts as low). Both are said and recorded in run.json.
#[test]
fn records_known_by_a_date_and_of_a_confidence() {
    let w = Workdir::new();
    w.write(
        "a.csv",
        "asset_id,name,capacity_mtpa,utilization\na,A,36.5,1\nb,B,36.5,1\n",
    );
    w.write(
        "s.csv",
        "strike_id,date,asset_id,disabled_mtpa,repair_days,confidence\n\
         early,2025-01-01,a,36.5,20,high\n\
         late,2025-01-15,b,36.5,10,medium\n\
         none,2025-01-25,a,36.5,1,\n",
    );
    let flags = [
        "--assets",
        "a.csv",
        "--strikes",
        "s.csv",
        "--prices",
        "p.csv",
    ];
    w.write("p.csv", "date,product_usd_t\n2025-01-01,500\n");
    let lost = |extra: &[&str]| -> f64 {
        let args = [
            &[
                "history",
                "--from",
                "2025-01-01",
                "--to",
                "2025-01-31",
                "--draws",
                "0",
                "--json",
            ][..],
            &flags,
            extra,
        ]
        .concat();
        json(&w.run(&args).ok())["lost_capacity_mt"]
            .as_f64()
            .unwrap()
    };
    // Every record: a for 20 days (2 Mt), b for 10 days and 1 day (1.1 Mt).
    assert!((lost(&[]) - 3.1).abs() < 1e-9);
    // Known by 2025-01-10: only `early`, its whole 20-day outage, past the date too.
    assert!((lost(&["--known-by", "2025-01-10"]) - 2.0).abs() < 1e-9);
    // At least medium: `none` (no confidence: low) left out; at least high: `late` too.
    assert!((lost(&["--min-confidence", "medium"]) - 3.0).abs() < 1e-9);
    assert!((lost(&["--min-confidence", "high"]) - 2.0).abs() < 1e-9);
    assert!((lost(&["--min-confidence", "low"]) - 3.1).abs() < 1e-9);
    let run = w.run(
        &[
            &[
                "history",
                "--from",
                "2025-01-01",
                "--to",
                "2025-01-31",
                "--min-confidence",
                "high",
                "--out",
                "h",
            ][..],
            &flags,
        ]
        .concat(),
    );
    let out = run.ok();
    assert!(
        out.contains("records: the strike rows of confidence high or above"),
        "{out}"
    );
    assert!(
        run.stderr().contains("2 strike rows of 3 left out"),
        "{}",
        run.stderr()
    );
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("h/run.json")).unwrap())
            .unwrap();
    assert_eq!(record["records"]["min_confidence"], "high");
    w.run(
        &[
            &[
                "history",
                "--from",
                "2025-01-01",
                "--to",
                "2025-01-31",
                "--min-confidence",
                "firm",
            ][..],
            &flags,
        ]
        .concat(),
    )
    .input_error(&["expected low, medium or high, found \"firm\""]);
}

/// Only what was running can be lost: a 1,000 MW plant with 400 MW in service loses at most
/// 400 MW, and a share is a share of what was in service; an operating capacity above the
/// capacity is refused at its file, line and column.
#[test]
fn only_what_was_running_can_be_lost() {
    let w = Workdir::new();
    w.write(
        "plants.csv",
        "asset_id,name,kind,unit,group,capacity,operating,utilization\n\
         p,Plant,power_plant,mw,power,1000,400,1\nq,Other,power_plant,mw,power,1000,,1\n",
    );
    w.write("prices.csv", "date,value_usd\n2025-01-01,100\n");
    let peak = |strikes: &str| -> f64 {
        w.write("s.csv", strikes);
        let v = json(
            &w.run(&[
                "history",
                "--from",
                "2025-01-01",
                "--to",
                "2025-01-10",
                "--draws",
                "0",
                "--json",
                "--assets",
                "plants.csv",
                "--strikes",
                "s.csv",
                "--prices",
                "prices.csv",
            ])
            .ok(),
        );
        v["peak_offline_mw"].as_f64().unwrap()
    };
    let head = "strike_id,date,asset_id,disabled_share,repair_days\n";
    // The whole plant struck: 400 MW lost, not 1,000.
    assert_eq!(peak(&format!("{head}s1,2025-01-02,p,1,5\n")), 400.0);
    // Half of it: half of what was in service, 200 MW.
    assert_eq!(peak(&format!("{head}s1,2025-01-02,p,0.5,5\n")), 200.0);
    // A plant with no operating figure: all of its capacity.
    assert_eq!(peak(&format!("{head}s1,2025-01-02,q,0.5,5\n")), 500.0);
    // The national share stays a share of installed capacity (2,000 MW).
    w.write("s.csv", format!("{head}s1,2025-01-01,p,1,10\n"));
    let v = json(
        &w.run(&[
            "history",
            "--from",
            "2025-01-01",
            "--to",
            "2025-01-10",
            "--draws",
            "0",
            "--json",
            "--assets",
            "plants.csv",
            "--strikes",
            "s.csv",
            "--prices",
            "prices.csv",
        ])
        .ok(),
    );
    assert!(
        (v["mean_offline_share"].as_f64().unwrap() - 0.2).abs() < 1e-12,
        "{v}"
    );
    w.write(
        "bad.csv",
        "asset_id,name,kind,unit,group,capacity,operating\np,Plant,power_plant,mw,power,1000,1200\n",
    );
    w.run(&[
        "validate",
        "--assets",
        "bad.csv",
        "--strikes",
        "s.csv",
        "--prices",
        "prices.csv",
    ])
    .input_error(&[
        "bad.csv line 2, column operating: expected an operating capacity at most the \
             capacity (1,000.00), found 1,200.00",
    ]);
}
