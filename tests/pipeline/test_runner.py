from __future__ import annotations

import asyncio
from typing import Any

import pytest

from oddsdesk.domain import Book
from oddsdesk.pipeline.progress import EventDone, ProgressBus, RunFinished
from oddsdesk.pipeline.runner import CycleAlreadyRunning, Request, Scraper
from oddsdesk.pipeline.stats import RunStats


class MemoryRunLog:
    def __init__(self) -> None:
        self.runs: dict[int, dict[str, Any]] = {}

    async def open(self, *, trigger: str, books: list[Book], sr_id: str | None) -> int:
        run_id = len(self.runs) + 1
        self.runs[run_id] = {"trigger": trigger, "status": "running", "sr_id": sr_id}
        return run_id

    async def close(
        self, run_id: int, *, status: str, summary: dict[str, Any], error: str | None
    ) -> None:
        self.runs[run_id].update(status=status, summary=summary, error=error)


def scraper(cycle, runs: MemoryRunLog, bus: ProgressBus, hang_after_s: float = 60) -> Scraper:
    return Scraper(
        cycle=cycle,
        runs=runs,
        progress=bus,
        books=lambda: [Book.BETPAWA],
        hang_after_s=hang_after_s,
    )


def stored_one(stats: RunStats) -> None:
    stats.targets = 1
    stats.events_ok = 1


async def test_start_returns_the_run_id_at_once_and_refuses_an_overlap() -> None:
    release = asyncio.Event()
    runs, bus = MemoryRunLog(), ProgressBus()

    async def cycle(request: Request, stats: RunStats) -> None:
        await release.wait()
        stored_one(stats)

    s = scraper(cycle, runs, bus)
    run_id = await s.start("manual")
    assert runs.runs[run_id]["status"] == "running"
    with pytest.raises(CycleAlreadyRunning) as refused:
        await s.start("scheduled")
    assert refused.value.run_id == run_id
    release.set()
    result = await s.wait()
    assert result is not None and result.status == "succeeded"
    assert runs.runs[run_id]["status"] == "succeeded"
    assert len(runs.runs) == 1
    await s.run("manual")  # the next one may start once the first has ended
    assert len(runs.runs) == 2


async def test_the_watchdog_stops_a_quiet_run_but_not_a_long_busy_one() -> None:
    runs, bus = MemoryRunLog(), ProgressBus()

    async def busy(request: Request, stats: RunStats) -> None:
        for index in range(10):  # 0.2 s in all, four times the hang limit, never quiet
            await asyncio.sleep(0.02)
            bus.publish(
                EventDone(
                    run_id=request.run_id,
                    index=index,
                    total=10,
                    event_id=None,
                    sr_id=None,
                    name="",
                    books={},
                    changed=0,
                )
            )
            assert s.check_hung() is None
        stored_one(stats)

    s = scraper(busy, runs, bus, hang_after_s=0.05)
    assert (await s.run("scheduled")).status == "succeeded"

    async def hangs(request: Request, stats: RunStats) -> None:
        await asyncio.sleep(3600)

    s = scraper(hangs, runs, bus, hang_after_s=0.05)
    finished = bus.subscribe()
    run_id = await s.start("scheduled")
    await asyncio.sleep(0.01)
    assert s.check_hung() is None
    await asyncio.sleep(0.06)
    assert s.check_hung() == run_id
    result = await s.wait()
    assert result is not None and result.status == "failed"
    assert "hung" in runs.runs[run_id]["error"]
    events = [e for e in finished.drain() if isinstance(e, RunFinished)]
    assert events[-1].run_id == run_id and events[-1].status == "failed"
    assert s.running is None


async def test_a_crashing_cycle_is_recorded_as_failed_with_its_cause() -> None:
    runs, bus = MemoryRunLog(), ProgressBus()

    async def crashes(request: Request, stats: RunStats) -> None:
        raise RuntimeError("database on fire")

    result = await scraper(crashes, runs, bus).run("manual")
    assert result.status == "failed"
    assert "database on fire" in (result.error or "")


async def test_a_run_that_stores_nothing_fails_with_the_causes() -> None:
    runs, bus = MemoryRunLog(), ProgressBus()

    async def all_books_down(request: Request, stats: RunStats) -> None:
        stats.books[Book.BETPAWA].discovery_error = "blocked"
        stats.error("blocked", "HTTP 403", book=Book.BETPAWA)

    result = await scraper(all_books_down, runs, bus).run("manual")
    assert result.status == "failed"
    assert "HTTP 403" in (result.error or "")


async def test_shutdown_closes_the_running_run_as_failed() -> None:
    runs, bus = MemoryRunLog(), ProgressBus()

    async def slow(request: Request, stats: RunStats) -> None:
        await asyncio.sleep(3600)

    s = scraper(slow, runs, bus)
    run_id = await s.start("manual")
    await asyncio.sleep(0)
    await s.stop()
    assert runs.runs[run_id]["status"] == "failed"
    assert "shut down" in runs.runs[run_id]["error"]
