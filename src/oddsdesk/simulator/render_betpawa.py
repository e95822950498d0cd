"""BetPawa's JSON: event objects (both payload shapes), event lists and the competition tree.

Two shapes are served, as the captures show them (bookmaker-apis.md, "Two payload shapes"):
the May 2026 shape (`price`, `suspended` on every price, base64-obfuscated `probability`,
`formattedHandicap`) on `/v3/`, and the August 2026 shape (`odds`, `suspended` only when true,
plain `probability`, row `specifier`, string `totalMarketCount`/`version`, `marketCounters`) on
`/v4/`, where the capture most likely came from.
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterable
from datetime import datetime

import orjson

from oddsdesk.domain import Book
from oddsdesk.simulator import presentation, splice
from oddsdesk.simulator.lines import plain, quarters, signed
from oddsdesk.simulator.offering import BETPAWA_SHAPE_ONLY
from oddsdesk.simulator.world import PublishedMarket, SimEvent, World

_KEY = 0x9E3779B97F4A7C15
_M64 = (1 << 64) - 1
SHAPES = ("v3", "v4")
_COUNTED = 60_000  # matches whose market counts are kept (a few hundred bytes each)


def iso_z(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _signed64(value: int) -> int:
    value &= _M64
    return value - (1 << 64) if value >= 1 << 63 else value


def obfuscate(win: float, refund: float, key: int) -> str:
    """BetPawa's `probability`: base64 JSON whose ints XOR to the IEEE-754 bits of each value
    (decoding: `bits = value ^ 0x9E3779B97F4A7C15 ^ key`, big-endian double)."""

    def enc(x: float) -> int:
        bits = int.from_bytes(struct.pack(">d", x), "big")
        return _signed64(bits ^ _KEY ^ (key & _M64))

    raw = f'{{"win":{enc(win)},"refund":{enc(refund)},"key":{_signed64(key)}}}'
    return base64.b64encode(raw.encode()).decode()


def _handicap_text(kind: str, line: float, outcome: str) -> str | None:
    """The price `handicap`: "2.5" on totals, the side's own line on Asian ("-1.5"/"+1.5"),
    the giving side on European ("Home -1" for 1 and X when home gives)."""
    if kind == "NORMAL":
        return plain(line)
    if kind == "ASIAN":
        return signed(line if outcome == "home" else -line)
    if kind == "EUROPEAN":
        home = f"Home {signed(line)}"
        away = f"Away {signed(-line)}"
        if outcome == "home":
            return home
        if outcome == "away":
            return away
        return home if line < 0 else away
    return None


def _row_specifier(kind: str, line: float) -> dict[str, str]:
    if kind == "NORMAL":
        return {"total": plain(line)}
    if kind == "NUMBER_SPECIFIER":
        return {"goalnr": plain(line)}
    return {"hcp": plain(line)}


def _display(kind: str, code: str) -> str:
    """The price `displayName` BetPawa shows beside its `name`."""
    if kind == "NORMAL":
        return ("Under" if "Under" in code else "Over") + " {formattedHandicap}"
    if kind in ("ASIAN", "EUROPEAN"):
        return "{formattedHandicap}"
    if kind == "NUMBER_SPECIFIER" and code == "None":
        return "No Goal"
    if " - " in code:
        return code.split(" - ")[0]  # "1X - Yes" is shown as "1X" in its row
    return code


class BetPawaRenderer:
    def __init__(self, world: World) -> None:
        self.world = world
        self._counted: dict[int, dict[str, int]] = {}

    # -- event objects -----------------------------------------------------------------------
    def event(self, event: SimEvent, shape: str, market_types: Iterable[str] | None = None) -> dict:
        """The event object, every market rendered afresh (lists, and the uncached app)."""
        body, groups, live = self._event(event, shape, market_types)
        body["markets"] = [self._market(lines, shape, live, event.key) for lines in groups]
        return body

    def detail(
        self, event: SimEvent, shape: str, previous: splice.Spliced | None
    ) -> splice.Spliced:
        """The event's detail bytes, rendering only the markets that changed since `previous`
        (the same event and shape): a market's key is its lines and how they are shown."""
        body, groups, live = self._event(event, shape, None)
        body["markets"] = splice.HOLE
        return splice.assemble(
            lambda: body,
            [(live, shape, *lines) for lines in groups],
            lambda j: orjson.dumps(self._market(groups[j], shape, live, event.key)),
            previous,
        )

    def _event(
        self, event: SimEvent, shape: str, market_types: Iterable[str] | None
    ) -> tuple[dict, list[list[PublishedMarket]], bool]:
        """The event object without its markets (a `None` holds their place), the market lines
        it shows grouped by market type, and whether it is live."""
        world = self.world
        live = event.status(world.now) == "live"
        wanted = None if market_types is None else set(market_types)
        groups = self._groups(world.published(Book.BETPAWA, event, wanted), shape, live)
        name = f"{event.home.spelling(Book.BETPAWA)} - {event.away.spelling(Book.BETPAWA)}"
        if event.neutral:
            name += " (n)"
        genius = {"id": event.genius_id, "type": "GENIUSSPORTS", "retention": None}
        widgets = [
            {"id": event.sr_id, "type": "SPORTRADAR", "retention": "PREMATCH"},
            {"id": event.sr_id, "type": "SPORTRADAR", "retention": "INPLAY"},
            genius,
        ]
        tabs = self._tabs(event)
        total_markets = tabs["all"]
        extra = 20 + event.key % 30
        body = {
            "id": event.bp_id,
            "name": name,
        }
        if shape == "v3" or live:
            body["results"] = self._results(event) if live else None
        if shape == "v4":
            del genius["retention"]
            widgets = [widgets[0], genius, widgets[1]]
        body["widgets"] = widgets
        body["participants"] = [
            {
                "id": event.bp_participants[0],
                "name": event.home.spelling(Book.BETPAWA),
                "position": 1,
            },
            {
                "id": event.bp_participants[1],
                "name": event.away.spelling(Book.BETPAWA),
                "position": 2,
            },
        ]
        body["startTime"] = iso_z(event.kickoff)
        body["markets"] = None
        tournament = event.tournament
        version = 40 + world.revision_of(Book.BETPAWA, event)
        if shape == "v3":
            body.update(
                {
                    "totalMarketCount": total_markets + extra,
                    "category": {"id": "2", "name": "Football"},
                    "region": {"id": tournament.bp_region_id, "name": tournament.country.name},
                    "competition": {"id": tournament.bp_id, "name": tournament.name},
                    "additionalInfo": {"live": live},
                    "score": 20.0 + (event.key * 7919 % 6000) / 97.0,
                    "neutralVenue": event.neutral,
                    "inplayBooked": True,
                    "version": version,
                }
            )
        else:
            info = {"inplayBooked": True, "inplayBookedActual": True}
            if live:
                info["live"] = True
            body.update(
                {
                    "totalMarketCount": str(total_markets + extra),
                    "category": {"id": "2", "name": "Football"},
                    "region": {"id": tournament.bp_region_id, "name": tournament.country.name},
                    "competition": {"id": tournament.bp_id, "name": tournament.name},
                    "additionalInfo": info,
                    "version": str(version),
                    "marketCounters": {
                        "totalMarketGroupCount": str(total_markets),
                        "marketGroupCountByTab": {k: str(v) for k, v in tabs.items()},
                    },
                }
            )
        return body, groups, live

    def _tabs(self, event: SimEvent) -> dict[str, int]:
        """How many market types the match carries, in all and per tab: fixed for the match,
        so kept (for the most recent matches) rather than counted on every render."""
        tabs = self._counted.get(event.key)
        if tabs is not None:
            return tabs
        present = {
            bm.market: (bm, market.category)
            for market, bm in self.world.present(Book.BETPAWA, event)
        }
        tabs = {"all": len(present)}
        for type_id, (bm, category) in present.items():
            for tab in presentation.betpawa(type_id, bm.name, category).tabs:
                tabs[tab] = tabs.get(tab, 0) + 1
        self._counted[event.key] = tabs
        if len(self._counted) > _COUNTED:
            del self._counted[next(iter(self._counted))]
        return tabs

    def _results(self, event: SimEvent) -> dict:
        minute = max(1, event.minute(self.world.now))
        home, away = _live_score(event, minute)
        second = minute > 45
        period = (
            {"id": "3012", "name": "Second Half", "slug": "SECOND_HALF"}
            if second
            else {"id": "3007", "name": "First Half", "slug": "FIRST_HALF"}
        )

        def periods(total: int, first: int) -> list[dict]:
            rows = [
                (
                    {
                        "id": "3010",
                        "name": "Full Time (Excluding Overtime)",
                        "slug": "FULL_TIME_EXCLUDING_OVERTIME",
                    },
                    total,
                ),
                ({"id": "3007", "name": "First Half", "slug": "FIRST_HALF"}, first),
            ]
            if second:
                rows.insert(
                    1, ({"id": "3012", "name": "Second Half", "slug": "SECOND_HALF"}, total - first)
                )
            return [{"period": p, "result": str(v), "type": "SCORE"} for p, v in rows]

        fh, fa = _live_score(event, min(minute, 45))
        return {
            "display": {"minute": str(minute), "currentPeriod": period, "currentServer": None},
            "participantPeriodResults": [
                {
                    "participant": {"id": event.bp_participants[0], "type": "HOME"},
                    "periodResults": periods(home, fh),
                },
                {
                    "participant": {"id": event.bp_participants[1], "type": "AWAY"},
                    "periodResults": periods(away, fa),
                },
            ],
        }

    def _groups(
        self, published: tuple[PublishedMarket, ...], shape: str, live: bool
    ) -> list[list[PublishedMarket]]:
        grouped: dict[str, list[PublishedMarket]] = {}
        for m in published:
            type_id = m.book_market.market
            if BETPAWA_SHAPE_ONLY.get(type_id, shape) != shape:
                continue
            if live and not m.market.core:
                continue  # in play BetPawa keeps only the main markets, all suspended at the end
            grouped.setdefault(type_id, []).append(m)
        return list(grouped.values())

    def _market(self, lines: list[PublishedMarket], shape: str, live: bool, event_key: int) -> dict:
        bm = lines[0].book_market
        look = presentation.betpawa(bm.market, bm.name, lines[0].market.category)
        v3 = shape == "v3"
        kind = bm.handicap_type
        n_outcomes = len(lines[0].outcomes)
        market_type = {
            "id": bm.market,
            "name": bm.name,
            "displayName": look.display,
            "explainer": f"Pick the outcome of {look.display.split(' | ')[0]} for the stated period.",
            "priority": look.priority,
            "tabs": list(look.tabs),
        }
        if v3:
            market_type["handicapType"] = kind
            market_type["priceColumnCount"] = look.per_row or min(3, max(1, n_outcomes))
            market_type["priceSortingMethod"] = (
                "PRICE_TYPE_ID" if bm.outcomes else "GOALSCORER_SORTING"
            )
        elif kind:
            market_type["handicapType"] = kind
        rows: list[dict] = []
        for m in lines:
            rows.extend(self._rows(m, v3, live, event_key, look.per_row))
        market = {"marketType": market_type, "row": rows}
        columns = (
            ["1", "X", "2"]
            if kind == "EUROPEAN" or bm.market in ("1096755", "28000089")
            else (["1", "2"] if kind == "ASIAN" else [])
        )
        if v3:
            market["displayNameRows"] = []
            market["displayNameColumns"] = columns
            market["additionalInfo"] = {"boosted": False, "cashoutable": True, "twoUp": False}
        else:
            if columns:
                market["displayNameColumns"] = columns
            market["additionalInfo"] = {"cashoutable": True}
        return market

    def _rows(
        self, m: PublishedMarket, v3: bool, live: bool, event_key: int, per_row: int
    ) -> list[dict]:
        bm = m.book_market
        kind = bm.handicap_type
        base_id = (
            374_000_000 + (self.world.seed * 131 + event_key * 1_009 + m.slot * 7) % 25_000_000
        )
        line = m.written_line
        prices = []
        type_base = int(bm.market)
        for i, ((outcome, code, _label), price, (win, push)) in enumerate(
            zip(m.outcomes, m.prices, m.fairs, strict=True)
        ):
            suspended = live or m.suspended or price is None
            value = 0.0 if suspended else price
            pid = str(1_449_000_000 + (base_id * 17 + i * 7919 + hash_key(outcome)) % 99_999_989)
            type_id = (
                str(type_base + 1 + i)
                if bm.outcomes
                else str(30_000_000 + hash_key(code) % 1_999_999)
            )
            item = {"id": pid, "name": code, "typeId": type_id}
            handicap = _handicap_text(kind, line, outcome) if line is not None else None
            if v3:
                item["price"] = value
                item["suspended"] = suspended
                item["handicap"] = handicap
                item["displayName"] = _display(kind, code)
                item["additionalInfo"] = {"hot": False, "twoUp": False, "anyUp": "NO_UP"}
                item["probability"] = obfuscate(
                    win, push, _signed64(base_id * 0x2545F4914F6CDD1D + i)
                )
            else:
                item["odds"] = value
                if suspended:
                    item["suspended"] = True
                if handicap is not None:
                    item["handicap"] = handicap
                item["displayName"] = _display(kind, code)
                item["additionalInfo"] = {"anyUp": "NO_UP"}
                item["probability"] = {"win": win, "refund": push}
                if kind in ("ASIAN", "EUROPEAN") and handicap is not None:
                    item["specifier"] = {"hcp": handicap}
            prices.append(item)
        size = per_row or len(prices) or 1
        chunks = [prices[i : i + size] for i in range(0, len(prices), size)] or [[]]
        rows = []
        multi = len(chunks) > 1
        for j, chunk in enumerate(chunks):
            row: dict = {}
            if not multi:
                row["id"] = str(base_id + j)
            if line is None:
                if v3:
                    row["handicap"] = None
                    row["formattedHandicap"] = None
                row["prices"] = chunk
            else:
                row["handicap"] = quarters(line)
                if v3:
                    row["formattedHandicap"] = (
                        plain(line) if kind in ("EUROPEAN", "NUMBER_SPECIFIER") else None
                    )
                    row["prices"] = chunk
                else:
                    row["prices"] = chunk
                    row["specifier"] = _row_specifier(kind, line)
            rows.append(row)
        return rows

    # -- lists and tree ----------------------------------------------------------------------
    def categories(self, *, sport_id: str) -> dict:
        world = self.world
        regions: dict[str, dict] = {}
        if sport_id == "2":
            counts: dict[int, list[int]] = {}
            days: dict[int, dict[str, int]] = {}
            for event in world.events.values():
                if Book.BETPAWA not in event.books:
                    continue
                status = event.status(world.now)
                c = counts.setdefault(event.tournament.key, [0, 0])
                c[0 if status == "prematch" else 1] += 1
                if status == "prematch":
                    day = event.kickoff.strftime("%Y-%m-%d")
                    d = days.setdefault(event.tournament.key, {})
                    d[day] = d.get(day, 0) + 1
            for t in sorted(world.tournaments, key=lambda t: (t.country.name, t.name)):
                if t.key not in counts:
                    continue
                region = regions.setdefault(
                    t.bp_region_id + t.country.name,
                    {
                        "region": {
                            "id": t.bp_region_id,
                            "name": t.country.name,
                            "slug": _slug(t.country.name),
                            "iso": t.country.iso,
                            "parentName": "Football",
                            "parentSlug": "football",
                        },
                        "competitions": [],
                    },
                )
                upcoming, live = counts[t.key]
                region["competitions"].append(
                    {
                        "competition": {"id": t.bp_id, "name": t.name, "slug": _slug(t.name)},
                        "eventCounts": {"upcoming": upcoming, "live": live},
                        "week": {
                            "days": [
                                {"day": d, "counts": {"upcoming": n}}
                                for d, n in sorted(days.get(t.key, {}).items())
                            ]
                        },
                    }
                )
        total = sum(
            c["eventCounts"]["upcoming"] for r in regions.values() for c in r["competitions"]
        )
        live_total = sum(
            c["eventCounts"]["live"] for r in regions.values() for c in r["competitions"]
        )
        return {
            "withRegions": [
                {
                    "category": {"id": sport_id, "name": SPORTS.get(sport_id, "Football")},
                    "eventCounts": {"upcoming": total, "live": live_total},
                    "regions": list(regions.values()),
                }
            ]
        }

    def sports(self) -> dict:
        prematch = sum(1 for _ in self.world.listed(Book.BETPAWA))
        live = sum(1 for _ in self.world.listed(Book.BETPAWA, live=True))
        return {
            "onlyMeta": [
                {
                    "category": {"id": sid, "name": name},
                    "eventCounts": {
                        "upcoming": prematch if sid == "2" else 0,
                        "live": live if sid == "2" else 0,
                    },
                }
                for sid, name in SPORTS.items()
            ]
        }

    def by_queries(self, queries: list[dict], shape: str) -> dict:
        return {"responses": [{"responses": self._query(q, shape)} for q in queries]}

    def _query(self, spec: dict, shape: str) -> list[dict]:
        world = self.world
        query = spec.get("query") or {}
        live = query.get("eventType") == "LIVE"
        if "2" not in [str(c) for c in query.get("categories") or ["2"]]:
            return []
        zones = query.get("zones") or {}
        competitions = {str(c) for c in zones.get("competitions") or []}
        regions = {str(r) for r in zones.get("regions") or []}
        window = query.get("startTime") or {}
        gte, lt = _parse_time(window.get("gte")), _parse_time(window.get("lt"))
        events = []
        for event in world.listed(Book.BETPAWA, live=live):
            t = event.tournament
            if competitions and t.bp_id not in competitions:
                continue
            if regions and t.bp_region_id not in regions:
                continue
            if gte is not None and event.kickoff < gte:
                continue
            if lt is not None and event.kickoff >= lt:
                continue
            events.append(event)
        sort = spec.get("sort") or {}
        if sort.get("competitionPriority"):
            reverse = str(sort["competitionPriority"]).upper() == "DESC"
            events.sort(
                key=lambda e: (
                    -e.tournament.priority if reverse else e.tournament.priority,
                    e.kickoff,
                    e.key,
                )
            )
        skip = int(spec.get("skip") or 0)
        take = min(MAX_TAKE, int(spec.get("take") or MAX_TAKE))
        view = spec.get("view") or {}
        types = [str(t) for t in view.get("marketTypes") or []]
        return [self.event(e, shape, types) for e in events[skip : skip + take]]


MAX_TAKE = 100
SPORTS = {
    "2": "Football",
    "3": "Basketball",
    "452": "Tennis",
    "101": "eFootball",
    "457": "Specials",
}


def hash_key(text: str) -> int:
    h = 2166136261
    for ch in text.encode():
        h = ((h ^ ch) * 16777619) & 0xFFFFFFFF
    return h


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def _parse_time(value: object) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _live_score(event: SimEvent, minute: int) -> tuple[int, int]:
    """A deterministic running score: goals at minutes drawn from the match's rates."""
    rates = event.rates.goals
    home = sum(1 for g in _goal_minutes(event.key, rates.home1 + rates.home2, 1) if g <= minute)
    away = sum(1 for g in _goal_minutes(event.key, rates.away1 + rates.away2, 2) if g <= minute)
    return home, away


def _goal_minutes(key: int, rate: float, side: int) -> list[int]:
    import random

    r = random.Random(key * 31 + side)
    minutes, t = [], 0.0
    while True:
        t += r.expovariate(rate / 90.0) if rate > 0 else 1e9
        if t > 90:
            return minutes
        minutes.append(int(t) + 1)


def dumps(body: dict) -> bytes:
    return orjson.dumps(body)
