"""Builds datasets/strikes.csv from the yearly research files.

Defaults for what reporting did not give, derived from the records themselves:
- outage length: the median of the reported outage lengths (repair_days or restart_date);
- capacity disabled, where no halt was reported: the median share of the reported partial
  outages (rows with a share below 1, or a unit capacity below the plant's).
Rows that used a default say so in disabled_basis / outage_basis.
Run from the repository root: python3 datasets/research/build_strikes.py
"""
import csv
import datetime as dt
import statistics

FILES = ["datasets/research/strikes-2024.csv", "datasets/research/strikes-2025.csv"]
COLUMNS = ["strike_id", "date", "asset_id", "unit", "disabled_mtpa", "disabled_share",
           "disabled_basis", "repair_days", "restart_date", "outage_basis", "confidence",
           "source", "note"]

capacity = {r["asset_id"]: float(r["capacity_mtpa"])
            for r in csv.DictReader(open("datasets/refineries.csv", newline="", encoding="utf-8"))}
rows = [r for f in FILES for r in csv.DictReader(open(f, newline="", encoding="utf-8"))]


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


lengths = sorted(d for d in map(days, rows) if d is not None)
partial = sorted(s for s in map(share, rows) if s is not None and s < 1)
default_days = int(statistics.median(lengths))
default_share = round(statistics.median(partial), 2)
print(f"reported outage lengths {lengths} -> default {default_days} days")
print(f"reported partial shares {[round(s, 2) for s in partial]} -> default {default_share}")

out = []
for r in rows:
    r = dict(r)
    cap = capacity[r["asset_id"]]
    if r["disabled_mtpa"] and float(r["disabled_mtpa"]) > cap:
        # A unit larger than the plant's listed nameplate: the whole plant, and say so.
        r["note"] = (r["note"] + f" Unit capacity {r['disabled_mtpa']} Mt/yr exceeds the listed plant "
                     f"capacity {cap} Mt/yr: recorded as the whole plant.").strip()
        r["disabled_mtpa"], r["disabled_share"] = "", "1"
    if not r["disabled_mtpa"] and not r["disabled_share"]:
        r["disabled_share"] = str(default_share)
        r["disabled_basis"] = "default"
    if days(r) is None:
        r["repair_days"] = str(default_days)
        r["outage_basis"] = "default"
    elif r["repair_days"] and r["restart_date"] and days({**r, "repair_days": ""}) != int(r["repair_days"]):
        r["restart_date"] = ""  # keep the reported length; the date was derived from it
    out.append({c: r.get(c, "") for c in COLUMNS})

out.sort(key=lambda r: (r["date"], r["strike_id"]))
with open("datasets/strikes.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(out)
print(f"wrote {len(out)} rows")
