"""The in-memory view of current odds: one writer (the pipeline, after each committed batch), many
readers (API requests, dashboard pages), no reader ever blocked.

Copy-on-write: `apply` builds a new immutable `Snapshot` (sharing every untouched event) and
publishes it with one attribute assignment, so a reader that took `view.snapshot` sees one
consistent state for as long as it holds it. Indexes a page needs (kickoff order, canonical
tournament per event, filter facts) are built at apply time, never per request; values derived
from an event's quotes (headline rows, the detail, alert counts) are computed on first read and
kept on the event's state until the next change replaces it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Protocol

from oddsdesk.analytics.compare import Thresholds
from oddsdesk.domain import REFERENCE_BOOK, Book
from oddsdesk.logging import get_logger
from oddsdesk.readmodel.lines import LineCache, headline_entries
from oddsdesk.readmodel.markets import MarketLookup, catalogue_lookup
from oddsdesk.readmodel.schemas import TournamentRef
from oddsdesk.readmodel.values import EventInfo, QuoteKey, QuoteLike, Seen

log = get_logger(__name__)

BookQuoteKey = tuple[Book, str, float | None]
Listener = Callable[[frozenset[int]], None]


def utcnow() -> datetime:
    return datetime.now(UTC)


def slug(text: str) -> str:
    """ASCII, lower case, words joined by '-': a stable, URL-safe name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "-"


class ChangeLike(Protocol):
    @property
    def market(self) -> str: ...
    @property
    def line(self) -> float | None: ...
    @property
    def state(self) -> QuoteLike: ...


class ChangeSetLike(Protocol):
    """What `apply_changes` reads of the pipeline's `ChangeSet`."""

    @property
    def event_id(self) -> int: ...
    @property
    def book(self) -> Book: ...
    @property
    def at(self) -> datetime: ...
    @property
    def changes(self) -> tuple[ChangeLike, ...]: ...


def tournament(name: str, country: str | None) -> TournamentRef:
    """A tournament as oddsdesk shows it: a name within a country, never a name alone."""
    key = f"{slug(country) if country else '_'}/{slug(name)}"
    return TournamentRef(key=key, name=name, country=country)


