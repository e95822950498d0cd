"""The store as the cycle sees it: event ids now, everything else in write batches.

New events get their ids synchronously (`BatchWriter.ensure_events`, in a worker thread) so their
quotes can be diffed at once; events seen before keep theirs. Each flushed `Outgoing` becomes one
`WriteBatch`: the events and links of the matches in it (last seen, kickoff moves, match method),
their change sets, one status per event and one error row per failure. The writer takes it
without waiting; then the read model and the progress stream hear of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from oddsdesk.domain import Book
from oddsdesk.pipeline.cycle import Outgoing
from oddsdesk.pipeline.process import BookStatus
from oddsdesk.pipeline.progress import OddsChanged, ProgressBus
from oddsdesk.pipeline.targets import Target
from oddsdesk.store.batch import (
    ErrorRecord,
    EventRecord,
    EventScrape,
    WriteBatch,
)


class Writer(Protocol):
    def submit(self, batch: WriteBatch) -> None: ...

    def ensure_events(self, records: Sequence[EventRecord]) -> dict[str, int]: ...


Published = Callable[[WriteBatch, Sequence[tuple[int, Target]]], None]


class StoreSink:
    """Implements the cycle's `CycleStorage` over the store's BatchWriter."""

    def __init__(
        self,
        writer: Writer,
        *,
        progress: ProgressBus,
        known_ids: Mapping[str, int] | None = None,
        on_batch: Published | None = None,
    ) -> None:
        self._writer = writer
        self._progress = progress
        self._known: dict[str, int] = dict(known_ids or {})
        self._on_batch = on_batch

    async def save_events(
        self, targets: Sequence[Target], *, run_id: int, at: datetime, complete: bool
    ) -> list[int]:
        """Ids for every target: known ones from memory, new ones created now.

        After a complete listing, memory keeps only its targets, so it never outgrows one.
        """
        missing = [t.event_record() for t in targets if t.key not in self._known]
        created = await asyncio.to_thread(self._writer.ensure_events, missing) if missing else {}
        ids = {t.key: self._known.get(t.key) or created[t.key] for t in targets}
        self._known = ids if complete else self._known | ids
        return [ids[t.key] for t in targets]

    async def write(self, batch: Outgoing) -> None:
        written = to_write_batch(batch)
        self._writer.submit(written)
        changed = batch.changed_event_ids
        if self._on_batch is not None:
            self._on_batch(written, batch.targets)
        if changed:
            self._progress.publish(OddsChanged(run_id=batch.run_id, event_ids=changed))


def to_write_batch(batch: Outgoing) -> WriteBatch:
    events = [target.event_record() for _, target in batch.targets]
    links = [link for eid, target in batch.targets for link in target.link_records(eid, batch.at)]
    return WriteBatch(
        changes=tuple(batch.change_sets),
        events=tuple(events),
        links=tuple(links),
        statuses=tuple(event_statuses(batch.run_id, batch.statuses)),
        errors=tuple(error_records(batch)),
    )


def event_statuses(run_id: int, statuses: Sequence[BookStatus]) -> list[EventScrape]:
    """One status per event: ok (every book answered), partial, or failed; per book its outcome."""
    by_event: dict[int, list[BookStatus]] = {}
    for status in statuses:
        by_event.setdefault(status.event_id, []).append(status)
    rows = []
    for event_id, items in by_event.items():
        ok = sum(item.outcome == "ok" for item in items)
        overall = "ok" if ok == len(items) else "partial" if ok else "failed"
        first_error = next((f"{i.book.value}: {i.error}" for i in items if i.error), None)
        rows.append(
            EventScrape(
                run_id=run_id,
                event_id=event_id,
                status=overall,
                books={item.book.value: item.outcome for item in items},
                markets=sum(item.quotes for item in items),
                duration_ms=round(1000 * max(item.seconds for item in items)),
                error=first_error,
            )
        )
    return rows


def error_records(batch: Outgoing) -> list[ErrorRecord]:
    records = [
        ErrorRecord(
            occurred_at=batch.at,
            kind=status.outcome,
            message=status.error or status.outcome,
            run_id=batch.run_id,
            book=status.book,
            event_id=status.event_id,
        )
        for status in batch.statuses
        if status.outcome != "ok"
    ]
    records.extend(
        ErrorRecord(
            occurred_at=batch.at,
            kind=error["kind"],
            message=error["message"],
            run_id=batch.run_id,
            book=Book(error["book"]) if error.get("book") else None,
        )
        for error in batch.errors
    )
    return records
