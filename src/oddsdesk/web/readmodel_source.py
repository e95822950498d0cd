"""The dashboard's source over a running oddsdesk: the read model the API serves, and the store.

Everything current (the odds list, a match, coverage, filter lists) comes from the in-memory view
through the read model's own functions — the same filters, comparisons and alerts the API
returns, never a second query layer. History, runs, storage and margin statistics come from the
database through the store's read functions.

Facts derived from an event (`facts.py`) are kept on the event's state in the view, so they are
built once per change of the event and shared by every request until the next change.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from oddsdesk.config import Settings
from oddsdesk.domain import REFERENCE_BOOK, Book
from oddsdesk.readmodel import coverage as read_coverage
from oddsdesk.readmodel import events as read_events
from oddsdesk.readmodel import feed
from oddsdesk.readmodel.schemas import EventDetail
from oddsdesk.readmodel.schemas import Mode as ReadMode
from oddsdesk.readmodel.view import OddsView, tournament
from oddsdesk.store import dashboard_queries as dq
from oddsdesk.store import models as m
from oddsdesk.store import ops_queries, run_queries
from oddsdesk.store import queries as store_queries
from oddsdesk.store.retention import preview_retention
from oddsdesk.web import margins as margin_stats
from oddsdesk.web.facts import detail_fact, headline_gap, list_fact, reference_overround
from oddsdesk.web.labels import HEADLINE_BY_KEY, HEADLINES
from oddsdesk.web.run_facts import book_health, run_fact
from oddsdesk.web.source import ListQuery, Mode, Sort
from oddsdesk.web.views import (
    CleanupPreview,
    CleanupRunFact,
    CoverageFact,
    CoverageRow,
    EventFact,
    EventPage,
    HistoryPoint,
    HistorySeries,
    MissingEvent,
    RunFact,
    SettingsFact,
    StatusFact,
    StorageAlert,
    StorageFact,
    StorageSample,
    TableSize,
    TournamentMargins,
    TournamentOption,
)

T = TypeVar("T")
HEALTH_RUNS = 12
"""Recent runs read for the status strip: each book's last success is usually among them."""
STORAGE_SAMPLES = 400
"""Storage samples the growth chart shows (one is taken a day)."""
MARGIN_WINDOW = timedelta(days=30)
"""Kickoffs (either side of now) whose history the margin statistics read."""


