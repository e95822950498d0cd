from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from oddsdesk.domain import Book
from oddsdesk.pipeline.progress import ProgressBus
from oddsdesk.pipeline.runner import Request, Scraper
from oddsdesk.pipeline.scheduler import RETENTION, SCRAPE, STORAGE_SAMPLE, WATCHDOG, ScrapeScheduler
from oddsdesk.pipeline.stats import RunStats
from tests.pipeline.test_runner import MemoryRunLog


async def test_the_first_cycle_comes_at_once_then_pause_resume_and_interval() -> None:
    runs = MemoryRunLog()
    cycles: list[str] = []

    async def cycle(request: Request, stats: RunStats) -> None:
        cycles.append(request.trigger)
        stats.events_ok = 1

    scraper = Scraper(
        cycle=cycle,
        runs=runs,
        progress=ProgressBus(),
        books=lambda: [Book.BETPAWA],
        hang_after_s=60,
    )
    retained: list[bool] = []

    async def retention() -> None:
        retained.append(True)

    scheduler = ScrapeScheduler(
        scraper=scraper,
        interval_minutes=5,
        retention=retention,
        storage_sample=retention,
        first_run_delay_s=0.05,
    )
    scheduler.start()
    try:
        assert {job["id"] for job in scheduler.status()["jobs"]} == {
            SCRAPE,
            RETENTION,
            STORAGE_SAMPLE,
            WATCHDOG,
        }
        for _ in range(100):
            if cycles:
                break
            await asyncio.sleep(0.02)
        await scraper.wait()
        assert cycles == ["scheduled"]
        assert runs.runs[1]["trigger"] == "scheduled"
        next_run = scheduler.next_run_time()
        assert next_run is not None
        assert abs(next_run - (datetime.now(UTC) + timedelta(minutes=5))) < timedelta(seconds=5)

        scheduler.pause()
        assert scheduler.next_run_time() is None and scheduler.status()["paused"]
        scheduler.set_interval(15)  # changing the interval while paused keeps it paused
        assert scheduler.next_run_time() is None
        scheduler.resume()
        next_run = scheduler.next_run_time()
        assert next_run is not None
        assert abs(next_run - (datetime.now(UTC) + timedelta(minutes=15))) < timedelta(seconds=5)
        assert scheduler.status()["interval_minutes"] == 15
    finally:
        scheduler.shutdown()
        await asyncio.sleep(0)


async def test_a_tick_during_a_running_cycle_is_skipped_not_queued() -> None:
    runs = MemoryRunLog()
    release = asyncio.Event()

    async def cycle(request: Request, stats: RunStats) -> None:
        await release.wait()
        stats.events_ok = 1

    scraper = Scraper(
        cycle=cycle,
        runs=runs,
        progress=ProgressBus(),
        books=lambda: [Book.BETPAWA],
        hang_after_s=60,
    )
    scheduler = ScrapeScheduler(scraper=scraper, interval_minutes=5)
    manual = await scraper.start("manual")
    await scheduler._scrape()
    release.set()
    await scraper.wait()
    assert list(runs.runs) == [manual]


async def test_a_paused_start_schedules_no_cycle() -> None:
    scraper = Scraper(
        cycle=None,
        runs=MemoryRunLog(),
        progress=ProgressBus(),  # type: ignore[arg-type]
        books=lambda: [],
        hang_after_s=60,
    )
    scheduler = ScrapeScheduler(scraper=scraper, interval_minutes=5)
    scheduler.start(paused=True)
    try:
        assert scheduler.paused and scheduler.next_run_time() is None
    finally:
        scheduler.shutdown()
        await asyncio.sleep(0)
