"""Bet9ja: payload → domain values.

Answers are `{R, D}`: "OK" (or "D") is success, "E" an error. Odds are one flat dict `O` whose
keys carry market, line and outcome: `S_<MARKET>[@<line>]_<OUTCOME>`. The line is the text
between "@" and the last "_"; outcome codes may hold "/" or "+", market codes "-". The live
detail (`GetLiveEvent`) has `LIVES_`-prefixed keys with `{"v": x}` values and its header in `AA`.
`STARTDATE` is naive local time of a per-brand zone (observed: UTC), so the zone is a parameter.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import compress, count, repeat
from math import isfinite
from operator import add, itemgetter, not_
from sys import intern
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

import msgspec

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
    TYPED_TEXT,
    Reader,
    collect,
    price_or_none,
    remember,
    split_teams,
)
from oddsdesk.config import Settings
from oddsdesk.domain import Book, BookEvent, BookMarket, BookOutcome, EventRef
from oddsdesk.errors import BookError, BookRejected

BOOK = Book.BET9JA
_R = Reader(BOOK)
T = TypeVar("T")
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
    """A `GetEvent` or `GetLiveEvent` answer (the whole envelope, decoded) as a BookEvent,
    every field checked by its path for the precise error.

    `tz` is the zone `STARTDATE` is written in (settings: `bet9ja_timezone`)."""
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


# --- the typed reading of the raw body ------------------------------------------------------
# Only the fields `parse_event` reads, typed as narrowly as it accepts them: a value it would
# refuse fails validation and the body goes to `parse_event` for the precise error. Beyond 64
# bits orjson (and so `parse_event`) reads an integer as a float, msgspec as an int: ids and
# labels, made text, would differ, so they are held to 64 bits; a price is a float either way.


class _Live(msgspec.Struct, frozen=True, gc=False):
    """A live price, `{"v": 1.85}` (frozen: remembered by its raw value like a bare price)."""

    v: str | int | float


class _Named(msgspec.Struct, gc=False):
    """`TRANS["M#<market>"]`: the market's display name."""

    NAME: Any = None


class _Entry(msgspec.Struct, gc=False):
    """One `MK` entry."""

    ID: TYPED_TEXT | None = None
    P: TYPED_TEXT | None = None
    DS: TYPED_TEXT | None = None
    NAME: TYPED_TEXT | None = None
    SGNK: tuple[str, ...] | None = None  # tuples of strings: `_outcome_maps` caches by them
    SGN: tuple[str, ...] | None = None


class _Header(msgspec.Struct, gc=False):
    """What `event_ref` reads: of `D` (prematch) or of `D.AA` (live)."""

    ID: TYPED_TEXT | None = None
    DS: str | None = None
    GN: TYPED_TEXT | None = None
    SG: TYPED_TEXT | None = None
    EXTID: TYPED_TEXT | None = None
    BRMATCHID: TYPED_TEXT | None = None
    STARTDATE: str | None = None
    GID: TYPED_TEXT | None = None


class _Fallback(msgspec.Struct, gc=False):
    """`D.A` of a live answer, whose `BRMATCHID` stands in for a missing one in `AA`."""

    BRMATCHID: TYPED_TEXT | None = None


class _Data(_Header, gc=False):
    """`D`: the prematch header, the odds with their catalogue and labels, the live parts."""

    odds: dict[str, str | int | float | _Live] | None = msgspec.field(default=None, name="O")
    # Read only when the event's layout is not known yet: see `_layout_of`.
    catalogue: msgspec.Raw = msgspec.field(default=msgspec.Raw(), name="MK")
    # The label catalogue, the same bytes on every event of a catalogue version: see `_read_trans`.
    trans: msgspec.Raw = msgspec.field(default=msgspec.Raw(), name="TRANS")
    live: _Header | msgspec.UnsetType = msgspec.field(default=msgspec.UNSET, name="AA")
    fallback: _Fallback | None = msgspec.field(default=None, name="A")


class _Answer(msgspec.Struct, gc=False):
    R: str
    D: _Data


_DECODER = msgspec.json.Decoder(_Answer)
_CATALOGUE = msgspec.json.Decoder(list[msgspec.Raw] | None)
_ENTRY = msgspec.json.Decoder(_Entry)
# TRANS also holds values `parse_event` ignores (any JSON): they must not decline the body.
_Trans = dict[str, str | _Named | int | float | bool | list[Any] | None]
_TRANS = msgspec.json.Decoder(_Trans | None)
_TRANS_READ: dict[bytes, _Trans] = {}
_TRANS_VERSIONS = 4


