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
    // The fuels chart of the refineries, whose yields are bundled; none for power plants.
    check_png(
        &std::fs::read(w.path().join("c/ru-refining/fuels.png")).unwrap(),
        (1200, 700),
        "fuels",
    );
    let svg = std::fs::read_to_string(w.path().join("c/ru-refining/fuels.svg")).unwrap();
    check_svg(&svg, "Fuels and exports lost to strikes", "fuels");
    assert!(svg.contains("truce-30d gives back 4,876 t/d of fuels, 3,534 t/d of exports"));
    assert!(!w.path().join("c/ua-power/fuels.png").exists());
}

#[test]
fn the_svg_asks_for_the_font_the_png_is_drawn_in() {
    let w = Workdir::new();
    w.run(&["chart", "monthly", "--out", "m.svg"]).ok();
    let svg = std::fs::read_to_string(w.path().join("m.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let families: HashSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.attribute("font-family"))
        .collect();
    // The bundled DejaVu Sans, with the generic family for a viewer without it.
    assert_eq!(families, HashSet::from(["DejaVu Sans, sans-serif"]));
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

#[test]
fn every_chart_at_four_sizes_decodes_at_its_size() {
    for (size, dims) in [
        ("640x400", (640, 400)),
        ("800x500", (800, 500)),
        ("1200x700", (1200, 700)),
        ("1600x900", (1600, 900)),
    ] {
        let w = Workdir::new();
        w.run(&[
            "project", "--out", "o", "--charts", "c", "--paths", "100", "--size", size,
        ])
        .ok();
        w.run(&[
            "sweep",
            "--group",
            "ru-refining",
            "--truce-days",
            "10,30",
            "--compliance",
            "0.5,1",
            "--out",
            "s",
            "--charts",
            "c",
            "--size",
            size,
        ])
        .ok();
        w.run(&[
            "sensitivity",
            "--group",
            "ru-refining",
            "--samples",
            "16",
            "--resamples",
            "50",
            "--out",
            "t",
            "--charts",
            "c",
            "--size",
            size,
        ])
        .ok();
        let mut charts: Vec<String> = ["sides", "sweep", "tornado", "sobol"]
            .map(String::from)
            .to_vec();
        for kind in KINDS {
            charts.push(format!("ru-refining/{kind}"));
            if kind != "benchmarks" {
                charts.push(format!("ua-power/{kind}"));
            }
        }
        for chart in &charts {
            let what = format!("{chart} at {size}");
            check_png(
                &std::fs::read(w.path().join(format!("c/{chart}.png"))).unwrap(),
                dims,
                &what,
            );
            let svg = std::fs::read_to_string(w.path().join(format!("c/{chart}.svg"))).unwrap();
            check_svg(&svg, "Data:", &what);
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let root = doc.root_element();
            assert_eq!(
                (root.attribute("width"), root.attribute("height")),
                (
                    Some(dims.0.to_string().as_str()),
                    Some(dims.1.to_string().as_str())
                ),
                "{what}"
            );
        }
    }
}

/// The text of every `<text>` element of an SVG.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_owned())
        .collect()
}

#[test]
fn title_subtitle_and_source_replace_the_charts_own() {
    let w = Workdir::with_fixture();
    let args = [
        &[
            "chart",
            "revenue",
            "--as-of",
            "2025-01-31",
            "--truce",
            "2025-02-01:10",
            "--title",
            "What ten days of truce are worth",
            "--subtitle",
            "Loss against no outages, by scenario",
            "--source",
            "Data: company reports; own analysis",
            "--out",
            "r.svg",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).ok();
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("r.svg")).unwrap());
    for given in [
        "What ten days of truce are worth",
        "Loss against no outages, by scenario",
        "Data: company reports; own analysis",
    ] {
        assert!(
            texts.iter().any(|t| t == given),
            "{given:?} not in {texts:?}"
        );
    }
    assert!(!texts.iter().any(|t| t.contains("revenue lost to strikes")));
    assert!(!texts.iter().any(|t| t.starts_with("Data: assets.csv")));
    // project --charts: every chart of the set takes them.
    let args = [
        &[
            "project",
            "--as-of",
            "2025-01-31",
            "--out",
            "o",
            "--charts",
            "c",
            "--source",
            "Data: my sources",
            "--title",
            "My title",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).ok();
    // No published figures beside the fixture's records: no benchmarks chart.
    assert!(!w.path().join("c/benchmarks.svg").exists());
    for kind in KINDS.iter().filter(|k| **k != "benchmarks") {
        let texts =
            svg_texts(&std::fs::read_to_string(w.path().join(format!("c/{kind}.svg"))).unwrap());
        assert!(
            texts.iter().any(|t| t == "Data: my sources"),
            "{kind}: {texts:?}"
        );
        assert!(texts.iter().any(|t| t == "My title"), "{kind}: {texts:?}");
    }
}

#[test]
fn a_file_given_by_its_path_is_named_by_its_file_name() {
    let w = Workdir::with_fixture();
    let (assets, strikes, prices) = (
        w.path().join("assets.csv"),
        w.path().join("strikes.csv"),
        w.path().join("prices.csv"),
    );
    let (assets, strikes, prices) = (
        assets.to_str().unwrap(),
        strikes.to_str().unwrap(),
        prices.to_str().unwrap(),
    );
    let data = ["--assets", assets, "--strikes", strikes, "--prices", prices];
    let folder = w.path().to_str().unwrap().to_owned();
    for kind in ["map", "capacity"] {
        let out = format!("{kind}.svg");
        let args = [
            &["chart", kind, "--as-of", "2025-01-31", "--out", &out][..],
            &data[..],
        ]
        .concat();
        w.run(&args).ok();
        let svg = std::fs::read_to_string(w.path().join(&out)).unwrap();
        assert!(
            svg_texts(&svg)
                .iter()
                .any(|t| t == "Data: assets.csv, strikes.csv, prices.csv"),
            "{kind}: {:?}",
            svg_texts(&svg)
        );
        assert!(!svg.contains(&folder), "{kind}: the folder is shown");
    }
    // A daily file: its name only.
    let args = [
        &["project", "--as-of", "2025-01-31", "--out", "o"][..],
        &data[..],
    ]
    .concat();
    w.run(&args).ok();
    let daily = w.path().join("o/daily.csv");
    w.run(&[
        "chart",
        "capacity",
        "--from-daily",
        daily.to_str().unwrap(),
        "--assets",
        assets,
        "--strikes",
        strikes,
        "--out",
        "replot.svg",
    ])
    .ok();
    // A daily file: the data of the run that wrote it (its run.json), and the file's name.
    let svg = std::fs::read_to_string(w.path().join("replot.svg")).unwrap();
    assert!(
        svg_texts(&svg)
            .iter()
            .any(|t| t == "Data: assets.csv, strikes.csv, prices.csv, as projected in daily.csv"),
        "{:?}",
        svg_texts(&svg)
    );
    assert!(!svg.contains(&folder));
    // Without its run.json, the file alone.
    std::fs::remove_file(w.path().join("o/run.json")).unwrap();
    w.run(&[
        "chart",
        "capacity",
        "--from-daily",
        daily.to_str().unwrap(),
        "--out",
        "alone.svg",
    ])
    .ok();
    let svg = std::fs::read_to_string(w.path().join("alone.svg")).unwrap();
    assert!(svg_texts(&svg)
        .iter()
        .any(|t| t == "Data: as projected in daily.csv"));
    // A table not given is named as bundled: here the prices a revenue stands on.
    w.run(&[
        "chart",
        "capacity",
        "--as-of",
        "2025-01-31",
        "--assets",
        assets,
        "--strikes",
        strikes,
        "--out",
        "bundled-prices.svg",
    ])
    .ok();
    let svg = std::fs::read_to_string(w.path().join("bundled-prices.svg")).unwrap();
    assert!(
        svg_texts(&svg)
            .iter()
            .any(|t| t == "Data: assets.csv, strikes.csv, bundled prices"),
        "{:?}",
        svg_texts(&svg)
    );
}

#[test]
fn the_revenue_chart_leads_with_the_gain_and_names_the_diversion() {
    let w = Workdir::with_fixture();
    let args = [
        &[
            "chart",
            "revenue",
            "--as-of",
            "2025-01-31",
            "--truce",
            "2025-02-01:10",
            "--compliance",
            "0.5",
            "--diversion",
            "0.3",
            "--out",
            "r.svg",
        ],
        &FIXTURE_FLAGS[..],
    ]
    .concat();
    w.run(&args).ok();
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("r.svg")).unwrap()).join("\n");
    assert!(texts.contains("more revenue than no-truce"), "{texts}");
    assert!(texts.contains("diversion, here 30 %"), "{texts}");
    assert!(texts.contains("truce window, 50 % compliance"), "{texts}");
    // Every element has its entry in the legend.
    for entry in ["no-truce", "gain of the truce (end of the period)"] {
        assert!(texts.lines().any(|l| l == entry), "{entry}: {texts}");
    }
}

