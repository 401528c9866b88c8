//! The answer as one page: a self-contained HTML report (`strike-impact report`).
//!
//! Plain semantic HTML and CSS, no script: the question and each side's answer first, then
//! the tables, the published figures and their verdicts, the backtest's calibration, what the
//! answer hangs on, the charts (inline SVG), every assumption and warning of the run, the
//! data's sources and how to reproduce it. Nothing is fetched: the charts are inline, the
//! daily table is an embedded `data:` link, and a Content-Security-Policy forbids any
//! request. The tables show each cell rounded for reading, with the exact cell of the CSV file
//! `project` writes in its `data-value`.

use base64::Engine;
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::data::Table;
use crate::format::{grouped, money_m};
use crate::observed::reconcile::Reconciliation;
use crate::observed::{BenchmarkCheck, ClaimVerdict};
use crate::projection::expected::Projection;
use crate::studies::backtest::Backtest;
use crate::studies::sensitivity::Tornado;

/// What the page of a run shows.
pub(crate) struct Report<'a> {
    /// The page's title.
    pub title: String,
    /// One entry per group, in the run's order.
    pub groups: Vec<GroupReport<'a>>,
    /// Both sides' gains as an SVG chart (several groups only).
    pub sides_svg: Option<String>,
    /// The run's record (`run.json`).
    pub run: serde_json::Value,
    /// The command that made the page, as typed.
    pub command: String,
    /// The data's sources: each link and the number of rows citing it.
    pub sources: Vec<(String, usize)>,
}

/// One group's part of the page.
pub(crate) struct GroupReport<'a> {
    pub projection: &'a Projection,
    /// The summary table, as `project` writes it.
    pub summary: Table,
    /// The daily table as CSV bytes (embedded as a download link).
    pub daily_csv: Vec<u8>,
    /// The charts, by name, as SVG text.
    pub charts: Vec<(&'static str, String)>,
    /// The headline the bundled records answer ("3.3 Mt, or 4 %" of March 2025) read
    /// against them (`None`: not this group's records).
    pub headline: Option<Reconciliation>,
    /// The published figures against the records (empty: none for this group).
    pub benchmarks: Vec<BenchmarkCheck>,
    /// The backtest of the projection's settings, or why there is none.
    pub backtest: Result<Backtest, String>,
    /// What the truce's gain hangs on, or why it was not computed.
    pub tornado: Result<(Tornado, bool), String>,
}

const STYLE: &str = "
:root{color-scheme:light;--ink:#1f2328;--muted:#59636e;--rule:#d1d9e0;--band:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--ink)}
main{max-width:64rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid var(--rule)}
h3{font-size:1.05rem}
p,li{max-width:46rem}
.answer{background:var(--band);border-left:4px solid #0969da;padding:.5rem 1rem}
.answer strong{font-size:1.1rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.875rem;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--rule);padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}
figure{margin:1rem 0;overflow-x:auto}
figure svg{display:block;width:100%;min-width:640px;height:auto}
figcaption,.muted{color:var(--muted);font-size:.875rem}
code{overflow-wrap:anywhere}
code,pre{font-family:ui-monospace,'SFMono-Regular',monospace;font-size:.8125rem}
pre{background:var(--band);padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
a{color:#0969da;overflow-wrap:anywhere}
";

impl Report<'_> {
    /// The page as HTML text.
    pub(crate) fn render(&self) -> String {
        let page = html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta http-equiv="Content-Security-Policy"
                        content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                    title { (self.title) }
                    style { (PreEscaped(STYLE)) }
                }
                body {
                    main {
                        h1 { (self.title) }
                        (self.answers())
                        @for g in &self.groups { (g.section(self.groups.len() > 1)) }
                        @if let Some(svg) = &self.sides_svg {
                            h2 id="sides" { "Both sides" }
                            (chart("sides", svg, "What each truce gives back to each group, each in its own unit."))
                        }
                        (self.assumptions())
                        (self.sources_section())
                        (self.reproduce())
                    }
                }
            }
        };
        page.into_string()
    }

    /// The question and each group's answer, first.
    fn answers(&self) -> Markup {
        html! {
            p { "What does a truce on strikes against energy infrastructure give back, to whom, and how sure is it? "
                "Each side in its own unit; no total is taken across groups." }
            @for g in &self.groups {
                @let lines = g.answer_lines();
                @if lines.is_empty() {
                    p class="answer" {
                        strong { (g.projection.group) ": no truce scenario" }
                        " in this run, so no gain to give back (give --truce START:DAYS or a scenario file with a truce)."
                    }
                }
                @for line in lines {
                    p class="answer" { (line) }
                }
            }
        }
    }

    fn assumptions(&self) -> Markup {
        let run = &self.run;
        let settings = run["settings"].as_object();
        let warnings = run["warnings"].as_array();
        html! {
            h2 id="assumptions" { "Assumptions and warnings" }
            @if let Some(w) = warnings.filter(|w| !w.is_empty()) {
                h3 { "Warnings" }
                ul { @for x in w { li { (x.as_str().unwrap_or_default()) } } }
            } @else {
                p { "The run gave no warning." }
            }
            @for g in run["groups"].as_array().into_iter().flatten() {
                @let notes = g["notes"].as_array().filter(|n| !n.is_empty());
                @if let Some(notes) = notes {
                    h3 { "Notes: " (g["group"].as_str().unwrap_or_default()) }
                    ul { @for n in notes { li { code { (compact(n)) } } } }
                }
            }
            @if let Some(settings) = settings {
                h3 { "Settings, and where each came from" }
                div class="scroll" { table {
                    thead { tr { th { "setting" } th { "value" } th { "from" } } }
                    tbody { @for (k, v) in settings {
                        tr { td { code { (k) } } td { (compact(&v["value"])) } td { (v["source"].as_str().unwrap_or_default()) } }
                    } }
                } }
            }
            h3 { "Scenarios" }
            ul { @for s in run["scenarios"].as_array().into_iter().flatten() { li { code { (compact(s)) } } } }
        }
    }

    fn sources_section(&self) -> Markup {
        html! {
            h2 id="sources" { "The data's sources" }
            p { "Every row of the records names its sources; these are the links they cite, with the number of rows citing each. "
                "Confidence, estimates and defaults per row: the tables themselves and datasets/README.md." }
            ul { @for (url, n) in &self.sources { li { a href=(url) { (url) } " (" (n) ")" } } }
        }
    }

    fn reproduce(&self) -> Markup {
        let run = &self.run;
        html! {
            h2 id="reproduce" { "How to reproduce it" }
            p { "strike-impact " (run["version"].as_str().unwrap_or_default()) ", with the inputs below (BLAKE3 hashes):" }
            pre { (self.command) }
            div class="scroll" { table {
                thead { tr { th { "table" } th { "source" } th { "BLAKE3" } } }
                tbody { @for i in run["inputs"].as_array().into_iter().flatten() {
                    tr { td { (i["table"].as_str().unwrap_or_default()) } td { (i["source"].as_str().unwrap_or_default()) } td { code { (i["blake3"].as_str().unwrap_or_default()) } } }
                } }
            } }
            details { summary { "run.json" } pre { (serde_json::to_string_pretty(run).unwrap_or_default()) } }
        }
    }
}

