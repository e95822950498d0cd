"""One scrape cycle: discover → merge → prioritise → fetch → map → diff → write → publish.

The stages are small functions in their own modules; this one wires them in order, counts what
happens, and makes sure a failing book, event or batch is recorded and passed over. Writes go to
the storage writer in batches while fetching goes on; the state is updated as each batch is
handed over, so the next diff compares against what will be stored.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from oddsdesk.domain import Book, EventRef
from oddsdesk.logging import get_logger
from oddsdesk.pipeline.changes import ChangeSet
from oddsdesk.pipeline.discover import Discovery, discover_all, error_kind
from oddsdesk.pipeline.fetch import Admission, BookFetch, MapEvent, fetch_all
from oddsdesk.pipeline.memory import KnownOdds
from oddsdesk.pipeline.priority import kickoff, prioritise
from oddsdesk.pipeline.process import BookStatus, Processed, process_event, withdrawn
from oddsdesk.pipeline.progress import (
    CycleError,
    DiscoveryDone,
    EventDone,
    EventsQueued,
    ProgressBus,
    RunStarted,
)
from oddsdesk.pipeline.runner import Request
from oddsdesk.pipeline.stats import RunStats

log = get_logger(__name__)

FLUSH_EVENTS = 100
FLUSH_SECONDS = 1.0


class Target(Protocol):
    """One match to fetch: its refs per book and how the books were matched."""

    @property
    def refs(self) -> Mapping[Book, EventRef]: ...

    @property
    def sr_id(self) -> str | None: ...

    @property
    def method(self) -> str: ...


class Adapter(Protocol):
    book: Book

    async def discover(self) -> list[EventRef]: ...

    async def fetch_event(self, ref: EventRef) -> object: ...


@dataclass(slots=True)
class Outgoing:
    """One write batch: every change set and per-book status of the events in it."""

    run_id: int
    at: datetime
    targets: list[tuple[int, Any]] = field(default_factory=list)
    change_sets: list[ChangeSet] = field(default_factory=list)
    statuses: list[BookStatus] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def events(self) -> int:
        return len(self.targets)

    @property
    def changed_event_ids(self) -> list[int]:
        return sorted({cs.event_id for cs in self.change_sets if cs.changes})


class CycleStorage(Protocol):
    """The store as a cycle needs it."""

    async def save_events(
        self, targets: Sequence[Any], *, run_id: int, at: datetime, complete: bool
    ) -> list[int]: ...

    async def write(self, batch: Outgoing) -> None: ...


class Matched(Protocol):
    @property
    def targets(self) -> Sequence[Target]: ...

    @property
    def unmatched(self) -> Mapping[str, int]: ...


Match = Callable[[Mapping[Book, Sequence[EventRef]]], Matched]
Clock = Callable[[], datetime]


@dataclass(slots=True)
class CycleParts:
    """What one cycle runs with; the runtime builds it from the current settings."""

    adapters: Mapping[Book, Adapter]
    storage: CycleStorage
    memory: KnownOdds
    progress: ProgressBus
    match: Match
    map_event: MapEvent
    clock: Clock
    window: int


async def run_cycle(parts: CycleParts, request: Request, stats: RunStats) -> None:
    run_id = request.run_id
    bus = parts.progress
    adapters = {book: a for book, a in parts.adapters.items() if book in request.books}
    bus.publish(
        RunStarted(run_id=run_id, trigger=request.trigger, books=[b.value for b in adapters])
    )

    batch = Outgoing(run_id, parts.clock())
    discovery = await _discover(parts, adapters, run_id, stats, batch)
    started = time.perf_counter()
    matched = parts.match(discovery.refs)
    targets = list(matched.targets)
    stats.unmatched = dict(matched.unmatched)
    stats.phases["merge"] = time.perf_counter() - started

    now = parts.clock()
    if request.sr_id is not None:
        targets = [t for t in targets if t.sr_id == request.sr_id]
        if not targets:
            batch.errors.append(
                stats.error(
                    "not_listed", f"no book lists SportRadar id {request.sr_id} as upcoming"
                )
            )
    queue = prioritise(targets, now)
    stats.targets = len(queue)
    stats.by_method = dict(Counter(t.method for t in queue))

    started = time.perf_counter()
    event_ids = await parts.storage.save_events(
        queue, run_id=run_id, at=now, complete=request.sr_id is None
    )
    stats.phases["save_events"] = time.perf_counter() - started
    for target, event_id in zip(queue, event_ids, strict=True):
        parts.memory.note_kickoff(event_id, kickoff(target))
    ids = {id(target): event_id for target, event_id in zip(queue, event_ids, strict=True)}
    bus.publish(
        EventsQueued(
            run_id=run_id,
            total=len(queue),
            by_book=dict(Counter(b.value for t in queue for b in t.refs if b in adapters)),
            by_method=stats.by_method,
        )
    )

    if request.sr_id is None:
        batch.change_sets.extend(_withdrawn(parts, discovery, queue, ids, now, stats))

    started = time.perf_counter()
    last_flush = time.perf_counter()
    done = 0
    admission = Admission(parts.window)
    async for target, results in fetch_all(
        queue, adapters, admission=admission, map_event=parts.map_event
    ):
        done += 1
        event_id = ids[id(target)]
        processed = process_event(
            event_id,
            results,
            state=parts.memory.state,
            now=parts.clock(),
            map_event=parts.map_event,
        )
        _count(stats, target, results, processed)
        _publish_event(bus, run_id, done, len(queue), target, event_id, processed, adapters)
        batch.change_sets.extend(processed.change_sets)
        batch.statuses.extend(processed.statuses)
        batch.targets.append((event_id, target))
        if batch.events >= FLUSH_EVENTS or time.perf_counter() - last_flush >= FLUSH_SECONDS:
            await _flush(parts, batch, stats)
            batch = Outgoing(run_id, parts.clock())
            last_flush = time.perf_counter()
    await _flush(parts, batch, stats)
    stats.phases["fetch_and_process"] = time.perf_counter() - started
    stats.window = {"ceiling": admission.ceiling, "lowest": admission.lowest}

    if request.sr_id is None:
        gone = parts.memory.forget(parts.memory.started(parts.clock()))
        log.info("events that kicked off left the cycle", quotes_dropped=gone)


async def _discover(
    parts: CycleParts,
    adapters: Mapping[Book, Adapter],
    run_id: int,
    stats: RunStats,
    batch: Outgoing,
) -> Discovery:
    def heard(book: Book, discovery: Discovery) -> None:
        book_stats = stats.books[book]
        book_stats.discovery_seconds = discovery.seconds[book]
        error = discovery.errors.get(book)
        if error is None:
            book_stats.discovered = len(discovery.refs[book])
            for failure in discovery.partial.get(book, []):
                kind = error_kind(failure)
                book_stats.errors[f"listing_{kind}"] += 1
                batch.errors.append(stats.error(kind, f"listing failed: {failure}", book=book))
                parts.progress.publish(
                    CycleError(
                        run_id=run_id, kind=kind, message=f"listing: {failure}", book=book.value
                    )
                )
            parts.progress.publish(
                DiscoveryDone(
                    run_id=run_id,
                    book=book.value,
                    count=book_stats.discovered,
                    seconds=round(discovery.seconds[book], 3),
                )
            )
            return
        kind = error_kind(error)
        book_stats.discovery_error = f"{kind}: {error}"
        batch.errors.append(stats.error(kind, f"discovery failed: {error}", book=book))
        parts.progress.publish(
            DiscoveryDone(
                run_id=run_id,
                book=book.value,
                count=None,
                seconds=round(discovery.seconds[book], 3),
                error_kind=kind,
                error=str(error),
            )
        )
        parts.progress.publish(
            CycleError(run_id=run_id, kind=kind, message=f"discovery: {error}", book=book.value)
        )

    started = time.perf_counter()
    discovery = await discover_all(adapters, on_done=heard)
    stats.phases["discover"] = time.perf_counter() - started
    return discovery


def _withdrawn(
    parts: CycleParts,
    discovery: Discovery,
    queue: Sequence[Target],
    ids: Mapping[int, int],
    now: datetime,
    stats: RunStats,
) -> list[ChangeSet]:
    """Markets of events a book no longer lists (before kickoff) become unavailable.

    Only books whose discovery succeeded can say an event has gone; an event that has kicked
    off is not withdrawn, it leaves the cycle with its closing prices.
    """
    memory = parts.memory
    change_sets = []
    for book in discovery.listed_books:
        listed = {ids[id(t)] for t in queue if book in t.refs}
        for event_id in memory.offered_on(book) - listed:
            start = memory.kickoffs.get(event_id)
            if start is None or start <= now:
                continue
            change_set = withdrawn(memory.state, event_id, book, now)
            if change_set.changes:
                change_sets.append(change_set)
                stats.books[book].gone += 1
    return change_sets


def _count(
    stats: RunStats, target: Target, results: Mapping[Book, BookFetch], processed: Processed
) -> None:
    for status in processed.statuses:
        book_stats = stats.books[status.book]
        book_stats.requested += 1
        book_stats.fetch_seconds += status.seconds
        if status.outcome == "ok":
            book_stats.ok += 1
            book_stats.quotes += status.quotes
            book_stats.unmapped += status.unmapped
        else:
            book_stats.errors[status.outcome] += 1
            if status.outcome == "not_found":
                book_stats.gone += 1
            ref = results[status.book].ref
            stats.error(
                status.outcome,
                status.error or status.outcome,
                book=status.book,
                sr_id=target.sr_id,
                event_id=status.event_id,
                book_event_id=ref.book_event_id,
            )
        book_stats.changed += status.changed
    ok = processed.ok_books
    if ok == len(processed.statuses) and ok:
        stats.events_ok += 1
    elif ok:
        stats.events_partial += 1
    else:
        stats.events_failed += 1


def _publish_event(
    bus: ProgressBus,
    run_id: int,
    index: int,
    total: int,
    target: Target,
    event_id: int,
    processed: Processed,
    books: Mapping[Book, object],
) -> None:
    refs = target.refs
    first = refs.get(Book.BETPAWA) or next(iter(refs.values()))
    outcomes = {book.value: "absent" for book in books if book not in refs}
    outcomes.update(processed.outcomes)
    bus.publish(
        EventDone(
            run_id=run_id,
            index=index,
            total=total,
            event_id=event_id,
            sr_id=target.sr_id,
            name=f"{first.home} - {first.away}",
            books=outcomes,
            changed=processed.changed,
        )
    )
    for status in processed.statuses:
        if status.outcome not in {"ok", "not_found"}:
            bus.publish(
                CycleError(
                    run_id=run_id,
                    kind=status.outcome,
                    message=status.error or status.outcome,
                    book=status.book.value,
                    event_id=event_id,
                    sr_id=target.sr_id,
                )
            )


async def _flush(parts: CycleParts, batch: Outgoing, stats: RunStats) -> None:
    if not (batch.change_sets or batch.statuses or batch.errors):
        return
    await parts.storage.write(batch)
    parts.memory.apply(batch.change_sets)
    stats.batches += 1
    stats.history_rows += sum(len(cs.changes) for cs in batch.change_sets)
