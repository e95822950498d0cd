"""Response and request schemas of the control, run, storage and settings endpoints (the read
model's own answers live in `oddsdesk.readmodel.schemas`). Separate from the tables."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from oddsdesk.domain import Book


class RunStarted(BaseModel):
    run_id: int
    trigger: str
    sr_id: str | None = None
    stream: str = Field(description="Server-sent events of this run's progress.")
    status: str = Field(description="Where the run's record (and final status) can be read.")


class RunConflict(BaseModel):
    detail: str
    run_id: int | None = Field(description="The run in progress.")


class SchedulerJob(BaseModel):
    id: str
    next_run: datetime | None


class SchedulerStatus(BaseModel):
    running: bool
    paused: bool
    interval_minutes: int
    next_run: datetime | None
    current_run_id: int | None
    jobs: list[SchedulerJob]


class IntervalChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    minutes: int = Field(ge=1, le=60, strict=True, description="Minutes between scheduled scrapes.")


Concurrency = Annotated[int | None, Field(ge=1, le=500, strict=True)]
Spacing = Annotated[float | None, Field(ge=0, le=10_000, strict=True)]


class SettingsChange(BaseModel):
    """Any subset of the settings a running deployment may change; applied at the next cycle
    and kept across restarts. Unknown fields are refused, and so are numbers given as text or
    booleans (strict: `"5"` or `true` for a count is a client bug worth hearing about)."""

    model_config = ConfigDict(extra="forbid")

    scrape_interval_minutes: Annotated[int | None, Field(ge=1, le=60, strict=True)] = None
    enabled_books: Annotated[list[Book] | None, Field(min_length=1, max_length=len(Book))] = None
    history_retention_days: Annotated[int | None, Field(ge=1, le=365, strict=True)] = None
    betpawa_concurrency: Concurrency = None
    sportybet_concurrency: Concurrency = None
    bet9ja_concurrency: Concurrency = None
    betpawa_spacing_ms: Spacing = None
    sportybet_spacing_ms: Spacing = None
    bet9ja_spacing_ms: Spacing = None

    @field_validator("enabled_books")
    @classmethod
    def _distinct(cls, value: list[Book] | None) -> list[Book] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("lists a book twice")
        return value

    def changes(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True, exclude_none=True)


class SettingsView(BaseModel):
    """The settings in force. Secrets are never shown; whether a key is set is."""

    scrape_interval_minutes: int
    enabled_books: list[Book]
    history_retention_days: int
    betpawa_concurrency: int
    sportybet_concurrency: int
    bet9ja_concurrency: int
    betpawa_spacing_ms: float
    sportybet_spacing_ms: float
    bet9ja_spacing_ms: float
    database: str = Field(description="The database kind: sqlite or postgresql.")
    api_host: str
    api_port: int
    api_key_set: bool
    api_key_for_reads: bool
    changeable: bool = Field(description="Whether this process can change settings (run/demo).")
