//! Nothing silent: misspelt headers are warned about, one file's problems do not hide
//! another's, and the dates follow what the user asked.

use crate::workdir::{Workdir, FIXTURE_FLAGS};

#[test]
fn a_misspelt_header_is_warned_about_and_strict_refuses_it() {
    let w = Workdir::with_fixture();
    w.write(
        "assets.csv",
        "asset_id,name,capacity_mtpa,utilisation,latitude,lon\nalpha,Alpha,50,0.25,55,40\nbeta,Beta,30,0.25,50,45\ngamma,Gamma,20,0.25,60,60\n",
    );
    let run = w.run(&[&["validate"][..], &FIXTURE_FLAGS[..]].concat());
    run.ok();
    let err = run.stderr();
    for needle in [
        "warning: assets.csv line 1, column utilisation: not a column the model reads (did you mean utilization?)",
        "warning: assets.csv line 1, column latitude: not a column the model reads (did you mean lat?)",
    ] {
        assert!(err.contains(needle), "{needle}\n{err}");
    }
    w.run(
        &[
            &["project", "--strict", "--out", "o"][..],
            &FIXTURE_FLAGS[..],
        ]
        .concat(),
    )
    .input_error(&["assets.csv line 1, column utilisation: not a column the model reads"]);
    assert!(!w.path().join("o").exists());
    // The bundled files hold no such header.
    let clean = Workdir::new().run(&["validate", "--strict"]);
    clean.ok();
    assert!(!clean.stderr().contains("warning"), "{}", clean.stderr());
}

#[test]
fn a_bad_assets_file_does_not_hide_unknown_asset_ids() {
    let w = Workdir::with_fixture();
    w.write(
        "assets.csv",
        "asset_id,name,capacity_mtpa\nalpha,Alpha,-5\nbeta,Beta,30\ngamma,Gamma,20\n",
    );
    w.write(
        "strikes.csv",
        "strike_id,date,asset_id,disabled_share,repair_days\ns1,2025-01-01,alpha,0.5,3\ns2,2025-01-02,zeta,0.5,3\n",
    );
    w.run(&[&["validate"][..], &FIXTURE_FLAGS[..]].concat())
        .input_error(&[
            "assets.csv line 2, column capacity_mtpa",
            "strikes.csv line 3, column asset_id: expected an asset_id of the assets file, found \"zeta\"",
        ]);
}

#[test]
fn the_dates_follow_what_the_user_asked() {
    // A truce without --as-of projects from the day before it (not from the latest strike,
    // after the truce has ended).
    let out = Workdir::new()
        .run(&[
            "project",
            "--group",
            "ru-refining",
            "--truce",
            "2025-09-01:60",
            "--compliance",
            "0.5",
        ])
        .ok();
    assert!(
        out.contains("as of 2025-08-31 (projected 2025-09-01 .. 2025-11-29"),
        "{out}"
    );
    assert!(out.contains("truce-60d-50pct against no-truce:"), "{out}");
    // --as-of without --until: 90 days on, even with the bundled scenario file.
    let out = Workdir::new()
        .run(&["project", "--group", "ru-refining", "--as-of", "2025-08-31"])
        .ok();
    assert!(
        out.contains("as of 2025-08-31 (projected 2025-09-01 .. 2025-11-29, 90 days)"),
        "{out}"
    );
}

