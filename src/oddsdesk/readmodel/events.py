"""The events list and the event detail, answered from one snapshot of the view.

A list request bisects the kickoff index to the first kickoff it can want, filters on facts
precomputed per event, and assembles the page from per-event summaries computed once per change
(and, for the API, from their JSON, serialised once per change too).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from math import ceil

import orjson

from oddsdesk.domain import Book
from oddsdesk.readmodel.lines import LineEntry, headline_entries
from oddsdesk.readmodel.markets import CATEGORIES
from oddsdesk.readmodel.schemas import (
    OVERROUND_CONVENTION,
    BookHeader,
    BookRow,
    EventDetail,
    EventPage,
    EventSummary,
    Mode,
)
from oddsdesk.readmodel.values import QuoteLike
from oddsdesk.readmodel.view import EventState, OddsView, Snapshot

BOOK_ORDER = {book: i for i, book in enumerate(Book)}
CATEGORY_ORDER = {name: i for i, name in enumerate(CATEGORIES)}

MarketKey = tuple[str, float | None]


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters and paging of the events list. Countries are case-folded names; tournaments are
    `TournamentRef.key`s; `search` matches any book's spelling of either team."""

    mode: Mode = Mode.BETPAWA
    tournaments: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    kickoff_from: datetime | None = None
    kickoff_to: datetime | None = None
    include_started: bool = False
    min_books: int = 1
    search: str | None = None
    page: int = 1
    page_size: int = 50


def market_quotes(state: EventState) -> dict[MarketKey, dict[Book, QuoteLike]]:
    """The event's quotes per market-line, books in display order."""
    grouped: dict[MarketKey, dict[Book, QuoteLike]] = defaultdict(dict)
    for (book, market, line), quote in sorted(
        state.quotes.items(), key=lambda item: BOOK_ORDER[item[0][0]]
    ):
        grouped[(market, line)][book] = quote
    return grouped


def line_entries(
    view: OddsView, state: EventState, *, pause: Callable[[], None] | None = None
) -> list[tuple[MarketKey, LineEntry]]:
    """Every market-line of the event compared across books, in catalogue order. `pause` is
    called after each line compared (the background precomputer yields there)."""

    def compute(state: EventState) -> list[tuple[MarketKey, LineEntry]]:
        ranked = []
        for key, quotes in market_quotes(state).items():
            before = view.lines.computed
            entry = view.lines.get(state.event_id, key, quotes, listed=state.on_reference)
            if pause is not None and view.lines.computed != before:
                pause()
            rank = view.markets(key[0]).rank
            ranked.append(((rank, key[0], -1e9 if key[1] is None else key[1]), key, entry))
        ranked.sort(key=lambda item: item[0])
        return [(key, entry) for _, key, entry in ranked]

    return state.cached("lines", compute)


def alert_count(view: OddsView, state: EventState) -> int:
    """Alerts on the event's headline markets: what the list shows and alerts mode selects."""
    return state.cached(
        "alerts", lambda s: sum(entry.alerts for _, entry in headline_entries(view.lines, s))
    )


def headline_rows(view: OddsView, state: EventState) -> list[BookRow]:
    """One row per book listing the event, with its headline markets (best price marked)."""
    heads = headline_entries(view.lines, state)
    return [
        BookRow(
            book=link.book,
            label=link.book.label,
            book_event_id=link.book_event_id,
            url=link.url,
            seen_at=state.seen.get(link.book),
            markets=[
                entry.per_book[link.book] for _, entry in heads if link.book in entry.per_book
            ],
        )
        for link in sorted(state.info.links, key=lambda link: BOOK_ORDER[link.book])
    ]


def summary(view: OddsView, snapshot: Snapshot, state: EventState) -> EventSummary:
    """The event as the list shows it (kept on the state while its tournament stays put)."""
    tournament = snapshot.tournament_of[state.event_id]
    cached = state.derived.get("summary")
    if cached is not None and cached.tournament is tournament:
        return cached
    info = state.info
    value = state.derived["summary"] = EventSummary(
        id=info.event_id,
        sr_id=info.sr_id,
        home=info.home,
        away=info.away,
        kickoff=info.kickoff,
        tournament=tournament,
        books=sorted(state.books, key=BOOK_ORDER.__getitem__),
        alerts=alert_count(view, state),
        rows=headline_rows(view, state),
    )
    return value


def summary_json(view: OddsView, snapshot: Snapshot, state: EventState) -> bytes:
    item = summary(view, snapshot, state)
    cached = state.derived.get("summary_json")
    if cached is not None and cached[0] is item:
        return cached[1]
    data = item.__pydantic_serializer__.to_json(item)
    state.derived["summary_json"] = (item, data)
    return data


