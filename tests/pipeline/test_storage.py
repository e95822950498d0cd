"""The cycle through the real store writer: what a run leaves in the database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from oddsdesk.domain import Book
from oddsdesk.errors import Blocked, BookTimeout
from oddsdesk.pipeline.cycle import CycleParts, run_cycle
from oddsdesk.pipeline.memory import KnownOdds
from oddsdesk.pipeline.progress import ProgressBus
from oddsdesk.pipeline.records import ABANDONED, StoredRunLog, close_abandoned_runs
from oddsdesk.pipeline.runner import Scraper
from oddsdesk.pipeline.storage import StoreSink
from oddsdesk.pipeline.targets import match
from oddsdesk.pipeline.warm import warm_up
from oddsdesk.store.db import create_engine
from oddsdesk.store.migrate import upgrade
from oddsdesk.store.models import ScrapeRunRow
from oddsdesk.store.writer import BatchWriter
from tests.pipeline.conftest import count
from tests.pipeline.fakes import NOW, map_event, world


@pytest.fixture
def engine(sqlite_url: str):
    from oddsdesk.config import normalise_database_url

    engine = create_engine(normalise_database_url(sqlite_url))
    upgrade(engine)
    yield engine
    engine.dispose()


def scraper_on(engine, books, tmp_path: Path, memory: KnownOdds, known=None):
    writer = BatchWriter(engine, tmp_path / "spool", clock=lambda: NOW).start()
    bus = ProgressBus()
    sink = StoreSink(writer, progress=bus, known_ids=known)

    async def cycle(request, stats):
        parts = CycleParts(
            adapters=books,
            storage=sink,
            memory=memory,
            progress=bus,
            match=match,
            map_event=map_event,
            clock=lambda: NOW,
            window=8,
        )
        await run_cycle(parts, request, stats)

    scraper = Scraper(
        cycle=cycle,
        runs=StoredRunLog(writer, clock=lambda: NOW),
        progress=bus,
        books=lambda: list(Book),
        hang_after_s=60,
    )
    return scraper, writer


async def test_runs_events_links_prices_statuses_and_errors_are_stored(engine, tmp_path) -> None:
    books = world()
    books[Book.BET9JA].failing["1002"] = BookTimeout("bet9ja", "read timeout")
    memory = KnownOdds()
    scraper, writer = scraper_on(engine, books, tmp_path, memory)
    first = await scraper.run("manual")
    assert writer.flush(10)
    assert first.status == "succeeded"
    assert count(engine, "events") == 6
    assert count(engine, "events", "event_key LIKE 'sr:%'") == 6
    assert count(engine, "event_links", "match_method = 'sr_id'") == 18
    assert count(engine, "market_odds_current") == 17 * 3
    assert count(engine, "market_odds_history") == 17 * 3
    assert count(engine, "event_scrape_status", "status = 'partial'") == 1
    assert count(engine, "event_scrape_status", "status = 'ok'") == 5
    assert count(engine, "scrape_errors", "kind = 'timeout' AND book = 'bet9ja'") == 1

    books[Book.BET9JA].failing.clear()
    books[Book.SPORTYBET].discovery_error = Blocked("sportybet", "HTTP 403", status=403)
    books[Book.BETPAWA].prices["1004"]["ou"] = 1.7
    second = await scraper.run("scheduled")
    writer.close()
    assert second.status == "succeeded"
    # the bet9ja market lines of 1002 are new, one BetPawa price changed; nothing else
    assert count(engine, "market_odds_history") == 17 * 3 + 3 + 1
    assert count(engine, "scrape_errors", "kind = 'blocked' AND book = 'sportybet'") == 1
    with engine.connect() as conn:
        runs = {r.id: r for r in conn.execute(sa.select(ScrapeRunRow.__table__))}
    assert {r.status for r in runs.values()} == {"succeeded"}
    run = runs[second.run_id]
    assert run.trigger == "scheduled" and run.finished_at is not None
    assert run.events_total == 6 and run.events_ok == 6
    assert run.books["sportybet"]["discovery_error"].startswith("blocked")
    assert run.books["betpawa"]["changed"] == 1


async def test_a_restart_warms_up_and_writes_no_history_for_what_it_knew(engine, tmp_path) -> None:
    books = world()
    scraper, writer = scraper_on(engine, books, tmp_path, KnownOdds())
    await scraper.run("manual")
    writer.close()
    rows = count(engine, "market_odds_history")

    warm = warm_up(engine, now=NOW)
    assert len(warm.memory.state) == 6 * 3 * 3 and len(warm.event_ids) == 6
    assert set(warm.memory.kickoffs) == set(warm.event_ids.values())
    scraper, writer = scraper_on(engine, books, tmp_path, warm.memory, warm.event_ids)
    result = await scraper.run("manual")
    writer.close()
    assert result.summary["history_rows"] == 0
    assert count(engine, "market_odds_history") == rows
    assert count(engine, "events") == 6


def test_a_run_left_running_by_a_crash_is_closed_as_failed(engine) -> None:
    table = ScrapeRunRow.__table__
    started = datetime(2030, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(table),
            [
                {
                    "id": 1,
                    "trigger": "scheduled",
                    "status": "running",
                    "started_at": started,
                    "books": {},
                },
                {
                    "id": 2,
                    "trigger": "manual",
                    "status": "succeeded",
                    "started_at": started,
                    "finished_at": started,
                    "books": {},
                },
            ],
        )
    assert close_abandoned_runs(engine, now=NOW) == [1]
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(sa.select(table))}
    assert rows[1].status == "failed" and rows[1].error == ABANDONED
    assert rows[1].finished_at == NOW
    assert rows[2].status == "succeeded"
    assert close_abandoned_runs(engine) == []
