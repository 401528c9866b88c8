//! `datasets export` and `datasets template`.

use crate::workdir::Workdir;

#[test]
fn export_writes_files_that_validate() {
    let w = Workdir::new();
    w.run(&["datasets", "export", "mine"]).ok();
    let out = w
        .run(&[
            "validate",
            "--assets",
            "mine/refineries.csv",
            "--strikes",
            "mine/strikes.csv",
            "--prices",
            "mine/prices.csv",
        ])
        .ok();
    assert!(out.contains("ok: no problems found"), "{out}");
    assert!(w.path().join("mine/scenarios/truce-2025.toml").is_file());
    // The exported benchmarks read back as the bundled ones.
    let mine = w
        .run(&[
            "reconcile",
            "--benchmarks",
            "mine/benchmarks.csv",
            "--draws",
            "0",
            "--json",
        ])
        .ok();
    let bundled = w
        .run(&["reconcile", "--benchmarks", "--draws", "0", "--json"])
        .ok();
    assert_eq!(mine, bundled);
    // The exported yields read back as the bundled ones.
    let history = |extra: &[&str]| {
        let args = [
            &[
                "history",
                "--from",
                "2024-03-01",
                "--to",
                "2024-03-31",
                "--group",
                "ru-refining",
                "--draws",
                "0",
                "--json",
            ][..],
            extra,
        ]
        .concat();
        w.run(&args).ok()
    };
    assert_eq!(
        history(&["--yields", "mine/refinery-yields.csv"]),
        history(&[])
    );
}

#[test]
fn export_never_overwrites_without_force() {
    let w = Workdir::new();
    w.write("mine/strikes.csv", "my own work\n");
    w.run(&["datasets", "export", "mine"])
        .input_error(&["not overwriting existing files", "strikes.csv"]);
    assert_eq!(
        std::fs::read_to_string(w.path().join("mine/strikes.csv")).unwrap(),
        "my own work\n"
    );
    assert!(
        !w.path().join("mine/refineries.csv").exists(),
        "partial output"
    );
    w.run(&["datasets", "export", "mine", "--force"]).ok();
    assert!(std::fs::read_to_string(w.path().join("mine/strikes.csv"))
        .unwrap()
        .starts_with("strike_id,"));
}

#[test]
fn templates_validate_together() {
    let w = Workdir::new();
    for (kind, file) in [
        ("assets", "a.csv"),
        ("strikes", "s.csv"),
        ("prices", "p.csv"),
        ("yields", "y.csv"),
        ("exports", "x.csv"),
        ("balance", "b.csv"),
    ] {
        let text = w.run(&["datasets", "template", kind]).ok();
        w.write(file, text);
    }
    let tables = [
        "--assets",
        "a.csv",
        "--strikes",
        "s.csv",
        "--prices",
        "p.csv",
        "--yields",
        "y.csv",
        "--exports",
        "x.csv",
        "--balance",
        "b.csv",
    ];
    w.run(&[&["validate"][..], &tables].concat()).ok();
    // The side tables give each group its consequences: fuels, exports and their revenue
    // for the refinery, hours without power for the power plant.
    let history = |group: &str| {
        crate::workdir::json(
            &w.run(
                &[
                    &[
                        "history",
                        "--from",
                        "2025-01-01",
                        "--to",
                        "2025-02-28",
                        "--group",
                        group,
                        "--json",
                    ][..],
                    &tables,
                ]
                .concat(),
            )
            .ok(),
        )
    };
    let refining = history("ru-refining");
    assert!(
        refining["diesel_exports_lost_t_per_day"].as_f64().unwrap() > 0.0,
        "{refining}"
    );
    assert!(refining["exports_revenue_lost_usd"].as_f64().unwrap() > 0.0);
    let power = history("ua-power");
    assert_eq!(power["balance_days"], 59, "{power}");
    assert!(
        power["deficit_hours_per_day"].as_f64().unwrap() > 0.0,
        "{power}"
    );
    // The strikes template states its own uncertainty, and the benchmarks template reads.
    let strikes = std::fs::read_to_string(w.path().join("s.csv")).unwrap();
    assert!(strikes.starts_with("strike_id,") && strikes.contains("repair_days_low"));
    let text = w.run(&["datasets", "template", "benchmarks"]).ok();
    w.write("b.csv", text);
    let v = crate::workdir::json(
        &w.run(&[
            "reconcile",
            "--benchmarks",
            "b.csv",
            "--assets",
            "a.csv",
            "--strikes",
            "s.csv",
            "--prices",
            "p.csv",
            "--json",
        ])
        .ok(),
    );
    assert_eq!(v[0]["benchmark"]["id"], "reuters-2025-03-3.3mt");
}
