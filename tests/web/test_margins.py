"""Margin statistics over change points: what holds when, per window before kickoff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from oddsdesk.domain import Book
from oddsdesk.web.margins import (
    WINDOWS,
    EventScope,
    Point,
    margin_statistics,
    point_value,
    window_value,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
BP, SB = Book.BETPAWA, Book.SPORTYBET


def hours(h: float) -> timedelta:
    return timedelta(hours=h)


def test_a_price_set_counts_only_when_complete_and_on_offer():
    assert point_value([2.0, 3.5, 4.0], True, 1) == pytest.approx(1 / 2 + 1 / 3.5 + 1 / 4 - 1)
    assert point_value([2.0, None, 4.0], True, 1) is None
    assert point_value([2.0, 3.5, 4.0], False, 1) is None
    assert point_value([1.3, 1.3, 1.8], True, 2) == pytest.approx((2 / 1.3 + 1 / 1.8) / 2 - 1)
    assert point_value([1.3, 1.3], True, None) is None  # no partition: no margin


def test_a_window_takes_the_set_in_force_when_it_closed_or_now_while_open():
    kickoff = NOW + hours(5)
    points = [
        Point(1, BP, NOW - hours(30), 0.06),  # 35 h before kickoff
        Point(1, BP, NOW - hours(3), 0.05),  # 8 h before
    ]
    assert window_value(points, kickoff, 24, 48, NOW) == 0.06  # closed 24 h before: the first
    assert window_value(points, kickoff, 2, 6, NOW) == 0.05  # open now: the current set
    assert window_value(points, kickoff, 0, 2, NOW) is None  # opens in 3 h
    assert window_value(points, kickoff, 48, 72, NOW) is None  # nothing stored by then
    assert window_value(points, kickoff, 72, float("inf"), NOW) is None


def test_statistics_per_tournament_and_book():
    scope = [
        EventScope(1, NOW + hours(5), "england/premier-league", "Premier League", "England"),
        EventScope(2, NOW - hours(1), "england/premier-league", "Premier League", "England"),
        EventScope(3, NOW + hours(50), "italy/serie-a", "Serie A", "Italy"),
    ]
    points = [
        Point(1, BP, NOW - hours(30), 0.06),
        Point(1, BP, NOW - hours(3), 0.05),
        Point(1, BP, NOW - hours(0.5), None),  # withdrawn: counts nowhere
        Point(2, BP, NOW - hours(10), 0.04),
        Point(2, BP, NOW - hours(2), 0.07),
        Point(2, SB, NOW - hours(10), 0.05),
        Point(3, SB, NOW - hours(1), 0.08),
        Point(9, BP, NOW, 0.5),  # an event out of scope
    ]
    stats = margin_statistics(scope, points, now=NOW)
    assert [t.key for t in stats] == ["england/premier-league", "italy/serie-a"]
    england = stats[0]
    assert england.events == 2
    bp = next(s for s in england.stats if s.book is BP)
    assert bp.average == pytest.approx((0.06 + 0.05 + 0.04 + 0.07) / 4)
    assert (bp.minimum, bp.maximum) == (0.04, 0.07)
    assert bp.opening == pytest.approx((0.06 + 0.04) / 2)
    assert bp.closing == pytest.approx((0.05 + 0.07) / 2)
    assert bp.markets == 2
    # 6–12 h: event 1 as it stood an hour ago (0.05), event 2 when the window closed (0.04)
    assert england.by_bucket["6–12 h"][BP] == pytest.approx(0.045)
    # 2–6 h: event 1 is off the board now, so only event 2, as it stood 3 h ago
    assert england.by_bucket["2–6 h"][BP] == 0.04
    # 0–2 h: only event 2 has had it (closed at kickoff, an hour ago)
    assert england.by_bucket["0–2 h"][BP] == 0.07
    labels = [label for label, _, _ in WINDOWS]
    assert list(england.by_bucket) == [k for k in labels if k in england.by_bucket]
    italy = stats[1]
    assert [s.book for s in italy.stats] == [SB]
    assert italy.by_bucket == {"48–72 h": {SB: 0.08}}
