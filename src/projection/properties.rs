//! Property tests of the projection's invariants.

use chrono::NaiveDate;
use proptest::prelude::*;

use crate::data::{Asset, Dataset, PricePoint, Strike};
use crate::projection::baseline::{Baseline, Reads};
use crate::projection::expected::{expected_path, project};
use crate::projection::montecarlo::{monte_carlo, MonteCarloOptions};
use crate::projection::scenario::{Scenario, Settings, Truce};

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(offset)
}

/// A random small world: assets with capacities, strikes in the 30 days before the as-of
/// date (day 29), prices.
fn world(cap_scale: f64) -> impl Strategy<Value = Dataset> {
    (
        prop::collection::vec(1.0f64..50.0, 1..5),
        prop::collection::vec((0i64..30, 0usize..5, 0.1f64..1.0, 1u32..40), 0..15),
    )
        .prop_map(move |(caps, strikes)| {
            let assets: Vec<Asset> = caps
                .iter()
                .enumerate()
                .map(|(i, c)| Asset::new(format!("a{i}"), format!("A{i}"), c * cap_scale))
                .collect();
            let n = assets.len();
            let strikes = strikes
                .into_iter()
                .enumerate()
                .map(|(k, (d, a, share, r))| {
                    let a = a % n;
                    let cap = caps[a];
                    Strike::new(format!("s{k}"), day(d), a, share * cap, r)
                })
                .collect();
            Dataset::new(assets, strikes, vec![PricePoint::new(day(0), 500.0, 400.0)])
        })
}

fn settings(scenarios: Vec<Scenario>) -> Settings {
    Settings {
        as_of: day(29),
        until: day(29 + 40),
        lookback_days: 30,
        diversion: 0.0,
        default_utilization: 0.85,
        scenarios,
        rate_multiplier: 1.0,
        arrival_params: Vec::new(),
        origin: Default::default(),
        arrivals: Default::default(),
        calibration: Default::default(),
    }
}

fn truce_strategy() -> impl Strategy<Value = Scenario> {
    (0i64..50, 1u32..40, any::<bool>()).prop_map(|(start, days, extended)| {
        Scenario::with_truce(
            "truce",
            Truce {
                start: day(30 + start - 5),
                days,
                compliance: 1.0,
                extended,
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// With compliance 1 a truce never has more offline capacity than no-truce on any day,
    /// in the expected path and in every Monte Carlo band.
    #[test]
    fn a_full_truce_never_adds_outages(data in world(1.0), truce in truce_strategy()) {
        let s = settings(vec![Scenario::no_truce("no-truce"), truce]);
        let p = project(&data, &s, Some(MonteCarloOptions { paths: 200, seed: 3 }), &|_| {}).unwrap();
        let (n, t) = (&p.scenarios[0].path, &p.scenarios[1].path);
        for d in 0..p.window.days {
            prop_assert!(t.offline[d] <= n.offline[d] + 1e-9, "day {}: {} > {}", d, t.offline[d], n.offline[d]);
        }
        let (bn, bt) = (
            p.scenarios[0].bands.as_ref().unwrap(),
            p.scenarios[1].bands.as_ref().unwrap(),
        );
        for d in 0..p.window.days {
            prop_assert!(bt.offline.mean[d] <= bn.offline.mean[d] + 1e-9);
            prop_assert!(bt.offline.p90[d] <= bn.offline.p90[d] + 1e-9);
        }
        prop_assert!(bt.gain_capacity.unwrap().p10 >= -1e-9);
    }

    /// Where the cap cannot bind, the Monte Carlo mean is within 5 standard errors of the
    /// expected path on every day. The variance of a day's compound-Poisson outage is the
    /// expected path of the same strikes with each capacity squared.
    #[test]
    fn the_monte_carlo_mean_converges_to_the_expected_path(data in world(1e4), truce in truce_strategy()) {
        let paths = 3000u64;
        let scenarios = vec![Scenario::no_truce("no-truce"), truce];
        let s = settings(scenarios.clone());
        let base = Baseline::new(&data, &s, Reads::Capacity).unwrap();
        let mc = monte_carlo(&base, &scenarios, Some(0), MonteCarloOptions { paths, seed: 11 }, crate::projection::montecarlo_stats::NOMINAL_LEVELS, &|_| {}).unwrap();
        let mut squared = data.clone();
        for st in &mut squared.strikes {
            st.disabled *= st.disabled;
        }
        // No observed outage runs into the projection in the squared world's variance:
        // subtract the (deterministic) observed part, which has no variance.
        let sq_base = Baseline::new(&squared, &s, Reads::Capacity).unwrap();
        for (k, sc) in scenarios.iter().enumerate() {
            let exp = expected_path(&base, sc);
            let var = expected_path(&sq_base, sc);
            for d in 0..base.window.days {
                let hist_sq: f64 = sq_base.hist.iter().map(|h| h[d]).sum();
                let sd = ((var.offline[d] - hist_sq).max(0.0) / paths as f64).sqrt();
                let err = (mc.scenarios[k].offline.mean[d] - exp.offline[d]).abs();
                prop_assert!(err <= 5.0 * sd + 1e-6, "scenario {} day {}: |{} - {}| > 5 x {}", k, d, mc.scenarios[k].offline.mean[d], exp.offline[d], sd);
            }
        }
    }
}

/// The same seed gives identical results with 1 and with 2 threads, and another seed
/// differs, for every arrival model.
#[test]
fn same_seed_same_numbers_on_any_thread_count() {
    for model in crate::projection::arrivals::Arrivals::ALL {
        same_numbers_on_any_thread_count(model);
    }
}

fn same_numbers_on_any_thread_count(model: crate::projection::arrivals::Arrivals) {
    let data = Dataset::bundled().unwrap().group("ru-refining").unwrap();
    let s = Settings::for_data(
        &data,
        vec![
            Scenario::no_truce("no-truce"),
            Scenario::with_truce(
                "t",
                Truce {
                    start: data.strikes.last().unwrap().date,
                    days: 30,
                    compliance: 0.7,
                    extended: false,
                },
            ),
        ],
    )
    .unwrap()
    .with_arrivals(model);
    let run = |threads: usize, seed: u64| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            project(
                &data,
                &s,
                Some(MonteCarloOptions { paths: 1500, seed }),
                &|_| {},
            )
        })
        .unwrap()
        .scenarios
        .into_iter()
        .map(|s| s.bands.unwrap())
        .collect::<Vec<_>>()
    };
    let one = run(1, 5);
    let two = run(2, 5);
    assert_eq!(one, two, "{model}");
    assert_ne!(one, run(2, 6), "{model}");
}
