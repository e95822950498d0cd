"""History of one market line of one event: prices and overround over time, per book, with the
periods the market was withdrawn. Read from the database (the view holds only the present)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from oddsdesk.analytics.margins import overround
from oddsdesk.api.deps import ReadAccess, SessionDep, ViewDep
from oddsdesk.api.errors import ERROR_RESPONSES, NOT_FOUND
from oddsdesk.api.params import EventId, UtcDatetime
from oddsdesk.domain import Book
from oddsdesk.pipeline.changes import line_units
from oddsdesk.readmodel.markets import MarketMeta
from oddsdesk.readmodel.schemas import OVERROUND_CONVENTION, Overround, Price
from oddsdesk.store.queries import HistoryPoint, odds_history
from oddsdesk.store.view_queries import stored_events

router = APIRouter(
    prefix="/api/events", tags=["history"], dependencies=[ReadAccess], responses=ERROR_RESPONSES
)


class Point(BaseModel):
    at: datetime = Field(description="When the book's prices or availability changed to these.")
    available: bool
    prices: list[Price] = Field(description="Empty while the market is withdrawn.")
    overround_pct: Overround


class Period(BaseModel):
    start: datetime
    end: datetime | None = Field(description="Null while still withdrawn.")


class BookSeries(BaseModel):
    book: Book
    points: list[Point] = Field(
        description="Changes, oldest first. The first may precede `since`: it is the state in "
        "force at `since`."
    )
    unavailable: list[Period] = Field(description="When the book did not offer the market.")
    confirmed_at: datetime | None = Field(
        description="The last time the book showed its latest prices (they held until then)."
    )


class History(BaseModel):
    event_id: int
    market: str
    name: str
    line: float | None
    since: datetime | None
    until: datetime | None
    series: list[BookSeries]
    overround_convention: str = OVERROUND_CONVENTION


def _line(value: float | None) -> float | None:
    try:
        line_units(value)
    except ValueError as exc:
        raise HTTPException(422, f"query line: {exc}") from exc
    return value


def _point(point: HistoryPoint, meta: MarketMeta) -> Point:
    by_outcome = {o.outcome: o for o in point.outcomes}
    prices = [
        Price(
            outcome=name,
            label=meta.label(name),
            price=by_outcome[name].price,
            available=by_outcome[name].available,
        )
        for name in meta.order(list(by_outcome))
    ]
    margin = None
    if point.available and prices and meta.winners is not None:
        value = overround([p.price if p.available else None for p in prices], winners=meta.winners)
        margin = None if value is None else round(value * 100.0, 2)
    return Point(
        at=point.changed_at, available=point.available, prices=prices, overround_pct=margin
    )


def _unavailable(points: list[Point]) -> list[Period]:
    periods: list[Period] = []
    start: datetime | None = None
    for point in points:
        if not point.available and start is None:
            start = point.at
        elif point.available and start is not None:
            periods.append(Period(start=start, end=point.at))
            start = None
    if start is not None:
        periods.append(Period(start=start, end=None))
    return periods


@router.get(
    "/{event_id}/markets/{market}/history",
    response_model=History,
    responses=NOT_FOUND,
    summary="Prices and overround over time of one market line, per book",
)
def get_market_history(
    view: ViewDep,
    session: SessionDep,
    event_id: EventId,
    market: Annotated[
        str, Path(pattern=r"^[a-z0-9_]{1,64}$", description="Canonical market id ('1x2_ft').")
    ],
    line: Annotated[
        float | None,
        Query(ge=-300, le=300, description="The line (2.5, -0.75); omit for lineless markets."),
    ] = None,
    book: Annotated[list[Book], Query(max_length=3, description="Only these books.")] = [],  # noqa: B006
    since: Annotated[UtcDatetime | None, Query(description="From this time on.")] = None,
    until: Annotated[UtcDatetime | None, Query(description="Before this time.")] = None,
) -> History:
    _line(line)
    if since and until and since >= until:
        raise HTTPException(422, "since is not before until")
    state = view.snapshot.events.get(event_id)
    if state is None and not stored_events(session, event_ids=[event_id]):
        raise HTTPException(404, f"event {event_id} does not exist")
    books = set(book)
    points = [
        p
        for p in odds_history(session, event_id=event_id, market=market, line=line, until=until)
        if not books or Book(p.book) in books
    ]
    if not points:
        where = market if line is None else f"{market} at line {line:g}"
        raise HTTPException(404, f"event {event_id} has no history for {where}")
    meta = view.markets(market)
    by_book: dict[Book, list[HistoryPoint]] = {}
    for point in points:
        by_book.setdefault(Book(point.book), []).append(point)
    series = []
    for name in sorted(by_book, key=list(Book).index):
        kept = by_book[name]
        if since is not None:
            before = [p for p in kept if p.changed_at < since]
            kept = before[-1:] + [p for p in kept if p.changed_at >= since]
        shaped = [_point(p, meta) for p in kept]
        confirmed = None
        if state is not None and shaped and shaped[-1].available and until is None:
            seen = state.seen.get(name)
            confirmed = seen if seen is not None and seen >= shaped[-1].at else None
        series.append(
            BookSeries(
                book=name, points=shaped, unavailable=_unavailable(shaped), confirmed_at=confirmed
            )
        )
    return History(
        event_id=event_id,
        market=market,
        name=meta.name,
        line=line,
        since=since,
        until=until,
        series=series,
    )
