//! Fuels lost (MODEL.md, "Fuels") through the binary: by hand, on the bundled records, and
//! bad yields and unit types.

use crate::workdir::{json, Run, Workdir, FIXTURE_FLAGS};

const ASSETS: &str = "asset_id,name,capacity_mtpa,utilization\nalpha,Alpha,36.5,0.8\n";
const STRIKES: &str = "strike_id,date,asset_id,disabled_mtpa,repair_days,unit_type
c,2025-01-01,alpha,3.65,10,crude
f,2025-01-06,alpha,1.825,5,cracker
";
const YIELDS: &str = "asset_id,product,yield
alpha,gasoline,0.2
alpha,diesel,0.3
alpha,jet,0.05
alpha,fuel_oil,0.15
alpha,other,0.3
";

/// A folder holding the hand-made refinery, its strikes and its yields.
fn by_hand() -> Workdir {
    let w = Workdir::new();
    w.write("assets.csv", ASSETS);
    w.write("strikes.csv", STRIKES);
    w.write("yields.csv", YIELDS);
    w
}

/// `history` of the hand-made refinery over `from..=to`, with `extra` arguments.
fn history(w: &Workdir, from: &str, to: &str, extra: &[&str]) -> Run {
    let args = [
        &[
            "history",
            "--from",
            from,
            "--to",
            to,
            "--assets",
            "assets.csv",
            "--strikes",
            "strikes.csv",
        ][..],
        extra,
    ]
    .concat();
    w.run(&args)
}

/// `history --json` of a bundled group over `from..=to`.
fn bundled_history(group: &str, from: &str, to: &str) -> serde_json::Value {
    json(
        &Workdir::new()
            .run(&[
                "history", "--from", from, "--to", to, "--group", group, "--json",
            ])
            .ok(),
    )
}

#[test]
fn fuels_of_a_crude_unit_and_a_cracker_by_hand() {
    let w = by_hand();
    let v = json(
        &history(
            &w,
            "2025-01-01",
            "2025-01-10",
            &["--yields", "yields.csv", "--json"],
        )
        .ok(),
    );
    // Crude: 3.65 Mt/yr is 10,000 t/d of feed, 8,000 t/d at utilization 0.8, for 10 days:
    // 80,000 t at the plant's yields. Cracker: 1.825 Mt/yr, 4,000 t/d for 5 days: 20,000 t
    // at the cracker's shares (gasoline 0.492, diesel 0.2036, fuel oil 0.0698).
    let want = [
        ("gasoline", (80_000.0 * 0.2 + 20_000.0 * 0.492) / 10.0, 8.35),
        ("diesel", (80_000.0 * 0.3 + 20_000.0 * 0.2036) / 10.0, 7.46),
        ("jet", 80_000.0 * 0.05 / 10.0, 7.88),
        (
            "fuel_oil",
            (80_000.0 * 0.15 + 20_000.0 * 0.0698) / 10.0,
            6.35,
        ),
    ];
    for (p, t, bpt) in want {
        let got = v[format!("{p}_t_per_day")].as_f64().unwrap();
        assert!((got - t).abs() < 1e-6, "{p}: {got} vs {t}\n{v}");
        let kbd = v[format!("{p}_kbd")].as_f64().unwrap();
        assert!(
            (kbd - t * bpt / 1000.0).abs() < 1e-9,
            "{p} kb/d: {kbd}\n{v}"
        );
        // Records stated as certain: the band is the point figure.
        let p10 = v[format!("{p}_t_per_day_p10")].as_f64().unwrap();
        assert!((p10 - t).abs() <= 1e-3 * t, "{p} P10 {p10}\n{v}");
    }
    // Every tonne lost is some product: the products add up to the lost throughput.
    let all: f64 = ["gasoline", "diesel", "jet", "fuel_oil", "other"]
        .iter()
        .map(|p| v[format!("{p}_t_per_day")].as_f64().unwrap())
        .sum();
    assert!((all - 10_000.0).abs() < 1e-6, "{all}");
    let text = history(&w, "2025-01-01", "2025-01-10", &["--yields", "yields.csv"]).ok();
    assert!(
        text.contains("  gasoline      2,584 t/d =   21.6 kb/d"),
        "{text}"
    );
}

