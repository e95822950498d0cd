"""Runs cycles one at a time, records each run, and stops a run that has gone quiet.

`start` returns the new run's id at once and the cycle goes on in a task; a second start while a
cycle runs is refused with the running run's id. The watchdog judges a run by the time since its
last progress event, never by its total duration: pawaRisk killed every cycle longer than ten
minutes because the phase logs its watchdog read were no longer written.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from oddsdesk.domain import Book
from oddsdesk.logging import get_logger
from oddsdesk.pipeline.progress import ProgressBus, RunFinished
from oddsdesk.pipeline.stats import RunStats

log = get_logger(__name__)

TRIGGERS = ("scheduled", "manual", "event")


class CycleAlreadyRunning(RuntimeError):
    """A cycle is running; cycles never overlap."""

    def __init__(self, run_id: int | None) -> None:
        super().__init__(f"a scrape cycle is already running (run {run_id})")
        self.run_id = run_id


class RunLog(Protocol):
    """Where runs are recorded (the store's run tables)."""

    async def open(self, *, trigger: str, books: list[Book], sr_id: str | None) -> int: ...

    async def close(
        self, run_id: int, *, status: str, summary: dict[str, Any], error: str | None
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class Request:
    """One run to make: its trigger, and for a single-event refresh the SportRadar id."""

    run_id: int
    trigger: str
    books: list[Book]
    sr_id: str | None = None


@dataclass(frozen=True, slots=True)
class RunResult:
    run_id: int
    status: str
    seconds: float
    summary: dict[str, Any]
    error: str | None = None


Cycle = Callable[[Request, RunStats], Awaitable[None]]


class Scraper:
    """The one place cycles are started from: scheduler, CLI and API all come through here."""

    def __init__(
        self,
        *,
        cycle: Cycle,
        runs: RunLog,
        progress: ProgressBus,
        books: Callable[[], list[Book]],
        hang_after_s: float,
    ) -> None:
        self._cycle = cycle
        self._runs = runs
        self._progress = progress
        self._books = books
        self.hang_after_s = hang_after_s
        self._starting = False
        self._task: asyncio.Task[RunResult] | None = None
        self._current: Request | None = None
        self._hung: set[int] = set()

    @property
    def running(self) -> Request | None:
        return self._current

    async def start(self, trigger: str, *, sr_id: str | None = None) -> int:
        """Record a new run and start its cycle; returns the run id without waiting."""
        if trigger not in TRIGGERS:
            raise ValueError(f"unknown trigger {trigger!r}")
        if self._starting or self._current is not None:
            raise CycleAlreadyRunning(self._current.run_id if self._current else None)
        self._starting = True
        try:
            books = self._books()
            run_id = await self._runs.open(trigger=trigger, books=books, sr_id=sr_id)
            request = Request(run_id, trigger, books, sr_id)
            self._current = request
            self._task = asyncio.create_task(self._run(request), name=f"scrape-run-{run_id}")
        finally:
            self._starting = False
        return run_id

    async def run(self, trigger: str, *, sr_id: str | None = None) -> RunResult:
        """Start a run and wait for its end."""
        await self.start(trigger, sr_id=sr_id)
        result = await self.wait()
        assert result is not None
        return result

    async def wait(self) -> RunResult | None:
        """The result of the current (or last) run once it ends."""
        if self._task is None:
            return None
        return await asyncio.shield(self._task)

    async def stop(self) -> None:
        """Cancel a running cycle (process shutdown); the run is closed as failed."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def check_hung(self) -> int | None:
        """Watchdog: cancel the current run when it has published nothing for too long."""
        request = self._current
        if request is None or self._task is None or self._task.done():
            return None
        idle = self._progress.idle_seconds(request.run_id)
        if idle is None or idle < self.hang_after_s:
            return None
        log.error("scrape run hung", run_id=request.run_id, idle_s=round(idle, 1))
        self._hung.add(request.run_id)
        self._task.cancel()
        return request.run_id

    async def _run(self, request: Request) -> RunResult:
        started = time.perf_counter()
        stats = RunStats.for_books(request.books)
        error: str | None = None
        status = "failed"
        self._progress.beat(request.run_id)
        try:
            await self._cycle(request, stats)
            status = "succeeded" if stats.succeeded() else "failed"
            if status == "failed":
                error = "nothing was stored: " + _first_causes(stats)
        except asyncio.CancelledError:
            if request.run_id in self._hung:
                error = f"hung: no progress for {self.hang_after_s:.0f} s; stopped by the watchdog"
            else:
                error = "stopped: the process shut down during the run"
        except Exception as exc:
            log.exception("scrape run crashed", run_id=request.run_id)
            error = f"crashed: {type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        stats.phases["total"] = seconds
        summary = stats.to_dict()
        result = RunResult(request.run_id, status, seconds, summary, error)
        try:
            await asyncio.shield(
                self._runs.close(request.run_id, status=status, summary=summary, error=error)
            )
        except Exception:
            log.exception("could not record the end of a run", run_id=request.run_id)
        finally:
            self._current = None
            self._hung.discard(request.run_id)
            self._progress.publish(
                RunFinished(
                    run_id=request.run_id,
                    status=status,
                    seconds=round(seconds, 3),
                    summary=summary,
                    error=error,
                )
            )
        return result


def _first_causes(stats: RunStats) -> str:
    causes = [f"{e['book'] or 'cycle'}: {e['message']}" for e in stats.errors[:3]]
    return "; ".join(causes) if causes else "no events were listed by any book"
