"""The judgements the pages show: colours against BetPawa, best prices, the three offer states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from oddsdesk.domain import Book, OutcomePrice
from oddsdesk.web.labels import HEADLINES
from oddsdesk.web.present import (
    best_gap,
    book_summaries,
    category_tabs,
    margin_tone,
    market_rows,
    match_rows,
    price_tone,
)
from oddsdesk.web.views import BookFact, EventFact, Offer, QuoteFact, Tone

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

ORDER = (Book.BETPAWA, Book.SPORTYBET, Book.BET9JA)
ONE_X_TWO = HEADLINES[0]


def quote(
    prices,
    *,
    available=True,
    margin=None,
    market="1x2_ft",
    line=None,
    since=None,
    category="popular",
    name="1X2",
):
    outcomes = tuple(OutcomePrice(o, p, p is not None) for o, p in prices.items())
    return QuoteFact(market, line, outcomes, available, margin, NOW, since, name, category)


def event(**books) -> EventFact:
    facts = tuple(
        BookFact(Book(name), NOW - timedelta(minutes=1), {(q.market, q.line): q for q in quotes})
        for name, quotes in books.items()
    )
    return EventFact(1, "1", "Home FC", "Away FC", NOW + timedelta(hours=3), "Cup", "X", facts)


def test_price_and_margin_tones_follow_the_bettor():
    assert price_tone(2.10, 2.00) is Tone.BETTER
    assert price_tone(1.90, 2.00) is Tone.WORSE
    assert price_tone(2.004, 2.00) is Tone.SAME
    assert price_tone(None, 2.00) is Tone.NONE
    assert margin_tone(0.04, 0.05) is Tone.BETTER
    assert margin_tone(0.06, 0.05) is Tone.WORSE


def test_competitors_are_judged_against_betpawa_and_betpawa_against_the_best_competitor():
    e = event(
        betpawa=[quote({"home": 2.00, "draw": 3.30, "away": 3.80}, margin=0.05)],
        sportybet=[quote({"home": 2.10, "draw": 3.20, "away": 3.80}, margin=0.04)],
        bet9ja=[quote({"home": 1.95, "draw": 3.25, "away": 3.70}, margin=0.07)],
    )
    rows = match_rows(
        e, ORDER, now=NOW, stale_after=timedelta(minutes=11), headlines=[ONE_X_TWO]
    ).rows
    bp, sb, b9 = (r.cells[0] for r in rows)
    assert [p.tone for p in sb.prices] == [Tone.BETTER, Tone.WORSE, Tone.SAME]
    assert [p.tone for p in b9.prices] == [Tone.WORSE, Tone.WORSE, Tone.WORSE]
    # BetPawa's home 2.00 is below SportyBet's 2.10; its draw 3.30 beats every competitor
    assert [p.tone for p in bp.prices] == [Tone.WORSE, Tone.BETTER, Tone.SAME]
    assert [p.best for p in sb.prices] == [True, False, True]
    assert [p.best for p in bp.prices] == [False, True, True]
    assert bp.margin_tone is Tone.WORSE  # 5 % against SportyBet's 4 %
    assert sb.margin_tone is Tone.BETTER and b9.margin_tone is Tone.WORSE
    assert abs(best_gap(e, [ONE_X_TWO]) - 0.05) < 1e-9


def test_unavailable_market_is_struck_with_its_since_and_never_offered_is_a_dash():
    since = NOW - timedelta(minutes=17)
    e = event(
        betpawa=[quote({"home": 2.0, "draw": 3.3, "away": 3.8}, available=False, since=since)],
        sportybet=[quote({"home": 2.1, "draw": 3.2, "away": 3.8}, margin=0.04)],
    )
    rows = match_rows(
        e, ORDER, now=NOW, stale_after=timedelta(minutes=11), headlines=[ONE_X_TWO]
    ).rows
    bp, sb, b9 = (r.cells[0] for r in rows)
    assert bp.offer is Offer.UNAVAILABLE and bp.since == since
    assert all(p.offer is Offer.UNAVAILABLE and p.price is not None for p in bp.prices)
    # against an unavailable BetPawa price there is nothing to compare, and no best with one book
    assert all(p.tone is Tone.NONE and not p.best for p in sb.prices)
    assert not rows[2].listed and b9.offer is Offer.NEVER


def test_a_book_not_seen_for_two_cycles_is_stale():
    e = event(betpawa=[quote({"home": 2.0, "draw": 3.3, "away": 3.8})])
    fresh = match_rows(e, ORDER, now=NOW, stale_after=timedelta(minutes=11)).rows[0]
    late = match_rows(
        e, ORDER, now=NOW + timedelta(minutes=15), stale_after=timedelta(minutes=11)
    ).rows[0]
    assert not fresh.stale and late.stale


def test_detail_rows_group_by_category_and_rank_betpawa_by_overround():
    goals = {"market": "over_under_ft", "line": 2.5, "category": "goals", "name": "Over/Under"}
    e = event(
        betpawa=[
            quote({"home": 2.0, "draw": 3.3, "away": 3.8}, margin=0.05),
            quote({"over": 1.9, "under": 1.9}, margin=0.053, **goals),
        ],
        sportybet=[
            quote({"home": 2.1, "draw": 3.2, "away": 3.8}, margin=0.04),
            quote({"over": 1.85, "under": 1.9}, margin=0.07, **goals),
        ],
    )
    rows = market_rows(e, ORDER)
    assert [(r.market, r.line) for r in rows] == [("1x2_ft", None), ("over_under_ft", 2.5)]
    assert [r.betpawa_position for r in rows] == ["worst", "best"]
    assert rows[1].name == "Over/Under 2.5" and "over 2.5" in rows[1].search
    assert [t.key for t in category_tabs(rows)] == ["popular", "goals"]
    summary = {s.book: s for s in book_summaries(e, rows, ORDER)}
    assert summary[Book.SPORTYBET].shared_with_betpawa == 2
    assert (summary[Book.SPORTYBET].betpawa_best, summary[Book.SPORTYBET].betpawa_worse) == (1, 1)
    assert summary[Book.BET9JA].markets == 0
