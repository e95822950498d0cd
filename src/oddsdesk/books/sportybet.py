"""SportyBet: payload → domain values.

Every answer is `{bizCode, message, data}`; only `bizCode == 10000` is success, whatever the HTTP
status said. A market object is one market at one line (`specifier`), so it maps 1:1 onto a
BookMarket.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from math import isfinite
from typing import Any

import msgspec

from oddsdesk.books.base import DiscoveryReport, EventPage, get_parsed, keep_upcoming
from oddsdesk.books.http import BookClient, BookMetrics
from oddsdesk.books.payload import (
    DICT,
    INT,
    INT64,
    LIST,
    NUMBER,
    STR,
    TEXT,
    TYPED_TEXT,
    Reader,
    collect,
    price_or_none,
    remember,
)
from oddsdesk.config import Settings
from oddsdesk.domain import Book, BookEvent, BookMarket, BookOutcome, EventRef
from oddsdesk.errors import BadPayload, BookError, BookRejected

BOOK = Book.SPORTYBET
SUCCESS = 10000
_SUCCESS_CODE = str(SUCCESS)
_R = Reader(BOOK)
_SR_PREFIX = "sr:match:"
_GENIUS_PREFIX = "1111111"
# SportRadar match ids are 8-9 digits; a longer "sr:match:1111111…" id is a Genius id in disguise.
_MAX_SR_DIGITS = 12


def headers(settings: Settings) -> dict[str, str]:
    """The web client's identity headers (bookieskit, pawaRisk and live_coverage_bot agree)."""
    return {
        "accept": "application/json",
        "accept-language": "en",
        "clientid": "web",
        "operid": "2",
        "platform": "web",
    }


def unwrap(payload: Any) -> Any:
    """`data` of a successful answer; a book error code is BookRejected."""
    with _R.guard():
        envelope = _R.get(payload, kind=DICT)
        code = _R.get(envelope, "bizCode", kind=NUMBER)
        if str(code) != _SUCCESS_CODE:
            message = _R.opt(envelope, "message", kind=STR) or "no message"
            raise BookRejected(BOOK.value, f"bizCode {code}: {message}", code=str(code))
        return envelope.get("data")


def parse_event(payload: Any) -> BookEvent:
    """A decoded `factsCenter/event` answer (the whole envelope) as a BookEvent, every field
    checked by its path, so a malformed answer is a BadPayload naming what is wrong and where."""
    unwrap(payload)
    with _R.guard():
        data = _R.get(payload, "data", kind=DICT)
        ref = event_ref(data)
        markets = []
        for index, market in enumerate(_R.get(data, "markets", kind=LIST)):
            with _R.context("markets", index):
                markets.append(_market(_R.get(market, kind=DICT)))
        return BookEvent(ref=ref, markets=tuple(markets))


def event_ref(event: Any, *, tournament: str | None = None, country: str | None = None) -> EventRef:
    """The listing facts of one event object (detail `data` or a list item). `tournament` and
    `country` are fallbacks from the enclosing list group."""
    with _R.guard():
        event = _R.get(event, kind=DICT)
        event_id = _R.get(event, "eventId", kind=STR)
        status = _R.opt(event, "status", kind=INT)
        return EventRef(
            book=BOOK,
            book_event_id=event_id,
            sr_id=_sr_id(event_id),
            home=_R.get(event, "homeTeamName", kind=STR),
            away=_R.get(event, "awayTeamName", kind=STR),
            kickoff=_kickoff(_R.get(event, "estimateStartTime", kind=NUMBER)),
            tournament=_R.opt_text(event, "sport", "category", "tournament", "name")
            or tournament
            or _R.text(event, "sport", "category", "tournament", "name"),
            country=_R.opt_text(event, "sport", "category", "name") or country,
            tournament_id=_R.opt_text(event, "sport", "category", "tournament", "id"),
            genius_id=_genius_id(event),
            live=status == 1,
        )


def _sr_id(event_id: str) -> str | None:
    digits = event_id.removeprefix(_SR_PREFIX)
    if digits == event_id or not digits.isdigit():
        return None
    if digits.startswith(_GENIUS_PREFIX) and len(digits) > _MAX_SR_DIGITS:
        return None
    return digits


def _genius_id(event: dict[str, Any]) -> str | None:
    for source in ("preMatchSource", "liveSource"):
        if _R.opt(event, "eventSource", source, "sourceType", kind=STR) == "BET_GENIUS":
            source_id = _R.opt_text(event, "eventSource", source, "sourceId")
            if source_id:
                return source_id.removeprefix(_GENIUS_PREFIX) or None
    return None


def _kickoff(value: int | str) -> datetime:
    millis = _R.number(value, "estimateStartTime")
    try:
        return datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise _R.error(f"estimateStartTime {value!r} is not an epoch in ms") from None


