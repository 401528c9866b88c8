"""Writes datasets/ua-power-balance.csv from the research files in research/ua-balance/.

Run from the repository root: python3 datasets/research/build_power_balance.py

Each bundled row names the research row it comes from (its source and wording are copied), and
every derived number shows its arithmetic in `note`. Nothing here is fitted to a published
deficit or outage figure: those are the benchmarks the rows are checked against.
"""

import csv
import os

HERE = os.path.join(os.path.dirname(__file__), "ua-balance")
OUT = os.path.join(os.path.dirname(__file__), "..", "ua-power-balance.csv")
GROUP = "ua-power"


def rows(name):
    with open(os.path.join(HERE, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


demand = rows("ua-demand.csv")
imports = rows("ua-imports.csv")
available = rows("ua-available.csv")
availability = rows("ua-availability.csv")
shapes = rows("ua-load-shape.csv")


def pick(table, **want):
    found = [r for r in table if all(r[k] == v for k, v in want.items())]
    assert len(found) == 1, (want, len(found))
    return found[0]


out = []


def span(measure, start, end, value, confidence, source, note):
    out.append([GROUP, measure, start, end, "", "", value, confidence, source, note])


# Demand: the seasonal peaks that were stated, each over its season's days.
for start, end, frm, to, mw in [
    ("2023-12-01", "2024-02-29", "2023-12", "2024-02", "18000"),
    ("2024-06-01", "2024-08-31", "2024-06", "2024-08", "12000"),
    ("2024-12-01", "2025-02-28", "2024-12", "2025-02", "18500"),
]:
    r = pick(demand, kind="peak", **{"from": frm, "to": to, "value_mw": mw})
    span("demand_peak_mw", start, end, mw, r["confidence"], r["source"], r["note"])

# Summer 2025: the peak of DiXi's most likely scenario, a forecast (its row holds the
# outlook's wording).
r = pick(availability, category="peak_deficit", **{"from": "2025-06-01", "to": "2025-08-31"})
span("demand_peak_mw", "2025-06-01", "2025-08-31", "15200", "low", r["source"],
     "A forecast made in May 2025, DiXi Summer Outlook 2025, scenario 1 (judged most likely): "
     "summer peak \"15.2 GW\". " + r["note"])

# Imports: the commercial import limit agreed with ENTSO-E.
for frm, to in [("2023-12-01", "2024-11-30"), ("2024-12-01", "2025-12-31")]:
    r = pick(imports, **{"from": frm, "to": to})
    span("import_limit_mw", frm, to, r["limit_mw"], "medium", r["source"], r["note"])

# Available apart from the records' strikes: the 18 GW the system had available in 2023,
# before the strikes of 2024 that the records hold, less the nuclear units out for their
# scheduled repairs (1,000 MW each: the units of Rivne 3-4, Khmelnytskyi and South Ukraine).
base = pick(availability, category="available_total", mw="18000")
BASE_NOTE = (
    "Pavliuk (AEEC): \"in 2023 the Ukrainian energy system had 18 GW of available capacity\": "
    "the capacity before the strikes of 2024, which the records take off day by day"
)
repairs = [
    ("2024-01-01", "2024-05-28", 0, None, "no nuclear unit out for a scheduled repair recorded"),
    ("2024-05-29", "2024-06-02", 1, pick(availability, category="nuclear_online", **{"from": "2024-05-29"}),
     "8 of 9 units working (Kotin): 18,000 - 1 x 1,000"),
    ("2024-06-03", "2024-07-16", 3, pick(available, category="nuclear_repair"),
     "three of nine units in pre-winter maintenance: 18,000 - 3 x 1,000"),
    ("2024-07-17", "2024-07-23", 2, pick(available, category="nuclear_return", **{"from": "2024-07-17"}),
     "a repaired unit connected on 17 July: 18,000 - 2 x 1,000"),
    ("2024-07-24", "2024-10-08", 1, pick(availability, category="nuclear_online", **{"from": "2024-10-04"}),
     "another unit back on 24 July, one under repair until mid-October: 18,000 - 1 x 1,000"),
    ("2024-10-09", "2025-04-08", 0, pick(available, category="nuclear_repair_complete"),
     "the 2024 repair campaign completed, nine units ready"),
    ("2025-04-09", "2025-08-31", 2, pick(availability, category="nuclear_online", **{"from": "2025-04-09"}),
     "two units taken into repair, all back by the end of August: 18,000 - 2 x 1,000"),
]
for frm, to, units, r, why in repairs:
    mw = 18000 - 1000 * units
    source = base["source"] if r is None else f"{base['source']} ; {r['source']}"
    confidence = "medium" if units == 0 and r is None else "low"
    note = f"{BASE_NOTE}; {why}" + ("" if r is None else f". Repair source: {r['note']}")
    span("available_mw", frm, to, str(mw), confidence, source, note)

# Load shapes: hour h's demand as a share of the day's peak, per season.
for season, from_rows, confidence, note in [
    ("autumn", "shoulder_sep", "medium",
     "a September weekday before the war (Ukrenergo, 2020-09-15, from a third-party copy): the autumn shape"),
    ("spring", "shoulder_sep", "low",
     "no spring shape was found: the September weekday's shape stands in"),
    ("summer", "summer", "low",
     "built from anchors (night minimum 0.73 of the evening peak, the peak at 21:00, solar lowering midday), "
     "the hours between filled linearly; Brekht (Ukrenergo, 2024-10-30): summer night load about 9 GW "
     "against the 12 GW peak, 0.75"),
    ("winter", "winter", "low",
     "built from anchors (the peak at 18:00 as on 2021-02-08, a morning shoulder at 0.93, night as the "
     "September day), the hours between filled linearly"),
]:
    for r in (x for x in shapes if x["season"] == from_rows):
        out.append([GROUP, "load_share", "", "", season, r["hour"], r["share_of_peak"], confidence,
                    r["source"], f"{note}; basis: {r['basis']}"])

with open(OUT, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["group", "measure", "from", "to", "season", "hour", "value", "confidence", "source", "note"])
    w.writerows(out)
print(len(out), "rows")
