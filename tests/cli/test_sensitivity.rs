//! `sensitivity` through the binary: the tornado by hand, ranges from a scenario file,
//! bad ranges located, the same indices on any thread count.

use crate::workdir::{json, Workdir, FIXTURE_FLAGS};

fn table(w: &Workdir, path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(w.path().join(path)).unwrap();
    let mut rows = text
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect::<Vec<_>>());
    let header = rows.next().unwrap();
    (header, rows.collect())
}

fn num(row: &[String], header: &[String], name: &str) -> f64 {
    let i = header.iter().position(|h| h == name).unwrap();
    row[i].parse().unwrap()
}

const DATES: [&str; 4] = ["--as-of", "2025-02-10", "--until", "2025-03-11"];

#[test]
fn the_tornado_by_hand() {
    let w = Workdir::with_fixture();
    let args = [
        &["sensitivity", "--method", "tornado", "--out", "t"][..],
        &DATES[..],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).ok();
    let (header, rows) = table(&w, "t/tornado.csv");
    // The base case is a 30-day truce from the first projected day, fully kept: its gain
    // is what `project` gives for it.
    let out = w
        .run(
            &[
                &[
                    "project",
                    "--json",
                    "--out",
                    "p",
                    "--truce",
                    "2025-02-11:30",
                ][..],
                &DATES[..],
                &FIXTURE_FLAGS[..],
            ]
            .concat(),
        )
        .ok();
    let gain = json(&out)[1]["gain_revenue_usd"].as_f64().unwrap();
    let base = num(&rows[0], &header, "base_value");
    assert!((base - gain).abs() < 1e-6, "{base} {gain}");
    // Compliance 0 gives nothing back; 1 is the base case.
    let compliance = rows.iter().find(|r| r[0] == "compliance").unwrap();
    assert_eq!(num(compliance, &header, "value_at_low"), 0.0);
    assert!((num(compliance, &header, "value_at_high") - gain).abs() < 1e-6);
    // The expected path is linear in the base rate: half the rate, half the gain.
    let rate = rows
        .iter()
        .find(|r| r[0] == "strike_rate_multiplier")
        .unwrap();
    assert!((num(rate, &header, "value_at_low") - gain * 0.5).abs() < 1e-3);
    assert!((num(rate, &header, "value_at_high") - gain * 1.5).abs() < 1e-3);
    // Largest swing first.
    let swings: Vec<f64> = rows.iter().map(|r| num(r, &header, "swing")).collect();
    assert!(swings.windows(2).all(|p| p[0] >= p[1]), "{swings:?}");
    // The fixture's records state no default: those inputs are left out.
    assert!(
        rows.iter().all(|r| !r[0].starts_with("default_outage")),
        "{rows:?}"
    );
}

#[test]
fn ranges_come_from_the_scenario_file_and_bad_ones_are_located() {
    let w = Workdir::with_fixture();
    w.write(
        "s.toml",
        "as_of = 2025-02-10\nuntil = 2025-03-11\n\n[[scenario]]\nname = \"no-truce\"\n\n[[scenario]]\nname = \"truce\"\ntruce_start = 2025-02-11\ntruce_days = 30\n\n[sensitivity]\ncompliance = [0.5, 1.0]\n",
    );
    w.run(
        &[
            &[
                "sensitivity",
                "--method",
                "tornado",
                "--scenarios",
                "s.toml",
                "--out",
                "t",
            ][..],
            &FIXTURE_FLAGS[..],
        ]
        .concat(),
    )
    .ok();
    let (header, rows) = table(&w, "t/tornado.csv");
    let compliance = rows.iter().find(|r| r[0] == "compliance").unwrap();
    let base = num(compliance, &header, "base_value");
    assert_eq!(num(compliance, &header, "low"), 0.5);
    assert!((num(compliance, &header, "value_at_low") - base / 2.0).abs() < 1e-6);
    w.write(
        "bad.toml",
        "as_of = 2025-02-10\n\n[[scenario]]\nname = \"no-truce\"\n\n[sensitivity]\ncompliance = [1.0, 0.5]\nlookback_days = [10]\nrain = [0, 1]\ndiversion = [0, 2]\n",
    );
    let run = w.run(
        &[
            &["sensitivity", "--scenarios", "bad.toml", "--out", "x"][..],
            &FIXTURE_FLAGS[..],
        ]
        .concat(),
    );
    assert_eq!(run.code(), Some(2), "{run}");
    for needle in [
        "bad.toml line 7",
        "compliance: expected [low, high] with low < high, found [1, 0.5]",
        "bad.toml line 8",
        "lookback_days: expected two values [low, high], found 1 value",
        "bad.toml line 9",
        "expected an input of lookback_days, compliance",
        "found \"rain\"",
        "bad.toml line 10",
        "diversion: expected a share from 0 to 1 at both ends, found [0, 2]",
    ] {
        assert!(run.stderr().contains(needle), "{needle}\n{run}");
    }
    assert!(!w.path().join("x").exists());
}

