"""The dashboard's pages and partials, server-rendered from the read model.

Every page is a full HTML document at a stable, shareable URL; a request sent by htmx for one
region (`HX-Target`) gets only that region. Live updates arrive through the API's event stream and
ask for the region again — the page never polls.

A match in the odds list, and the markets of a match, are rendered once per change of the match
and kept (`FragmentCache`): a list page is then mostly the joining of kept fragments.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup

from oddsdesk.domain import REFERENCE_BOOK, Book
from oddsdesk.logging import get_logger
from oddsdesk.web import blocks
from oddsdesk.web.charts import bucket_chart, history_chart
from oddsdesk.web.labels import HEADLINE_BY_KEY, HEADLINES
from oddsdesk.web.present import (
    book_summaries,
    category_tabs,
    margin_rows,
    market_rows,
    match_rows,
)
from oddsdesk.web.query import PAGE_SIZES, day_fields, list_params, parse_list_query
from oddsdesk.web.readmodel_source import ReadModelSource
from oddsdesk.web.source import DashboardSource, ListQuery, Mode, Sort
from oddsdesk.web.templating import STATIC_DIR, build_environment, missing_vendor_files
from oddsdesk.web.views import ContentToken, EventFact

log = get_logger(__name__)

# The API endpoints the pages' script calls (`oddsdesk.api.routes`): control actions carry the
# API key, so authentication and validation stay in one place.
API_PATHS: dict[str, str] = {
    "scrape": "/api/scrape",  # POST → 202 {run_id}, 409 while a run is in progress
    "stream": "/api/stream",  # SSE: progress events and odds_changed
    "settings": "/api/settings",  # PATCH, any subset
    "pause": "/api/scheduler/pause",  # POST
    "resume": "/api/scheduler/resume",  # POST
    "cleanup": "/api/cleanup",  # POST {retention_days}
}

NAV = (
    ("odds", "/", "Odds"),
    ("coverage", "/coverage", "Coverage"),
    ("analysis", "/analysis", "Margins"),
    ("runs", "/runs", "Scrape runs"),
    ("settings", "/settings", "Settings"),
    ("storage", "/storage", "Storage"),
)


class FragmentCache:
    """Rendered HTML kept while what it was rendered from is unchanged.

    The token is the fact itself (sources hand out one fact object per version of a match, so
    identity is an exact freshness test) or its `ContentToken`, which survives versions that
    only confirm prices. The key holds whatever else the fragment depends on (book order).
    Bounded: the least recently used goes first.
    """

    def __init__(self, size: int = 6000) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[object, str]] = OrderedDict()
        self._lock = threading.Lock()
        self.rendered = 0

    def get(self, key: Hashable, token: object, render: Callable[[], str]) -> str:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and (
                hit[0] is token or (isinstance(token, ContentToken) and token.same(hit[0]))
            ):
                self._items.move_to_end(key)
                return hit[1]
        html = render()
        with self._lock:
            self.rendered += 1
            self._items[key] = (token, html)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return html


@dataclass
class Dashboard:
    """The pages' dependencies: where facts come from, the clock, and the API's paths."""

    source: DashboardSource
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    api_paths: dict[str, str] = field(default_factory=lambda: dict(API_PATHS))
    fragments: FragmentCache = field(default_factory=FragmentCache)

    def __post_init__(self) -> None:
        self.env = build_environment()

    def render(self, request: Request, template: str, page: str, **context: Any) -> HTMLResponse:
        target = request.headers.get("hx-target")
        partial = context.pop("partials", {}).get(target) if target else None
        base = {
            "request": request,
            "page": page,
            "nav": NAV,
            "now": self.clock(),
            "api": self.api_paths,
            "status": context.pop("status", None) or self.source.status(),
        }
        html = self.env.get_template(partial or template).render(**base, **context)
        return HTMLResponse(html, headers={"Vary": "HX-Request, HX-Target"})

    def fragment(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def not_found(self, request: Request, title: str, message: str) -> HTMLResponse:
        response = self.render(request, "error.html", "", title=title, message=message)
        response.status_code = 404
        return response

    def stale_after(self, interval_minutes: int) -> timedelta:
        """A book's answer is stale after two missed cycles."""
        return timedelta(minutes=2 * interval_minutes + 1)

    def match_block(
        self, event: EventFact, order: tuple[Book, ...], now: datetime, stale_after: timedelta
    ) -> Markup:
        """One match of the odds list: rendered once per change of what it shows, with each
        book's freshness filled in per request."""

        def render() -> str:
            return blocks.match_block(match_rows(event, order, now=now, stale_after=stale_after))

        token = event.token if event.token is not None else event
        html = self.fragments.get(("match", event.event_id, order), token, render)
        return Markup(blocks.fill_seen(html, event.books, order, now=now, stale_after=stale_after))


