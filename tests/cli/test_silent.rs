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
