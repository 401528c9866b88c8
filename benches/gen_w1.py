"""Write the W1 benchmark inputs of `benches/workloads.rs` into DIR.

Usage: python benches/gen_w1.py DIR

A byte-for-byte port of `write_synthetic(dir, "", 1000, 200_000)`: assets.csv (1,000
assets), strikes.csv (200,000 strikes over 2015..2024, from the same xorshift stream),
prices.csv (one row) and w1.toml (3 scenarios). Handy for running the pandas baseline
(`benches/w1_pandas.py`) and the binary on the same files outside `cargo bench`.
"""

import datetime as dt
import sys
from pathlib import Path

MASK = (1 << 64) - 1


def rust_f64(x: float) -> str:
    """Rust's `{}` of an f64 (shortest round-trip digits, `1` for 1.0)."""
    s = repr(x)
    return s[:-2] if s.endswith(".0") else s


def write_synthetic(d: Path, prefix: str = "", n_assets: int = 1000, n_strikes: int = 200_000):
    lines = ["asset_id,name,capacity_mtpa,utilization\n"]
    for i in range(n_assets):
        cap = 1.0 + (i * 37 % 200) / 10.0
        lines.append(f"a{i:05},Asset {i},{rust_f64(cap)},0.8\n")
    (d / f"{prefix}assets.csv").write_text("".join(lines))

    lines = ["strike_id,date,asset_id,disabled_share,repair_days\n"]
    start = dt.date(2015, 1, 1)
    x = 0x2545F4914F6CDD1D
    for k in range(n_strikes):
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
        day = start + dt.timedelta(days=k * 3652 // n_strikes)
        share = 0.05 + ((x >> 20) % 90) / 100.0
        repair = 1 + (x >> 40) % 60
        lines.append(f"w{k},{day.isoformat()},a{x % n_assets:05},{share:.2f},{repair}\n")
    (d / f"{prefix}strikes.csv").write_text("".join(lines))

    (d / f"{prefix}prices.csv").write_text("date,product_usd_t,crude_usd_t\n2015-01-01,550,480\n")
    (d / f"{prefix}w1.toml").write_text(
        'as_of = "2024-12-31"\nuntil = "2025-12-31"\n'
        '[[scenario]]\nname = "no-truce"\n'
        '[[scenario]]\nname = "truce-30d"\ntruce_start = "2025-01-01"\ntruce_days = 30\n'
        '[[scenario]]\nname = "truce-90d-half"\ntruce_start = "2025-01-01"\ntruce_days = 90\n'
        "compliance = 0.5\n"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: gen_w1.py DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    write_synthetic(out)
