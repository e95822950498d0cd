"""The cycle's logic on an in-memory world; the end-to-end tests run it on the simulator."""

from __future__ import annotations

from datetime import timedelta

from oddsdesk.domain import Book
from oddsdesk.errors import Blocked, BookTimeout
from oddsdesk.pipeline.changes import ChangeKind
from oddsdesk.pipeline.cycle import CycleParts, run_cycle
from oddsdesk.pipeline.memory import KnownOdds
from oddsdesk.pipeline.progress import EventDone, EventsQueued, ProgressBus
from oddsdesk.pipeline.runner import Request
from oddsdesk.pipeline.stats import RunStats
from tests.pipeline.fakes import NOW, MemoryStorage, map_event, match, server_error, world


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


def parts(books, storage, memory, bus, clock) -> CycleParts:
    return CycleParts(
        adapters=books,
        storage=storage,
        memory=memory,
        progress=bus,
        match=match,
        map_event=map_event,
        clock=clock,
        window=4,
    )


async def cycle(p: CycleParts, run_id: int, sr_id: str | None = None) -> RunStats:
    stats = RunStats.for_books(list(Book))
    await run_cycle(p, Request(run_id, "manual", list(Book), sr_id), stats)
    return stats


async def test_first_cycle_stores_everything_second_frozen_cycle_nothing() -> None:
    books, storage, memory, bus, clock = (
        world(),
        MemoryStorage(),
        KnownOdds(),
        ProgressBus(),
        Clock(),
    )
    p = parts(books, storage, memory, bus, clock)
    progress = bus.subscribe()
    first = await cycle(p, 1)
    assert first.events_ok == 6 and first.targets == 6
    assert storage.history_rows() == 6 * 3 * 3  # events × books × markets, all new
    events = progress.drain()
    queued = next(e for e in events if isinstance(e, EventsQueued))
    assert queued.total == 6 and queued.by_book == {b.value: 6 for b in Book}
    done = [e for e in events if isinstance(e, EventDone)]
    assert [e.index for e in done] == list(range(1, 7))
    # the most urgent match (kickoff in one hour) is fetched first
    assert books[Book.BETPAWA].fetched[0] == "1001"

    clock.now += timedelta(minutes=5)
    before = storage.history_rows()
    second = await cycle(p, 2)
    assert second.history_rows == 0 and storage.history_rows() == before
    assert second.events_ok == 6

    books[Book.SPORTYBET].prices["1003"]["ou"] = 2.05
    books[Book.BET9JA].prices["1004"]["1x2"] = 9.0
    third = await cycle(p, 3)
    assert third.history_rows == 2
    changed = [cs for b in storage.batches[-2:] for cs in b.change_sets if cs.changes]
    assert {(cs.book, cs.changes[0].market) for cs in changed} == {
        (Book.SPORTYBET, "ou"),
        (Book.BET9JA, "1x2"),
    }


async def test_failures_are_recorded_per_book_and_the_rest_is_stored() -> None:
    books, storage, memory, bus, clock = (
        world(),
        MemoryStorage(),
        KnownOdds(),
        ProgressBus(),
        Clock(),
    )
    books[Book.BET9JA].discovery_error = Blocked("bet9ja", "HTTP 403", status=403)
    books[Book.SPORTYBET].failing["1002"] = server_error(Book.SPORTYBET)
    books[Book.SPORTYBET].failing["1005"] = BookTimeout("sportybet", "read timeout")
    stats = await cycle(parts(books, storage, memory, bus, clock), 1)
    assert stats.books[Book.BET9JA].discovery_error.startswith("blocked")
    assert stats.books[Book.SPORTYBET].errors == {"server_error": 1, "timeout": 1}
    assert stats.events_ok == 4 and stats.events_partial == 2
    kinds = sorted((e["book"], e["kind"], e["sr_id"]) for e in stats.errors)
    assert kinds == [
        ("bet9ja", "blocked", None),
        ("sportybet", "server_error", "1002"),
        ("sportybet", "timeout", "1005"),
    ]
    assert storage.history_rows() == 6 * 3 + 4 * 3


async def test_a_book_that_withdraws_an_event_makes_its_markets_unavailable() -> None:
    books, storage, memory, bus, clock = (
        world(),
        MemoryStorage(),
        KnownOdds(),
        ProgressBus(),
        Clock(),
    )
    p = parts(books, storage, memory, bus, clock)
    await cycle(p, 1)
    del books[Book.SPORTYBET].events["1006"]  # no longer listed
    books[Book.BETPAWA].gone.add("1005")  # listed, but the detail says it is gone
    books[Book.BET9JA].failing["1004"] = BookTimeout("bet9ja", "read timeout")  # unknown
    stats = await cycle(p, 2)
    vanished = {
        (cs.event_id, cs.book)
        for b in storage.batches
        if b.run_id == 2
        for cs in b.change_sets
        if cs.changes and all(c.kind is ChangeKind.VANISHED for c in cs.changes)
    }
    ids = storage.ids
    assert vanished == {(ids["1006"], Book.SPORTYBET), (ids["1005"], Book.BETPAWA)}
    assert stats.history_rows == 2 * 3
    assert stats.books[Book.SPORTYBET].gone == 1 and stats.books[Book.BETPAWA].gone == 1
    # a third cycle does not repeat the withdrawal
    third = await cycle(p, 3)
    assert third.history_rows == 0


async def test_a_match_that_kicks_off_leaves_the_cycle_and_memory() -> None:
    books, storage, memory, bus, clock = (
        world(),
        MemoryStorage(),
        KnownOdds(),
        ProgressBus(),
        Clock(),
    )
    p = parts(books, storage, memory, bus, clock)
    await cycle(p, 1)
    size = len(memory.state)
    clock.now = NOW + timedelta(hours=2, minutes=1)  # 1001 and 1002 have kicked off
    stats = await cycle(p, 2)
    assert stats.targets == 4 and stats.history_rows == 0  # no "unavailable" rows at kickoff
    assert "1001" not in books[Book.BETPAWA].fetched[-4:]
    assert len(memory.state) == size - 2 * 3 * 3
    assert set(memory.kickoffs) == {storage.ids[str(sr)] for sr in range(1003, 1007)}


async def test_a_single_event_refresh_fetches_only_that_match_on_every_book() -> None:
    books, storage, memory, bus, clock = (
        world(),
        MemoryStorage(),
        KnownOdds(),
        ProgressBus(),
        Clock(),
    )
    stats = await cycle(parts(books, storage, memory, bus, clock), 1, sr_id="1003")
    assert stats.targets == 1 and stats.events_ok == 1
    assert all(book.fetched == ["1003"] for book in books.values())
    assert storage.history_rows() == 3 * 3
    missing = await cycle(parts(books, storage, memory, bus, clock), 2, sr_id="999")
    assert missing.targets == 0 and missing.errors[0]["kind"] == "not_listed"
