"""The process's clock: scrape at the interval, retention daily, storage samples hourly, and a
watchdog.

APScheduler 3 in UTC on the process's event loop. The scrape job only starts a run: cycles never
overlap because the Scraper refuses a second one, and a tick that finds a cycle still running is
skipped and logged. Pausing stops the scrape job only; the watchdog keeps watching.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from oddsdesk.logging import get_logger
from oddsdesk.pipeline.runner import CycleAlreadyRunning, Scraper

log = get_logger(__name__)

SCRAPE, RETENTION, STORAGE_SAMPLE, WATCHDOG = "scrape", "retention", "storage_sample", "watchdog"

Job = Callable[[], Awaitable[Any]]


class ScrapeScheduler:
    def __init__(
        self,
        *,
        scraper: Scraper,
        interval_minutes: int,
        retention: Job | None = None,
        storage_sample: Job | None = None,
        watchdog_every_s: float = 30.0,
        first_run_delay_s: float = 1.0,
        on_pause: Callable[[bool], None] | None = None,
    ) -> None:
        self._scraper = scraper
        self._interval = interval_minutes
        self._retention = retention
        self._storage_sample = storage_sample
        self._watchdog_every_s = watchdog_every_s
        self._first_run_delay_s = first_run_delay_s
        self._paused = False
        self._on_pause = on_pause
        self._aps = AsyncIOScheduler(timezone=UTC)

    @property
    def running(self) -> bool:
        return self._aps.running

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def interval_minutes(self) -> int:
        return self._interval

    def start(self, *, paused: bool = False) -> None:
        """Start on the running loop; the first cycle comes shortly after, then every interval."""
        first = datetime.now(UTC) + timedelta(seconds=self._first_run_delay_s)
        self._aps.add_job(
            self._scrape,
            IntervalTrigger(minutes=self._interval, timezone=UTC),
            id=SCRAPE,
            next_run_time=None if paused else first,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=60,
        )
        self._paused = paused
        self._aps.add_job(
            self._watchdog,
            IntervalTrigger(seconds=self._watchdog_every_s, timezone=UTC),
            id=WATCHDOG,
            coalesce=True,
            max_instances=1,
        )
        if self._retention is not None:
            self._aps.add_job(
                self._retention,
                CronTrigger(hour=2, minute=30, timezone=UTC),
                id=RETENTION,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=3600,
            )
        if self._storage_sample is not None:
            self._aps.add_job(
                self._storage_sample,
                IntervalTrigger(hours=1, timezone=UTC),
                id=STORAGE_SAMPLE,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=3600,
            )
        self._aps.start()

    def shutdown(self) -> None:
        if self._aps.running:
            self._aps.shutdown(wait=False)

    def pause(self) -> None:
        self._aps.pause_job(SCRAPE)
        self._paused = True
        if self._on_pause is not None:
            self._on_pause(True)

    def resume(self) -> None:
        """Resume the interval; the next cycle comes at the next tick, not at once."""
        self._aps.resume_job(SCRAPE)
        self._paused = False
        if self._on_pause is not None:
            self._on_pause(False)

    def set_interval(self, minutes: int) -> None:
        """Reschedule at once: the next cycle is `minutes` after now (or after resume)."""
        if minutes == self._interval:
            return
        self._interval = minutes
        self._aps.reschedule_job(SCRAPE, trigger=IntervalTrigger(minutes=minutes, timezone=UTC))
        if self._paused:
            self._aps.pause_job(SCRAPE)

    def next_run_time(self) -> datetime | None:
        job = self._aps.get_job(SCRAPE)
        return None if job is None else job.next_run_time

    def status(self) -> dict[str, Any]:
        jobs = []
        for job in self._aps.get_jobs():
            when = job.next_run_time
            jobs.append({"id": job.id, "next_run": when.isoformat() if when else None})
        running = self._scraper.running
        return {
            "running": self._aps.running,
            "paused": self._paused,
            "interval_minutes": self._interval,
            "next_run": (nrt := self.next_run_time()) and nrt.isoformat(),
            "current_run_id": running.run_id if running else None,
            "jobs": jobs,
        }

    async def _scrape(self) -> None:
        try:
            run_id = await self._scraper.start("scheduled")
        except CycleAlreadyRunning as busy:
            log.warning("scheduled scrape skipped: a cycle is still running", run_id=busy.run_id)
        except Exception:
            log.exception("scheduled scrape could not start")
        else:
            log.info("scheduled scrape started", run_id=run_id)

    async def _watchdog(self) -> None:
        self._scraper.check_hung()