@dataclass(frozen=True, slots=True, eq=False)
class EventState:
    """One event in one snapshot: metadata, current quotes, when each book last answered."""

    info: EventInfo
    quotes: Mapping[BookQuoteKey, QuoteLike]
    seen: Mapping[Book, datetime]
    version: int
    books: frozenset[Book]
    on_reference: bool
    search_text: str
    derived: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def event_id(self) -> int:
        return self.info.event_id

    QUOTE_DERIVED = ("lines", "headline", "alerts", "categories")
    """Derived values that depend on the quotes and links only, not on when books answered:
    a state that differs from its predecessor by answers alone inherits them."""

    def cached(self, name: str, compute: Callable[[EventState], Any]) -> Any:
        """A value derived from this state, computed once (a race computes it twice, harmlessly)."""
        try:
            return self.derived[name]
        except KeyError:
            value = self.derived[name] = compute(self)
            return value


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a read needs, immutable. Take it once per request.

    `rows` are the events in kickoff order (ties by id) with `kickoffs` beside them for bisection;
    `tournament_of` gives every event its canonical tournament.
    """

    events: Mapping[int, EventState]
    rows: tuple[EventState, ...]
    kickoffs: tuple[datetime, ...]
    tournament_of: Mapping[int, TournamentRef]
    tournaments: Mapping[str, TournamentRef]
    version: int
    updated_at: datetime | None

    @classmethod
    def empty(cls) -> Snapshot:
        return cls(
            MappingProxyType({}), (), (), MappingProxyType({}), MappingProxyType({}), 0, None
        )

    def __len__(self) -> int:
        return len(self.events)


def _search_text(info: EventInfo) -> str:
    names = {info.home, info.away}
    for link in info.links:
        names.update((link.home, link.away))
    return " | ".join(sorted(name.casefold() for name in names))


def _state(
    info: EventInfo,
    quotes: Mapping[BookQuoteKey, QuoteLike],
    seen: Mapping[Book, datetime],
    version: int,
) -> EventState:
    books = frozenset(link.book for link in info.links)
    return EventState(
        info=info,
        quotes=quotes,
        seen=seen,
        version=version,
        books=books,
        on_reference=REFERENCE_BOOK in books,
        search_text=_search_text(info),
    )


def canonical_tournaments(infos: Iterable[EventInfo]) -> dict[int, TournamentRef]:
    """Each event's tournament as BetPawa names it, so one tournament is one row everywhere.

    Events on BetPawa take its tournament. A competitor-only event takes the BetPawa tournament
    that its competitor tournament is most often paired with on matched events (the statistical
    mode), and keeps its own (country, name) when that tournament was never matched.
    """
    infos = list(infos)
    pairs: dict[tuple[Book, str | None, str], Counter[TournamentRef]] = {}
    result: dict[int, TournamentRef] = {}
    for info in infos:
        reference = info.link(REFERENCE_BOOK)
        if reference is None:
            continue
        canonical = tournament(reference.tournament, reference.country or info.country)
        result[info.event_id] = canonical
        for link in info.links:
            if link.book is not REFERENCE_BOOK:
                key = (link.book, link.country, link.tournament)
                pairs.setdefault(key, Counter())[canonical] += 1
    for info in infos:
        if info.event_id in result:
            continue
        chosen: TournamentRef | None = None
        for link in sorted(info.links, key=lambda link: list(Book).index(link.book)):
            counts = pairs.get((link.book, link.country, link.tournament))
            if counts:
                chosen = max(counts.items(), key=lambda item: (item[1], item[0].key))[0]
                break
        if chosen is None:
            first = info.links[0] if info.links else None
            chosen = (
                tournament(first.tournament, first.country or info.country)
                if first
                else tournament(info.tournament, info.country)
            )
        result[info.event_id] = chosen
    return result


class OddsView:
    """Current odds of every upcoming event on every book, kept in step by the pipeline."""

    def __init__(
        self,
        *,
        markets: MarketLookup | None = None,
        thresholds: Thresholds | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        markets = markets or catalogue_lookup()
        self.markets = markets
        self.lines = LineCache(markets, thresholds)
        self.clock = clock
        self._lock = threading.Lock()
        self._snapshot = Snapshot.empty()
        self._listeners: list[Listener] = []
        self.orphan_quotes = 0

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def __len__(self) -> int:
        return len(self._snapshot)

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(changed_event_ids)` after every apply (on the applying thread); the
        returned function removes it. Listeners must not block."""
        with self._lock:
            self._listeners.append(listener)

        def remove() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove

    def apply(
        self,
        *,
        events: Iterable[EventInfo] = (),
        quotes: Iterable[tuple[QuoteKey, QuoteLike]] = (),
        seen: Iterable[Seen] = (),
        removed: Iterable[int] = (),
    ) -> frozenset[int]:
        """Fold one committed batch into the view; returns the ids of the events it changed.

        `quotes` are (key, state) pairs whose state replaces the current one; `seen` marks a
        book's answer for an event, which confirms every available quote of it. An event's
        `EventInfo` must arrive before (or with) its first quotes; a quote for an unknown event
        is counted in `orphan_quotes` and dropped.
        """
        with self._lock:
            old = self._snapshot
            states: dict[int, EventState] = dict(old.events)
            infos: dict[int, EventInfo] = {}
            new_quotes: dict[int, dict[BookQuoteKey, QuoteLike]] = {}
            new_seen: dict[int, dict[Book, datetime]] = {}
            structure = False

            for info in events:
                current = states.get(info.event_id)
                if current is None or current.info != info:
                    infos[info.event_id] = info
                    structure = structure or _structure_differs(current, info)
            for (event_id, book, market, line), state in quotes:
                if event_id not in states and event_id not in infos:
                    self.orphan_quotes += 1
                    continue
                new_quotes.setdefault(event_id, {})[(book, market, line)] = state
            for mark in seen:
                known = states.get(mark.event_id)
                if known is None and mark.event_id not in infos:
                    continue
                before = known.seen.get(mark.book) if known is not None else None
                if before is not None and mark.at <= before:
                    continue  # an answer older than the one the view has changes nothing
                marks = new_seen.setdefault(mark.event_id, {})
                if mark.book not in marks or mark.at > marks[mark.book]:
                    marks[mark.book] = mark.at

            changed = set(infos) | set(new_quotes) | set(new_seen)
            for event_id in changed:
                current = states.get(event_id)
                info = infos.get(event_id) or current.info  # type: ignore[union-attr]
                if current is not None and event_id not in new_quotes:
                    quotes_of = current.quotes
                else:
                    merged_quotes = dict(current.quotes) if current else {}
                    merged_quotes.update(new_quotes.get(event_id, {}))
                    quotes_of = MappingProxyType(merged_quotes)
                merged_seen = dict(current.seen) if current else {}
                for book, at in new_seen.get(event_id, {}).items():
                    if book not in merged_seen or at > merged_seen[book]:
                        merged_seen[book] = at
                version = current.version + 1 if current else 1
                state = _state(info, quotes_of, MappingProxyType(merged_seen), version)
                if current is not None and quotes_of is current.quotes and current.info is info:
                    for name in EventState.QUOTE_DERIVED:
                        if name in current.derived:
                            state.derived[name] = current.derived[name]
                states[event_id] = state
            for event_id in removed:
                if states.pop(event_id, None) is not None:
                    changed.add(event_id)
                    structure = True

            if not changed:
                return frozenset()
            self.lines.drop(eid for eid in changed if eid not in states)
            snapshot = self._build(old, states, structure)
            for event_id in changed:
                if event_id in states:
                    headline_entries(self.lines, states[event_id])
            self._snapshot = snapshot
            listeners = tuple(self._listeners)
        ids = frozenset(changed)
        for listener in listeners:
            try:
                listener(ids)
            except Exception:  # a broken subscriber must not break the writer
                log.exception("view_listener_failed")
        return ids

    def apply_changes(
        self, change_sets: Iterable[ChangeSetLike], *, events: Iterable[EventInfo] = ()
    ) -> frozenset[int]:
        """Fold the pipeline's committed change sets (`oddsdesk.pipeline.changes.ChangeSet`):
        each change replaces its quote, and each set confirms its (event, book) at `at`."""
        quotes: list[tuple[QuoteKey, QuoteLike]] = []
        seen: list[Seen] = []
        for change_set in change_sets:
            event_id, book = change_set.event_id, change_set.book
            quotes.extend(
                ((event_id, book, change.market, change.line), change.state)
                for change in change_set.changes
            )
            seen.append(Seen(event_id, book, change_set.at))
        return self.apply(events=events, quotes=quotes, seen=seen)

    def replace(
        self,
        *,
        events: Iterable[EventInfo],
        quotes: Iterable[tuple[QuoteKey, QuoteLike]] = (),
        seen: Iterable[Seen] = (),
    ) -> None:
        """Start over from a full state (the warm-up from the database)."""
        with self._lock:
            self._snapshot = Snapshot.empty()
        self.apply(events=events, quotes=quotes, seen=seen)

    def prune(self, *, kicked_off_before: datetime) -> frozenset[int]:
        """Forget events that kicked off before the cut-off (history stays in the database)."""
        old = self._snapshot
        gone = [s.event_id for s in old.rows[: bisect_left(old.kickoffs, kicked_off_before)]]
        return self.apply(removed=gone) if gone else frozenset()

    def _build(self, old: Snapshot, states: dict[int, EventState], structure: bool) -> Snapshot:
        events = MappingProxyType(states)
        if not structure:
            rows = tuple(states[row.event_id] for row in old.rows)
            return replace(
                old, events=events, rows=rows, version=old.version + 1, updated_at=self.clock()
            )
        rows = tuple(sorted(states.values(), key=lambda s: (s.info.kickoff, s.event_id)))
        tournament_of = canonical_tournaments(s.info for s in rows)
        return Snapshot(
            events=events,
            rows=rows,
            kickoffs=tuple(s.info.kickoff for s in rows),
            tournament_of=MappingProxyType(tournament_of),
            tournaments=MappingProxyType({t.key: t for t in tournament_of.values()}),
            version=old.version + 1,
            updated_at=self.clock(),
        )


def _structure_differs(current: EventState | None, info: EventInfo) -> bool:
    """Whether a new `EventInfo` moves the event in an index (order, tournaments)."""
    if current is None:
        return True
    old = current.info
    return (
        old.kickoff != info.kickoff
        or old.tournament != info.tournament
        or old.country != info.country
        or old.links != info.links
    )
