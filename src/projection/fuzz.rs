//! Fuzz-style properties of the scenario file: arbitrary TOML never makes the parser or
//! the resolution panic; each gives valid settings or located problems.

use proptest::prelude::*;

use crate::data::{Asset, Dataset, Strike};
use crate::projection::scenario::Settings;
use crate::projection::scenario_file::parse_file;

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

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
            Err(crate::error::Error::Scenario(report)) => {
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
