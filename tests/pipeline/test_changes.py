from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oddsdesk.domain import Book, MarketQuote, OutcomePrice
from oddsdesk.pipeline.changes import (
    ChangeKind,
    CurrentState,
    QuoteState,
    apply_changes,
    detect_changes,
    line_units,
    price_units,
    same_prices,
)

T1 = datetime(2026, 5, 6, 9, 0, tzinfo=UTC)
T2 = T1 + timedelta(minutes=5)
T3 = T2 + timedelta(minutes=5)
EVENT = 7


def q(market: str, line: float | None, *prices: float | None, suspended: int = -1) -> MarketQuote:
    return MarketQuote(
        market,
        line,
        tuple(
            OutcomePrice(f"o{i}", p, p is not None and i != suspended) for i, p in enumerate(prices)
        ),
    )


BASE = [
    q("1x2_ft", None, 1.85, 3.4, 4.2),
    q("over_under_ft", 2.5, 1.9, 1.9),
    q("btts_ft", None, 1.7, 2.1),
]


def run(state: CurrentState, quotes, now, *, book=Book.BETPAWA, event=EVENT):
    cs = detect_changes(state, event_id=event, book=book, quotes=quotes, now=now)
    apply_changes(state, cs)
    return cs


def kinds(cs) -> dict[tuple[str, float | None], ChangeKind]:
    return {(c.market, c.line): c.kind for c in cs.changes}


def test_everything_is_new_on_first_sight() -> None:
    state = CurrentState()
    cs = run(state, BASE, T1)
    assert kinds(cs) == {(m.market, m.line): ChangeKind.NEW for m in BASE}
    assert cs.unchanged == ()
    assert all(
        c.state == QuoteState(m.outcomes, True, T1) for c, m in zip(cs.changes, BASE, strict=True)
    )
    assert len(state) == 3
    assert state[(EVENT, Book.BETPAWA, "over_under_ft", 2.5)].outcomes == BASE[1].outcomes


def test_same_prices_are_unchanged_and_write_nothing() -> None:
    state = CurrentState()
    run(state, BASE, T1)
    cs = run(state, BASE, T2)
    assert cs.changes == ()
    assert set(cs.unchanged) == {(m.market, m.line) for m in BASE}
    assert cs.seen == 3
    # the state keeps the time of the last change, not of the last sighting
    assert state[(EVENT, Book.BETPAWA, "1x2_ft", None)].changed_at == T1


def test_outcome_order_and_float_noise_are_not_changes() -> None:
    state = CurrentState()
    run(state, BASE, T1)
    reordered = MarketQuote("1x2_ft", None, tuple(reversed(BASE[0].outcomes)))
    noisy = q("over_under_ft", 2.5, 1.9 + 1e-9, 1.9 - 1e-9)
    cs = run(state, [reordered, noisy, BASE[2]], T2)
    assert cs.changes == ()
    assert len(cs.unchanged) == 3


@pytest.mark.parametrize(
    "new",
    [
        q("1x2_ft", None, 1.86, 3.4, 4.2),  # a price moved
        q("1x2_ft", None, 1.85, 3.4, 4.2, suspended=1),  # an outcome suspended
        q("1x2_ft", None, 1.85, 3.4, None),  # an outcome lost its price
        q("1x2_ft", None, 1.85, 3.4),  # an outcome disappeared
        MarketQuote("1x2_ft", None, (*BASE[0].outcomes, OutcomePrice("o9", 9.0, True))),
    ],
)
def test_any_difference_in_a_market_is_one_change(new: MarketQuote) -> None:
    state = CurrentState()
    run(state, BASE, T1)
    cs = run(state, [new, *BASE[1:]], T2)
    assert kinds(cs) == {("1x2_ft", None): ChangeKind.CHANGED}
    assert cs.changes[0].state == QuoteState(new.outcomes, True, T2)
    assert state[(EVENT, Book.BETPAWA, "1x2_ft", None)].outcomes == new.outcomes


