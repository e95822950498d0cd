"""What the writer stores for each kind of change, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from oddsdesk.domain import Book, EventRef
from oddsdesk.pipeline.changes import CurrentState
from oddsdesk.store import models as m
from oddsdesk.store.batch import (
    ErrorRecord,
    EventRecord,
    EventScrape,
    LinkRecord,
    MatchMethod,
    RunRecord,
    TournamentRef,
    WriteBatch,
    new_run_id,
)
from oddsdesk.store.packing import NO_LINE, line_key
from oddsdesk.store.queries import event_odds, odds_history
from oddsdesk.store.warmup import load_current_state, load_event_ids
from tests.store.helpers import T0, cycle, event_records, market

EVENTS, MARKETS = 4, 12
T1, T2, T3, T4 = (T0 + timedelta(minutes=5 * i) for i in range(1, 5))


def base_quotes(event_id: int, book: Book) -> list:
    """MARKETS market lines per (event, book): a lineless 1X2, a lineless correct score and
    over/under lines; prices differ by event and book."""
    bump = round(event_id / 100 + list(Book).index(book) / 50, 2)
    quotes = [
        market("1x2_ft", None, round(1.85 + bump, 2), 3.4, 4.2),
        market("correct_score_ft", None, *(7.0 + i for i in range(10))),
    ]
    quotes += [
        market("over_under_ft", 0.5 + i, round(1.2 + i / 4 + bump, 2), 3.0)
        for i in range(MARKETS - 2)
    ]
    return quotes


@pytest.fixture
def setup(db, tmp_path):
    writer = db.writer(tmp_path / "spool").start()
    ids = list(writer.ensure_events(event_records(EVENTS)).values())
    yield db, writer, ids, CurrentState()
    writer.close()


def write(writer, batch: WriteBatch) -> None:
    writer.submit(batch)
    assert writer.flush(30)


def test_first_cycle_writes_every_market_line_once(setup) -> None:
    db, writer, ids, state = setup
    write(writer, cycle(state, ids, base_quotes, T1))
    pairs = EVENTS * len(Book)
    assert db.count("market_odds_current") == pairs * MARKETS
    assert db.count("market_odds_history") == pairs * MARKETS
    assert db.count("odds_confirmations") == pairs
    assert db.count("markets") == 3
    stats = writer.stats()
    assert (stats.written, stats.rows_current, stats.rows_history) == (
        1,
        pairs * MARKETS,
        pairs * MARKETS,
    )


def _current_rows(db) -> list:
    with db.engine.connect() as conn:
        return conn.execute(sa.select(m.CURRENT).order_by(*m.CURRENT.primary_key.columns)).all()


def test_frozen_prices_write_no_history_and_one_row_per_event_and_book(setup) -> None:
    db, writer, ids, state = setup
    write(writer, cycle(state, ids, base_quotes, T1))
    before = _current_rows(db)
    write(writer, cycle(state, ids, base_quotes, T2))

    stats = writer.stats()
    assert stats.rows_history == EVENTS * len(Book) * MARKETS  # all from the first cycle
    assert stats.rows_current == EVENTS * len(Book) * MARKETS
    assert stats.rows_confirmations == 2 * EVENTS * len(Book)
    assert db.count("market_odds_history") == EVENTS * len(Book) * MARKETS
    assert _current_rows(db) == before  # not one market row rewritten
    assert db.count("odds_confirmations", "confirmed_at = :t", t=_ts(db, T2)) == EVENTS * len(Book)
    with db.session() as session:
        quotes = event_odds(session, event_id=ids[0])
    assert len(quotes) == len(Book) * MARKETS
    assert {q.last_confirmed_at for q in quotes} == {T2}
    assert {q.last_changed_at for q in quotes} == {T1}


def _ts(db, value):
    """A bound timestamp as raw SQL on this dialect compares it."""
    return (
        value
        if db.dialect == "postgresql"
        else value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    )


def test_k_changes_write_exactly_k_history_rows(setup) -> None:
    db, writer, ids, state = setup
    write(writer, cycle(state, ids, base_quotes, T1))
    changed = {
        (ids[0], Book.BETPAWA, 3.5),
        (ids[1], Book.SPORTYBET, 0.5),
        (ids[3], Book.BET9JA, 7.5),
    }

    def moved(event_id: int, book: Book) -> list:
        return [
            market(q.market, q.line, round(q.outcomes[0].price + 0.1, 2), 3.0)
            if (event_id, book, q.line) in changed
            else q
            for q in base_quotes(event_id, book)
        ]

    history_before = db.count("market_odds_history")
    write(writer, cycle(state, ids, moved, T2))
    assert db.count("market_odds_history") == history_before + len(changed)
    assert db.count("market_odds_history", "changed_at = :t", t=_ts(db, T2)) == len(changed)
    assert db.count("market_odds_current", "last_changed_at = :t", t=_ts(db, T2)) == len(changed)
    with db.session() as session:
        points = odds_history(
            session, event_id=ids[0], market="over_under_ft", line=3.5, book="betpawa"
        )
    assert [p.changed_at for p in points] == [T1, T2]
    assert points[1].outcomes[0].price == pytest.approx(points[0].outcomes[0].price + 0.1)


def test_vanish_and_reappear_are_one_history_row_each(setup) -> None:
    db, writer, ids, state = setup
    event = ids[0]

    def without_btts(event_id: int, book: Book) -> list:
        quotes = base_quotes(event_id, book)
        return quotes[1:] if (event_id, book) == (event, Book.BET9JA) else quotes

    write(writer, cycle(state, ids, base_quotes, T1))
    write(writer, cycle(state, ids, without_btts, T2))
    write(writer, cycle(state, ids, without_btts, T3))
    with db.session() as session:
        gone = [
            q
            for q in event_odds(session, event_id=event)
            if q.book == "bet9ja" and q.market == "1x2_ft"
        ]
    assert len(gone) == 1
    assert (gone[0].available, gone[0].unavailable_since, gone[0].last_confirmed_at) == (
        False,
        T2,
        T1,
    )
    assert gone[0].outcomes == base_quotes(event, Book.BET9JA)[0].outcomes  # last prices kept

    write(writer, cycle(state, ids, base_quotes, T4))
    with db.session() as session:
        points = odds_history(session, event_id=event, market="1x2_ft", book="bet9ja")
        back = [
            q
            for q in event_odds(session, event_id=event)
            if q.book == "bet9ja" and q.market == "1x2_ft"
        ]
    assert [(p.changed_at, p.available, len(p.outcomes)) for p in points] == [
        (T1, True, 3),
        (T2, False, 0),
        (T4, True, 3),
    ]
    assert (back[0].available, back[0].unavailable_since, back[0].last_confirmed_at) == (
        True,
        None,
        T4,
    )
    assert db.count("market_odds_history") == EVENTS * len(Book) * MARKETS + 2


def test_a_lineless_market_is_one_row_apart_from_line_zero(setup) -> None:
    db, writer, ids, state = setup

    def handicaps(event_id: int, book: Book) -> list:
        return [
            market("asian_handicap_ft", None, 1.9, 1.9),
            market("asian_handicap_ft", 0.0, 1.8, 2.0),
        ]

    for now in (T1, T2, T3):
        write(writer, cycle(state, ids[:1], handicaps, now, books=[Book.BETPAWA]))
    rows = db.count("market_odds_current")
    assert rows == 2
    assert db.count("market_odds_current", "line_key = :k", k=NO_LINE) == 1
    assert db.count("market_odds_current", "line_key = :k", k=line_key(0.0)) == 1
    with pytest.raises(IntegrityError), db.engine.begin() as conn:  # no NULL hole in the key
        row = conn.execute(sa.select(m.CURRENT).where(m.CURRENT.c.line_key == NO_LINE)).one()
        conn.execute(sa.insert(m.CURRENT).values(**row._mapping))


def test_an_older_write_never_rolls_current_prices_back(setup) -> None:
    db, writer, ids, state = setup
    write(writer, cycle(state, ids[:1], base_quotes, T2, books=[Book.BETPAWA]))
    stale = cycle(
        CurrentState(),
        ids[:1],
        lambda e, b: [market("1x2_ft", None, 9.9, 9.9, 9.9)],
        T1,
        books=[Book.BETPAWA],
    )
    write(writer, stale)
    with db.session() as session:
        quote = next(q for q in event_odds(session, event_id=ids[0]) if q.market == "1x2_ft")
    assert quote.outcomes == base_quotes(ids[0], Book.BETPAWA)[0].outcomes
    assert quote.last_changed_at == T2


def test_a_batch_is_applied_once_however_often_it_is_submitted(setup) -> None:
    db, writer, ids, state = setup
    batch = cycle(state, ids, base_quotes, T1)
    batch = WriteBatch(
        changes=batch.changes,
        errors=(ErrorRecord(T1, "timeout", "read timed out", book=Book.BET9JA),),
        batch_id=batch.batch_id,
    )
    for _ in range(3):
        write(writer, batch)
    assert db.count("market_odds_history") == EVENTS * len(Book) * MARKETS
    assert db.count("scrape_errors") == 1
    assert db.count("write_batches") == 1
    assert writer.stats().duplicates == 2


def test_warm_state_equals_the_state_the_writer_was_fed(setup) -> None:
    db, writer, ids, state = setup

    def mixed(event_id: int, book: Book) -> list:
        quotes = base_quotes(event_id, book)
        return quotes[2:] if book is Book.SPORTYBET else quotes

    write(writer, cycle(state, ids, base_quotes, T1))
    write(writer, cycle(state, ids, mixed, T2))
    with db.engine.connect() as conn:
        warm = load_current_state(conn, since=T0)
        event_ids = load_event_ids(conn, since=T0)
    assert dict(warm) == dict(state)
    assert sorted(event_ids.values()) == sorted(ids)
    with db.engine.connect() as conn:
        assert len(load_current_state(conn, since=T0 + timedelta(days=1))) == 0


def test_events_and_links_upsert_by_key_and_move_a_relinked_book_event(setup) -> None:
    db, writer, ids, _ = setup
    again = writer.ensure_events(event_records(EVENTS))
    assert sorted(again.values()) == sorted(ids)
    assert db.count("events") == EVENTS
    assert db.count("tournaments") == 3

    ref = EventRef(
        Book.SPORTYBET, "sr:match:1", "1000", "Home 0", "Away 0", T0, "League", "Ghana", "sr:t:1"
    )
    link = LinkRecord.of(ids[0], ref, seen_at=T1)
    write(writer, WriteBatch(links=(link,)))
    relinked = LinkRecord.of(ids[1], ref, seen_at=T2, method=MatchMethod.FALLBACK, confidence=0.8)
    write(writer, WriteBatch(links=(relinked,)))
    with db.engine.connect() as conn:
        rows = conn.execute(sa.select(m.EventLinkRow.__table__)).all()
    assert [(r.event_id, r.book_event_id, r.match_method, r.confidence) for r in rows] == [
        (ids[1], "sr:match:1", "fallback", 0.8)
    ]
    # same tournament name, another country and book: a separate tournament row
    assert db.count("tournaments", "country = 'Ghana'") == 1
    assert db.count("tournaments") == 4


def test_runs_statuses_and_errors_are_recorded(setup) -> None:
    db, writer, ids, _ = setup
    run_id = new_run_id()
    running = RunRecord(run_id, "scheduled", "running", T1)
    done = RunRecord(run_id, "scheduled", "partial", T1, T2, 4, 3, 1, {"bet9ja": {"errors": 2}})
    write(writer, WriteBatch(runs=(running,)))
    write(
        writer,
        WriteBatch(
            runs=(done,),
            statuses=(EventScrape(run_id, ids[0], "partial", {"bet9ja": "timeout"}, 24, 812),),
            errors=(
                ErrorRecord(
                    T2, "timeout", "read timed out", "ReadTimeout", run_id, Book.BET9JA, ids[0]
                ),
            ),
        ),
    )
    with db.session() as session:
        run = session.get(m.ScrapeRunRow, run_id)
        status = session.get(m.EventScrapeStatusRow, (run_id, ids[0]))
        error = session.scalars(sa.select(m.ScrapeErrorRow)).one()
    assert (run.status, run.finished_at, run.events_failed, run.books) == (
        "partial",
        T2,
        1,
        {"bet9ja": {"errors": 2}},
    )
    assert (status.books, status.markets) == ({"bet9ja": "timeout"}, 24)
    assert (error.book, error.cause, error.event_id) == ("bet9ja", "ReadTimeout", ids[0])
    assert new_run_id() > run_id


def test_a_batch_the_database_refuses_is_kept_with_its_reason_and_the_rest_goes_on(
    setup, tmp_path
) -> None:
    db, writer, ids, state = setup
    orphan = LinkRecord(10**6, Book.BETPAWA, "x", "A", "B", T1, T1)  # no such event
    write(writer, WriteBatch(links=(orphan,)))
    write(writer, cycle(state, ids, base_quotes, T1))
    stats = writer.stats()
    assert (stats.dead, stats.lost, stats.written) == (1, 0, 1)
    dead = list((tmp_path / "spool" / "dead").glob("*.batch"))
    assert len(dead) == 1
    assert "foreign key" in dead[0].with_suffix(".reason").read_text().lower()
    assert db.count("market_odds_history") == EVENTS * len(Book) * MARKETS


def test_event_record_from_a_book_listing() -> None:
    ref = EventRef(
        Book.BETPAWA, "42", "777", "A", "B", T0, "Premier League", "England", None, live=True
    )
    record = EventRecord.of(ref)
    assert (record.key, record.status.value) == ("sr:777", "live")
    assert record.tournament == TournamentRef(
        Book.BETPAWA, "name:England|Premier League", "Premier League", "England"
    )
    nameless = EventRef(Book.BET9JA, "9", None, "A", "B", T0, "Cup")
    assert EventRecord.of(nameless, fallback="bet9ja:9").key == "fb:bet9ja:9"
    with pytest.raises(ValueError):
        EventRecord.of(nameless)
