"""The shared HTTP layer against a real server on 127.0.0.1: retries, typed errors, throttle."""

from __future__ import annotations

import asyncio
import itertools
import random
import statistics
import urllib.parse
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import orjson
import pytest

from oddsdesk.books import bet9ja, betpawa, sportybet
from oddsdesk.books.http import BookClient, RetryPolicy, parse_retry_after
from oddsdesk.config import Settings, load_settings
from oddsdesk.domain import Book
from oddsdesk.errors import (
    BadPayload,
    Blocked,
    BookError,
    BookTimeout,
    ClientError,
    NotFound,
    RateLimited,
    ServerError,
    TransportError,
)
from tests.support.loopback_http import Arrival, LoopbackServer, Reply, free_port

HEADERS = {
    Book.BETPAWA: betpawa.headers,
    Book.SPORTYBET: sportybet.headers,
    Book.BET9JA: bet9ja.headers,
}


def settings_for(url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "betpawa_base_url": url,
        "sportybet_base_url": url,
        "bet9ja_base_url": url,
        "connect_timeout_s": 2.0,
        "read_timeout_s": 2.0,  # generous: a loaded CI machine must not turn into timeouts
        "max_retries": 3,
        "backoff_base_s": 0.01,
        "backoff_max_s": 0.05,
        "bet9ja_spacing_ms": 0,
    }
    return load_settings(**(values | overrides))


@pytest.fixture
def serve():
    servers: list[LoopbackServer] = []

    def start(handler, *, port: int | None = None) -> LoopbackServer:
        server = LoopbackServer(handler, port=port).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
async def client_for():
    clients: list[BookClient] = []

    def make(settings: Settings, book: Book = Book.BETPAWA, **kwargs) -> BookClient:
        client = BookClient(
            book, settings, headers=HEADERS[book](settings), rng=random.Random(7), **kwargs
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


def scripted(*replies: Reply, then: Reply | None = None):
    """Answer with `replies` in order, then `then` (default: 200 {"ok": true}) forever."""
    queue = list(replies)

    def handler(arrival: Arrival) -> Reply:
        return queue.pop(0) if queue else (then or Reply(body=b'{"ok": true}'))

    return handler


async def test_each_book_sends_its_headers_over_one_kept_alive_connection(
    serve, client_for
) -> None:
    server = serve(scripted())
    settings = settings_for(server.url, betpawa_brand="betpawa-ghana")
    for book in Book:
        client = client_for(settings, book)
        for _ in range(3):
            assert await client.get_json("/ping", {"book": book.value}) == {"ok": True}
    by_book = {
        b: [a for a in server.arrivals if a.target.endswith(f"book={b.value}")] for b in Book
    }
    betpawa_headers = by_book[Book.BETPAWA][0].headers
    assert betpawa_headers["x-pawa-brand"] == "betpawa-ghana"
    assert betpawa_headers["accept"] == "application/json"
    assert betpawa_headers["x-pawa-language"] == "en" and betpawa_headers["devicetype"] == "web"
    sporty = by_book[Book.SPORTYBET][0].headers
    assert (sporty["clientid"], sporty["operid"], sporty["platform"]) == ("web", "2", "web")
    assert by_book[Book.BET9JA][0].headers["referer"] == server.url + "/"
    assert all("Mozilla/5.0" in a.headers["user-agent"] for a in server.arrivals)
    for arrivals in by_book.values():
        assert len({a.connection for a in arrivals}) == 1  # keep-alive: three requests, one socket
    assert server.connections == 3


async def test_refused_connection_is_retried_until_the_server_appears(serve, client_for) -> None:
    """pawaRisk never retried connection errors; a book that comes back must be reached."""
    port = free_port()
    servers: list[LoopbackServer] = []

    async def backoff_while_the_book_comes_back(delay: float) -> None:
        if not servers:  # the first attempt was refused: nothing listened on the port
            servers.append(serve(scripted(), port=port))
        await asyncio.sleep(delay)

    client = client_for(
        settings_for(f"http://127.0.0.1:{port}"), sleep=backoff_while_the_book_comes_back
    )
    assert await client.get_json("/events") == {"ok": True}
    assert client.metrics.errors["transport"] == 1
    assert client.metrics.retries == 1
    assert len(servers[0].arrivals) == 1


async def test_dropped_connection_is_retried(serve, client_for) -> None:
    """aiohttp resends a GET once at once when the server drops the connection (RFC 9112 9.3.1,
    for stale keep-alive sockets); a second drop is ours to count, back off and retry."""
    server = serve(scripted(Reply(drop=True), Reply(drop=True)))
    client = client_for(settings_for(server.url))
    assert await client.get_json("/events") == {"ok": True}
    assert len(server.arrivals) == 3
    assert client.metrics.errors["transport"] == 1 and client.metrics.retries == 1


async def test_redirects_are_followed_and_a_loop_is_a_client_error(serve, client_for) -> None:
    def handler(arrival: Arrival) -> Reply:
        if arrival.target.startswith("/moved"):
            return Reply(302, b"", headers={"location": "/events?page=2"})
        if arrival.target.startswith("/loop"):
            return Reply(302, b"", headers={"location": "/loop"})
        return Reply(body=orjson.dumps({"target": arrival.target}))

    server = serve(handler)
    client = client_for(settings_for(server.url))
    assert await client.get_json("/moved") == {"target": "/events?page=2"}
    with pytest.raises(ClientError) as caught:
        await client.get_json("/loop")
    assert caught.value.retryable is False and client.metrics.retries == 0


async def test_query_values_are_written_as_json_would(serve, client_for) -> None:
    server = serve(scripted())
    client = client_for(settings_for(server.url))
    q = orjson.dumps({"queries": [{"skip": 0, "zones": {}}]}).decode()
    await client.get_json("/q", {"flag": True, "off": False, "n": 3, "q": q})
    target = server.arrivals[0].target
    assert "flag=true&off=false&n=3&q=" in target
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(target).query)["q"] == [q]


