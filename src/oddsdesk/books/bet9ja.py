"""Bet9ja: payload → domain values.

Answers are `{R, D}`: "OK" (or "D") is success, "E" an error. Odds are one flat dict `O` whose
keys carry market, line and outcome: `S_<MARKET>[@<line>]_<OUTCOME>`. The line is the text
between "@" and the last "_"; outcome codes may hold "/" or "+", market codes "-". The live
detail (`GetLiveEvent`) has `LIVES_`-prefixed keys with `{"v": x}` values and its header in `AA`.
`STARTDATE` is naive local time of a per-brand zone (observed: UTC), so the zone is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from math import isfinite
from typing import Any
from zoneinfo import ZoneInfo

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
    DICT,
    LIST,
    NUMBER,
    STR,
    TEXT,
    Reader,
    collect,
    price_or_none,
    split_teams,
)
from oddsdesk.config import Settings
from oddsdesk.domain import Book, BookEvent, BookMarket, BookOutcome, EventRef
from oddsdesk.errors import BookError, BookRejected

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
        code = _R.get(payload, "R", kind=STR)
        if code == "E":
            raise BookRejected(BOOK.value, "answered R=E (an error or no such event)", code=code)
        if code not in _SUCCESS:
            raise _R.error(f"unknown status R={code!r}")
        return payload.get("D")


def parse_event(payload: Any, tz: tzinfo = UTC) -> BookEvent:
    """A `GetEvent` or `GetLiveEvent` answer (the whole envelope) as a BookEvent.

    `tz` is the zone `STARTDATE` is written in (settings: `bet9ja_timezone`)."""
    return read_event(payload, tz) or check_event(payload, tz)


def read_event(payload: Any, tz: tzinfo = UTC) -> BookEvent | None:
    """The fast reading (see `sportybet.read_event`); None declines it to `check_event`.

    Odds keys repeat across events (`S_1X2_1`), so each is split once and remembered."""
    try:
        code, data = payload["R"], payload["D"]
        if code.__class__ is not str or code not in _SUCCESS:
            return None
        odds, catalogue, trans = data["O"], data.get("MK"), data.get("TRANS")
        if (
            odds.__class__ is not dict
            or catalogue.__class__ not in _OPTIONAL_LIST
            or trans.__class__ not in _OPTIONAL_DICT
        ):
            return None
        live = "AA" in data
        header = data["AA"] if live else data
        if header.__class__ is not dict:
            return None
        ref = event_ref(header, tz=tz, live=live, sr_fallback=_R.opt_text(data, "A", "BRMATCHID"))
        meta = _read_meta(catalogue or [])
        if meta is None:
            return None
        trans = trans or {}
        groups: dict[tuple[str, str | None], list[BookOutcome]] = {}
        for key, raw in odds.items():
            parts = _SPLIT_KEYS.get(key)
            if parts is None:
                parts = _remember_key(key)
            market, line, outcome, label_key = parts
            if raw.__class__ is dict:
                raw = raw.get("v")
            cls = raw.__class__
            if cls is str or cls is int:
                price = float(raw)
            elif cls is float:
                price = raw
            else:
                return None
            if not isfinite(price):
                return None
            label = trans.get(label_key)
            label = (label.strip() or None) if label.__class__ is str else None
            if label is None:
                label = meta.get(market, _UNKNOWN).labels.get(outcome)
            value = price if price > 1.0 else None
            groups.setdefault((market, line), []).append(
                BookOutcome(outcome, label or outcome, value, value is not None)
            )
        return BookEvent(ref=ref, markets=_ordered(groups, meta, trans))
    except (BookError, LookupError, TypeError, ValueError, AttributeError):
        return None


_OPTIONAL_LIST = frozenset({list, type(None)})
_OPTIONAL_DICT = frozenset({dict, type(None)})
_OPTIONAL_TEXT = TEXT | {type(None)}
_SPLIT_KEYS: dict[str, tuple[str, str | None, str, str]] = {}
_SPLIT_KEYS_LIMIT = 100_000


def _remember_key(key: str) -> tuple[str, str | None, str, str]:
    """`split_key` plus the key of the outcome's label in `TRANS`, kept for the next event."""
    market, line, code = split_key(key)
    parts = (market, line, code, f"M#{market}_{code}")
    if len(_SPLIT_KEYS) >= _SPLIT_KEYS_LIMIT:
        _SPLIT_KEYS.clear()
    _SPLIT_KEYS[key] = parts
    return parts


