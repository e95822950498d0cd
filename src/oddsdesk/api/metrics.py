"""Prometheus metrics: the API's own requests (timed by a small ASGI middleware), scrape cycles
(from the progress bus), and gauges read from the runtime when `/metrics` is scraped — so the
hot paths (HTTP clients, writer, view) only keep plain counters and never call into Prometheus.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from oddsdesk.domain import Book

API_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
CYCLE_BUCKETS = (5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600)


class ApiMetrics:
    """One registry per app, so two apps in one process (tests) never collide."""

    def __init__(self, runtime: Any) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "oddsdesk_api_requests_total",
            "API requests answered, by route template and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "oddsdesk_api_request_duration_seconds",
            "Time to answer an API request (to the first byte of the body).",
            ["route"],
            buckets=API_BUCKETS,
            registry=self.registry,
        )
        self.cycles = Histogram(
            "oddsdesk_scrape_cycle_duration_seconds",
            "Duration of finished scrape runs seen by this process, by final status.",
            ["status", "trigger"],
            buckets=CYCLE_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(RuntimeCollector(runtime))

    def observe_run(self, status: str, trigger: str, seconds: float) -> None:
        self.cycles.labels(status=status, trigger=trigger).observe(seconds)


class RuntimeCollector(Collector):
    """Reads the runtime's plain counters at scrape time."""

    def __init__(self, runtime: Any) -> None:
        self._runtime = runtime

    def collect(self) -> Iterator[Metric]:
        yield from _view_metrics(self._runtime.view)
        clients = getattr(self._runtime, "book_metrics", None)
        if callable(clients):
            yield from _book_metrics(clients())
        writer = getattr(self._runtime, "writer_stats", None)
        if callable(writer):
            yield from _writer_metrics(writer())


def _view_metrics(view: Any) -> Iterator[Metric]:
    snapshot = view.snapshot
    total = GaugeMetricFamily("oddsdesk_view_events", "Events in the in-memory view.")
    total.add_metric([], len(snapshot.events))
    events = GaugeMetricFamily(
        "oddsdesk_events", "Events in the in-memory view, by book listing them.", labels=["book"]
    )
    per_book = dict.fromkeys(Book, 0)
    quotes = 0
    for state in snapshot.events.values():
        quotes += len(state.quotes)
        for book in state.books:
            per_book[book] += 1
    for book, count in per_book.items():
        events.add_metric([book.value], count)
    lines = GaugeMetricFamily("oddsdesk_view_quotes", "Market-lines (all books) in the view.")
    lines.add_metric([], quotes)
    yield from (total, events, lines)


def _book_metrics(books: dict[Any, Any]) -> Iterator[Metric]:
    """Per-book HTTP counters (`oddsdesk.books.http.BookMetrics`)."""
    from oddsdesk.books.http import LATENCY_BUCKETS_S

    requests = CounterMetricFamily(
        "oddsdesk_book_requests", "Requests sent to each bookmaker.", labels=["book"]
    )
    responses = CounterMetricFamily(
        "oddsdesk_book_responses", "Responses received from each bookmaker.", labels=["book"]
    )
    received = CounterMetricFamily(
        "oddsdesk_book_received_bytes", "Body bytes received from each bookmaker.", labels=["book"]
    )
    retries = CounterMetricFamily(
        "oddsdesk_book_retries", "Requests retried, per bookmaker.", labels=["book"]
    )
    errors = CounterMetricFamily(
        "oddsdesk_book_errors",
        "Failed requests per bookmaker and kind (timeout, rate_limited, blocked, …).",
        labels=["book", "kind"],
    )
    latency = HistogramMetricFamily(
        "oddsdesk_book_request_duration_seconds",
        "Latency of bookmaker requests that got a response.",
        labels=["book"],
    )
    for book, m in books.items():
        name = getattr(book, "value", str(book))
        requests.add_metric([name], m.requests)
        responses.add_metric([name], m.responses)
        received.add_metric([name], m.bytes_received)
        retries.add_metric([name], m.retries)
        for kind, count in sorted(m.errors.items()):
            errors.add_metric([name, kind], count)
        cumulative, buckets = 0, []
        for bound, count in zip(LATENCY_BUCKETS_S, m.latency_buckets, strict=True):
            cumulative += count
            buckets.append(("+Inf" if bound == float("inf") else str(bound), cumulative))
        latency.add_metric([name], buckets, sum_value=m.latency_sum_s)
    yield from (requests, responses, received, retries, errors, latency)


WRITER_COUNTERS = {
    "submitted": "Write batches accepted.",
    "written": "Write batches committed.",
    "replayed": "Spooled batches written after an outage.",
    "duplicates": "Replayed batches already written (skipped).",
    "retries": "Batch write attempts retried.",
    "failed": "Batch writes that failed after their retries.",
    "spooled": "Batches written to the disk spool.",
    "dead": "Batches the database refused for good (kept in the spool's dead folder).",
    "lost": "Batches lost (the spool could not be written).",
    "rows_current": "Current-odds rows written.",
    "rows_history": "History rows written.",
    "rows_confirmations": "Confirmation rows written.",
}
WRITER_GAUGES = {
    "queue_depth": "Batches waiting in the writer's memory queue.",
    "spool_depth": "Batches waiting in the disk spool.",
    "outage": "1 while the database is failing writes.",
}


def _writer_metrics(stats: Any) -> Iterator[Metric]:
    """The storage writer's counters (`store.writer.WriterStats`)."""
    for name, text in WRITER_COUNTERS.items():
        family = CounterMetricFamily(f"oddsdesk_writer_{name}", text)
        family.add_metric([], getattr(stats, name))
        yield family
    for name, text in WRITER_GAUGES.items():
        gauge = GaugeMetricFamily(f"oddsdesk_writer_{name}", text)
        gauge.add_metric([], float(getattr(stats, name)))
        yield gauge


class RequestMetricsMiddleware:
    """Counts and times every HTTP request by its route template (never the raw path, which
    would give one series per event id)."""

    def __init__(self, app: ASGIApp, metrics: Callable[[], ApiMetrics]) -> None:
        self.app = app
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        timed = False

        async def send_and_time(message: Message) -> None:
            nonlocal status, timed
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and not timed:
                timed = True
                self._metrics().latency.labels(route=_route(scope)).observe(
                    time.perf_counter() - started
                )
            await send(message)

        try:
            await self.app(scope, receive, send_and_time)
        finally:
            self._metrics().requests.labels(
                method=scope["method"], route=_route(scope), status=str(status)
            ).inc()


def _route(scope: Scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"
