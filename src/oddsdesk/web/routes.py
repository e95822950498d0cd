"""The dashboard's pages and partials, server-rendered from the read model.

Every page is a full HTML document at a stable, shareable URL; a request sent by htmx for one
region (`HX-Target`) gets only that region. Live updates arrive through the API's event stream and
ask for the region again — the page never polls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from oddsdesk.domain import REFERENCE_BOOK, Book
from oddsdesk.logging import get_logger
from oddsdesk.web.charts import bucket_chart, history_chart
from oddsdesk.web.present import (
    book_summaries,
    category_tabs,
    margin_rows,
    market_rows,
    match_rows,
)
from oddsdesk.web.query import PAGE_SIZES, day_fields, list_params, parse_list_query
from oddsdesk.web.source import DashboardSource, ListQuery, Mode, Sort
from oddsdesk.web.templating import STATIC_DIR, build_environment, missing_vendor_files

log = get_logger(__name__)

# Where the pages' scripts send control actions and open event streams: the API's own endpoints.
API_PATHS: dict[str, str] = {
    "scrape": "/api/scrape",
    "stream": "/api/stream",
    "run_stream": "/api/scrape/runs/{id}/stream",
    "settings": "/api/settings",
    "cleanup_preview": "/api/cleanup/preview",
    "cleanup": "/api/cleanup",
    "pause": "/api/scheduler/pause",
    "resume": "/api/scheduler/resume",
}

NAV = (
    ("odds", "/", "Odds"),
    ("coverage", "/coverage", "Coverage"),
    ("analysis", "/analysis", "Margins"),
    ("runs", "/runs", "Scrape runs"),
    ("settings", "/settings", "Settings"),
    ("storage", "/storage", "Storage"),
)


@dataclass
class Dashboard:
    """The pages' dependencies: where facts come from, the clock, and the API's paths."""

    source: DashboardSource
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    api_paths: dict[str, str] = field(default_factory=lambda: dict(API_PATHS))

    def __post_init__(self) -> None:
        self.env = build_environment()

    def render(self, request: Request, template: str, page: str, **context: Any) -> HTMLResponse:
        target = request.headers.get("hx-target")
        partial = context.pop("partials", {}).get(target) if target else None
        now = self.clock()
        base = {
            "request": request,
            "page": page,
            "nav": NAV,
            "now": now,
            "api": self.api_paths,
            "status": context.pop("status", None) or self.source.status(),
        }
        name = partial or template
        html = self.env.get_template(name).render(**base, **context)
        return HTMLResponse(html, headers={"Vary": "HX-Request, HX-Target"})

    def not_found(self, request: Request, title: str, message: str) -> HTMLResponse:
        response = self.render(request, "error.html", "", title=title, message=message)
        response.status_code = 404
        return response

    def stale_after(self, interval_minutes: int) -> timedelta:
        """A book's answer is stale after two missed cycles."""
        return timedelta(minutes=2 * interval_minutes + 1)


def _book_order(mode: Mode) -> tuple[Book, ...]:
    books = tuple(Book)
    if mode is Mode.COMPETITOR:
        return tuple(b for b in books if b is not REFERENCE_BOOK)
    return books


