"""Match targets as the cycle uses them: matching's result, with one ref per book at hand.

The canonical event key follows the store: `sr:<SportRadar id>` when any book gives one, else
`fb:<matching key>` (a Genius id or the founding book's own event id), so the same match keeps
its event from cycle to cycle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from oddsdesk.domain import REFERENCE_BOOK, Book, EventRef
from oddsdesk.matching import MatchMethod, MatchResult, MatchTarget, match_events
from oddsdesk.store.batch import EventRecord, LinkRecord, event_key
from oddsdesk.store.batch import MatchMethod as StoredMethod

_STORED = {
    MatchMethod.SR_ID: StoredMethod.SR_ID,
    MatchMethod.GENIUS_ID: StoredMethod.GENIUS_ID,
    MatchMethod.FALLBACK: StoredMethod.FALLBACK,
    # A target founded by one book's event with no shared id: the link is that book's own
    # listing; stored as a fallback link (the only other kind without an id) at its confidence.
    MatchMethod.BOOK_ID: StoredMethod.FALLBACK,
}
_WEAKEST = (MatchMethod.FALLBACK, MatchMethod.BOOK_ID, MatchMethod.GENIUS_ID, MatchMethod.SR_ID)


@dataclass(frozen=True, slots=True, eq=False)
class Target:
    match: MatchTarget
    refs: Mapping[Book, EventRef]

    @classmethod
    def of(cls, match: MatchTarget) -> Target:
        return cls(match, {link.ref.book: link.ref for link in match.links})

    @property
    def sr_id(self) -> str | None:
        return self.match.sr_id

    @property
    def key(self) -> str:
        return event_key(sr_id=self.match.sr_id, fallback=self.match.key)

    @property
    def method(self) -> str:
        """How the least certain link was made: the target is as sure as that link."""
        methods = {link.method for link in self.match.links}
        return next(m.value for m in _WEAKEST if m in methods)

    @property
    def primary(self) -> EventRef:
        return self.refs.get(REFERENCE_BOOK) or self.match.primary

    def event_record(self) -> EventRecord:
        if self.sr_id:
            return EventRecord.of(_with_sr(self.primary, self.sr_id))
        return EventRecord.of(self.primary, fallback=self.match.key)

    def link_records(self, event_id: int, seen_at: datetime) -> list[LinkRecord]:
        return [
            LinkRecord.of(
                event_id,
                link.ref,
                seen_at=seen_at,
                method=_STORED[link.method],
                confidence=link.confidence,
            )
            for link in self.match.links
        ]


def _with_sr(ref: EventRef, sr_id: str) -> EventRef:
    """The primary ref carrying the target's SportRadar id (another book may have given it)."""
    if ref.sr_id == sr_id:
        return ref
    return EventRef(
        ref.book,
        ref.book_event_id,
        sr_id,
        ref.home,
        ref.away,
        ref.kickoff,
        ref.tournament,
        ref.country,
        ref.tournament_id,
        ref.genius_id,
        ref.live,
    )


@dataclass(frozen=True, slots=True)
class Matched:
    """The targets of a cycle, and how many events matching left alone, by reason."""

    targets: list[Target]
    unmatched: dict[str, int]


def match(refs: Mapping[Book, Sequence[EventRef]]) -> Matched:
    """Merge every book's listing into targets (SportRadar id, Genius id, scored fallback)."""
    result: MatchResult = match_events(refs)
    return Matched(
        [Target.of(target) for target in result.targets],
        dict(Counter(item.reason.value for item in result.unmatched)),
    )
