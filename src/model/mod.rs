//! The calculation model of MODEL.md: outage timeline, history, headline reconciliation,
//! scenarios, expected path, Monte Carlo and revenue.

pub mod benchmarks;
pub mod history;
pub mod montecarlo;
pub mod projection;
#[cfg(test)]
mod properties;
pub mod reconcile;
pub mod records;
pub mod revenue;
pub mod scenario;
pub(crate) mod stats;
pub mod timeline;

pub use benchmarks::{check_benchmarks, BenchmarkCheck, NotComparable, Verdict};
pub use history::{
    draw_history, history, monthly, AssetHistory, Band, DrawOptions, History, HistoryBands,
    HistoryOptions, Month, SeriesBands, DEFAULT_UTILIZATION,
};
pub use montecarlo::{monte_carlo, MonteCarlo, MonteCarloOptions, Quantiles, ScenarioBands};
pub use projection::{expected_path, Baseline, ScenarioPath, Summary};
pub use reconcile::{reconcile, Claim, ClaimVerdict, Reconciliation};
pub use records::{RecordUncertainty, SpreadCounts};
pub use revenue::{day_revenue, DayRevenue};
pub use scenario::{Scenario, Settings, Truce};
pub use timeline::{Timeline, Window};
