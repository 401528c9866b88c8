//! Sweep compliance (0 to 1) and truce length (10 to 90 days) on the bundled 2025 case and
//! print the revenue the truce gives back against no truce, $m.
//!
//! `cargo run --example sweep`

use strike_impact::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Dataset::bundled()?;
    let base = Settings::bundled(&data)?;
    let start = base.first_day();
    let lengths = [10u32, 30, 50, 70, 90];
    let compliances = [0.0, 0.25, 0.5, 0.75, 1.0];
    println!(
        "revenue regained against no truce, $m (truce from {start}, projected to {})",
        base.until
    );
    print!("{:>12}", "compliance");
    for days in lengths {
        print!("{:>10}", format!("{days} days"));
    }
    println!();
    for k in compliances {
        print!("{:>12.2}", k);
        for days in lengths {
            let settings = Settings {
                scenarios: vec![
                    Scenario::no_truce("no-truce"),
                    Scenario::with_truce("truce", Truce::new(start, days).compliance(k)),
                ],
                ..base.clone()
            };
            let p = Projection::new(&data, &settings)?;
            let gain = p
                .summary("truce")
                .and_then(|s| s.gain_revenue_usd)
                .unwrap_or(0.0);
            print!("{:>10.1}", gain / 1e6);
        }
        println!();
    }
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
