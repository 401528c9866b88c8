//! Benchmark workloads, run as whole processes of the release binary:
//!
//! * W1: 1,000 assets, 200,000 strikes over 10 years, 365 projected days, 3 scenarios,
//!   expected path; beside it the same work as a plain pandas/numpy script
//!   (`benches/w1_pandas.py`, run with `$STRIKE_IMPACT_PYTHON`, else the test venv's
//!   `target/python-env/bin/python`, else `python3`, when it has pandas).
//! * W2: the bundled data, 100,000 Monte Carlo paths, 365 days, 3 scenarios; and its peak
//!   memory at 10,000 and 1,000,000 paths.
//! * W3: 10,000 assets and 2,000,000 strikes (about 70 MB): `validate`, and the expected
//!   path of W1's scenarios; and `validate` with the strikes as Parquet.
//! * W4: record draws of the bundled records over two years (2024-2025): 10,000 and
//!   100,000 draws of `history`.
//!
//! * W5: the weekly backtest of the bundled refinery records, 2024-03 .. 2025-09, four
//!   lookback windows, 2,000 paths per as-of date.
//! * W6: `ingest acled` of 1,000,000 synthetic events in ACLED's layout (about 160 MB) against the
//!   bundled assets and strikes.
//! * W7: `sensitivity` of the bundled refinery case's truce gain: tornado and Sobol' indices
//!   with 4,096 base samples (11 inputs, 53,248 evaluations) on the expected path; and with
//!   1,000 Monte Carlo paths per evaluation (256 base samples, 3,328 evaluations).
//!
//! * W8: a Hawkes fit of 10,000 strikes (`project --arrivals hawkes` on synthetic records).
//!
//! W2 and W5 are also run with the other arrival models (`--arrivals`).
//!
//! `cargo bench --bench workloads` prints wall time (best of the runs) and peak resident
//! memory of each. `cargo bench --bench workloads -- W1` runs one.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// Runs `program` once; returns wall time and the child's peak resident memory (bytes).
fn run_once(program: &str, args: &[String], dir: &Path) -> (Duration, u64) {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run strike-impact");
    let elapsed = start.elapsed();
    assert!(status.success(), "{program} {} failed", args.join(" "));
    (elapsed, peak_rss_of_children())
}

/// Peak resident set size of the largest child waited for so far, bytes.
fn peak_rss_of_children() -> u64 {
    // SAFETY: getrusage only writes into the struct we pass.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss as u64 * 1024
    }
}

/// Runs a workload of the binary in a fresh child each time, so each peak is measured on
/// its own.
fn measure(name: &str, args: &[String], dir: &Path, runs: usize) -> Duration {
    measure_program(name, env!("CARGO_BIN_EXE_strike-impact"), args, dir, runs)
}

/// [`measure`] for any program; returns the best wall time.
fn measure_program(
    name: &str,
    program: &str,
    args: &[String],
    dir: &Path,
    runs: usize,
) -> Duration {
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..runs {
        // Run through a shell-less helper process of our own so RUSAGE_CHILDREN is per run.
        let exe = std::env::current_exe().unwrap();
        let out = Command::new(exe)
            .arg("--child")
            .arg(program)
            .args(args)
            .current_dir(dir)
            .output()
            .expect("bench child");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let mut it = text.split_whitespace();
        let nanos: u64 = it.next().unwrap().parse().unwrap();
        let rss: u64 = it.next().unwrap().parse().unwrap();
        best = best.min(Duration::from_nanos(nanos));
        peak = peak.max(rss);
    }
    println!(
        "{name:<32} wall {:>8.3} s (best of {runs})   peak memory {:>7.1} MiB",
        best.as_secs_f64(),
        peak as f64 / (1024.0 * 1024.0)
    );
    best
}

