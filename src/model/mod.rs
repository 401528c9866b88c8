//! The calculation model of MODEL.md: outage timeline, history, headline reconciliation,
//! scenarios, expected path, Monte Carlo and revenue.

pub mod history;
pub mod montecarlo;
pub mod projection;
#[cfg(test)]
mod properties;
pub mod reconcile;
pub mod revenue;
pub mod scenario;
pub mod timeline;

pub use history::{history, AssetHistory, History, HistoryOptions, DEFAULT_UTILIZATION};
pub use montecarlo::{monte_carlo, MonteCarlo, MonteCarloOptions, Quantiles, ScenarioBands};
pub use projection::{expected_path, Baseline, ScenarioPath, Summary};
pub use reconcile::{reconcile, Claim, Reconciliation};
pub use revenue::{day_revenue, DayRevenue};
pub use scenario::{Scenario, Settings, Truce};
pub use timeline::{Timeline, Window};
