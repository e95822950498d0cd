"""Keep CPython's cyclic garbage collector off the long-lived state.

The known odds, the read model and the caches are hundreds of MB of objects that live for
hours. Left alone, every full collection walks all of them: measured, full collections cost
16 ms of CPU per event in a cycle of 300 events and grew with the heap. Those objects hold no
reference cycles (they are freed by reference counting), so after warm-up and after each cycle
the survivors are moved out of the collector's sight (`gc.freeze`); it then looks only at what the
current cycle made. During a cycle (`busy`) young collections wait for 100,000 allocations
instead of 700, which also makes full ones rarer: with CPython's thresholds a 300-event cycle
spent 9.7 s collecting, with these 2.6 s. Between cycles the thresholds are CPython's again, so
an idle server still frees promptly what a closed event stream leaves in cycles. Now and then
everything is unfrozen and collected once, so a cycle among frozen objects cannot keep memory
forever.

Decoding and parsing one answer builds tens of thousands of containers that die together
moments later and hold no cycles; with the collector paused for that span
(`collector_paused`) they are never traversed at all.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager

from oddsdesk.logging import get_logger

log = get_logger(__name__)


BUSY_YOUNG_THRESHOLD = 100_000
"""Allocations between two young collections during a cycle."""


class HeapKeeper:
    """Settles the heap between cycles: young objects collected, survivors frozen; every
    `full_every`-th time everything is unfrozen and collected first."""

    def __init__(self, *, full_every: int = 12) -> None:
        self.full_every = full_every
        self._settled = 0

    def settle(self) -> float:
        """Collect, then freeze what survived; returns the seconds it took."""
        started = time.perf_counter()
        full = self._settled % self.full_every == 0
        if full:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._settled += 1
        seconds = time.perf_counter() - started
        log.debug("heap settled", full=full, seconds=round(seconds, 3))
        return seconds

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Young collections far apart for an allocation-heavy stretch (a scrape cycle)."""
        previous = gc.get_threshold()
        gc.set_threshold(BUSY_YOUNG_THRESHOLD, *previous[1:])
        try:
            yield
        finally:
            gc.set_threshold(*previous)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside (reference counting still frees everything acyclic)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