#[test]
fn the_bundled_refineries_lose_fuels_and_the_power_plants_none() {
    let v = bundled_history("ru-refining", "2024-03-01", "2024-03-31");
    let days = 31.0;
    let mut all = 0.0;
    for p in ["gasoline", "diesel", "jet", "fuel_oil", "other"] {
        let t = v[format!("{p}_t_per_day")].as_f64().unwrap();
        let (lo, hi) = (
            v[format!("{p}_t_per_day_p10")].as_f64().unwrap(),
            v[format!("{p}_t_per_day_p90")].as_f64().unwrap(),
        );
        assert!(t > 0.0 && lo <= hi, "{p}: {t} {lo}..{hi}");
        all += t;
    }
    // The bundled slates each sum to 1 within 0.01 %: the products are the lost throughput.
    let thr = v["lost_throughput_mt"].as_f64().unwrap() * 1e6 / days;
    assert!((all / thr - 1.0).abs() < 2e-4, "{all} vs {thr}");
    let power = bundled_history("ua-power", "2024-06-01", "2024-08-31");
    assert!(power.get("gasoline_t_per_day").is_none(), "{power}");
    assert!(!power["notes"].to_string().contains("fuels"), "{power}");
}

#[test]
fn a_group_without_yields_says_why_it_has_no_fuels() {
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
    assert!(v.get("gasoline_t_per_day").is_none(), "{v}");
    assert!(
        v["notes"]
            .to_string()
            .contains("fuels lost are not given: no yields cover group"),
        "{v}"
    );
}

#[test]
fn bad_yields_unit_types_and_fuel_prices_are_listed_together() {
    let w = Workdir::new();
    w.write("assets.csv", ASSETS);
    w.write(
        "strikes.csv",
        "strike_id,date,asset_id,disabled_mtpa,repair_days,unit_type\nc,2025-01-01,alpha,3.65,10,coker\n",
    );
    w.write(
        "yields.csv",
        "asset_id,product,yield\nalpha,petrol,0.2\nalpha,diesel,0.5\nalpha,other,0.3\n",
    );
    w.write(
        "prices.csv",
        "date,product_usd_t,diesel_usd_t\n2025-01-01,500,-1\n",
    );
    history(
        &w,
        "2025-01-01",
        "2025-01-10",
        &["--yields", "yields.csv", "--prices", "prices.csv"],
    )
    .input_error(&[
        "strikes.csv line 2, column unit_type: expected one of crude | vacuum | cracker | \
         hydrocracker | reformer | hydrotreater | other, found \"coker\"",
        "yields.csv line 2, column product: expected one of gasoline | diesel | jet | fuel_oil | other, found \"petrol\"",
        "yields.csv line 3, column yield: expected the yields of asset alpha to sum to 1",
        "prices.csv line 2, column diesel_usd_t: expected a price in USD/t >= 0, found \"-1\"",
    ]);
}

#[test]
fn a_projection_splits_its_lost_throughput_into_fuels_and_the_truce_gives_them_back() {
    let w = Workdir::new();
    let rows = json(&w.run(&["project", "--group", "ru-refining", "--json"]).ok());
    let rows = rows.as_array().unwrap();
    let per_day = |r: &serde_json::Value, key: &str| {
        r[key].as_f64().unwrap() * 1e6 / r["days"].as_f64().unwrap()
    };
    let products = ["gasoline", "diesel", "jet", "fuel_oil", "other"];
    let sum = |r: &serde_json::Value, prefix: &str| -> f64 {
        products
            .iter()
            .map(|p| r[format!("{prefix}{p}_t_per_day")].as_f64().unwrap())
            .sum()
    };
    let no = rows.iter().find(|r| r["scenario"] == "no-truce").unwrap();
    let truce = rows.iter().find(|r| r["scenario"] == "truce-30d").unwrap();
    for r in [no, truce] {
        let thr = per_day(r, "lost_throughput_mt");
        assert!((sum(r, "") / thr - 1.0).abs() < 2e-4, "{r}");
    }
    // What the truce gives back in fuels is the lost throughput it gives back.
    let back = per_day(no, "lost_throughput_mt") - per_day(truce, "lost_throughput_mt");
    assert!(back > 0.0);
    assert!((sum(truce, "gain_") / back - 1.0).abs() < 2e-4, "{truce}");
    assert!(no["gain_gasoline_t_per_day"].is_null(), "{no}");
    // kb/d at each product's own barrels per tonne (diesel 7.46).
    let t = truce["gain_diesel_t_per_day"].as_f64().unwrap();
    let kbd = truce["gain_diesel_kbd"].as_f64().unwrap();
    assert!((kbd - t * 7.46 / 1000.0).abs() < 1e-9, "{truce}");
    let text = w.run(&["project", "--group", "ru-refining"]).ok();
    assert!(
        text.contains("fuels given back, t/d over the projected days (expected path): gasoline "),
        "{text}"
    );
    assert!(text.contains("m of export revenue"), "{text}");
}

