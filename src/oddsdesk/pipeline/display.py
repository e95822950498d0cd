"""The terminal view of a run: live progress while it runs, a table per book when it ends.

Built only from progress events and the run summary, so it shows exactly what the API streams.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from oddsdesk.domain import Book
from oddsdesk.pipeline.progress import (
    CycleError,
    DiscoveryDone,
    EventDone,
    EventsQueued,
    ProgressEvent,
    RunFinished,
    RunStarted,
    Subscription,
)


def _label(book: str) -> str:
    try:
        return Book(book).label
    except ValueError:
        return book


class RunView:
    """Folds progress events into what the live display shows."""

    def __init__(self) -> None:
        self.run_id: int | None = None
        self.trigger = ""
        self.books: list[str] = []
        self.discovery: dict[str, str] = {}
        self.outcomes: dict[str, Counter[str]] = {}
        self.errors: deque[str] = deque(maxlen=6)
        self.changed = 0
        self.finished: RunFinished | None = None
        self.started_at = time.monotonic()
        self.progress = Progress(
            TextColumn("[bold]events"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            expand=False,
        )
        self._task = self.progress.add_task("events", total=None, rate="")

    def fold(self, event: ProgressEvent) -> None:
        if isinstance(event, RunStarted):
            self.run_id, self.trigger, self.books = event.run_id, event.trigger, event.books
            self.outcomes = {book: Counter() for book in event.books}
        elif isinstance(event, DiscoveryDone):
            self.discovery[event.book] = (
                f"{event.count} events in {event.seconds:.1f} s"
                if event.error is None
                else f"[red]{event.error_kind}: {event.error}"
            )
        elif isinstance(event, EventsQueued):
            self.progress.update(self._task, total=event.total)
        elif isinstance(event, EventDone):
            for book, outcome in event.books.items():
                self.outcomes.setdefault(book, Counter())[outcome] += 1
            self.changed += event.changed
            elapsed = max(time.monotonic() - self.started_at, 1e-6)
            self.progress.update(
                self._task, completed=event.index, rate=f"{event.index / elapsed:.1f}/s"
            )
        elif isinstance(event, CycleError):
            where = " ".join(x for x in (event.book, event.sr_id and f"sr:{event.sr_id}") if x)
            self.errors.append(f"{where} {event.kind}: {event.message}".strip())
        elif isinstance(event, RunFinished):
            self.finished = event

    def render(self) -> RenderableType:
        title = Text(f"oddsdesk scrape · run {self.run_id} ({self.trigger})", style="bold")
        books = Table(box=None, pad_edge=False)
        books.add_column("book")
        books.add_column("discovery")
        books.add_column("fetched", justify="right")
        books.add_column("errors")
        for book in self.books:
            counts = self.outcomes.get(book, Counter())
            bad = ", ".join(f"{k} {v}" for k, v in counts.items() if k not in {"ok", "absent"})
            books.add_row(
                _label(book),
                self.discovery.get(book, "[dim]…"),
                str(counts.get("ok", 0)),
                f"[red]{bad}" if bad else "",
            )
        parts: list[RenderableType] = [title, books, self.progress]
        parts.append(Text(f"prices changed: {self.changed}", style="dim"))
        parts.extend(Text(line, style="red") for line in self.errors)
        return Group(*parts)


async def follow(
    subscription: Subscription, console: Console, run_id: int | None = None
) -> RunView:
    """Show a run live until its RunFinished (of `run_id`, or of the first run seen)."""
    view = RunView()
    with Live(view.render(), console=console, refresh_per_second=8, transient=False) as live:
        async for event in subscription:
            if run_id is not None and event.run_id != run_id:
                continue
            view.fold(event)
            live.update(view.render())
            if isinstance(event, RunFinished):
                break
    return view


def summary_table(summary: dict[str, Any]) -> Table:
    """One row per book: discovery, requests, failures by kind, quotes, changes, latency."""
    table = Table()
    for column in ("book", "listed", "fetched", "failed", "quotes", "changed", "gone", "avg ms"):
        table.add_column(column, justify="left" if column == "book" else "right")
    for book, stats in summary.get("books", {}).items():
        listed = (
            f"[red]{stats['discovery_error']}"
            if stats.get("discovery_error")
            else str(stats.get("discovered"))
        )
        kinds = ", ".join(f"{kind} {n}" for kind, n in stats.get("errors", {}).items())
        table.add_row(
            _label(book),
            listed,
            f"{stats['ok']}/{stats['requested']}",
            f"[red]{stats['failed']} ({kinds})" if stats["failed"] else "0",
            str(stats["quotes"]),
            str(stats["changed"]),
            str(stats["gone"]),
            "" if stats.get("avg_fetch_ms") is None else f"{stats['avg_fetch_ms']:.0f}",
        )
    return table


def headline(finished: RunFinished) -> str:
    s = finished.summary
    done = s.get("events_ok", 0) + s.get("events_partial", 0) + s.get("events_failed", 0)
    rate = done / finished.seconds if finished.seconds else 0.0
    colour = "green" if finished.status == "succeeded" else "red"
    text = (
        f"[{colour}]run {finished.run_id} {finished.status}[/] in {finished.seconds:.1f} s: "
        f"{done} events ({rate:.1f}/s), {s.get('history_rows', 0)} price changes stored, "
        f"{s.get('failures', 0)} failures"
    )
    if finished.error:
        text += f"\n[red]{finished.error}"
    return text
