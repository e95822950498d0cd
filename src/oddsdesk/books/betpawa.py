"""BetPawa: payload → domain values.

Two payload shapes are live (see the reference, "Two payload shapes"): May 2026 prices carry
`price` and always `suspended`, rows carry `formattedHandicap`; August 2026 prices carry `odds`
and `suspended` only when true, rows carry a `specifier` object. Both parse the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from math import isfinite
from typing import Any
from urllib.parse import quote

import msgspec
import orjson

from oddsdesk.books.base import (
    Competition,
    DiscoveryReport,
    EventPage,
    get_parsed,
    keep_upcoming,
    read_listings,
)
from oddsdesk.books.http import BookClient, BookMetrics
from oddsdesk.books.payload import (
    BOOL,
    DICT,
    INT,
    LIST,
    NUMBER,
    STR,
    TEXT,
    TYPED_TEXT,
    Reader,
    collect,
    fill_template,
    is_pure_template,
    line_text,
    price_or_none,
    split_teams,
)
from oddsdesk.config import Settings
from oddsdesk.domain import Book, BookEvent, BookMarket, BookOutcome, EventRef
from oddsdesk.errors import BookError

BOOK = Book.BETPAWA
_R = Reader(BOOK)
_SPECIFIER_KEYS = ("hcp", "total")


def headers(settings: Settings) -> dict[str, str]:
    """v4 answers protobuf to `*/*`, so JSON is asked for explicitly; the brand picks the country."""
    return {
        "accept": "application/json",
        "x-pawa-brand": settings.betpawa_brand,
        "x-pawa-language": "en",
        "devicetype": "web",
    }


def parse_event(payload: Any) -> BookEvent:
    """The checked reading: every field by its path, for the precise error."""
    with _R.guard():
        event = _R.get(payload, kind=DICT)
        ref = event_ref(event)
        markets: list[BookMarket] = []
        for index, market in enumerate(_R.get(event, "markets", kind=LIST)):
            with _R.context("markets", index):
                markets.extend(_markets(market, ref))
        return BookEvent(ref=ref, markets=tuple(markets))


def event_ref(event: Any) -> EventRef:
    """The listing facts of one event object (detail body or `by-queries` list item)."""
    with _R.guard():
        event = _R.get(event, kind=DICT)
        event_id = _R.text(event, "id")
        home, away = _teams(event)
        widgets = _R.opt(event, "widgets", kind=LIST) or []
        return EventRef(
            book=BOOK,
            book_event_id=event_id,
            sr_id=_widget_id(widgets, "SPORTRADAR"),
            home=home,
            away=away,
            kickoff=_kickoff(_R.get(event, "startTime", kind=STR)),
            tournament=_R.text(event, "competition", "name"),
            country=_R.opt_text(event, "region", "name"),
            tournament_id=_R.opt_text(event, "competition", "id"),
            genius_id=_widget_id(widgets, "GENIUSSPORTS"),
            live=bool(_R.opt(event, "additionalInfo", "live", kind=BOOL))
            or _R.opt(event, "results") is not None,
        )


def _teams(event: dict[str, Any]) -> tuple[str, str]:
    by_position: dict[int, str] = {}
    for index in range(len(_R.opt(event, "participants", kind=LIST) or [])):
        position = _R.get(event, "participants", index, "position", kind=INT)
        by_position[position] = _R.get(event, "participants", index, "name", kind=STR)
    if 1 in by_position and 2 in by_position:
        return by_position[1], by_position[2]
    return split_teams(_R, _R.get(event, "name", kind=STR))


def _widget_id(widgets: list[Any], kind: str) -> str | None:
    for index in range(len(widgets)):
        if _R.opt(widgets, index, "type", kind=STR) == kind:
            return _R.opt_text(widgets, index, "id")
    return None


def _kickoff(text: str) -> datetime:
    try:
        kickoff = datetime.fromisoformat(text)
    except ValueError:
        raise _R.error(f"startTime {text!r} is not ISO 8601") from None
    if kickoff.tzinfo is None:
        raise _R.error(f"startTime {text!r} has no time zone")
    return kickoff.astimezone(UTC)


def _markets(market: Any, ref: EventRef) -> list[BookMarket]:
    """One market type → one BookMarket per line; rows sharing a line (or having none) merge."""
    mtype = _R.get(market, "marketType", kind=DICT)
    market_id = _R.text(mtype, "id")
    template = _R.opt(mtype, "displayName", kind=STR) or _R.get(mtype, "name", kind=STR)
    groups: dict[str | None, list[BookOutcome]] = {}
    for r, row in enumerate(_R.get(market, "row", kind=LIST)):
        with _R.context("row", r):
            row = _R.get(row, kind=DICT)
            line = _row_line(row)
            outcomes = groups.setdefault(line, [])
            for p, price in enumerate(_R.field(row, "prices", LIST)):
                with _R.context("prices", p):
                    outcomes.append(_outcome(_R.get(price, kind=DICT), line, ref))
    return [
        BookMarket(
            market_id=market_id,
            name=_market_name(template, ref, line),
            specifier=line,
            outcomes=tuple(outcomes),
        )
        for line, outcomes in groups.items()
    ]


def _row_line(row: dict[str, Any]) -> str | None:
    """The row's line in real units: `specifier` object, else `formattedHandicap`, else
    `handicap` / 4 (BetPawa stores lines ×4). For Asian handicaps this is the home line."""
    specifier = _R.opt(row, "specifier", kind=DICT)
    candidates: list[Any] = []
    if specifier:
        candidates += [specifier[key] for key in _SPECIFIER_KEYS if key in specifier]
        candidates += [v for k, v in specifier.items() if k not in _SPECIFIER_KEYS]
    candidates.append(_R.opt(row, "formattedHandicap", kind=NUMBER))
    for candidate in candidates:
        if candidate is None or isinstance(candidate, bool):
            continue
        try:
            return line_text(candidate)
        except ValueError:
            continue
    quarter = _R.opt(row, "handicap", kind=NUMBER)
    if quarter is not None:
        try:
            return line_text(Decimal(str(quarter)) / 4)
        except (ValueError, ArithmeticError):
            raise _R.error(f"handicap {quarter!r} is not a number") from None
    if specifier:
        raise _R.error(f"specifier {specifier!r} has no readable line")
    return None


def _outcome(price: dict[str, Any], line: str | None, ref: EventRef) -> BookOutcome:
    code = _R.field(price, "name", TEXT)
    suspended = _R.opt_field(price, "suspended", BOOL) is True
    raw = _R.opt_field(price, "price", NUMBER)
    if raw is None:
        raw = _R.opt_field(price, "odds", NUMBER)
    if raw is None and not suspended:
        raise _R.error("neither price nor odds")
    value = None if raw is None or suspended else price_or_none(_R.number(raw, "price"))
    return BookOutcome(
        code=str(code),
        name=_outcome_name(price, str(code), line, ref),
        price=value,
        available=value is not None,
    )


def _outcome_name(price: dict[str, Any], code: str, line: str | None, ref: EventRef) -> str:
    """`displayName` with its placeholders filled; a bare "{formattedHandicap}" becomes
    "1 (-1.5)" so that the label still says which side it is."""
    template = _R.opt_field(price, "displayName", STR)
    if not template:
        return code
    if "{" not in template:
        return template
    return _filled_name(template, code, _R.opt_text(price, "handicap") or line, ref)


def _filled_name(template: str, code: str, line: str | None, ref: EventRef | None) -> str:
    values = _values(ref, line)
    if is_pure_template(template):
        filled = fill_template(template, values)
        return code if filled == template else f"{code} ({filled})"
    return fill_template(template, values)


def _market_name(template: str, ref: EventRef, line: str | None) -> str:
    return fill_template(template, _values(ref, line)).strip()


def _values(ref: EventRef | None, line: str | None) -> dict[str, str]:
    values = {} if ref is None else {"home": ref.home, "away": ref.away}
    if line is not None:
        values["formattedHandicap"] = values["handicap"] = line
    return values


# --- the typed reading of a detail body ---------------------------------------------------
#
# Every cycle reads every event body: straight from the bytes into small Structs holding only
# the fields read (msgspec skips the rest), then into the domain. The Structs do not allow
# what `parse_event` would refuse; whatever they cannot tell is declined to it.

_Scalar = TYPED_TEXT  # ids, labels, prices and lines: TEXT and NUMBER (never a bool)
_new_outcome = tuple.__new__  # a BookOutcome without its Python-level __new__ (hundreds an event)


class _Price(msgspec.Struct, gc=False, rename="camel"):
    name: _Scalar
    suspended: bool | None = None
    price: _Scalar | None = None
    odds: _Scalar | None = None
    display_name: str | None = None
    handicap: _Scalar | None = None


class _Row(msgspec.Struct, gc=False, rename="camel"):
    prices: list[_Price]
    specifier: dict[str, _Scalar | bool | None] | None = None
    formatted_handicap: _Scalar | None = None
    handicap: _Scalar | None = None


class _MarketType(msgspec.Struct, gc=False, rename="camel"):
    id: _Scalar
    name: str | None = None
    display_name: str | None = None


class _Market(msgspec.Struct, gc=False, rename="camel"):
    market_type: _MarketType
    row: list[_Row]


_ABSENT = msgspec.Raw()


class _Event(msgspec.Struct, gc=False, rename="camel"):
    """The listing facts stay raw JSON, decoded by orjson for `event_ref` as `parse_event`
    would see them (a few small objects per event)."""

    markets: list[_Market]
    id: msgspec.Raw = _ABSENT
    name: msgspec.Raw = _ABSENT
    participants: msgspec.Raw = _ABSENT
    widgets: msgspec.Raw = _ABSENT
    start_time: msgspec.Raw = _ABSENT
    competition: msgspec.Raw = _ABSENT
    region: msgspec.Raw = _ABSENT
    additional_info: msgspec.Raw = _ABSENT
    results: msgspec.Raw = _ABSENT


_decode = msgspec.json.Decoder(_Event).decode


def read_event(body: bytes) -> BookEvent | None:
    """An `events/{id}` body read by typed decoding; None declines it to `parse_event` (which
    then names the error). Either None, or exactly `parse_event(orjson.loads(body))`.

    Lines and filled labels repeat across rows, markets and events, so they are looked up
    rather than worked out each time."""
    try:
        event = _decode(body)
        ref = event_ref(_event_head(event))
        markets: list[BookMarket] = []
        for market in event.markets:
            mtype = market.market_type
            market_id, template = mtype.id, mtype.display_name or mtype.name
            if template is None or market_id == "":
                return None
            groups: dict[str | None, list[BookOutcome]] = {}
            for row in market.row:
                line = _cached_line(_line_key(row))
                outcomes = groups.setdefault(line, [])
                for price in row.prices:
                    outcome = _read_outcome(price, line, ref)
                    if outcome is None:
                        return None
                    outcomes.append(outcome)
            market_id = market_id if market_id.__class__ is str else str(market_id)
            for line, outcomes in groups.items():
                name = (
                    template.strip() if "{" not in template else _market_name(template, ref, line)
                )
                markets.append(BookMarket(market_id, name, line, tuple(outcomes)))
        return BookEvent(ref=ref, markets=tuple(markets))
    except (msgspec.DecodeError, BookError, ValueError, TypeError, ArithmeticError, RecursionError):
        return None  # RecursionError: msgspec's nesting limit is lower than orjson's


def _event_head(event: _Event) -> dict[str, Any]:
    head = {
        "id": event.id,
        "name": event.name,
        "participants": event.participants,
        "widgets": event.widgets,
        "startTime": event.start_time,
        "competition": event.competition,
        "region": event.region,
        "additionalInfo": event.additional_info,
        "results": event.results,
    }
    return {key: orjson.loads(memoryview(raw)) if raw else None for key, raw in head.items()}


def _read_outcome(price: _Price, line: str | None, ref: EventRef) -> BookOutcome | None:
    code, raw, suspended = price.name, price.price, price.suspended
    if code.__class__ is not str:
        code = str(code)
    if raw is None:
        raw = price.odds
    if suspended is True:
        value = None
    elif raw is None:
        return None
    else:
        value = raw if raw.__class__ is float else float(raw)
        if not isfinite(value):
            return None
        if value <= 1.0:
            value = None
    template = price.display_name
    if not template:
        name = code
    elif "{" not in template:
        name = template
    else:
        side = price.handicap
        if side is None or side == "":
            side = line
        elif side.__class__ is not str:
            side = str(side)
        name = _teamless_name(template, code, side)
        if name is None:
            name = _filled_name(template, code, side, ref)
    return _new_outcome(BookOutcome, (code, name, value, value is not None))


@lru_cache(maxsize=8192)
def _teamless_name(template: str, code: str, line: str | None) -> str | None:
    """`_filled_name` of a template that names no team (all real ones), shared by all events;
    None when it names one."""
    if "{home}" in template or "{away}" in template:
        return None
    return _filled_name(template, code, line, None)


def _line_key(row: _Row) -> tuple[Any, ...]:
    """The fields a row's line comes from, with their classes (as keys True == 1 == 1.0)."""
    specifier, formatted, quarter = row.specifier, row.formatted_handicap, row.handicap
    if specifier is not None:
        specifier = tuple((k, v, v.__class__) for k, v in specifier.items())
    return (specifier, formatted, formatted.__class__, quarter, quarter.__class__)


