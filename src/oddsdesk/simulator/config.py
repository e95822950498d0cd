"""The simulator's knobs, as small validated values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from oddsdesk.domain import Book

FAULT_KINDS = (
    "server_error",
    "rate_limited",
    "forbidden",
    "hang",
    "malformed",
    "truncated",
    "book_error",
)


@dataclass(frozen=True, slots=True)
class FaultConfig:
    """Faults one book injects. `rate` is the share of requests that fail; `weights` split that
    share between the kinds (a kind a book cannot show, such as SportyBet's bizCode on Bet9ja,
    is not drawn). Latency applies to every request: a log-normal around `latency_ms`."""

    rate: float = 0.0
    latency_ms: float = 0.0
    latency_spread: float = 0.5
    hang_seconds: float = 30.0
    retry_after_s: int = 2
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "server_error": 3,
            "rate_limited": 2,
            "forbidden": 1,
            "hang": 1,
            "malformed": 1,
            "truncated": 1,
            "book_error": 2,
        }
    )

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"fault rate must be within 0..1, got {self.rate}")
        if self.latency_ms < 0 or self.hang_seconds < 0:
            raise ValueError("latency and hang must not be negative")
        unknown = set(self.weights) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")


@dataclass(frozen=True, slots=True)
class SimConfig:
    """One simulated world.

    `tournaments` fixes how many competitions share the matches (few make long lists that
    need paging); `tick_seconds` is how much simulated time one `advance()` covers (the server advances once
    per `tick_seconds` of wall-clock time, so the world keeps real time); `drift` is the share
    of market lines that change price per tick.
    """

    seed: int = 1
    events: int = 300
    tournaments: int | None = None  # default: about one per six matches
    drift: float = 0.1
    start: datetime | None = None
    tick_seconds: float = 60.0
    horizon_hours: float = 96.0
    shallow: bool = False
    books: tuple[Book, ...] = tuple(Book)
    bet9ja_timezone: str = "UTC"
    suspend_rate: float = 0.004
    resume_rate: float = 0.5
    faults: dict[Book, FaultConfig] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 1 <= self.events <= 50_000:
            raise ValueError(f"events must be within 1..50000, got {self.events}")
        if self.tournaments is not None and not 1 <= self.tournaments <= 1_000:
            raise ValueError(f"tournaments must be within 1..1000, got {self.tournaments}")
        if not 0.0 <= self.drift <= 1.0:
            raise ValueError(f"drift must be within 0..1, got {self.drift}")
        if self.tick_seconds <= 0 or self.horizon_hours <= 1:
            raise ValueError("tick_seconds must be positive and horizon_hours above 1")
        if not self.books:
            raise ValueError("at least one book must be simulated")
        if self.start is not None and self.start.tzinfo is None:
            raise ValueError("start must be an aware UTC datetime")

    def start_time(self) -> datetime:
        if self.start is not None:
            return self.start.astimezone(UTC)
        return datetime.now(UTC).replace(second=0, microsecond=0)

    def fault(self, book: Book) -> FaultConfig:
        return self.faults.get(book, FaultConfig())
