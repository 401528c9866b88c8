//! Sweep compliance (0 to 1) and truce length (10 to 90 days) on the bundled 2025 case and
//! print the revenue the truce gives back against no truce, $m.
//!
//! `cargo run --example sweep`

use strike_impact::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    sweep().map(|_| ())
}

/// Prints the grid; returns it, one row per compliance, $m.
fn sweep() -> Result<Vec<Vec<f64>>, Box<dyn std::error::Error>> {
    let mut grid = Vec::new();
    let all = Dataset::bundled()?;
    let data = all.group("ru-refining")?;
    let base = Settings::bundled(&all)?;
    let start = base.first_day();
    let lengths = [10u32, 30, 50, 70, 90];
    let compliances = [0.0, 0.25, 0.5, 0.75, 1.0];
    println!(
        "revenue regained against no truce, $m (truce from {start}, projected to {})",
        base.until()
    );
    print!("{:>12}", "compliance");
    for days in lengths {
        print!("{:>10}", format!("{days} days"));
    }
    println!();
    for k in compliances {
        let mut row = Vec::new();
        print!("{:>12.2}", k);
        for days in lengths {
            let settings = base.with_scenarios(vec![
                Scenario::no_truce("no-truce"),
                Scenario::with_truce("truce", Truce::new(start, days).compliance(k)),
            ])?;
            let p = Projection::new(&data, &settings)?;
            let gain = p
                .summary("truce")
                .and_then(|s| s.gain_revenue_usd)
                .unwrap_or(0.0);
            print!("{:>10.1}", gain / 1e6);
            row.push(gain / 1e6);
        }
        println!();
        grid.push(row);
    }
    Ok(grid)
}

#[test]
fn runs() {
    let grid = sweep().unwrap();
    // No compliance gives nothing back; a 30-day truce fully kept is the README's $233.9m;
    // the gain grows with compliance and with the truce's length.
    assert!(grid[0].iter().all(|g| g.abs() < 1e-6), "{grid:?}");
    assert!((grid[4][1] - 233.9).abs() < 0.05, "{grid:?}");
    for row in &grid {
        assert!(row.windows(2).all(|w| w[1] >= w[0] - 1e-6), "{grid:?}");
    }
    for k in 1..grid.len() {
        assert!(
            grid[k]
                .iter()
                .zip(&grid[k - 1])
                .all(|(a, b)| a >= &(b - 1e-6)),
            "{grid:?}"
        );
    }
}
