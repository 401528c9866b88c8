//! Charts through the binary: every kind as PNG and SVG, sizes, determinism, empty cases.

use std::collections::HashSet;

use crate::workdir::{Workdir, FIXTURE_FLAGS};

const KINDS: [&str; 6] = [
    "capacity",
    "revenue",
    "outages",
    "monthly",
    "map",
    "benchmarks",
];

/// Checks a PNG: decodes, has the size asked for, and is not blank.
fn check_png(bytes: &[u8], size: (u32, u32), what: &str) {
    let img = image::load_from_memory(bytes)
        .unwrap_or_else(|e| panic!("{what}: not a PNG: {e}"))
        .to_rgb8();
    assert_eq!(img.dimensions(), size, "{what}");
    let colours: HashSet<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    assert!(
        colours.len() > 40,
        "{what}: only {} distinct colours",
        colours.len()
    );
}

/// Checks an SVG: well-formed XML that holds `title`.
fn check_svg(text: &str, title: &str, what: &str) {
    let doc = roxmltree::Document::parse(text)
        .unwrap_or_else(|e| panic!("{what}: not well-formed SVG: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg", "{what}");
    assert!(text.contains(title), "{what}: title {title:?} missing");
}

fn title(kind: &str) -> &'static str {
    match kind {
        "capacity" => "Refining capacity offline",
        "revenue" => "Refining revenue",
        "outages" => "Refinery outages from drone strikes",
        "monthly" => "Refining volume lost to strikes, by month",
        "benchmarks" => "Records against published figures",
        _ => "Refineries: capacity and volume lost to strikes",
    }
}

#[test]
fn every_kind_on_the_bundled_data() {
    let w = Workdir::new();
    w.run(&["project", "--out", "o", "--charts", "c", "--paths", "300"])
        .ok();
    for kind in KINDS {
        check_png(
            &std::fs::read(w.path().join(format!("c/ru-refining/{kind}.png"))).unwrap(),
            (1200, 700),
            kind,
        );
        check_svg(
            &std::fs::read_to_string(w.path().join(format!("c/ru-refining/{kind}.svg"))).unwrap(),
            title(kind),
            kind,
        );
    }
}

#[test]
fn every_kind_on_the_fixture_at_another_size() {
    let w = Workdir::with_fixture();
    w.write(
        "scen.toml",
        "as_of = \"2025-01-31\"\nuntil = \"2025-03-01\"\n[[scenario]]\nname = \"no-truce\"\n[[scenario]]\nname = \"truce\"\ntruce_start = \"2025-02-01\"\ntruce_days = 10\n",
    );
    for kind in KINDS {
        for ext in ["png", "svg"] {
            let out = format!("{kind}.{ext}");
            let args = [
                &[
                    "chart",
                    kind,
                    "--scenarios",
                    "scen.toml",
                    "--size",
                    "800x500",
                    "--out",
                    &out,
                ],
                &FIXTURE_FLAGS[..],
            ]
            .concat();
            w.run(&args).ok();
            let path = w.path().join(&out);
            if ext == "png" {
                check_png(&std::fs::read(path).unwrap(), (800, 500), kind);
            } else {
                check_svg(&std::fs::read_to_string(path).unwrap(), title(kind), kind);
            }
        }
    }
}

#[test]
fn the_same_input_gives_identical_files() {
    let w = Workdir::with_fixture();
    for round in ["a", "b"] {
        for kind in KINDS {
            let out = format!("{round}-{kind}.png");
            let args = [
                &[
                    "chart",
                    kind,
                    "--as-of",
                    "2025-01-31",
                    "--paths",
                    "200",
                    "--out",
                    &out,
                ],
                &FIXTURE_FLAGS[..],
            ]
            .concat();
            w.run(&args).ok();
        }
    }
    for kind in KINDS {
        let a = std::fs::read(w.path().join(format!("a-{kind}.png"))).unwrap();
        let b = std::fs::read(w.path().join(format!("b-{kind}.png"))).unwrap();
        assert!(a == b, "{kind} differs between two runs");
    }
}

