"""Reads the dashboard needs and no other query answers: one market's stored history across many
events (for margin statistics), and the error counts of a page of runs at once. Keyword-only,
session first, plain values out."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from oddsdesk.domain import OutcomePrice
from oddsdesk.store import models as m
from oddsdesk.store.packing import NO_LINE, line_key, unpack_prices


@dataclass(frozen=True, slots=True)
class EventHead:
    id: int
    kickoff: datetime
    tournament: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class MarketPoint:
    """One stored change of one market line of one event on one book."""

    event_id: int
    book: str
    changed_at: datetime
    available: bool
    outcomes: tuple[OutcomePrice, ...]


def market_history(
    session: Session,
    *,
    market: str,
    line: float | None,
    kickoff_from: datetime,
    kickoff_to: datetime,
) -> tuple[list[EventHead], list[MarketPoint]]:
    """Every stored change of one market line for the events kicking off in [from, to), with
    those events' kickoff and tournament; points oldest first per event."""
    e, t, h = m.EventRow, m.TournamentRow, m.HISTORY
    events = [
        EventHead(row.id, row.kickoff, row.name, row.country)
        for row in session.execute(
            sa.select(e.id, e.kickoff, t.name, t.country)
            .outerjoin(t, t.id == e.tournament_id)
            .where(e.kickoff >= kickoff_from, e.kickoff < kickoff_to)
        )
    ]
    market_id = session.scalar(sa.select(m.MarketRow.id).where(m.MarketRow.code == market))
    if not events or market_id is None:
        return events, []
    chosen = sa.select(e.id).where(e.kickoff >= kickoff_from, e.kickoff < kickoff_to)
    rows = session.execute(
        sa.select(
            h.c.event_id,
            m.BookRow.slug,
            h.c.changed_at,
            h.c.available,
            h.c.outcome_set_id,
            h.c.prices,
        )
        .join(m.BookRow, m.BookRow.id == h.c.book_id)
        .where(
            h.c.market_id == market_id,
            h.c.line_key == (NO_LINE if line is None else line_key(line)),
            h.c.event_id.in_(chosen),
        )
        .order_by(h.c.event_id, h.c.changed_at)
    ).all()
    names = _outcome_names(session, {row.outcome_set_id for row in rows})
    points = [
        MarketPoint(
            event_id=row.event_id,
            book=row.slug,
            changed_at=row.changed_at,
            available=row.available,
            outcomes=unpack_prices(row.prices, names[row.outcome_set_id]),
        )
        for row in rows
    ]
    return events, points


def _outcome_names(session: Session, set_ids: set[int]) -> dict[int, tuple[str, ...]]:
    if not set_ids:
        return {}
    rows = session.execute(
        sa.select(m.OutcomeSetRow.id, m.OutcomeSetRow.names).where(m.OutcomeSetRow.id.in_(set_ids))
    )
    return {row_id: tuple(orjson.loads(text)) for row_id, text in rows}


def run_error_counts(session: Session, *, run_ids: Collection[int]) -> dict[int, int]:
    """Errors recorded per run, for a page of runs in one query."""
    if not run_ids:
        return {}
    err = m.ScrapeErrorRow
    rows = session.execute(
        sa.select(err.run_id, sa.func.count())
        .where(err.run_id.in_(list(run_ids)))
        .group_by(err.run_id)
    )
    return {int(run_id): int(count) for run_id, count in rows}
