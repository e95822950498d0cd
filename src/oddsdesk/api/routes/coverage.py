"""Coverage: which book lists which events, per tournament within its country; what BetPawa lacks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from oddsdesk.api.deps import ReadAccess, SettingsDep, ViewDep
from oddsdesk.api.errors import ERROR_RESPONSES
from oddsdesk.api.params import Name, UtcDatetime
from oddsdesk.domain import Book
from oddsdesk.readmodel import coverage as read
from oddsdesk.readmodel.schemas import CoverageReport, UnmatchedPage

router = APIRouter(
    prefix="/api/coverage", tags=["coverage"], dependencies=[ReadAccess], responses=ERROR_RESPONSES
)

IncludeStarted = Annotated[bool, Query(description="Count events whose kickoff has passed.")]
Countries = Annotated[list[Name], Query(max_length=200, description="Country names, any case.")]


@router.get("", response_model=CoverageReport, summary="Coverage per book and tournament")
async def get_coverage(
    view: ViewDep,
    settings: SettingsDep,
    include_started: IncludeStarted = False,
    kickoff_to: Annotated[UtcDatetime | None, Query(description="Latest kickoff counted.")] = None,
    country: Countries = [],  # noqa: B006 - FastAPI copies defaults per request
) -> CoverageReport:
    scope = read.Scope(
        include_started=include_started,
        kickoff_to=kickoff_to,
        countries=frozenset(c.casefold() for c in country),
    )
    return read.coverage(view, scope, books=settings.enabled_books or list(Book))


@router.get("/unmatched", response_model=UnmatchedPage, summary="Events some book does not list")
async def list_unmatched_events(
    view: ViewDep,
    settings: SettingsDep,
    missing_on: Annotated[Book | None, Query(description="Only events this book lacks.")] = None,
    include_started: IncludeStarted = False,
    country: Countries = [],  # noqa: B006
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> UnmatchedPage:
    scope = read.Scope(
        include_started=include_started, countries=frozenset(c.casefold() for c in country)
    )
    return read.unmatched_events(
        view,
        scope,
        missing_on=missing_on,
        books=settings.enabled_books or list(Book),
        page=page,
        page_size=page_size,
    )
