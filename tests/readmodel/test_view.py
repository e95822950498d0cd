from __future__ import annotations

import threading
from datetime import timedelta

from oddsdesk.domain import Book
from oddsdesk.readmodel.values import Seen
from oddsdesk.readmodel.view import OddsView, canonical_tournaments, tournament
from tests.support.odds import T0, event, link, quote, world


def test_apply_returns_changed_events_and_keeps_old_snapshots_intact() -> None:
    view = OddsView(clock=lambda: T0)
    changed = view.apply(
        events=[event(1), event(2)],
        quotes=[quote(1, Book.BETPAWA, "btts_ft", {"yes": 1.8, "no": 2.0})],
    )
    assert changed == {1, 2}
    before = view.snapshot

    view.apply(quotes=[quote(1, Book.BETPAWA, "btts_ft", {"yes": 1.7, "no": 2.1})])

    old = before.events[1].quotes[(Book.BETPAWA, "btts_ft", None)]
    new = view.snapshot.events[1].quotes[(Book.BETPAWA, "btts_ft", None)]
    assert [o.price for o in old.outcomes] == [1.8, 2.0]
    assert [o.price for o in new.outcomes] == [1.7, 2.1]
    assert view.snapshot.events[2] is before.events[2]  # untouched events are shared
    assert view.snapshot.version == before.version + 1


def test_apply_with_nothing_new_changes_nothing() -> None:
    view = OddsView()
    view.apply(events=[event(1)])
    version = view.snapshot.version
    assert view.apply(events=[event(1)]) == frozenset()
    assert view.snapshot.version == version


def test_quote_for_unknown_event_is_counted_not_kept() -> None:
    view = OddsView()
    view.apply(quotes=[quote(9, Book.BETPAWA, "btts_ft", {"yes": 1.8, "no": 2.0})])
    assert view.orphan_quotes == 1
    assert len(view) == 0


def test_seen_keeps_the_latest_answer_per_book() -> None:
    view = OddsView()
    later = T0 + timedelta(minutes=10)
    view.apply(
        events=[event(1)], quotes=[quote(1, Book.BETPAWA, "btts_ft", {"yes": 1.8, "no": 2.0})]
    )
    quotes_before = view.snapshot.events[1].quotes

    view.apply(seen=[Seen(1, Book.BETPAWA, later), Seen(1, Book.BETPAWA, T0)])
    view.apply(seen=[Seen(1, Book.BETPAWA, T0)])

    state = view.snapshot.events[1]
    assert state.seen[Book.BETPAWA] == later  # an older mark never moves freshness back
    assert state.quotes == quotes_before  # a confirmation replaces no quote


def test_kickoff_order_and_prune() -> None:
    view = OddsView()
    view.apply(
        events=[
            event(3, kickoff=T0 + timedelta(hours=1)),
            event(1, kickoff=T0 + timedelta(hours=5)),
            event(2, kickoff=T0),
        ]
    )
    assert [s.event_id for s in view.snapshot.rows] == [2, 3, 1]
    assert list(view.snapshot.kickoffs) == sorted(view.snapshot.kickoffs)

    gone = view.prune(kicked_off_before=T0 + timedelta(hours=2))
    assert gone == {2, 3}
    assert [s.event_id for s in view.snapshot.rows] == [1]


def test_moving_kickoff_reorders() -> None:
    view = OddsView()
    view.apply(events=[event(1, kickoff=T0), event(2, kickoff=T0 + timedelta(hours=1))])
    view.apply(events=[event(1, kickoff=T0 + timedelta(hours=2))])
    assert [s.event_id for s in view.snapshot.rows] == [2, 1]


def test_same_tournament_name_in_two_countries_stays_two_tournaments() -> None:
    view = OddsView()
    view.apply(
        events=[
            event(1, tournament="Premier League", country="England"),
            event(2, tournament="Premier League", country="Ghana"),
        ]
    )
    keys = {t.key for t in view.snapshot.tournament_of.values()}
    assert keys == {"england/premier-league", "ghana/premier-league"}


def test_competitor_only_event_takes_the_betpawa_tournament_it_is_paired_with() -> None:
    sporty = {"tournament": "Premier League", "country": "England"}
    bp = {"tournament": "England Premier League", "country": "England"}
    matched = [
        event(
            i,
            links={
                Book.BETPAWA: link(Book.BETPAWA, i, **bp),
                Book.SPORTYBET: link(Book.SPORTYBET, i, **sporty),
            },
            books=(),
        )
        for i in (1, 2)
    ]
    lone = event(3, books=(), links={Book.SPORTYBET: link(Book.SPORTYBET, 3, **sporty)})
    never = event(
        4, books=(), links={Book.BET9JA: link(Book.BET9JA, 4, tournament="NPFL", country="Nigeria")}
    )

    result = canonical_tournaments([*matched, lone, never])

    assert result[3] == tournament("England Premier League", "England")
    assert result[4] == tournament("NPFL", "Nigeria")


def test_listeners_hear_changed_ids_and_can_leave() -> None:
    view = OddsView()
    heard: list[frozenset[int]] = []
    remove = view.add_listener(heard.append)
    view.apply(events=[event(1)])
    remove()
    view.apply(events=[event(2)])
    assert heard == [frozenset({1})]


def test_a_failing_listener_does_not_stop_the_writer() -> None:
    view = OddsView()

    def broken(ids: frozenset[int]) -> None:
        raise RuntimeError("subscriber bug")

    view.add_listener(broken)
    assert view.apply(events=[event(1)]) == {1}
    assert len(view) == 1


def test_readers_always_see_a_consistent_snapshot_while_a_writer_applies() -> None:
    events, quotes, _ = world(200, lines=2)
    view = OddsView()
    view.apply(events=events[:50])
    problems: list[str] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            snap = view.snapshot
            if len(snap.rows) != len(snap.events) or len(snap.kickoffs) != len(snap.rows):
                problems.append("index out of step")
            for row in snap.rows:
                if (
                    snap.events.get(row.event_id) is not row
                    or row.event_id not in snap.tournament_of
                ):
                    problems.append(f"event {row.event_id} out of step")

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for i in range(50, 200, 10):
        view.apply(
            events=events[i : i + 10],
            quotes=[q for q in quotes if i < q[0][0] <= i + 10],
        )
        view.apply(removed=[i - 40])
    done.set()
    for thread in threads:
        thread.join()
    assert problems == []
    assert len(view) == 200 - 15
