"""Who lists what: coverage per book and per tournament (within its country), the tournaments
BetPawa lacks, the events some book is missing, and the country/tournament lists for filters."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from oddsdesk.domain import REFERENCE_BOOK, Book
from oddsdesk.readmodel.events import BOOK_ORDER
from oddsdesk.readmodel.schemas import (
    BookCount,
    BookCoverage,
    CountryCount,
    CoverageCounts,
    CoverageReport,
    Mode,
    TournamentCount,
    TournamentCoverage,
    TournamentRef,
    UnmatchedEvent,
    UnmatchedPage,
)
from oddsdesk.readmodel.view import EventState, OddsView, Snapshot


@dataclass(frozen=True, slots=True)
class Scope:
    """Which events a coverage figure counts: upcoming only unless `include_started`."""

    include_started: bool = False
    kickoff_to: datetime | None = None
    countries: frozenset[str] = frozenset()


def _in_scope(snapshot: Snapshot, scope: Scope, now: datetime) -> Iterator[EventState]:
    start = 0 if scope.include_started else bisect_right(snapshot.kickoffs, now)
    stop = (
        bisect_right(snapshot.kickoffs, scope.kickoff_to)
        if scope.kickoff_to is not None
        else len(snapshot.rows)
    )
    for state in snapshot.rows[start:stop]:
        if scope.countries:
            country = _tournament(snapshot, state).country
            if country is None or country.casefold() not in scope.countries:
                continue
        yield state


def _tournament(snapshot: Snapshot, state: EventState) -> TournamentRef:
    return snapshot.tournament_of[state.event_id]


def _counts(states: Iterable[EventState]) -> CoverageCounts:
    events = matched = reference_only = competitor_only = 0
    for state in states:
        events += 1
        on_reference = REFERENCE_BOOK in state.books
        others = len(state.books) - on_reference
        if on_reference and others:
            matched += 1
        elif on_reference:
            reference_only += 1
        elif others:
            competitor_only += 1
    return CoverageCounts(
        events=events,
        matched=matched,
        betpawa_only=reference_only,
        competitor_only=competitor_only,
        match_rate_pct=round(matched / events * 100.0, 2) if events else None,
    )


def coverage(
    view: OddsView,
    scope: Scope | None = None,
    *,
    books: Sequence[Book] = tuple(Book),
    now: datetime | None = None,
) -> CoverageReport:
    snapshot = view.snapshot
    states = list(_in_scope(snapshot, scope or Scope(), now or view.clock()))
    by_tournament: dict[TournamentRef, list[EventState]] = defaultdict(list)
    for state in states:
        by_tournament[_tournament(snapshot, state)].append(state)
    tournaments = []
    for tournament in sorted(
        by_tournament, key=lambda t: ((t.country or "").casefold(), t.name.casefold(), t.key)
    ):
        group = by_tournament[tournament]
        per_book = Counter(book for state in group for book in state.books)
        tournaments.append(
            TournamentCoverage(
                tournament=tournament,
                counts=_counts(group),
                books=[BookCount(book=book, events=per_book[book]) for book in books],
            )
        )
    return CoverageReport(
        totals=_counts(states),
        books=[_book_coverage(book, states) for book in books],
        tournaments=tournaments,
        missing_tournaments=[
            t
            for t in tournaments
            if t.counts.competitor_only and t.counts.competitor_only == t.counts.events
        ],
    )


def _book_coverage(book: Book, states: list[EventState]) -> BookCoverage:
    listed = [state for state in states if book in state.books]
    if book is REFERENCE_BOOK:
        with_reference = sum(1 for s in listed if len(s.books) > 1)
    else:
        with_reference = sum(1 for s in listed if REFERENCE_BOOK in s.books)
    return BookCoverage(
        book=book,
        label=book.label,
        events=len(listed),
        with_reference=with_reference,
        only_here=sum(1 for s in listed if len(s.books) == 1),
    )


def unmatched_events(
    view: OddsView,
    scope: Scope | None = None,
    *,
    missing_on: Book | None = None,
    books: Sequence[Book] = tuple(Book),
    page: int = 1,
    page_size: int = 50,
    now: datetime | None = None,
) -> UnmatchedPage:
    """Events that some book (or the given one) does not list, soonest first."""
    snapshot = view.snapshot
    found = []
    for state in _in_scope(snapshot, scope or Scope(), now or view.clock()):
        missing = [book for book in books if book not in state.books]
        if missing and (missing_on is None or missing_on in missing):
            found.append((state, missing))
    first = (page - 1) * page_size
    return UnmatchedPage(
        items=[
            UnmatchedEvent(
                id=state.event_id,
                sr_id=state.info.sr_id,
                home=state.info.home,
                away=state.info.away,
                kickoff=state.info.kickoff,
                tournament=_tournament(snapshot, state),
                books=sorted(state.books, key=BOOK_ORDER.__getitem__),
                missing_on=missing,
            )
            for state, missing in found[first : first + page_size]
        ],
        total=len(found),
        page=page,
        page_size=page_size,
    )


def _mode_allows(mode: Mode, state: EventState) -> bool:
    if mode is Mode.ALL:
        return True
    on_reference = REFERENCE_BOOK in state.books
    return not on_reference if mode is Mode.COMPETITOR else on_reference


def countries(
    view: OddsView,
    *,
    mode: Mode = Mode.ALL,
    include_started: bool = False,
    now: datetime | None = None,
) -> list[CountryCount]:
    """Countries with events in scope, with how many, alphabetically."""
    snapshot = view.snapshot
    counts: Counter[str] = Counter()
    for state in _in_scope(snapshot, Scope(include_started=include_started), now or view.clock()):
        country = _tournament(snapshot, state).country
        if country and _mode_allows(mode, state):
            counts[country] += 1
    return [
        CountryCount(country=c, events=n)
        for c, n in sorted(counts.items(), key=lambda i: i[0].casefold())
    ]


def tournaments(
    view: OddsView,
    *,
    mode: Mode = Mode.ALL,
    include_started: bool = False,
    countries: frozenset[str] = frozenset(),
    now: datetime | None = None,
) -> list[TournamentCount]:
    """Tournaments (within their country) with events in scope, by country then name."""
    snapshot = view.snapshot
    scope = Scope(include_started=include_started, countries=countries)
    counts: Counter[TournamentRef] = Counter()
    for state in _in_scope(snapshot, scope, now or view.clock()):
        if _mode_allows(mode, state):
            counts[_tournament(snapshot, state)] += 1
    return [
        TournamentCount(tournament=t, events=n)
        for t, n in sorted(
            counts.items(), key=lambda i: ((i[0].country or "").casefold(), i[0].name.casefold())
        )
    ]
