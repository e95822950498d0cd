"""Seeded misbehaviour per book: latency, server errors, rate limits, blocks, hangs, broken bodies
and each book's own error envelope — what a scraper meets in production, on demand."""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass

from oddsdesk.domain import Book
from oddsdesk.simulator import rng
from oddsdesk.simulator.config import FAULT_KINDS, FaultConfig

# SportyBet's bizCode and Bet9ja's R:"E" exist only on those books.
_KINDS = {
    Book.BETPAWA: tuple(k for k in FAULT_KINDS if k != "book_error"),
    Book.SPORTYBET: FAULT_KINDS,
    Book.BET9JA: FAULT_KINDS,
}

_CLOUDFLARE_403 = (
    b"<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>"
    b"<h1>Sorry, you have been blocked</h1><p>You are unable to access this website.</p></body></html>"
)
_MAINTENANCE = (
    b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body>"
    b"<h1>We'll be back soon</h1></body></html>"
)


@dataclass(frozen=True, slots=True)
class Decision:
    """What happens to one request: a delay, then a fault kind or None (serve it normally)."""

    delay_s: float
    fault: str | None
    status: int = 200
    cut: float = 1.0  # share of the body kept by a truncation


class FaultInjector:
    """Draws each request's fate from a per-book seeded generator and counts what it did."""

    def __init__(self, seed: int, configs: dict[Book, FaultConfig]) -> None:
        self.configs = configs
        self._rand = {
            book: random.Random(seed ^ rng.text_key("faults:" + book.value)) for book in Book
        }
        self.counts: Counter[tuple[str, str]] = Counter()
        self.requests: Counter[str] = Counter()

    def config(self, book: Book) -> FaultConfig:
        return self.configs.get(book, FaultConfig())

    def decide(self, book: Book) -> Decision:
        cfg = self.config(book)
        r = self._rand[book]
        self.requests[book.value] += 1
        delay = 0.0
        if cfg.latency_ms > 0:
            sigma = cfg.latency_spread
            delay = cfg.latency_ms / 1000.0 * math.exp(r.gauss(-sigma * sigma / 2, sigma))
        if cfg.rate <= 0 or r.random() >= cfg.rate:
            return Decision(delay, None)
        kinds = [k for k in _KINDS[book] if cfg.weights.get(k, 0) > 0]
        if not kinds:
            return Decision(delay, None)
        kind = r.choices(kinds, [cfg.weights[k] for k in kinds])[0]
        self.counts[(book.value, kind)] += 1
        if kind == "server_error":
            return Decision(delay, kind, r.choice((500, 502, 503, 504)))
        if kind == "rate_limited":
            return Decision(delay, kind, 429)
        if kind == "forbidden":
            return Decision(delay, kind, 403)
        if kind == "hang":
            return Decision(delay + cfg.hang_seconds, kind)
        if kind == "truncated":
            return Decision(delay, kind, 200, r.uniform(0.2, 0.9))
        return Decision(delay, kind)


def fault_response(
    book: Book, decision: Decision, body: bytes, retry_after_s: int
) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
    """The status, body and headers that replace (or cut) a normal answer."""
    html = [(b"content-type", b"text/html; charset=UTF-8")]
    json = [(b"content-type", b"application/json;charset=UTF-8")]
    kind = decision.fault
    if kind == "server_error":
        text = f"<html><body><h1>{decision.status} Server Error</h1></body></html>".encode()
        return decision.status, text, html
    if kind == "rate_limited":
        return (
            429,
            b"<html><body><h1>429 Too Many Requests</h1></body></html>",
            [*html, (b"retry-after", str(retry_after_s).encode())],
        )
    if kind == "forbidden":
        return 403, _CLOUDFLARE_403, html
    if kind == "malformed":
        return 200, _MAINTENANCE, json
    if kind == "truncated":
        return 200, body[: max(1, int(len(body) * decision.cut))], json
    if kind == "book_error":
        if book is Book.SPORTYBET:
            return (
                200,
                b'{"bizCode":19000,"message":"The system is busy, please try again later.","data":null}',
                json,
            )
        return 200, b'{"R":"E","D":{"MSG":"Service temporarily unavailable"}}', json
    raise ValueError(f"no response for fault {kind!r}")