/// A text of an SVG as placed: its text, its anchor point, its font size, its anchor
/// (`start`, `middle`, `end`) and whether it is turned.
struct Placed {
    text: String,
    x: f64,
    y: f64,
    size: f64,
    anchor: String,
    dy: String,
    turned: bool,
}

impl Placed {
    /// Its box across, left and right, at a generous 0.62 em per character.
    fn span(&self) -> (f64, f64) {
        let w = self.text.chars().count() as f64 * self.size * 0.62;
        match self.anchor.as_str() {
            "middle" => (self.x - w / 2.0, self.x + w / 2.0),
            "end" => (self.x - w, self.x),
            _ => (self.x, self.x + w),
        }
    }
}

fn svg_placed(svg: &str) -> Vec<Placed> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let num = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap_or("0").parse().unwrap_or(0.0);
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| Placed {
            text: n.text().unwrap_or("").trim().to_owned(),
            x: num(&n, "x"),
            y: num(&n, "y"),
            size: num(&n, "font-size"),
            anchor: n.attribute("text-anchor").unwrap_or("start").to_owned(),
            dy: n.attribute("dy").unwrap_or("").to_owned(),
            turned: n.attribute("transform").is_some(),
        })
        .collect()
}

#[test]
fn the_monthly_shares_never_run_into_each_other_and_bars_apart_from_whiskers_are_explained() {
    let w = Workdir::new();
    for size in ["640x400", "1200x700"] {
        let out = format!("m-{size}.svg");
        w.run(&[
            "chart", "monthly", "--group", "ua-power", "--size", size, "--out", &out,
        ])
        .ok();
        let svg = std::fs::read_to_string(w.path().join(&out)).unwrap();
        let all = svg_placed(&svg);
        // The shares over the bars (across, or turned upwards where too wide): none
        // touching the next.
        let legend_y = all
            .iter()
            .find(|q| q.text == "4.5 %")
            .map_or(f64::MAX, |q| q.y);
        let labels: Vec<&Placed> = all
            .iter()
            .filter(|p| p.text.ends_with(" %") && p.y < legend_y)
            .filter(|p| p.dy == "-0.5ex" || p.turned)
            .collect();
        assert!(labels.len() > 20, "{size}: {} labels", labels.len());
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                let apart = if a.turned {
                    (a.x - b.x).abs() >= a.size
                } else {
                    let ((a0, a1), (b0, b1)) = (a.span(), b.span());
                    a1 <= b0 || b1 <= a0 || (a.y - b.y).abs() >= a.size
                };
                assert!(apart, "{size}: {:?} runs into {:?}", a.text, b.text);
            }
        }
        let texts = svg_texts(&svg).join(" ");
        assert!(texts.contains("(27,180 MW)"), "{size}: {texts}");
        // The bundled power records have bars outside their whiskers and months with a
        // whisker and no bar: the footnote says so, and why.
        assert!(texts.contains("outside their whiskers"), "{size}: {texts}");
        assert!(
            texts.contains("with a whisker and no bar"),
            "{size}: {texts}"
        );
        assert!(texts.contains("may have had no effect"), "{size}: {texts}");
    }
}

