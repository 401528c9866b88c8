//! Numbers and money as people read them: one formatter for the terminal, the charts and
//! the report. Files keep full precision; these are the words at the edge.

/// Formats a number with thousands separators and `decimals` places; "n/a" where there
/// is no figure (`NaN`).
pub(crate) fn grouped(value: f64, decimals: usize) -> String {
    if value.is_nan() {
        return "n/a".into();
    }
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
/// "n/a" where there is no figure (`NaN`: a group with no prices).
pub(crate) fn money_m(usd: f64) -> String {
    if usd.is_nan() {
        return "n/a".into();
    }
    let m = grouped(usd.abs() / 1e6, 1);
    if usd < 0.0 && m != "0.0" {
        format!("-${m}m")
    } else {
        format!("${m}m")
    }
}

/// US dollars in millions with `decimals` places, for an axis' ticks: `$1,000m`, `-$500m`.
pub(crate) fn money_millions(usd: f64, decimals: usize) -> String {
    if usd.is_nan() {
        return "n/a".into();
    }
    let m = grouped(usd.abs() / 1e6, decimals);
    if usd < 0.0 && m.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("-${m}m")
    } else {
        format!("${m}m")
    }
}

/// US dollars in a chart's few characters: `$582.5m`, or `$1.24bn` from a billion up.
pub(crate) fn money_short(usd: f64) -> String {
    if usd.is_nan() {
        return "n/a".into();
    }
    if usd.abs() >= 1e9 {
        format!("${:.2}bn", usd / 1e9)
    } else {
        format!("${:.1}m", usd / 1e6)
    }
}

/// `n` and `noun`, the noun in the plural unless `n` is 1: "1 price row", "1,200 price
/// rows".
pub(crate) fn count(n: usize, noun: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!("{} {noun}{plural}", grouped(n as f64, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_money_as_people_read_them() {
        assert_eq!(grouped(27_179.94, 1), "27,179.9");
        assert_eq!(grouped(f64::NAN, 1), "n/a");
        assert_eq!(money_m(f64::NAN), "n/a");
        assert_eq!(grouped(-1_234_567.0, 0), "-1,234,567");
        assert_eq!(grouped(-0.01, 1), "0.0");
        assert_eq!(money_m(1_865_600_000.0), "$1,865.6m");
        assert_eq!(money_m(-3e6), "-$3.0m");
        assert_eq!(money_m(-1.0), "$0.0m");
        assert_eq!(money_short(582_500_000.0), "$582.5m");
        assert_eq!(money_millions(1e9, 0), "$1,000m");
        assert_eq!(money_millions(-5e8, 0), "-$500m");
        assert_eq!(money_millions(-1.0, 0), "$0m");
        assert_eq!(money_short(1_240_000_000.0), "$1.24bn");
    }
}