async def test_read_timeout_is_retried(serve, client_for) -> None:
    server = serve(scripted(Reply(delay_s=1.5)))
    client = client_for(settings_for(server.url, read_timeout_s=0.3))
    assert await client.get_json("/events") == {"ok": True}
    assert len(server.arrivals) == 2
    assert client.metrics.errors["timeout"] == 1


async def test_503_is_retried_then_surfaces_after_the_last_retry(serve, client_for) -> None:
    server = serve(scripted(Reply(503), Reply(503)))
    client = client_for(settings_for(server.url))
    assert await client.get_json("/events") == {"ok": True}
    assert len(server.arrivals) == 3 and client.metrics.errors["server_error"] == 2

    always_down = serve(scripted(then=Reply(503, b"down")))
    client = client_for(settings_for(always_down.url, max_retries=2))
    with pytest.raises(ServerError) as caught:
        await client.get_json("/events")
    assert caught.value.status == 503
    assert len(always_down.arrivals) == 3


async def test_429_waits_for_retry_after(serve, client_for) -> None:
    server = serve(scripted(Reply(429, headers={"retry-after": "1"})))
    client = client_for(settings_for(server.url, backoff_max_s=2.0))
    assert await client.get_json("/events") == {"ok": True}
    first, second = server.arrivals
    assert second.at - first.at >= 1.0
    assert client.metrics.errors["rate_limited"] == 1


async def test_429_asking_longer_than_the_backoff_cap_is_returned_at_once(
    serve, client_for
) -> None:
    server = serve(scripted(then=Reply(429, headers={"retry-after": "120"})))
    client = client_for(settings_for(server.url, backoff_max_s=5.0))
    with pytest.raises(RateLimited) as caught:
        await client.get_json("/events")
    assert caught.value.retry_after == 120
    assert len(server.arrivals) == 1


@pytest.mark.parametrize(
    ("status", "error"), [(403, Blocked), (404, NotFound), (400, ClientError), (410, ClientError)]
)
async def test_client_errors_are_typed_and_not_retried(serve, client_for, status, error) -> None:
    server = serve(scripted(then=Reply(status, b"no")))
    client = client_for(settings_for(server.url))
    with pytest.raises(error) as caught:
        await client.get_json("/events/1")
    assert type(caught.value) is error
    assert caught.value.status == status
    assert caught.value.url.endswith("/events/1")
    assert len(server.arrivals) == 1
    assert client.metrics.retries == 0


async def test_malformed_json_is_bad_payload_with_status_and_first_bytes(serve, client_for) -> None:
    server = serve(scripted(then=Reply(200, b"<html><body>Just a moment...</body></html>")))
    client = client_for(settings_for(server.url))
    with pytest.raises(BadPayload) as caught:
        await client.get_json("/events")
    assert caught.value.status == 200
    assert caught.value.snippet.startswith("<html><body>Just a moment")
    assert "<html>" in str(caught.value)
    assert len(server.arrivals) == 1


async def test_quick_reads_the_raw_body_and_declines_to_the_decoded_read(serve, client_for) -> None:
    server = serve(
        scripted(Reply(body=b'{"n": 1}'), Reply(body=b'{"n": 2}'), then=Reply(body=b"{"))
    )
    client = client_for(settings_for(server.url, max_retries=0))
    decoded: list[object] = []

    def quick(body: bytes) -> str | None:
        return None if body == b'{"n": 2}' else f"quick {body!r}"

    def read(payload: object) -> str:
        decoded.append(payload)
        return "read"

    assert await client.get_json("/a", read=read, quick=quick) == "quick b'{\"n\": 1}'"
    assert await client.get_json("/b", read=read, quick=quick) == "read"
    assert decoded == [{"n": 2}]
    with pytest.raises(BadPayload):  # `quick` takes anything, the decoding still fails
        await client.get_json("/c", read=read, quick=lambda body: None)
    assert client.metrics.errors["bad_payload"] == 1


