//! Fuzz-style properties: arbitrary bytes and arbitrary TOML never make a loader or the
//! scenario parser panic; each gives a valid result or located problems.

use proptest::prelude::*;

use super::table::{read_csv_blocks, read_csv_bytes, RawTable};
use super::{assets, benchmarks, prices, strikes, Asset, Assets, Dataset, Strike};
use crate::model::scenario::{parse_file, Settings};

/// Text that looks like the input files: their headers, numbers, dates, separators,
/// quotes and stray bytes.
fn csvish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("asset_id".to_owned()),
        Just("name".to_owned()),
        Just("capacity_mtpa".to_owned()),
        Just("strike_id".to_owned()),
        Just("date".to_owned()),
        Just("disabled_share".to_owned()),
        Just("disabled_mtpa".to_owned()),
        Just("repair_days".to_owned()),
        Just("repair_days_low".to_owned()),
        Just("repair_days_high".to_owned()),
        Just("restart_date".to_owned()),
        Just("p_effect".to_owned()),
        Just("outage_basis".to_owned()),
        Just("hit".to_owned()),
        Just("product_usd_t".to_owned()),
        Just("crude_usd_t".to_owned()),
        Just("benchmark_id".to_owned()),
        Just("measure".to_owned()),
        Just("value".to_owned()),
        Just("bound".to_owned()),
        Just("2025-03-18".to_owned()),
        Just("1e308".to_owned()),
        Just("-0".to_owned()),
        Just("NaN".to_owned()),
        Just("a".to_owned()),
        Just(",".to_owned()),
        Just(";".to_owned()),
        Just("\n".to_owned()),
        Just("\"".to_owned()),
        Just("\u{feff}".to_owned()),
        "[0-9.,-]{1,8}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(token, 0..60).prop_map(|t| t.concat())
}

/// Text that looks like a scenario file.
fn tomlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("as_of".to_owned()),
        Just("until".to_owned()),
        Just("lookback_days".to_owned()),
        Just("diversion".to_owned()),
        Just("[[scenario]]".to_owned()),
        Just("name".to_owned()),
        Just("truce_start".to_owned()),
        Just("truce_days".to_owned()),
        Just("compliance".to_owned()),
        Just("extended".to_owned()),
        Just(" = ".to_owned()),
        Just("\"2025-03-18\"".to_owned()),
        Just("2025-03-18".to_owned()),
        Just("\"x\"".to_owned()),
        Just("\"9999-12-31\"".to_owned()),
        Just("\"0000-01-01\"".to_owned()),
        Just("262142-01-01".to_owned()),
        Just("true".to_owned()),
        Just("\n".to_owned()),
        "-?[0-9]{1,12}(\\.[0-9]{1,3})?",
        "\\PC{0,6}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|t| t.concat())
}

fn one_asset() -> Assets {
    Assets::new(vec![Asset::new("a", "A", 10.0)])
}

/// Every problem of a report names its file.
fn located(report: &crate::error::ValidationReport) -> bool {
    !report.problems.is_empty() && report.problems.iter().all(|p| p.file == "f.csv")
}

/// Every row of a table as (line, cells).
fn rows_of(t: &RawTable) -> Vec<(usize, Vec<String>)> {
    t.rows()
        .map(|r| (r.line, r.cells().map(str::to_owned).collect()))
        .collect()
}