#[test]
fn a_published_figure_far_above_the_records_does_not_stretch_the_axis() {
    let w = Workdir::new();
    w.run(&["chart", "benchmarks", "--out", "b.svg"]).ok();
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("b.svg")).unwrap());
    // The bundled all-causes figures of about 123 and 124 Mt/yr (the records reach about
    // 76) are marked at the top with their values; the axis stays under 100.
    assert!(texts.iter().any(|t| t == "123, 124"), "{texts:?}");
    assert!(texts
        .iter()
        .any(|t| t == "published: above the axis, its value written"));
    for tick in ["100", "120", "125"] {
        assert!(!texts.iter().any(|t| t == tick), "{tick}: {texts:?}");
    }
}

#[test]
fn the_sides_chart_keeps_one_unit_per_label_and_its_axes_near_the_bars() {
    let w = Workdir::new();
    // The old default's bands, whose whiskers end near $750m.
    w.run(&[
        "project",
        "--paths",
        "200",
        "--out",
        "o",
        "--charts",
        "c",
        "--arrivals",
        "poisson",
        "--calibration",
        "none",
    ])
    .ok();
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("c/sides.svg")).unwrap());
    // A share and an amount are never in one label: the amount in its own unit goes under
    // the group's name.
    for t in &texts {
        assert!(
            !(t.contains('%') && (t.contains("GWh") || t.contains("Mt"))),
            "mixed units: {t:?}"
        );
    }
    assert!(
        texts.iter().any(|t| t.ends_with("GWh given back")),
        "{texts:?}"
    );
    // The revenue axis ends near the largest whisker (about $750m), not at 1,200.
    assert!(texts.iter().any(|t| t == "600"), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t == "1,000" || t == "1,200"),
        "{texts:?}"
    );
}

#[test]
fn the_backtest_charts_name_their_group_in_the_font_of_the_png() {
    let w = Workdir::new();
    w.run(&[
        "backtest",
        "--every",
        "56",
        "--paths",
        "200",
        "--lookback-days",
        "90",
        "--charts",
        "c",
        "--quiet",
    ])
    .ok();
    for group in ["ru-refining", "ua-power"] {
        for (chart, title) in [
            ("backtest-90", "projections against what followed"),
            ("pit-90", "calibration, PIT histogram"),
        ] {
            let svg =
                std::fs::read_to_string(w.path().join(format!("c/{group}/{chart}.svg"))).unwrap();
            let texts = svg_texts(&svg);
            assert_eq!(texts[0], format!("{group}: {title}"), "{group} {chart}");
            assert!(
                !svg.contains("font-family=\"sans-serif\""),
                "{group} {chart}"
            );
        }
    }
}

#[test]
fn two_truces_of_one_compliance_share_a_tint_and_the_legend_stays_short() {
    let w = Workdir::with_fixture();
    let args = [
        &[
            "project",
            "--as-of",
            "2025-01-31",
            "--truce",
            "2025-02-01:10",
            "--truce",
            "2025-02-05:20",
            "--compliance",
            "0.5",
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
    let svg = std::fs::read_to_string(w.path().join("c/capacity.svg")).unwrap();
    // The shade of the truces (the legend's swatch and the plot's), each day once: one
    // opacity, with no darker overlap.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let tints: HashSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#74C0FC"))
        .filter_map(|n| n.attribute("opacity"))
        .collect();
    assert_eq!(tints.len(), 1, "{tints:?}");
    let texts = svg_texts(&svg);
    let windows: Vec<&String> = texts
        .iter()
        .filter(|t| t.contains("truce window"))
        .collect();
    assert_eq!(
        windows,
        ["truce windows (bars at the top), 50 % compliance"],
        "{texts:?}"
    );
    // Each scenario once, each kind of line once: not every scenario's every line.
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("Monte Carlo median"))
            .count(),
        1,
        "{texts:?}"
    );
    let first = texts.iter().position(|t| t == "observed").unwrap();
    let last = texts.iter().position(|t| t.starts_with("as of ")).unwrap();
    assert!(last - first < 12, "{:?}", &texts[first..=last]);
}

#[test]
fn the_capacity_chart_says_why_the_medians_start_apart_from_the_expected_path() {
    let w = Workdir::new();
    w.run(&[
        "project", "--group", "ua-power", "--paths", "200", "--out", "o", "--charts", "c",
    ])
    .ok();
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("c/capacity.svg")).unwrap());
    let all = texts.join(" ");
    // The power records as written have no outage left on the as-of date; their draws
    // still do (lengths of 7 to 210 days about a written 60).
    assert!(
        all.contains(
            "The expected path goes on from the records as written (0 MW offline on 2025-03-17)"
        ),
        "{all}"
    );
    assert!(all.contains("whose median that day is"), "{all}");
    // Without Monte Carlo paths there are no medians to explain.
    w.run(&[
        "project", "--group", "ua-power", "--out", "p", "--charts", "d",
    ])
    .ok();
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("d/capacity.svg")).unwrap());
    assert!(!texts.join(" ").contains("whose median"), "{texts:?}");
}

