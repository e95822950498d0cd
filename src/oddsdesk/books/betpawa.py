"""BetPawa: payload → domain values.

Two payload shapes are live (see the reference, "Two payload shapes"): May 2026 prices carry
`price` and always `suspended`, rows carry `formattedHandicap`; August 2026 prices carry `odds`
and `suspended` only when true, rows carry a `specifier` object. Both parse the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from oddsdesk.books.payload import (
    Reader,
    fill_template,
    is_pure_template,
    line_text,
    price_or_none,
    split_teams,
)
from oddsdesk.config import Settings
from oddsdesk.domain import Book, BookEvent, BookMarket, BookOutcome, EventRef

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
    """An `events/{id}` body (the event object itself) as a BookEvent."""
    with _R.guard():
        event = _R.get(payload, kind=dict)
        ref = event_ref(event)
        markets: list[BookMarket] = []
        for index, market in enumerate(_R.get(event, "markets", kind=list)):
            with _R.context(f"markets[{index}]"):
                markets.extend(_markets(market, ref))
        return BookEvent(ref=ref, markets=tuple(markets))


def event_ref(event: Any) -> EventRef:
    """The listing facts of one event object (detail body or `by-queries` list item)."""
    with _R.guard():
        event = _R.get(event, kind=dict)
        event_id = _R.text(event, "id")
        home, away = _teams(event)
        widgets = _R.opt(event, "widgets", kind=list) or []
        return EventRef(
            book=BOOK,
            book_event_id=event_id,
            sr_id=_widget_id(widgets, "SPORTRADAR"),
            home=home,
            away=away,
            kickoff=_kickoff(_R.get(event, "startTime", kind=str)),
            tournament=_R.text(event, "competition", "name"),
            country=_R.opt_text(event, "region", "name"),
            tournament_id=_R.opt_text(event, "competition", "id"),
            genius_id=_widget_id(widgets, "GENIUSSPORTS"),
            live=bool(_R.opt(event, "additionalInfo", "live", kind=bool))
            or _R.opt(event, "results") is not None,
        )


def _teams(event: dict[str, Any]) -> tuple[str, str]:
    by_position: dict[int, str] = {}
    for index in range(len(_R.opt(event, "participants", kind=list) or [])):
        position = _R.get(event, "participants", index, "position", kind=int)
        by_position[position] = _R.get(event, "participants", index, "name", kind=str)
    if 1 in by_position and 2 in by_position:
        return by_position[1], by_position[2]
    return split_teams(_R, _R.get(event, "name", kind=str))


def _widget_id(widgets: list[Any], kind: str) -> str | None:
    for index in range(len(widgets)):
        if _R.opt(widgets, index, "type", kind=str) == kind:
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
    mtype = _R.get(market, "marketType", kind=dict)
    market_id = _R.text(mtype, "id")
    template = _R.opt(mtype, "displayName", kind=str) or _R.get(mtype, "name", kind=str)
    groups: dict[str | None, list[BookOutcome]] = {}
    for r in range(len(_R.get(market, "row", kind=list))):
        row = _R.get(market, "row", r, kind=dict)
        with _R.context(f"row[{r}]"):
            line = _row_line(row)
            outcomes = groups.setdefault(line, [])
            for p in range(len(_R.get(row, "prices", kind=list))):
                with _R.context(f"prices[{p}]"):
                    outcomes.append(_outcome(_R.get(row, "prices", p, kind=dict), line, ref))
    return [
        BookMarket(
            market_id=market_id,
            name=fill_template(template, _values(ref, line)).strip(),
            specifier=line,
            outcomes=tuple(outcomes),
        )
        for line, outcomes in groups.items()
    ]


def _row_line(row: dict[str, Any]) -> str | None:
    """The row's line in real units: `specifier` object, else `formattedHandicap`, else
    `handicap` / 4 (BetPawa stores lines ×4). For Asian handicaps this is the home line."""
    specifier = _R.opt(row, "specifier", kind=dict)
    candidates: list[Any] = []
    if specifier:
        candidates += [specifier[key] for key in _SPECIFIER_KEYS if key in specifier]
        candidates += [v for k, v in specifier.items() if k not in _SPECIFIER_KEYS]
    candidates.append(_R.opt(row, "formattedHandicap", kind=(str, int, float)))
    for candidate in candidates:
        if candidate is None or isinstance(candidate, bool):
            continue
        try:
            return line_text(candidate)
        except ValueError:
            continue
    quarter = _R.opt(row, "handicap", kind=(int, float, str))
    if quarter is not None:
        try:
            return line_text(Decimal(str(quarter)) / 4)
        except (ValueError, ArithmeticError):
            raise _R.error(f"handicap {quarter!r} is not a number") from None
    if specifier:
        raise _R.error(f"specifier {specifier!r} has no readable line")
    return None


def _outcome(price: dict[str, Any], line: str | None, ref: EventRef) -> BookOutcome:
    code = _R.text(price, "name")
    suspended = _R.opt(price, "suspended", kind=bool) is True
    raw = price.get("price")
    if raw is None:
        raw = price.get("odds")
    if raw is None and not suspended:
        raise _R.error("neither price nor odds")
    value = None if raw is None else _R.number(raw, "price")
    shown = None if suspended else price_or_none(value)
    return BookOutcome(
        code=code,
        name=_outcome_name(price, code, line, ref),
        price=shown,
        available=shown is not None,
    )


def _outcome_name(price: dict[str, Any], code: str, line: str | None, ref: EventRef) -> str:
    """`displayName` with its placeholders filled; a bare "{formattedHandicap}" becomes
    "1 (-1.5)" so that the label still says which side it is."""
    template = _R.opt(price, "displayName", kind=str)
    if not template:
        return code
    side = _R.opt_text(price, "handicap")
    values = _values(ref, side or line)
    if is_pure_template(template):
        filled = fill_template(template, values)
        return code if filled == template else f"{code} ({filled})"
    return fill_template(template, values)


def _values(ref: EventRef, line: str | None) -> dict[str, str]:
    values = {"home": ref.home, "away": ref.away}
    if line is not None:
        values["formattedHandicap"] = values["handicap"] = line
    return values
