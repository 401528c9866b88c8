"""Builds the bundled power side (group ua-power) from the research files:
datasets/ua-power-plants.csv, datasets/ua-power-strikes.csv and datasets/ua-power-prices.csv.

No strike record on a power plant reports its outage length (operators keep restart dates
secret), so the default lengths cannot be medians of reported lengths as on the refinery
side. They come from the published statements on repair times gathered in
research/ua-power-strikes-notes.md, section (c), and each carries a range that record draws
use (MODEL.md, "Record uncertainty"):
- a whole plant stopped or destroyed (hit = plant): 210 days (about 7 months: DTEK's plan to
  restore 60-70 % of the generation lost in March 2024 by October 2024; Centrenergo's two
  destroyed plants back before the winter, in under 8-9 months), range 120-365 days (turbine
  hall repairs of 4-9 months; Kharkiv CHP-5's forecast of more than a year);
- damage of unknown extent (hit = unknown or unit): 60 days (about half of the 8 GW damaged
  in autumn 2025 restored in 1-3 months), range 7-210 days (light damage fixed in days).
A row known to be out longer (repair_days_low) keeps at least that length.
Capacity in service: a plant's `operating` column (the capacity running before the strikes,
mothballed units left out; empty where not reported, which means all of it) is carried into the
bundled table as it is, and must not exceed `capacity`. A share is a share of it (MODEL.md,
"Inputs"), so a row that reports MW gives the share MW / in-service capacity.
Capacity disabled, where nothing was reported: the median of the reported partial shares
(one value: Dnipro HPP, 1,000 of the 1,500 MW in service), drawn between 0.25 and 1.
Utilization (capacity factor), where the plants table gives none: the median of the reported
capacity factors of the same type of plant (hydro and pumped storage; nuclear), else of all
reported ones; such rows say `utilization_basis = default`.
Rows that used a default say so in disabled_basis / outage_basis.
Run from the repository root: python3 datasets/research/build_power.py
"""
import csv
import statistics

GROUP = "ua-power"
PLANT_DEFAULT = (210, 120, 365)
OTHER_DEFAULT = (60, 7, 210)
SHARE_RANGE = (0.25, 1.0)

plants = list(csv.DictReader(open("datasets/research/ua-power-plants.csv", newline="",
                                  encoding="utf-8")))
capacity = {p["asset_id"]: float(p["capacity"]) for p in plants}
# What a strike can disable: the capacity in service (`operating`) where reported, else all of it.
in_service = {p["asset_id"]: float(p.get("operating") or p["capacity"]) for p in plants}
for p in plants:
    if in_service[p["asset_id"]] > capacity[p["asset_id"]]:
        raise SystemExit(f"{p['asset_id']}: operating {p['operating']} above capacity {p['capacity']}")


def plant_type(p):
    for suffix, t in (("-hpp", "hydro"), ("-pspp", "hydro"), ("-npp", "nuclear")):
        if p["asset_id"].endswith(suffix):
            return t
    return "thermal"


reported_cf = {}
for p in plants:
    if p["utilization"]:
        reported_cf.setdefault(plant_type(p), []).append(float(p["utilization"]))
all_cf = [v for vs in reported_cf.values() for v in vs]
plant_columns = list(plants[0].keys())
plant_columns.insert(plant_columns.index("utilization") + 1, "utilization_basis")
with open("datasets/ua-power-plants.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=plant_columns, lineterminator="\n")
    w.writeheader()
    for p in plants:
        row = dict(p)
        if row["utilization"]:
            row["utilization_basis"] = "reported"
        else:
            pool = reported_cf.get(plant_type(p)) or all_cf
            row["utilization"] = f"{statistics.median(pool):.4f}"
            row["utilization_basis"] = "default"
        w.writerow(row)

strikes = list(csv.DictReader(open("datasets/research/ua-power-strikes.csv", newline="",
                                   encoding="utf-8")))
partial = [float(s["disabled"]) / in_service[s["asset_id"]] for s in strikes
           if s["disabled"] and s["disabled_basis"] == "reported"
           and float(s["disabled"]) < in_service[s["asset_id"]]]
partial += [float(s["disabled_share"]) for s in strikes
            if s["disabled_share"] and s["disabled_basis"] == "reported"
            and float(s["disabled_share"]) < 1]
default_share = statistics.median(partial)
with open("datasets/ua-power-strikes.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(strikes[0].keys()), lineterminator="\n")
    w.writeheader()
    for s in strikes:
        row = dict(s)
        if not row["disabled"] and not row["disabled_share"]:
            row["disabled_share"] = f"{default_share:.4f}"
            row["disabled_basis"] = "default"
            if not row["disabled_share_low"]:
                row["disabled_share_low"], row["disabled_share_high"] = map(str, SHARE_RANGE)
        if not row["repair_days"] and not row["restart_date"]:
            point, low, high = PLANT_DEFAULT if row["hit"] == "plant" else OTHER_DEFAULT
            known = int(row["repair_days_low"]) if row["repair_days_low"] else 0
            row["repair_days"] = str(max(point, known))
            row["repair_days_low"] = str(max(low, known))
            row["repair_days_high"] = str(max(high, int(row["repair_days_high"] or 0), known + 1))
            row["outage_basis"] = "default"
        w.writerow(row)

with open("datasets/ua-power-prices.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["date", "group", "value_usd", "confidence", "source", "note"])
    for r in csv.DictReader(open("datasets/research/ua-power-prices.csv", newline="",
                                 encoding="utf-8")):
        if r["power_usd_mwh"]:
            w.writerow([r["month"], GROUP, r["power_usd_mwh"], r["confidence"], r["source"],
                        r["note"]])

n_operating = sum(bool(p.get("operating")) for p in plants)
print(f"{len(plants)} plants, {sum(capacity.values()):.1f} MW; {n_operating} with an operating capacity, "
      f"{sum(in_service.values()):.1f} MW in service; {len(strikes)} strikes; "
      f"default share {default_share:.4f} from {len(partial)} reported partial share(s)")