#[test]
fn strikes_and_assets_files_layer_in_order() {
    let w = Workdir::with_fixture();
    // The fixture's strikes split over two files, and a fourth asset in a file of its own
    // with a strike on it in a third file.
    let (head, tail) = crate::workdir::STRIKES.split_at(
        crate::workdir::STRIKES
            .match_indices('\n')
            .nth(2)
            .expect("two rows")
            .0
            + 1,
    );
    w.write("first.csv", head);
    w.write(
        "second.csv",
        format!(
            "{}{tail}",
            crate::workdir::STRIKES.lines().next().unwrap().to_owned() + "\n"
        ),
    );
    let whole = w
        .run(
            &[
                &[
                    "history",
                    "--json",
                    "--from",
                    "2025-01-01",
                    "--to",
                    "2025-03-31",
                ][..],
                &FIXTURE_FLAGS[..],
            ]
            .concat(),
        )
        .ok();
    let layered = w
        .run(&[
            "history",
            "--json",
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
            "--assets",
            "assets.csv",
            "--strikes",
            "first.csv",
            "--strikes",
            "second.csv",
            "--prices",
            "prices.csv",
        ])
        .ok();
    let (whole, layered) = (crate::workdir::json(&whole), crate::workdir::json(&layered));
    assert!(whole["lost_capacity_mt"].as_f64().unwrap() > 0.0, "{whole}");
    assert_eq!(whole, layered);
    w.write(
        "more-assets.csv",
        "asset_id,name,capacity_mtpa\ndelta,Delta refinery,100\n",
    );
    w.write(
        "more-strikes.csv",
        "strike_id,date,asset_id,disabled_share,repair_days\nd1,2025-03-01,delta,1,10\n",
    );
    let out = w
        .run(&[
            "validate",
            "--assets",
            "assets.csv",
            "--assets",
            "more-assets.csv",
            "--strikes",
            "strikes.csv",
            "--strikes",
            "more-strikes.csv",
            "--prices",
            "prices.csv",
        ])
        .ok();
    assert!(
        out.contains(
            "assets:  4 rows, national capacity 200.00 Mt/yr (assets.csv + more-assets.csv)"
        ) && out
            .contains("strikes: 4 rows, 2025-01-01 .. 2025-03-01 (strikes.csv + more-strikes.csv)"),
        "{out}"
    );
    // An id in two files is refused with both places; every problem is listed; nothing
    // is written.
    w.write(
        "again.csv",
        "strike_id,date,asset_id,disabled_share,repair_days\nd1,2025-03-02,delta,1,10\ns2,2025-03-03,zeta,1,3\n",
    );
    w.write(
        "power.csv",
        "asset_id,name,kind,unit,capacity\nalpha,Alpha power,power_plant,mw,100\nomega,Omega,power_plant,mw,200\n",
    );
    w.run(&[
        "project", "--out", "o", "--assets", "assets.csv", "--assets", "more-assets.csv",
        "--assets", "power.csv", "--strikes", "strikes.csv", "--strikes", "more-strikes.csv",
        "--strikes", "again.csv", "--prices", "prices.csv",
    ])
    .input_error(&[
        "power.csv line 2, column asset_id: expected an id not given in an earlier file, found \"alpha\" (also assets.csv line 2)",
        "power.csv line 3, column unit: expected mtpa like the other assets of group main (assets.csv line 2): figures are never summed across units, found mw",
        "again.csv line 2, column strike_id: expected an id not given in an earlier file, found \"d1\" (also more-strikes.csv line 2)",
        "again.csv line 3, column asset_id: expected an asset_id of the assets file",
    ]);
    assert!(!w.path().join("o").exists());
}

#[test]
fn a_truce_that_changes_nothing_is_said_before_the_table() {
    // A truce that ended before the projected days.
    let run = Workdir::new().run(&[
        "project",
        "--group",
        "ru-refining",
        "--as-of",
        "2025-06-30",
        "--truce",
        "2025-03-18:30",
    ]);
    run.ok();
    assert!(
        run.stderr().contains(
            "warning: truce-30d: the truce (2025-03-18 for 30 days) ends before the first projected day 2025-07-01, so it changes nothing"
        ),
        "{run}"
    );
    assert!(!run.stdout().contains("warning"), "{run}");
    // A truce nobody keeps.
    let run = Workdir::new().run(&[
        "project",
        "--group",
        "ru-refining",
        "--truce",
        "2025-03-18:30",
        "--compliance",
        "0",
    ]);
    assert!(
        run.stderr().contains(
            "warning: truce-30d-0pct: the truce's compliance is 0, so it prevents no strike and changes nothing"
        ),
        "{run}"
    );
    // A truce after the projected days.
    let run = Workdir::new().run(&[
        "project",
        "--group",
        "ru-refining",
        "--as-of",
        "2025-03-17",
        "--until",
        "2025-04-30",
        "--truce",
        "2025-05-01:30",
    ]);
    assert!(
        run.stderr().contains(
            "warning: truce-30d: the truce starts on 2025-05-01, after the last projected day 2025-04-30, so it changes nothing"
        ),
        "{run}"
    );
    // --strict refuses a run that changes nothing: exit 2, nothing written.
    let w = Workdir::new();
    let run = w.run(&[
        "project",
        "--out",
        "o",
        "--strict",
        "--group",
        "ru-refining",
        "--truce",
        "2025-03-18:30",
        "--compliance",
        "0",
    ]);
    assert_eq!(run.code(), Some(2), "{run}");
    assert!(
        run.stderr().contains("--strict: the run has 1 warning:"),
        "{run}"
    );
    assert!(!w.path().join("o").exists());
    // --compliance without --truce would be ignored: refused.
    let run = Workdir::new().run(&["project", "--compliance", "0.5"]);
    assert_eq!(run.code(), Some(2), "{run}");
    assert!(
        run.stderr()
            .contains("--compliance applies to the --truce scenarios: give --truce START:DAYS too"),
        "{run}"
    );
}

