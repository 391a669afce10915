"""Disclosure control of the result's JSON: counts of persons, and figures derived from few persons."""

from __future__ import annotations

from typing import Any

from iop import disclosure
from reporting.indicators.dimensions import DIMENSIONS


def _protected_count(n: Any) -> Any:
    """A protected single count: the number, or its label ("<3") when hidden."""
    if not isinstance(n, int):
        return n
    cell = disclosure.protect_count(n)
    return cell.value if cell.shown else cell.label


def protect_breakdown(b: dict) -> dict:
    """A breakdown is published as one table per dimension: the dimension's values plus the total."""
    out: dict = {"total": _protected_count(b["total"])}
    for dim in DIMENSIONS:
        keys = list(b[dim])
        table = disclosure.protect_table([[b[dim][k]] for k in keys], row_totals=False, col_totals=True)
        out[dim] = {
            k: (c.value if c.shown else c.label)
            for k, c in zip(keys, (r[0] for r in table.cells), strict=True)
        }
        # The table's own total equals b["total"]; when it is hidden there so is the published total.
        if table.col_totals and table.col_totals[0].suppressed:
            out["total"] = table.col_totals[0].label
    return out


def _small_base(n: Any) -> bool:
    return not isinstance(n, int) or disclosure.is_small(n)


def protect_result_dict(d: dict) -> dict:
    """Apply disclosure control to `IndicatorResult.as_dict()` (counts of persons and figures derived
    from few persons: daily occupancy, lengths, averages)."""
    d = dict(d)
    d["protected"] = True
    for key in ("started", "ended", "active"):
        d[key] = protect_breakdown(d[key])
    d["indicators"] = [
        {**i, "value": _protected_count(i["value"]), "breakdown": protect_breakdown(i["breakdown"])}
        for i in d["indicators"]
    ]
    d["yearly"] = [{**y, "started": _protected_count(y["started"])} for y in d["yearly"]]
    occ = dict(d["occupancy"])
    occ["series"] = [_protected_count(v) for v in occ["series"]]
    occ["peak"] = _protected_count(occ["peak"])
    d["started_cumulative"] = [_protected_count(v) for v in d["started_cumulative"]]
    d["occupancy"] = occ
    pl = dict(d["placements"])
    small = _small_base(pl["ended"])
    for key in ("ended", "extensions", "placements_extended", "pauses", "placements_paused"):
        pl[key] = _protected_count(pl[key])
    if small:
        pl["median_days"] = pl["average_days"] = None
    d["placements"] = pl
    reasons = d["end_reasons"]
    table = disclosure.protect_table([[r["count"]] for r in reasons], row_totals=False) if reasons else None
    d["end_reasons"] = [
        {**r, "count": (c.value if c.shown else c.label)}
        for r, c in zip(reasons, (row[0] for row in table.cells) if table else [], strict=False)
    ]
    d["outcomes"] = {k: protect_breakdown(v) for k, v in d["outcomes"].items()}
    d["progression_placements"] = _protected_count(d["progression_placements"])
    prog = []
    for item in d["progression"]:
        t = disclosure.protect_table(
            [[item["improved"], item["unchanged"], item["worsened"]]], row_totals=True, col_totals=False
        )
        cells = [c.value if c.shown else c.label for c in t.cells[0]]
        prog.append(
            {
                **item,
                "n": _protected_count(item["n"]),
                "improved": cells[0],
                "unchanged": cells[1],
                "worsened": cells[2],
                "mean_change": None if _small_base(item["n"]) else item["mean_change"],
            }
        )
    d["progression"] = prog
    d["talks"] = [{**t, "count": _protected_count(t["count"])} for t in d["talks"]]
    exits = []
    for e in d["exit_followups"]:
        keys = list(e["situations"])
        t = disclosure.protect_table([[e["situations"][k]] for k in keys], row_totals=False)
        exits.append(
            {
                **e,
                "total": _protected_count(e["total"]),
                "work": _protected_count(e["work"]),
                "situations": {
                    k: (c.value if c.shown else c.label)
                    for k, c in zip(keys, (r[0] for r in t.cells), strict=True)
                },
                "by_gender": {k: _protected_count(v) for k, v in e["by_gender"].items()},
            }
        )
    d["exit_followups"] = exits
    d["goals"] = [protect_goal(g) for g in d.get("goals", [])]
    return d


def protect_goal(g: dict) -> dict:
    """A goal's result as published: counts (computed or reported) and their split by gender pass
    disclosure control; a percent of a small base is hidden with its fulfilment."""
    g = dict(g)
    if g["unit"] == "percent" and g["numerator"] is not None:
        if disclosure.is_small(g["numerator"]) or disclosure.is_small(g["denominator"]):
            g["actual"], g["fulfilment"] = disclosure.SECONDARY_LABEL, None
        g["numerator"], g["denominator"] = (
            _protected_count(g["numerator"]),
            _protected_count(g["denominator"]),
        )
    else:
        raw = g["actual"]
        g["actual"] = _protected_count(raw)
        if isinstance(raw, int) and disclosure.is_small(raw):
            g["fulfilment"] = None
    # Submitted figures are not yet approved: they never leave the administration.
    g["pending"] = None
    for split in ("by_gender", "by_age"):
        g[split] = _protect_split(g.get(split) or {})
    return g


def _protect_split(split: dict) -> dict:
    """A reported split (by gender, by age band) as one protected column with its total."""
    if not split:
        return {}
    keys = list(split)
    table = disclosure.protect_table([[split[k]] for k in keys], row_totals=False)
    return {
        k: (c.value if c.shown else c.label) for k, c in zip(keys, (r[0] for r in table.cells), strict=True)
    }
