"""Settings: what is in force, and the part a running deployment may change (validated,
persisted, applied at the next cycle)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from oddsdesk.api.deps import ControlAccess, LiveSettingsDep, ReadAccess, SettingsDep
from oddsdesk.api.errors import AUTH_RESPONSES, BAD_BODY, ERROR_RESPONSES
from oddsdesk.api.schemas import SettingsChange, SettingsView
from oddsdesk.config import Settings
from oddsdesk.errors import ConfigError

router = APIRouter(prefix="/api/settings", tags=["settings"], responses=ERROR_RESPONSES)


def view_of(settings: Settings, *, changeable: bool) -> SettingsView:
    return SettingsView(
        scrape_interval_minutes=settings.scrape_interval_minutes,
        enabled_books=settings.enabled_books,
        history_retention_days=settings.history_retention_days,
        betpawa_concurrency=settings.betpawa_concurrency,
        sportybet_concurrency=settings.sportybet_concurrency,
        bet9ja_concurrency=settings.bet9ja_concurrency,
        betpawa_spacing_ms=settings.betpawa_spacing_ms,
        sportybet_spacing_ms=settings.sportybet_spacing_ms,
        bet9ja_spacing_ms=settings.bet9ja_spacing_ms,
        database="sqlite" if settings.is_sqlite else "postgresql",
        api_host=settings.api_host,
        api_port=settings.api_port,
        api_key_set=bool(settings.api_key),
        api_key_for_reads=settings.api_key_for_reads,
        changeable=changeable,
    )


@router.get("", response_model=SettingsView, dependencies=[ReadAccess], summary="Settings")
async def get_settings(request: Request, settings: SettingsDep) -> SettingsView:
    changeable = getattr(request.app.state.runtime, "live_settings", None) is not None
    return view_of(settings, changeable=changeable)


@router.patch(
    "",
    response_model=SettingsView,
    dependencies=[ControlAccess],
    responses={
        **AUTH_RESPONSES,
        **BAD_BODY,
        503: {"description": "No scraper runs in this process."},
    },
    summary="Change settings (any subset; applied at the next cycle, kept across restarts)",
)
async def change_settings(live: LiveSettingsDep, change: SettingsChange) -> SettingsView:
    values = change.changes()
    if not values:
        raise HTTPException(422, "nothing to change: send at least one setting")
    try:
        updated = await live.update(values)
    except ConfigError as exc:
        raise HTTPException(422, str(exc)) from exc
    return view_of(updated, changeable=True)