/// A Python that has pandas and numpy, for the W1 baseline.
fn python_with_pandas() -> Option<String> {
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/target/python-env/bin/python");
    let candidates = [
        std::env::var("STRIKE_IMPACT_PYTHON").ok(),
        Some(venv.to_owned()),
        Some("python3".to_owned()),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import pandas, numpy"])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Synthetic W1 inputs: assets a00000..a00999, strikes spread over 2015..2024.
fn write_w1(dir: &Path) {
    write_synthetic(dir, "", 1000, 200_000);
}

/// Synthetic inputs of `assets` assets and `strikes` strikes spread over 2015..2024, as
/// `{prefix}assets.csv`, `{prefix}strikes.csv`, `{prefix}prices.csv` and `{prefix}w1.toml`.
fn write_synthetic(dir: &Path, prefix: &str, n_assets: u64, n_strikes: u64) {
    let mut assets = String::from("asset_id,name,capacity_mtpa,utilization\n");
    for i in 0..n_assets {
        let cap = 1.0 + (i * 37 % 200) as f64 / 10.0;
        writeln!(assets, "a{i:05},Asset {i},{cap},0.8").unwrap();
    }
    let mut strikes = String::from("strike_id,date,asset_id,disabled_share,repair_days\n");
    let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let mut x: u64 = 0x2545F4914F6CDD1D;
    for k in 0..n_strikes {
        // xorshift: reproducible synthetic data without a dependency
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let day = start + chrono::Days::new(k * 3652 / n_strikes);
        let asset = x % n_assets;
        let share = 0.05 + ((x >> 20) % 90) as f64 / 100.0;
        let repair = 1 + (x >> 40) % 60;
        writeln!(strikes, "w{k},{day},a{asset:05},{share:.2},{repair}").unwrap();
    }
    std::fs::write(dir.join(format!("{prefix}assets.csv")), assets).unwrap();
    std::fs::write(dir.join(format!("{prefix}strikes.csv")), strikes).unwrap();
    std::fs::write(
        dir.join(format!("{prefix}prices.csv")),
        "date,product_usd_t,crude_usd_t\n2015-01-01,550,480\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(format!("{prefix}w1.toml")),
        "as_of = \"2024-12-31\"\nuntil = \"2025-12-31\"\n\
         [[scenario]]\nname = \"no-truce\"\n\
         [[scenario]]\nname = \"truce-30d\"\ntruce_start = \"2025-01-01\"\ntruce_days = 30\n\
         [[scenario]]\nname = \"truce-90d-half\"\ntruce_start = \"2025-01-01\"\ntruce_days = 90\ncompliance = 0.5\n",
    )
    .unwrap();
}

/// `{prefix}strikes.csv` again as `{prefix}strikes.parquet`, with typed columns.
fn write_parquet_strikes(dir: &Path, prefix: &str) {
    use strike_impact::prelude::{Table, Values};
    let text = std::fs::read_to_string(dir.join(format!("{prefix}strikes.csv"))).unwrap();
    let mut cols: [Vec<&str>; 5] = Default::default();
    for line in text.lines().skip(1) {
        for (col, cell) in cols.iter_mut().zip(line.split(',')) {
            col.push(cell);
        }
    }
    let [ids, dates, assets, shares, repairs] = cols;
    let mut t = Table::default();
    t.push(
        "strike_id",
        Values::Text(ids.iter().map(|s| s.to_string()).collect()),
    );
    t.push(
        "date",
        Values::Date(dates.iter().map(|s| s.parse().unwrap()).collect()),
    );
    t.push(
        "asset_id",
        Values::Text(assets.iter().map(|s| s.to_string()).collect()),
    );
    t.push(
        "disabled_share",
        Values::Float(shares.iter().map(|s| s.parse().unwrap()).collect()),
    );
    t.push(
        "repair_days",
        Values::Int(repairs.iter().map(|s| s.parse().unwrap()).collect()),
    );
    let file = std::fs::File::create(dir.join(format!("{prefix}strikes.parquet"))).unwrap();
    t.write_parquet(file).unwrap();
}

fn write_w2(dir: &Path) {
    std::fs::write(
        dir.join("w2.toml"),
        "as_of = \"2025-03-17\"\nuntil = \"2026-03-17\"\n\
         [[scenario]]\nname = \"no-truce\"\n\
         [[scenario]]\nname = \"truce-30d\"\ntruce_start = \"2025-03-18\"\ntruce_days = 30\n\
         [[scenario]]\nname = \"truce-30d-extended\"\ntruce_start = \"2025-03-18\"\ntruce_days = 30\nextended = true\n",
    )
    .unwrap();
}

/// Synthetic W8 records: one asset and 10,000 strikes over the 1,095 days of history an
/// arrival model is fitted to, in bursts (a day's count rises and falls in campaigns).
fn write_w8(dir: &Path) {
    std::fs::write(
        dir.join("w8-assets.csv"),
        "asset_id,name,capacity_mtpa,utilization\na,A,100,0.85\n",
    )
    .unwrap();
    let mut text = String::from("strike_id,date,asset_id,disabled_mtpa,repair_days\n");
    let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let mut x: u64 = 0x2545F4914F6CDD1D;
    let mut n = 0;
    for day in 0..1_095u64 {
        // A campaign every ~90 days: rates between 2 and 16 strikes a day.
        let phase = (day % 90) as f64 / 90.0;
        let rate = 2.0 + 14.0 * (std::f64::consts::PI * phase).sin().powi(2);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let count = (rate * (0.5 + (x % 1000) as f64 / 1000.0)).round() as u64;
        for _ in 0..count {
            if n == 10_000 {
                break;
            }
            let date = start + chrono::Days::new(day);
            writeln!(text, "s{n},{date},a,1,5").unwrap();
            n += 1;
        }
    }
    std::fs::write(dir.join("w8-strikes.csv"), text).unwrap();
}

/// Synthetic W6 events: ACLED's layout, spread over the bundled assets' region (most far
/// from any asset, some near one, a third of other types).
fn write_w6(dir: &Path) {
    let mut text = String::from(
        "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,country,admin1,admin2,\
         location,latitude,longitude,geo_precision,source,notes,fatalities\n",
    );
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for k in 0..1_000_000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let day = start + chrono::Days::new(k * 730 / 1_000_000);
        let lat = 44.0 + (x % 14_000) as f64 / 1000.0;
        let lon = 22.0 + ((x >> 16) % 36_000) as f64 / 1000.0;
        let sub = [
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Armed clash",
        ][(x >> 40) as usize % 3];
        let note = [
            "Drones attacked an oil refinery",
            "Strike on a thermal power plant (TPP)",
            "Debris fell on a house",
        ][(x >> 44) as usize % 3];
        writeln!(
            text,
            "X{k},{day},2024,Explosions/Remote violence,{sub},Actor,Country,Region,District,Place,{lat:.4},{lon:.4},1,Synthetic,{note},0"
        )
        .unwrap();
    }
    std::fs::write(dir.join("events.csv"), text).unwrap();
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        let (t, rss) = run_once(&args[1], &args[2..], Path::new("."));
        println!("{} {}", t.as_nanos(), rss);
        return;
    }
    let filter: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    // The inputs are written to a temporary folder, or kept in STRIKE_IMPACT_BENCH_DIR.
    let dir = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("STRIKE_IMPACT_BENCH_DIR").map(std::path::PathBuf::from);
    if let Some(k) = &kept {
        std::fs::create_dir_all(k).unwrap();
    }
    let d = kept.as_deref().unwrap_or(dir.path());
    println!(
        "strike-impact workloads ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if wanted("W1") {
        write_w1(d);
        let a = strings(&[
            "project",
            "--assets",
            "assets.csv",
            "--strikes",
            "strikes.csv",
            "--prices",
            "prices.csv",
            "--scenarios",
            "w1.toml",
            "--out",
            "w1",
            "--quiet",
        ]);
        let ours = measure("W1 expected path", &a, d, RUNS);
        match python_with_pandas() {
            Some(python) => {
                let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/w1_pandas.py");
                let theirs = measure_program(
                    "W1 pandas/numpy script",
                    &python,
                    &strings(&[script, "."]),
                    d,
                    RUNS,
                );
                println!(
                    "{:<32} {:.1}x faster than the script",
                    "W1 strike-impact",
                    theirs.as_secs_f64() / ours.as_secs_f64()
                );
            }
            None => println!(
                "W1 pandas/numpy script: skipped (no Python with pandas; set STRIKE_IMPACT_PYTHON)"
            ),
        }
    }
    if wanted("W3") {
        write_synthetic(d, "w3-", 10_000, 2_000_000);
        let data = [
            "--assets",
            "w3-assets.csv",
            "--strikes",
            "w3-strikes.csv",
            "--prices",
            "w3-prices.csv",
        ];
        let a = strings(&[&["validate"][..], &data[..]].concat());
        measure("W3 validate", &a, d, 3);
        let a = strings(
            &[
                &["project"][..],
                &data[..],
                &["--scenarios", "w3-w1.toml", "--out", "w3", "--quiet"][..],
            ]
            .concat(),
        );
        measure("W3 expected path", &a, d, 3);
        write_parquet_strikes(d, "w3-");
        let a = strings(&[
            "validate",
            "--assets",
            "w3-assets.csv",
            "--strikes",
            "w3-strikes.parquet",
            "--prices",
            "w3-prices.csv",
        ]);
        measure("W3 validate, strikes as Parquet", &a, d, 3);
    }
    if wanted("W2") {
        write_w2(d);
        // W2's projection with `paths` paths and `model` (`None`: the group's default).
        let w2 = |paths: &str, model: Option<&str>| {
            let mut a = strings(&[
                "project",
                "--group",
                "ru-refining",
                "--scenarios",
                "w2.toml",
                "--paths",
                paths,
                "--seed",
                "1",
                "--out",
                "w2",
                "--quiet",
            ]);
            if let Some(model) = model {
                a.extend(strings(&["--arrivals", model, "--calibration", "none"]));
            }
            a
        };
        for (name, paths, runs) in [
            ("W2 Monte Carlo 100,000 paths", "100000", RUNS),
            ("W2 Monte Carlo 10,000 paths", "10000", RUNS),
            ("W2 Monte Carlo 1,000,000 paths", "1000000", 1),
        ] {
            measure(name, &w2(paths, Some("poisson")), d, runs);
        }
        // The group's default: hawkes, bands read at its track record's levels (48 earlier
        // projections of 2,000 paths each, before the run's own paths).
        measure(
            "W2 Monte Carlo 100,000 paths, the default (hawkes, conformal)",
            &w2("100000", None),
            d,
            RUNS,
        );
        for model in ["negbin", "hawkes", "resample", "campaign"] {
            measure(
                &format!("W2 Monte Carlo 100,000 paths, {model} arrivals"),
                &w2("100000", Some(model)),
                d,
                RUNS,
            );
        }
    }
    if wanted("W8") {
        write_w8(d);
        let a = strings(&[
            "project",
            "--assets",
            "w8-assets.csv",
            "--strikes",
            "w8-strikes.csv",
            "--arrivals",
            "hawkes",
            "--out",
            "w8",
            "--quiet",
        ]);
        measure(
            "W8 Hawkes fit of 10,000 strikes (project, expected path)",
            &a,
            d,
            RUNS,
        );
    }
    if wanted("W4") {
        for (name, draws) in [
            ("W4 record draws, 10,000 draws over two years", "10000"),
            ("W4 record draws, 100,000 draws over two years", "100000"),
        ] {
            let a = strings(&[
                "history",
                "--from",
                "2024-01-01",
                "--to",
                "2025-12-31",
                "--group",
                "ru-refining",
                "--draws",
                draws,
                "--seed",
                "1",
                "--json",
            ]);
            measure(name, &a, d, RUNS);
        }
    }
    if wanted("W5") {
        let a = strings(&[
            "backtest",
            "--group",
            "ru-refining",
            "--every",
            "7",
            "--horizon",
            "90",
            "--lookback-days",
            "30,60,90,180",
            "--paths",
            "2000",
        ]);
        measure(
            "W5 weekly backtest, 4 lookbacks x 83 dates x 2,000 paths",
            &a,
            d,
            RUNS,
        );
        let mut all = a.clone();
        all.extend(strings(&[
            "--arrivals",
            "poisson,negbin,hawkes,resample,campaign",
        ]));
        measure("W5 the same for the 5 arrival models", &all, d, 1);
        let mut default = a.clone();
        default.extend(strings(&[
            "--arrivals",
            "hawkes",
            "--calibration",
            "conformal",
        ]));
        measure(
            "W5 the same with the group's default (hawkes, conformal)",
            &default,
            d,
            RUNS,
        );
    }
    if wanted("W6") {
        write_w6(d);
        let a = strings(&["ingest", "acled", "events.csv", "--out", "w6.csv"]);
        measure("W6 ingest acled, 1,000,000 events", &a, d, RUNS);
    }
    if wanted("W7") {
        let a = strings(&[
            "sensitivity",
            "--group",
            "ru-refining",
            "--arrivals",
            "poisson",
            "--samples",
            "4096",
            "--out",
            "w7",
        ]);
        measure("W7 sensitivity, 4,096 samples, expected path", &a, d, 3);
        let a = strings(&[
            "sensitivity",
            "--group",
            "ru-refining",
            "--arrivals",
            "poisson",
            "--samples",
            "256",
            "--paths",
            "1000",
            "--out",
            "w7mc",
        ]);
        measure("W7 sensitivity, 256 samples x 1,000 paths", &a, d, 1);
    }
}
