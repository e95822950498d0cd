"""Dependencies, declared once as Annotated aliases: the runtime and its parts, a database
session, and the two access levels (read, control)."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy.orm import Session

from oddsdesk.api.runtime import LiveSettingsLike, ProgressLike, SchedulerLike, ScraperLike
from oddsdesk.config import Settings
from oddsdesk.readmodel.view import OddsView

API_KEY_HEADER = "X-API-Key"

_key_header = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description="The value of ODDSDESK_API_KEY. Required by control endpoints, and by read "
    "endpoints when ODDSDESK_API_KEY_FOR_READS is true.",
)


def get_runtime(request: Request) -> Any:
    return request.app.state.runtime


def get_settings(request: Request) -> Settings:
    """The settings in force: start-up settings plus changes made at run time."""
    runtime = request.app.state.runtime
    live = getattr(runtime, "live_settings", None)
    return live.current if live is not None else runtime.settings


def _part(request: Request, name: str, what: str) -> Any:
    part = getattr(request.app.state.runtime, name, None)
    if part is None:
        raise HTTPException(
            status_code=503,
            detail=f"{what} is not running in this process (`oddsdesk serve` only reads); "
            "use `oddsdesk run`",
        )
    return part


def get_scraper(request: Request) -> ScraperLike:
    return _part(request, "scraper", "the scraper")


def get_scheduler(request: Request) -> SchedulerLike:
    return _part(request, "scheduler", "the scheduler")


def get_live_settings(request: Request) -> LiveSettingsLike:
    return _part(request, "live_settings", "the scraper (whose settings these are)")


def get_progress(request: Request) -> ProgressLike | None:
    return getattr(request.app.state.runtime, "progress", None)


def get_view(request: Request) -> OddsView:
    return request.app.state.runtime.view


def get_session(request: Request) -> Iterator[Session]:
    factory = request.app.state.runtime.session_factory
    with factory() as session:
        yield session


RuntimeDep = Annotated[Any, Depends(get_runtime)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ViewDep = Annotated[OddsView, Depends(get_view)]
SessionDep = Annotated[Session, Depends(get_session)]
ScraperDep = Annotated[ScraperLike, Depends(get_scraper)]
SchedulerDep = Annotated[SchedulerLike, Depends(get_scheduler)]
LiveSettingsDep = Annotated[LiveSettingsLike, Depends(get_live_settings)]
ProgressDep = Annotated[ProgressLike | None, Depends(get_progress)]


def _check_key(settings: Settings, given: str | None, *, purpose: str) -> None:
    expected = settings.api_key
    if not expected:
        raise HTTPException(
            status_code=403,
            detail=f"{purpose} is disabled: the server has no API key (set ODDSDESK_API_KEY)",
        )
    if not given:
        raise HTTPException(
            status_code=401,
            detail=f"{purpose} needs an API key: send it in the {API_KEY_HEADER} header",
            headers={"WWW-Authenticate": "APIKey"},
        )
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            status_code=403, detail=f"the {API_KEY_HEADER} header is not the API key"
        )


def require_read(
    settings: SettingsDep,
    key: Annotated[
        str | None,
        Header(
            alias=API_KEY_HEADER,
            description="The API key; needed only when ODDSDESK_API_KEY_FOR_READS is true.",
        ),
    ] = None,
) -> None:
    """Reads are open unless ODDSDESK_API_KEY_FOR_READS is set (so the header is optional)."""
    if settings.api_key_for_reads:
        _check_key(settings, key, purpose="reading")


def require_control(
    settings: SettingsDep, key: Annotated[str | None, Security(_key_header)]
) -> None:
    """Anything that changes state or starts work needs the key, always."""
    _check_key(settings, key, purpose="this control endpoint")


ReadAccess = Depends(require_read)
ControlAccess = Depends(require_control)
