"""One exception tree for oddsdesk. Third-party errors are translated at one boundary each
(HTTP in `books/http.py`, the database in `store/`), so callers act on these types only.

    OddsdeskError
    ├── ConfigError                  invalid settings; start-up stops with the message
    ├── BookError                    anything a bookmaker did; carries the book
    │   ├── TransportError           connection refused/reset, DNS (retried)
    │   ├── BookTimeout              connect/read timeout (retried)
    │   ├── ServerError              HTTP 5xx (retried)
    │   ├── RateLimited              HTTP 429, with retry_after seconds (retried after waiting)
    │   ├── Blocked                  HTTP 403, usually geo-blocking (not retried)
    │   ├── NotFound                 HTTP 404 or the book's own "no such event" (not retried)
    │   ├── ClientError              any other 4xx (not retried)
    │   ├── BookRejected             the book's own error code: SportyBet bizCode, Bet9ja R="E"
    │   └── BadPayload               a body that is not what the book promises; status + first bytes
    ├── MappingError                 a market that cannot be read into the catalogue
    └── StoreError                   the database refused or is unreachable
"""

from __future__ import annotations


class OddsdeskError(Exception):
    """Base of every error oddsdesk raises on purpose."""


class ConfigError(OddsdeskError):
    """Settings that cannot work; the message names each setting and its problem."""


class BookError(OddsdeskError):
    """A bookmaker request that did not give usable data."""

    kind = "error"
    retryable = False

    def __init__(
        self, book: str, message: str, *, status: int | None = None, url: str = ""
    ) -> None:
        super().__init__(f"{book}: {message}")
        self.book = book
        self.status = status
        self.url = url
        self.detail = message


class TransportError(BookError):
    kind = "transport"
    retryable = True


class BookTimeout(BookError):
    kind = "timeout"
    retryable = True


class ServerError(BookError):
    kind = "server_error"
    retryable = True


class RateLimited(BookError):
    kind = "rate_limited"
    retryable = True

    def __init__(
        self, book: str, message: str, *, retry_after: float | None = None, **kw: object
    ) -> None:
        super().__init__(book, message, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class Blocked(BookError):
    kind = "blocked"


class NotFound(BookError):
    kind = "not_found"


class ClientError(BookError):
    kind = "client_error"


class BookRejected(BookError):
    kind = "rejected"

    def __init__(self, book: str, message: str, *, code: str | None = None, **kw: object) -> None:
        super().__init__(book, message, **kw)  # type: ignore[arg-type]
        self.code = code


class BadPayload(BookError):
    kind = "bad_payload"

    def __init__(self, book: str, message: str, *, body: bytes = b"", **kw: object) -> None:
        self.snippet = body[:200].decode("utf-8", "replace")
        suffix = f" (body starts {self.snippet!r})" if body else ""
        super().__init__(book, message + suffix, **kw)  # type: ignore[arg-type]


class MappingError(OddsdeskError):
    """A book market that cannot be read into the catalogue."""


class StoreError(OddsdeskError):
    """The database refused a statement or could not be reached."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient
