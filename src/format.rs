//! Numbers and money as people read them: one formatter for the terminal, the charts and
//! the report. Files keep full precision; these are the words at the edge.

/// Formats a number with thousands separators and `decimals` places.
pub(crate) fn grouped(value: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, value.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if value < 0.0 && s.chars().any(|c| c != '0' && c != '.') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{out}")
    } else {
        format!("{sign}{out}.{frac}")
    }
}

/// US dollars in millions with one decimal: `$1,865.6m`, `-$3.0m`.
pub(crate) fn money_m(usd: f64) -> String {
    let m = grouped(usd.abs() / 1e6, 1);
    if usd < 0.0 && m != "0.0" {
        format!("-${m}m")
    } else {
        format!("${m}m")
    }
}
