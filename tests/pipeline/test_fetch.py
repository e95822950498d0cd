from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from oddsdesk.domain import Book, BookEvent, EventRef, MappedEvent
from oddsdesk.errors import BookTimeout
from oddsdesk.pipeline.changes import CurrentState
from oddsdesk.pipeline.fetch import Admission, fetch_all, window_size
from oddsdesk.pipeline.process import process_event

KICKOFF = datetime(2030, 1, 1, 12, tzinfo=UTC)


def ref(book: Book, n: int) -> EventRef:
    return EventRef(book, f"{book.value}-{n}", str(n), "Home", "Away", KICKOFF, "League")


@dataclass
class Target:
    refs: dict[Book, EventRef]


@dataclass
class SlowBook:
    """A fake adapter with a request limit, counting how many requests overlap."""

    book: Book
    delay: float
    limit: int
    fail: set[str] = field(default_factory=set)
    in_flight: int = 0
    peak: int = 0

    def __post_init__(self) -> None:
        self._gate = asyncio.Semaphore(self.limit)

    async def fetch_event(self, ref: EventRef) -> BookEvent:
        async with self._gate:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                await asyncio.sleep(self.delay)
            finally:
                self.in_flight -= 1
        if ref.book_event_id in self.fail:
            raise BookTimeout(self.book.value, "read timeout")
        if ref.book_event_id.endswith("-13"):
            raise KeyError("a parser bug")
        return BookEvent(ref, ())


async def test_every_book_limit_is_kept_full_and_failures_are_results() -> None:
    fast = SlowBook(Book.BETPAWA, 0.005, limit=8)
    slow = SlowBook(Book.BET9JA, 0.02, limit=2, fail={"bet9ja-3"})
    targets = [
        Target({Book.BETPAWA: ref(Book.BETPAWA, n), Book.BET9JA: ref(Book.BET9JA, n)})
        for n in range(40)
    ]
    targets += [Target({Book.BETPAWA: ref(Book.BETPAWA, n)}) for n in range(40, 80)]
    seen = {}
    async for target, results in fetch_all(
        targets, {b.book: b for b in (fast, slow)}, admission=Admission(16)
    ):
        seen[next(iter(target.refs.values())).sr_id] = results
    assert len(seen) == 80
    assert fast.peak == 8 and slow.peak == 2
    failed = seen["3"][Book.BET9JA]
    assert failed.event is None and failed.outcome == "timeout"
    assert seen["3"][Book.BETPAWA].outcome == "ok"
    assert seen["13"][Book.BETPAWA].outcome == "internal"
    assert Book.BET9JA not in seen["50"]


async def test_the_window_bounds_events_in_flight() -> None:
    book = SlowBook(Book.SPORTYBET, 0.002, limit=100)
    targets = [Target({Book.SPORTYBET: ref(Book.SPORTYBET, n)}) for n in range(30)]
    async for _ in fetch_all(targets, {Book.SPORTYBET: book}, admission=Admission(5)):
        pass
    assert book.peak == 5


async def test_books_without_an_adapter_are_skipped() -> None:
    book = SlowBook(Book.BETPAWA, 0, limit=1)
    target = Target({Book.BETPAWA: ref(Book.BETPAWA, 1), Book.BET9JA: ref(Book.BET9JA, 1)})
    results = [
        r async for _, r in fetch_all([target], {Book.BETPAWA: book}, admission=Admission(4))
    ]
    assert list(results[0]) == [Book.BETPAWA]


async def test_closing_early_cancels_what_is_in_flight() -> None:
    book = SlowBook(Book.BETPAWA, 10, limit=10)
    targets = [Target({Book.BETPAWA: ref(Book.BETPAWA, n)}) for n in range(5)]
    gen = fetch_all(targets, {Book.BETPAWA: book}, admission=Admission(5))
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(gen.__anext__(), 0.05)
    await gen.aclose()
    await asyncio.sleep(0)
    assert book.in_flight == 0


def test_window_is_sized_from_the_largest_limit() -> None:
    assert window_size([50, 50, 15]) == 100
    assert window_size([1]) == 4


def burn(seconds: float) -> None:
    """Keep the CPU (and the event loop) busy, as parsing a large payload does."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


class CpuBound(SlowBook):
    """A book whose answers take the process's CPU: each blocks the loop for a while."""

    async def fetch_event(self, ref: EventRef) -> BookEvent:
        event = await super().fetch_event(ref)
        burn(0.01)
        return event


async def test_the_window_shrinks_while_the_process_is_the_bottleneck_and_grows_back() -> None:
    book = CpuBound(Book.BETPAWA, 0.001, limit=200)
    targets = [Target({Book.BETPAWA: ref(Book.BETPAWA, n)}) for n in range(300)]
    admission = Admission(100, busy_s=0.05, idle_s=0.01)
    async for _ in fetch_all(targets, {Book.BETPAWA: book}, admission=admission):
        pass
    assert admission.lowest < 40  # 100 answers at 10 ms of CPU each would wait a second

    idle = SlowBook(Book.BETPAWA, 0.001, limit=200)
    admission.limit = admission.floor
    quick = [Target({Book.BETPAWA: ref(Book.BETPAWA, n)}) for n in range(200)]
    async for _ in fetch_all(quick, {Book.BETPAWA: idle}, admission=admission):
        pass
    assert admission.limit > admission.floor + 20


async def test_answers_are_mapped_on_arrival_and_a_mapping_bug_costs_only_that_answer() -> None:
    """With a `map_event`, each answer read is mapped as it arrives (failed fetches are not)
    and the book event let go; a mapping that raises is kept as that answer's `mapping_error`, and processing records it
    as the book's "mapping" outcome while the other books of the event are stored."""
    slow = SlowBook(Book.BET9JA, 0.05, limit=1, fail={"bet9ja-3"})
    fast = SlowBook(Book.BETPAWA, 0, limit=4)
    mapped_at: dict[str, float] = {}

    def map_event(event: BookEvent) -> MappedEvent:
        mapped_at[event.ref.book_event_id] = time.perf_counter()
        if event.ref.book_event_id == "betpawa-2":
            raise ValueError("a mapping bug")
        return MappedEvent(event.ref, ())

    targets = [
        Target({Book.BETPAWA: ref(Book.BETPAWA, n), Book.BET9JA: ref(Book.BET9JA, n)})
        for n in range(5)
    ]
    seen = {}
    async for target, results in fetch_all(
        targets, {b.book: b for b in (slow, fast)}, admission=Admission(5), map_event=map_event
    ):
        seen[target.refs[Book.BETPAWA].sr_id] = (results, time.perf_counter())
    for sr_id, (results, done_at) in seen.items():
        fast_result = results[Book.BETPAWA]
        # the fast book was mapped while the slow one was still queued behind its limit of one
        assert mapped_at[fast_result.ref.book_event_id] < done_at - 0.025
        assert fast_result.event is None  # let go once mapped: the window holds quotes only
        if sr_id != "2":
            assert fast_result.mapped == MappedEvent(fast_result.ref, ())
    assert "bet9ja-3" not in mapped_at and seen["3"][0][Book.BET9JA].mapped is None

    processed = process_event(
        7, seen["2"][0], state=CurrentState(), now=datetime.now(UTC), map_event=map_event
    )
    outcomes = {status.book: (status.outcome, status.error) for status in processed.statuses}
    assert outcomes == {Book.BETPAWA: ("mapping", "a mapping bug"), Book.BET9JA: ("ok", None)}
    assert mapped_at["betpawa-2"] < seen["2"][1]  # not mapped a second time by processing