def read_event(body: bytes, tz: tzinfo = UTC) -> BookEvent | None:
    """The raw body decoded straight into the fields read (msgspec), then read without checks;
    None declines it to `parse_event`, which names the error.

    Everything but the prices — which keys make which market, in what order, with what labels
    — depends only on the odds keys, `MK` and `TRANS`, which stay the same from one cycle to
    the next while the prices move: it is worked out once per event (`_layout_of`), and an
    event is then its prices looked up and placed."""
    try:
        answer = _DECODER.decode(body)
        if answer.R not in _SUCCESS:
            return None
        data = answer.D
        odds, live = data.odds, data.live is not msgspec.UNSET
        if odds is None:
            return None
        layout = _layout_of(odds, data.catalogue, _read_trans(data.trans))
        if layout is None:
            return None
        ref = event_ref(
            msgspec.structs.asdict(data.live if live else data),
            tz=tz,
            live=live,
            sr_fallback=None if data.fallback is None else _text_or_none(data.fallback.BRMATCHID),
        )
        markets = _priced(layout, odds)
        return None if markets is None else BookEvent(ref=ref, markets=markets)
    except (msgspec.DecodeError, BookError, LookupError, TypeError, ValueError, ArithmeticError):
        return None


def _read_trans(raw: msgspec.Raw) -> _Trans:
    """`TRANS` decoded, once per distinct body: it is the book's whole label catalogue (3,576
    entries, 170 kB, about 900 used by one event), identical on every event until the book
    changes its catalogue. Decoding it was most of the cost of reading an event. The dict is
    shared by every event that sent the same bytes, and only ever read."""
    if not raw:
        return {}
    body = bytes(raw)  # a copy costs microseconds, decoding milliseconds
    known = _TRANS_READ.get(body)
    if known is None:
        known = remember(_TRANS_READ, body, _TRANS.decode(body) or {}, _TRANS_VERSIONS)
    return known


_tuple = tuple.__new__  # a NamedTuple without its Python-level __new__ (thousands an event)
_REMEMBERED = 100_000
_Parts = tuple[tuple[str, str | None], str, str]  # (market, line), outcome, its TRANS label key
_SPLIT_KEYS: dict[str, _Parts] = {}
_PRICES: dict[str | int | float | _Live, tuple[float | None, bool]] = {}
_LABELS: dict[str, str] = {}  # TRANS label texts stripped, when not empty
# An `MK` entry read: ID, priority, name, labels, positions and suffixes.
_Known = tuple[str, int, str | None, dict[str, str], dict[str, int], tuple[str, ...]]
_ENTRIES: dict[bytes, _Known] = {}
_GROUP, _CODE, _LABEL_KEY = (itemgetter(i) for i in range(3))


class _Layout(NamedTuple):
    """An event's odds laid out, prices aside: `order` is the position in `O` of each outcome,
    market after market in the site's order, `named` its (code, label), and `markets` each
    market's (id, name, line, number of outcomes). `trans` is the label catalogue it was made
    with (held, so that it is compared by identity)."""

    trans: _Trans
    order: array[int]
    named: tuple[tuple[str, str], ...]
    markets: tuple[tuple[str, str, str | None, int], ...]


_LAYOUTS: dict[tuple[bytes, tuple[str, ...]], _Layout] = {}
_LAYOUTS_KEPT = 4096
"""Layouts kept, one per event in practice (about 20 kB each): above a cycle's Bet9ja events."""


def _layout_of(odds: dict[str, Any], catalogue: msgspec.Raw, trans: _Trans) -> _Layout | None:
    """The layout of these odds keys under this `MK` and `TRANS`, made once and remembered by
    the keys (interned) and a digest of `MK`; None when `MK` is not what the reader expects."""
    keys = tuple(odds)
    digest = hashlib.blake2b(catalogue, digest_size=16).digest()  # the raw buffer, not a copy
    layout = _LAYOUTS.get((digest, keys))
    if layout is not None and layout.trans is trans:
        return layout
    meta = _read_meta((_CATALOGUE.decode(catalogue) if catalogue else None) or ())
    if meta is None:
        return None
    layout = _lay_out(keys, meta, trans)
    return remember(_LAYOUTS, (digest, tuple(map(intern, keys))), layout, _LAYOUTS_KEPT)


