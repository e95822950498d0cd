"""The whole cycle against the simulator, checked against the simulator's ground truth."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from oddsdesk.domain import Book
from oddsdesk.pipeline.runner import CycleAlreadyRunning
from oddsdesk.simulator import truth
from oddsdesk.simulator.app import create_app
from oddsdesk.simulator.config import FaultConfig
from tests.pipeline.simworld import (
    InFlight,
    history_rows,
    linked_sr_ids,
    listed,
    running,
    runtime_for,
    served,
    small_world,
    stored_quotes,
    true_quotes,
    view_quotes,
)

# Seed 6 has Bet9ja events without EXTID (matched by names) and a SportyBet event whose
# SportRadar id disagrees with the other books (never merged).
SEED = 6


async def first_cycle_is_the_truth(database_url: str, tmp_path: Path) -> None:
    world = small_world(events=30, seed=SEED)
    runtime = runtime_for(world, database_url, tmp_path)
    async with running(runtime):
        result = await runtime.scraper.run("manual")
        await asyncio.to_thread(runtime.writer.flush)
        assert result.status == "succeeded" and result.summary["failures"] == 0
        assert result.summary["matched_by"].get("fallback", 0) >= 3

        links = linked_sr_ids(runtime)
        expected = {
            (book.value, truth.book_event_id(event, book)): truth.sr_id(event, book) or event.sr_id
            for book, event in listed(world)
        }
        assert links == expected
        assert any(truth.sr_id(e, Book.BET9JA) is None for _, e in listed(world))
        assert any(truth.sr_id(e, Book.SPORTYBET) != e.sr_id for _, e in listed(world))

        truth_quotes, stored = true_quotes(world), stored_quotes(runtime)
        assert sum(len(q) for q in truth_quotes.values()) > 1000
        for sr_id, quotes in truth_quotes.items():
            assert stored.get(sr_id, {}) == quotes, sr_id
        assert view_quotes(runtime) == stored  # the API's read model is kept in step


async def test_every_event_is_matched_and_every_price_stored_is_the_truth(
    sqlite_url: str, tmp_path: Path
) -> None:
    await first_cycle_is_the_truth(sqlite_url, tmp_path)


@pytest.mark.postgres
async def test_every_price_stored_is_the_truth_on_postgresql(
    postgres_db: str, tmp_path: Path
) -> None:
    await first_cycle_is_the_truth(postgres_db, tmp_path)


def changed_keys(before: dict, after: dict) -> int:
    """History rows a correct scraper writes going from `before` to `after`: each quote that
    is new or moved, and each quote gone from an event still listed."""
    count = 0
    for sr_id, quotes in after.items():
        old = before.get(sr_id, {})
        count += sum(1 for key, prices in quotes.items() if old.get(key) != prices)
        count += sum(1 for key in old if key not in quotes)
    return count


async def test_frozen_prices_write_no_history_and_k_changes_write_k(
    sqlite_url: str, tmp_path: Path
) -> None:
    world = small_world(events=30, seed=SEED, drift=0.02, suspend_rate=0.0)
    runtime = runtime_for(world, sqlite_url, tmp_path)
    async with running(runtime):
        await runtime.scraper.run("manual")
        await asyncio.to_thread(runtime.writer.flush)
        rows = history_rows(runtime)

        frozen = await runtime.scraper.run("manual")  # the world has not moved
        await asyncio.to_thread(runtime.writer.flush)
        assert frozen.summary["history_rows"] == 0
        assert history_rows(runtime) == rows

        before = true_quotes(world)
        world.advance(1)
        after = true_quotes(world)
        k = changed_keys(before, after)
        assert k > 10
        moved = await runtime.scraper.run("manual")
        await asyncio.to_thread(runtime.writer.flush)
        assert moved.summary["history_rows"] == k
        assert history_rows(runtime) == rows + k
        stored = stored_quotes(runtime)
        assert all(stored.get(sr_id, {}) == quotes for sr_id, quotes in after.items())


KINDS = {
    "server_error": "server_error",
    "rate_limited": "rate_limited",
    "hang": "timeout",
    "malformed": "bad_payload",
}


async def test_a_fifth_of_one_books_requests_failing_costs_only_those(
    sqlite_url: str, tmp_path: Path
) -> None:
    faults = FaultConfig(
        rate=0.2, hang_seconds=2.0, retry_after_s=0, weights=dict.fromkeys(KINDS, 1.0)
    )
    world = small_world(events=60, seed=SEED, faults={Book.SPORTYBET: faults})
    app = create_app(world)
    with served(app) as url:
        runtime = runtime_for(
            world,
            sqlite_url,
            tmp_path,
            network=True,
            max_retries=0,  # every injected fault is then one failure to account for
            read_timeout_s=0.5,
            **{f"{book.value}_base_url": url for book in Book},
        )
        async with running(runtime):
            result = await runtime.scraper.run("manual")
            await asyncio.to_thread(runtime.writer.flush)
            with runtime.engine.connect() as conn:
                errors = Counter(
                    kind
                    for (kind,) in conn.execute(
                        sa.text("SELECT kind FROM scrape_errors WHERE book = 'sportybet'")
                    )
                )
                others = conn.execute(
                    sa.text("SELECT count(*) FROM scrape_errors WHERE book <> 'sportybet'")
                ).scalar_one()
            injected = Counter(
                {
                    KINDS[kind]: n
                    for (book, kind), n in app.faults.counts.items()
                    if book == "sportybet"
                }
            )
    assert result.status == "succeeded"
    assert len(injected) == 4 and sum(injected.values()) >= 5
    assert errors == injected and others == 0
    books = result.summary["books"]
    assert books["betpawa"]["failed"] == 0 and books["bet9ja"]["failed"] == 0
    assert books["sportybet"]["ok"] >= 30
    # whatever did answer is stored exactly as the books published it
    stored, truth_quotes = stored_quotes(runtime), true_quotes(world)
    for sr_id, quotes in truth_quotes.items():
        for key, prices in stored.get(sr_id, {}).items():
            assert quotes.get(key) == prices, (sr_id, key)


async def test_a_second_trigger_is_refused_while_a_cycle_runs(
    sqlite_url: str, tmp_path: Path
) -> None:
    world = small_world(events=6, seed=SEED)
    runtime = runtime_for(world, sqlite_url, tmp_path)
    async with running(runtime):
        run_id = await runtime.trigger()
        with pytest.raises(CycleAlreadyRunning) as refused:
            await runtime.trigger(sr_id="1")
        assert refused.value.run_id == run_id
        result = await runtime.scraper.wait()
        assert result is not None and result.run_id == run_id


async def test_settings_changed_at_run_time_apply_to_the_next_cycle(
    sqlite_url: str, tmp_path: Path
) -> None:
    slow = {Book.BET9JA: FaultConfig(latency_ms=30, latency_spread=0.01)}
    world = small_world(events=12, seed=SEED, faults=slow)
    bet9ja = InFlight(create_app(world), "/desktop/feapi/PalimpsestAjax/GetEvent")
    runtime = runtime_for(world, sqlite_url, tmp_path, app=bet9ja, bet9ja_spacing_ms=0)
    async with running(runtime):
        first = await runtime.scraper.run("manual")
        assert set(first.summary["books"]) == {b.value for b in Book}
        assert bet9ja.peak > 3
        await runtime.update_settings({"enabled_books": ["bet9ja"], "bet9ja_concurrency": 3})
        bet9ja.reset()
        second = await runtime.scraper.run("manual")
        assert set(second.summary["books"]) == {"bet9ja"}
        assert second.summary["books"]["bet9ja"]["requested"] > 3
        assert bet9ja.peak == 3
    restarted = runtime_for(world, sqlite_url, tmp_path)
    async with running(restarted):
        assert restarted.settings.enabled_books == [Book.BET9JA]
        assert restarted.settings.bet9ja_concurrency == 3


async def test_a_single_event_refresh_stores_that_match_from_every_book(
    sqlite_url: str, tmp_path: Path
) -> None:
    world = small_world(events=10, seed=SEED)
    event = next(e for _, e in listed(world) if len(e.books) == 3)
    runtime = runtime_for(world, sqlite_url, tmp_path)
    async with running(runtime):
        run_id = await runtime.trigger(sr_id=event.sr_id)
        result = await runtime.scraper.wait()
        await asyncio.to_thread(runtime.writer.flush)
    assert result is not None and result.run_id == run_id and result.status == "succeeded"
    assert result.summary["targets"] == 1
    assert {b: s["ok"] for b, s in result.summary["books"].items()} == dict.fromkeys(
        (b.value for b in Book), 1
    )
    stored = stored_quotes(runtime)
    assert set(stored) == {event.sr_id}
    assert stored[event.sr_id] == true_quotes(world)[event.sr_id]
    with runtime.engine.connect() as conn:
        trigger = conn.execute(sa.text("SELECT trigger FROM scrape_runs")).scalar_one()
    assert trigger == f"event:{event.sr_id}"


async def test_a_paused_scheduler_stays_paused_after_a_restart(
    sqlite_url: str, tmp_path: Path
) -> None:
    world = small_world(events=4, seed=SEED)
    runtime = runtime_for(world, sqlite_url, tmp_path, schedule=True)
    async with running(runtime):
        assert runtime.scheduler is not None and runtime.scheduler.next_run_time() is not None
        runtime.scheduler.pause()
    restarted = runtime_for(world, sqlite_url, tmp_path, schedule=True)
    async with running(restarted):
        assert restarted.scheduler is not None and restarted.scheduler.paused
        assert restarted.scheduler.next_run_time() is None
        restarted.scheduler.resume()
    again = runtime_for(world, sqlite_url, tmp_path, schedule=True)
    async with running(again):
        assert again.scheduler is not None and not again.scheduler.paused
