"""History series shaped for the chart: one shared time axis, values aligned to it.

History stores change points only, so a price holds until the next point: each series is
sampled as a step function at every time any book changed, plus "now". While a market is off the
board its last price goes to a separate `off` array (drawn dashed) and the live array has a gap,
so an unavailable period is visible, never silently bridged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from oddsdesk.domain import REFERENCE_BOOK, Book
from oddsdesk.web.labels import outcome_label
from oddsdesk.web.views import HistoryPoint, HistorySeries, TournamentMargins


def _sample(points: Sequence[HistoryPoint], xs: Sequence[float], value) -> tuple[list, list]:
    live: list[float | None] = []
    off: list[float | None] = []
    index = -1
    for x in xs:
        while index + 1 < len(points) and points[index + 1].at.timestamp() <= x:
            index += 1
        if index < 0:
            live.append(None)
            off.append(None)
            continue
        point = points[index]
        v = value(point)
        if point.available and v is not None:
            live.append(v)
            off.append(None)
        else:
            live.append(None)
            off.append(v if v is not None else _last_value(points, index, value))
    # join a dashed stretch to the solid line on both sides
    joined = list(off)
    for i, value in enumerate(off):
        if value is None:
            continue
        if i > 0 and live[i - 1] is not None and off[i - 1] is None:
            joined[i - 1] = live[i - 1]
        if i + 1 < len(xs) and live[i + 1] is not None and off[i + 1] is None:
            joined[i + 1] = live[i + 1]
    return live, joined


def _last_value(points: Sequence[HistoryPoint], index: int, value) -> float | None:
    for point in reversed(points[: index + 1]):
        v = value(point)
        if v is not None:
            return v
    return None


def history_chart(series: Sequence[HistorySeries], *, now: datetime) -> dict[str, Any]:
    """`{x, outcomes, books: [{book, label, prices: {outcome: {live, off}}, margin: {live, off},
    changes, confirmed_at}]}` with x in Unix seconds; margin in percent."""
    stamps = {p.at.timestamp() for s in series for p in s.points}
    if stamps:
        stamps.add(max(now.timestamp(), max(stamps)))
    xs = sorted(stamps)
    outcomes: dict[str, str] = {}
    for s in series:
        for point in s.points:
            for outcome in point.prices:
                outcomes.setdefault(outcome, outcome_label(outcome))
    books = []
    for s in series:
        if not s.points:
            continue
        prices = {}
        for outcome in outcomes:
            live, off = _sample(s.points, xs, lambda p, o=outcome: p.prices.get(o))
            prices[outcome] = {"live": live, "off": off}
        margin_live, margin_off = _sample(
            s.points,
            xs,
            lambda p: None if p.margin is None else round(p.margin * 100, 2),
        )
        books.append(
            {
                "book": s.book.value,
                "label": s.book.label,
                "prices": prices,
                "margin": {"live": margin_live, "off": margin_off},
                "changes": len(s.points),
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            }
        )
    return {
        "x": xs,
        "outcomes": [{"key": k, "label": v} for k, v in outcomes.items()],
        "books": books,
    }


def bucket_chart(item: TournamentMargins | None) -> dict[str, Any] | None:
    """Average overround per time-to-kickoff bucket per book, and BetPawa minus each competitor,
    in percent (points for the differences)."""
    if item is None or not item.by_bucket:
        return None
    buckets = list(item.by_bucket)
    books = [b for b in Book if any(b in item.by_bucket[k] for k in buckets)]

    def pct(value: float | None) -> float | None:
        return None if value is None else round(value * 100, 2)

    series = [
        {
            "book": b.value,
            "label": b.label,
            "values": [pct(item.by_bucket[k].get(b)) for k in buckets],
        }
        for b in books
    ]
    diffs = []
    for b in books:
        if b is REFERENCE_BOOK:
            continue
        values = []
        for k in buckets:
            mine, theirs = item.by_bucket[k].get(REFERENCE_BOOK), item.by_bucket[k].get(b)
            values.append(
                None if mine is None or theirs is None else round((mine - theirs) * 100, 2)
            )
        diffs.append({"book": b.value, "label": f"BetPawa − {b.label}", "values": values})
    return {"buckets": buckets, "series": series, "diffs": diffs}
