//! `run.json` and the Parquet metadata: every setting with where it came from, the inputs
//! with their hashes, the tool's version.

use crate::workdir::Workdir;

fn record(w: &Workdir, path: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(w.path().join(path)).unwrap()).unwrap()
}

#[test]
fn every_setting_says_where_it_came_from() {
    let w = Workdir::new();
    w.run(&[
        "project",
        "--as-of",
        "2025-03-01",
        "--diversion",
        "0.5",
        "--out",
        "o",
        "-q",
    ])
    .ok();
    let r = record(&w, "o/run.json");
    let s = &r["settings"];
    assert_eq!(s["as_of"]["value"], "2025-03-01");
    assert_eq!(s["as_of"]["from"], "--as-of");
    assert_eq!(s["until"]["value"], "2025-05-30");
    assert!(
        s["until"]["from"]
            .as_str()
            .unwrap()
            .starts_with("as_of + 90 days"),
        "{s}"
    );
    assert_eq!(s["diversion"]["value"], 0.5);
    assert_eq!(s["diversion"]["from"], "--diversion");
    assert_eq!(s["lookback_days"]["value"], 90);
    assert_eq!(s["lookback_days"]["from"], "bundled truce-2025.toml line 7");
    assert_eq!(
        s["default_utilization"]["from"],
        "bundled truce-2025.toml line 9"
    );
    assert_eq!(r["scenario_file"], "bundled truce-2025.toml");
    assert_eq!(r["tool"], "strike-impact");
    assert_eq!(r["version"], env!("CARGO_PKG_VERSION"));
    let inputs = r["inputs"].as_array().unwrap();
    assert_eq!(
        inputs.len(),
        9,
        "both groups' bundled tables, the yields, the exports and the power balance: {inputs:?}"
    );
    assert_eq!(inputs[0]["source"], "bundled refineries.csv");
    let bundled = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/datasets/refineries.csv"
    ))
    .unwrap();
    assert_eq!(
        inputs[0]["blake3"],
        blake3::hash(&bundled).to_hex().as_str()
    );
    let groups = r["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["group"], "ru-refining");
    assert!(groups[0]["base_rate_per_day"].as_f64().unwrap() > 0.0);
    let n = groups[0]["lookback_strikes"].as_u64().unwrap();
    assert!(groups[0]["lookback_strikes_on_defaults"].as_u64().unwrap() <= n);
    assert!(r["monte_carlo"].is_null());
    // Each group's folder has the record too.
    assert_eq!(record(&w, "o/ru-refining/run.json"), r);
}

#[test]
fn a_users_scenario_file_is_named_with_its_lines() {
    let w = Workdir::new();
    w.write(
        "s.toml",
        "# mine\nas_of = \"2025-03-10\"\n\nlookback_days = 60\n[[scenario]]\nname = \"no-truce\"\n",
    );
    w.run(&[
        "project",
        "--scenarios",
        "s.toml",
        "--group",
        "ru-refining",
        "--out",
        "o",
        "--paths",
        "20",
        "-q",
    ])
    .ok();
    let r = record(&w, "o/run.json");
    assert_eq!(r["settings"]["as_of"]["from"], "s.toml line 2");
    assert_eq!(r["settings"]["lookback_days"]["from"], "s.toml line 4");
    assert_eq!(r["settings"]["until"]["from"], "as_of + 90 days (default)");
    assert_eq!(r["settings"]["diversion"]["from"], "default");
    assert_eq!(r["monte_carlo"]["paths"], 20);
    assert_eq!(r["scenario_file"], "s.toml");
}

#[test]
fn parquet_tables_carry_the_record_as_metadata() {
    use polars_io::prelude::*;
    let w = Workdir::new();
    w.run(&[
        "project",
        "--group",
        "ru-refining",
        "--format",
        "parquet",
        "--out",
        "pq",
        "-q",
    ])
    .ok();
    let text = std::fs::read_to_string(w.path().join("pq/run.json")).unwrap();
    for table in ["summary", "daily"] {
        let file = std::fs::File::open(w.path().join(format!("pq/{table}.parquet"))).unwrap();
        let mut reader = ParquetReader::new(file);
        let meta = reader.get_metadata().unwrap().clone();
        let kv = meta
            .key_value_metadata()
            .as_ref()
            .expect("key-value metadata");
        let run = kv
            .iter()
            .find(|k| k.key == "strike_impact_run")
            .and_then(|k| k.value.clone())
            .expect("the run's record");
        assert_eq!(run, text, "{table}");
    }
}

#[test]
fn the_default_arrival_model_says_why_it_is_the_default() {
    let w = Workdir::new();
    w.run(&[
        "project",
        "--group",
        "ru-refining",
        "--paths",
        "100",
        "--out",
        "o",
        "-q",
    ])
    .ok();
    let r = record(&w, "o/run.json");
    // The setting is the default; the group used the model its backtest earned.
    let from = r["settings"]["arrivals"]["from"].as_str().unwrap();
    assert!(
        from.starts_with("default: the model each group's backtest earned"),
        "{from}"
    );
    assert!(from.contains("72-88 %"), "{from}");
    assert_eq!(r["groups"][0]["arrivals"]["model"], "hawkes");
    assert_eq!(r["groups"][0]["calibration"]["method"], "conformal");
    let calibration = r["settings"]["calibration"]["from"].as_str().unwrap();
    assert!(
        calibration.starts_with("default: the reading"),
        "{calibration}"
    );
    // Given, a model applies to every group, and the bands are read as the paths are
    // only when asked.
    w.run(&[
        "project",
        "--group",
        "ru-refining",
        "--arrivals",
        "negbin",
        "--calibration",
        "none",
        "--out",
        "p",
        "-q",
    ])
    .ok();
    let r = record(&w, "p/run.json");
    assert_eq!(r["groups"][0]["arrivals"]["requested"], "negbin");
    assert!(r["groups"][0].get("calibration").is_none(), "{r}");
}