/// What reading a text as strikes gives: the strikes, or every problem in words.
fn strikes_of(t: &RawTable) -> Result<Vec<Strike>, Vec<String>> {
    strikes::from_table(t, &one_asset())
        .map_err(|r| r.problems.iter().map(ToString::to_string).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// A file cut into blocks of any size reads as one reader going line by line reads it:
    /// the same rows on the same lines, the same strikes, the same problems in the same
    /// order.
    #[test]
    fn blocks_of_any_size_read_like_one_reader(text in csvish(), target in 1usize..48) {
        let one = read_csv_blocks("f.csv", text.as_bytes(), usize::MAX);
        let cut = read_csv_blocks("f.csv", text.as_bytes(), target);
        match (one, cut) {
            (Ok(one), Ok(cut)) => {
                prop_assert_eq!(rows_of(&one), rows_of(&cut));
                prop_assert_eq!(strikes_of(&one), strikes_of(&cut));
            }
            (Err(one), Err(cut)) => {
                let words = |r: &crate::error::ValidationReport| -> Vec<String> {
                    r.problems.iter().map(ToString::to_string).collect()
                };
                prop_assert_eq!(words(&one), words(&cut));
            }
            (one, cut) => prop_assert!(false, "one block {:?}, blocks {:?}", one.is_ok(), cut.is_ok()),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_a_loader(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(t) = read_csv_bytes("f.csv", &bytes) {
            if let Err(r) = assets::from_table(&t) { prop_assert!(located(&r)); }
            if let Err(r) = strikes::from_table(&t, &one_asset()) { prop_assert!(located(&r)); }
            if let Err(r) = prices::from_table(&t) { prop_assert!(located(&r)); }
            if let Err(r) = benchmarks::from_table(&t) { prop_assert!(located(&r)); }
        }
    }

    #[test]
    fn csv_like_text_never_panics_a_loader(text in csvish()) {
        match read_csv_bytes("f.csv", text.as_bytes()) {
            Err(r) => prop_assert!(located(&r)),
            Ok(t) => {
                if let Err(r) = assets::from_table(&t) { prop_assert!(located(&r)); }
                match strikes::from_table(&t, &one_asset()) {
                    Err(r) => prop_assert!(located(&r)),
                    // A valid result keeps the model's rules.
                    Ok(list) => {
                        let ok = list.iter().all(|s: &Strike| {
                            s.repair_days >= 1 && s.disabled > 0.0 && s.disabled <= 10.0 + 1e-6
                        });
                        prop_assert!(ok, "a strike broke the model's rules");
                    }
                }
                if let Err(r) = prices::from_table(&t) { prop_assert!(located(&r)); }
                if let Err(r) = benchmarks::from_table(&t) { prop_assert!(located(&r)); }
            }
        }
    }

    #[test]
    fn toml_like_text_never_panics_the_scenario_parser(text in tomlish()) {
        let data = Dataset::new(
            vec![Asset::new("a", "A", 10.0)],
            vec![Strike::new("s", "2025-03-01".parse().unwrap(), 0, 1.0, 3)],
            vec![],
        );
        if let Ok(file) = parse_file("f.toml", &text) {
            if let Ok(s) = Settings::resolve(&file, &Default::default(), &data, Vec::new()) {
                prop_assert!(s.until > s.as_of && s.lookback_days >= 1);
                let ok = s.scenarios.iter().all(|sc| sc.truce.is_none_or(|t| {
                    t.days >= 1 && (0.0..=1.0).contains(&t.compliance)
                }));
                prop_assert!(ok, "a truce broke the model's rules");
            }
        }
    }

    #[test]
    fn scenario_files_with_arbitrary_values_resolve_or_report(
        as_of in prop::option::of("(19|20|99)[0-9]{2}-[01][0-9]-[0-3][0-9]"),
        until in prop::option::of("(19|20|99)[0-9]{2}-[01][0-9]-[0-3][0-9]"),
        lookback in prop::option::of(any::<i64>()),
        diversion in prop::option::of(any::<f64>()),
        days in prop::option::of(any::<i64>()),
        compliance in prop::option::of(-2.0f64..3.0),
        start in prop::option::of("20[0-9]{2}-[01][0-9]-[0-3][0-9]"),
    ) {
        let mut text = String::new();
        let mut line = |k: &str, v: Option<String>| {
            if let Some(v) = v { text.push_str(&format!("{k} = {v}\n")); }
        };
        line("as_of", as_of.map(|d| format!("\"{d}\"")));
        line("until", until.map(|d| format!("\"{d}\"")));
        line("lookback_days", lookback.map(|v| v.to_string()));
        line("diversion", diversion.filter(|v| v.is_finite()).map(|v| format!("{v:?}")));
        text.push_str("[[scenario]]\nname = \"t\"\n");
        let mut line = |k: &str, v: Option<String>| {
            if let Some(v) = v { text.push_str(&format!("{k} = {v}\n")); }
        };
        line("truce_days", days.map(|v| v.to_string()));
        line("compliance", compliance.map(|v| format!("{v:?}")));
        line("truce_start", start.map(|d| format!("\"{d}\"")));
        let data = Dataset::new(
            vec![Asset::new("a", "A", 10.0)],
            vec![Strike::new("s", "2025-03-01".parse().unwrap(), 0, 1.0, 3)],
            vec![],
        );
        let file = parse_file("f.toml", &text);
        prop_assert!(file.is_ok(), "{text}");
        match Settings::resolve(&file.unwrap(), &Default::default(), &data, Vec::new()) {
            Ok(s) => {
                prop_assert!(s.until > s.as_of && s.lookback_days >= 1);
                prop_assert!((0.0..=1.0).contains(&s.diversion));
            }
            Err(crate::Error::Scenario(report)) => {
                // Every problem of a value the file gave names the file and its line.
                prop_assert!(!report.problems.is_empty());
                for p in &report.problems {
                    prop_assert!(p.file.as_deref() == Some("f.toml") && p.line.is_some(), "{p}");
                    prop_assert!(p.to_string().starts_with("f.toml line "), "{p}");
                }
            }
            Err(e) => prop_assert!(false, "not a settings problem: {e}"),
        }
    }
}