#[test]
fn outages_of_default_length_are_drawn_apart() {
    let w = Workdir::new();
    w.run(&["chart", "outages", "--out", "o.svg"]).ok();
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("o.svg")).unwrap());
    assert!(texts
        .iter()
        .any(|t| t == "hatched: length or share a default, not reported"));
    // Each row's capacity with its thousands grouped.
    w.run(&["chart", "outages", "--group", "ua-power", "--out", "p.svg"])
        .ok();
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("p.svg")).unwrap());
    assert!(
        texts.iter().any(|t| t == "burshtyn-tpp (2,334)"),
        "{texts:?}"
    );
}

/// Pixels of a PNG within `tolerance` of `colour` in the box `(x0, y0, x1, y1)`.
fn count_near(bytes: &[u8], colour: [u8; 3], (x0, y0, x1, y1): (u32, u32, u32, u32)) -> usize {
    let img = image::load_from_memory(bytes).unwrap().to_rgb8();
    let mut n = 0;
    for y in y0..y1.min(img.height()) {
        for x in x0..x1.min(img.width()) {
            let p = img.get_pixel(x, y).0;
            if p.iter().zip(colour).all(|(a, b)| a.abs_diff(b) <= 2) {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn the_map_draws_land_coasts_and_borders() {
    let w = Workdir::new();
    for group in ["ru-refining", "ua-power"] {
        let png = format!("{group}.png");
        let svg = format!("{group}.svg");
        w.run(&["chart", "map", "--group", group, "--out", &png])
            .ok();
        w.run(&["chart", "map", "--group", group, "--out", &svg])
            .ok();
        let bytes = std::fs::read(w.path().join(&png)).unwrap();
        // The land colour fills much of the map.
        let land = count_near(&bytes, [241, 239, 233], (0, 0, 1200, 700));
        assert!(land > 100_000, "{group}: {land} land pixels");
        let sea = count_near(&bytes, [226, 236, 244], (0, 0, 1200, 700));
        assert!(sea > 2_000, "{group}: {sea} sea pixels");
        let text = std::fs::read_to_string(w.path().join(&svg)).unwrap();
        // Borders in their grey, as paths, and the base map credited.
        let borders = text
            .lines()
            .filter(|l| l.contains("<polyline") && l.contains("#8C8C8C"))
            .count();
        assert!(borders > 3, "{group}: {borders} border lines");
        assert!(text.contains("base map: Natural Earth"), "{group}");
    }
    // The frame fits the refineries struck in the period: the far ones without outage
    // (Angarsk to Khabarovsk) are named in a footnote, not drawn in an empty Siberia.
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("ru-refining.svg")).unwrap());
    let all = texts.join(" ");
    assert!(
        all.contains("Framed on the 18 refineries struck in the period")
            && all.contains("without outage beyond it not drawn"),
        "{all}"
    );
    assert!(!texts.iter().any(|t| t.starts_with("angarsk")), "{texts:?}");
    // Every large refinery that lost volume is labelled (kstovo used to be crowded out).
    for id in [
        "kstovo",
        "ryazan",
        "tuapse",
        "volgograd",
        "kirishi",
        "moscow",
    ] {
        assert!(texts.iter().any(|t| t.starts_with(id)), "{id}: {texts:?}");
    }
    // Every struck power plant is labelled, Kyiv's three included, with its loss grouped;
    // the largest circle's capacity too.
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("ua-power.svg")).unwrap());
    for id in [
        "burshtyn-tpp 23,069 GWh",
        "kyiv-chp5",
        "kyiv-chp6",
        "kyiv-hpp",
        "dobrotvir-tpp",
        "kremenchuk-hpp",
    ] {
        assert!(texts.iter().any(|t| t.starts_with(id)), "{id}: {texts:?}");
    }
    assert!(
        texts
            .iter()
            .any(|t| t == "circle area: capacity (largest 3,000 MW)"),
        "{texts:?}"
    );
}

