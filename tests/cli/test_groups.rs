//! Assets of several groups in their own units: figures per group, never a total across
//! units; truces that cover named groups.

use crate::workdir::{json, Workdir};

const ASSETS: &str = "asset_id,name,kind,unit,group,capacity,utilization
r1,Refinery one,refinery,mtpa,ref,36.5,1
p1,Plant one,power_plant,mw,pow,1000,0.5
p2,Plant two,power_plant,mw,pow,1000,0.5
";
const STRIKES: &str = "strike_id,date,asset_id,disabled,disabled_share,repair_days
s1,2025-01-01,r1,,0.5,10
s2,2025-01-05,p1,500,,4
";
const PRICES: &str = "date,group,value_usd
2025-01-01,ref,500
2025-01-01,pow,100
";
const FLAGS: [&str; 6] = [
    "--assets",
    "assets.csv",
    "--strikes",
    "strikes.csv",
    "--prices",
    "prices.csv",
];

fn mixed() -> Workdir {
    let w = Workdir::new();
    w.write("assets.csv", ASSETS);
    w.write("strikes.csv", STRIKES);
    w.write("prices.csv", PRICES);
    w
}

fn close(v: &serde_json::Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!(
        (got - want).abs() < 1e-9 * want.abs().max(1.0),
        "{got} != {want}"
    );
}

#[test]
fn history_is_per_group_in_each_unit() {
    let w = mixed();
    let args = [
        &[
            "history",
            "--from",
            "2025-01-01",
            "--to",
            "2025-01-31",
            "--json",
            "--draws",
            "0",
        ][..],
        &FLAGS[..],
    ]
    .concat();
    let v = json(&w.run(&args).ok());
    // One entry per group and nothing else: no total across units.
    assert_eq!(v.as_object().unwrap().len(), 1, "{v}");
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    let (r, p) = (&groups[0], &groups[1]);
    assert_eq!(
        (r["group"].as_str(), r["unit"].as_str()),
        (Some("ref"), Some("mtpa"))
    );
    assert_eq!(
        (p["group"].as_str(), p["unit"].as_str()),
        (Some("pow"), Some("mw"))
    );
    // Refinery: half of 36.5 Mt/yr for 10 days: 18.25 * 10 / 365 = 0.5 Mt; utilization 1.
    close(&r["lost_capacity_mt"], 0.5);
    close(&r["lost_throughput_mt"], 0.5);
    close(&r["mean_offline_share"], 182.5 / (31.0 * 36.5));
    // Power: 500 MW for 4 days: 500 * 4 * 24 = 48,000 MWh = 48 GWh; at a capacity factor
    // of 0.5, 24 GWh not generated; 2,000 MW over 31 days.
    close(&p["lost_capacity_gwh"], 48.0);
    close(&p["lost_throughput_gwh"], 24.0);
    close(&p["mean_offline_share"], 2000.0 / (31.0 * 2000.0));
    close(&p["national_capacity_mw"], 2000.0);
    assert!(p.get("lost_capacity_mt").is_none(), "{p}");
    // The text names each group with its unit.
    let text = w
        .run(
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
                &FLAGS[..],
            ]
            .concat(),
        )
        .ok();
    assert!(text.contains("== group ref (refinery, Mt/yr)"), "{text}");
    assert!(text.contains("== group pow (power_plant, MW)"), "{text}");
    assert!(text.contains("lost capacity:        48.000 GWh"), "{text}");
    // One group on its own, as a single-group file gives it.
    let one = json(
        &w.run(
            &[
                &[
                    "history",
                    "--from",
                    "2025-01-01",
                    "--to",
                    "2025-01-31",
                    "--json",
                    "--draws",
                    "0",
                    "--group",
                    "pow",
                ][..],
                &FLAGS[..],
            ]
            .concat(),
        )
        .ok(),
    );
    close(&one["lost_capacity_gwh"], 48.0);
}

