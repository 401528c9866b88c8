//! Bad input: every problem listed with file, line, column and rule; exit code 2.

use crate::workdir::{Workdir, ASSETS, FIXTURE_FLAGS, PRICES, STRIKES};

fn validate_with(name: &str, contents: &[u8]) -> crate::workdir::Run {
    let w = Workdir::with_fixture();
    w.write(name, contents);
    w.run(&[&["validate"], &FIXTURE_FLAGS[..]].concat())
}

#[test]
fn the_bundled_data_is_valid() {
    let out = Workdir::new().run(&["validate"]).ok();
    // Each group in its own unit, never one total across them.
    assert!(
        out.contains("assets:  36 rows, national capacity 327.00 Mt/yr (group ru-refining)"),
        "{out}"
    );
    assert!(
        out.contains("assets:  22 rows, national capacity 27,179.90 MW (group ua-power)"),
        "{out}"
    );
    assert!(out.contains("ok: no problems found"));
}

#[test]
fn the_fixture_is_valid() {
    let out = Workdir::with_fixture()
        .run(&[&["validate"], &FIXTURE_FLAGS[..]].concat())
        .ok();
    assert!(
        out.contains("assets:  3 rows, national capacity 100.00 Mt/yr"),
        "{out}"
    );
    assert!(
        out.contains("strikes: 3 rows, 2025-01-01 .. 2025-02-01"),
        "{out}"
    );
}

#[test]
fn missing_file() {
    let w = Workdir::new();
    w.run(&["validate", "--strikes", "nope.csv"])
        .input_error(&["nope.csv: file not found"]);
}

#[test]
fn empty_file() {
    validate_with("strikes.csv", b"").input_error(&["strikes.csv: the file is empty"]);
}

#[test]
fn missing_required_column_and_typo_suggestion() {
    let err = validate_with(
        "assets.csv",
        b"asset_di,name\nalpha,Alpha\n",
    )
    .input_error(&[
        "assets.csv line 1, column asset_id: missing required column asset_id (found asset_di: did you mean asset_id?)",
        "assets.csv line 1: missing column: expected at least one of capacity, capacity_mtpa",
        // The misspelt column is read in its place, so the strikes are still checked
        // against the ids it holds.
        "strikes.csv line 3, column asset_id: expected an asset_id of the assets file, found \"beta\"",
    ]);
    assert!(err.contains("found 4 problems"), "{err}");
    assert!(
        !err.contains("warning"),
        "the header's error names the misspelling: {err}"
    );
}

#[test]
fn every_value_problem_is_listed() {
    let assets = format!(
        "{ASSETS}delta,Delta,-5,1.5,95,0\nalpha,Alpha again,abc,,,\nepsilon,Epsilon,0,,,\n"
    );
    let err = validate_with("assets.csv", assets.as_bytes()).input_error(&[
        "assets.csv line 5, column capacity_mtpa: expected a capacity in Mt/yr, a number > 0 and at most 1e12, found \"-5\"",
        "assets.csv line 5, column utilization: expected a utilization with 0 < u <= 1, found \"1.5\"",
        "assets.csv line 5, column lat: expected a latitude in degrees, -90 to 90, found \"95\"",
        "assets.csv line 6, column capacity_mtpa: expected a capacity in Mt/yr, a number > 0 and at most 1e12, found \"abc\"",
        "assets.csv line 6, column asset_id: expected a unique id, found \"alpha\" again (first on line 2)",
        "assets.csv line 7, column capacity_mtpa: expected a capacity in Mt/yr, a number > 0 and at most 1e12, found \"0\"",
    ]);
    assert!(err.contains("found 6 problems"), "{err}");
}

#[test]
fn strike_rules() {
    let strikes = format!(
        "{STRIKES}\
s4,2025-01-01,alpha,,1.5,10,\n\
s5,2025-01-01,alpha,10,0.5,10,\n\
s6,2025-03-01,alpha,5,,,2025-02-01\n\
s7,2025-03-01,alpha,5,,0,\n\
s8,2025-03-01,alfa,5,,3,\n\
s1,2025-03-01,beta,5,,3,\n\
s9,18/03/2025,beta,5,,3,\n\
s10,2025-03-01,beta,5,,5,2025-03-04\n\
s11,2025-03-01,beta,,,3,\n\
s12,2025-03-01,beta,40,,3,\n"
    );
    validate_with("strikes.csv", strikes.as_bytes()).input_error(&[
        "strikes.csv line 5, column disabled_share: expected a share with 0 < s <= 1, found \"1.5\"",
        "strikes.csv line 6, column disabled_share: expected disabled_mtpa and disabled_share to agree within 1 %, found 10 Mt/yr against 0.5 x 50 = 25.000 Mt/yr",
        "strikes.csv line 7, column restart_date: expected a restart date after the strike date 2025-03-01, found 2025-02-01",
        "strikes.csv line 8, column repair_days: expected a whole number of days from 1 to 36,500, found \"0\"",
        "strikes.csv line 9, column asset_id: expected an asset_id of the assets file, found \"alfa\" (did you mean alpha?)",
        "strikes.csv line 10, column strike_id: expected a unique id, found \"s1\" again (first on line 2)",
        "strikes.csv line 11, column date: expected a date as YYYY-MM-DD, found \"18/03/2025\"",
        "strikes.csv line 12, column restart_date: expected repair_days and restart_date to agree, found 5 days against 3 days",
        "strikes.csv line 13, column disabled_mtpa: expected disabled_mtpa or disabled_share, found both empty",
        "strikes.csv line 14, column disabled_mtpa: expected at most the capacity of beta (30 Mt/yr), found 40 Mt/yr",
        "found 10 problems",
    ]);
}

