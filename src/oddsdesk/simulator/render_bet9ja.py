"""Bet9ja's JSON: the `{R, D}` envelope, the flat `O` dict of string odds with its `MK`, `AUX`
and `TRANS` companions, the sport tree and the events of a group."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

import orjson

from oddsdesk.domain import Book
from oddsdesk.simulator import presentation, splice
from oddsdesk.simulator.lines import plain
from oddsdesk.simulator.offering import BookMarket
from oddsdesk.simulator.pricing import format_bet9ja
from oddsdesk.simulator.world import PublishedMarket, SimEvent, World

LOCKED = "1"  # Bet9ja's value for a locked or suspended outcome
# The markets `GetEventsInGroupV2?GROUPMARKETID=1` carries, as the SearchV2 capture shows.
LIST_MARKETS = ("S_1X2", "S_DC", "S_OU", "S_1X21T", "S_DC1T", "S_GOALS1T", "S_OE")
CATMARKET = [
    {"CODE": "106", "VALUE": "COMBINED"},
    {"CODE": "1", "VALUE": "POPULAR"},
    {"CODE": "102", "VALUE": "HT"},
    {"CODE": "999", "VALUE": "OTHER"},
    {"CODE": "108", "VALUE": "CORNER"},
    {"CODE": "104", "VALUE": "GOAL"},
    {"CODE": "105", "VALUE": "HOMEAWAY"},
    {"CODE": "103", "VALUE": "2T"},
]
_CNT_LABEL = {
    "GR": "Generic Result",
    "G": "Goals",
    "CO": "Corners",
    "C": "Corners",
    "HCO": "Corners",
}
# Declared in TRANS but never priced (bookieskit c4722d5: S_DC1X21 on 0 of 160 events).
_DECLARED_ONLY = (
    ("S_DC1X21", "DC 1X2 1UP", (("11", "1X - 1UP"), ("X1", "X2 - 1UP"), ("121", "12 - 1UP"))),
)


def ok(data: object) -> dict:
    return {"R": "OK", "D": data}


def rejected(message: str) -> dict:
    return {"R": "E", "D": {"MSG": message}}


def market_key(m: PublishedMarket) -> str:
    """`S_OU@2.5`; a market whose line is fixed by its key (`S_1X21ST15MIN`) has no `@`."""
    line = m.written_line
    return m.book_market.market if line is None else f"{m.book_market.market}@{plain(line)}"


class Bet9jaRenderer:
    def __init__(self, world: World) -> None:
        self.world = world
        self.zone = ZoneInfo(world.config.bet9ja_timezone)
        self._trans: dict | None = None
        self._trans_json: orjson.Fragment | None = None

    def start_date(self, event: SimEvent) -> str:
        return event.kickoff.astimezone(self.zone).strftime("%Y-%m-%d %H:%M:%S")

    def _header(self, event: SimEvent, *, detail: bool) -> dict:
        t = event.tournament
        start = self.start_date(event)
        body: dict = {"INCTYPE": 0, "ST": 1, "GID": t.b9_id}
        if detail:
            body["SPORTCAST_FIXTURE_ID"] = str(500_000 + event.key)
        body.update({"C": event.b9_code, "STARTDATE": start, "SGID": t.b9_country_id})
        if event.b9_has_extid:
            body["EXTID"] = event.sr_id
        body.update(
            {
                "PLAYER_EID": 9_000_000 + event.key if detail else 0,
                "DS": f"{event.home.spelling(Book.BET9JA)} - {event.away.spelling(Book.BET9JA)}",
                "SID": 1,
                "P": 0,
                "PRV": 1,
            }
        )
        if detail:
            body.update({"IS_BOOSTED": False, "IS_BETBUILDER": True})
        body.update({"ENDVISIBILITYDATE": start, "ID": event.b9_id, "PL": 0, "TYPE": 0})
        if detail:
            body.update({"ISSTREAMINGVIDEO": event.key % 3 == 0, "PLAYER_SID": 301})
        body.update({"GN": t.name, "GP": t.priority, "SG": t.country.name, "S": "Soccer"})
        return body

    def _odds(self, markets: list[PublishedMarket], event: SimEvent) -> tuple[dict, dict, list]:
        odds: dict[str, str] = {}
        for m in markets:
            odds.update(self._entries(m, event))
        aux, mk = self._aux_mk(markets)
        return odds, aux, mk

    def _entries(self, m: PublishedMarket, event: SimEvent) -> dict[str, str]:
        """The `O` entries of one market line."""
        draws = self.world.draws
        key = market_key(m)
        odds: dict[str, str] = {}
        for i, ((_oid, code, _label), price) in enumerate(zip(m.outcomes, m.prices, strict=True)):
            name = f"{key}_{code}"
            if m.suspended:
                odds[name] = LOCKED
            elif price is None:
                # Bet9ja shows a too-short outcome either locked or not at all.
                if draws.unit(draws.line_key(Book.BET9JA, event.key, m.slot), i) < 0.5:
                    odds[name] = LOCKED
            else:
                odds[name] = format_bet9ja(price)
        return odds

    def _aux_mk(self, markets: Sequence[PublishedMarket]) -> tuple[dict, list]:
        """`AUX` (the lines of each lined market) and `MK` (each market's description)."""
        aux: dict[str, dict] = {}
        mk: dict[str, dict] = {}
        for m in markets:
            bm = m.book_market
            if m.written_line is not None:
                line = m.written_line
                aux.setdefault(bm.market, {})[plain(line)] = (
                    int(line) if float(line).is_integer() else line
                )
            entry = mk.get(bm.market)
            if entry is None:
                mk[bm.market] = self._mk(bm, m.market.category, m.written_line is not None)
            elif (
                bm.outcomes[0][1] not in entry["SGNK"]
            ):  # one key shared by several markets (S_HAOU)
                entry["SGN"] = entry["SGN"] + [label for _o, _c, label in bm.outcomes]
                entry["SGNK"] = entry["SGNK"] + [code for _o, code, _l in bm.outcomes]
        return aux, list(mk.values())

    def _mk(self, bm: BookMarket, category: str, lined: bool) -> dict:
        return {
            "ID": bm.market,
            "DS": bm.name,
            "MDESC": f"You have to predict the {bm.name} outcome of the match.",
            "P": str(100 + MARKET_INDEX.get(bm.market, 0)),
            "VW": "0",
            "GCAT": presentation.BET9JA_GCAT.get(category, "OTHER"),
            "MARKETID": presentation.BET9JA_MARKETID.get(bm.market, "0"),
            "M_PAYOUT": "120",
            "CNT": "G" if lined else "GR",
            "CNTLABEL": "Goals" if lined else "Generic Result",
            "SGN": [label for _o, _c, label in bm.outcomes],
            "SGNK": [code for _o, code, _l in bm.outcomes],
        }

    def event(self, event: SimEvent) -> dict:
        """The enveloped event, every market rendered afresh (the uncached app)."""
        markets = self.world.offer(Book.BET9JA, event).markets
        odds, aux, mk = self._odds(list(markets), event)
        return ok(self._detail(event, odds, aux, mk, self.trans()))

    def detail(self, event: SimEvent, previous: splice.Spliced | None) -> splice.Spliced:
        """The enveloped detail bytes, rendering the `O` entries only of the market lines that
        changed since `previous` (the same event). All else is the event's header and what
        follows from which market lines it carries, so it is reused while they stay."""
        markets = self.world.offer(Book.BET9JA, event).markets
        if self._trans_json is None:
            self._trans_json = orjson.Fragment(orjson.dumps(self.trans()))
        trans = self._trans_json

        def head() -> dict:
            aux, mk = self._aux_mk(markets)
            return ok(self._detail(event, splice.HOLE, aux, mk, trans))

        return splice.assemble(
            head,
            [(m,) for m in markets],
            lambda j: orjson.dumps(self._entries(markets[j], event))[1:-1],
            previous,
            head_key=tuple((m.market, m.book_market, m.line) for m in markets),
            brackets=b"{}",
        )

    def _detail(self, event: SimEvent, odds: object, aux: dict, mk: list, trans: object) -> dict:
        body = self._header(event, detail=True)
        body["O"] = odds
        body["AUX"] = aux
        body.update({"EXCLUDED_BONUS": [], "BOOSTED_ODDS": [], "BOOSTED_MARKETS": []})
        body["MK"] = mk
        body["CATMARKET"] = CATMARKET
        body["TRANS"] = trans
        return body

    def list_event(self, event: SimEvent) -> dict:
        markets = list(self.world.offer_of(Book.BET9JA, event, set(LIST_MARKETS)))
        odds, aux, _mk = self._odds(markets, event)
        body = self._header(event, detail=False)
        body["EXCLUDED_BONUS"] = []
        body["O"] = odds
        body["AUX"] = {k: sorted(v.values()) for k, v in aux.items()}
        return body

    def group_events(self, group_id: int) -> dict:
        events = [e for e in self.world.listed(Book.BET9JA) if e.tournament.b9_id == group_id]
        listed = [self.list_event(e) for e in events]
        mk = [
            self._mk(bm, market.category, bm.lines is not None)
            for market, bm in self._book_markets()
            if bm.market in LIST_MARKETS
        ]
        return ok({"E": listed, "MK": mk})

    def _book_markets(self) -> list[tuple]:
        return [
            (market, bm)
            for market in self.world.markets
            for bm in market.books.get(Book.BET9JA, ())
        ]

    def sports(self) -> dict:
        groups: dict[int, dict] = {}
        total = 0
        for event in self.world.listed(Book.BET9JA):
            t = event.tournament
            country = groups.setdefault(
                t.b9_country_id, {"SG_DESC": t.country.name, "NUM": 0, "G": {}}
            )
            group = country["G"].setdefault(str(t.b9_id), {"G_DESC": t.name, "NUM": 0})
            group["NUM"] += 1
            country["NUM"] += 1
            total += 1
        return ok(
            {
                "PAL": {
                    "1": {
                        "S_DESC": "Soccer",
                        "NUM": total,
                        "SG": {str(k): v for k, v in sorted(groups.items())},
                    }
                }
            }
        )

    def trans(self) -> dict:
        """The label catalogue: event-independent, wider than what is priced, built once."""
        if self._trans is not None:
            return self._trans
        trans: dict = {}
        for _market, bm in self._book_markets():
            trans[f"M#{bm.market}"] = {
                "NAME": bm.name,
                "DESC": f"You have to predict the {bm.name} outcome of the match.",
            }
            for _o, code, label in bm.outcomes:
                trans[f"M#{bm.market}_{code}"] = label
                trans[f"MCU#{bm.market}_{code}"] = _template(label)
            if bm.lines is not None:
                trans[f"MH#{bm.market}"] = "|".join(label for _o, _c, label in bm.outcomes[:3])
        for key, name, outcomes in _DECLARED_ONLY:
            trans[f"M#{key}"] = {
                "NAME": name,
                "DESC": f"You have to predict the {name} outcome of the match.",
            }
            for sfx, label in outcomes:
                trans[f"M#{key}_{sfx}"] = label
        self._trans = trans
        return trans


MARKET_INDEX = {key: i for i, key in enumerate(LIST_MARKETS)}


def _template(label: str) -> str:
    if label == "1":
        return "{T1}"
    if label == "2":
        return "{T2}"
    if label == "X":
        return "Draw"
    if label in ("Over", "Under"):
        return f"{label} ({{HND}}) Goals"
    return label
