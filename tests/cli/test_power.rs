//! Hours without power (MODEL.md, "Hours without power") through the binary: by hand, on
//! the bundled records, and bad balance rows.

use crate::workdir::{json, Run, Workdir};

const ASSETS: &str = "asset_id,name,kind,unit,group,capacity
p1,Plant one,power_plant,mw,g,1000
p2,Plant two,power_plant,mw,g,500
";
const STRIKES: &str = "strike_id,date,asset_id,disabled,repair_days
s1,2025-01-01,p1,600,2
";

/// A balance: demand peaking at 1,000 MW over four evening hours (800 MW otherwise),
/// 1,400 MW available apart from strikes, 100 MW of imports, up to `last`.
fn balance(last: &str) -> String {
    let mut text = format!(
        "group,measure,from,to,season,hour,value\n\
         g,demand_peak_mw,2025-01-01,{last},,,1000\n\
         g,available_mw,2025-01-01,,,,1400\n\
         g,import_limit_mw,2025-01-01,,,,100\n"
    );
    for h in 0..24 {
        let share = if (17..21).contains(&h) { 1.0 } else { 0.8 };
        text.push_str(&format!("g,load_share,,,winter,{h},{share}\n"));
    }
    text
}

fn plants(last: &str) -> Workdir {
    let w = Workdir::new();
    w.write("assets.csv", ASSETS);
    w.write("strikes.csv", STRIKES);
    w.write("balance.csv", balance(last));
    w
}

fn history(w: &Workdir, to: &str, extra: &[&str]) -> Run {
    let args = [
        &[
            "history",
            "--from",
            "2025-01-01",
            "--to",
            to,
            "--assets",
            "assets.csv",
            "--strikes",
            "strikes.csv",
            "--balance",
            "balance.csv",
        ][..],
        extra,
    ]
    .concat();
    w.run(&args)
}

#[test]
fn a_deficit_by_hand_and_unserved_energy_its_integral() {
    let w = plants("2025-01-31");
    let v = json(&history(&w, "2025-01-03", &["--json"]).ok());
    // Days 1 and 2: 1,400 - 600 + 100 = 900 MW of supply, short by 100 MW in each of the
    // four peak hours; day 3: 1,500 MW, no deficit.
    let get = |k: &str| v[k].as_f64().unwrap();
    assert!((get("peak_deficit_mw") - 200.0 / 3.0).abs() < 1e-9, "{v}");
    assert_eq!(get("max_deficit_mw"), 100.0);
    assert!((get("deficit_hours_per_day") - 8.0 / 3.0).abs() < 1e-9);
    // The deficit integrated over the hours: 2 days x 4 h x 100 MW.
    assert_eq!(get("unserved_mwh"), 800.0);
    assert_eq!(v["balance_days"], 3);
    // The record is certain: the band is the point figure.
    assert_eq!(get("unserved_mwh_p10"), 800.0);
    let text = history(&w, "2025-01-03", &[]).ok();
    assert!(
        text.contains("  deficit hours         2.7 h a day"),
        "{text}"
    );
}

#[test]
fn days_the_balance_does_not_cover_are_left_out_and_said() {
    let w = plants("2025-01-02");
    let v = json(&history(&w, "2025-01-05", &["--json"]).ok());
    assert_eq!(v["balance_days"], 2);
    assert_eq!(v["unserved_mwh"].as_f64().unwrap(), 800.0);
    assert!(
        v["notes"]
            .to_string()
            .contains("hours without power cover 2 of 5 days: the balance of group g gives no demand peak, load shape or available capacity for the others (the first: 2025-01-03)"),
        "{v}"
    );
    // A group the balance does not name has none, and nothing is said.
    w.write("balance.csv", balance("2025-01-31").replace("\ng,", "\nh,"));
    let none = json(&history(&w, "2025-01-05", &["--json"]).ok());
    assert!(none.get("peak_deficit_mw").is_none(), "{none}");
    assert!(!none["notes"].to_string().contains("hours without power"));
}

