"""Read functions for the API and the CLI: keyword-only, session first, plain values out.

Prices come back decoded (`OutcomePrice`s, lines as floats). The freshness of an available
market is the later of its own `last_confirmed_at` and its (event, book) confirmation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from oddsdesk.domain import OutcomePrice
from oddsdesk.store import models as m
from oddsdesk.store.packing import NO_LINE, key_line, line_key, unpack_prices

TABLES: tuple[str, ...] = tuple(sorted(m.Base.metadata.tables))


@dataclass(frozen=True, slots=True)
class EventSummary:
    id: int
    key: str
    sr_id: str | None
    home: str
    away: str
    kickoff: datetime
    status: str
    tournament: str | None
    country: str | None
    books: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CurrentQuote:
    book: str
    market: str
    line: float | None
    outcomes: tuple[OutcomePrice, ...]
    available: bool
    unavailable_since: datetime | None
    last_changed_at: datetime
    last_confirmed_at: datetime


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    book: str
    changed_at: datetime
    available: bool
    outcomes: tuple[OutcomePrice, ...]


@dataclass(frozen=True, slots=True)
class CoverageRow:
    country: str | None
    tournament: str
    book: str
    events: int


@dataclass(frozen=True, slots=True)
class TableSize:
    table: str
    rows: int
    bytes: int


def list_events(
    session: Session,
    *,
    kickoff_from: datetime | None = None,
    kickoff_to: datetime | None = None,
    status: str | None = None,
    country: str | None = None,
    tournament: str | None = None,
    book: str | None = None,
    search: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[EventSummary]:
    """Events by kickoff, filtered; `book` keeps events that book lists, `search` matches a
    team name (case-insensitive)."""
    e, t = m.EventRow, m.TournamentRow
    query = (
        sa.select(
            e.id, e.event_key, e.sr_id, e.home, e.away, e.kickoff, e.status, t.name, t.country
        )
        .outerjoin(t, t.id == e.tournament_id)
        .order_by(e.kickoff, e.id)
        .limit(limit)
        .offset(offset)
    )
    if kickoff_from is not None:
        query = query.where(e.kickoff >= kickoff_from)
    if kickoff_to is not None:
        query = query.where(e.kickoff < kickoff_to)
    if status is not None:
        query = query.where(e.status == status)
    if country is not None:
        query = query.where(t.country == country)
    if tournament is not None:
        query = query.where(t.name == tournament)
    if book is not None:
        query = query.where(
            sa.exists()
            .where(m.EventLinkRow.event_id == e.id)
            .where(m.EventLinkRow.book_id == m.BookRow.id, m.BookRow.slug == book)
        )
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(
            sa.or_(sa.func.lower(e.home).like(pattern), sa.func.lower(e.away).like(pattern))
        )
    rows = session.execute(query).all()
    books = _books_by_event(session, [row.id for row in rows])
    return [
        EventSummary(
            id=row.id,
            key=row.event_key,
            sr_id=row.sr_id,
            home=row.home,
            away=row.away,
            kickoff=row.kickoff,
            status=row.status,
            tournament=row.name,
            country=row.country,
            books=books.get(row.id, ()),
        )
        for row in rows
    ]


def _books_by_event(session: Session, event_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    if not event_ids:
        return {}
    query = (
        sa.select(m.EventLinkRow.event_id, m.BookRow.slug)
        .join(m.BookRow, m.BookRow.id == m.EventLinkRow.book_id)
        .where(m.EventLinkRow.event_id.in_(event_ids))
        .order_by(m.EventLinkRow.event_id, m.BookRow.id)
    )
    found: dict[int, tuple[str, ...]] = {}
    for event_id, slug in session.execute(query):
        found[event_id] = (*found.get(event_id, ()), slug)
    return found


def _names(session: Session, set_ids: set[int]) -> dict[int, tuple[str, ...]]:
    if not set_ids:
        return {}
    rows = session.execute(
        sa.select(m.OutcomeSetRow.id, m.OutcomeSetRow.names).where(m.OutcomeSetRow.id.in_(set_ids))
    )
    return {row_id: tuple(orjson.loads(text)) for row_id, text in rows}


def event_odds(session: Session, *, event_id: int) -> list[CurrentQuote]:
    """Every current quote of one event on every book, by market, line and book."""
    c, conf = m.CurrentOddsRow, m.ConfirmationRow
    query = (
        sa.select(
            m.BookRow.slug,
            m.MarketRow.code,
            c.line_key,
            c.outcome_set_id,
            c.prices,
            c.available,
            c.unavailable_since,
            c.last_changed_at,
            c.last_confirmed_at,
            conf.confirmed_at,
        )
        .join(m.BookRow, m.BookRow.id == c.book_id)
        .join(m.MarketRow, m.MarketRow.id == c.market_id)
        .outerjoin(conf, (conf.event_id == c.event_id) & (conf.book_id == c.book_id))
        .where(c.event_id == event_id)
        .order_by(m.MarketRow.code, c.line_key, c.book_id)
    )
    rows = session.execute(query).all()
    names = _names(session, {row.outcome_set_id for row in rows})
    return [
        CurrentQuote(
            book=row.slug,
            market=row.code,
            line=key_line(row.line_key),
            outcomes=unpack_prices(row.prices, names[row.outcome_set_id]),
            available=row.available,
            unavailable_since=row.unavailable_since,
            last_changed_at=row.last_changed_at,
            last_confirmed_at=(
                max(row.last_confirmed_at, row.confirmed_at)
                if row.available and row.confirmed_at is not None
                else row.last_confirmed_at
            ),
        )
        for row in rows
    ]


def odds_history(
    session: Session,
    *,
    event_id: int,
    market: str,
    line: float | None = None,
    book: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[HistoryPoint]:
    """Every change of one market line of one event, oldest first. A vanished market shows
    as a point with `available=False` and no outcomes."""
    h = m.HISTORY
    query = (
        sa.select(m.BookRow.slug, h.c.changed_at, h.c.available, h.c.outcome_set_id, h.c.prices)
        .join(m.BookRow, m.BookRow.id == h.c.book_id)
        .join(m.MarketRow, m.MarketRow.id == h.c.market_id)
        .where(
            h.c.event_id == event_id,
            m.MarketRow.code == market,
            h.c.line_key == (NO_LINE if line is None else line_key(line)),
        )
        .order_by(h.c.changed_at, h.c.book_id)
    )
    if book is not None:
        query = query.where(m.BookRow.slug == book)
    if since is not None:
        query = query.where(h.c.changed_at >= since)
    if until is not None:
        query = query.where(h.c.changed_at < until)
    rows = session.execute(query).all()
    names = _names(session, {row.outcome_set_id for row in rows})
    return [
        HistoryPoint(
            book=row.slug,
            changed_at=row.changed_at,
            available=row.available,
            outcomes=unpack_prices(row.prices, names[row.outcome_set_id]),
        )
        for row in rows
    ]


def coverage(
    session: Session, *, kickoff_from: datetime | None = None, kickoff_to: datetime | None = None
) -> list[CoverageRow]:
    """Events each book lists, per (country, tournament) as that book names them: a
    "Premier League" of England and one of Ghana stay apart."""
    link, t, e = m.EventLinkRow, m.TournamentRow, m.EventRow
    query = (
        sa.select(t.country, t.name, m.BookRow.slug, sa.func.count(link.event_id))
        .join(t, t.id == link.tournament_id)
        .join(m.BookRow, m.BookRow.id == link.book_id)
        .join(e, e.id == link.event_id)
        .group_by(t.country, t.name, m.BookRow.slug)
        .order_by(t.country, t.name, m.BookRow.slug)
    )
    if kickoff_from is not None:
        query = query.where(e.kickoff >= kickoff_from)
    if kickoff_to is not None:
        query = query.where(e.kickoff < kickoff_to)
    return [
        CoverageRow(country, name, slug, count)
        for country, name, slug, count in session.execute(query)
    ]


def scrape_runs(
    session: Session, *, limit: int = 50, status: str | None = None
) -> list[m.ScrapeRunRow]:
    query = sa.select(m.ScrapeRunRow).order_by(m.ScrapeRunRow.started_at.desc()).limit(limit)
    if status is not None:
        query = query.where(m.ScrapeRunRow.status == status)
    return list(session.scalars(query))


def load_app_settings(session: Session) -> dict[str, Any]:
    return dict(session.execute(sa.select(m.AppSettingRow.key, m.AppSettingRow.value)).all())


def save_app_settings(
    session: Session, *, values: dict[str, Any], now: datetime | None = None
) -> None:
    """Upsert each key (the caller validates the values and commits)."""
    now = now or datetime.now(UTC)
    for key, value in values.items():
        session.merge(m.AppSettingRow(key=key, value=value, updated_at=now))


_PG_SIZES = """
SELECT coalesce(sum(pg_total_relation_size(relid)), 0),
       coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint
FROM (SELECT relid FROM pg_partition_tree(CAST(:table AS regclass))
      UNION SELECT CAST(:table AS regclass)) t
JOIN pg_class c ON c.oid = t.relid
"""
EXACT_COUNT_BELOW = 64 * 1024 * 1024


def table_sizes(session: Session) -> list[TableSize]:
    """Bytes (table + indexes; all partitions) and rows of every oddsdesk table.

    Rows are exact on SQLite and for PostgreSQL tables under 64 MB; above that, the planner's
    estimate (a count would read the whole table).
    """
    sizes = []
    if session.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            size, estimate = session.execute(sa.text(_PG_SIZES), {"table": table}).one()
            rows = estimate
            if size < EXACT_COUNT_BELOW:
                rows = session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            sizes.append(TableSize(table, int(rows), int(size)))
        return sizes
    pages = dict(
        session.execute(
            sa.text(
                "SELECT coalesce(s.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
                "LEFT JOIN sqlite_schema s ON s.name = d.name GROUP BY 1"
            )
        ).all()
    )
    for table in TABLES:
        rows = session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
        sizes.append(TableSize(table, int(rows), int(pages.get(table, 0))))
    return sizes
