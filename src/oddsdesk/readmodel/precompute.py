"""Compare every event's lines in the background, so a detail is rarely computed on request.

Comparing one market-line across books costs a few hundred microseconds; an event has a hundred
or more, so the first read of an event would take tens of milliseconds. This thread computes all
events once (soonest kickoff first: those are opened first) and then, after each apply, only the
events that changed — and within them only the lines whose quotes changed (the line cache keeps
the rest).

It must not slow the requests it is there to speed up: it hands the GIL over after every line it
compares, and it works at most `duty` of the time (it rests as long as it worked, by default),
so a request never waits behind a burst of comparisons.
"""

from __future__ import annotations

import threading
import time

from oddsdesk.logging import get_logger
from oddsdesk.readmodel.events import line_entries
from oddsdesk.readmodel.view import OddsView

log = get_logger(__name__)


class Precomputer:
    def __init__(self, view: OddsView, *, duty: float = 0.5) -> None:
        if not 0 < duty <= 1:
            raise ValueError("duty must be in (0, 1]")
        self.view = view
        self.duty = duty
        self._pending: set[int] = set()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._idle = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._remove = None
        self.computed_events = 0

    def start(self) -> Precomputer:
        self._remove = self.view.add_listener(self._changed)
        self._changed(frozenset(self.view.snapshot.events))
        self._thread = threading.Thread(target=self._run, name="oddsdesk-precompute", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._remove is not None:
            self._remove()
        with self._lock:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until every pending event is computed (for tests and benchmarks)."""
        return self._idle.wait(timeout)

    def _changed(self, ids: frozenset[int]) -> None:
        with self._lock:
            self._pending |= ids
            self._idle.clear()
            self._wake.notify_all()

    def _take(self) -> list[int] | None:
        """Every pending event, soonest kickoff first (None when stopping)."""
        with self._lock:
            while True:
                if self._stopping:
                    return None
                events = self.view.snapshot.events
                pending = [eid for eid in self._pending if eid in events]
                self._pending.clear()
                if pending:
                    return sorted(pending, key=lambda eid: (events[eid].info.kickoff, eid))
                self._idle.set()
                self._wake.wait()

    def _run(self) -> None:
        while (batch := self._take()) is not None:
            for event_id in batch:
                if self._stopping:
                    return
                state = self.view.snapshot.events.get(event_id)
                if state is None:
                    continue
                started = time.perf_counter()
                try:
                    line_entries(self.view, state, pause=_yield)
                    self.computed_events += 1
                except Exception:  # a comparison bug must not stop the others being computed
                    log.exception("precomputing an event failed", event_id=event_id)
                worked = time.perf_counter() - started
                time.sleep(worked * (1 - self.duty) / self.duty)


def _yield() -> None:
    """Release the GIL so a waiting request thread takes it now, not at the next switch."""
    time.sleep(0)