#[test]
fn sobol_indices_are_the_same_bytes_on_any_thread_count() {
    let w = Workdir::with_fixture();
    let run = |threads: &str, out: &str| {
        w.run(
            &[
                &[
                    "sensitivity",
                    "--method",
                    "sobol",
                    "--samples",
                    "64",
                    "--resamples",
                    "50",
                    "--threads",
                    threads,
                    "--out",
                    out,
                    "--format",
                    "json",
                ][..],
                &DATES[..],
                &FIXTURE_FLAGS[..],
            ]
            .concat(),
        )
        .ok()
    };
    let printed = run("1", "a");
    run("2", "b");
    let a = std::fs::read(w.path().join("a/sobol.json")).unwrap();
    assert_eq!(a, std::fs::read(w.path().join("b/sobol.json")).unwrap());
    assert!(
        printed.contains("Sobol' indices: gain_revenue_usd of truce, 64 base samples"),
        "{printed}"
    );
    let v: serde_json::Value = serde_json::from_slice(&a).unwrap();
    for row in v.as_array().unwrap() {
        let (s1, st) = (
            row["first_order"].as_f64().unwrap(),
            row["total_order"].as_f64().unwrap(),
        );
        assert!(s1.is_finite() && st.is_finite(), "{row}");
        assert!(
            row["total_order_low"].as_f64().unwrap() <= row["total_order_high"].as_f64().unwrap()
        );
    }
}

#[test]
fn monte_carlo_paths_leave_out_the_default_scales_they_redraw() {
    let w = Workdir::new();
    let inputs = |out: &str| {
        let (_, rows) = table(&w, &format!("{out}/tornado.csv"));
        rows.into_iter().map(|r| r[0].clone()).collect::<Vec<_>>()
    };
    let tornado = [
        "sensitivity",
        "--group",
        "ru-refining",
        "--method",
        "tornado",
    ];
    w.run(&[&tornado[..], &["--out", "ep"][..]].concat()).ok();
    assert!(inputs("ep").contains(&"default_outage_scale".to_owned()));
    w.run(&[&tornado[..], &["--paths", "20", "--out", "mc"][..]].concat())
        .ok();
    let mc = inputs("mc");
    assert!(
        !mc.iter()
            .any(|i| i.starts_with("default_outage") || i.starts_with("default_share")),
        "{mc:?}"
    );
    // Asked for by name, it is refused at its line.
    w.write(
        "s.toml",
        "[[scenario]]\nname = \"no-truce\"\n\n[sensitivity]\ndefault_outage_scale = [0.5, 2.0]\n",
    );
    let run = w.run(
        &[
            &tornado[..],
            &["--paths", "20", "--scenarios", "s.toml", "--out", "x"][..],
        ]
        .concat(),
    );
    assert_eq!(run.code(), Some(2), "{run}");
    assert!(run.stderr().contains("s.toml line 5"), "{run}");
    assert!(
        run.stderr().contains(
            "default_outage_scale: expected an input the Monte Carlo paths do not redraw"
        ),
        "{run}"
    );
}