#[test]
fn bad_balance_rows_are_listed_with_the_other_tables_problems() {
    let w = plants("2025-01-31");
    w.write(
        "balance.csv",
        balance("2025-01-31")
            .replace(
                "g,import_limit_mw,2025-01-01,,,,100",
                "g,import_limit_mw,2025-01-01,,,,-100",
            )
            .replace("g,load_share,,,winter,3,0.8\n", ""),
    );
    w.write(
        "strikes.csv",
        "strike_id,date,asset_id,disabled,repair_days\ns1,2025-13-01,p1,600,2\n",
    );
    history(&w, "2025-01-03", &[]).input_error(&[
        "strikes.csv line 2, column date: expected a date as YYYY-MM-DD, found \"2025-13-01\"",
        "balance.csv line 4, column value: expected MW >= 0, found \"-100\"",
        "balance.csv line 5, column hour: expected the 24 hours of winter's load_share of group g, found none for hour 3",
    ]);
}

/// `history --json` of the bundled `group` over summer 2024.
fn bundled_summer_2024(group: &str) -> serde_json::Value {
    json(
        &Workdir::new()
            .run(&[
                "history",
                "--from",
                "2024-06-01",
                "--to",
                "2024-08-31",
                "--group",
                group,
                "--json",
            ])
            .ok(),
    )
}

#[test]
fn the_bundled_summer_2024_has_hours_without_power_with_bands() {
    let v = bundled_summer_2024("ua-power");
    for k in ["peak_deficit_mw", "deficit_hours_per_day", "unserved_mwh"] {
        let (x, lo, hi) = (
            v[k].as_f64().unwrap(),
            v[format!("{k}_p10")].as_f64().unwrap(),
            v[format!("{k}_p90")].as_f64().unwrap(),
        );
        assert!(x > 0.0 && lo <= hi, "{k}: {x} {lo}..{hi}");
    }
    assert!(v["deficit_hours_per_day"].as_f64().unwrap() <= 24.0);
    assert_eq!(v["balance_days"], 92);
    // The refineries have no balance: no hours without power.
    let r = bundled_summer_2024("ru-refining");
    assert!(r.get("peak_deficit_mw").is_none());
}

#[test]
fn a_projection_gives_the_hours_without_power_a_truce_gives_back_by_hand() {
    let w = plants("2025-01-31");
    let args = [
        "project",
        "--as-of",
        "2025-01-01",
        "--until",
        "2025-01-03",
        "--truce",
        "2025-01-02:1",
        "--assets",
        "assets.csv",
        "--strikes",
        "strikes.csv",
        "--balance",
        "balance.csv",
    ];
    let rows = json(&w.run(&[&args[..], &["--json"]].concat()).ok());
    // The lookback's one strike, 600 MW for 2 days, at 1/90 a day: on 2 January 600 MW
    // still out plus 600/90 expected from new strikes (none under the truce), on 3
    // January 2 x 600/90. Supply on 2 January 1,400 - 606.67 + 100 = 893.33 MW, short of
    // the 1,000 MW peak in four hours; on 3 January no deficit.
    let (no, truce) = (&rows[0], &rows[1]);
    let get = |r: &serde_json::Value, k: &str| r[k].as_f64().unwrap();
    let short = 1_000.0 - (1_400.0 - (600.0 + 600.0 / 90.0) + 100.0);
    assert!((get(no, "unserved_mwh") - 4.0 * short).abs() < 1e-9, "{no}");
    assert!((get(no, "peak_deficit_mw") - short / 2.0).abs() < 1e-9);
    assert_eq!(get(no, "deficit_hours_per_day"), 2.0);
    assert_eq!(get(truce, "unserved_mwh"), 400.0);
    assert!(
        (get(truce, "gain_unserved_mwh") - 4.0 * (short - 100.0)).abs() < 1e-9,
        "{truce}"
    );
    let text = w.run(&args).ok();
    assert!(
        text.contains("hours without power given back over the 2 days the balance covers (expected path): peak deficit 3 MW a day, 0.0 h a day with a deficit, 27 MWh unserved"),
        "{text}"
    );
}

