"""SportyBet: payload → domain values.

Every answer is `{bizCode, message, data}`; only `bizCode == 10000` is success, whatever the HTTP
status said. A market object is one market at one line (`specifier`), so it maps 1:1 onto a
BookMarket.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from oddsdesk.books.payload import Reader, price_or_none
from oddsdesk.config import Settings
from oddsdesk.domain import Book, BookEvent, BookMarket, BookOutcome, EventRef
from oddsdesk.errors import BookRejected

BOOK = Book.SPORTYBET
SUCCESS = 10000
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
        envelope = _R.get(payload, kind=dict)
        code = _R.get(envelope, "bizCode", kind=(int, str))
        if str(code) != str(SUCCESS):
            message = _R.opt(envelope, "message", kind=str) or "no message"
            raise BookRejected(BOOK.value, f"bizCode {code}: {message}", code=str(code))
        return envelope.get("data")


def parse_event(payload: Any) -> BookEvent:
    """A `factsCenter/event` answer (the whole envelope) as a BookEvent."""
    unwrap(payload)
    with _R.guard():
        data = _R.get(payload, "data", kind=dict)
        ref = event_ref(data)
        markets = []
        for index in range(len(_R.get(data, "markets", kind=list))):
            with _R.context(f"markets[{index}]"):
                markets.append(_market(_R.get(data, "markets", index, kind=dict)))
        return BookEvent(ref=ref, markets=tuple(markets))


def event_ref(event: Any, *, tournament: str | None = None, country: str | None = None) -> EventRef:
    """The listing facts of one event object (detail `data` or a list item). `tournament` and
    `country` are fallbacks from the enclosing list group."""
    with _R.guard():
        event = _R.get(event, kind=dict)
        event_id = _R.get(event, "eventId", kind=str)
        status = _R.opt(event, "status", kind=int)
        return EventRef(
            book=BOOK,
            book_event_id=event_id,
            sr_id=_sr_id(event_id),
            home=_R.get(event, "homeTeamName", kind=str),
            away=_R.get(event, "awayTeamName", kind=str),
            kickoff=_kickoff(_R.get(event, "estimateStartTime", kind=(int, str))),
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
        if _R.opt(event, "eventSource", source, "sourceType", kind=str) == "BET_GENIUS":
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
    open_ = _R.get(market, "status", kind=int) == 0
    outcomes = []
    for index in range(len(_R.get(market, "outcomes", kind=list))):
        with _R.context(f"outcomes[{index}]"):
            outcome = _R.get(market, "outcomes", index, kind=dict)
            active = _R.get(outcome, "isActive", kind=int) == 1
            odds = _R.opt(outcome, "odds", kind=(str, int, float))
            price = price_or_none(None if odds is None else _R.number(odds, "odds"))
            shown = price if open_ and active else None
            outcomes.append(
                BookOutcome(
                    code=_R.text(outcome, "id"),
                    name=_R.opt_text(outcome, "desc") or _R.text(outcome, "id"),
                    price=shown,
                    available=shown is not None,
                )
            )
    return BookMarket(
        market_id=_R.text(market, "id"),
        name=_R.opt_text(market, "desc") or _R.opt_text(market, "name") or _R.text(market, "id"),
        specifier=_R.opt(market, "specifier", kind=str) or None,
        outcomes=tuple(outcomes),
    )