def test_k_changes_are_exactly_k_changes() -> None:
    quotes = [q("over_under_ft", line / 2, 1.5 + line / 100, 2.5) for line in range(1, 41)]
    state = CurrentState()
    run(state, quotes, T1)
    moved = {3, 11, 19, 27, 35}
    new = [
        q(x.market, x.line, x.outcomes[0].price + 0.05, 2.5) if i in moved else x
        for i, x in enumerate(quotes)
    ]
    cs = run(state, new, T2)
    assert len(cs.changes) == len(moved)
    assert {c.line for c in cs.changes} == {quotes[i].line for i in moved}
    assert len(cs.unchanged) == len(quotes) - len(moved)


def test_vanish_is_one_change_then_silence_then_reappear() -> None:
    state = CurrentState()
    run(state, BASE, T1)
    gone = run(state, BASE[:2], T2)
    assert kinds(gone) == {("btts_ft", None): ChangeKind.VANISHED}
    assert gone.changes[0].state == QuoteState(BASE[2].outcomes, False, T2, unavailable_since=T2)

    still_gone = run(state, BASE[:2], T3)
    assert still_gone.changes == ()
    assert len(still_gone.unchanged) == 2

    back = run(state, BASE, T3 + timedelta(minutes=5))
    assert kinds(back) == {("btts_ft", None): ChangeKind.REAPPEARED}
    assert back.changes[0].state == QuoteState(BASE[2].outcomes, True, T3 + timedelta(minutes=5))
    assert state[(EVENT, Book.BETPAWA, "btts_ft", None)].unavailable_since is None


def test_reappearing_with_new_prices_is_still_one_change() -> None:
    state = CurrentState()
    run(state, BASE, T1)
    run(state, BASE[:2], T2)
    cs = run(state, [*BASE[:2], q("btts_ft", None, 1.6, 2.3)], T3)
    assert kinds(cs) == {("btts_ft", None): ChangeKind.REAPPEARED}


def test_an_empty_scrape_makes_every_available_market_vanish() -> None:
    state = CurrentState()
    run(state, BASE, T1)
    cs = run(state, [], T2)
    assert {c.kind for c in cs.changes} == {ChangeKind.VANISHED}
    assert len(cs.changes) == 3
    assert cs.seen == 0


def test_no_line_and_line_zero_are_different_markets() -> None:
    state = CurrentState()
    cs = run(
        state, [q("asian_handicap_ft", None, 1.9, 1.9), q("asian_handicap_ft", 0.0, 1.8, 2.0)], T1
    )
    assert len(cs.changes) == 2
    assert len(state) == 2
    cs = run(state, [q("asian_handicap_ft", 0.0, 1.8, 2.0)], T2)
    assert kinds(cs) == {("asian_handicap_ft", None): ChangeKind.VANISHED}


def test_other_books_and_events_are_untouched() -> None:
    state = CurrentState()
    run(state, BASE, T1)
    run(state, BASE, T1, book=Book.SPORTYBET)
    run(state, BASE, T1, event=EVENT + 1)
    cs = run(state, [], T2, book=Book.SPORTYBET)
    assert {c.kind for c in cs.changes} == {ChangeKind.VANISHED}
    assert all(state[(EVENT, Book.BETPAWA, m.market, m.line)].available for m in BASE)
    assert all(state[(EVENT + 1, Book.BETPAWA, m.market, m.line)].available for m in BASE)
    assert sorted(state.pairs()) == [
        (EVENT, Book.BETPAWA),
        (EVENT, Book.SPORTYBET),
        (EVENT + 1, Book.BETPAWA),
    ]


def test_duplicate_keys_keep_the_first_and_are_reported() -> None:
    state = CurrentState()
    cs = run(state, [BASE[0], q("1x2_ft", None, 9.0, 9.0, 9.0), BASE[1]], T1)
    assert cs.duplicates == (("1x2_ft", None),)
    assert state[(EVENT, Book.BETPAWA, "1x2_ft", None)].outcomes == BASE[0].outcomes


