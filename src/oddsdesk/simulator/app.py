"""The simulator's HTTP face: one raw ASGI app answering all three books on their real paths.

It is written for speed, because benchmarks load it: no framework, a path split instead of a
router, and every body serialised once and cached until the world changes what it shows
(per-event caches keyed on the (book, event) revision, list caches on the world revision). A
detail whose revision moved re-renders only the markets that changed (`splice`). The same app
runs in process behind `httpx.ASGITransport` and as a real server under uvicorn.

It checks what the real books check and answers the way they do: BetPawa wants `x-pawa-brand`
(400 without it) and answers its v4 list in protobuf unless asked for JSON; SportyBet answers
HTTP 200 with a bizCode on bad parameters or unknown events; Bet9ja answers `R:"E"` without
`v_cache_version` or for an unknown event; unknown paths are 404.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any
from urllib.parse import parse_qs

import orjson

from oddsdesk.domain import Book
from oddsdesk.simulator import render_bet9ja as b9
from oddsdesk.simulator import render_betpawa as bp
from oddsdesk.simulator import render_sportybet as sb
from oddsdesk.simulator.faults import FaultInjector, fault_response
from oddsdesk.simulator.splice import Spliced
from oddsdesk.simulator.world import World

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]

JSON = b"application/json;charset=UTF-8"
SPORTY_COUNTRIES = frozenset({"ng", "gh", "ke", "tz", "za", "cm", "zm"})
_BRAND = re.compile(r"^betpawa-[a-z]+$")
_LIST_CACHE = 512


class Response:
    __slots__ = ("body", "headers", "status")

    def __init__(
        self, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        self.status = status
        self.body = body
        self.headers = headers if headers is not None else [(b"content-type", JSON)]


def _json(status: int, payload: object) -> Response:
    return Response(status, orjson.dumps(payload))


NOT_FOUND = Response(404, b'{"status":404,"error":"Not Found"}')


class SimulatorApp:
    """ASGI app over one `World`. `tick_seconds`: advance the world on that wall-clock interval
    while serving (None: only when told, through `advance()` or `POST /_simulator/advance`);
    `cache=False` serialises every body on every request (the benchmark's baseline); `prewarm`
    renders every detail in the background after start-up."""

    def __init__(
        self,
        world: World,
        *,
        tick_seconds: float | None = None,
        cache: bool = True,
        prewarm: bool = False,
    ) -> None:
        self.world = world
        self.tick_seconds = tick_seconds
        self.cache = cache
        self.prewarm = prewarm
        self.faults = FaultInjector(world.seed, world.config.faults)
        self.betpawa = bp.BetPawaRenderer(world)
        self.sportybet = sb.SportyBetRenderer(world)
        self.bet9ja = b9.Bet9jaRenderer(world)
        self._details: dict[tuple, tuple[int, Spliced]] = {}
        self._lists: OrderedDict[tuple, tuple[int, bytes]] = OrderedDict()
        self._tasks: list[asyncio.Task] = []
        self.served = 0
        self.prewarmed = False
        """Every detail listed at start-up has been rendered once (`prewarm`)."""

    # -- control -------------------------------------------------------------------------------
    def advance(self, ticks: int = 1) -> None:
        self.world.advance(ticks)
        self._forget_gone()

    def _forget_gone(self) -> None:
        for key in [k for k in self._details if k[2] not in self.world.events]:
            del self._details[key]

    async def _tick_forever(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            for _chunk in self.world.stepping():
                await asyncio.sleep(0)  # let requests in between chunks of a large world
            self._forget_gone()

    async def _prewarm(self) -> None:
        """Render every listed detail once in the background, between requests, so the first
        scrape of a large world finds its bodies cached."""
        for book in self.world.config.books:
            for event in list(self.world.listed(book)):
                if event.key in self.world.events:
                    self.warm(book, event)
                await asyncio.sleep(0)
        self.prewarmed = True

    def warm(self, book: Book, event) -> None:
        """Build (and cache) the detail bodies of one event on one book."""
        if book is Book.BETPAWA:
            self._detail((book, "v3", event.key), event)
            self._detail((book, "v4", event.key), event)
        elif book is Book.SPORTYBET:
            self._detail((book, "3", event.key), event)
        else:
            self._detail((book, "", event.key), event)

    # -- ASGI ----------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        book = _book_of(path)
        response: Response
        if book is None or book not in self.world.config.books:
            response = (
                await self._control(scope, receive)
                if path.startswith("/_simulator/")
                else NOT_FOUND
            )
            await _send(send, response)
            return
        decision = self.faults.decide(book)
        if decision.delay_s:
            await asyncio.sleep(decision.delay_s)
        response = await self._route(book, scope, receive)
        if decision.fault is not None and decision.fault != "hang":
            status, body, headers = fault_response(
                book, decision, response.body, self.faults.config(book).retry_after_s
            )
            response = Response(status, body, headers)
        self.served += 1
        await _send(send, response)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self.tick_seconds:
                    self._tasks.append(asyncio.create_task(self._tick_forever(self.tick_seconds)))
                if self.prewarm:
                    self._tasks.append(asyncio.create_task(self._prewarm()))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                for task in self._tasks:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _control(self, scope: Scope, receive: Receive) -> Response:
        path = scope["path"]
        if path == "/_simulator/status":
            world = self.world
            return _json(
                200,
                {
                    "seed": world.seed,
                    "tick": world.tick,
                    "now": world.now.astimezone(UTC).isoformat(),
                    "events": len(world.events),
                    "revision": world.revision,
                    "served": self.served,
                    "prewarmed": self.prewarmed,
                    "faults": {f"{b}:{k}": n for (b, k), n in sorted(self.faults.counts.items())},
                },
            )
        if path == "/_simulator/advance" and scope["method"] == "POST":
            ticks = int(_query(scope).get("ticks", ["1"])[0])
            self.advance(max(0, min(ticks, 10_000)))
            return _json(200, {"tick": self.world.tick, "now": self.world.now.isoformat()})
        return NOT_FOUND

    async def _route(self, book: Book, scope: Scope, receive: Receive) -> Response:
        if book is Book.BETPAWA:
            return self._betpawa(scope)
        if book is Book.SPORTYBET:
            return await self._sportybet(scope, receive)
        return self._bet9ja(scope)

    # -- BetPawa ---------------------------------------------------------------------------------
    def _betpawa(self, scope: Scope) -> Response:
        parts = scope["path"].split("/")  # ['', 'api', 'sportsbook', 'v4', ...]
        if len(parts) < 5 or parts[3] not in ("v2", "v3", "v4"):
            return NOT_FOUND
        headers = dict(scope["headers"])
        brand = headers.get(b"x-pawa-brand", b"").decode()
        if not _BRAND.match(brand):
            return _json(
                400,
                {
                    "status": 400,
                    "error": "BRAND_REQUIRED",
                    "message": "Missing or unknown x-pawa-brand header",
                },
            )
        version, rest = parts[3], parts[4:]
        shape = "v3" if version in ("v2", "v3") else "v4"
        if rest[:2] == ["categories", "list"] and len(rest) == 3:
            key = ("bp-cat", rest[2])
            if rest[2] == "all":
                return self._list(key, self.betpawa.sports)
            if not rest[2].isdigit():
                return NOT_FOUND
            return self._list(key, lambda: self.betpawa.categories(sport_id=rest[2]))
        if rest[:3] == ["events", "lists", "by-queries"] and len(rest) == 3:
            return self._betpawa_queries(scope, headers, shape)
        if rest[0] == "events" and len(rest) == 2:
            event = self.world.by_betpawa.get(rest[1])
            if event is None or Book.BETPAWA not in event.books:
                return _json(
                    404,
                    {"status": 404, "error": "NOT_FOUND", "message": f"Event {rest[1]} not found"},
                )
            return self._detail((Book.BETPAWA, shape, event.key), event)
        return NOT_FOUND

    def _betpawa_queries(self, scope: Scope, headers: dict, shape: str) -> Response:
        raw = _query(scope).get("q", [None])[0]
        if not raw:
            return _json(
                400,
                {
                    "status": 400,
                    "error": "BAD_REQUEST",
                    "message": "Required parameter q is missing",
                },
            )
        try:
            q = orjson.loads(raw)
            queries = q["queries"]
            if not isinstance(queries, list) or not queries:
                raise ValueError("queries must be a non-empty list")
            for spec in queries:
                event_type = (spec.get("query") or {}).get("eventType", "UPCOMING")
                if event_type not in ("UPCOMING", "LIVE"):
                    raise ValueError(f"unknown eventType {event_type}")
                if int(spec.get("skip") or 0) < 0 or int(spec.get("take") or 1) < 1:
                    raise ValueError("skip must be >= 0 and take >= 1")
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            return _json(
                400, {"status": 400, "error": "BAD_REQUEST", "message": f"Invalid q: {exc}"}
            )
        accept = headers.get(b"accept", b"*/*").decode().lower()
        if shape == "v4" and "application/json" not in accept:
            # v4 answers in protobuf unless JSON is asked for (bookmaker-apis.md, quirk).
            return Response(
                200, _protobuf_stub(len(raw)), [(b"content-type", b"application/x-protobuf")]
            )
        key = ("bp-q", shape, orjson.dumps(queries, option=orjson.OPT_SORT_KEYS))
        return self._list(key, lambda: self.betpawa.by_queries(queries, shape))

    # -- SportyBet -----------------------------------------------------------------------------
    async def _sportybet(self, scope: Scope, receive: Receive) -> Response:
        parts = scope["path"].split("/")  # ['', 'api', 'ng', 'factsCenter', name]
        if len(parts) != 5 or parts[2] not in SPORTY_COUNTRIES or parts[3] != "factsCenter":
            return NOT_FOUND
        name = parts[4]
        params = _query(scope)
        if name == "event":
            event_id = params.get("eventId", [""])[0]
            product = params.get("productId", ["3"])[0]
            if not event_id.startswith("sr:match:") or product not in ("1", "3"):
                return _json(200, sb.error(sb.PARAM_ERROR, "Invalid Parameters"))
            event = self.world.by_sportybet.get(event_id)
            if (
                event is None
                or Book.SPORTYBET not in event.books
                or event.status(self.world.now) == "ended"
            ):
                return _json(200, sb.error(sb.NOT_FOUND, "Event not found"))
            return self._detail((Book.SPORTYBET, product, event.key), event)
        if name == "pcUpcomingEvents":
            try:
                sport = params["sportId"][0]
                size = int(params.get("pageSize", ["100"])[0])
                page = int(params.get("pageNum", ["1"])[0])
                option = int(params.get("option", ["1"])[0])
                timeline = params.get("timeline", [""])[0]
                timeline_h = float(timeline) if timeline else None
                if not 1 <= size <= 100 or page < 1:
                    raise ValueError("pageSize must be within 1..100 and pageNum >= 1")
            except (KeyError, ValueError):
                return _json(200, sb.error(sb.PARAM_ERROR, "Invalid Parameters"))
            if sport != "sr:sport:1":
                return _json(200, sb.envelope({"totalNum": 0, "tournaments": []}))
            market_ids = _market_ids(params.get("marketId", [""])[0])
            today = params.get("todayGames", ["false"])[0] == "true"
            key = ("sb-up", size, page, option, timeline_h, today, tuple(sorted(market_ids or ())))
            return self._list(
                key,
                lambda: self.sportybet.upcoming(
                    page_size=size,
                    page=page,
                    market_ids=market_ids,
                    option=option,
                    timeline_h=timeline_h,
                    today=today,
                ),
            )
        if name == "popularAndSportList":
            sport = params.get("sportId", ["sr:sport:1"])[0] or "sr:sport:1"
            live = params.get("productId", ["3"])[0] == "1"
            if sport != "sr:sport:1":
                return _json(200, sb.envelope({"sportList": []}))
            return self._list(("sb-tree", live), lambda: self.sportybet.sport_list(live=live))
        if name == "pcEvents":
            if scope["method"] != "POST":
                return Response(405, b'{"status":405,"error":"Method Not Allowed"}')
            body = await _read_body(receive)
            try:
                requests = orjson.loads(body)
                request = requests[0]
                ids = [tid for group in request["tournamentId"] for tid in group]
                market_ids = _market_ids(str(request.get("marketId", "")))
            except (orjson.JSONDecodeError, KeyError, TypeError, IndexError):
                return _json(200, sb.error(sb.PARAM_ERROR, "Invalid Parameters"))
            key = ("sb-pc", tuple(ids), tuple(sorted(market_ids or ())))
            return self._list(key, lambda: self.sportybet.tournament_events(ids, market_ids))
        return NOT_FOUND

    # -- Bet9ja --------------------------------------------------------------------------------
    def _bet9ja(self, scope: Scope) -> Response:
        parts = scope["path"].split("/")  # ['', 'desktop', 'feapi', 'PalimpsestAjax', name]
        if (
            len(parts) != 5
            or parts[1] not in ("desktop", "mobile")
            or parts[2:4] != ["feapi", "PalimpsestAjax"]
        ):
            return NOT_FOUND
        name = parts[4]
        params = _query(scope)
        if not params.get("v_cache_version", [""])[0]:
            return _json(200, b9.rejected("Missing v_cache_version"))
        if name == "GetSports":
            return self._list(("b9-sports",), self.bet9ja.sports)
        if name in ("GetEventsInGroupV2", "GetEventsInGroup"):
            group = params.get("GROUPID", [""])[0]
            if not group.isdigit():
                return _json(200, b9.rejected("Invalid GROUPID"))
            return self._list(
                ("b9-group", int(group)), lambda: self.bet9ja.group_events(int(group))
            )
        if name == "GetEvent":
            raw = params.get("EVENTID", [""])[0]
            event = self.world.by_bet9ja.get(int(raw)) if raw.isdigit() else None
            if (
                event is None
                or Book.BET9JA not in event.books
                or event.status(self.world.now) != "prematch"
            ):
                return _json(200, b9.rejected("Event not found"))
            return self._detail((Book.BET9JA, "", event.key), event)
        return NOT_FOUND

    # -- caches --------------------------------------------------------------------------------
    def _detail(self, key: tuple, event) -> Response:
        """A detail body: `key` is (book, shape or product, event key). Cached per key until the
        (book, event) revision moves; then only the markets that changed are re-rendered."""
        book, variant = key[0], key[1]
        if not self.cache:
            if book is Book.BETPAWA:
                body = self.betpawa.event(event, variant)
            elif book is Book.SPORTYBET:
                body = sb.envelope(self.sportybet.event(event, product=int(variant)))
            else:
                body = self.bet9ja.event(event)
            return Response(200, orjson.dumps(body))
        revision = self.world.revision_of(book, event)
        if event.status(self.world.now) == "live":
            revision = -self.world.tick - 1  # the live clock moves with every tick
        cached = self._details.get(key)
        if cached is not None and cached[0] == revision:
            return Response(200, cached[1].body)
        previous = cached[1] if cached is not None else None
        if book is Book.BETPAWA:
            spliced = self.betpawa.detail(event, variant, previous)
        elif book is Book.SPORTYBET:
            spliced = self.sportybet.detail(event, int(variant), previous)
        else:
            spliced = self.bet9ja.detail(event, previous)
        self._details[key] = (revision, spliced)
        return Response(200, spliced.body)

    def _list(self, key: tuple, build: Callable[[], dict]) -> Response:
        cached = self._lists.get(key) if self.cache else None
        if cached is not None and cached[0] == self.world.revision:
            self._lists.move_to_end(key)
            return Response(200, cached[1])
        body = orjson.dumps(build())
        if self.cache:
            self._lists[key] = (self.world.revision, body)
            if len(self._lists) > _LIST_CACHE:
                self._lists.popitem(last=False)
        return Response(200, body)


def _book_of(path: str) -> Book | None:
    if path.startswith("/api/sportsbook/"):
        return Book.BETPAWA
    if path.startswith("/api/") and "/factsCenter/" in path:
        return Book.SPORTYBET
    if path.startswith(("/desktop/feapi/", "/mobile/feapi/")):
        return Book.BET9JA
    return None


def _query(scope: Scope) -> dict[str, list[str]]:
    return parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def _market_ids(raw: str) -> set[str] | None:
    ids = {part.strip() for part in raw.split(",") if part.strip()}
    return ids or None


def _protobuf_stub(seed: int) -> bytes:
    return bytes([0x0A, 0x08, 0x0A, 0x06]) + b"events" + bytes([0x12, 0x02, seed & 0x7F, 0x01])


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _send(send: Send, response: Response) -> None:
    headers = [*response.headers, (b"content-length", str(len(response.body)).encode())]
    with contextlib.suppress(OSError, RuntimeError):  # the client may have gone (a hang)
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})


def create_app(
    world: World, *, tick_seconds: float | None = None, cache: bool = True, prewarm: bool = False
) -> SimulatorApp:
    return SimulatorApp(world, tick_seconds=tick_seconds, cache=cache, prewarm=prewarm)
