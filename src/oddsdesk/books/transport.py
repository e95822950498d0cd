"""How a book's GET goes over the wire: aiohttp on the network, or a given httpx transport.

aiohttp is the network client because the cycle is CPU-bound and the per-request cost decides
how close it runs to the books' limits: on a 250 kB event body over loopback, httpx took 3.5 ms
of CPU per request and aiohttp 0.45 ms (its HTTP parser is compiled; httpx's client, httpcore and
h11 are pure Python). An httpx transport can still be given (`httpx.ASGITransport` to the
in-process simulator, `httpx.MockTransport` in tests); it goes through an httpx client.

Both fetchers return the same `Answer` and raise only `oddsdesk.errors` types: each library's
exceptions are translated here, in one place per library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol

import aiohttp
import httpx

from oddsdesk.config import Settings
from oddsdesk.domain import Book
from oddsdesk.errors import BadPayload, BookError, BookTimeout, ClientError, TransportError

BROWSER_USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36"
)
KEEPALIVE_LIMIT = 10
"""Idle connections an httpx client keeps. httpcore checks every idle connection on every request
(a poll each), so fifty kept-alive sockets cost more CPU than the parsing."""


class Answer(NamedTuple):
    """One HTTP answer, whatever client fetched it."""

    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes
    url: str


class Fetcher(Protocol):
    async def get(self, path: str, params: Mapping[str, Any] | None) -> Answer: ...

    async def aclose(self) -> None: ...


def open_fetcher(
    book: Book,
    settings: Settings,
    headers: dict[str, str],
    transport: httpx.AsyncBaseTransport | None = None,
) -> Fetcher:
    """aiohttp to the book's base URL, or an httpx client over `transport` when one is given."""
    headers = {"user-agent": BROWSER_USER_AGENT, **headers}
    if transport is None:
        return AiohttpFetcher(book, settings, headers)
    return HttpxFetcher(book, settings, headers, transport)


class AiohttpFetcher:
    """Keep-alive connections to one book, at most its concurrency; redirects followed.

    The session is created on first use, inside the event loop that will run the requests."""

    def __init__(self, book: Book, settings: Settings, headers: dict[str, str]) -> None:
        self._book = book
        self._base = settings.base_url(book).rstrip("/")
        self._headers = headers
        self._limit = settings.limits(book).concurrency
        self._timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=settings.connect_timeout_s, sock_read=settings.read_timeout_s
        )
        self._session: aiohttp.ClientSession | None = None

    async def get(self, path: str, params: Mapping[str, Any] | None) -> Answer:
        url = self._base + path
        session = self._session or self._open()
        try:
            async with session.get(url, params=_query(params)) as response:
                body = await response.read()
                return Answer(
                    response.status,
                    response.reason or "",
                    response.headers,
                    body,
                    str(response.url),
                )
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise translate_aiohttp(self._book, exc, url) from exc

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()

    def _open(self) -> aiohttp.ClientSession:
        self._session = aiohttp.ClientSession(
            headers=self._headers,
            timeout=self._timeout,
            connector=aiohttp.TCPConnector(limit=self._limit),
            cookie_jar=aiohttp.DummyCookieJar(),  # the books' APIs need no session state
        )
        return self._session


def translate_aiohttp(book: Book, exc: BaseException, url: str) -> BookError:
    """The one mapping from aiohttp's exceptions to oddsdesk errors (same kinds as httpx's)."""
    message = f"{type(exc).__name__}: {exc}".rstrip(": ")
    if isinstance(exc, TimeoutError):  # also aiohttp's socket and connect timeouts
        return BookTimeout(book.value, message, url=url)
    if isinstance(exc, aiohttp.TooManyRedirects | aiohttp.InvalidURL):
        return ClientError(book.value, message, url=url)
    return TransportError(book.value, message, url=url)


class HttpxFetcher:
    """An httpx client over a given transport: the in-process simulator and test doubles."""

    def __init__(
        self,
        book: Book,
        settings: Settings,
        headers: dict[str, str],
        transport: httpx.AsyncBaseTransport,
    ) -> None:
        concurrency = settings.limits(book).concurrency
        self._book = book
        self._client = httpx.AsyncClient(
            base_url=settings.base_url(book),
            headers=headers,
            timeout=httpx.Timeout(
                connect=settings.connect_timeout_s,
                read=settings.read_timeout_s,
                write=settings.read_timeout_s,
                pool=None,  # waiting for a pooled connection is the throttle's business
            ),
            limits=httpx.Limits(
                max_connections=concurrency,
                max_keepalive_connections=min(concurrency, KEEPALIVE_LIMIT),
            ),
            transport=transport,
            follow_redirects=True,
        )

    async def get(self, path: str, params: Mapping[str, Any] | None) -> Answer:
        try:
            response = await self._client.get(path, params=params)
        except httpx.HTTPError as exc:
            raise translate_httpx(self._book, exc) from exc
        return Answer(
            response.status_code,
            response.reason_phrase,
            response.headers,
            response.content,
            str(response.request.url),
        )

    async def aclose(self) -> None:
        await self._client.aclose()


def translate_httpx(book: Book, exc: httpx.HTTPError) -> BookError:
    """The one mapping from httpx exceptions to oddsdesk errors."""
    url = str(exc.request.url) if _has_request(exc) else ""
    message = f"{type(exc).__name__}: {exc}".rstrip(": ")
    if isinstance(exc, httpx.TimeoutException):
        return BookTimeout(book.value, message, url=url)
    if isinstance(exc, httpx.DecodingError):
        return BadPayload(book.value, message, url=url)
    if isinstance(exc, httpx.TransportError) and not isinstance(exc, httpx.UnsupportedProtocol):
        return TransportError(book.value, message, url=url)
    return ClientError(book.value, message, url=url)


def _has_request(exc: httpx.HTTPError) -> bool:
    try:
        exc.request  # noqa: B018 - httpx raises RuntimeError when no request is attached
    except RuntimeError:
        return False
    return True


def _query(params: Mapping[str, Any] | None) -> dict[str, str] | None:
    """Query values as httpx writes them (aiohttp refuses bools and None)."""
    if not params:
        return None
    return {key: _text(value) for key, value in params.items()}


def _text(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    return "" if value is None else str(value)
