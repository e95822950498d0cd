"""Events: the comparison list with headline markets inline, and one event's every market."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from oddsdesk.api.deps import ReadAccess, RuntimeDep, ViewDep
from oddsdesk.api.errors import ERROR_RESPONSES, NOT_FOUND
from oddsdesk.api.params import EventId, Name, UtcDatetime
from oddsdesk.readmodel import events as read
from oddsdesk.readmodel import feed
from oddsdesk.readmodel.schemas import EventDetail, EventPage, Mode
from oddsdesk.readmodel.view import OddsView

router = APIRouter(
    prefix="/api/events", tags=["events"], dependencies=[ReadAccess], responses=ERROR_RESPONSES
)


@router.get(
    "",
    response_model=None,
    responses={200: {"model": EventPage, "description": "One page of events."}},
    summary="Events with headline markets on every book",
)
async def list_events(
    view: ViewDep,
    mode: Annotated[
        Mode,
        Query(
            description="betpawa: events on BetPawa; competitor: events only competitors list; "
            "alerts: BetPawa events with at least one alert; all: every event."
        ),
    ] = Mode.BETPAWA,
    tournament: Annotated[
        list[Name], Query(max_length=200, description="Tournament keys (see /api/tournaments).")
    ] = [],  # noqa: B006 - FastAPI copies defaults per request
    country: Annotated[
        list[Name], Query(max_length=200, description="Country names, any case.")
    ] = [],  # noqa: B006
    kickoff_from: Annotated[UtcDatetime | None, Query(description="Earliest kickoff.")] = None,
    kickoff_to: Annotated[UtcDatetime | None, Query(description="Latest kickoff.")] = None,
    include_started: Annotated[
        bool, Query(description="Include events whose kickoff has passed.")
    ] = False,
    min_books: Annotated[
        int, Query(ge=1, le=3, description="Only events listed by at least this many books.")
    ] = 1,
    search: Annotated[
        str | None,
        Query(
            min_length=1, max_length=100, description="Part of a team name, any book's spelling."
        ),
    ] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    if kickoff_from and kickoff_to and kickoff_from > kickoff_to:
        raise HTTPException(422, "kickoff_from is after kickoff_to")
    query = read.EventQuery(
        mode=mode,
        tournaments=frozenset(tournament),
        countries=frozenset(c.casefold() for c in country),
        kickoff_from=kickoff_from,
        kickoff_to=kickoff_to,
        include_started=include_started,
        min_books=min_books,
        search=search.strip() or None if search else None,
        page=page,
        page_size=page_size,
    )
    return Response(read.list_events_json(view, query), media_type="application/json")


class AlertCount(BaseModel):
    count: int = Field(description="Upcoming BetPawa events with at least one headline alert.")


@router.get("/alerts/count", response_model=AlertCount, summary="How many events have alerts")
async def count_alerts(view: ViewDep) -> AlertCount:
    page = read.list_events(view, read.EventQuery(mode=Mode.ALERTS, page_size=1))
    return AlertCount(count=page.total)


@router.get(
    "/{event_id}",
    response_model=None,
    responses={200: {"model": EventDetail, "description": "The event."}, **NOT_FOUND},
    summary="Every market of one event on every book, by category",
)
async def get_event(view: ViewDep, runtime: RuntimeDep, event_id: EventId) -> Response:
    """Current events come from the view; an event it no longer holds (kicked off long ago)
    from the database, compared the same way."""
    body = read.event_detail_json(view, event_id)
    if body is None:
        body = await run_in_threadpool(_past_event, view, runtime.session_factory, event_id)
    if body is None:
        raise HTTPException(404, f"event {event_id} does not exist")
    return Response(body, media_type="application/json")


def _past_event(view: OddsView, sessions: Callable[[], Session], event_id: int) -> bytes | None:
    with sessions() as session:
        events, quotes, seen = feed.load(session, event_ids=[event_id])
    if not events:
        return None
    past = OddsView(markets=view.markets, thresholds=view.lines.thresholds, clock=view.clock)
    past.apply(events=events, quotes=quotes, seen=seen)
    return read.event_detail_json(past, event_id)
