from __future__ import annotations

from datetime import timedelta

import pytest

from oddsdesk.domain import Book
from oddsdesk.readmodel.coverage import Scope, countries, coverage, tournaments, unmatched_events
from oddsdesk.readmodel.schemas import Mode
from oddsdesk.readmodel.view import OddsView
from tests.support.odds import T0, event, link

BP, SB, B9 = Book.BETPAWA, Book.SPORTYBET, Book.BET9JA


@pytest.fixture
def view() -> OddsView:
    """England PL: 2 matched, 1 BetPawa-only; Ghana PL (same name!): 1 matched;
    Nigeria NPFL: 2 competitor-only (a tournament BetPawa lacks); one started event."""
    view = OddsView(clock=lambda: T0)
    h = timedelta(hours=1)
    view.apply(
        events=[
            event(1, kickoff=T0 + h),
            event(2, books=(BP, SB), kickoff=T0 + 2 * h),
            event(3, books=(BP,), kickoff=T0 + 3 * h),
            event(4, country="Ghana", kickoff=T0 + 4 * h),
            event(5, books=(SB, B9), tournament="NPFL", country="Nigeria", kickoff=T0 + 5 * h),
            event(6, books=(B9,), tournament="NPFL", country="Nigeria", kickoff=T0 + 6 * h),
            event(7, kickoff=T0 - h),
        ]
    )
    return view


def test_tournaments_are_counted_within_their_country(view: OddsView) -> None:
    report = coverage(view)
    rows = {t.tournament.key: t for t in report.tournaments}
    assert list(rows) == ["england/premier-league", "ghana/premier-league", "nigeria/npfl"]
    england = rows["england/premier-league"]
    assert (england.counts.events, england.counts.matched, england.counts.betpawa_only) == (3, 2, 1)
    assert {b.book: b.events for b in england.books} == {BP: 3, SB: 2, B9: 1}
    assert rows["ghana/premier-league"].counts.events == 1
    assert [t.tournament.key for t in report.missing_tournaments] == ["nigeria/npfl"]


def test_totals_and_per_book(view: OddsView) -> None:
    report = coverage(view)
    t = report.totals
    assert (t.events, t.matched, t.betpawa_only, t.competitor_only) == (6, 3, 1, 2)
    assert t.match_rate_pct == 50.0
    books = {b.book: b for b in report.books}
    assert (books[BP].events, books[BP].with_reference, books[BP].only_here) == (4, 3, 1)
    assert (books[B9].events, books[B9].with_reference, books[B9].only_here) == (4, 2, 1)


def test_started_events_count_only_when_asked(view: OddsView) -> None:
    assert coverage(view, Scope(include_started=True)).totals.events == 7


def test_unmatched_events_say_which_books_miss_them(view: OddsView) -> None:
    page = unmatched_events(view)
    assert [(e.id, e.missing_on) for e in page.items] == [
        (2, [B9]),
        (3, [SB, B9]),
        (5, [BP]),
        (6, [BP, SB]),
    ]
    assert [e.id for e in unmatched_events(view, missing_on=BP).items] == [5, 6]
    second = unmatched_events(view, page=2, page_size=3)
    assert ([e.id for e in second.items], second.total) == ([6], 4)


def test_filter_lists(view: OddsView) -> None:
    assert [(c.country, c.events) for c in countries(view)] == [
        ("England", 3),
        ("Ghana", 1),
        ("Nigeria", 2),
    ]
    assert [c.country for c in countries(view, mode=Mode.COMPETITOR)] == ["Nigeria"]
    listed = tournaments(view, mode=Mode.BETPAWA)
    assert [(t.tournament.key, t.events) for t in listed] == [
        ("england/premier-league", 3),
        ("ghana/premier-league", 1),
    ]
    assert [t.tournament.key for t in tournaments(view, countries=frozenset({"nigeria"}))] == [
        "nigeria/npfl"
    ]


def test_competitor_only_event_joins_the_betpawa_tournament_it_pairs_with() -> None:
    view = OddsView(clock=lambda: T0)
    sb = {"tournament": "Premier League", "country": "England"}
    bp = {"tournament": "England - Premier League", "country": "England"}
    view.apply(
        events=[
            event(
                1,
                books=(),
                kickoff=T0 + timedelta(hours=1),
                links={BP: link(BP, 1, **bp), SB: link(SB, 1, **sb)},
            ),
            event(2, books=(), kickoff=T0 + timedelta(hours=2), links={SB: link(SB, 2, **sb)}),
        ]
    )
    report = coverage(view)
    assert [(t.tournament.name, t.counts.events) for t in report.tournaments] == [
        ("England - Premier League", 2)
    ]
    assert report.missing_tournaments == []