@pytest.mark.parametrize(
    "bad",
    [
        q("over_under_ft", 2.333, 1.9, 1.9),  # not a hundredth
        q("over_under_ft", 400.0, 1.9, 1.9),  # out of range
        q("over_under_ft", float("nan"), 1.9, 1.9),
        q("1x2_ft", None, 1.85, float("inf"), 4.2),
        q("1x2_ft", None, 1.85, -3.0, 4.2),
        q("1x2_ft", None, 1.85, 0.0001, 4.2),
    ],
)
def test_unstorable_quotes_are_rejected_with_a_reason_and_kept_out(bad: MarketQuote) -> None:
    state = CurrentState()
    cs = run(state, [bad, BASE[2]], T1)
    assert [r.market for r in cs.rejected] == [bad.market]
    assert cs.rejected[0].reason
    assert kinds(cs) == {("btts_ft", None): ChangeKind.NEW}
    assert len(state) == 1


def test_detect_does_not_touch_the_state() -> None:
    state = CurrentState()
    run(state, BASE, T1)
    before = dict(state)
    detect_changes(state, event_id=EVENT, book=Book.BETPAWA, quotes=[], now=T2)
    assert dict(state) == before


@pytest.mark.parametrize(
    "now", [datetime(2026, 5, 6, 9), datetime(2026, 5, 6, 9, tzinfo=timezone(timedelta(hours=1)))]
)
def test_now_must_be_aware_utc(now: datetime) -> None:
    with pytest.raises(ValueError, match="UTC"):
        detect_changes(CurrentState(), event_id=1, book=Book.BETPAWA, quotes=[], now=now)


def test_drop_event_forgets_all_its_books() -> None:
    state = CurrentState()
    run(state, BASE, T1)
    run(state, BASE, T1, book=Book.BET9JA)
    run(state, BASE, T1, event=EVENT + 1)
    assert state.drop_event(EVENT) == 6
    assert len(state) == 3
    assert list(state.quotes(EVENT, Book.BETPAWA)) == []


def test_storage_precision() -> None:
    assert line_units(None) is None
    assert [line_units(x) for x in (2.5, -0.75, 0.25, 0.0, -0.0, 0.1)] == [250, -75, 25, 0, 0, 10]
    assert price_units(1.85) == 1850
    assert price_units(None) is None
    assert same_prices(BASE[0].outcomes, tuple(reversed(BASE[0].outcomes)))
    assert not same_prices(BASE[0].outcomes, q("1x2_ft", None, 1.85, 3.4, 4.201).outcomes)


prices = st.one_of(st.none(), st.integers(1001, 50_000).map(lambda n: n / 1000))
quote_lists = st.lists(
    st.tuples(
        st.sampled_from(["1x2_ft", "over_under_ft", "btts_ft", "asian_handicap_ft"]),
        st.one_of(st.none(), st.integers(-20, 20).map(lambda n: n / 4)),
        st.lists(prices, min_size=1, max_size=4),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(quote_lists, quote_lists)
def test_diff_properties(first: list, second: list) -> None:
    """Applying a diff makes a repeat scrape unchanged; every change differs from before."""
    a = [q(m, line, *p) for m, line, p in first]
    b = [q(m, line, *p) for m, line, p in second]
    state = CurrentState()
    run(state, a, T1)
    before = dict(state)
    cs = run(state, b, T2)
    present = {(x.market, x.line) for x in b}
    for change in cs.changes:
        key = (EVENT, Book.BETPAWA, change.market, change.line)
        old = before.get(key)
        if change.kind is ChangeKind.NEW:
            assert old is None
        elif change.kind is ChangeKind.VANISHED:
            assert old.available and (change.market, change.line) not in present
        else:
            assert old is not None
            assert not old.available or not same_prices(old.outcomes, change.state.outcomes)
    again = detect_changes(state, event_id=EVENT, book=Book.BETPAWA, quotes=b, now=T3)
    assert again.changes == ()
    assert len(again.unchanged) == len(present)
    assert all(state[(EVENT, Book.BETPAWA, *k)].available for k in present)