#[test]
fn a_truce_that_covers_one_group_gives_back_only_there() {
    let w = mixed();
    w.write(
        "truce.toml",
        "as_of = \"2025-01-31\"\nuntil = \"2025-02-10\"\nlookback_days = 31\n\
         [[scenario]]\nname = \"no-truce\"\n\
         [[scenario]]\nname = \"power-truce\"\ntruce_start = \"2025-02-01\"\ntruce_days = 10\n\
         groups = [\"pow\"]\n",
    );
    let args = [
        &[
            "project",
            "--scenarios",
            "truce.toml",
            "--out",
            "o",
            "--format",
            "json",
        ][..],
        &FLAGS[..],
    ]
    .concat();
    let out = w.run(&args).ok();
    assert!(out.contains("both sides:"), "{out}");
    let rows = json(&std::fs::read_to_string(w.path().join("o/summary.json")).unwrap());
    let row = |group: &str, scenario: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["group"] == group && r["scenario"] == scenario)
            .unwrap_or_else(|| panic!("{group} {scenario}: {rows}"))
            .clone()
    };
    // Base rate 1 strike / 31 days in each group; a new strike copies the lookback one.
    // Refinery: expected offline on projected day d is 18.25 / 31 * min(d, 10) Mt/yr;
    // summed over 10 days 18.25 / 31 * 55, / 365 = 0.0887097 Mt.
    let ref_lost = 18.25 / 31.0 * 55.0 / 365.0;
    close(&row("ref", "no-truce")["lost_capacity"], ref_lost);
    close(&row("ref", "power-truce")["lost_capacity"], ref_lost);
    close(&row("ref", "power-truce")["gain_capacity"], 0.0);
    // Power: 500 / 31 * min(d, 4) MW; summed 500 / 31 * 34 MW-days, * 24 / 1000 GWh.
    let pow_days = 500.0 / 31.0 * 34.0;
    close(
        &row("pow", "no-truce")["lost_capacity"],
        pow_days * 24.0 / 1000.0,
    );
    close(&row("pow", "power-truce")["lost_capacity"], 0.0);
    close(
        &row("pow", "power-truce")["gain_capacity"],
        pow_days * 24.0 / 1000.0,
    );
    // Revenue given back: the MWh not generated (capacity factor 0.5) at 100 USD/MWh.
    close(
        &row("pow", "power-truce")["gain_revenue_usd"],
        pow_days * 0.5 * 24.0 * 100.0,
    );
    assert_eq!(row("pow", "no-truce")["amount_unit"], "GWh");
    assert_eq!(row("ref", "no-truce")["amount_unit"], "Mt");
    // Each group's own tables, named in its unit.
    let daily = std::fs::read_to_string(w.path().join("o/pow/daily.json")).unwrap();
    assert!(
        daily.contains("\"offline_mw\""),
        "power daily names its unit"
    );
    assert!(
        !daily.contains("offline_mtpa"),
        "no Mt/yr column in the power table"
    );
    let daily = std::fs::read_to_string(w.path().join("o/ref/daily.json")).unwrap();
    assert!(daily.contains("\"offline_mtpa\""));
    // A power group's daily file re-plots in its unit.
    let args = [
        &["project", "--scenarios", "truce.toml", "--out", "csv"][..],
        &FLAGS[..],
    ]
    .concat();
    w.run(&args).ok();
    w.run(&[
        "chart",
        "capacity",
        "--from-daily",
        "csv/pow/daily.csv",
        "--out",
        "pow.svg",
    ])
    .ok();
    let svg = std::fs::read_to_string(w.path().join("pow.svg")).unwrap();
    assert!(svg.contains("Generating capacity offline"), "power title");
    assert!(svg.contains("offline capacity, MW"), "power axis");
}

#[test]
fn mixed_files_are_checked_with_located_errors() {
    let w = mixed();
    w.write(
        "bad-assets.csv",
        "asset_id,name,kind,unit,group,capacity\n\
         r1,Refinery one,refinery,mw,ref,36.5\n\
         p1,Plant one,power_plant,mw,pow,1000\n\
         p2,Plant two,power_plant,kbd,pow,1000\n",
    );
    w.run(&["validate", "--assets", "bad-assets.csv", "--strikes", "strikes.csv", "--prices", "prices.csv"])
        .input_error(&[
            "bad-assets.csv line 2, column unit: expected mtpa for a refinery (the model values a refinery by it), found mw",
            "bad-assets.csv line 4, column unit: expected mw for a power_plant",
        ]);
    w.write(
        "bad-strikes.csv",
        "strike_id,date,asset_id,disabled,disabled_share,repair_days\n\
         s1,2025-01-01,p1,1500,,4\n",
    );
    w.run(&["validate", "--assets", "assets.csv", "--strikes", "bad-strikes.csv", "--prices", "prices.csv"])
        .input_error(&[
            "bad-strikes.csv line 2, column disabled: expected at most the capacity of p1 (1000 MW), found 1500 MW",
        ]);
    w.write(
        "nogroup.toml",
        "as_of = \"2025-01-31\"\n[[scenario]]\nname = \"no-truce\"\n\
         [[scenario]]\nname = \"t\"\ntruce_days = 5\ngroups = [\"pow\", \"gas\"]\n",
    );
    w.run(&[&["project", "--scenarios", "nogroup.toml", "--out", "o"][..], &FLAGS[..]].concat())
        .input_error(&[
            "nogroup.toml line 7, scenario 2 (t): groups: expected a group of the assets (ref, pow), found \"gas\", which has no assets",
        ]);
    assert!(!w.path().join("o").exists());
}

#[test]
fn per_group_compliance_in_a_table() {
    let w = mixed();
    w.write(
        "truce.toml",
        "as_of = \"2025-01-31\"\nuntil = \"2025-02-10\"\nlookback_days = 31\n\
         [[scenario]]\nname = \"no-truce\"\n\
         [[scenario]]\nname = \"one-sided\"\ntruce_start = \"2025-02-01\"\ntruce_days = 10\n\
         compliance = { ref = 1.0, pow = 0.5 }\n",
    );
    let args = [
        &[
            "project",
            "--scenarios",
            "truce.toml",
            "--out",
            "o",
            "--json",
        ][..],
        &FLAGS[..],
    ]
    .concat();
    let rows = json(&w.run(&args).ok());
    // Each row's figures are named in its group's unit.
    let gain = |group: &str| {
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["group"] == group && r["scenario"] == "one-sided")
            .unwrap();
        let key = format!(
            "gain_capacity_{}",
            row["amount_unit"].as_str().unwrap().to_lowercase()
        );
        row[&key].as_f64().unwrap_or_else(|| panic!("{key}: {row}"))
    };
    // Kept in full on the refinery side, half on the power side: the whole of the
    // refinery's expected loss comes back, half of the power side's.
    assert!((gain("ref") - 18.25 / 31.0 * 55.0 / 365.0).abs() < 1e-9);
    assert!((gain("pow") - 0.5 * 500.0 / 31.0 * 34.0 * 24.0 / 1000.0).abs() < 1e-9);
}