#[test]
fn the_sweep_heatmap_writes_each_value_in_its_cell() {
    let w = Workdir::new();
    let out = w
        .run(&[
            "sweep",
            "--group",
            "ru-refining",
            "--truce-days",
            "30,90",
            "--compliance",
            "0.5,1",
            "--charts",
            "c",
            "--out",
            "s",
        ])
        .ok();
    let texts = svg_texts(&std::fs::read_to_string(w.path().join("c/sweep.svg")).unwrap());
    // The figures the README gives: 30 days at half and full compliance, 90 days kept.
    for cell in ["$117.0m", "$233.9m", "$706.1m"] {
        assert!(texts.iter().any(|t| t == cell), "{cell}: {texts:?}");
        assert!(out.contains(cell), "{cell} not printed:\n{out}");
    }
    assert_eq!(texts.iter().filter(|t| t.starts_with('$')).count(), 4);
    assert!(texts.iter().any(|t| t == "truce length, days"));
    check_png(
        &std::fs::read(w.path().join("c/sweep.png")).unwrap(),
        (1200, 700),
        "sweep",
    );
    // A third varied setting: held at its first value, and said so.
    w.run(&[
        "sweep",
        "--group",
        "ru-refining",
        "--truce-days",
        "30,90",
        "--compliance",
        "0.5,1",
        "--diversion",
        "0,0.5",
        "--x",
        "compliance",
        "--y",
        "truce_days",
        "--charts",
        "d",
        "--out",
        "s",
    ])
    .ok();
    let svg = std::fs::read_to_string(w.path().join("d/sweep.svg")).unwrap();
    assert!(
        svg.contains("shown at its first value: diversion 0"),
        "subtitle"
    );
    assert!(svg_texts(&svg).iter().any(|t| t == "$117.0m"));
    w.run(&[
        "sweep",
        "--truce-days",
        "30,90",
        "--x",
        "days",
        "--charts",
        "e",
    ])
    .input_error(&["--x", "truce_days"]);
    // The same bytes twice.
    w.run(&[
        "sweep",
        "--group",
        "ru-refining",
        "--truce-days",
        "30,90",
        "--compliance",
        "0.5,1",
        "--charts",
        "c2",
        "--out",
        "s",
    ])
    .ok();
    for ext in ["png", "svg"] {
        let a = std::fs::read(w.path().join(format!("c/sweep.{ext}"))).unwrap();
        let b = std::fs::read(w.path().join(format!("c2/sweep.{ext}"))).unwrap();
        assert!(a == b, "sweep.{ext} differs between two runs");
    }
}

