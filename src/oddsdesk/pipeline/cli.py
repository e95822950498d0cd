"""`oddsdesk scrape`, `oddsdesk run` and `oddsdesk demo`: the main job from the command line."""

from __future__ import annotations

import contextlib
from pathlib import Path

import orjson
import typer
import uvicorn
from rich.console import Console

from oddsdesk import aio
from oddsdesk.config import Settings, load_settings
from oddsdesk.errors import ConfigError, OddsdeskError
from oddsdesk.logging import configure_logging
from oddsdesk.pipeline.demo import run_demo
from oddsdesk.pipeline.display import follow, headline, summary_table
from oddsdesk.pipeline.progress import RunFinished
from oddsdesk.pipeline.runner import RunResult
from oddsdesk.pipeline.server import server_app
from oddsdesk.runtime import Runtime

console = Console(stderr=True)
out = Console()


def _settings(**overrides: object) -> Settings:
    try:
        settings = load_settings(**overrides)
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
            result = aio.run(_one_run(settings, event, live=not as_json))
        else:
            aio.run(_scheduled(settings))
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
    app.command("run")(run)
    app.command("demo")(demo)


def run(
    host: str | None = typer.Option(None, help="Interface to listen on (default: the setting)."),
    port: int | None = typer.Option(None, min=1, max=65535, help="Port (default: the setting)."),
) -> None:
    """Production: the scheduler scraping at its interval, and the API server, in one process."""
    overrides = {k: v for k, v in {"api_host": host, "api_port": port}.items() if v is not None}
    settings = _settings(**overrides)
    runtime = Runtime(settings, schedule=True, serve=True)
    config = uvicorn.Config(
        server_app(runtime),
        host=settings.api_host,
        port=settings.api_port,
        log_config=None,
        access_log=False,
    )
    console.print(
        f"oddsdesk: scraping every {settings.scrape_interval_minutes} min; "
        f"API on http://{settings.api_host}:{settings.api_port}/api/docs"
    )
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run()


def demo(
    events: int = typer.Option(300, min=1, max=5000, help="Matches in the simulated world."),
    seed: int = typer.Option(1, help="Seed of the simulated world."),
    interval: float = typer.Option(
        60.0, min=5.0, max=3600.0, help="Seconds between scrape cycles (and world ticks)."
    ),
    cycles: int | None = typer.Option(None, min=1, help="Stop after this many cycles."),
    duration: float | None = typer.Option(None, min=1.0, help="Stop after this many seconds."),
    port: int = typer.Option(8000, min=1, max=65535, help="API port (the next free one if busy)."),
    db: Path = typer.Option(Path("oddsdesk-demo.db"), help="SQLite file (started afresh)."),
    shallow: bool = typer.Option(False, "--shallow", help="Main markets only: a lighter world."),
) -> None:
    """Start the simulator, scrape it every minute into SQLite, serve the API: oddsdesk at work.

    Prints the URLs and a generated API key. Ctrl-C stops everything; --cycles or --duration
    end it by itself.
    """
    code = run_demo(
        events=events, seed=seed, interval=interval, cycles=cycles, duration=duration,
        port=port, db=db, shallow=shallow,
    )  # fmt: skip
    raise typer.Exit(code)