#[test]
fn the_published_power_figures_get_verdicts_and_the_refining_ones_stay_apart() {
    let w = Workdir::new();
    let v = json(
        &w.run(&["reconcile", "--benchmarks", "--group", "ua-power", "--json"])
            .ok(),
    );
    let checks = v.as_array().unwrap();
    let ids: Vec<&str> = checks
        .iter()
        .map(|c| c["benchmark"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "energymap-2024-07-schedule-hours",
            "energymap-2024-12-schedule-hours",
            "iea-2024-summer-peak-deficit"
        ]
    );
    for c in checks {
        assert_eq!(c["verdict"], "inside", "{c}");
    }
    // The July figure: 582 hours of schedules, against the records' deficit hours.
    assert!((checks[0]["benchmark"]["value"].as_f64().unwrap() - 18.77).abs() < 1e-9);
    // A power group the benchmarks do not name is refused by name.
    w.write(
        "assets.csv",
        "asset_id,name,kind,unit,group,capacity\np1,Plant one,power_plant,mw,g,1000\n",
    );
    w.write(
        "strikes.csv",
        "strike_id,date,asset_id,disabled,repair_days\ns1,2025-01-01,p1,600,2\n",
    );
    let out = w.run(&[
        "reconcile",
        "--benchmarks",
        "--assets",
        "assets.csv",
        "--strikes",
        "strikes.csv",
    ]);
    assert!(
        out.stderr()
            .contains("the published benchmarks: no row names group g (in MW)"),
        "{}",
        out.stderr()
    );
}

#[test]
fn the_power_chart_redraws_the_same_from_its_daily_file_and_needs_a_balance() {
    let w = plants("2025-01-31");
    let data = [
        "--assets",
        "assets.csv",
        "--strikes",
        "strikes.csv",
        "--balance",
        "balance.csv",
    ];
    let scenario = [
        "--as-of",
        "2025-01-01",
        "--until",
        "2025-01-20",
        "--truce",
        "2025-01-02:5",
    ];
    w.run(&[&["project"][..], &scenario, &data, &["--out", "o"]].concat())
        .ok();
    let daily = std::fs::read_to_string(w.path().join("o/daily.csv")).unwrap();
    let header = daily.lines().next().unwrap();
    for col in [
        "demand_peak_mw",
        "supply_mw",
        "peak_deficit_mw",
        "deficit_hours",
    ] {
        assert!(header.split(',').any(|h| h == col), "{col}: {header}");
    }
    for (size, ext) in [("640x400", "svg"), ("1200x700", "svg")] {
        let out = format!("p-{size}.{ext}");
        let replot = format!("r-{size}.{ext}");
        w.run(
            &[
                &["chart", "power", "--size", size, "--out", &out][..],
                &scenario,
                &data,
            ]
            .concat(),
        )
        .ok();
        w.run(&[
            "chart",
            "power",
            "--from-daily",
            "o/daily.csv",
            "--size",
            size,
            "--out",
            &replot,
        ])
        .ok();
        let strip = |name: &str| {
            std::fs::read_to_string(w.path().join(name))
                .unwrap()
                .lines()
                .filter(|l| !l.contains("Data:"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let drawn = strip(&out);
        assert_eq!(drawn, strip(&replot));
        assert!(drawn.contains("Hours without power: truce against no truce"));
    }
    // A group of refineries has no balance: refused by name, nothing written.
    let r = Workdir::new();
    r.run(&["chart", "power", "--group", "ru-refining", "--out", "x.png"])
        .input_error(&["a power chart needs a group in MW whose balance covers a projected day; group ru-refining has none"]);
    assert!(!r.path().join("x.png").exists());
}
