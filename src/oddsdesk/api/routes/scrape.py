"""Scrape control: start a cycle or refresh one match. Both return at once with the run id;
the run goes on in the background, reports progress on its stream, and is stored like any other
(pawaRisk's trigger blocked the request for the whole cycle, and its refresh stored nothing)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import JSONResponse

from oddsdesk.api.deps import ControlAccess, ScraperDep, SessionDep, ViewDep
from oddsdesk.api.errors import AUTH_RESPONSES, ERROR_RESPONSES, NOT_FOUND
from oddsdesk.api.params import EventId
from oddsdesk.api.schemas import RunConflict, RunStarted
from oddsdesk.pipeline.runner import CycleAlreadyRunning
from oddsdesk.store.view_queries import stored_events

router = APIRouter(
    prefix="/api",
    tags=["scrape"],
    dependencies=[ControlAccess],
    responses={
        **ERROR_RESPONSES,
        **AUTH_RESPONSES,
        409: {"model": RunConflict, "description": "A run is in progress; cycles never overlap."},
        503: {"description": "No scraper runs in this process (`oddsdesk serve`)."},
    },
)

SrId = Annotated[
    str, Path(pattern=r"^[0-9]{1,20}$", description="SportRadar match id (digits only).")
]


async def start_run(scraper: ScraperDep, trigger: str, sr_id: str | None = None) -> JSONResponse:
    try:
        run_id = await scraper.start(trigger, sr_id=sr_id)
    except CycleAlreadyRunning as busy:
        body = RunConflict(detail=str(busy), run_id=busy.run_id)
        return JSONResponse(status_code=409, content=body.model_dump())
    started = RunStarted(
        run_id=run_id,
        trigger=trigger,
        sr_id=sr_id,
        stream=f"/api/runs/{run_id}/stream",
        status=f"/api/runs/{run_id}",
    )
    return JSONResponse(status_code=202, content=started.model_dump())


@router.post(
    "/scrape",
    status_code=202,
    response_model=RunStarted,
    summary="Start a scrape cycle now (returns at once)",
)
async def start_scrape(scraper: ScraperDep) -> JSONResponse:
    return await start_run(scraper, "manual")


@router.post(
    "/scrape/event/{sr_id}",
    status_code=202,
    response_model=RunStarted,
    summary="Refresh one match on every book, by SportRadar id (returns at once)",
)
async def refresh_match(scraper: ScraperDep, sr_id: SrId) -> JSONResponse:
    return await start_run(scraper, "event", sr_id)


@router.post(
    "/events/{event_id}/refresh",
    status_code=202,
    response_model=RunStarted,
    responses=NOT_FOUND,
    summary="Refresh one event on every book (returns at once)",
)
async def refresh_event(
    scraper: ScraperDep, view: ViewDep, session: SessionDep, event_id: EventId
) -> JSONResponse:
    state = view.snapshot.events.get(event_id)
    if state is not None:
        sr_id = state.info.sr_id
    else:
        found = stored_events(session, event_ids=[event_id])
        if not found:
            raise HTTPException(404, f"event {event_id} does not exist")
        sr_id = found[0].sr_id
    if not sr_id:
        raise HTTPException(
            422, f"event {event_id} has no SportRadar id, so it cannot be fetched on its own"
        )
    return await start_run(scraper, "event", sr_id)
