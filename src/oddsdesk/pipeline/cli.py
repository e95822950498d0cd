"""`oddsdesk scrape`, `oddsdesk run` and `oddsdesk demo`: the main job from the command line."""

from __future__ import annotations

import asyncio
import contextlib

import orjson
import typer
from rich.console import Console

from oddsdesk.config import Settings, load_settings
from oddsdesk.errors import ConfigError, OddsdeskError
from oddsdesk.logging import configure_logging
from oddsdesk.pipeline.display import follow, headline, summary_table
from oddsdesk.pipeline.progress import RunFinished
from oddsdesk.pipeline.runner import RunResult
from oddsdesk.runtime import Runtime

console = Console(stderr=True)
out = Console()


def _settings() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(2) from exc
    configure_logging(fmt=settings.log_format, level=settings.log_level)
    return settings


def scrape(
    once: bool = typer.Option(False, "--once", help="Run one cycle now, then exit."),
    event: str | None = typer.Option(
        None, "--event", metavar="SR_ID", help="Refresh one match (SportRadar id) on every book."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the run summary as JSON."),
) -> None:
    """Scrape every enabled book: one cycle (--once), one match (--event), or on the schedule.

    Progress is shown live; each run ends with a table per book. Without --once or --event,
    cycles repeat at the configured interval until Ctrl-C (no API; see `oddsdesk run`).
    """
    settings = _settings()
    try:
        if once or event:
            result = asyncio.run(_one_run(settings, event, live=not as_json))
        else:
            asyncio.run(_scheduled(settings))
            return
    except KeyboardInterrupt:
        console.print("[yellow]interrupted")
        raise typer.Exit(130) from None
    except OddsdeskError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(1) from exc
    if as_json:
        out.print_json(
            orjson.dumps(
                {
                    "run_id": result.run_id,
                    "status": result.status,
                    "seconds": result.seconds,
                    "error": result.error,
                    **result.summary,
                }
            ).decode()
        )
    raise typer.Exit(0 if result.status == "succeeded" else 1)


async def _one_run(settings: Settings, sr_id: str | None, *, live: bool) -> RunResult:
    runtime = Runtime(settings)
    await runtime.start()
    try:
        subscription = runtime.progress.subscribe(maxsize=100_000)
        run_id = await runtime.trigger(sr_id=sr_id)
        if live:
            await follow(subscription, console, run_id)
        result = await runtime.scraper.wait()
        assert result is not None
    finally:
        await runtime.stop()
    if live:
        _print_summary(result)
    return result


def _print_summary(result: RunResult) -> None:
    console.print()
    console.print(summary_table(result.summary))
    finished = RunFinished(
        run_id=result.run_id,
        status=result.status,
        seconds=result.seconds,
        summary=result.summary,
        error=result.error,
    )
    console.print(headline(finished))


async def _scheduled(settings: Settings) -> None:
    runtime = Runtime(settings, schedule=True)
    subscription = runtime.progress.subscribe(maxsize=100_000)
    await runtime.start()
    try:
        console.print(
            f"scraping every {settings.scrape_interval_minutes} min; Ctrl-C to stop",
            style="dim",
        )
        async for event in subscription:
            if isinstance(event, RunFinished):
                console.print(headline(event))
    finally:
        with contextlib.suppress(Exception):
            await runtime.stop()


def register(app: typer.Typer) -> None:
    app.command("scrape")(scrape)