/// The arrival model's fitted parameters join the inputs: on the refinery records (hawkes,
/// the group's default) its baseline, branching ratio and decay, each over its fit's 95 %
/// interval as the fit's standard error gives it (log scale for the baseline and decay,
/// logit scale for the branching ratio); a higher baseline gives back more. A parameter the
/// model in use does not have is refused with the ones it has.
#[test]
fn the_arrival_models_fitted_parameters_are_ranged() {
    let w = Workdir::new();
    // The tornado of a group's truce gain, its table's header and rows.
    let tornado = |group: &str| {
        w.tornado(group, group, "csv");
        table(&w, &format!("{group}/tornado.csv"))
    };
    let (header, rows) = tornado("ru-refining");
    let fit = json(
        &w.run(&["project", "--group", "ru-refining", "--json", "--out", "p"])
            .ok(),
    )[0]["arrivals"]
        .clone();
    assert_eq!(fit["model"], "hawkes");
    let row = |name: &str| {
        rows.iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("{name}: {rows:?}"))
    };
    let (mu, se) = (
        fit["mu"]["value"].as_f64().unwrap(),
        fit["mu"]["se"].as_f64().unwrap(),
    );
    let baseline = row("hawkes_baseline");
    assert!((num(baseline, &header, "low") - mu * (-2.0 * se / mu).exp()).abs() < 1e-9);
    assert!((num(baseline, &header, "high") - mu * (2.0 * se / mu).exp()).abs() < 1e-9);
    assert!(num(baseline, &header, "value_at_high") > num(baseline, &header, "value_at_low"));
    let (n, se) = (
        fit["n"]["value"].as_f64().unwrap(),
        fit["n"]["se"].as_f64().unwrap(),
    );
    let logit = (n / (1.0 - n)).ln() + 2.0 * se / (n * (1.0 - n));
    let high = (1.0 / (1.0 + (-logit).exp())).min(0.989);
    assert!((num(row("hawkes_branching"), &header, "high") - high).abs() < 1e-9);
    row("hawkes_decay");
    assert!(
        rows.iter().all(|r| !r[0].starts_with("campaign")),
        "{rows:?}"
    );
    // On the power plants, the campaign model's: at their estimates every parameter leaves
    // the fit as it was, so the base case is the projection's own truce gain.
    let (power_header, power_rows) = tornado("ua-power");
    for name in [
        "campaign_quiet_rate",
        "campaign_rate",
        "campaign_start_chance",
    ] {
        assert!(
            power_rows.iter().any(|r| r[0] == name),
            "{name}: {power_rows:?}"
        );
    }
    let gain = json(
        &w.run(&["project", "--group", "ua-power", "--json", "--out", "pp"])
            .ok(),
    )[1]["gain_revenue_usd"]
        .as_f64()
        .unwrap();
    let base = num(&power_rows[0], &power_header, "base_value");
    assert!((base - gain).abs() < 1e-6 * gain, "{base} {gain}");
    // A campaign parameter for a Hawkes fit: refused, naming the ones it has.
    let case = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/scenarios/truce-2025.toml"),
    )
    .unwrap();
    w.write(
        "c.toml",
        format!("{case}\n[sensitivity]\ncampaign_rate = [1.0, 2.0]\n"),
    );
    w.run(&[
        "sensitivity",
        "--group",
        "ru-refining",
        "--scenarios",
        "c.toml",
        "--out",
        "c",
    ])
    .input_error(&[
        "c.toml",
        "campaign_rate",
        "hawkes_baseline, hawkes_branching, hawkes_decay",
    ]);
}
