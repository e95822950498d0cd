"""Margin statistics over stored history, as pure functions: per tournament and book, the
overround of one market line across its stored price sets, first against latest, and the value in
force at fixed times before kickoff.

History holds change points, so a price set holds from its change until the next one; the value
"at 6 h before kickoff" is the set in force then. A set that is incomplete or off the board has no
overround and counts nowhere (a missing price is not a zero margin).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import fmean

from oddsdesk.analytics.margins import overround
from oddsdesk.domain import Book
from oddsdesk.web.views import MarginStat, TournamentMargins

WINDOWS: tuple[tuple[str, float, float], ...] = (
    ("72 h+", 72.0, float("inf")),
    ("48–72 h", 48.0, 72.0),
    ("24–48 h", 24.0, 48.0),
    ("12–24 h", 12.0, 24.0),
    ("6–12 h", 6.0, 12.0),
    ("2–6 h", 2.0, 6.0),
    ("0–2 h", 0.0, 2.0),
)
"""Windows before kickoff (label, from, to hours), far to near. Each match counts in a window
with the overround it showed at the window's end, or now while the window is still open."""


@dataclass(frozen=True, slots=True)
class Point:
    """One stored price set of one event on one book: its overround (None: incomplete/off)."""

    event_id: int
    book: Book
    at: datetime
    value: float | None


@dataclass(frozen=True, slots=True)
class EventScope:
    event_id: int
    kickoff: datetime
    tournament_key: str
    tournament: str
    country: str | None


def point_value(
    prices: Sequence[float | None], available: bool, winners: int | None
) -> float | None:
    """The overround of a stored price set, or None when it was off the board or incomplete."""
    if not available or winners is None or not prices:
        return None
    return overround(prices, winners=winners)


def in_force(points: Sequence[Point], moment: datetime) -> float | None:
    """The value of the last point at or before `moment` (points oldest first)."""
    value = None
    for point in points:
        if point.at > moment:
            break
        value = point.value
    return value


def window_value(
    points: Sequence[Point], kickoff: datetime, near: float, far: float, now: datetime
) -> float | None:
    """The value in force when the window [kickoff − far h, kickoff − near h) closed, or now
    while it is open; None before it opened or with no stored set by then."""
    end = min(kickoff - timedelta(hours=near), now)
    if far != float("inf") and end < kickoff - timedelta(hours=far):
        return None
    return in_force(points, end)


def margin_statistics(
    events: Iterable[EventScope],
    points: Iterable[Point],
    *,
    now: datetime,
    books: Sequence[Book] = tuple(Book),
) -> tuple[TournamentMargins, ...]:
    """Per tournament (busiest first): each book's average/min/max overround over every stored
    set, the mean first and latest set per event, and the mean value per window before kickoff
    (`WINDOWS`)."""
    scope = {e.event_id: e for e in events}
    series: dict[tuple[int, Book], list[Point]] = defaultdict(list)
    for point in points:
        if point.event_id in scope:
            series[(point.event_id, point.book)].append(point)
    by_tournament: dict[str, list[tuple[EventScope, Book, list[Point]]]] = defaultdict(list)
    for (event_id, book), items in series.items():
        event = scope[event_id]
        items.sort(key=lambda p: p.at)
        by_tournament[event.tournament_key].append((event, book, items))

    out = []
    for key, members in by_tournament.items():
        head = members[0][0]
        stats = []
        buckets: dict[str, dict[Book, float | None]] = {}
        for book in books:
            mine = [(event, items) for event, b, items in members if b is book]
            values = [p.value for _, items in mine for p in items if p.value is not None]
            if not values:
                continue
            firsts = _each(
                mine, lambda items: next((p.value for p in items if p.value is not None), None)
            )
            lasts = _each(
                mine,
                lambda items: next((p.value for p in reversed(items) if p.value is not None), None),
            )
            stats.append(
                MarginStat(
                    book=book,
                    markets=len(mine),
                    average=fmean(values),
                    minimum=min(values),
                    maximum=max(values),
                    opening=fmean(firsts) if firsts else None,
                    closing=fmean(lasts) if lasts else None,
                )
            )
            for label, near, far in WINDOWS:
                found = []
                for event, items in mine:
                    value = window_value(items, event.kickoff, near, far, now)
                    if value is not None:
                        found.append(value)
                if found:
                    buckets.setdefault(label, {})[book] = fmean(found)
        if not stats:
            continue
        out.append(
            TournamentMargins(
                tournament=head.tournament,
                country=head.country,
                events=len({event.event_id for event, _, _ in members}),
                stats=tuple(stats),
                by_bucket={label: buckets[label] for label, _, _ in WINDOWS if label in buckets},
                key=key,
            )
        )
    out.sort(key=lambda t: (-t.events, (t.country or "").casefold(), t.tournament.casefold()))
    return tuple(out)


def _each(
    members: Sequence[tuple[EventScope, list[Point]]], pick: Callable[[list[Point]], float | None]
) -> list[float]:
    return [value for _, items in members if (value := pick(items)) is not None]
