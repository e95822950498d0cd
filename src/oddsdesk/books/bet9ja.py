"""Bet9ja: payload → domain values.

Answers are `{R, D}`: "OK" (or "D") is success, "E" an error. Odds are one flat dict `O` whose
keys carry market, line and outcome: `S_<MARKET>[@<line>]_<OUTCOME>`. The line is the text
between "@" and the last "_"; outcome codes may hold "/" or "+", market codes "-". The live
detail (`GetLiveEvent`) has `LIVES_`-prefixed keys with `{"v": x}` values and its header in `AA`.
`STARTDATE` is naive local time of a per-brand zone (observed: UTC), so the zone is a parameter.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from oddsdesk.books.payload import Reader, price_or_none, split_teams
from oddsdesk.config import Settings
from oddsdesk.domain import Book, BookEvent, BookMarket, BookOutcome, EventRef
from oddsdesk.errors import BookRejected

BOOK = Book.BET9JA
_R = Reader(BOOK)
_SUCCESS = frozenset({"OK", "D"})
_START_FORMAT = "%Y-%m-%d %H:%M:%S"
_LAST = 1 << 30


def headers(settings: Settings) -> dict[str, str]:
    """Browser-like headers only; Bet9ja wants no brand or auth headers."""
    return {
        "accept": "application/json, text/plain, */*",
        "accept-language": "en-GB,en;q=0.9",
        "referer": settings.bet9ja_base_url + "/",
    }


def unwrap(payload: Any) -> Any:
    """`D` of a successful answer; `R == "E"` is BookRejected."""
    with _R.guard():
        code = _R.get(payload, "R", kind=str)
        if code == "E":
            raise BookRejected(BOOK.value, "answered R=E (an error or no such event)", code=code)
        if code not in _SUCCESS:
            raise _R.error(f"unknown status R={code!r}")
        return payload.get("D")


def parse_event(payload: Any, tz: tzinfo = UTC) -> BookEvent:
    """A `GetEvent` or `GetLiveEvent` answer (the whole envelope) as a BookEvent.

    `tz` is the zone `STARTDATE` is written in (settings: `bet9ja_timezone`)."""
    unwrap(payload)
    with _R.guard():
        data = _R.get(payload, "D", kind=dict)
        live = "AA" in data
        header = _R.get(data, "AA", kind=dict) if live else data
        ref = event_ref(header, tz=tz, live=live, sr_fallback=_R.opt_text(data, "A", "BRMATCHID"))
        markets = parse_odds(
            _R.get(data, "O", kind=dict),
            _R.opt(data, "MK", kind=list) or [],
            _R.opt(data, "TRANS", kind=dict) or {},
        )
        return BookEvent(ref=ref, markets=markets)


def event_ref(
    event: Any,
    *,
    tz: tzinfo = UTC,
    live: bool = False,
    tournament: str | None = None,
    country: str | None = None,
    sr_fallback: str | None = None,
) -> EventRef:
    """The listing facts of one event object (detail `D`, live `D.AA`, or a list item).
    `tournament` and `country` are fallbacks from the group the event was listed under."""
    with _R.guard():
        event = _R.get(event, kind=dict)
        home, away = split_teams(_R, _R.get(event, "DS", kind=str))
        group_name = _R.opt_text(event, "GN") or tournament
        region = _R.opt_text(event, "SG") or country
        if live and region is None and group_name and " - " in group_name:
            # Live headers name the group "Japan - J1 League" and carry no SG.
            region, group_name = (part.strip() for part in group_name.split(" - ", 1))
        if not group_name:
            raise _R.error("GN (tournament) is missing")
        return EventRef(
            book=BOOK,
            book_event_id=_R.text(event, "ID"),
            sr_id=_R.opt_text(event, "EXTID") or _R.opt_text(event, "BRMATCHID") or sr_fallback,
            home=home,
            away=away,
            kickoff=_kickoff(_R.get(event, "STARTDATE", kind=str), tz),
            tournament=group_name,
            country=region,
            tournament_id=_R.opt_text(event, "GID"),
            live=live,
        )


def _kickoff(text: str, tz: tzinfo) -> datetime:
    try:
        naive = datetime.strptime(text, _START_FORMAT)
    except ValueError:
        raise _R.error(f"STARTDATE {text!r} is not 'YYYY-MM-DD HH:MM:SS'") from None
    return naive.replace(tzinfo=tz).astimezone(UTC)


def split_key(key: str) -> tuple[str, str | None, str]:
    """`S_OU@2.5_O` → ("S_OU", "2.5", "O"); `S_1X2_1` → ("S_1X2", None, "1").

    The market keeps its `S_`/`LIVES_` prefix: it is part of the book's market id."""
    head, sep, code = key.rpartition("_")
    market, at, line = head.partition("@")
    prefix, _, name = market.partition("_")
    if not sep or not prefix or not name or not code or (at and not line):
        raise _R.error(f"odds key {key!r} is not MARKET[@LINE]_OUTCOME")
    return market, (line if at else None), code


