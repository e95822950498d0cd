"""Reads about scrape runs for the API: pages of runs, one run with its errors and per-event
outcomes, and aggregates over a period. Keyword-only, session first.

Run ids are allocated from the clock in milliseconds (`batch.new_run_id`), so "runs since T" is
also "run ids from T in ms" — which lets per-event statuses be aggregated without a join.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oddsdesk.store import models as m


@dataclass(frozen=True, slots=True)
class RunPage:
    runs: list[m.ScrapeRunRow]
    total: int


def runs_page(
    session: Session,
    *,
    limit: int = 20,
    offset: int = 0,
    status: str | None = None,
    trigger: str | None = None,
    since: datetime | None = None,
) -> RunPage:
    """Runs, newest first."""
    run = m.ScrapeRunRow
    where = []
    if status is not None:
        where.append(run.status == status)
    if trigger is not None:
        where.append(run.trigger == trigger)
    if since is not None:
        where.append(run.started_at >= since)
    total = session.execute(sa.select(sa.func.count()).select_from(run).where(*where)).scalar_one()
    rows = session.scalars(
        sa.select(run)
        .where(*where)
        .order_by(run.started_at.desc(), run.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return RunPage(list(rows), int(total))


def run_by_id(session: Session, *, run_id: int) -> m.ScrapeRunRow | None:
    return session.get(m.ScrapeRunRow, run_id)


def run_errors(session: Session, *, run_id: int, limit: int = 200) -> list[m.ScrapeErrorRow]:
    err = m.ScrapeErrorRow
    query = (
        sa.select(err).where(err.run_id == run_id).order_by(err.occurred_at, err.id).limit(limit)
    )
    return list(session.scalars(query))


def run_error_count(session: Session, *, run_id: int) -> int:
    err = m.ScrapeErrorRow
    return int(session.execute(sa.select(sa.func.count()).where(err.run_id == run_id)).scalar_one())


def event_status_counts(
    session: Session, *, run_id: int | None = None, since_run_id: int | None = None
) -> dict[str, int]:
    """How many events ended in each status, for one run or every run from an id on."""
    st = m.EventScrapeStatusRow
    query = sa.select(st.status, sa.func.count()).group_by(st.status)
    if run_id is not None:
        query = query.where(st.run_id == run_id)
    if since_run_id is not None:
        query = query.where(st.run_id >= since_run_id)
    return {status: int(count) for status, count in session.execute(query)}


@dataclass(frozen=True, slots=True)
class EventStatusPage:
    rows: list[m.EventScrapeStatusRow]
    total: int


def run_events(
    session: Session,
    *,
    run_id: int,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> EventStatusPage:
    st = m.EventScrapeStatusRow
    where = [st.run_id == run_id]
    if status is not None:
        where.append(st.status == status)
    total = session.execute(sa.select(sa.func.count()).select_from(st).where(*where)).scalar_one()
    rows = session.scalars(
        sa.select(st).where(*where).order_by(st.event_id).limit(limit).offset(offset)
    )
    return EventStatusPage(list(rows), int(total))


@dataclass(frozen=True, slots=True)
class DailyRuns:
    day: str
    runs: int
    succeeded: int
    failed: int
    finished: int
    avg_seconds: float | None
    events: int


def daily_runs(session: Session, *, since: datetime) -> list[DailyRuns]:
    """Per UTC day from `since`: runs, how they ended, mean duration, events attempted."""
    run = m.ScrapeRunRow
    day = sa.func.date(run.started_at)
    if session.get_bind().dialect.name == "postgresql":
        day = sa.func.to_char(sa.func.timezone("UTC", run.started_at), "YYYY-MM-DD")
        seconds = sa.func.extract("epoch", run.finished_at - run.started_at)
    else:
        seconds = (sa.func.julianday(run.finished_at) - sa.func.julianday(run.started_at)) * 86400
    query = (
        sa.select(
            day.label("day"),
            sa.func.count(),
            sa.func.sum(sa.case((run.status == "succeeded", 1), else_=0)),
            sa.func.sum(sa.case((run.status == "failed", 1), else_=0)),
            sa.func.count(run.finished_at),
            sa.func.avg(seconds),
            sa.func.sum(run.events_total),
        )
        .where(run.started_at >= since)
        .group_by(day)
        .order_by(day)
    )
    return [
        DailyRuns(
            str(d),
            int(n),
            int(ok or 0),
            int(bad or 0),
            int(done),
            None if avg is None else round(float(avg), 3),
            int(events or 0),
        )
        for d, n, ok, bad, done, avg, events in session.execute(query)
    ]
