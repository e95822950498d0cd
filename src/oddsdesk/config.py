"""Settings: one validated object, read once from `ODDSDESK_*` environment variables and `.env`.

Components receive the object (or the part they need) from the caller; nothing imports a global.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from oddsdesk.domain import Book
from oddsdesk.errors import ConfigError

_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")
_POSTGRES_PREFIXES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def normalise_database_url(url: str) -> str:
    """Accept plain `sqlite:///…` and `postgresql://…` URLs and pick the driver internally."""
    url = url.strip()
    if url.startswith(_SQLITE_PREFIXES):
        return "sqlite+pysqlite:///" + url.split(":///", 1)[1]
    for prefix in _POSTGRES_PREFIXES:
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    raise ValueError(
        "must start with sqlite:/// or postgresql:// (for example postgresql://user:pass@host/db)"
    )


class BookLimits(BaseSettings):
    """How hard one book may be pressed: concurrent requests and the minimum gap between two."""

    concurrency: int = Field(ge=1, le=500)
    spacing_ms: float = Field(ge=0, le=10_000)


class Settings(BaseSettings):
    """Every knob oddsdesk has. The README documents each one."""

    model_config = SettingsConfigDict(
        env_prefix="ODDSDESK_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = "sqlite:///oddsdesk.db"

    betpawa_base_url: str = "https://www.betpawa.ng"
    sportybet_base_url: str = "https://www.sportybet.com"
    bet9ja_base_url: str = "https://sports.bet9ja.com"
    betpawa_brand: str = "betpawa-nigeria"
    sportybet_country: str = Field("ng", pattern=r"^[a-z]{2}$")
    bet9ja_timezone: str = "UTC"
    bet9ja_cache_version: str = "1.301.2.225"

    betpawa_concurrency: int = Field(50, ge=1, le=500)
    sportybet_concurrency: int = Field(50, ge=1, le=500)
    bet9ja_concurrency: int = Field(15, ge=1, le=500)
    betpawa_spacing_ms: float = Field(0, ge=0, le=10_000)
    sportybet_spacing_ms: float = Field(0, ge=0, le=10_000)
    bet9ja_spacing_ms: float = Field(25, ge=0, le=10_000)

    connect_timeout_s: float = Field(5.0, gt=0, le=120)
    read_timeout_s: float = Field(15.0, gt=0, le=300)
    max_retries: int = Field(3, ge=0, le=10)
    backoff_base_s: float = Field(0.5, ge=0, le=60)
    backoff_max_s: float = Field(20.0, ge=0, le=600)

    enabled_books: Annotated[list[Book], NoDecode] = Field(default_factory=lambda: list(Book))
    scrape_interval_minutes: int = Field(5, ge=1, le=60)
    history_retention_days: int = Field(14, ge=1, le=365)

    api_host: str = "127.0.0.1"
    api_port: int = Field(8000, ge=1, le=65535)
    api_key: str | None = None
    api_key_for_reads: bool = False

    spool_dir: Path = Path(".oddsdesk-spool")
    log_format: Literal["console", "json"] = "console"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("betpawa_base_url", "sportybet_base_url", "bet9ja_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("enabled_books", mode="before")
    @classmethod
    def _books(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("bet9ja_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _api_key_when_exposed(self) -> Settings:
        if self.api_host not in {"127.0.0.1", "localhost", "::1"} and not self.api_key:
            raise ValueError("api_key is required when api_host is not a loopback address")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def base_url(self, book: Book) -> str:
        return {
            Book.BETPAWA: self.betpawa_base_url,
            Book.SPORTYBET: self.sportybet_base_url,
            Book.BET9JA: self.bet9ja_base_url,
        }[book]

    def limits(self, book: Book) -> BookLimits:
        return BookLimits(
            concurrency=getattr(self, f"{book.value}_concurrency"),
            spacing_ms=getattr(self, f"{book.value}_spacing_ms"),
        )


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning a validation failure into one readable ConfigError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(part) for part in err["loc"]) or "settings"
            env = f"ODDSDESK_{field.upper()}" if err["loc"] else field
            problems.append(f"{env}: {err['msg']}")
        raise ConfigError("invalid settings:\n  " + "\n  ".join(problems)) from exc