impl GroupReport<'_> {
    /// The group's answer in words: each truce's gain with its band.
    fn answer_lines(&self) -> Vec<Markup> {
        let p = self.projection;
        let unit = p.unit.amount_label();
        p.scenarios
            .iter()
            .filter_map(|r| {
                let s = &r.summary;
                let gain = s.gain_capacity?;
                let money = s.gain_revenue_usd.filter(|v| v.is_finite());
                let band = r.bands.as_ref().and_then(|b| b.gain_capacity);
                let money_band = r.bands.as_ref().and_then(|b| b.gain_revenue_usd);
                Some(html! {
                    strong { (p.group) ": " (s.scenario) " gives back " (grouped(gain, 2)) " " (unit) }
                    @if let Some(m) = money { " and " (money_m(m)) " of revenue" }
                    " against " (p.scenarios.iter().find(|x| x.summary.gain_capacity.is_none()).map_or("the reference", |x| x.summary.scenario.as_str()))
                    " (expected path)."
                    @if let Some(b) = band {
                        " Monte Carlo: P10 to P90 " (grouped(b.p10, 2)) " to " (grouped(b.p90, 2)) " " (unit)
                        @if let Some(m) = money_band.filter(|m| m.p10.is_finite()) { ", " (money_m(m.p10)) " to " (money_m(m.p90)) }
                        " (median " (grouped(b.p50, 2)) " " (unit) ")."
                    }
                    @if let Some(f) = s.gain_fuels_t_per_day {
                        " In fuels it gives back " (grouped(f.iter().sum::<f64>(), 0)) " t/d"
                        @if let Some(x) = s.gain_exports_lost_t_per_day {
                            ", " (grouped(x, 0)) " t/d of them exports"
                            @if let Some(u) = s.gain_exports_revenue_lost_usd { " (" (money_m(u)) " of export revenue)" }
                        }
                        " (expected path)."
                    }
                    @if let (Some(g), Some(d)) = (s.gain_deficit.as_ref(), s.deficit.as_ref()) {
                        " In hours without power it gives back " (grouped(g.0.deficit_hours_per_day, 1)) " h a day short and "
                        (grouped(g.0.unserved_mwh, 0)) " MWh unserved over the " (d.balance_days) " days the power balance covers (expected path)."
                    }
                })
            })
            .collect()
    }

    fn section(&self, several: bool) -> Markup {
        let p = self.projection;
        let id = format!("group-{}", p.group);
        let daily = base64::engine::general_purpose::STANDARD.encode(&self.daily_csv);
        html! {
            h2 id=(id) { @if several { "Group " } (p.group) " (" (p.unit.label()) ")" }
            p class="muted" {
                "As of " (p.settings.as_of) ", projected " (p.window.start) " to " (p.window.last())
                "; base rate " (format!("{:.3}", p.lambda)) " strikes a day from the lookback window."
            }
            h3 { "Summary" }
            (table(&self.summary))
            p { a download={ (p.group) "-daily.csv" } href={ "data:text/csv;base64," (daily) } { "The daily table (CSV)" } }
            @for (name, svg) in &self.charts { (chart(name, svg, caption(name))) }
            @if let Some(r) = &self.headline { (headline(r)) }
            @if !self.benchmarks.is_empty() { (benchmarks(&self.benchmarks)) }
            (backtest(&self.backtest, &p.unit.amount_label()))
            (tornado(&self.tornado, &p.unit.amount_label()))
        }
    }
}

/// A table's cells as the CSV file holds them.
fn table(t: &Table) -> Markup {
    let mut bytes = Vec::new();
    if t.write_csv(&mut bytes).is_err() {
        return html! { p { "(the table could not be written)" } };
    }
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect();
    html! {
        div class="scroll" { table {
            thead { tr { @for h in &header { th { (h) } } } }
            tbody { @for r in &rows { tr { @for (h, c) in header.iter().zip(r) {
                td class=[c.parse::<f64>().is_ok().then_some("n")] data-key=(h) data-value=(c) { (readable(h, c)) }
            } } } }
        } }
    }
}

/// A cell as people read it (money in $m, shares in %, amounts to three decimals); the
/// exact value stays in the cell's `data-value`.
fn readable(column: &str, cell: &str) -> String {
    let Ok(v) = cell.parse::<f64>() else {
        return cell.to_owned();
    };
    if !cell.contains('.') && !cell.contains('e') {
        return cell.to_owned();
    }
    if column.contains("_usd") {
        money_m(v)
    } else if column.contains("share") {
        format!("{:.2} %", v * 100.0)
    } else {
        grouped(v, 3)
    }
}