def parse_odds(
    odds: dict[str, Any], catalogue: list[Any], trans: dict[str, Any]
) -> tuple[BookMarket, ...]:
    """Group the flat `O` dict into one BookMarket per (market, line), labelled from `MK`/`TRANS`."""
    meta = _market_meta(catalogue)
    groups: dict[tuple[str, str | None], list[BookOutcome]] = {}
    for key, raw in odds.items():
        if not isinstance(key, str):
            raise _R.error(f"odds key {key!r} is not a string")
        market, line, code = split_key(key)
        price = price_or_none(_value(raw, key))
        label = _label(trans, f"M#{market}_{code}") or meta.get(market, {}).get("signs", {}).get(
            code
        )
        groups.setdefault((market, line), []).append(
            BookOutcome(code=code, name=label or code, price=price, available=price is not None)
        )
    order = {market: (info["priority"], index) for index, (market, info) in enumerate(meta.items())}

    def sort_key(item: tuple[tuple[str, str | None], list[BookOutcome]]) -> tuple[Any, ...]:
        (market, line), _ = item
        return (order.get(market, (_LAST, len(order))), market, _line_order(line))

    markets = []
    for (market, line), outcomes in sorted(groups.items(), key=sort_key):
        signs = list(meta.get(market, {}).get("signs", {}))
        outcomes.sort(
            key=lambda o: (signs.index(o.code) if o.code in signs else len(signs), o.code)
        )
        name = _market_name(trans, market) or meta.get(market, {}).get("name") or market
        markets.append(
            BookMarket(market_id=market, name=name, specifier=line, outcomes=tuple(outcomes))
        )
    return tuple(markets)


def _value(raw: Any, key: str) -> float:
    """Prematch odds are strings ("3.1"); live ones are wrapped (`{"v": 1.0}`)."""
    if isinstance(raw, dict):
        raw = raw.get("v")
    if raw is None:
        raise _R.error(f"odds {key!r} has no value")
    return _R.number(raw, f"odds {key!r}")


def _market_meta(catalogue: list[Any]) -> dict[str, dict[str, Any]]:
    """`MK` entries by market id: display name, priority (`P`, the site's market order) and
    outcome suffix → label (`SGNK`/`SGN`)."""
    meta: dict[str, dict[str, Any]] = {}
    for index in range(len(catalogue)):
        with _R.context(f"MK[{index}]"):
            entry = _R.get(catalogue, index, kind=dict)
            keys = _R.opt(entry, "SGNK", kind=list) or []
            labels = _R.opt(entry, "SGN", kind=list) or []
            priority = _R.opt_text(entry, "P")
            meta[_R.text(entry, "ID")] = {
                "name": _R.opt_text(entry, "DS") or _R.opt_text(entry, "NAME"),
                "priority": int(priority) if priority and priority.isdigit() else _LAST,
                "signs": {
                    str(key): str(label).strip() for key, label in zip(keys, labels, strict=False)
                },
            }
    return meta


def _label(trans: dict[str, Any], key: str) -> str | None:
    value = trans.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def _market_name(trans: dict[str, Any], market: str) -> str | None:
    value = trans.get(f"M#{market}")
    if isinstance(value, dict) and isinstance(value.get("NAME"), str):
        return value["NAME"].strip() or None
    return None


def _line_order(line: str | None) -> tuple[int, Decimal, str]:
    if line is None:
        return (0, Decimal(0), "")
    try:
        number = Decimal(line)
    except InvalidOperation:
        return (2, Decimal(0), line)
    return (1, number, line) if number.is_finite() else (2, Decimal(0), line)
