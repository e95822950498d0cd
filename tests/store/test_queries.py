"""Read functions the API builds on."""

from __future__ import annotations

from datetime import timedelta

from oddsdesk.domain import Book, EventRef
from oddsdesk.pipeline.changes import CurrentState
from oddsdesk.store.batch import LinkRecord, RunRecord, WriteBatch
from oddsdesk.store.queries import (
    coverage,
    event_odds,
    list_events,
    load_app_settings,
    odds_history,
    save_app_settings,
    scrape_runs,
    table_sizes,
)
from tests.store.helpers import T0, cycle, event_records, market


def seed(db, tmp_path):
    """Three events; Bet9ja and SportyBet list some, in same-named tournaments of two countries."""
    with db.writer(tmp_path / "spool") as writer:
        ids = list(writer.ensure_events(event_records(3)).values())
        links = []
        for i, event_id in enumerate(ids):
            for book, country in (
                (Book.SPORTYBET, "England"),
                (Book.BET9JA, "Ghana" if i else "England"),
            ):
                if book is Book.BET9JA and i == 2:
                    continue
                ref = EventRef(
                    book,
                    f"{book}-{i}",
                    str(1000 + i),
                    f"Home {i}",
                    f"Away {i}",
                    T0,
                    "Premier League",
                    country,
                )
                links.append(LinkRecord.of(event_id, ref, seen_at=T0))
        writer.submit(
            WriteBatch(links=tuple(links), runs=(RunRecord(5, "manual", "completed", T0),))
        )
        state = CurrentState()
        writer.submit(cycle(state, ids, lambda e, b: [market("1x2_ft", None, 2.0, 3.0, 4.0)], T0))
        writer.submit(
            cycle(
                state,
                ids,
                lambda e, b: [market("1x2_ft", None, 2.1, 3.0, 4.0)],
                T0 + timedelta(hours=1),
            )
        )
        assert writer.flush(30)
    return ids


def test_events_filters(db, tmp_path) -> None:
    ids = seed(db, tmp_path)
    with db.session() as session:
        everything = list_events(session)
        assert [e.id for e in everything] == ids
        assert everything[0].books == ("sportybet", "bet9ja")
        assert everything[0].tournament == "League 0" and everything[0].country == "England"
        assert [e.id for e in list_events(session, book="bet9ja")] == ids[:2]
        assert [e.id for e in list_events(session, search="AWAY 2")] == ids[2:]
        assert [e.id for e in list_events(session, tournament="League 1")] == ids[1:2]
        assert list_events(session, kickoff_to=T0) == []
        assert [e.id for e in list_events(session, limit=1, offset=1)] == ids[1:2]


def test_current_odds_and_history(db, tmp_path) -> None:
    ids = seed(db, tmp_path)
    with db.session() as session:
        quotes = event_odds(session, event_id=ids[0])
        assert [(q.book, q.market, q.line) for q in quotes] == [
            (b.value, "1x2_ft", None) for b in Book
        ]
        assert quotes[0].outcomes[0].price == 2.1
        history = odds_history(session, event_id=ids[0], market="1x2_ft", book="betpawa")
        assert [(p.changed_at, p.outcomes[0].price) for p in history] == [
            (T0, 2.0),
            (T0 + timedelta(hours=1), 2.1),
        ]
        assert len(odds_history(session, event_id=ids[0], market="1x2_ft")) == 6
        assert (
            len(
                odds_history(
                    session, event_id=ids[0], market="1x2_ft", since=T0 + timedelta(minutes=1)
                )
            )
            == 3
        )
        assert odds_history(session, event_id=ids[0], market="1x2_ft", until=T0) == []
        assert odds_history(session, event_id=ids[0], market="1x2_ft", line=0.0) == []


def test_coverage_keeps_countries_apart(db, tmp_path) -> None:
    seed(db, tmp_path)
    with db.session() as session:
        rows = {(r.country, r.tournament, r.book): r.events for r in coverage(session)}
    assert rows == {
        ("England", "Premier League", "bet9ja"): 1,
        ("Ghana", "Premier League", "bet9ja"): 1,
        ("England", "Premier League", "sportybet"): 3,
    }


def test_runs_settings_and_sizes(db, tmp_path) -> None:
    seed(db, tmp_path)
    with db.session() as session:
        assert [r.id for r in scrape_runs(session)] == [5]
        assert scrape_runs(session, status="failed") == []
        save_app_settings(
            session, values={"scrape_interval_minutes": 10, "enabled_books": ["betpawa"]}
        )
        session.commit()
        save_app_settings(session, values={"scrape_interval_minutes": 15})
        session.commit()
        assert load_app_settings(session) == {
            "scrape_interval_minutes": 15,
            "enabled_books": ["betpawa"],
        }
        sizes = {s.table: s for s in table_sizes(session)}
    assert sizes["market_odds_current"].rows == 9
    assert sizes["market_odds_history"].rows == 18
    assert all(s.bytes > 0 for s in sizes.values())