def build_router(dash: Dashboard) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    def odds(request: Request) -> HTMLResponse:
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        query = parse_list_query(params, sort_default=request.cookies.get("od_sort"))
        status = dash.source.status()
        page = dash.source.events(query)
        now = dash.clock()
        order = _book_order(query.mode)
        stale = dash.stale_after(status.interval_minutes)
        matches = [match_rows(e, order, now=now, stale_after=stale) for e in page.events]
        return dash.render(
            request,
            "odds.html",
            "odds",
            status=status,
            query=query,
            result=page,
            matches=matches,
            order=order,
            tournaments=dash.source.tournaments(query.mode),
            countries=dash.source.countries(query.mode),
            alert_count=dash.source.alert_count(),
            params=lambda **kw: list_params(query, **kw),
            cleared=list_params(
                ListQuery(mode=query.mode, sort=query.sort, page_size=query.page_size)
            ),
            day_from=day_fields(query)[0],
            day_to=day_fields(query)[1],
            page_sizes=PAGE_SIZES,
            modes=(
                (Mode.BETPAWA, "BetPawa"),
                (Mode.COMPETITOR, "Competitor only"),
                (Mode.ALERTS, "Alerts"),
            ),
            sorts=Sort,
            partials={"results": "partials/odds_results.html"},
        )

    @router.get("/matches/{event_id}", response_class=HTMLResponse)
    def match(request: Request, event_id: int) -> HTMLResponse:
        event = dash.source.event(event_id)
        if event is None:
            return dash.not_found(request, "No such match", f"No match with id {event_id}.")
        status = dash.source.status()
        order = tuple(b for b in Book if event.book(b) is not None) or tuple(Book)
        rows = market_rows(event, order)
        return dash.render(
            request,
            "match.html",
            "odds",
            status=status,
            event=event,
            order=order,
            tabs=category_tabs(rows),
            rows=rows,
            summaries=book_summaries(event, rows, order),
            stale_after=dash.stale_after(status.interval_minutes),
            partials={"markets": "partials/match_markets.html"},
        )

    @router.get("/matches/{event_id}/history")
    def history(
        event_id: int,
        market: Annotated[str, Query(min_length=1, max_length=100)],
        line: float | None = None,
        book: Annotated[list[Book] | None, Query()] = None,
    ) -> JSONResponse:
        books = tuple(book) if book else tuple(Book)
        series = dash.source.history(event_id, market, line, books)
        return JSONResponse(history_chart(series, now=dash.clock()))

    @router.get("/coverage", response_class=HTMLResponse)
    def coverage(request: Request) -> HTMLResponse:
        return dash.render(request, "coverage.html", "coverage", coverage=dash.source.coverage())

    @router.get("/analysis", response_class=HTMLResponse)
    def analysis(request: Request, tournament: str | None = None) -> HTMLResponse:
        stats = dash.source.margins(tournament)
        detail = (
            next((t for t in stats if t.tournament == tournament), None) if tournament else None
        )
        if detail is None:
            detail = next((t for t in stats if t.by_bucket), None)
        return dash.render(
            request,
            "analysis.html",
            "analysis",
            margins=stats,
            margin_rows=margin_rows(stats),
            selected=tournament,
            detail=detail,
            bucket_data=bucket_chart(detail),
        )

    @router.get("/runs", response_class=HTMLResponse)
    def runs(request: Request, page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> HTMLResponse:
        size = 25
        items, total = dash.source.runs(size, (page - 1) * size)
        return dash.render(
            request,
            "runs.html",
            "runs",
            runs=items,
            total=total,
            page_no=page,
            pages=max(1, -(-total // size)),
            partials={"runs-table": "partials/runs_table.html"},
        )

    @router.get("/runs/{run_id}", response_class=HTMLResponse)
    def run(request: Request, run_id: int) -> HTMLResponse:
        fact = dash.source.run(run_id)
        if fact is None:
            return dash.not_found(request, "No such run", f"No scrape run #{run_id}.")
        return dash.render(
            request,
            "run.html",
            "runs",
            run=fact,
            partials={"run-detail": "partials/run_detail.html"},
        )

    @router.get("/settings", response_class=HTMLResponse)
    def settings(request: Request) -> HTMLResponse:
        return dash.render(request, "settings.html", "settings", settings=dash.source.settings())

    @router.get("/storage", response_class=HTMLResponse)
    def storage(request: Request) -> HTMLResponse:
        fact = dash.source.storage()
        growth = {
            "x": [s.at.timestamp() for s in fact.samples],
            "bytes": [s.total_bytes for s in fact.samples],
            "rows": [s.rows for s in fact.samples],
        }
        return dash.render(request, "storage.html", "storage", storage=fact, growth=growth)

    @router.get("/ui/status", response_class=HTMLResponse)
    def status_strip(request: Request) -> HTMLResponse:
        return dash.render(request, "partials/status.html", "")

    return router


def dashboard_parts(
    source: DashboardSource,
    *,
    clock: Callable[[], datetime] | None = None,
    api_paths: dict[str, str] | None = None,
) -> tuple[APIRouter, dict[str, Path]]:
    """The pages' router and the static folder, for `create_app(runtime, routers=…, static=…)`."""
    missing = missing_vendor_files()
    if missing:
        log.error(
            "dashboard assets missing; run scripts/setup (npm ci + vendor_assets.py)",
            missing=missing,
        )
    dash = Dashboard(source=source)
    if clock is not None:
        dash.clock = clock
    if api_paths:
        dash.api_paths.update(api_paths)
    return build_router(dash), {"/static": STATIC_DIR}


def install_dashboard(
    app: FastAPI,
    source: DashboardSource,
    *,
    clock: Callable[[], datetime] | None = None,
    api_paths: dict[str, str] | None = None,
) -> None:
    """Serve the dashboard's pages and static files from an existing `app`."""
    router, static = dashboard_parts(source, clock=clock, api_paths=api_paths)
    app.include_router(router)
    for prefix, directory in static.items():
        app.mount(prefix, StaticFiles(directory=directory), name="static")