def _lay_out(keys: tuple[str, ...], meta: dict[str, _MarketInfo], trans: _Trans) -> _Layout:
    """`parse_odds` of the keys alone: positions grouped and ordered as it orders outcomes."""
    parts = list(map(_SPLIT_KEYS.get, keys))
    if not all(parts):
        parts = [known or _remember_key(key) for key, known in zip(keys, parts, strict=True)]
    codes = list(map(_CODE, parts))
    raw = list(map(trans.get, map(_LABEL_KEY, parts)))
    try:
        labels = list(map(_LABELS.get, raw))
    except TypeError:  # a label that is no text (a list, an object)
        labels = [None] * len(raw)
    if not all(labels):
        _label_rest(labels, raw, codes, parts, meta)
    groups: dict[tuple[str, str | None], list[int]] = {}
    for position, group in enumerate(map(_GROUP, parts)):
        positions = groups.get(group)
        if positions is None:
            groups[group] = [position]
        else:
            positions.append(position)
    order = array("I")
    markets = []
    for market, name, line, positions in _ordered(groups, meta, trans, codes.__getitem__):
        order.extend(positions)
        markets.append(_shared((market, name, line, len(positions))))
    named = tuple(_shared((codes[position], labels[position])) for position in order)
    return _Layout(trans, order, named, tuple(markets))  # type: ignore[arg-type]


_SHARED: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def _shared(value: tuple[Any, ...]) -> tuple[Any, ...]:
    """One object for equal small tuples: layouts repeat the same (code, label) pairs and
    markets event after event, and a layout is then mostly references (~20 kB, not ~100)."""
    return _SHARED.get(value) or remember(_SHARED, value, value, _REMEMBERED)


def _priced(layout: _Layout, odds: dict[str, Any]) -> tuple[BookMarket, ...] | None:
    """The laid-out odds with their prices; None for a price that is not finite."""
    values = list(odds.values())
    priced = list(map(_PRICES.get, values))
    if not all(priced):
        priced = [known or _remember_price(raw) for raw, known in zip(values, priced, strict=True)]
        if not all(priced):
            return None
    outcomes = list(
        map(
            _tuple,
            repeat(BookOutcome),
            map(add, layout.named, map(priced.__getitem__, layout.order)),
        )
    )
    markets = []
    start = 0
    for market, name, line, size in layout.markets:
        end = start + size
        markets.append(_tuple(BookMarket, (market, name, line, tuple(outcomes[start:end]))))
        start = end
    return tuple(markets)


def _label_rest(
    labels: list[str | None],
    raw: list[Any],
    codes: list[str],
    parts: list[_Parts],
    meta: dict[str, _MarketInfo],
) -> None:
    """The labels not yet known from their TRANS text, as `parse_odds` takes them: the TRANS
    text stripped, else the `SGN` label, else the code. TRANS texts are remembered."""
    for index in compress(count(), map(not_, labels)):
        label = raw[index]
        text = (label.strip() or None) if label.__class__ is str else None
        if text is None:
            text = meta.get(parts[index][0][0], _UNKNOWN).labels.get(codes[index])
        else:
            remember(_LABELS, label, text, _REMEMBERED)
        labels[index] = text or codes[index]


def _remember_price(raw: str | int | float | _Live) -> tuple[float | None, bool] | None:
    """A price as BookOutcome's (price, available), kept for the next outcome; None when it is
    not finite. A number and its text are different keys, an int and its float the same price."""
    price = float(raw.v if raw.__class__ is _Live else raw)
    if not isfinite(price):
        return None
    return remember(_PRICES, raw, (price, True) if price > 1.0 else (None, False), _REMEMBERED)


def _remember_key(key: str) -> _Parts:
    """`split_key` as (market, line), outcome, and the key of the outcome's label in `TRANS`,
    kept for the next event."""
    market, line, code = split_key(key)
    parts = ((market, line), code, f"M#{market}_{code}")
    return remember(_SPLIT_KEYS, key, parts, _REMEMBERED)


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


class _MarketInfo(NamedTuple):
    """One `MK` entry: display name, the site's order (`P`, then position), and the outcome
    suffixes (`SGNK`) with their labels (`SGN`) in the site's order."""

    name: str | None
    rank: tuple[int, int]
    labels: dict[str, str]
    order: dict[str, int]
    codes: tuple[str, ...]


_UNKNOWN = _MarketInfo(None, (_LAST, _LAST), {}, {}, ())


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
    return tuple(_tuple(BookMarket, market) for market in _ordered(groups, meta, trans, _CODE_OF))


