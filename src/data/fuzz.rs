//! Fuzz-style properties: arbitrary bytes never make a loader panic; each gives a valid
//! result or located problems.

use proptest::prelude::*;

use super::reader::{read_csv_blocks, read_csv_bytes};
use super::table::RawTable;
use super::{assets, benchmarks, prices, strikes, Asset, Assets, Strike};

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

}
