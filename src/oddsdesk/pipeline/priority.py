"""Which matches a cycle fetches, and in what order.

Matches about to kick off go first (their prices move most and are about to disappear), then by
kickoff, then those offered by more books (more comparisons per request), BetPawa's first.
Matches that have kicked off leave the prematch cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from oddsdesk.domain import REFERENCE_BOOK, Book, EventRef

URGENT = timedelta(minutes=30)
SOON = timedelta(hours=2)


class Prioritised(Protocol):
    @property
    def refs(self) -> Mapping[Book, EventRef]: ...


T = TypeVar("T", bound=Prioritised)


def kickoff(target: Prioritised) -> datetime:
    """The earliest kickoff any book states (books disagree by minutes at most)."""
    return min(ref.kickoff for ref in target.refs.values())


def has_started(target: Prioritised, now: datetime) -> bool:
    return kickoff(target) <= now or any(ref.live for ref in target.refs.values())


def urgency(start: datetime, now: datetime) -> int:
    """0 inside 30 minutes of kickoff, 1 inside two hours, 2 beyond."""
    to_go = start - now
    return 0 if to_go < URGENT else 1 if to_go < SOON else 2


def prioritise(targets: Iterable[T], now: datetime) -> list[T]:
    """The prematch targets in fetch order; started ones are left out."""

    def key(target: T) -> tuple[int, datetime, int, bool]:
        start = kickoff(target)
        return (
            urgency(start, now),
            start,
            -len(target.refs),
            REFERENCE_BOOK not in target.refs,
        )

    return sorted((t for t in targets if not has_started(t, now)), key=key)