@lru_cache(maxsize=4096)
def _cached_line(key: tuple[Any, ...]) -> str | None:
    """`_row_line` of a row with these fields (a few dozen distinct lines across all events)."""
    specifier, formatted, _, quarter, _ = key
    row: dict[str, Any] = {"formattedHandicap": formatted, "handicap": quarter}
    if specifier is not None:
        row["specifier"] = {k: v for k, v, _ in specifier}
    return _row_line(row)


# --- discovery and the adapter ------------------------------------------------------------

FOOTBALL = "2"
CATEGORIES_PATH = f"/api/sportsbook/v4/categories/list/{FOOTBALL}"
EVENT_LIST_PATH = "/api/sportsbook/v4/events/lists/by-queries"
EVENT_PATH = "/api/sportsbook/v4/events/{event_id}"
PAGE_SIZE = 100  # the server caps `take` at 100
MAX_PAGES = 200
_LIST_MARKETS = ["3743"]  # 1X2 only: the list is for discovery, the detail carries the rest


def parse_competitions(payload: Any) -> list[Competition]:
    """Competitions of the football tree (`withRegions[0].regions[].competitions[]`) that have
    upcoming events (or do not say)."""
    with _R.guard():
        regions = _R.opt(payload, "withRegions", 0, "regions", kind=LIST) or []
        competitions = []
        for r in range(len(regions)):
            with _R.context("regions", r):
                region = _R.get(regions, r, kind=DICT)
                country = _R.opt_text(region, "region", "name")
                entries = _R.opt(region, "competitions", kind=LIST) or []
                for c in range(len(entries)):
                    with _R.context("competitions", c):
                        entry = _R.get(entries, c, kind=DICT)
                        upcoming = _R.opt(entry, "eventCounts", "upcoming", kind=NUMBER)
                        if upcoming is not None and str(upcoming) == "0":
                            continue
                        competitions.append(
                            Competition(
                                book_id=_R.text(entry, "competition", "id"),
                                name=_R.text(entry, "competition", "name"),
                                country=country,
                            )
                        )
        return competitions


