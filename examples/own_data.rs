//! Your own CSV files: assets, strikes and prices, then history and a projection.
//!
//! `cargo run --example own_data [ASSETS STRIKES PRICES]` (without arguments it writes
//! three small files to a temporary folder and uses those).

use std::path::PathBuf;

use strike_impact::prelude::*;

const ASSETS: &str = "asset_id,name,capacity_mtpa,utilization
north,North refinery,12,0.9
south,South refinery,8,
";
const STRIKES: &str = "strike_id,date,asset_id,disabled_share,repair_days,restart_date
n1,2025-01-10,north,0.5,,2025-02-01
s1,2025-02-03,south,1,14,
n2,2025-02-20,north,0.25,10,
";
const PRICES: &str = "date,product_usd_t,crude_usd_t
2025-01-01,560,470
2025-02-01,540,455
";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    run(std::env::args().skip(1).map(PathBuf::from).collect())
}

fn run(args: Vec<PathBuf>) -> Result<(), Box<dyn std::error::Error>> {
    let _keep;
    let sources = if args.len() == 3 {
        Sources::files(
            Some(args[0].clone()),
            Some(args[1].clone()),
            Some(args[2].clone()),
        )
    } else {
        let dir = tempfile::tempdir()?;
        for (name, text) in [
            ("assets.csv", ASSETS),
            ("strikes.csv", STRIKES),
            ("prices.csv", PRICES),
        ] {
            std::fs::write(dir.path().join(name), text)?;
        }
        let s = Sources::files(
            Some(dir.path().join("assets.csv")),
            Some(dir.path().join("strikes.csv")),
            Some(dir.path().join("prices.csv")),
        );
        _keep = dir;
        s
    };
    // Every problem of every file is reported at once, with file, line and column.
    let data = Dataset::load(&sources)?;
    let first = data.strikes.first().map(|s| s.date).expect("strikes");
    let last = data.strikes.last().map(|s| s.date).expect("strikes");
    let h = history(&data, first, last, HistoryOptions::default())?;
    println!(
        "{first} .. {last}: {:.3} Mt lost, {:.1} % of capacity",
        h.lost_capacity,
        h.mean_offline_share * 100.0
    );

    // Strikes go on as in the last 60 days, or stop for 30 days with 80 % compliance.
    let settings = Settings::builder(&data)
        .lookback_days(60)
        .scenario(Scenario::no_truce("no-truce"))
        .scenario(Scenario::with_truce(
            "truce",
            Truce::new(last + chrono::Days::new(1), 30).compliance(0.8),
        ))
        .build()?;
    let p = Projection::new(&data, &settings)?;
    println!("{}", p.summary_frame()?);
    Ok(())
}

#[test]
fn runs() {
    run(Vec::new()).unwrap();
}