#[test]
fn replotting_a_daily_file_gives_the_same_chart() {
    let w = Workdir::with_fixture();
    let args = [
        &[
            "project",
            "--as-of",
            "2025-01-31",
            "--truce",
            "2025-02-01:10",
            "--paths",
            "200",
            "--out",
            "o",
            "--charts",
            "c",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).ok();
    let args = [
        &[
            "chart",
            "capacity",
            "--from-daily",
            "o/daily.csv",
            "--out",
            "replot.svg",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).ok();
    let replot = std::fs::read_to_string(w.path().join("replot.svg")).unwrap();
    let original = std::fs::read_to_string(w.path().join("c/capacity.svg")).unwrap();
    // Same drawing; only the subtitle's source differs.
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("Data:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&replot), strip(&original));
}

#[test]
fn an_empty_period_or_no_strikes_says_so() {
    let w = Workdir::with_fixture();
    let args = [
        &[
            "chart",
            "outages",
            "--from",
            "2030-01-01",
            "--to",
            "2030-02-01",
            "--out",
            "o.svg",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).ok();
    assert!(std::fs::read_to_string(w.path().join("o.svg"))
        .unwrap()
        .contains("no outages in the period"));
    w.write(
        "none.csv",
        "strike_id,date,asset_id,disabled_mtpa,repair_days\n",
    );
    for kind in ["monthly", "outages", "map"] {
        let out = format!("{kind}.svg");
        let args = [
            "chart",
            kind,
            "--assets",
            "assets.csv",
            "--strikes",
            "none.csv",
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
            "--out",
            &out,
        ];
        w.run(&args).ok();
    }
    assert!(std::fs::read_to_string(w.path().join("monthly.svg"))
        .unwrap()
        .contains("no outages in the period"));
    let args = [
        "chart",
        "capacity",
        "--assets",
        "assets.csv",
        "--strikes",
        "none.csv",
        "--out",
        "c.png",
    ];
    w.run(&args)
        .input_error(&["--as-of: no strikes are loaded"]);
    let args = [
        "chart",
        "capacity",
        "--assets",
        "assets.csv",
        "--strikes",
        "none.csv",
        "--as-of",
        "2025-01-01",
        "--out",
        "c.png",
    ];
    w.run(&args).ok();
}

#[test]
fn bad_chart_options() {
    let w = Workdir::new();
    w.run(&["chart", "map", "--out", "map.jpg"])
        .input_error(&["expected a .png or .svg file"]);
    w.run(&["chart", "map", "--size", "12"])
        .input_error(&["expected WIDTHxHEIGHT"]);
    w.run(&["chart", "map", "--size", "50x50", "--out", "m.png"])
        .input_error(&["--size: expected a width of 200"]);
    assert!(!w.path().join("m.png").exists());
}

/// Pixels of exactly `colour` in a PNG.
fn count_colour(bytes: &[u8], colour: [u8; 3]) -> usize {
    image::load_from_memory(bytes)
        .unwrap()
        .to_rgb8()
        .pixels()
        .filter(|p| p.0 == colour)
        .count()
}

#[test]
fn the_charts_draw_their_data() {
    let w = Workdir::new();
    w.run(&["project", "--out", "o", "--charts", "c", "--paths", "300"])
        .ok();
    let read =
        |name: &str| std::fs::read(w.path().join(format!("c/ru-refining/{name}.png"))).unwrap();
    // Capacity: both scenario lines (no-truce orange, truce-30d blue) and the observed
    // history (near-black) are drawn, each over many pixels.
    let capacity = read("capacity");
    for (what, colour) in [
        ("no-truce", [213, 94, 0]),
        ("truce-30d", [0, 114, 178]),
        ("observed", [33, 37, 41]),
    ] {
        let n = count_colour(&capacity, colour);
        assert!(n > 300, "capacity: {what} has {n} pixels");
    }
    // Monthly: one red bar a month (26 months) covers a large area.
    let monthly = image::load_from_memory(&read("monthly")).unwrap().to_rgb8();
    let red = monthly
        .pixels()
        .filter(|p| p.0[0] > 180 && p.0[1] < 110 && p.0[2] < 110)
        .count();
    assert!(red > 20_000, "monthly: {red} red pixels");
    // Benchmarks: markers in the verdict colours (green inside, red below).
    let benchmarks = read("benchmarks");
    assert!(count_colour(&benchmarks, [0, 158, 115]) > 100);
    assert!(count_colour(&benchmarks, [201, 42, 42]) > 50);
    // The SVG of the capacity chart holds one polyline per drawn series at least.
    let svg = std::fs::read_to_string(w.path().join("c/ru-refining/capacity.svg")).unwrap();
    assert!(
        svg.matches("<polyline").count() >= 7,
        "capacity.svg polylines"
    );
}
