"""Start-up reads: the in-memory state of current quotes and the ids of known events."""

from __future__ import annotations

from datetime import datetime

import orjson
import sqlalchemy as sa
from sqlalchemy import Connection

from oddsdesk.domain import Book
from oddsdesk.pipeline.changes import CurrentState, QuoteState
from oddsdesk.store import models as m
from oddsdesk.store.packing import key_line, unpack_prices


def _active_events(since: datetime) -> sa.Select[tuple[int]]:
    events = m.EventRow.__table__
    return sa.select(events.c.id).where(events.c.kickoff >= since, events.c.status != "finished")


def load_event_ids(conn: Connection, *, since: datetime) -> dict[str, int]:
    """Event ids by key for events kicking off at or after `since` and not finished."""
    events = m.EventRow.__table__
    query = sa.select(events.c.event_key, events.c.id).where(events.c.id.in_(_active_events(since)))
    return dict(conn.execute(query).all())


def load_current_state(conn: Connection, *, since: datetime) -> CurrentState:
    """The last known quotes of every active event (as `load_event_ids`), as the diff needs."""
    known = {book.value: book for book in Book}
    books = {
        row_id: known[slug]
        for row_id, slug in conn.execute(sa.select(m.BookRow.id, m.BookRow.slug))
        if slug in known
    }
    markets = dict(conn.execute(sa.select(m.MarketRow.id, m.MarketRow.code)).all())
    names = {
        row_id: tuple(orjson.loads(text))
        for row_id, text in conn.execute(sa.select(m.OutcomeSetRow.id, m.OutcomeSetRow.names))
    }
    cur = m.CURRENT
    query = sa.select(
        cur.c.event_id,
        cur.c.book_id,
        cur.c.market_id,
        cur.c.line_key,
        cur.c.outcome_set_id,
        cur.c.prices,
        cur.c.available,
        cur.c.last_changed_at,
        cur.c.unavailable_since,
    ).where(cur.c.event_id.in_(_active_events(since)))
    state = CurrentState()
    for (
        event_id,
        book_id,
        market_id,
        line,
        set_id,
        prices,
        available,
        changed,
        gone,
    ) in conn.execute(query):
        book = books.get(book_id)
        if book is None:  # a book this version does not scrape; nothing to diff against
            continue
        outcomes = unpack_prices(prices, names[set_id])
        state.put(
            (event_id, book, markets[market_id], key_line(line)),
            QuoteState(outcomes, bool(available), changed, gone),
        )
    return state
