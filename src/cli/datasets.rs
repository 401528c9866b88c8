//! `strike-impact datasets`: export the bundled files, or print templates.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use crate::data::{
    benchmarks::BUNDLED_BENCHMARKS_CSV, BUNDLED_ASSETS_CSV, BUNDLED_BALANCE_CSV,
    BUNDLED_EXPORTS_CSV, BUNDLED_POWER_ASSETS_CSV, BUNDLED_POWER_PRICES_CSV,
    BUNDLED_POWER_STRIKES_CSV, BUNDLED_PRICES_CSV, BUNDLED_README, BUNDLED_SCENARIOS_TOML,
    BUNDLED_STRIKES_CSV, BUNDLED_YIELDS_CSV,
};
use crate::report::{write_all_atomically, OutputFile};

#[derive(Debug, Subcommand)]
pub(crate) enum Cmd {
    /// Write the bundled datasets into DIR, to edit and feed back with --assets, --strikes, ...
    #[command(after_help = "Examples:
  strike-impact datasets export my-data
  strike-impact validate --assets my-data/refineries.csv --strikes my-data/strikes.csv

Existing files are left alone unless --force is given.")]
    Export {
        /// Folder to write into (created if missing).
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Print an empty file of KIND with the right header and one example row.
    #[command(after_help = "Examples:
  strike-impact datasets template strikes > my-strikes.csv
  strike-impact datasets template scenario > my-scenarios.toml")]
    Template {
        /// Which file.
        kind: TemplateKind,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum TemplateKind {
    /// Assets of any kind: asset_id, name, kind, unit, group, capacity, ...
    Assets,
    /// Strike records: strike_id, date, asset_id, disabled or disabled_share, ...
    Strikes,
    /// Prices: date, group, value_usd (or product_usd_t), crude_usd_t.
    Prices,
    /// Published figures to check the records against (reconcile --benchmarks).
    Benchmarks,
    /// Product yields of refineries (--yields): asset_id or group, product, yield.
    Yields,
    /// Fuel exports by month (--exports): month, product, exports_kt, group.
    Exports,
    /// A power group's balance (--balance): demand peak, load shares, available capacity,
    /// import limit.
    Balance,
    /// A scenario file (TOML).
    Scenario,
}

pub(super) const TEMPLATE_ASSETS: &str = "asset_id,name,kind,unit,group,capacity,utilization,operator,region,country,lat,lon,confidence,source
ryazan,Ryazan refinery,refinery,mtpa,ru-refining,17.1,0.77,Rosneft,Ryazan Oblast,RU,54.63,39.74,high,\"operator website, 2024\"
trypilska-tpp,Trypilska TPP,power_plant,mw,ua-power,1800,0.3,Centrenergo,Kyiv Oblast,UA,50.13,30.75,medium,\"operator, 2023\"
";
pub(super) const TEMPLATE_STRIKES: &str = "strike_id,date,asset_id,unit,disabled,disabled_share,disabled_basis,repair_days,restart_date,outage_basis,hit,repair_days_low,repair_days_high,disabled_share_low,disabled_share_high,p_effect,confidence,source
20250224-ryazan,2025-02-24,ryazan,CDU-6,,0.48,reported,14,,reported,unit,10,21,,,,medium,\"Reuters, 2025-02-25\"
20250211-trypilska-tpp,2025-02-11,trypilska-tpp,turbine hall,900,,reported,120,,default,unit,60,210,,,,low,\"regional officials, 2025-02-11\"
";
pub(super) const TEMPLATE_BENCHMARKS: &str = "benchmark_id,from,to,measure,value,bound,basis,cause,confidence,source,note
reuters-2025-03-3.3mt,2025-01-01,2025-03-31,lost_mt,3.3,about,capacity,strikes,medium,\"Reuters, March 2025\",\"3.3 million tons since the start of the year\"
";
pub(super) const TEMPLATE_PRICES: &str = "date,group,value_usd,crude_usd_t,diesel_usd_t,source
2025-01-01,ru-refining,520.5,472.6,610,\"monthly averages, 2025-01 (USD/t)\"
2025-01-01,ua-power,112.5,,,\"day-ahead market, 2025-01 (USD/MWh)\"
";
pub(super) const TEMPLATE_YIELDS: &str = "group,asset_id,product,yield,confidence,source
ru-refining,,gasoline,0.15,high,\"national output, 2024\"
ru-refining,,diesel,0.31,high,\"national output, 2024\"
ru-refining,,jet,0.04,medium,\"national output, 2024\"
ru-refining,,fuel_oil,0.14,medium,\"national output, 2024\"
ru-refining,,other,0.36,low,the remainder
";
pub(super) const TEMPLATE_EXPORTS: &str = "group,month,product,exports_kt,confidence,source
ru-refining,2025-01,diesel,3000,medium,\"tanker tracking, 2025-01\"
ru-refining,2025-01,gasoline,250,low,\"tanker tracking, 2025-01\"
";
pub(super) const TEMPLATE_BALANCE: &str =
    "group,measure,from,to,season,hour,value,confidence,source
ua-power,demand_peak_mw,2024-12-01,2025-02-28,,,18000,medium,\"operator, winter peak\"
ua-power,available_mw,2024-12-01,,,,16000,low,\"capacity available apart from strikes\"
ua-power,import_limit_mw,2024-12-01,,,,2100,medium,\"ENTSO-E limit\"
ua-power,load_share,,,winter,0,0.75,,
ua-power,load_share,,,winter,1,0.75,,
ua-power,load_share,,,winter,2,0.75,,
ua-power,load_share,,,winter,3,0.75,,
ua-power,load_share,,,winter,4,0.75,,
ua-power,load_share,,,winter,5,0.75,,
ua-power,load_share,,,winter,6,0.9,,
ua-power,load_share,,,winter,7,0.9,,
ua-power,load_share,,,winter,8,0.9,,
ua-power,load_share,,,winter,9,0.9,,
ua-power,load_share,,,winter,10,0.9,,
ua-power,load_share,,,winter,11,0.9,,
ua-power,load_share,,,winter,12,0.9,,
ua-power,load_share,,,winter,13,0.9,,
ua-power,load_share,,,winter,14,0.9,,
ua-power,load_share,,,winter,15,0.9,,
ua-power,load_share,,,winter,16,0.9,,
ua-power,load_share,,,winter,17,1.0,,
ua-power,load_share,,,winter,18,1.0,,
ua-power,load_share,,,winter,19,1.0,,
ua-power,load_share,,,winter,20,1.0,,
ua-power,load_share,,,winter,21,0.9,,
ua-power,load_share,,,winter,22,0.9,,
ua-power,load_share,,,winter,23,0.9,,
";

pub(super) fn run(cmd: &Cmd) -> anyhow::Result<()> {
    match cmd {
        Cmd::Template { kind } => {
            print!(
                "{}",
                match kind {
                    TemplateKind::Assets => TEMPLATE_ASSETS,
                    TemplateKind::Strikes => TEMPLATE_STRIKES,
                    TemplateKind::Prices => TEMPLATE_PRICES,
                    TemplateKind::Benchmarks => TEMPLATE_BENCHMARKS,
                    TemplateKind::Yields => TEMPLATE_YIELDS,
                    TemplateKind::Exports => TEMPLATE_EXPORTS,
                    TemplateKind::Balance => TEMPLATE_BALANCE,
                    TemplateKind::Scenario => BUNDLED_SCENARIOS_TOML,
                }
            );
            Ok(())
        }
        Cmd::Export { dir, force } => {
            let files = [
                ("refineries.csv", BUNDLED_ASSETS_CSV),
                ("strikes.csv", BUNDLED_STRIKES_CSV),
                ("prices.csv", BUNDLED_PRICES_CSV),
                ("benchmarks.csv", BUNDLED_BENCHMARKS_CSV),
                ("refinery-yields.csv", BUNDLED_YIELDS_CSV),
                ("fuel-exports.csv", BUNDLED_EXPORTS_CSV),
                ("ua-power-plants.csv", BUNDLED_POWER_ASSETS_CSV),
                ("ua-power-strikes.csv", BUNDLED_POWER_STRIKES_CSV),
                ("ua-power-prices.csv", BUNDLED_POWER_PRICES_CSV),
                ("ua-power-balance.csv", BUNDLED_BALANCE_CSV),
                ("scenarios/truce-2025.toml", BUNDLED_SCENARIOS_TOML),
                ("README.md", BUNDLED_README),
            ];
            let existing: Vec<String> = files
                .iter()
                .map(|(name, _)| dir.join(name))
                .filter(|p| p.exists())
                .map(|p| p.display().to_string())
                .collect();
            if !existing.is_empty() && !force {
                return Err(crate::Error::Usage(format!(
                    "not overwriting existing files (give --force to replace them): {}",
                    existing.join(", ")
                ))
                .into());
            }
            let written = write_all_atomically(
                files
                    .iter()
                    .map(|(name, text)| OutputFile {
                        path: dir.join(name),
                        bytes: text.as_bytes().to_vec(),
                    })
                    .collect(),
            )?;
            for p in written {
                println!("wrote {}", p.display());
            }
            Ok(())
        }
    }
}