def event_list_params(competition_id: str, skip: int) -> dict[str, str]:
    """The `q` parameter of `events/lists/by-queries` for one page of one competition."""
    query = {
        "queries": [
            {
                "query": {
                    "eventType": "UPCOMING",
                    "categories": [FOOTBALL],
                    "zones": {"competitions": [competition_id]},
                    "hasOdds": True,
                },
                "view": {"marketTypes": _LIST_MARKETS},
                "skip": skip,
                "take": PAGE_SIZE,
                "sort": {"startTime": "ASC"},
            }
        ]
    }
    return {"q": orjson.dumps(query).decode()}


def parse_event_list(payload: Any) -> EventPage:
    """A `by-queries` answer: `responses[]` (one group per query) of `responses[]` (events)."""
    with _R.guard():
        items: list[Any] = []
        groups = _R.get(payload, "responses", kind=LIST)
        for g in range(len(groups)):
            items.extend(_R.get(groups, g, "responses", kind=LIST))
        refs, rejected = collect(items, event_ref)
        return EventPage(refs=refs, rejected=rejected, size=len(items))


class Adapter:
    """BetPawa: the football tree, every page of every competition, then `events/{id}`."""

    book = BOOK

    def __init__(self, client: BookClient, settings: Settings) -> None:
        self._client = client
        self.last_discovery = DiscoveryReport(BOOK)

    @property
    def metrics(self) -> BookMetrics:
        return self._client.metrics

    async def discover(self) -> list[EventRef]:
        report = self.last_discovery = DiscoveryReport(BOOK)
        competitions = await get_parsed(
            self._client, CATEGORIES_PATH, {"includeRegions": "true"}, parse_competitions
        )
        refs = await read_listings(report, competitions, lambda c: self._competition(c, report))
        return keep_upcoming(refs)

    async def fetch_event(self, ref: EventRef) -> BookEvent:
        path = EVENT_PATH.format(event_id=quote(ref.book_event_id, safe=""))
        return await get_parsed(self._client, path, None, parse_event, quick=read_event)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _competition(
        self, competition: Competition, report: DiscoveryReport
    ) -> list[EventRef]:
        """All pages: until a short page, or a page of nothing new (a server ignoring `skip`)."""
        refs: list[EventRef] = []
        seen: set[str] = set()
        for page_number in range(MAX_PAGES):
            params = event_list_params(competition.book_id, page_number * PAGE_SIZE)
            page = await get_parsed(self._client, EVENT_LIST_PATH, params, parse_event_list)
            report.reject(page.rejected)
            fresh = [ref for ref in page.refs if ref.book_event_id not in seen]
            seen.update(ref.book_event_id for ref in fresh)
            refs.extend(fresh)
            if page.size < PAGE_SIZE or (page.refs and not fresh):
                break
        return refs
