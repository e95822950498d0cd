"""Reads that warm the in-memory view (and answer for an event the view no longer holds):
events with every book's link, current quotes and per-(event, book) confirmations.
Keyword-only, session first, plain values out; an event set is chosen by kickoff or by ids."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from oddsdesk.domain import Book
from oddsdesk.pipeline.changes import QuoteState
from oddsdesk.store import models as m
from oddsdesk.store.packing import key_line, unpack_prices

KNOWN_BOOKS = {book.value: book for book in Book}


@dataclass(frozen=True, slots=True)
class StoredLink:
    book: Book
    book_event_id: str
    home: str
    away: str
    tournament: str | None
    country: str | None
    method: str
    confidence: float
    last_seen_at: datetime


@dataclass(frozen=True, slots=True)
class StoredEvent:
    id: int
    sr_id: str | None
    home: str
    away: str
    kickoff: datetime
    status: str
    tournament: str | None
    country: str | None
    links: tuple[StoredLink, ...]


def _event_filter(
    column: sa.ColumnElement[int], since: datetime | None, event_ids: Collection[int] | None
) -> sa.ColumnElement[bool]:
    e = m.EventRow.__table__
    chosen = sa.select(e.c.id)
    if since is not None:
        chosen = chosen.where(e.c.kickoff >= since, e.c.status != "finished")
    if event_ids is not None:
        chosen = chosen.where(e.c.id.in_(list(event_ids)))
    return column.in_(chosen)


def _books(session: Session) -> dict[int, Book]:
    rows = session.execute(sa.select(m.BookRow.id, m.BookRow.slug))
    return {row_id: KNOWN_BOOKS[slug] for row_id, slug in rows if slug in KNOWN_BOOKS}


def stored_events(
    session: Session,
    *,
    since: datetime | None = None,
    event_ids: Collection[int] | None = None,
) -> list[StoredEvent]:
    """Events kicking off at or after `since` (not finished) and/or with the given ids, with
    every book's link, by kickoff."""
    e, t, link = m.EventRow, m.TournamentRow, m.EventLinkRow
    books = _books(session)
    lt = sa.orm.aliased(t)
    link_rows = session.execute(
        sa.select(
            link.event_id,
            link.book_id,
            link.book_event_id,
            link.home,
            link.away,
            lt.name,
            lt.country,
            link.match_method,
            link.confidence,
            link.last_seen_at,
        )
        .outerjoin(lt, lt.id == link.tournament_id)
        .where(_event_filter(link.event_id, since, event_ids))
        .order_by(link.event_id, link.book_id)
    )
    links: dict[int, list[StoredLink]] = {}
    for row in link_rows:
        book = books.get(row.book_id)
        if book is not None:
            links.setdefault(row.event_id, []).append(
                StoredLink(
                    book,
                    row.book_event_id,
                    row.home,
                    row.away,
                    row.name,
                    row.country,
                    row.match_method,
                    row.confidence,
                    row.last_seen_at,
                )
            )
    rows = session.execute(
        sa.select(e.id, e.sr_id, e.home, e.away, e.kickoff, e.status, t.name, t.country)
        .outerjoin(t, t.id == e.tournament_id)
        .where(_event_filter(e.id, since, event_ids))
        .order_by(e.kickoff, e.id)
    )
    return [
        StoredEvent(
            row.id,
            row.sr_id,
            row.home,
            row.away,
            row.kickoff,
            row.status,
            row.name,
            row.country,
            tuple(links.get(row.id, ())),
        )
        for row in rows
    ]


def stored_quotes(
    session: Session,
    *,
    since: datetime | None = None,
    event_ids: Collection[int] | None = None,
    changed_since: datetime | None = None,
) -> Iterator[tuple[tuple[int, Book, str, float | None], QuoteState]]:
    """Current quotes of the chosen events as (key, state), the pipeline's own shapes; with
    `changed_since`, only those whose prices or availability changed from then on."""
    books = _books(session)
    markets = dict(session.execute(sa.select(m.MarketRow.id, m.MarketRow.code)).all())
    names = {
        row_id: tuple(orjson.loads(text))
        for row_id, text in session.execute(sa.select(m.OutcomeSetRow.id, m.OutcomeSetRow.names))
    }
    c = m.CURRENT
    rows = session.execute(
        sa.select(
            c.c.event_id,
            c.c.book_id,
            c.c.market_id,
            c.c.line_key,
            c.c.outcome_set_id,
            c.c.prices,
            c.c.available,
            c.c.last_changed_at,
            c.c.unavailable_since,
        ).where(
            _event_filter(c.c.event_id, since, event_ids),
            sa.true() if changed_since is None else c.c.last_changed_at >= changed_since,
        )
    )
    for event_id, book_id, market_id, line, set_id, prices, available, changed, gone in rows:
        book = books.get(book_id)
        if book is None:
            continue
        state = QuoteState(unpack_prices(prices, names[set_id]), bool(available), changed, gone)
        yield (event_id, book, markets[market_id], key_line(line)), state


def stored_confirmations(
    session: Session,
    *,
    since: datetime | None = None,
    event_ids: Collection[int] | None = None,
    confirmed_since: datetime | None = None,
) -> list[tuple[int, Book, datetime]]:
    """When each book last answered for each chosen event: its confirmation, or else the latest
    confirmation of one of its rows; with `confirmed_since`, only answers from then on."""
    books = _books(session)
    c, conf = m.CURRENT, m.CONFIRMATIONS
    latest: dict[tuple[int, int], datetime] = {}
    row_seen = sa.func.max(c.c.last_confirmed_at)
    per_row = session.execute(
        sa.select(c.c.event_id, c.c.book_id, row_seen)
        .where(_event_filter(c.c.event_id, since, event_ids))
        .group_by(c.c.event_id, c.c.book_id)
        .having(sa.true() if confirmed_since is None else row_seen >= confirmed_since)
    )
    pair_rows = session.execute(
        sa.select(conf.c.event_id, conf.c.book_id, conf.c.confirmed_at).where(
            _event_filter(conf.c.event_id, since, event_ids),
            sa.true() if confirmed_since is None else conf.c.confirmed_at >= confirmed_since,
        )
    )
    for event_id, book_id, at in (*per_row, *pair_rows):
        if at is None:
            continue
        if isinstance(at, str):  # SQLite returns an aggregate's timestamp as text
            at = m.UTCDateTime().process_result_value(at, session.get_bind().dialect)
        key = (event_id, book_id)
        if key not in latest or at > latest[key]:
            latest[key] = at
    return [
        (event_id, books[book_id], at)
        for (event_id, book_id), at in latest.items()
        if book_id in books
    ]


def touched_events(session: Session, *, since: datetime) -> list[int]:
    """Events created or changed (kickoff, status, a book's link seen) from `since` on."""
    e, link = m.EventRow, m.EventLinkRow
    ids = set(session.scalars(sa.select(e.id).where(e.updated_at >= since)))
    ids.update(session.scalars(sa.select(link.event_id).where(link.last_seen_at >= since)))
    return sorted(ids)