def _ordered(
    groups: dict[tuple[str, str | None], list[T]],
    meta: dict[str, _MarketInfo],
    trans: dict[str, Any],
    code_of: Callable[[T], str],
) -> list[tuple[str, str, str | None, tuple[T, ...]]]:
    """The grouped outcomes (or their positions) as (market, name, line, outcomes) in the site's
    order of markets and of each market's outcomes."""
    infos: dict[str, tuple[_MarketInfo, str]] = {}
    for market, _line in groups:
        if market not in infos:
            info = meta.get(market, _UNKNOWN)
            infos[market] = (info, _market_name(trans, market) or info.name or market)

    def market_rank(group: tuple[str, str | None]) -> tuple[Any, ...]:
        market, line = group
        return (infos[market][0].rank, market, _line_order(line))

    markets = []
    for group in sorted(groups, key=market_rank):
        market, line = group
        info, name = infos[market]
        outcomes = groups[group]
        if len(outcomes) > 1:
            present = tuple(map(code_of, outcomes))
            pick = _PICKS.get((info.codes, present)) or _remember_pick(info, present)
            markets.append((market, name, line, pick(outcomes)))
        else:
            markets.append((market, name, line, tuple(outcomes)))
    return markets


_CODE_OF = itemgetter(0)
_PICKS: dict[tuple[tuple[str, ...], tuple[str, ...]], itemgetter[Any]] = {}


def _remember_pick(info: _MarketInfo, present: tuple[str, ...]) -> itemgetter[Any]:
    """The site's order of a market's outcomes (their position in `SGNK`, then code) as a
    getter of the outcomes listed in `present`'s order; kept for the next market of that
    shape, which depends only on `SGNK` and the codes present."""
    order = info.order
    ranked = sorted(range(len(present)), key=lambda i: (order.get(present[i], _LAST), present[i]))
    return remember(_PICKS, (info.codes, present), itemgetter(*ranked), _REMEMBERED // 10)


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
                tuple(map(str, _R.opt(entry, "SGNK", kind=LIST) or ())),
                tuple(map(str, _R.opt(entry, "SGN", kind=LIST) or ())),
                _R.opt_text(entry, "P"),
                _R.opt_text(entry, "DS") or _R.opt_text(entry, "NAME"),
            )
    return meta


def _read_meta(catalogue: Sequence[msgspec.Raw]) -> dict[str, _MarketInfo] | None:
    """`_market_meta` of the raw entries; None for an entry without an ID."""
    meta: dict[str, _MarketInfo] = {}
    for index, raw in enumerate(catalogue):
        entry = bytes(raw)
        known = _ENTRIES.get(entry) or _remember_entry(entry)
        if known is None:
            return None
        market, priority, name, labels, order, codes = known
        meta[market] = _tuple(_MarketInfo, (name, (priority, index), labels, order, codes))
    return meta


def _remember_entry(
    raw: bytes,
) -> _Known | None:
    """One `MK` entry as (ID, priority, name, labels, positions), kept for the next event;
    None without an ID."""
    entry = _ENTRY.decode(raw)
    market = entry.ID
    if market is None or market == "":
        return None
    info = _info(
        0,
        entry.SGNK or (),
        entry.SGN or (),
        _text_or_none(entry.P),
        _text_or_none(entry.DS) or _text_or_none(entry.NAME),
    )
    known = (str(market), info.rank[0], info.name, info.labels, info.order, info.codes)
    return remember(_ENTRIES, raw, known, _REMEMBERED // 10)


def _info(
    index: int,
    codes: tuple[str, ...],
    labels: tuple[str, ...],
    priority: str | None,
    name: str | None,
) -> _MarketInfo:
    """Raises ValueError for a priority of digits `int` refuses ("²")."""
    rank = (int(priority) if priority and priority.isdigit() else _LAST, index)
    return _tuple(_MarketInfo, (name, rank, *_outcome_maps(codes, labels), codes))


@lru_cache(maxsize=4096)
def _outcome_maps(
    codes: tuple[str, ...], labels: tuple[str, ...]
) -> tuple[dict[str, str], dict[str, int]]:
    """Labels and site positions by outcome suffix; markets repeat across events with the
    same `SGNK`/`SGN`, so each pair is made once (the dicts are shared: never changed)."""
    return (
        dict(zip(codes, (label.strip() for label in labels), strict=False)),
        {code: position for position, code in enumerate(codes)},
    )


def _text_or_none(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _label(trans: dict[str, Any], key: str) -> str | None:
    value = trans.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def _market_name(trans: dict[str, Any], market: str) -> str | None:
    value = trans.get(f"M#{market}")
    cls = value.__class__
    name = value.NAME if cls is _Named else value.get("NAME") if cls is dict else None
    return (name.strip() or None) if name.__class__ is str else None


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
            self._client,
            EVENT_PATH,
            params,
            lambda p: parse_event(p, self._tz),
            quick=lambda body: read_event(body, self._tz),
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