def _book_order(mode: Mode) -> tuple[Book, ...]:
    books = tuple(Book)
    if mode is Mode.COMPETITOR:
        return tuple(b for b in books if b is not REFERENCE_BOOK)
    return books


def build_router(dash: Dashboard) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    # In-memory work only (the status strip's database read is cached): run on the loop rather
    # than hop to a worker thread, which costs more than the page under load.
    @router.get("/", response_class=HTMLResponse)
    async def odds(request: Request) -> HTMLResponse:
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        query = parse_list_query(params, sort_default=request.cookies.get("od_sort"))
        status = dash.source.status()
        page = dash.source.events(query)
        now = dash.clock()
        order = _book_order(query.mode)
        stale = dash.stale_after(status.interval_minutes)
        blocks = [dash.match_block(event, order, now, stale) for event in page.events]
        partial = request.headers.get("hx-target") == "results"
        return dash.render(
            request,
            "odds.html",
            "odds",
            status=status,
            query=query,
            result=page,
            blocks=blocks,
            order=order,
            tournaments=() if partial else dash.source.tournaments(query.mode),
            countries=() if partial else dash.source.countries(query.mode),
            alert_count=0 if partial else dash.source.alert_count(),
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
        markets = Markup(
            dash.fragments.get(
                ("markets", event.event_id, order),
                event,
                lambda: dash.fragment(
                    "partials/match_markets.html", event=event, order=order, rows=rows
                ),
            )
        )
        alerts = sum(len(r.insight.alerts) for r in rows if r.insight is not None)
        return dash.render(
            request,
            "match.html",
            "odds",
            status=status,
            event=event,
            order=order,
            tabs=category_tabs(rows),
            rows=rows,
            markets=markets,
            market_alerts=alerts,
            summaries=book_summaries(event, rows, order),
            partials={"markets": "partials/match_markets_region.html"},
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
    def analysis(
        request: Request,
        tournament: Annotated[str | None, Query(max_length=300)] = None,
        market: Annotated[str, Query(max_length=20)] = "1x2",
    ) -> HTMLResponse:
        head = HEADLINE_BY_KEY.get(market, HEADLINES[0])
        stats = dash.source.margins(tournament, head.key)
        detail = next((t for t in stats if t.key == tournament), None) if tournament else None
        if detail is None:
            detail = next((t for t in stats if t.by_bucket), None)
        return dash.render(
            request,
            "analysis.html",
            "analysis",
            margins=stats,
            margin_rows=margin_rows(stats),
            market=head,
            selected=detail.key if detail else None,
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
        return dash.render(
            request,
            "settings.html",
            "settings",
            settings=dash.source.settings(),
            cleanups=dash.source.cleanups(8),
            partials={"cleanup-runs": "partials/cleanup_runs.html"},
        )

    @router.get("/settings/cleanup-preview", response_class=HTMLResponse)
    def cleanup_preview(
        request: Request, days: Annotated[int, Query(ge=1, le=365)]
    ) -> HTMLResponse:
        preview = dash.source.cleanup_preview(days)
        return dash.render(
            request, "partials/cleanup_preview.html", "settings", preview=preview, days=days
        )

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


def dashboard_router(
    source: DashboardSource, *, clock: Callable[[], datetime] | None = None
) -> APIRouter:
    """The pages' router over any source."""
    missing = missing_vendor_files()
    if missing:
        log.error(
            "dashboard assets missing; run scripts/setup (npm ci + vendor_assets.py)",
            missing=missing,
        )
    dash = Dashboard(source=source)
    if clock is not None:
        dash.clock = clock
    return build_router(dash)


def dashboard_parts(runtime: Any, *, clock: Callable[[], datetime] | None = None) -> dict[str, Any]:
    """The dashboard for `create_app`: `create_app(runtime, **dashboard_parts(runtime))` serves
    the pages at `/` and their assets at `/static`, over the runtime's read model and store."""
    source = ReadModelSource(runtime, clock=clock)
    return {"routers": [dashboard_router(source, clock=clock)], "static": {"/static": STATIC_DIR}}
