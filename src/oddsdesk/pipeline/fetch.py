"""Fetch every target from all its books at once, with a bounded window of events in flight.

The window, not batches: a new event starts the moment one finishes, so each book's request
limit (enforced in the HTTP layer) always has work queued. pawaRisk ran batches of 50 events one
after another, and every batch waited for its slowest request (2.6 events/s).

Each answer is mapped the moment it is read, when given a `map_event`: an event's fast books
answer seconds before its slowest one (Bet9ja's spacing queues it behind the window), and the
book event, mapped then, is still in the processor's caches; mapped seconds later it is not.
The book event is then let go at once (freed while it is still in cache, too), so the window
holds mapped quotes only.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from oddsdesk.domain import Book, BookEvent, EventRef, MappedEvent
from oddsdesk.errors import BookError

MapEvent = Callable[[BookEvent], MappedEvent]


class EventSource(Protocol):
    """What the fetch stage needs of a book adapter."""

    book: Book

    async def fetch_event(self, ref: EventRef) -> BookEvent: ...


class FetchTarget(Protocol):
    """What the fetch stage needs of a match target: the book refs to fetch."""

    @property
    def refs(self) -> Mapping[Book, EventRef]: ...


T = TypeVar("T", bound=FetchTarget)


@dataclass(frozen=True, slots=True)
class BookFetch:
    """One book's answer for one event: the parsed event (or, mapped on arrival, its mapping or
    the mapping's error), or the fetch error with its kind."""

    book: Book
    ref: EventRef
    event: BookEvent | None
    error: Exception | None
    seconds: float
    finished_at: float = 0.0
    """Event-loop time when the answer was in hand (parsed), for the admission's delay."""
    mapped: MappedEvent | None = None
    """The event mapped on arrival (when the fetch was given a `map_event`)."""
    mapping_error: Exception | None = None
    """Why mapping it on arrival failed: a mapping bug costs this book of this event only."""

    @property
    def error_kind(self) -> str | None:
        if self.error is None:
            return None
        if isinstance(self.error, BookError):
            return self.error.kind
        return "internal"

    @property
    def outcome(self) -> str:
        return "ok" if self.error is None else str(self.error_kind)


def window_size(concurrency: Iterable[int]) -> int:
    """Events in flight: enough to keep the largest per-book limit full even while events wait
    on a slower book (each waiting event holds a slot), but bounded so memory stays small."""
    largest = max(concurrency, default=1)
    return max(4, min(2 * largest, 1000))


class Admission:
    """How many events may be in flight: up to `ceiling`, fewer while this process is the
    bottleneck.

    The signal is the event loop's own delay: how long a finished event waits before the cycle
    takes it. When parsing and mapping saturate the loop, responses sit unread, so more
    requests in flight only add waiting — and, past the read timeout, false timeouts. The limit
    then shrinks by a third (never below `floor`) and grows back by one while the loop is idle.
    """

    def __init__(
        self, ceiling: int, *, floor: int = 8, busy_s: float = 0.5, idle_s: float = 0.05
    ) -> None:
        self.ceiling = ceiling
        self.floor = min(floor, ceiling)
        self.limit = ceiling
        self.lowest = ceiling
        self._busy_s = busy_s
        self._idle_s = idle_s

    def observe(self, delay_s: float) -> None:
        if delay_s > self._busy_s:
            self.limit = max(self.floor, int(self.limit * 2 / 3))
            self.lowest = min(self.lowest, self.limit)
        elif delay_s < self._idle_s and self.limit < self.ceiling:
            self.limit += 1


async def _fetch_one(
    source: EventSource, ref: EventRef, map_event: MapEvent | None = None
) -> BookFetch:
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    try:
        event = await source.fetch_event(ref)
    except Exception as exc:  # one bad event or book never stops the cycle
        return BookFetch(ref.book, ref, None, exc, time.perf_counter() - started, loop.time())
    seconds, finished_at = time.perf_counter() - started, loop.time()
    if map_event is None:
        return BookFetch(ref.book, ref, event, None, seconds, finished_at)
    mapped, failed = map_answer(map_event, event)
    return BookFetch(ref.book, ref, None, None, seconds, finished_at, mapped, failed)


def map_answer(
    map_event: MapEvent, event: BookEvent
) -> tuple[MappedEvent, None] | tuple[None, Exception]:
    """The event mapped, or why not: a mapping bug costs this book of this event, no more (it
    is recorded as the book's "mapping" outcome)."""
    try:
        return map_event(event), None
    except Exception as exc:
        return None, exc


async def fetch_target(
    target: FetchTarget, sources: Mapping[Book, EventSource], map_event: MapEvent | None = None
) -> dict[Book, BookFetch]:
    """All books of one target at once; books without an adapter are skipped."""
    refs = [ref for book, ref in target.refs.items() if book in sources]
    results = await asyncio.gather(*(_fetch_one(sources[ref.book], ref, map_event) for ref in refs))
    return {result.book: result for result in results}


async def fetch_all(
    targets: Iterable[T],
    sources: Mapping[Book, EventSource],
    *,
    admission: Admission,
    map_event: MapEvent | None = None,
) -> AsyncIterator[tuple[T, dict[Book, BookFetch]]]:
    """Yield each target with its per-book results as it completes, in completion order.

    Targets are started in the order given (priority order); at most `admission.limit` are in
    flight. Closing the generator early cancels whatever is still in flight.
    """
    loop = asyncio.get_running_loop()
    pending: dict[asyncio.Task[dict[Book, BookFetch]], T] = {}
    finished: asyncio.Queue[asyncio.Task[dict[Book, BookFetch]]] = asyncio.Queue()

    queue = iter(targets)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < admission.limit:
                target = next(queue, None)
                if target is None:
                    exhausted = True
                    break
                task = asyncio.ensure_future(fetch_target(target, sources, map_event))
                task.add_done_callback(finished.put_nowait)  # O(1) per event, unlike wait()
                pending[task] = target
            if not pending:
                return
            task = await finished.get()
            results = task.result()
            done_at = max((r.finished_at for r in results.values()), default=loop.time())
            admission.observe(loop.time() - done_at)
            yield pending.pop(task), results
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
