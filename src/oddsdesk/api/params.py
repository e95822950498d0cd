"""Query and path parameter types shared by the routers, validated with messages that say what
is wrong (a naive datetime is read as UTC; one that cannot be expressed in UTC is refused)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator, BeforeValidator, StringConstraints


def _iso_only(value: object) -> object:
    """Refuse a bare number (pydantic would read it as a Unix time): the API speaks ISO 8601."""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return value
        raise ValueError("expected an ISO 8601 datetime such as 2026-05-06T11:00:00Z")
    return value


def _utc(value: datetime) -> datetime:
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("datetime is out of range once converted to UTC") from exc


UtcDatetime = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(_utc)]

MAX_ID = 2**63 - 1
EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="oddsdesk's event id.")]
RunId = Annotated[int, Path(ge=1, le=MAX_ID, description="The scrape run's id.")]

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""A country or tournament key in a filter: never empty."""