#[test]
fn the_tornado_puts_the_largest_swing_on_top_and_sobol_draws_both_indices() {
    let w = Workdir::new();
    w.run(&[
        "sensitivity",
        "--arrivals",
        "poisson",
        "--group",
        "ru-refining",
        "--samples",
        "32",
        "--resamples",
        "100",
        "--charts",
        "c",
        "--out",
        "t",
    ])
    .ok();
    let svg = std::fs::read_to_string(w.path().join("c/tornado.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // The input names, top to bottom, follow the table's order (largest swing first).
    let table = std::fs::read_to_string(w.path().join("t/tornado.csv")).unwrap();
    let by_swing: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let mut drawn: Vec<(f64, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| {
            let t = n.text()?.trim().to_owned();
            by_swing
                .contains(&t.as_str())
                .then(|| (n.attribute("y").unwrap().parse().unwrap(), t))
        })
        .collect();
    drawn.sort_by(|a, b| a.0.total_cmp(&b.0));
    let drawn: Vec<&str> = drawn.iter().map(|d| d.1.as_str()).collect();
    assert_eq!(drawn, by_swing);
    let swings: Vec<f64> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(6).unwrap().parse().unwrap())
        .collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{swings:?}");
    let texts = svg_texts(&svg);
    assert!(texts.iter().any(|t| t == "base case $275.4m"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "10 to 90"), "truce_days' range");
    for entry in [
        "input at the low end of its range",
        "input at the high end of its range",
    ] {
        assert!(texts.iter().any(|t| t == entry), "{entry}");
    }
    // Titled by what the figure is, its axis in money as its bars' ends are, an input
    // without effect said so.
    assert!(
        texts
            .iter()
            .any(|t| t == "Revenue the truce gives back: what it hangs on"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "$800m"), "{texts:?}");
    assert!(!texts.iter().any(|t| t == "800"));
    assert!(
        texts
            .iter()
            .any(|t| t == "no change over its range: $275.4m at both ends"),
        "{texts:?}"
    );
    // An input whose both ends lie below the base case (lookback windows of 120 and 180
    // days, against the base case's 90): both values go left of the longer bar, the
    // farther first and the nearer beyond it, not on a bar.
    let case = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/scenarios/truce-2025.toml"),
    )
    .unwrap();
    w.write(
        "longer.toml",
        format!("{case}\n[sensitivity]\nlookback_days = [120, 180]\n"),
    );
    // Under poisson, whose rate the lookback window sets.
    w.run(&[
        "sensitivity",
        "--group",
        "ru-refining",
        "--arrivals",
        "poisson",
        "--method",
        "tornado",
        "--scenarios",
        "longer.toml",
        "--charts",
        "l",
        "--out",
        "lt",
    ])
    .ok();
    let table = std::fs::read_to_string(w.path().join("lt/tornado.csv")).unwrap();
    let header: Vec<&str> = table.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = table
        .lines()
        .find(|l| l.starts_with("lookback_days,"))
        .unwrap()
        .split(',')
        .collect();
    let value = |column: &str| -> f64 {
        let i = header.iter().position(|h| *h == column).unwrap();
        row[i].parse::<f64>().unwrap() / 1e6
    };
    let (at_low, at_high, base) = (
        value("value_at_low"),
        value("value_at_high"),
        value("base_value"),
    );
    assert!(at_low < base && at_high < base, "{at_low} {at_high} {base}");
    let longer = std::fs::read_to_string(w.path().join("l/tornado.svg")).unwrap();
    let placed = svg_placed(&longer);
    let at = |v: f64| {
        let text = format!("${v:.1}m");
        placed
            .iter()
            .find(|p| p.text == text)
            .unwrap_or_else(|| panic!("{text} not drawn"))
    };
    let (far, near) = (at(at_low.min(at_high)), at(at_low.max(at_high)));
    assert_eq!((far.anchor.as_str(), near.anchor.as_str()), ("end", "end"));
    assert!(near.x < far.x - 30.0, "{} {}", near.x, far.x);
    let sobol = svg_texts(&std::fs::read_to_string(w.path().join("c/sobol.svg")).unwrap());
    assert!(sobol
        .iter()
        .any(|t| t == "first-order index (the input alone)"));
    assert!(sobol.iter().any(|t| t == "95 % interval"));
    // The indices' axis starts at 0: intervals below it are cut there, and said to be.
    let sobol_svg = std::fs::read_to_string(w.path().join("c/sobol.svg")).unwrap();
    let ticks: Vec<f64> = svg_placed(&sobol_svg)
        .iter()
        .filter(|p| p.anchor == "middle" && p.dy == "0.76em")
        .filter_map(|p| p.text.parse().ok())
        .collect();
    assert!(ticks.len() > 3, "{ticks:?}");
    assert_eq!(
        ticks.iter().copied().fold(f64::MAX, f64::min),
        0.0,
        "{ticks:?}"
    );
    assert!(
        sobol
            .iter()
            .any(|t| t.starts_with("Below 0, an interval is cut and an estimate drawn at 0")),
        "{sobol:?}"
    );
    // --method tornado draws only the tornado.
    w.run(&[
        "sensitivity",
        "--group",
        "ru-refining",
        "--arrivals",
        "poisson",
        "--method",
        "tornado",
        "--charts",
        "d",
        "--out",
        "u",
    ])
    .ok();
    assert!(w.path().join("d/tornado.png").exists());
    assert!(!w.path().join("d/sobol.png").exists());
    let a = std::fs::read(w.path().join("c/tornado.png")).unwrap();
    let b = std::fs::read(w.path().join("d/tornado.png")).unwrap();
    assert!(a == b, "tornado.png differs between two runs");
}