#[test]
fn exports_lost_by_hand_domestic_first_and_with_a_share() {
    let w = by_hand();
    // January 2025: 3,100 kt of diesel (100,000 t/d) and 31 kt of gasoline (1,000 t/d).
    w.write(
        "exports.csv",
        "month,product,exports_kt\n2025-01,diesel,3100\n2025-01,gasoline,31\n",
    );
    let tables = ["--yields", "yields.csv", "--exports", "exports.csv"];
    let run = |extra: &[&str]| {
        let args = [&tables[..], &["--json"], extra].concat();
        json(&history(&w, "2025-01-01", "2025-01-10", &args).ok())
    };
    let v = run(&[]);
    let get = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap();
    // Diesel lost: 8,000 t/d x 0.3 for 10 days and 4,000 x 0.2036 for 5: 2,807.2 t/d, all
    // of it below the exports, so all of it comes out of them. Gasoline lost: 1,600 t/d,
    // then 3,568 t/d: more than the 1,000 t/d exported, so 1,000 t/d.
    assert!(
        (get(&v, "diesel_exports_lost_t_per_day") - 2_807.2).abs() < 1e-6,
        "{v}"
    );
    assert!(
        (get(&v, "gasoline_exports_lost_t_per_day") - 1_000.0).abs() < 1e-6,
        "{v}"
    );
    assert!(
        (get(&v, "exports_lost_t_per_day") - 3_807.2).abs() < 1e-6,
        "{v}"
    );
    assert_eq!(get(&v, "jet_exports_lost_t_per_day"), 0.0);
    assert!(
        v["notes"]
            .to_string()
            .contains("no export figures for jet, fuel_oil, other"),
        "{v}"
    );
    // Half the loss on exports: gasoline 800 t/d for 5 days, then 1,000 (the ceiling).
    let half = run(&["--export-share", "0.5"]);
    assert!(
        (get(&half, "diesel_exports_lost_t_per_day") - 1_403.6).abs() < 1e-6,
        "{half}"
    );
    assert!(
        (get(&half, "gasoline_exports_lost_t_per_day") - 900.0).abs() < 1e-6,
        "{half}"
    );
    history(&w, "2025-01-01", "2025-01-10", &["--export-share", "1.5"])
        .input_error(&["--export-share: expected a share with 0 <= s <= 1, found 1.5"]);
    // A month the table does not hold takes the latest earlier one, and says so.
    // At the basket's 500 USD/t and diesel's own 700: diesel 28,072 t x 700, gasoline
    // 1,000 t/d for 10 days x 500.
    w.write(
        "prices.csv",
        "date,product_usd_t,crude_usd_t,diesel_usd_t\n2025-01-01,500,400,700\n",
    );
    let priced = |extra: &[&str]| run(&[&["--prices", "prices.csv"][..], extra].concat());
    let v = priced(&[]);
    assert!(
        (get(&v, "exports_revenue_lost_usd") - (28_072.0 * 700.0 + 10_000.0 * 500.0)).abs() < 1e-3,
        "{v}"
    );
    assert!(
        v["notes"]
            .to_string()
            .contains("export revenue lost values gasoline at the product basket's price"),
        "{v}"
    );
    // Half on exports: diesel 14,036 t; gasoline 800 t/d for 5 days, then 1,000.
    let half = priced(&["--export-share", "0.5"]);
    assert!(
        (get(&half, "exports_revenue_lost_usd") - (14_036.0 * 700.0 + 9_000.0 * 500.0)).abs()
            < 1e-3,
        "{half}"
    );
    let feb = history(&w, "2025-02-01", "2025-02-03", &tables);
    assert!(
        feb.ok().contains(
            "note: the exports table has no row for gasoline in 2025-02; diesel in 2025-02"
        ),
        "{feb}"
    );
}

