"""Builds datasets/strikes.csv from the yearly research files.

Defaults for what reporting did not give, derived from the records themselves (MODEL.md,
"Record uncertainty", draws from the same reported values):
- outage length: the median of the reported outage lengths of the same class of hit
  (`plant`, `unit`, `unknown`), or of all classes when that class has fewer than 3;
- capacity disabled, where no share was reported: the median share of the reported partial
  outages (rows with a share below 1, or a unit capacity below the plant's).
A reported range with no single figure gives its midpoint as the point figure; the range
itself stays on the row and record draws use it.
Rows that used a default say so in disabled_basis / outage_basis.
Run from the repository root: python3 datasets/research/build_strikes.py
"""
import csv
import datetime as dt
import statistics

FILES = ["datasets/research/strikes-2024.csv", "datasets/research/strikes-2025.csv",
         "datasets/research/strikes-2026.csv"]
COLUMNS = ["strike_id", "date", "asset_id", "unit", "disabled_mtpa", "disabled_share",
           "disabled_basis", "repair_days", "restart_date", "outage_basis", "hit",
           "repair_days_low", "repair_days_high", "disabled_share_low", "disabled_share_high",
           "p_effect", "confidence", "source", "note"]
HITS = ["plant", "unit", "unknown"]
MIN_POOL = 3  # as strike_impact::model::records::MIN_POOL

capacity = {r["asset_id"]: float(r["capacity_mtpa"])
            for r in csv.DictReader(open("datasets/refineries.csv", newline="", encoding="utf-8"))}
rows = [dict(r) for f in FILES for r in csv.DictReader(open(f, newline="", encoding="utf-8"))]


def days(r):
    if r["repair_days"]:
        return int(r["repair_days"])
    if r["restart_date"]:
        return (dt.date.fromisoformat(r["restart_date"]) - dt.date.fromisoformat(r["date"])).days
    return None


def share(r):
    if r["disabled_share"]:
        return float(r["disabled_share"])
    if r["disabled_mtpa"]:
        return float(r["disabled_mtpa"]) / capacity[r["asset_id"]]
    return None


for r in rows:
    r["hit"] = r.get("hit") or "unknown"
    cap = capacity[r["asset_id"]]
    if r["disabled_mtpa"] and float(r["disabled_mtpa"]) > cap:
        # A unit larger than the plant's listed nameplate: the whole plant, and say so.
        r["note"] = (r["note"] + f" Unit capacity {r['disabled_mtpa']} Mt/yr exceeds the listed plant "
                     f"capacity {cap} Mt/yr: recorded as the whole plant.").strip()
        r["disabled_mtpa"], r["disabled_share"] = "", "1"
    # A reported range with no single figure: its midpoint, reported.
    if days(r) is None and r["repair_days_low"] and r["repair_days_high"]:
        lo, hi = int(r["repair_days_low"]), int(r["repair_days_high"])
        r["repair_days"] = str(round((lo + hi) / 2))
        r["outage_basis"] = "reported"
    if share(r) is None and r["disabled_share_low"] and r["disabled_share_high"]:
        lo, hi = float(r["disabled_share_low"]), float(r["disabled_share_high"])
        r["disabled_share"] = str(round((lo + hi) / 2, 4))
        r["disabled_basis"] = "reported"

reported = [r for r in rows if days(r) is not None]
lengths = {h: sorted(days(r) for r in reported if r["hit"] == h) for h in HITS}
all_lengths = sorted(days(r) for r in reported)
partial = sorted(s for s in map(share, rows) if s is not None and s < 1)
default_days = {h: int(statistics.median(lengths[h] if len(lengths[h]) >= MIN_POOL else all_lengths))
                for h in HITS}
default_share = round(statistics.median(partial), 2)
print(f"reported outage lengths, all ({len(all_lengths)}): {all_lengths} -> median {statistics.median(all_lengths)}")
for h in HITS:
    pool = "own" if len(lengths[h]) >= MIN_POOL else "all classes"
    print(f"  {h} ({len(lengths[h])}): {lengths[h]} -> default {default_days[h]} days ({pool})")
for year in ("2024", "2025", "2026"):
    ys = sorted(days(r) for r in reported if r["date"].startswith(year))
    if ys:
        print(f"  reported in {year} ({len(ys)}): median {statistics.median(ys)}, {ys}")
print(f"reported partial shares ({len(partial)}): {[round(s, 2) for s in partial]} -> default {default_share}")

out = []
for r in rows:
    if share(r) is None:
        r["disabled_share"] = str(default_share)
        r["disabled_basis"] = "default"
    if days(r) is None:
        r["repair_days"] = str(default_days[r["hit"]])
        r["outage_basis"] = "default"
    elif r["repair_days"] and r["restart_date"] and days({**r, "repair_days": ""}) != int(r["repair_days"]):
        r["restart_date"] = ""  # keep the reported length; the date was derived from it
    if r["repair_days_low"] and not int(r["repair_days_low"]) <= days(r) <= int(r["repair_days_high"]):
        raise SystemExit(f"{r['strike_id']}: length {days(r)} outside its range")
    out.append({c: r.get(c, "") for c in COLUMNS})

out.sort(key=lambda r: (r["date"], r["strike_id"]))
with open("datasets/strikes.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(out)
n_default = sum(r["outage_basis"] == "default" for r in out)
n_share = sum(r["disabled_basis"] == "default" for r in out)
print(f"wrote {len(out)} rows; {n_default} with a default length, {n_share} with a default share")
