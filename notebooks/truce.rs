#!/usr/bin/env rust-script
//! The steps of `truce.ipynb` as a plain Rust script: `rust-script notebooks/truce.rs`.
//!
//! ```cargo
//! [dependencies]
//! strike-impact = { path = ".." }
//! ```

use strike_impact::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let all = Dataset::bundled()?;
    let data = all.group("ru-refining")?;
    println!(
        "{} refineries, {:.0} Mt/yr; {} strikes",
        data.assets.len(),
        data.assets.total_capacity(),
        data.strikes.len()
    );

    let q1 = history(&data, "2025-01-01".parse()?, "2025-03-31".parse()?, HistoryOptions::default())?;
    println!(
        "Q1 2025: lost {:.2} Mt ({:.2} % of capacity), throughput basis {:.2} Mt",
        q1.lost_capacity,
        q1.mean_offline_share * 100.0,
        q1.lost_throughput
    );

    let settings = Settings::bundled(&all)?;
    let projection = Projection::new(&data, &settings)?;
    println!("{}", projection.summary_frame()?);
    std::fs::write("truce-capacity.svg", projection.chart_svg(ChartKind::Capacity, &data)?)?;

    let start = settings.first_day();
    let half = settings.with_scenarios(vec![
        Scenario::no_truce("no-truce"),
        Scenario::with_truce("truce-30d", Truce::new(start, 30)),
        Scenario::with_truce("truce-30d-half", Truce::new(start, 30).compliance(0.5)),
    ])?;
    let compared = Projection::new(&data, &half)?;
    for s in compared.summaries() {
        println!(
            "{:<16} lost {:>6.3} Mt  gain {:>6.3} Mt  {:>8.1} $m",
            s.scenario,
            s.lost_capacity,
            s.gain_capacity.unwrap_or(0.0),
            s.gain_revenue_usd.unwrap_or(0.0) / 1e6
        );
    }
    Ok(())
}
