"""The HTTP layer every book shares: one keep-alive client per book, a throttle, a retry policy,
and the one place where HTTP statuses become `oddsdesk.errors` types (the clients' exceptions
are translated in `books.transport`).

Adapters call `BookClient.get_json` and never sleep or retry themselves. pawaRisk wrapped
connection errors in an exception its retry rule did not list, so it never retried them; here
the retry rule reads `BookError.retryable`, which the translation sets for every transient kind.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import orjson

from oddsdesk.books.transport import Answer, open_fetcher
from oddsdesk.config import Settings
from oddsdesk.domain import Book
from oddsdesk.errors import (
    BadPayload,
    Blocked,
    BookError,
    ClientError,
    NotFound,
    RateLimited,
    ServerError,
)
from oddsdesk.heap import collector_paused
from oddsdesk.logging import get_logger

LATENCY_BUCKETS_S = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, float("inf"))

Sleep = Callable[[float], Awaitable[None]]
_log = get_logger(__name__)


@dataclass
class BookMetrics:
    """What one book's client did; the API exposes these as Prometheus metrics."""

    requests: int = 0
    responses: int = 0
    bytes_received: int = 0
    latency_sum_s: float = 0.0
    latency_buckets: list[int] = field(default_factory=lambda: [0] * len(LATENCY_BUCKETS_S))
    errors: Counter[str] = field(default_factory=Counter)
    retries: int = 0

    def observe(self, latency_s: float, size: int) -> None:
        self.responses += 1
        self.bytes_received += size
        self.latency_sum_s += latency_s
        for index, bound in enumerate(LATENCY_BUCKETS_S):
            if latency_s <= bound:
                self.latency_buckets[index] += 1
                break


class Throttle:
    """At most `concurrency` requests in flight, and request starts at least `spacing_s` apart.

    The gap is measured from the previous request's actual start (taken under the lock after
    any wait), so a late wake-up can never squeeze two starts closer than `spacing_s`."""

    def __init__(self, concurrency: int, spacing_s: float, *, sleep: Sleep = asyncio.sleep) -> None:
        self._semaphore = asyncio.Semaphore(concurrency)
        self._spacing_s = spacing_s
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._last_start = float("-inf")

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._semaphore:
            if self._spacing_s > 0:
                async with self._lock:
                    wait = self._last_start + self._spacing_s - time.monotonic()
                    if wait > 0:
                        await self._sleep(wait)
                    self._last_start = time.monotonic()
            yield


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with full jitter; a 429 waits what `Retry-After` says, unless that
    is longer than `max_s`, in which case the error goes back to the caller at once."""

    max_retries: int
    base_s: float
    max_s: float

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(settings.max_retries, settings.backoff_base_s, settings.backoff_max_s)

    def delay(self, attempt: int, error: BookError, rng: random.Random) -> float | None:
        """Seconds to wait before retry number `attempt + 1`, or None for no retry."""
        if not error.retryable or attempt >= self.max_retries:
            return None
        if isinstance(error, RateLimited) and error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.max_s else None
        return rng.uniform(0, min(self.max_s, self.base_s * 2**attempt))


class BookClient:
    """One book's HTTP client: base URL, headers, timeouts, throttle, retries, counters."""

    def __init__(
        self,
        book: Book,
        settings: Settings,
        *,
        headers: dict[str, str],
        transport: httpx.AsyncBaseTransport | None = None,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        limits = settings.limits(book)
        self.book = book
        self.metrics = BookMetrics()
        self._retry = RetryPolicy.from_settings(settings)
        self._throttle = Throttle(limits.concurrency, limits.spacing_ms / 1000, sleep=sleep)
        self._rng = rng or random.Random()
        self._sleep = sleep
        self._fetcher = open_fetcher(book, settings, headers, transport)

    async def get_json(
        self,
        path: str,
        params: dict[str, Any] | None = None,
        read: Callable[[Any], Any] | None = None,
        *,
        quick: Callable[[bytes], Any] | None = None,
    ) -> Any:
        """GET `path`, decode its JSON body and `read` it (a parser; None keeps the decoded
        JSON), retrying what is transient. A payload `read` rejects is counted like any error.

        `quick` reads the raw body straight into its result (typed decoding) and returns None for
        anything it does not expect; only then is the body decoded and given to `read`."""
        attempt = 0
        while True:
            try:
                return await self._get_once(path, params, read, quick)
            except BookError as error:
                self.metrics.errors[error.kind] += 1
                delay = self._retry.delay(attempt, error, self._rng)
                if delay is None:
                    raise
                attempt += 1
                self.metrics.retries += 1
                _log.info(
                    "book request retried",
                    book=self.book.value,
                    path=path,
                    attempt=attempt,
                    error=error.kind,
                    status=error.status,
                    delay_s=round(delay, 3),
                )
                await self._sleep(delay)

    async def aclose(self) -> None:
        await self._fetcher.aclose()

    async def _get_once(
        self,
        path: str,
        params: dict[str, Any] | None,
        read: Callable[[Any], Any] | None,
        quick: Callable[[bytes], Any] | None,
    ) -> Any:
        async with self._throttle.slot():
            self.metrics.requests += 1
            started = time.monotonic()
            answer = await self._fetcher.get(path, params)
            self.metrics.observe(time.monotonic() - started, len(answer.body))
        return decode_response(self.book, answer, read, quick)


def decode_response(
    book: Book,
    answer: Answer,
    read: Callable[[Any], Any] | None = None,
    quick: Callable[[bytes], Any] | None = None,
) -> Any:
    """The one mapping from HTTP statuses to oddsdesk errors, then the body, read: by `quick`
    when it can, else decoded and given to `read` (see `BookClient.get_json`).

    The decoded tree lives only while `read` runs, with the cyclic collector paused."""
    status, url, body = answer.status, answer.url, answer.body
    if 200 <= status < 300:
        with collector_paused():
            if quick is not None:
                result = quick(body)
                if result is not None:
                    return result
            try:
                payload = orjson.loads(body)
            except orjson.JSONDecodeError as exc:
                raise BadPayload(
                    book.value,
                    f"HTTP {status} body is not JSON ({exc})",
                    body=body,
                    status=status,
                    url=url,
                ) from None
            try:
                return payload if read is None else read(payload)
            finally:
                del payload  # freed before the collector is back
    reason = f"HTTP {status} {answer.reason}".strip()
    if status == 403:
        raise Blocked(book.value, f"{reason} (geo-blocked or refused)", status=status, url=url)
    if status == 404:
        raise NotFound(book.value, reason, status=status, url=url)
    if status == 429:
        retry_after = parse_retry_after(answer.headers.get("retry-after"))
        raise RateLimited(book.value, reason, retry_after=retry_after, status=status, url=url)
    if 400 <= status < 500:
        raise ClientError(book.value, reason, status=status, url=url)
    if status >= 500:
        raise ServerError(book.value, reason, status=status, url=url)
    raise BadPayload(book.value, f"unexpected {reason}", body=body, status=status, url=url)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds: a number of seconds or an HTTP date; None when unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if seconds == seconds else None
