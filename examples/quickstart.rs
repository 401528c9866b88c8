//! The bundled 2025 truce case: load, project, print the summary, draw a chart.
//!
//! `cargo run --example quickstart [OUTPUT_DIR]`

use strike_impact::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).map_or_else(
        || std::env::temp_dir().join("strike-impact-quickstart"),
        Into::into,
    );
    run(&dir).map(|_| ())
}

/// Runs the case; returns the truce's gains (Mt of capacity, USD of revenue).
fn run(dir: &std::path::Path) -> Result<(f64, f64), Box<dyn std::error::Error>> {
    let all = Dataset::bundled()?;
    let data = all.group("ru-refining")?;
    let settings = Settings::bundled(&all)?;
    let projection = Projection::new(&data, &settings)?;
    println!("{}", projection.summary_frame()?);
    let svg = projection.chart_svg(ChartKind::Capacity, &data)?;

    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("capacity.svg"), &svg)?;
    let truce = projection
        .summary("truce-30d")
        .expect("the bundled file has truce-30d");
    println!(
        "the 30-day truce gave back {:.2} Mt of capacity and ${:.0}m of revenue; chart in {}",
        truce.gain_capacity.unwrap_or(0.0),
        truce.gain_revenue_usd.unwrap_or(0.0) / 1e6,
        dir.join("capacity.svg").display()
    );
    Ok((
        truce.gain_capacity.unwrap_or(0.0),
        truce.gain_revenue_usd.unwrap_or(0.0),
    ))
}

#[test]
fn runs() {
    let dir = tempfile::tempdir().unwrap();
    let (mt, usd) = run(dir.path()).unwrap();
    // The README's truce answer (hawkes, the refineries' default): 0.72 Mt and $234m.
    assert!((mt - 0.724).abs() < 5e-4, "{mt}");
    assert!((usd / 1e6 - 233.9).abs() < 0.05, "{usd}");
    let svg = std::fs::read_to_string(dir.path().join("capacity.svg")).unwrap();
    assert!(svg.contains("Refining capacity offline"));
}