def check_event(payload: Any, tz: tzinfo = UTC) -> BookEvent:
    """The checked reading: every field by its path, for the precise error."""
    unwrap(payload)
    with _R.guard():
        data = _R.get(payload, "D", kind=DICT)
        live = "AA" in data
        header = _R.get(data, "AA", kind=DICT) if live else data
        ref = event_ref(header, tz=tz, live=live, sr_fallback=_R.opt_text(data, "A", "BRMATCHID"))
        markets = parse_odds(
            _R.get(data, "O", kind=DICT),
            _R.opt(data, "MK", kind=LIST) or [],
            _R.opt(data, "TRANS", kind=DICT) or {},
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
        event = _R.get(event, kind=DICT)
        home, away = split_teams(_R, _R.get(event, "DS", kind=STR))
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
            kickoff=_kickoff(_R.get(event, "STARTDATE", kind=STR), tz),
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


@dataclass(frozen=True, slots=True)
class _MarketInfo:
    """One `MK` entry: display name, the site's order (`P`, then position), and the outcome
    suffixes (`SGNK`) with their labels (`SGN`) in the site's order."""

    name: str | None
    rank: tuple[int, int]
    labels: dict[str, str]
    order: dict[str, int]


_UNKNOWN = _MarketInfo(None, (_LAST, _LAST), {}, {})


def parse_odds(
    odds: dict[str, Any], catalogue: list[Any], trans: dict[str, Any]
) -> tuple[BookMarket, ...]:
    """Group the flat `O` dict into one BookMarket per (market, line), labelled from `MK`/`TRANS`."""
    meta = _market_meta(catalogue)
    groups: dict[tuple[str, str | None], list[BookOutcome]] = {}
    for key, raw in odds.items():
        if key.__class__ is not str:
            raise _R.error(f"odds key {key!r} is not a string")
        market, line, code = split_key(key)
        price = price_or_none(_value(raw, key))
        label = _label(trans, f"M#{market}_{code}") or meta.get(market, _UNKNOWN).labels.get(code)
        groups.setdefault((market, line), []).append(
            BookOutcome(code=code, name=label or code, price=price, available=price is not None)
        )
    return _ordered(groups, meta, trans)


def _ordered(
    groups: dict[tuple[str, str | None], list[BookOutcome]],
    meta: dict[str, _MarketInfo] | _LazyMeta,
    trans: dict[str, Any],
) -> tuple[BookMarket, ...]:
    """The grouped outcomes as BookMarkets in the site's order of markets and outcomes."""
    named: dict[str, tuple[_MarketInfo, str]] = {}

    def info_of(market: str) -> tuple[_MarketInfo, str]:
        found = named.get(market)
        if found is None:
            info = meta.get(market, _UNKNOWN)
            found = named[market] = (info, _market_name(trans, market) or info.name or market)
        return found

    def market_rank(item: tuple[tuple[str, str | None], list[BookOutcome]]) -> tuple[Any, ...]:
        (market, line), _ = item
        return (info_of(market)[0].rank, market, _line_order(line))

    markets = []
    for (market, line), outcomes in sorted(groups.items(), key=market_rank):
        info, name = info_of(market)
        if len(outcomes) > 1:
            order = info.order
            outcomes.sort(key=lambda o: (order.get(o.code, _LAST), o.code))
        markets.append(BookMarket(market, name, line, tuple(outcomes)))
    return tuple(markets)


def _value(raw: Any, key: str) -> float:
    """Prematch odds are strings ("3.1"); live ones are wrapped (`{"v": 1.0}`)."""
    if isinstance(raw, dict):
        raw = raw.get("v")
    if raw is None:
        raise _R.error(f"odds {key!r} has no value")
    return _R.number(raw, f"odds {key!r}")


def _market_meta(catalogue: list[Any]) -> dict[str, _MarketInfo]:
    meta: dict[str, _MarketInfo] = {}
    for index, entry in enumerate(catalogue):
        with _R.context("MK", index):
            entry = _R.get(entry, kind=DICT)
            meta[_R.text(entry, "ID")] = _info(
                index,
                _R.opt(entry, "SGNK", kind=LIST) or [],
                _R.opt(entry, "SGN", kind=LIST) or [],
                _R.opt_text(entry, "P"),
                _R.opt_text(entry, "DS") or _R.opt_text(entry, "NAME"),
            )
    return meta


def _read_meta(catalogue: list[Any]) -> _LazyMeta | None:
    """`_market_meta` by class tests; None for an entry it does not expect."""
    entries: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, entry in enumerate(catalogue):
        market, keys, labels = entry["ID"], entry.get("SGNK"), entry.get("SGN")
        priority, short, long = entry.get("P"), entry.get("DS"), entry.get("NAME")
        if (
            market.__class__ not in TEXT
            or market == ""
            or keys.__class__ not in _OPTIONAL_LIST
            or labels.__class__ not in _OPTIONAL_LIST
            or priority.__class__ not in _OPTIONAL_TEXT
            or short.__class__ not in _OPTIONAL_TEXT
            or long.__class__ not in _OPTIONAL_TEXT
        ):
            return None
        if priority.__class__ is str and priority.isdigit() and not priority.isdecimal():
            return None  # int() would refuse it ("²"): the checked reading says so
        entries[str(market)] = (index, entry)
    return _LazyMeta(entries)


class _LazyMeta:
    """MK entries by market, each made a `_MarketInfo` only when an odds key asks for it (an
    event lists about as many catalogue entries as it prices markets, and repeats them)."""

    __slots__ = ("_entries", "_made")

    def __init__(self, entries: dict[str, tuple[int, dict[str, Any]]]) -> None:
        self._entries = entries
        self._made: dict[str, _MarketInfo] = {}

    def get(self, market: str, default: _MarketInfo) -> _MarketInfo:
        info = self._made.get(market)
        if info is None:
            found = self._entries.get(market)
            if found is None:
                return default
            index, entry = found
            name = _text_or_none(entry.get("DS")) or _text_or_none(entry.get("NAME"))
            info = self._made[market] = _info(
                index,
                entry.get("SGNK") or [],
                entry.get("SGN") or [],
                _text_or_none(entry.get("P")),
                name,
            )
        return info


def _info(
    index: int, keys: list[Any], labels: list[Any], priority: str | None, name: str | None
) -> _MarketInfo:
    codes = [str(key) for key in keys]
    return _MarketInfo(
        name=name,
        rank=(int(priority) if priority and priority.isdigit() else _LAST, index),
        labels=dict(zip(codes, (str(label).strip() for label in labels), strict=False)),
        order={code: position for position, code in enumerate(codes)},
    )


def _text_or_none(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _label(trans: dict[str, Any], key: str) -> str | None:
    value = trans.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def _market_name(trans: dict[str, Any], market: str) -> str | None:
    value = trans.get(f"M#{market}")
    if isinstance(value, dict) and isinstance(value.get("NAME"), str):
        return value["NAME"].strip() or None
    return None


@lru_cache(maxsize=4096)
def _line_order(line: str | None) -> tuple[int, Decimal, str]:
    if line is None:
        return (0, Decimal(0), "")
    try:
        number = Decimal(line)
    except InvalidOperation:
        return (2, Decimal(0), line)
    return (1, number, line) if number.is_finite() else (2, Decimal(0), line)


# --- discovery and the adapter ------------------------------------------------------------

SOCCER = "1"
SPORTS_PATH = "/desktop/feapi/PalimpsestAjax/GetSports"
GROUP_PATH = "/desktop/feapi/PalimpsestAjax/GetEventsInGroupV2"
EVENT_PATH = "/desktop/feapi/PalimpsestAjax/GetEvent"


def parse_sports(payload: Any) -> list[Competition]:
    """Soccer groups of `GetSports`: `D.PAL["1"].SG{id: {SG_DESC, G{id: {G_DESC, NUM}}}}`;
    groups that say they have no events are left out."""
    unwrap(payload)
    with _R.guard():
        countries = _R.opt(payload, "D", "PAL", SOCCER, "SG", kind=DICT) or {}
        groups = []
        for country_id, country in countries.items():
            with _R.context("SG", country_id):
                name = _R.opt_text(country, "SG_DESC")
                for group_id, group in (_R.opt(country, "G", kind=DICT) or {}).items():
                    with _R.context("G", group_id):
                        if str(_R.opt(group, "NUM", kind=NUMBER)) == "0":
                            continue
                        groups.append(Competition(str(group_id), _R.text(group, "G_DESC"), name))
        return groups


def parse_group_events(
    payload: Any, *, tz: tzinfo = UTC, tournament: str | None = None, country: str | None = None
) -> EventPage:
    """`GetEventsInGroupV2`: `D.E`, a list (or a dict keyed by id in the live lists) of events.
    `tournament`/`country` come from the group in `GetSports` when the items lack GN/SG."""
    unwrap(payload)
    with _R.guard():
        events = _R.opt(payload, "D", "E", kind=LIST | DICT) or []
        items = list(events.values()) if isinstance(events, dict) else events
        refs, rejected = collect(
            items, lambda e: event_ref(e, tz=tz, tournament=tournament, country=country)
        )
        return EventPage(refs=refs, rejected=rejected, size=len(items))


class Adapter:
    """Bet9ja: `GetSports`, `GetEventsInGroupV2` per soccer group, then `GetEvent` per id."""

    book = BOOK

    def __init__(self, client: BookClient, settings: Settings) -> None:
        self._client = client
        self._version = settings.bet9ja_cache_version
        self._tz = ZoneInfo(settings.bet9ja_timezone)
        self.last_discovery = DiscoveryReport(BOOK)

    @property
    def metrics(self) -> BookMetrics:
        return self._client.metrics

    async def discover(self) -> list[EventRef]:
        report = self.last_discovery = DiscoveryReport(BOOK)
        params = {"DISP": 0, "v_cache_version": self._version}
        groups = await get_parsed(self._client, SPORTS_PATH, params, parse_sports)
        refs = await read_listings(report, groups, lambda g: self._group(g, report))
        return keep_upcoming(refs)

    async def fetch_event(self, ref: EventRef) -> BookEvent:
        params = {"EVENTID": ref.book_event_id, "v_cache_version": self._version}
        return await get_parsed(
            self._client, EVENT_PATH, params, lambda p: parse_event(p, self._tz)
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _group(self, group: Competition, report: DiscoveryReport) -> list[EventRef]:
        params = {
            "GROUPID": group.book_id,
            "DISP": 0,
            "GROUPMARKETID": 1,
            "matches": "true",
            "v_cache_version": self._version,
        }
        page = await get_parsed(
            self._client,
            GROUP_PATH,
            params,
            lambda p: parse_group_events(
                p, tz=self._tz, tournament=group.name, country=group.country
            ),
        )
        report.reject(page.rejected)
        return page.refs