def _market(market: dict[str, Any]) -> BookMarket:
    open_ = _R.field(market, "status", INT) == 0
    outcomes = []
    for index, outcome in enumerate(_R.field(market, "outcomes", LIST)):
        with _R.context("outcomes", index):
            outcome = _R.get(outcome, kind=DICT)
            code = _R.field(outcome, "id", TEXT)
            active = _R.field(outcome, "isActive", INT) == 1
            odds = _R.opt_field(outcome, "odds", NUMBER)
            price = (
                price_or_none(_R.number(odds, "odds"))
                if open_ and active and odds is not None
                else None
            )
            outcomes.append(
                BookOutcome(
                    code=str(code),
                    name=str(_R.opt_field(outcome, "desc", TEXT) or code),
                    price=price,
                    available=price is not None,
                )
            )
    return BookMarket(
        market_id=_R.text(market, "id"),
        name=_R.opt_text(market, "desc") or _R.opt_text(market, "name") or _R.text(market, "id"),
        specifier=_R.opt_field(market, "specifier", STR) or None,
        outcomes=tuple(outcomes),
    )


# --- the typed reading of a raw body ------------------------------------------------------
#
# msgspec decodes only the fields read above, straight into Structs (no dict tree to build and
# free). A field admits only values that orjson decodes alike and of the kinds the checked
# reader accepts there, so whatever gets through reads the same: bools are not ints, and ints
# are held to int64 (orjson turns longer ones into floats; msgspec would keep them exact).

_Scalar = str | INT64 | float | bool | None  # any JSON scalar: the event reference checks it


class _Outcome(msgspec.Struct, gc=False):
    id: TYPED_TEXT
    isActive: INT64
    odds: float | str | None = None  # NUMBER; an int becomes the float `number` would make it
    desc: TYPED_TEXT | None = None


class _Market(msgspec.Struct, gc=False):
    id: TYPED_TEXT
    status: INT64
    outcomes: list[_Outcome]
    desc: TYPED_TEXT | None = None
    name: TYPED_TEXT | None = None
    specifier: str | None = None


class _Tournament(msgspec.Struct, gc=False):
    id: _Scalar = None
    name: _Scalar = None


class _Category(msgspec.Struct, gc=False):
    name: _Scalar = None
    tournament: _Tournament | None = None


class _Sport(msgspec.Struct, gc=False):
    category: _Category | None = None


class _Source(msgspec.Struct, gc=False):
    sourceType: _Scalar = None
    sourceId: _Scalar = None


class _Sources(msgspec.Struct, gc=False):
    preMatchSource: _Source | None = None
    liveSource: _Source | None = None


class _Event(msgspec.Struct, gc=False):
    markets: list[_Market]
    eventId: _Scalar = None
    status: _Scalar = None
    homeTeamName: _Scalar = None
    awayTeamName: _Scalar = None
    estimateStartTime: _Scalar = None
    sport: _Sport | None = None
    eventSource: _Sources | None = None


class _Answer(msgspec.Struct, gc=False):
    data: _Event
    bizCode: _Scalar = None


_ANSWER = msgspec.json.Decoder(_Answer)


_PRICES: dict[float | str, float | None] = {}
"""Odds as sent → price. A book quotes a few hundred distinct prices, and looking the text up
costs a fifth of parsing it; cleared when full, so junk cannot grow it."""
_MAX_PRICES = 10_000
_UNSEEN: Any = object()
_tuple_new = tuple.__new__  # BookOutcome without its Python-level __new__ (one frame per outcome)


def _price(odds: float | str) -> float | None:
    """What `parse_event` makes of an open outcome's odds; ValueError where it would raise."""
    number = float(odds)
    if not isfinite(number):
        raise ValueError(f"odds {odds!r} are not finite")
    return remember(_PRICES, odds, price_or_none(number), _MAX_PRICES)


def read_event(body: bytes) -> BookEvent | None:
    """A `factsCenter/event` body as a BookEvent, or None for anything it does not expect.

    Whatever it reads, `parse_event` reads the same from the decoded body (a test holds the two
    together on the captures, the simulator and damaged answers); on None the client decodes
    the body and `parse_event` names what is wrong and where. Fields it does not read are
    skipped, not validated: junk there that orjson refuses (invalid UTF-8, a number beyond
    double range) does not stop this reading."""
    try:
        answer = _ANSWER.decode(body)
        if str(answer.bizCode) != _SUCCESS_CODE:
            return None
        data = answer.data
        ref = event_ref(
            {
                "eventId": data.eventId,
                "status": data.status,
                "homeTeamName": data.homeTeamName,
                "awayTeamName": data.awayTeamName,
                "estimateStartTime": data.estimateStartTime,
                "sport": msgspec.to_builtins(data.sport),
                "eventSource": msgspec.to_builtins(data.eventSource),
            }
        )
        markets = []
        for market in data.markets:
            open_ = market.status == 0
            outcomes = []
            for outcome in market.outcomes:
                code, shown, odds = outcome.id, outcome.desc or outcome.id, outcome.odds
                price = None
                if open_ and outcome.isActive == 1 and odds is not None:
                    price = _PRICES.get(odds, _UNSEEN)
                    if price is _UNSEEN:
                        price = _price(odds)
                outcomes.append(
                    _tuple_new(
                        BookOutcome,
                        (
                            code if code.__class__ is str else str(code),
                            shown if shown.__class__ is str else str(shown),
                            price,
                            price is not None,
                        ),
                    )
                )
            market_id, desc, name = market.id, market.desc, market.name
            if market_id == "":
                return None
            market_id = market_id if market_id.__class__ is str else str(market_id)
            label = (
                str(desc)
                if desc is not None and desc != ""
                else (str(name) if name is not None and name != "" else market_id)
            )
            markets.append(BookMarket(market_id, label, market.specifier or None, tuple(outcomes)))
        return BookEvent(ref=ref, markets=tuple(markets))
    except (msgspec.DecodeError, BookError, ValueError):  # ValidationError is a DecodeError
        return None


# --- discovery and the adapter ------------------------------------------------------------

FOOTBALL = "sr:sport:1"
PAGE_SIZE = 100
MAX_PAGES = 100
MAX_FAILED_PAGES_IN_A_ROW = 3
PREMATCH_PRODUCT = 3
_UPCOMING = {
    "sportId": FOOTBALL,
    "marketId": "1",
    "pageSize": PAGE_SIZE,
    "option": 2,  # option=1 is the site's highlights view: at most 10 events per tournament
}


def parse_upcoming(payload: Any) -> EventPage:
    """A `pcUpcomingEvents` answer: `data.tournaments[].events[]`, `data.totalNum` events in
    all. Pages count tournaments, not events, so `size` is the events on this page."""
    data = unwrap(payload)
    with _R.guard():
        if data is None:  # success with no data: an empty page
            return EventPage(refs=[], rejected=[], size=0)
        tournaments = _R.opt(payload, "data", "tournaments", kind=LIST) or []
        refs: list[EventRef] = []
        rejected: list[BadPayload] = []
        size = 0
        for t in range(len(tournaments)):
            with _R.context("tournaments", t):
                name = _R.opt_text(tournaments, t, "name")
                country = _R.opt_text(tournaments, t, "categoryName")
                events = _R.opt(tournaments, t, "events", kind=LIST) or []
                good, bad = collect(
                    events, lambda e, n=name, c=country: event_ref(e, tournament=n, country=c)
                )
                refs += good
                rejected += bad
                size += len(events)
        total = _R.opt(payload, "data", "totalNum", kind=NUMBER)
        return EventPage(
            refs, rejected, size, None if total is None else int(_R.number(total, "totalNum"))
        )


class Adapter:
    """SportyBet: `pcUpcomingEvents` page by page, then `event` per SportRadar id."""

    book = BOOK

    def __init__(self, client: BookClient, settings: Settings) -> None:
        self._client = client
        self._base = f"/api/{settings.sportybet_country}/factsCenter"
        self.last_discovery = DiscoveryReport(BOOK)

    @property
    def metrics(self) -> BookMetrics:
        return self._client.metrics

    async def discover(self) -> list[EventRef]:
        """Pages until `totalNum` events were seen or two pages in a row come back empty. A page
        that fails (after the client's retries) is recorded and skipped, unless it is the first;
        after a few failures in a row the book is taken to be down and paging stops."""
        report = self.last_discovery = DiscoveryReport(BOOK)
        refs: list[EventRef] = []
        seen = empty_in_a_row = failed_in_a_row = 0
        for page_number in range(1, MAX_PAGES + 1):
            params = {**_UPCOMING, "pageNum": page_number, "_t": _now_ms()}
            try:
                page = await get_parsed(
                    self._client, f"{self._base}/pcUpcomingEvents", params, parse_upcoming
                )
            except BookError as error:
                if page_number == 1:
                    raise
                report.failed.append(error)
                failed_in_a_row += 1
                if failed_in_a_row >= MAX_FAILED_PAGES_IN_A_ROW:
                    break
                continue
            failed_in_a_row = 0
            report.listings += 1
            report.reject(page.rejected)
            refs += page.refs
            seen += page.size
            empty_in_a_row = empty_in_a_row + 1 if page.size == 0 else 0
            if empty_in_a_row >= 2 or (page.total is not None and seen >= page.total):
                break
        return keep_upcoming(refs)

    async def fetch_event(self, ref: EventRef) -> BookEvent:
        params = {"eventId": ref.book_event_id, "productId": PREMATCH_PRODUCT, "_t": _now_ms()}
        return await get_parsed(
            self._client, f"{self._base}/event", params, parse_event, quick=read_event
        )

    async def aclose(self) -> None:
        await self._client.aclose()


def _now_ms() -> int:
    """SportyBet's cache buster `_t`."""
    return time.time_ns() // 1_000_000