#[test]
fn days_past_the_prices_and_periods_past_the_records_are_warned_about() {
    let w = Workdir::with_fixture();
    // The fixture's prices end with the row of 2025-02-01: February is priced, March is not.
    let run = w.run(
        &[
            &["project", "--as-of", "2025-02-10", "--until", "2025-03-10"][..],
            &FIXTURE_FLAGS[..],
        ]
        .concat(),
    );
    run.ok();
    assert!(
        run.stderr().contains(
            "warning: the prices end with the row of 2025-02-01: the projected days 2025-03-01 .. 2025-03-10 are valued at it"
        ),
        "{run}"
    );
    let run = w.run(
        &[
            &["project", "--as-of", "2025-02-10", "--until", "2025-02-28"][..],
            &FIXTURE_FLAGS[..],
        ]
        .concat(),
    );
    assert!(!run.stderr().contains("prices end"), "{run}");
    // history over a period the records do not cover.
    let history = |from: &str, to: &str| {
        w.run(
            &[
                &["history", "--from", from, "--to", to][..],
                &FIXTURE_FLAGS[..],
            ]
            .concat(),
        )
    };
    let run = history("2026-01-01", "2026-03-31");
    run.ok();
    assert!(
        run.stderr().contains(
            "warning: the period 2026-01-01 .. 2026-03-31 lies outside the records (strikes dated 2025-01-01 .. 2025-02-01): its figures are 0 for want of records"
        ),
        "{run}"
    );
    assert!(
        history("2024-12-01", "2025-01-31").stderr().contains(
            "warning: the records begin on 2025-01-01: the days 2024-12-01 .. 2024-12-31 hold no strike record"
        )
    );
    assert!(
        history("2025-01-01", "2025-03-31").stderr().contains(
            "warning: the latest record is dated 2025-02-01: the days 2025-02-02 .. 2025-03-31 count only the outages already running then"
        )
    );
    let inside = history("2025-01-01", "2025-02-01");
    assert!(!inside.stderr().contains("warning"), "{inside}");
    let strict = w.run(
        &[
            &[
                "history",
                "--strict",
                "--from",
                "2026-01-01",
                "--to",
                "2026-03-31",
            ][..],
            &FIXTURE_FLAGS[..],
        ]
        .concat(),
    );
    assert_eq!(strict.code(), Some(2), "{strict}");
}

#[test]
fn the_printed_summary_states_the_diversion_and_money_in_millions() {
    let out = Workdir::new()
        .run(&[
            "project",
            "--group",
            "ru-refining",
            "--diversion",
            "1",
            "--paths",
            "200",
        ])
        .ok();
    assert!(
        out.contains("diversion 1 (share of the unrefined crude exported instead, valued at the crude price); default utilization 0.85"),
        "{out}"
    );
    // The gain in $m with one decimal, the Monte Carlo median beside the expected path.
    let gain = out
        .lines()
        .find(|l| l.starts_with("truce-30d against no-truce:"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        gain.contains("of revenue given back (expected path); Monte Carlo median "),
        "{gain}"
    );
    let millions = gain.matches('$').count();
    assert_eq!(millions, 4, "{gain}");
    for part in gain.split('$').skip(1) {
        let number: String = part.chars().take_while(|c| *c != 'm').collect();
        let (_, decimals) = number.split_once('.').unwrap_or_else(|| panic!("{gain}"));
        assert_eq!(decimals.len(), 1, "{gain}");
    }
}
