"""SportyBet's JSON: the `{bizCode, message, data}` envelope, event objects, the upcoming list
(paged by tournaments), the tournament tree and `pcEvents`."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

import orjson

from oddsdesk.domain import Book
from oddsdesk.simulator import presentation, splice
from oddsdesk.simulator.lines import plain, sporty_european, sporty_hcp_desc
from oddsdesk.simulator.pricing import format_sportybet
from oddsdesk.simulator.render_betpawa import _live_score, hash_key
from oddsdesk.simulator.world import PublishedMarket, SimEvent, Tournament, World

OK = {"bizCode": 10000, "message": "0#0"}
PARAM_ERROR = 4000  # unverified: the code a real SportyBet uses is not recorded
NOT_FOUND = 4004  # unverified, as above

_EARLY_PAYOUT = [
    {
        "name": name,
        "sourceMarketId": "1",
        "sourceSpecifier": "",
        "mappedMarketId": mapped,
        "mappedSpecifier": "",
        "supported": True,
    }
    for name, mapped in (("1UP", "60200"), ("2UP", "60100"), ("one_x_two_never_down", "60210"))
]
_EXTEND = [
    {"name": "1UP", "rootMarketId": "1", "nodeMarketId": "60200", "notSupport": False},
    {"name": "2UP", "rootMarketId": "1", "nodeMarketId": "60100", "notSupport": False},
]


def envelope(data: object) -> dict:
    return {**OK, "data": data}


def error(code: int, message: str) -> dict:
    return {"bizCode": code, "message": message, "data": None}


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def fill(template: str, *, line: float | None, line_text: str, home: str, away: str) -> str:
    """A SportyBet label template: {line} as SportyBet writes it, {home}/{away} the team names,
    {hcp_home}/{hcp_away} the signed Asian handicap of each side ("-1.0", "+0.5", "0")."""
    if "{" not in template:
        return template
    text = template.replace("{line}", line_text).replace("{home}", home).replace("{away}", away)
    if line is not None:
        text = text.replace("{hcp_home}", sporty_hcp_desc(line)).replace(
            "{hcp_away}", sporty_hcp_desc(-line)
        )
    return text


def line_text(line: float | None, line_format: str) -> str:
    if line is None:
        return ""
    return sporty_european(int(line)) if line_format == "score" else plain(line)


class SportyBetRenderer:
    def __init__(self, world: World) -> None:
        self.world = world
        start = world.start
        # A market's change time is the world's start moved by whole ticks and a few seconds:
        # few distinct values, each worth a datetime sum and a timestamp to compute.
        self._ms_after = lru_cache(maxsize=1 << 16)(
            lambda seconds: epoch_ms(start + timedelta(seconds=seconds))
        )

    def event(
        self,
        event: SimEvent,
        *,
        product: int = 3,
        market_ids: set[str] | None = None,
        listing: bool = False,
    ) -> dict:
        """The event object, every market rendered afresh (lists, and the uncached app)."""
        body, lines = self._event(event, product, market_ids, listing)
        home, away = body["homeTeamName"], body["awayTeamName"]
        body["markets"] = [self._market(m, home, away, ms, listing) for m, ms in lines]
        return body

    def detail(
        self, event: SimEvent, product: int, previous: splice.Spliced | None
    ) -> splice.Spliced:
        """The enveloped detail bytes, rendering only the markets that changed since `previous`
        (the same event and product): a market's key is its line and its change time."""
        body, lines = self._event(event, product, None, False)
        home, away = body["homeTeamName"], body["awayTeamName"]
        body["markets"] = splice.HOLE
        return splice.assemble(
            lambda: envelope(body),
            lines,
            lambda j: orjson.dumps(self._market(lines[j][0], home, away, lines[j][1], False)),
            previous,
        )

    def _event(
        self, event: SimEvent, product: int, market_ids: set[str] | None, listing: bool
    ) -> tuple[dict, list[tuple[PublishedMarket, int]]]:
        """The event object without its markets (a `None` holds their place) and the market
        lines it shows, each with its `lastOddsChangeTime`."""
        world = self.world
        status = event.status(world.now)
        home = event.home.spelling(Book.SPORTYBET)
        away = event.away.spelling(Book.SPORTYBET)
        t = event.tournament
        live = status == "live"
        body: dict = {
            "eventId": f"sr:match:{event.sporty_sr_id}",
            "gameId": event.sb_game_id,
            "productStatus": "0#0",
            "estimateStartTime": epoch_ms(event.kickoff),
            "status": 1 if live else 0,
            "matchStatus": "Not start",
            "homeTeamId": event.home.sr_id,
            "homeTeamName": home,
            "awayTeamName": away,
            "awayTeamId": event.away.sr_id,
            "sport": {
                "id": "sr:sport:1",
                "name": "Football",
                "category": {
                    "id": f"sr:category:{t.sb_category_id}",
                    "name": t.country.name,
                    "tournament": {"id": f"sr:tournament:{t.sb_id}", "name": t.name},
                },
            },
        }
        if live:
            minute = max(1, event.minute(world.now))
            h, a = _live_score(event, minute)
            fh, fa = _live_score(event, min(minute, 45))
            body["matchStatus"] = "H1" if minute <= 45 else "H2"
            body["setScore"] = f"{h}:{a}"
            body["gameScore"] = [f"{fh}:{fa}"] + ([f"{h - fh}:{a - fa}"] if minute > 45 else [])
            body["period"] = "1" if minute <= 45 else "2"
            body["playedSeconds"] = f"{minute}:00"
        lines = [] if live or product != 3 else self._lines(event, market_ids)
        if listing:
            body["totalMarketSize"] = (
                len(lines) + 60 + event.key % 80 if not market_ids else 300 + event.key % 130
            )
        body["markets"] = None
        if not listing:
            body.update(
                {"liveChannel": False, "webViewLiveChannel": True, "socialMediaLiveChannel": False}
            )
        body["bookingStatus"] = "Booked"
        body["topTeam"] = False
        if not listing:
            body["homeTeamIcon"] = f"https://s.sporty.net/common/main/res/{hash_key(home):08x}.png"
            body["awayTeamIcon"] = f"https://s.sporty.net/common/main/res/{hash_key(away):08x}.png"
            body["commentsNum"] = 0
            body["topicId"] = 44_000_000 + event.key
        body["fixtureVenue"] = {"name": f"{event.home.name.split(' ')[-1]} Stadium"}
        body["giftGrabActivityResultVO"] = {"activityEnabled": False, "enabled": False}
        body["ai"] = False
        body["bgEvent"] = False
        body["matchTrackerNotAllowed"] = False
        if event.sporty_sr_id == event.sr_id:
            source = {"sourceType": "BET_RADAR", "sourceId": event.sr_id}
        else:  # a Genius-sourced listing: SportyBet's SportRadar id differs from BetPawa's
            source = {"sourceType": "BET_GENIUS", "sourceId": "1111111" + event.genius_id}
        body["eventSource"] = {"preMatchSource": source, "liveSource": dict(source)}
        body["containsPcbb"] = False
        body["banned"] = False
        return body, lines

    def _lines(
        self, event: SimEvent, market_ids: set[str] | None
    ) -> list[tuple[PublishedMarket, int]]:
        world = self.world
        state = world.state[(Book.SPORTYBET, event.key)]
        out = []
        ms_after = self._ms_after
        for m in world.published(Book.SPORTYBET, event, market_ids):
            changed = state.changed_at.get(m.slot)
            if changed is None:
                seconds = -(600 + (event.key * 7919 + m.slot * 104_729) % 10_800)
            else:
                seconds = changed * world.config.tick_seconds - (m.slot % 50)
            out.append((m, ms_after(seconds)))
        return out

    def _market(
        self, m: PublishedMarket, home: str, away: str, changed_ms: int, listing: bool
    ) -> dict:
        """One market object; list items carry `earlyPayoutMarkets` on the 1X2 and no
        `farNearOdds`, as the upcoming-list capture shows."""
        bm = m.book_market
        line = m.written_line
        text = line_text(line, bm.line_format)
        values = {"line": m.line, "line_text": text, "home": home, "away": away}
        group = (
            "Players"
            if bm.market in presentation.SPORTYBET_PLAYERS
            else "Minutes"
            if bm.market in presentation.SPORTYBET_MINUTES
            else presentation.SPORTYBET_GROUP.get(m.market.category, "Main")
        )
        short = fill(bm.name.replace(" {line}", ""), **values)
        market: dict = {
            "id": bm.market,
            "product": 3,
            "desc": fill(bm.name, **values),
            "status": 1 if m.suspended else 0,
            "group": group,
            "groupId": presentation.SPORTYBET_GROUP_IDS[group],
            "marketGuide": f"{short}. Overtime not included.",
            "title": presentation.SPORTYBET_TITLE.get(bm.market, ""),
            "name": short,
            "favourite": 0,
        }
        if bm.specifier:
            market["specifier"] = bm.specifier.replace("{line}", text)
        outcomes = []
        if bm.market in presentation.SPORTYBET_PLAYERS:
            outcomes.append(
                {
                    "id": "1716",
                    "odds": "0.00",
                    "probability": "0.0000000000",
                    "voidProbability": "0E-10",
                    "isActive": 0,
                    "desc": "No Goal",
                }
            )
        for (_key, code, label), price, (win, push) in zip(
            m.outcomes, m.prices, m.fairs, strict=True
        ):
            outcomes.append(
                {
                    "id": code,
                    "odds": "1.00" if price is None else format_sportybet(price),
                    "probability": f"{win:.10f}",
                    "voidProbability": f"{push:.10f}" if push > 0 else "0E-10",
                    "isActive": 0 if price is None else 1,
                    "desc": fill(label, **values),
                }
            )
        market["outcomes"] = outcomes
        if not listing:
            market["farNearOdds"] = 0
        if bm.market == "1":
            market["marketExtendVOS"] = _EXTEND
        if listing and bm.market == "1":
            market["earlyPayoutMarkets"] = _EARLY_PAYOUT
        market["sourceType"] = "BET_RADAR"
        market["lastOddsChangeTime"] = changed_ms
        market["banned"] = False
        return market

    # -- lists -------------------------------------------------------------------------------
    def _by_tournament(self, events: list[SimEvent]) -> list[tuple[Tournament, list[SimEvent]]]:
        groups: dict[int, tuple[Tournament, list[SimEvent]]] = {}
        for event in events:
            groups.setdefault(event.tournament.key, (event.tournament, []))[1].append(event)
        return sorted(groups.values(), key=lambda g: (g[0].country.name, g[0].name, g[0].key))

    def upcoming(
        self,
        *,
        page_size: int,
        page: int,
        market_ids: set[str] | None,
        option: int,
        timeline_h: float | None,
        today: bool,
    ) -> dict:
        """`pcUpcomingEvents`: whole tournaments packed into pages of at most `page_size`
        events (a tournament larger than a page gets a page of its own); `totalNum` counts
        every event on every page; `option=1` keeps at most 10 events per tournament."""
        world = self.world
        events = list(world.listed(Book.SPORTYBET))
        if timeline_h is not None:
            events = [e for e in events if e.kickoff <= world.now + timedelta(hours=timeline_h)]
        if today:
            end = (world.now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
            events = [e for e in events if e.kickoff < end]
        groups = self._by_tournament(events)
        if option != 2:
            groups = [(t, evs[:10]) for t, evs in groups]
        pages: list[list[tuple[Tournament, list[SimEvent]]]] = [[]]
        count = 0
        for group in groups:
            if pages[-1] and count + len(group[1]) > page_size:
                pages.append([])
                count = 0
            pages[-1].append(group)
            count += len(group[1])
        chosen = pages[page - 1] if 1 <= page <= len(pages) else []
        return envelope(
            {
                "totalNum": sum(len(evs) for _t, evs in groups),
                "tournaments": [self._tournament(t, evs, market_ids) for t, evs in chosen],
            }
        )

    def _tournament(
        self, t: Tournament, events: list[SimEvent], market_ids: set[str] | None
    ) -> dict:
        return {
            "id": f"sr:tournament:{t.sb_id}",
            "name": t.name,
            "categoryName": t.country.name,
            "categoryId": f"sr:category:{t.sb_category_id}",
            "events": [self.event(e, market_ids=market_ids, listing=True) for e in events],
        }

    def tournament_events(self, tournament_ids: list[str], market_ids: set[str] | None) -> dict:
        """`pcEvents`: one entry per requested tournament that has upcoming events."""
        wanted = set(tournament_ids)
        groups = self._by_tournament(list(self.world.listed(Book.SPORTYBET)))
        return envelope(
            [
                self._tournament(t, evs, market_ids)
                for t, evs in groups
                if f"sr:tournament:{t.sb_id}" in wanted
            ]
        )

    def sport_list(self, *, live: bool) -> dict:
        events = list(self.world.listed(Book.SPORTYBET, live=live))
        categories: dict[str, dict] = {}
        for t, evs in self._by_tournament(events):
            cat = categories.setdefault(
                t.sb_category_id + t.country.name,
                {
                    "id": f"sr:category:{t.sb_category_id}",
                    "name": t.country.name,
                    "eventSize": 0,
                    "tournaments": [],
                },
            )
            cat["eventSize"] += len(evs)
            cat["tournaments"].append(
                {"id": f"sr:tournament:{t.sb_id}", "name": t.name, "eventSize": len(evs)}
            )
        return envelope(
            {
                "sportList": [
                    {
                        "id": "sr:sport:1",
                        "name": "Football",
                        "eventSize": len(events),
                        "categories": list(categories.values()),
                    }
                ]
            }
        )