class _TtlCache:
    """A few expensive answers (filter lists, margin statistics) kept for a short while."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, ttl_s: float, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
        if hit is not None and now - hit[0] < ttl_s:
            return hit[1]
        value = compute()
        with self._lock:
            if len(self._items) > 256:
                self._items.clear()
            self._items[key] = (now, value)
        return value


class ReadModelSource:
    """`DashboardSource` over a runtime: `view` and `session_factory`, settings (`live_settings`
    when the scraper runs here), and optionally `scheduler` and `scraper`."""

    def __init__(self, runtime: Any, *, clock: Callable[[], datetime] | None = None) -> None:
        self.runtime = runtime
        self.clock = clock or (lambda: datetime.now(UTC))
        self._cache = _TtlCache()

    # ---------------------------------------------------------------- parts

    @property
    def view(self) -> OddsView:
        return self.runtime.view

    def session(self) -> Session:
        return self.runtime.session_factory()

    @property
    def current_settings(self) -> Settings:
        live = getattr(self.runtime, "live_settings", None)
        return live.current if live is not None else self.runtime.settings

    def _running_run_id(self) -> int | None:
        scraper = getattr(self.runtime, "scraper", None)
        running = scraper.running if scraper is not None else None
        return running.run_id if running is not None else None

    def _minute(self) -> int:
        return int(self.clock().timestamp() // 60)

    # ---------------------------------------------------------------- status strip

    def _scheduler(self) -> tuple[str, int, datetime | None]:
        scheduler = getattr(self.runtime, "scheduler", None)
        interval = self.current_settings.scrape_interval_minutes
        if scheduler is None:
            return "off", interval, None
        raw = scheduler.status()
        state = "paused" if raw["paused"] else "running" if raw["running"] else "stopped"
        when = raw.get("next_run")
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        return state, int(raw.get("interval_minutes") or interval), when

    def _recent_runs(self) -> list[m.ScrapeRunRow]:
        with self.session() as session:
            return run_queries.runs_page(session, limit=HEALTH_RUNS).runs

    def status(self) -> StatusFact:
        """Recent runs are read at most every 2 s while no run starts or ends here."""
        state, interval, next_run = self._scheduler()
        running = self._running_run_id()
        recent = self._cache.get(("runs", running), 2, self._recent_runs)
        finished = [r for r in recent if r.status != "running"]
        last = finished[0] if finished else None
        enabled = set(self.current_settings.enabled_books)
        return StatusFact(
            scheduler=state,
            interval_minutes=interval,
            next_run=next_run,
            last_run_id=last.id if last else None,
            last_run_status=last.status if last else None,
            last_run_finished=last.finished_at if last else None,
            last_run_events=last.events_total if last else None,
            running_run_id=running,
            books=tuple(book_health(book, finished, book in enabled) for book in Book),
        )

    # ---------------------------------------------------------------- odds list

    def _event_query(self, query: ListQuery) -> read_events.EventQuery:
        return read_events.EventQuery(
            mode=ReadMode(query.mode.value),
            tournaments=query.tournaments,
            countries=frozenset(c.casefold() for c in query.countries),
            kickoff_from=query.kickoff_from,
            kickoff_to=query.kickoff_to,
            search=query.search,
            page=query.page,
            page_size=query.page_size,
        )

    def events(self, query: ListQuery) -> EventPage:
        view = self.view
        snapshot = view.snapshot
        found = list(read_events.matching(view, snapshot, self._event_query(query), self.clock()))
        if query.sort is Sort.GAP:
            found.sort(key=lambda s: -headline_gap(view, s))
        elif query.sort is Sort.MARGIN:
            found.sort(key=lambda s: -reference_overround(view, s, "1x2"))
        elif query.sort is Sort.TOURNAMENT:
            of = snapshot.tournament_of
            found.sort(
                key=lambda s: (
                    (of[s.event_id].country or "").casefold(),
                    of[s.event_id].name.casefold(),
                )
            )
        first = (query.page - 1) * query.page_size
        page = found[first : first + query.page_size]
        return EventPage(
            events=tuple(list_fact(view, snapshot, state) for state in page),
            total=len(found),
            page=query.page,
            page_size=query.page_size,
        )

    def alert_count(self) -> int:
        view = self.view
        snapshot = view.snapshot

        def count() -> int:
            query = read_events.EventQuery(mode=ReadMode.ALERTS, page_size=1)
            return sum(1 for _ in read_events.matching(view, snapshot, query, self.clock()))

        return self._cache.get(("alerts", snapshot.version, self._minute()), 60, count)

    def tournaments(self, mode: Mode) -> tuple[TournamentOption, ...]:
        snapshot = self.view.snapshot

        def compute() -> tuple[TournamentOption, ...]:
            items = read_coverage.tournaments(
                self.view, mode=ReadMode(mode.value), now=self.clock()
            )
            return tuple(
                TournamentOption(
                    i.tournament.key, i.tournament.name, i.tournament.country, i.events
                )
                for i in items
            )

        return self._cache.get(("tournaments", mode, snapshot.version, self._minute()), 60, compute)

    def countries(self, mode: Mode) -> tuple[str, ...]:
        snapshot = self.view.snapshot

        def compute() -> tuple[str, ...]:
            items = read_coverage.countries(self.view, mode=ReadMode(mode.value), now=self.clock())
            return tuple(i.country for i in items)

        return self._cache.get(("countries", mode, snapshot.version, self._minute()), 60, compute)

    # ---------------------------------------------------------------- one match

    def event(self, event_id: int) -> EventFact | None:
        view = self.view
        snapshot = view.snapshot
        state = snapshot.events.get(event_id)
        if state is not None:
            detail = read_events.event_detail(view, event_id)
            cached = state.derived.get("web.detail")
            if cached is not None and cached[0] is detail:
                return cached[1]
            fact = detail_fact(detail)  # type: ignore[arg-type]
            state.derived["web.detail"] = (detail, fact)
            return fact
        detail = self._past_detail(event_id)
        return None if detail is None else detail_fact(detail)

    def _past_detail(self, event_id: int) -> EventDetail | None:
        """An event the view no longer holds, from the database, compared the same way."""
        with self.session() as session:
            events, quotes, seen = feed.load(session, event_ids=[event_id])
        if not events:
            return None
        view = self.view
        past = OddsView(markets=view.markets, thresholds=view.lines.thresholds, clock=view.clock)
        past.apply(events=events, quotes=quotes, seen=seen)
        return read_events.event_detail(past, event_id)

    def history(
        self, event_id: int, market: str, line: float | None, books: tuple[Book, ...]
    ) -> tuple[HistorySeries, ...]:
        with self.session() as session:
            points = store_queries.odds_history(
                session, event_id=event_id, market=market, line=line
            )
        winners = self.view.markets(market).winners
        state = self.view.snapshot.events.get(event_id)
        by_book: dict[Book, list[HistoryPoint]] = {}
        for point in points:
            try:
                book = Book(point.book)
            except ValueError:
                continue
            if book not in books:
                continue
            prices = {o.outcome: (o.price if o.available else None) for o in point.outcomes}
            live = point.available and any(v is not None for v in prices.values())
            margin = margin_stats.point_value(
                [o.price if o.available else None for o in point.outcomes], live, winners
            )
            by_book.setdefault(book, []).append(
                HistoryPoint(point.changed_at, prices, margin, live)
            )
        return tuple(
            HistorySeries(
                book=book,
                points=tuple(by_book[book]),
                confirmed_at=state.seen.get(book) if state is not None else None,
            )
            for book in Book
            if book in by_book
        )

    # ---------------------------------------------------------------- coverage and margins

    def coverage(self) -> CoverageFact:
        key = ("coverage", self.view.snapshot.version, self._minute())
        return self._cache.get(key, 60, self._coverage)

    def _coverage(self) -> CoverageFact:
        view = self.view
        now = self.clock()
        report = read_coverage.coverage(view, now=now)
        missing = read_coverage.unmatched_events(
            view, missing_on=REFERENCE_BOOK, page_size=200, now=now
        )
        rows = tuple(
            CoverageRow(
                tournament=t.tournament.name,
                country=t.tournament.country,
                per_book={c.book: c.events for c in t.books},
                matched=t.counts.matched,
                competitor_only=t.counts.competitor_only,
                betpawa_only=t.counts.betpawa_only,
                key=t.tournament.key,
            )
            for t in report.tournaments
        )
        return CoverageFact(
            rows=rows,
            missing_events=tuple(
                MissingEvent(
                    event_id=e.id,
                    home=e.home,
                    away=e.away,
                    kickoff=e.kickoff,
                    tournament=e.tournament.name,
                    country=e.tournament.country,
                    books=tuple(e.books),
                )
                for e in missing.items
            ),
            totals={b.book: b.events for b in report.books},
            missing_total=missing.total,
        )

    def margins(
        self, tournament: str | None = None, market: str = "1x2"
    ) -> tuple[TournamentMargins, ...]:
        head = HEADLINE_BY_KEY.get(market, HEADLINES[0])
        return self._cache.get(
            ("margins", head.key), 30, lambda: self._margins(head.market, head.line)
        )

    def _margins(self, market: str, line: float | None) -> tuple[TournamentMargins, ...]:
        now = self.clock()
        with self.session() as session:
            heads, stored = dq.market_history(
                session,
                market=market,
                line=line,
                kickoff_from=now - MARGIN_WINDOW,
                kickoff_to=now + MARGIN_WINDOW,
            )
        canonical = self.view.snapshot.tournament_of
        scope = []
        for head in heads:
            ref = canonical.get(head.id) or tournament(head.tournament or "Unknown", head.country)
            scope.append(
                margin_stats.EventScope(head.id, head.kickoff, ref.key, ref.name, ref.country)
            )
        winners = self.view.markets(market).winners
        points = []
        for p in stored:
            try:
                book = Book(p.book)
            except ValueError:
                continue
            prices = [o.price if o.available else None for o in p.outcomes]
            value = margin_stats.point_value(prices, p.available, winners)
            points.append(margin_stats.Point(p.event_id, book, p.changed_at, value))
        return margin_stats.margin_statistics(scope, points, now=now)

    # ---------------------------------------------------------------- runs

    def runs(self, limit: int, offset: int) -> tuple[tuple[RunFact, ...], int]:
        with self.session() as session:
            page = run_queries.runs_page(session, limit=limit, offset=offset)
            counts = dq.run_error_counts(session, run_ids=[r.id for r in page.runs])
        return tuple(run_fact(r, error_count=counts.get(r.id, 0)) for r in page.runs), page.total

    def run(self, run_id: int) -> RunFact | None:
        with self.session() as session:
            row = run_queries.run_by_id(session, run_id=run_id)
            if row is None:
                return None
            errors = run_queries.run_errors(session, run_id=run_id)
            total = run_queries.run_error_count(session, run_id=run_id)
            outcomes = run_queries.event_status_counts(session, run_id=run_id)
        return run_fact(row, errors=errors, error_count=total, outcomes=outcomes)

    # ---------------------------------------------------------------- settings and storage

    def settings(self) -> SettingsFact:
        s = self.current_settings
        return SettingsFact(
            interval_minutes=s.scrape_interval_minutes,
            enabled_books=tuple(s.enabled_books),
            limits={b: (s.limits(b).concurrency, s.limits(b).spacing_ms) for b in Book},
            retention_days=s.history_retention_days,
            scheduler=self._scheduler()[0],
            changeable=getattr(self.runtime, "live_settings", None) is not None,
            api_key_set=bool(s.api_key),
        )

    def cleanup_preview(self, retention_days: int) -> CleanupPreview:
        """What a cleanup keeping `retention_days` would delete now (deletes nothing)."""
        engine = getattr(self.runtime, "engine", None)
        if engine is None:
            with self.session() as session:
                engine = session.get_bind()
        plan = preview_retention(engine, retention_days=retention_days, now=self.clock())
        return CleanupPreview(cutoff=plan.cutoff, rows=dict(plan.counts))

    def storage(self) -> StorageFact:
        """Sizes are measured at most every 15 s (on SQLite the measure reads every page)."""
        return self._cache.get("storage", 15, self._storage)

    def _storage(self) -> StorageFact:
        with self.session() as session:
            sizes = store_queries.table_sizes(session)
            samples, _ = ops_queries.storage_samples(session, limit=STORAGE_SAMPLES)
            alerts, _ = ops_queries.storage_alerts(session)
        return StorageFact(
            tables=tuple(TableSize(t.table, t.rows, t.bytes) for t in sizes),
            samples=tuple(
                StorageSample(
                    s.sampled_at,
                    s.total_bytes,
                    sum(int(v.get("rows") or 0) for v in (s.tables or {}).values()),
                )
                for s in reversed(samples)
            ),
            alerts=tuple(StorageAlert(a.created_at, a.kind, a.message) for a in alerts),
            database_bytes=sum(t.bytes for t in sizes),
        )

    def cleanups(self, limit: int) -> tuple[CleanupRunFact, ...]:
        with self.session() as session:
            rows, _ = ops_queries.cleanup_runs(session, limit=limit)
        return tuple(
            CleanupRunFact(
                run_id=r.id,
                trigger=r.trigger,
                status=r.status,
                started_at=r.started_at,
                finished_at=r.finished_at,
                retention_days=r.retention_days,
                deleted=sum(v for k, v in (r.counts or {}).items() if k != "partitions_dropped"),
                error=r.error,
            )
            for r in rows
        )