async def test_concurrency_limit_holds_at_the_server(serve, client_for) -> None:
    server = serve(scripted(then=Reply(body=b"[]", delay_s=0.15)))
    client = client_for(
        settings_for(server.url, sportybet_concurrency=3, sportybet_spacing_ms=0), Book.SPORTYBET
    )
    results = await asyncio.gather(*(client.get_json(f"/e/{i}") for i in range(12)))
    assert results == [[]] * 12
    assert server.max_in_flight == 3


async def test_spacing_holds_at_the_server(serve, client_for) -> None:
    server = serve(scripted(then=Reply(body=b"[]", delay_s=0.2)))
    settings = settings_for(server.url, bet9ja_concurrency=10, bet9ja_spacing_ms=100)
    client = client_for(settings, Book.BET9JA)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(client.get_json(f"/e/{i}") for i in range(5)))
    elapsed = loop.time() - started
    arrivals = sorted(a.at for a in server.arrivals)
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    # 100 ms between starts, measured where the requests land. Each arrival also carries its
    # own scheduling jitter, so judge the whole run: without spacing the five requests would
    # land within a few ms of each other.
    assert arrivals[-1] - arrivals[0] >= 4 * 0.1 * 0.85, gaps
    assert statistics.median(gaps) >= 0.08, gaps
    assert server.max_in_flight >= 2  # spaced, not serialised behind each answer
    assert elapsed < 5 * 0.2


async def test_counters(serve, client_for) -> None:
    body = b'{"events": [1, 2, 3]}'
    server = serve(
        scripted(Reply(500, b"oops"), Reply(body=body), Reply(404, b"gone"), then=Reply(body=body))
    )
    client = client_for(settings_for(server.url))
    await client.get_json("/a")  # 500, retried, then 200
    with pytest.raises(NotFound):
        await client.get_json("/b")  # 404: not retried
    await client.get_json("/c")
    metrics = client.metrics
    assert len(server.arrivals) == 4
    assert (metrics.requests, metrics.responses, metrics.retries) == (4, 4, 1)
    assert metrics.errors == {"server_error": 1, "not_found": 1}
    assert metrics.bytes_received == len(b"oops") + len(b"gone") + 2 * len(body)
    assert sum(metrics.latency_buckets) == 4
    assert metrics.latency_sum_s > 0


def _httpx_request_errors() -> list[type[httpx.RequestError]]:
    found, todo = [], [httpx.RequestError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda c: c.__name__)


@pytest.mark.parametrize("exc_type", _httpx_request_errors(), ids=lambda c: c.__name__)
async def test_every_httpx_request_error_becomes_a_book_error(client_for, exc_type) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise exc_type("boom", request=request)

    client = client_for(
        settings_for("http://127.0.0.1:9", max_retries=0), transport=httpx.MockTransport(fail)
    )
    with pytest.raises(BookError) as caught:
        await client.get_json("/x")
    expected = (
        BookTimeout
        if issubclass(exc_type, httpx.TimeoutException)
        else BadPayload
        if issubclass(exc_type, httpx.DecodingError)
        else TransportError
        if issubclass(exc_type, httpx.TransportError) and exc_type is not httpx.UnsupportedProtocol
        else ClientError
    )
    assert type(caught.value) is expected
    assert caught.value.book == "betpawa"
    assert caught.value.retryable is (expected in (BookTimeout, TransportError))


def test_retry_after_is_seconds_or_an_http_date() -> None:
    now = datetime(2026, 5, 6, 11, 0, tzinfo=UTC)
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 0.5 ") == 0.5
    assert (
        parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now)
        == 30.0
    )
    assert (
        parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now=now) == 0.0
    )
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_backoff_is_full_jitter_under_an_exponential_cap() -> None:
    policy = RetryPolicy(max_retries=4, base_s=0.5, max_s=3.0)
    rng = random.Random(1)
    server_error = ServerError("betpawa", "HTTP 503")
    for attempt, cap in enumerate([0.5, 1.0, 2.0, 3.0]):
        delays = [policy.delay(attempt, server_error, rng) for _ in range(200)]
        assert all(0 <= d <= cap for d in delays)
        assert max(delays) > cap * 0.8  # the jitter spans the whole range
    assert policy.delay(4, server_error, rng) is None
    assert policy.delay(0, Blocked("betpawa", "HTTP 403"), rng) is None
    assert policy.delay(0, RateLimited("betpawa", "HTTP 429", retry_after=2.5), rng) == 2.5
    assert policy.delay(0, RateLimited("betpawa", "HTTP 429", retry_after=30), rng) is None
