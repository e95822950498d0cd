"""Adapters end to end over httpx.MockTransport, with answers built from the captures: exact
paths and parameters, paging to the end, failures recorded per listing or per event."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import UTC, datetime

import httpx
import orjson
import pytest

from oddsdesk.books.base import build_adapters, close_adapters
from oddsdesk.config import Settings, load_settings
from oddsdesk.domain import Book, EventRef
from oddsdesk.errors import BadPayload, BookRejected, NotFound, ServerError


def _settings(**overrides: object) -> Settings:
    values = {"max_retries": 1, "backoff_base_s": 0, "backoff_max_s": 0, "bet9ja_spacing_ms": 0}
    return load_settings(**(values | overrides))


def _json(body: object, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status, content=orjson.dumps(body), headers={"content-type": "application/json"}
    )


class Recorder:
    """A MockTransport handler that records every request and answers from a routing function."""

    def __init__(self, route) -> None:
        self.route = route
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.route(request)

    def paths(self) -> Counter[str]:
        return Counter(r.url.path for r in self.requests)


async def _adapter(settings: Settings, book: Book, handler):
    adapters = build_adapters(settings, transport={book: httpx.MockTransport(handler)})
    return adapters[book], adapters


# --- BetPawa ---------------------------------------------------------------------------------


def _betpawa_world(load_capture, sizes: dict[str, int]):
    """Competitions with `sizes[id]` upcoming events each, cloned from a real list item."""
    template = load_capture("betpawa_event_list_RECONSTRUCTED.json")["responses"][0]["responses"][0]
    live = load_capture("betpawa_event_list_RECONSTRUCTED.json")["responses"][1]["responses"][0]
    events = {}
    for cid, size in sizes.items():
        items = []
        for n in range(size):
            item = copy.deepcopy(template)
            item["id"] = f"{cid}{n:04d}"
            item["competition"]["id"] = cid
            items.append(item)
        events[cid] = items
    events["13344"].append(live)  # a live event inside an UPCOMING listing must not be kept
    tree = {
        "withRegions": [
            {
                "regions": [
                    {
                        "region": {"name": "China"},
                        "competitions": [
                            {
                                "competition": {"id": cid, "name": f"League {cid}"},
                                "eventCounts": {"upcoming": len(items)},
                            }
                            for cid, items in events.items()
                        ]
                        + [
                            {
                                "competition": {"id": "99", "name": "Empty"},
                                "eventCounts": {"upcoming": 0},
                            }
                        ],
                    }
                ]
            }
        ]
    }
    return tree, events


async def test_betpawa_discovery_reads_every_page(load_capture) -> None:
    tree, events = _betpawa_world(load_capture, {"13344": 250, "11965": 3})

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/sportsbook/v4/categories/list/2":
            assert request.url.params["includeRegions"] == "true"
            return _json(tree)
        assert request.url.path == "/api/sportsbook/v4/events/lists/by-queries"
        (query,) = orjson.loads(request.url.params["q"])["queries"]
        assert query["query"]["eventType"] == "UPCOMING" and query["query"]["categories"] == ["2"]
        assert query["take"] == 100
        (cid,) = query["query"]["zones"]["competitions"]
        page = events[cid][query["skip"] : query["skip"] + query["take"]]
        return _json({"responses": [{"responses": page}]})

    recorder = Recorder(route)
    adapter, adapters = await _adapter(_settings(), Book.BETPAWA, recorder)
    try:
        refs = await adapter.discover()
    finally:
        await close_adapters(adapters)

    assert len(refs) == 253  # pawaRisk stopped at 100 per competition
    assert len({r.book_event_id for r in refs}) == 253
    assert not any(r.live for r in refs)
    skips = sorted(
        (
            orjson.loads(r.url.params["q"])["queries"][0]["query"]["zones"]["competitions"][0],
            orjson.loads(r.url.params["q"])["queries"][0]["skip"],
        )
        for r in recorder.requests
        if "q" in r.url.params
    )
    assert skips == [("11965", 0), ("13344", 0), ("13344", 100), ("13344", 200)]  # "99" has none
    assert all(r.headers["accept"] == "application/json" for r in recorder.requests)
    assert all(r.headers["x-pawa-brand"] == "betpawa-nigeria" for r in recorder.requests)
    assert adapter.last_discovery.listings == 2 and not adapter.last_discovery.failed


async def test_betpawa_failed_competition_is_recorded_and_the_rest_returned(load_capture) -> None:
    tree, events = _betpawa_world(load_capture, {"13344": 5, "11965": 3})

    def route(request: httpx.Request) -> httpx.Response:
        if "categories" in request.url.path:
            return _json(tree)
        (query,) = orjson.loads(request.url.params["q"])["queries"]
        cid = query["query"]["zones"]["competitions"][0]
        if cid == "11965":
            return httpx.Response(502, content=b"bad gateway")
        return _json({"responses": [{"responses": events[cid][query["skip"] :][:100]}]})

    adapter, adapters = await _adapter(_settings(), Book.BETPAWA, Recorder(route))
    refs = await adapter.discover()
    await close_adapters(adapters)
    assert len(refs) == 5
    (failure,) = adapter.last_discovery.failed
    assert isinstance(failure, ServerError) and failure.status == 502
    assert adapter.metrics.errors["server_error"] == 2  # first try and the one retry


async def test_betpawa_server_ignoring_skip_does_not_loop_forever(load_capture) -> None:
    tree, events = _betpawa_world(load_capture, {"13344": 100})
    tree["withRegions"][0]["regions"][0]["competitions"] = tree["withRegions"][0]["regions"][0][
        "competitions"
    ][:1]
    recorder = Recorder(
        lambda r: (
            _json(tree)
            if "categories" in r.url.path
            else _json({"responses": [{"responses": events["13344"][:100]}]})
        )
    )
    adapter, adapters = await _adapter(_settings(), Book.BETPAWA, recorder)
    refs = await adapter.discover()
    await close_adapters(adapters)
    assert len(refs) == 100
    assert recorder.paths()["/api/sportsbook/v4/events/lists/by-queries"] == 2


async def test_betpawa_fetch_event_and_its_errors(load_capture) -> None:
    detail = load_capture("betpawa_event_detail.json")

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/sportsbook/v4/events/33289995":
            return _json(detail)
        if request.url.path == "/api/sportsbook/v4/events/1":
            return _json({"id": "1", "markets": []})  # partial: no teams, no start
        return httpx.Response(404)

    adapter, adapters = await _adapter(_settings(), Book.BETPAWA, Recorder(route))
    try:
        event = await adapter.fetch_event(_ref(Book.BETPAWA, "33289995"))
        assert event.ref.sr_id == "68995116" and len(event.markets) == 118
        with pytest.raises(BadPayload) as caught:
            await adapter.fetch_event(_ref(Book.BETPAWA, "1"))
        assert caught.value.url == "/api/sportsbook/v4/events/1"
        with pytest.raises(NotFound):
            await adapter.fetch_event(_ref(Book.BETPAWA, "2"))
    finally:
        await close_adapters(adapters)
    assert adapter.metrics.errors == {"bad_payload": 1, "not_found": 1}


# --- SportyBet -------------------------------------------------------------------------------


def _sportybet_pages(load_capture, page_sizes: list[int], total: int | None = None) -> list[dict]:
    """Pages of `pcUpcomingEvents`, each one tournament with cloned real events."""
    capture = load_capture("sportybet_upcoming.json")
    template = capture["data"]["tournaments"][0]
    pages, n = [], 0
    for size in page_sizes:
        tournament = copy.deepcopy(template)
        events = []
        for _ in range(size):
            event = copy.deepcopy(template["events"][n % 5])
            event["eventId"] = f"sr:match:{70000000 + n}"
            events.append(event)
            n += 1
        tournament["events"] = events
        pages.append(
            {
                "bizCode": 10000,
                "message": "0#0",
                "data": {
                    "totalNum": total if total is not None else sum(page_sizes),
                    "tournaments": [tournament] if size else [],
                },
            }
        )
    return pages


def _sportybet_route(pages: list[dict]):
    def route(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["pageNum"])
        if number <= len(pages):
            return _json(pages[number - 1])
        return _json(
            {
                "bizCode": 10000,
                "message": "0#0",
                "data": {"totalNum": pages[-1]["data"]["totalNum"], "tournaments": []},
            }
        )

    return route


async def test_sportybet_discovery_pages_until_total(load_capture) -> None:
    recorder = Recorder(_sportybet_route(_sportybet_pages(load_capture, [60, 45, 12])))
    adapter, adapters = await _adapter(_settings(sportybet_country="gh"), Book.SPORTYBET, recorder)
    refs = await adapter.discover()
    await close_adapters(adapters)
    assert len(refs) == 117
    assert [int(r.url.params["pageNum"]) for r in recorder.requests] == [1, 2, 3]
    for request in recorder.requests:
        assert request.url.path == "/api/gh/factsCenter/pcUpcomingEvents"
        params = request.url.params
        assert (params["option"], params["sportId"], params["pageSize"]) == (
            "2",
            "sr:sport:1",
            "100",
        )
        assert int(params["_t"]) > 1_700_000_000_000
        assert (request.headers["clientid"], request.headers["operid"]) == ("web", "2")


async def test_sportybet_discovery_stops_after_two_empty_pages(load_capture) -> None:
    pages = _sportybet_pages(load_capture, [30, 0, 20], total=5000)  # totalNum never reached
    recorder = Recorder(_sportybet_route(pages))
    adapter, adapters = await _adapter(_settings(), Book.SPORTYBET, recorder)
    refs = await adapter.discover()
    await close_adapters(adapters)
    assert len(refs) == 50  # one empty page is not the end
    assert [int(r.url.params["pageNum"]) for r in recorder.requests] == [1, 2, 3, 4, 5]


async def test_sportybet_failed_middle_page_is_recorded_and_skipped(load_capture) -> None:
    pages = _sportybet_pages(load_capture, [30, 30, 30])
    good = _sportybet_route(pages)
    recorder = Recorder(
        lambda r: httpx.Response(500) if r.url.params["pageNum"] == "2" else good(r)
    )
    adapter, adapters = await _adapter(_settings(), Book.SPORTYBET, recorder)
    refs = await adapter.discover()
    await close_adapters(adapters)
    assert len(refs) == 60
    assert len(adapter.last_discovery.failed) == 1


async def test_sportybet_stops_paging_a_book_that_went_down(load_capture) -> None:
    good = _sportybet_route(_sportybet_pages(load_capture, [30, 30, 30, 30]))
    recorder = Recorder(
        lambda r: good(r) if r.url.params["pageNum"] == "1" else httpx.Response(503)
    )
    adapter, adapters = await _adapter(_settings(), Book.SPORTYBET, recorder)
    refs = await adapter.discover()
    await close_adapters(adapters)
    assert len(refs) == 30
    assert len(adapter.last_discovery.failed) == 3
    assert [r.url.params["pageNum"] for r in recorder.requests] == [
        "1",
        "2",
        "2",
        "3",
        "3",
        "4",
        "4",
    ]


async def test_sportybet_book_error_code_is_rejected(load_capture) -> None:
    detail = load_capture("sportybet_event_detail.json")

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/pcUpcomingEvents"):
            return _json({"bizCode": 19000, "message": "system busy"})
        if request.url.params["eventId"] == "sr:match:68995116":
            assert request.url.params["productId"] == "3" and "_t" in request.url.params
            return _json(detail)
        return _json({"bizCode": 4004, "message": "event not found"})

    adapter, adapters = await _adapter(_settings(), Book.SPORTYBET, Recorder(route))
    try:
        with pytest.raises(BookRejected) as caught:
            await adapter.discover()
        assert caught.value.code == "19000"
        event = await adapter.fetch_event(_ref(Book.SPORTYBET, "sr:match:68995116"))
        assert event.ref.kickoff == datetime(2026, 5, 6, 11, 0, tzinfo=UTC)
        with pytest.raises(BookRejected, match="4004"):
            await adapter.fetch_event(_ref(Book.SPORTYBET, "sr:match:1"))
    finally:
        await close_adapters(adapters)
    assert adapter.metrics.errors["rejected"] == 2


# --- Bet9ja ----------------------------------------------------------------------------------


def _bet9ja_world(load_capture, groups: dict[str, int]):
    (template,) = load_capture("bet9ja_search_v2.json")["D"]["S"]["1"]["E"]
    events = {}
    for gid, size in groups.items():
        items = []
        for n in range(size):
            item = copy.deepcopy(template)
            item["ID"] = int(gid) * 1000 + n
            item["GID"] = int(gid)
            del item["GN"]  # group names come from GetSports
            items.append(item)
        events[gid] = items
    tree = {
        "R": "OK",
        "D": {
            "PAL": {
                "1": {
                    "SG": {
                        "11420": {
                            "SG_DESC": "Tunisia",
                            "G": {
                                gid: {"G_DESC": f"Group {gid}", "NUM": len(items)}
                                for gid, items in events.items()
                            }
                            | {"5": {"G_DESC": "Cup", "NUM": 0}},
                        }
                    }
                }
            }
        },
    }
    return tree, events


async def test_bet9ja_discovery_walks_every_soccer_group(load_capture) -> None:
    tree, events = _bet9ja_world(load_capture, {"967783": 4, "170880": 2, "170881": 1})

    def route(request: httpx.Request) -> httpx.Response:
        params = request.url.params
        assert params["v_cache_version"] == "1.315.10.236"
        if request.url.path == "/desktop/feapi/PalimpsestAjax/GetSports":
            assert params["DISP"] == "0"
            return _json(tree)
        assert request.url.path == "/desktop/feapi/PalimpsestAjax/GetEventsInGroupV2"
        assert (params["DISP"], params["GROUPMARKETID"], params["matches"]) == ("0", "1", "true")
        if params["GROUPID"] == "170881":
            return _json({"R": "E", "D": None})
        return _json({"R": "OK", "D": {"E": events[params["GROUPID"]]}})

    recorder = Recorder(route)
    settings = _settings(bet9ja_cache_version="1.315.10.236", bet9ja_timezone="Africa/Lagos")
    adapter, adapters = await _adapter(settings, Book.BET9JA, recorder)
    refs = await adapter.discover()
    await close_adapters(adapters)
    assert len(refs) == 6
    assert {r.tournament for r in refs} == {"Group 967783", "Group 170880"}
    assert {r.country for r in refs} == {"Tunisia"}
    assert {r.kickoff for r in refs} == {datetime(2025, 5, 11, 13, 0, tzinfo=UTC)}  # WAT configured
    assert recorder.paths()["/desktop/feapi/PalimpsestAjax/GetEventsInGroupV2"] == 3  # not group 5
    (failure,) = adapter.last_discovery.failed
    assert isinstance(failure, BookRejected)


async def test_bet9ja_all_groups_failing_is_the_book_failing(load_capture) -> None:
    tree, _ = _bet9ja_world(load_capture, {"1": 1, "2": 1})
    recorder = Recorder(
        lambda r: _json(tree) if r.url.path.endswith("GetSports") else httpx.Response(403)
    )
    adapter, adapters = await _adapter(_settings(), Book.BET9JA, recorder)
    with pytest.raises(Exception, match="403"):
        await adapter.discover()
    await close_adapters(adapters)


async def test_bet9ja_malformed_event_fails_alone(load_capture) -> None:
    detail = load_capture("bet9ja_event_detail.json")
    broken = copy.deepcopy(detail)
    broken["D"]["O"] = ["not", "a", "dict"]

    def route(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/desktop/feapi/PalimpsestAjax/GetEvent"
        return _json(detail if request.url.params["EVENTID"] == "769895636" else broken)

    adapter, adapters = await _adapter(_settings(), Book.BET9JA, Recorder(route))
    try:
        with pytest.raises(BadPayload, match="O should be an object"):
            await adapter.fetch_event(_ref(Book.BET9JA, "1"))
        event = await adapter.fetch_event(_ref(Book.BET9JA, "769895636"))
    finally:
        await close_adapters(adapters)
    assert event.ref.sr_id == "68995116" and len(event.markets) > 100


# --- wiring ----------------------------------------------------------------------------------


async def test_build_adapters_follows_enabled_books() -> None:
    adapters = build_adapters(
        _settings(enabled_books="betpawa,bet9ja"),
        transport=httpx.MockTransport(lambda r: _json({})),
    )
    assert set(adapters) == {Book.BETPAWA, Book.BET9JA}
    assert all(adapter.book is book for book, adapter in adapters.items())
    await close_adapters(adapters)


def _ref(book: Book, event_id: str) -> EventRef:
    return EventRef(
        book=book,
        book_event_id=event_id,
        sr_id=None,
        home="Home",
        away="Away",
        kickoff=datetime(2026, 5, 6, 11, 0, tzinfo=UTC),
        tournament="League",
    )
