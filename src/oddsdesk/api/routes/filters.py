"""Lists for filters: countries and tournaments (a tournament is always within its country)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from oddsdesk.api.deps import ReadAccess, ViewDep
from oddsdesk.api.errors import ERROR_RESPONSES
from oddsdesk.api.params import Name
from oddsdesk.readmodel import coverage as read
from oddsdesk.readmodel.schemas import CountryCount, Mode, TournamentCount

router = APIRouter(
    prefix="/api", tags=["filters"], dependencies=[ReadAccess], responses=ERROR_RESPONSES
)

ModeParam = Annotated[
    Mode, Query(description="Count only BetPawa events, competitor-only events, or all.")
]
IncludeStarted = Annotated[bool, Query(description="Count events whose kickoff has passed.")]


@router.get("/countries", response_model=list[CountryCount], summary="Countries with events")
async def list_countries(
    view: ViewDep, mode: ModeParam = Mode.ALL, include_started: IncludeStarted = False
) -> list[CountryCount]:
    return read.countries(view, mode=mode, include_started=include_started)


@router.get("/tournaments", response_model=list[TournamentCount], summary="Tournaments with events")
async def list_tournaments(
    view: ViewDep,
    mode: ModeParam = Mode.ALL,
    include_started: IncludeStarted = False,
    country: Annotated[
        list[Name], Query(max_length=200, description="Only tournaments of these countries.")
    ] = [],  # noqa: B006 - FastAPI copies defaults per request
) -> list[TournamentCount]:
    return read.tournaments(
        view,
        mode=mode,
        include_started=include_started,
        countries=frozenset(c.casefold() for c in country),
    )