#[test]
fn the_bundled_march_2024_exports_lost_have_bands() {
    let v = bundled_history("ru-refining", "2024-03-01", "2024-03-31");
    let x = v["exports_lost_t_per_day"].as_f64().unwrap();
    let (lo, hi) = (
        v["exports_lost_t_per_day_p10"].as_f64().unwrap(),
        v["exports_lost_t_per_day_p90"].as_f64().unwrap(),
    );
    assert!(x > 0.0 && lo > 0.0 && lo <= hi, "{v}");
    // Domestic demand first: never more than the fuels lost.
    for p in ["gasoline", "diesel", "fuel_oil"] {
        let lost = v[format!("{p}_t_per_day")].as_f64().unwrap();
        let exported = v[format!("{p}_exports_lost_t_per_day")].as_f64().unwrap();
        assert!(exported <= lost + 1e-9, "{p}: {exported} > {lost}");
    }
}

#[test]
fn the_fuels_chart_of_a_users_refineries_redraws_the_same_from_its_daily_file() {
    let w = Workdir::with_fixture();
    w.write(
        "yields.csv",
        "group,product,yield\nmain,gasoline,0.2\nmain,diesel,0.35\nmain,jet,0.05\nmain,fuel_oil,0.15\nmain,other,0.25\n",
    );
    w.write(
        "exports.csv",
        "month,product,exports_kt\n2025-02,diesel,500\n",
    );
    let data = [
        &FIXTURE_FLAGS[..],
        &["--yields", "yields.csv", "--exports", "exports.csv"],
    ]
    .concat();
    let project = [
        &[
            "project",
            "--as-of",
            "2025-01-31",
            "--truce",
            "2025-02-01:10",
            "--out",
            "o",
            "--charts",
            "c",
        ][..],
        &data,
    ]
    .concat();
    w.run(&project).ok();
    // Every projected day is priced at the last row's 500 USD/t, and diesel has no price of
    // its own: the export revenue lost is the exports lost times 500.
    let rows = json(&w.run(&[&project[..5], &data, &["--json"]].concat()).ok());
    for r in rows.as_array().unwrap() {
        let tonnes = r["exports_lost_t_per_day"].as_f64().unwrap() * r["days"].as_f64().unwrap();
        let usd = r["exports_revenue_lost_usd"].as_f64().unwrap();
        assert!(
            tonnes > 0.0 && (usd / (tonnes * 500.0) - 1.0).abs() < 1e-12,
            "{r}"
        );
    }
    let no = &rows[0];
    let truce = &rows[1];
    let gain = truce["gain_exports_revenue_lost_usd"].as_f64().unwrap();
    let want = no["exports_revenue_lost_usd"].as_f64().unwrap()
        - truce["exports_revenue_lost_usd"].as_f64().unwrap();
    assert!(gain > 0.0 && (gain - want).abs() < 1e-6, "{truce}");
    let daily = std::fs::read_to_string(w.path().join("o/daily.csv")).unwrap();
    let header = daily.lines().next().unwrap();
    for col in [
        "gasoline_t",
        "diesel_t",
        "jet_t",
        "fuel_oil_t",
        "other_t",
        "exports_lost_t",
    ] {
        assert!(
            header.split(',').any(|h| h == col),
            "{col} missing: {header}"
        );
    }
    for (size, ext) in [("640x400", "png"), ("1600x900", "svg")] {
        let out = format!("f.{ext}");
        let chart = [
            &[
                "chart",
                "fuels",
                "--as-of",
                "2025-01-31",
                "--truce",
                "2025-02-01:10",
                "--size",
                size,
                "--out",
                &out,
            ][..],
            &data,
        ]
        .concat();
        w.run(&chart).ok();
        let replot = format!("r.{ext}");
        w.run(&[
            "chart",
            "fuels",
            "--from-daily",
            "o/daily.csv",
            "--size",
            size,
            "--out",
            &replot,
        ])
        .ok();
        let a = std::fs::read(w.path().join(&out)).unwrap();
        let b = std::fs::read(w.path().join(&replot)).unwrap();
        if ext == "svg" {
            // The same drawing; only the source line names the daily file instead.
            let strip = |t: &[u8]| {
                String::from_utf8_lossy(t)
                    .lines()
                    .filter(|l| !l.contains("Data:"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(strip(&a), strip(&b));
        }
    }
    w.run(&["chart", "fuels", "--group", "ua-power", "--out", "p.png"])
        .input_error(&["a fuels chart needs a group of refineries whose yields are known"]);
}