#[test]
fn problems_in_several_files_are_listed_together() {
    let w = Workdir::with_fixture();
    w.write(
        "prices.csv",
        "date,product_usd_t,crude_usd_t\n2025-01-01,-1,400\n2025-01-01,500,x\n",
    );
    w.write(
        "strikes.csv",
        format!("{STRIKES}s4,2025-13-01,alpha,1,,1,\n"),
    );
    w.run(&[&["validate"], &FIXTURE_FLAGS[..]].concat()).input_error(&[
        "strikes.csv line 5, column date",
        "prices.csv line 2, column product_usd_t: expected a price in USD/t >= 0, found \"-1\"",
        "prices.csv line 3, column crude_usd_t",
        "prices.csv line 3, column date: expected one price row per date, found 2025-01-01 again (first on line 2)",
        "found 4 problems",
    ]);
}

#[test]
fn byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(ASSETS.as_bytes());
    let out = validate_with("assets.csv", &bytes).ok();
    assert!(out.contains("assets:  3 rows"), "{out}");
}

#[test]
fn semicolons_and_decimal_commas_are_accepted() {
    let prices = PRICES.replace(',', ";").replace("600", "600,5");
    let out = validate_with("prices.csv", prices.as_bytes()).ok();
    assert!(out.contains("prices:  2 rows"), "{out}");
    // The decimal comma is read as a number: January's revenue with no outage is
    // capacity x utilization (50 x 0.8 + 30 x 0.85 + 20 x 0.5 = 75.5 Mt/yr) x 1e6 / 365 x 600.5.
    let w = Workdir::with_fixture();
    w.write("prices.csv", &prices);
    let args = [
        &["project", "--as-of", "2025-01-31", "--out", "o"][..],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).ok();
    let daily = strike_impact::prelude::read_table(&w.path().join("o/daily.csv")).unwrap();
    let col = |name: &str| daily.headers.iter().position(|h| h == name).unwrap();
    let first = daily
        .rows()
        .find(|r| r.cell(col("date")) == "2025-01-15")
        .expect("an observed January day");
    let baseline: f64 = first.cell(col("baseline_revenue_usd")).parse().unwrap();
    assert!(
        (baseline - 75.5e6 / 365.0 * 600.5).abs() < 1e-3,
        "{baseline}"
    );
}

#[test]
fn non_utf8_bytes_are_named() {
    let mut bytes = ASSETS.as_bytes().to_vec();
    bytes.extend_from_slice(b"delta,Mosc\xF6w refinery,5,,,\n");
    validate_with("assets.csv", &bytes)
        .input_error(&["assets.csv line 5: expected UTF-8 text, found byte 0xF6"]);
}

#[test]
fn a_ragged_row_is_named() {
    let strikes = format!("{STRIKES}s4,2025-01-01,alpha,5,,3,,extra,\n");
    validate_with("strikes.csv", strikes.as_bytes())
        .input_error(&["strikes.csv line 5: expected 7 fields as in the header, found 9"]);
}

#[test]
fn extra_columns_are_kept_not_errors() {
    let assets = ASSETS
        .replace("lat,lon", "lat,lon,comment")
        .replace("40.0\n", "40.0,big one\n");
    validate_with("assets.csv", assets.as_bytes()).ok();
    // Kept with the record: an extra basis column of a strike is listed beside its
    // contribution, in the text and in JSON.
    let w = Workdir::with_fixture();
    w.write(
        "strikes.csv",
        STRIKES
            .replace("restart_date\n", "restart_date,length_basis\n")
            .replace(
                "s1,2025-01-01,alpha,25,,10,\n",
                "s1,2025-01-01,alpha,25,,10,,press\n",
            )
            .replace(",2025-01-08\n", ",2025-01-08,\n")
            .replace(",2025-02-06\n", ",2025-02-06,\n"),
    );
    let args = [
        &[
            "history",
            "--from",
            "2025-01-01",
            "--to",
            "2025-01-31",
            "--by-strike",
            "--draws",
            "0",
        ][..],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    assert!(w.run(&args).ok().contains("length_basis=press"));
    let v = crate::workdir::json(&w.run(&[&args[..], &["--json"]].concat()).ok());
    assert_eq!(
        v["strikes"][0]["notes"][0],
        serde_json::json!(["length_basis", "press"]),
        "{v}"
    );
}
