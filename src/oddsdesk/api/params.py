"""Query and path parameter types shared by the routers, validated with messages that say what
is wrong (a naive datetime is read as UTC; one that cannot be expressed in UTC is refused)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator


def _utc(value: datetime) -> datetime:
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("datetime is out of range once converted to UTC") from exc


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]

MAX_ID = 2**63 - 1
EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="oddsdesk's event id.")]
RunId = Annotated[int, Path(ge=1, le=MAX_ID, description="The scrape run's id.")]