fn chart(name: &str, svg: &str, caption: &str) -> Markup {
    // The SVG's own XML declaration, if any, is not allowed inside HTML.
    let body = svg.find("<svg").map_or(svg, |i| &svg[i..]);
    html! {
        figure id={ "chart-" (name) } {
            (PreEscaped(body))
            figcaption { (caption) }
        }
    }
}

fn caption(name: &str) -> &'static str {
    match name {
        "capacity" => "Offline capacity: history, then each scenario, with the Monte Carlo band.",
        "revenue" => "Cumulative revenue loss per scenario, and the truce's gain.",
        "fuels" => "Fuels not made and exports lost each day, per scenario.",
        "power" => "Supply against the demand peak and the hours short each day, per scenario, on the days the power balance covers.",
        "outages" => "Outages by asset, from strike to restart.",
        "monthly" => "Volume lost per month, with the share of national capacity.",
        "map" => "Assets by capacity, coloured by the volume lost.",
        "benchmarks" => "The records' band against published figures.",
        _ => "",
    }
}

/// The headline read against the records: the period it implies, the records' figure over
/// it with its band, and where the claim falls.
fn headline(r: &Reconciliation) -> Markup {
    let p = &r.implied_period;
    let share = |v: f64| format!("{:.1} %", v * 100.0);
    let band = p.bands.as_ref();
    let inside =
        band.map(|b| (b.lost_capacity.p10..=b.lost_capacity.p90).contains(&r.claim.volume_mt));
    html! {
        h3 { "The headline: " (r.claim.volume_mt) " Mt, or " (share(r.claim.share)) }
        p {
            "A volume and a share imply a period: " (r.claim.volume_mt) " / " (r.claim.share) " = "
            (format!("{:.1}", r.implied_denominator_mt)) " Mt of capacity, " (format!("{:.1}", r.implied_days))
            " days of the loaded " (grouped(r.national_capacity, 1)) " Mt/yr: " (p.from) " to " (p.to) ". "
            "The records give " (format!("{:.2}", p.lost_capacity)) " Mt over it ("
            (share(p.lost_capacity / p.period_capacity)) ")"
            @if let Some(b) = band {
                ", P10 to P90 " (format!("{:.2}", b.lost_capacity.p10)) " to " (format!("{:.2}", b.lost_capacity.p90))
                " Mt over " (b.draws) " draws of the records"
            }
            ". "
            @match inside {
                Some(true) => { "The claimed " (r.claim.volume_mt) " Mt lies inside that band; " },
                Some(false) => { "The claimed " (r.claim.volume_mt) " Mt lies outside that band; " },
                None => {},
            }
            "the point figure is " (format!("{:.0}", r.volume_ratio * 100.0)) " % of the claim: "
            (match r.verdict {
                ClaimVerdict::Consistent => "within 25 % of it.",
                ClaimVerdict::RecordsAbove => "more than 25 % above it, so the records hold more outage than the claim counts (longer or larger outages, or outages it leaves out).",
                ClaimVerdict::RecordsBelow => "more than 25 % below it, so the claim counts outages the records lack or size smaller.",
                ClaimVerdict::NoOutage => "the records take no capacity offline in the period.",
            })
        }
    }
}

fn benchmarks(checks: &[BenchmarkCheck]) -> Markup {
    html! {
        h3 { "Published figures against the records" }
        div class="scroll" { table {
            thead { tr { th { "figure" } th { "period" } th { "published" } th { "records" } th { "records P10 .. P90" } th { "verdict" } } }
            tbody { @for c in checks {
                tr {
                    td { (c.benchmark.id) }
                    td { (c.benchmark.from) " .. " (c.benchmark.to) }
                    td class="n" { (c.benchmark.measure.in_unit(c.benchmark.value)) }
                    td class="n" { (c.benchmark.measure.in_unit(c.records)) }
                    td class="n" { @if let Some(b) = &c.band { (c.benchmark.measure.in_unit(b.p10)) " .. " (c.benchmark.measure.in_unit(b.p90)) } @else { "-" } }
                    td { (c.verdict_words()) }
                }
            } }
        } }
    }
}

fn backtest(b: &Result<Backtest, String>, unit: &str) -> Markup {
    html! {
        h3 { "How good are the projections? (backtest)" }
        @match b {
            Err(why) => p { "No backtest: " (why) },
            Ok(b) => {
                p { "Each as-of date projects the no-truce scenario from the records known that day and scores what followed over the horizon. "
                    "A calibrated P10-P90 band holds 80 % of outcomes." }
                div class="scroll" { table {
                    thead { tr { th { "model" } th { "lookback" } th { "checks (effective)" } th { "80 % coverage (95 % interval)" } th { "90 % coverage" } th { "mean CRPS" } th { "bias" } th { "skill vs naive" } } }
                    tbody { @for s in &b.scores {
                        tr {
                            td { (s.arrivals.name()) }
                            td class="n" { (s.lookback_days) " days" }
                            td class="n" { (s.checks) " (" (format!("{:.1}", s.effective_checks)) ")" }
                            td class="n" { (pct(s.coverages[1].0)) " (" (pct(s.coverages[1].1 .0)) " to " (pct(s.coverages[1].1 .1)) ")" }
                            td class="n" { (pct(s.coverages[2].0)) }
                            td class="n" { (grouped(s.mean_crps, 2)) " " (unit) }
                            td class="n" { (grouped(s.bias, 2)) " " (unit) }
                            td class="n" { (format!("{:+.2}", s.skill)) }
                        }
                    } }
                } }
            }
        }
    }
}

fn tornado(t: &Result<(Tornado, bool), String>, unit: &str) -> Markup {
    html! {
        h3 { "What the truce's gain hangs on" }
        @match t {
            Err(why) => p { "No sensitivity analysis: " (why) },
            Ok((t, money)) => {
                @let show = |v: f64| if *money { money_m(v) } else { format!("{} {unit}", grouped(v, 2)) };
                p { "One input at a time at each end of its range, the others at the base case (" (show(t.base_value)) "), largest swing first." }
                div class="scroll" { table {
                    thead { tr { th { "input" } th { "range" } th { "at the low end" } th { "at the high end" } } }
                    tbody { @for b in &t.bars {
                        tr {
                            td { (b.factor.input.name()) }
                            td class="n" { (number(b.factor.low)) " .. " (number(b.factor.high)) }
                            td class="n" { (show(b.at_low)) }
                            td class="n" { (show(b.at_high)) }
                        }
                    } }
                } }
            }
        }
    }
}

/// A range's end as people write it: at most three decimals, no trailing zeros.
fn number(v: f64) -> String {
    let text = grouped(v, 3);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

fn pct(v: f64) -> String {
    format!("{:.0} %", v * 100.0)
}

/// A JSON value on one line.
fn compact(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The links in the sources of `texts` (each a row's `source`), with the rows citing each,
/// in order of first appearance.
pub(crate) fn source_links<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut links: Vec<(String, usize)> = Vec::new();
    for text in texts {
        let mut seen = Vec::new();
        for word in text.split_whitespace() {
            let word = word.trim_end_matches([',', ';', ')', '.']);
            if (word.starts_with("https://") || word.starts_with("http://"))
                && !seen.contains(&word)
            {
                seen.push(word);
                match links.iter_mut().find(|(u, _)| u == word) {
                    Some((_, n)) => *n += 1,
                    None => links.push((word.to_owned(), 1)),
                }
            }
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_counted_once_per_row_and_stripped_of_punctuation() {
        let links = source_links([
            "Reuters https://a.example/x ; TASS https://b.example/y.",
            "again https://a.example/x, https://a.example/x",
            "no link",
        ]);
        assert_eq!(
            links,
            vec![
                ("https://a.example/x".to_owned(), 2),
                ("https://b.example/y".to_owned(), 1)
            ]
        );
    }
}