def matching(
    view: OddsView, snapshot: Snapshot, query: EventQuery, now: datetime
) -> Iterator[EventState]:
    """The events that pass the filters, in kickoff order."""
    kickoffs = snapshot.kickoffs
    start = 0
    lower = query.kickoff_from
    if not query.include_started and (lower is None or lower <= now):
        start = bisect_right(kickoffs, now)
    elif lower is not None:
        start = bisect_left(kickoffs, lower)
    stop = bisect_right(kickoffs, query.kickoff_to) if query.kickoff_to else len(kickoffs)
    mode = query.mode
    want_reference = None if mode is Mode.ALL else mode is not Mode.COMPETITOR
    min_books = query.min_books
    tournaments, countries = query.tournaments, query.countries
    search = query.search.casefold() if query.search else None
    tournament_of = snapshot.tournament_of
    for state in snapshot.rows[start:stop]:
        if want_reference is not None and state.on_reference is not want_reference:
            continue
        if min_books > 1 and len(state.books) < min_books:
            continue
        if tournaments or countries:
            tournament = tournament_of[state.event_id]
            if tournaments and tournament.key not in tournaments:
                continue
            if countries and (tournament.country or "").casefold() not in countries:
                continue
        if search and search not in state.search_text:
            continue
        if mode is Mode.ALERTS and not alert_count(view, state):
            continue
        yield state


def _page(
    view: OddsView, query: EventQuery, now: datetime | None
) -> tuple[Snapshot, list[EventState], int]:
    snapshot = view.snapshot
    found = list(matching(view, snapshot, query, now or view.clock()))
    first = (query.page - 1) * query.page_size
    return snapshot, found[first : first + query.page_size], len(found)


def list_events(view: OddsView, query: EventQuery, *, now: datetime | None = None) -> EventPage:
    """One page of upcoming events with their headline markets on every book."""
    snapshot, page, total = _page(view, query, now)
    return EventPage(
        items=[summary(view, snapshot, state) for state in page],
        total=total,
        page=query.page,
        page_size=query.page_size,
        pages=ceil(total / query.page_size),
    )


def list_events_json(view: OddsView, query: EventQuery, *, now: datetime | None = None) -> bytes:
    """`list_events` as the JSON of an `EventPage`, built from per-event JSON kept per change."""
    snapshot, page, total = _page(view, query, now)
    tail = orjson.dumps(
        {
            "total": total,
            "page": query.page,
            "page_size": query.page_size,
            "pages": ceil(total / query.page_size),
            "overround_convention": OVERROUND_CONVENTION,
        }
    )
    items = b",".join(summary_json(view, snapshot, state) for state in page)
    return b'{"items":[' + items + b"]," + tail[1:]


def _book_headers(state: EventState) -> list[BookHeader]:
    counts: dict[Book, list[int]] = defaultdict(lambda: [0, 0])
    for (book, _, _), quote in state.quotes.items():
        counts[book][0] += 1
        counts[book][1] += quote.available
    return [
        BookHeader(
            book=link.book,
            label=link.book.label,
            book_event_id=link.book_event_id,
            url=link.url,
            home=link.home,
            away=link.away,
            tournament=link.tournament,
            country=link.country,
            matched_by=link.matched_by,
            confidence=link.confidence,
            seen_at=state.seen.get(link.book),
            markets=counts[link.book][0],
            available_markets=counts[link.book][1],
        )
        for link in sorted(state.info.links, key=lambda link: BOOK_ORDER[link.book])
    ]


def _categories_json(view: OddsView, state: EventState) -> tuple[bytes, int]:
    """The detail's `categories` array as JSON, and its alert count (kept while quotes stay)."""

    def compute(state: EventState) -> tuple[bytes, int]:
        by_category: dict[str, list[LineEntry]] = defaultdict(list)
        for _, entry in line_entries(view, state):
            by_category[entry.category].append(entry)
        ordered = sorted(by_category, key=lambda c: (CATEGORY_ORDER.get(c, len(CATEGORIES)), c))
        groups = [
            {"category": c, "markets": [orjson.Fragment(e.json) for e in by_category[c]]}
            for c in ordered
        ]
        alerts = sum(entry.alerts for entries in by_category.values() for entry in entries)
        return orjson.dumps(groups), alerts

    return state.cached("categories", compute)


def _detail_json(view: OddsView, snapshot: Snapshot, state: EventState) -> bytes:
    tournament = snapshot.tournament_of[state.event_id]
    cached = state.derived.get("detail_json")
    if cached is not None and cached[0] is tournament:
        return cached[1]
    categories, alerts = _categories_json(view, state)
    info = state.info
    head = EventDetail(
        id=info.event_id,
        sr_id=info.sr_id,
        home=info.home,
        away=info.away,
        kickoff=info.kickoff,
        tournament=tournament,
        books=_book_headers(state),
        alerts=alerts,
        categories=[],
    )
    document = head.model_dump(mode="json")
    document["categories"] = orjson.Fragment(categories)
    data = orjson.dumps(document)
    state.derived["detail_json"] = (tournament, data)
    return data


def event_detail_json(view: OddsView, event_id: int) -> bytes | None:
    """Every market of one event on every book, grouped by category, as the JSON of an
    `EventDetail`; assembled from each line's stored answer once per change of the event."""
    snapshot = view.snapshot
    state = snapshot.events.get(event_id)
    return None if state is None else _detail_json(view, snapshot, state)


def event_detail(view: OddsView, event_id: int) -> EventDetail | None:
    """`event_detail_json` as objects (None if the event is not in the view)."""
    data = event_detail_json(view, event_id)
    return None if data is None else EventDetail.model_validate_json(data)
