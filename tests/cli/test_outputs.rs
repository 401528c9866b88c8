//! Outputs that never surprise: the cases a review found, each with its fixed behaviour.

use crate::workdir::{Workdir, FIXTURE_FLAGS};

#[test]
fn absurd_headline_numbers_get_an_error_not_a_panic() {
    let run = Workdir::new().run(&["reconcile", "--volume-mt", "1e300", "--share", "1e-300"]);
    run.input_error(&[
        "--volume-mt: expected a volume / share that describes at most 36525 days (100 years)",
    ]);
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
}

#[test]
fn the_largest_seed_stays_unsigned_in_every_format() {
    let w = Workdir::with_fixture();
    let max = "18446744073709551615";
    for format in ["json", "csv"] {
        let args = [
            &[
                "project",
                "--as-of",
                "2025-01-31",
                "--paths",
                "20",
                "--seed",
                max,
                "--out",
                format,
                "--format",
                format,
            ],
            &FIXTURE_FLAGS[..],
        ]
        .concat();
        w.run(&args).ok();
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path().join("json/summary.json")).unwrap())
            .unwrap();
    assert_eq!(json[0]["seed"].as_u64(), Some(u64::MAX), "{json}");
    assert_eq!(json[0]["paths"].as_u64(), Some(20));
    let csv = std::fs::read_to_string(w.path().join("csv/summary.csv")).unwrap();
    assert!(csv.contains(max), "{csv}");
    assert!(!csv.contains("-1,"), "{csv}");
}

#[test]
fn json_prints_exactly_what_format_json_writes() {
    let w = Workdir::with_fixture();
    let args = [
        &[
            "project",
            "--as-of",
            "2025-01-31",
            "--paths",
            "50",
            "--out",
            "o",
            "--format",
            "json",
            "--json",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    let printed = w.run(&args).ok();
    let written = std::fs::read_to_string(w.path().join("o/summary.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&printed).unwrap();
    let written: serde_json::Value = serde_json::from_str(&written).unwrap();
    // Every row of summary.json, with its group and units first.
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), written.as_array().unwrap().len());
    for (row, file_row) in rows.iter().zip(written.as_array().unwrap()) {
        let mut row = row.as_object().unwrap().clone();
        let keys: Vec<&String> = row.keys().take(3).collect();
        assert_eq!(keys, ["group", "unit", "amount_unit"], "{v}");
        assert_eq!(row["unit"], "mtpa");
        for k in ["group", "unit", "amount_unit"] {
            row.shift_remove(k);
        }
        // Beside the table's fields, the arrival model fitted and how the bands read the
        // paths, as run.json records them.
        let arrivals = row.shift_remove("arrivals").unwrap();
        assert_eq!(arrivals["model"], "poisson", "{arrivals}");
        assert!(
            arrivals["rate"]["value"].as_f64().unwrap() > 0.0,
            "{arrivals}"
        );
        assert_eq!(row.shift_remove("calibration").unwrap()["method"], "none");
        assert_eq!(&serde_json::Value::Object(row), file_row);
    }
    // The full table, Monte Carlo quantiles included, not a short summary.
    assert!(v[0].get("lost_capacity_mt_p90").is_some(), "{v}");
}

#[test]
fn date_flags_are_as_strict_as_csv_cells() {
    let w = Workdir::new();
    for args in [
        &["history", "--from", "2025-3-1", "--to", "2025-03-31"][..],
        &["project", "--as-of", "2025-3-1"][..],
        &["chart", "monthly", "--from", "2025-3-1"][..],
        &[
            "reconcile",
            "--volume-mt",
            "3.3",
            "--share",
            "0.04",
            "--to",
            "2025-3-1",
        ][..],
    ] {
        w.run(args)
            .input_error(&["expected a date as YYYY-MM-DD, found \"2025-3-1\""]);
    }
}

#[test]
fn scenario_file_problems_name_the_file_and_line_all_of_them() {
    let w = Workdir::with_fixture();
    w.write(
        "bad.toml",
        "as_of = \"2025-01-31\"\nuntil = \"2025-01-01\"\nlookback_days = 0\n\
         [[scenario]]\nname = \"no-truce\"\n[[scenario]]\nname = \"t\"\n\
         truce_days = 0\ncompliance = 1.5\n",
    );
    let args = [
        &["project", "--scenarios", "bad.toml", "--out", "res"],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).input_error(&[
        "bad.toml line 2, until: expected a day after as_of (2025-01-31), found 2025-01-01",
        "bad.toml line 3, lookback_days: expected a whole number of days >= 1, found 0",
        "bad.toml line 8, scenario 2 (t): truce_days: expected a whole number of days >= 1, found 0",
        "bad.toml line 9, scenario 2 (t): compliance: expected a share from 0 to 1, found 1.5",
    ]);
    assert!(!w.path().join("res").exists());
    // A flag is named as the flag, and a value of the bundled file by its line.
    Workdir::new()
        .run(&["project", "--diversion", "2"])
        .input_error(&["--diversion: expected a share from 0 to 1, found 2"]);
    // A scenario file of the user's own keeps its dates, and a value from it is named by
    // its line.
    let w = Workdir::new();
    let text = w.run(&["datasets", "template", "scenario"]).ok();
    w.write("s.toml", text);
    w.run(&["project", "--scenarios", "s.toml", "--as-of", "2025-08-31"])
        .input_error(&["s.toml line 6, until: expected a day after as_of"]);
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    use std::process::{Command, Stdio};
    let w = Workdir::new();
    for args in [
        &[
            "history",
            "--from",
            "2024-01-01",
            "--to",
            "2025-12-31",
            "--by-strike",
        ][..],
        &["datasets", "template", "strikes"][..],
        &["reconcile", "--benchmarks"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_strike-impact"))
            .args(args)
            .current_dir(w.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the command has printed anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?}\n{err}", out.status);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
