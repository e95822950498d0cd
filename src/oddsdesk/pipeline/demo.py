"""`oddsdesk demo`: the main job on a fresh machine, with nothing to configure.

It starts the simulator (a child process on loopback), scrapes it on a short interval into a
SQLite file, serves the API and the dashboard, and prints where to look and the
API key it generated. Ctrl-C stops everything cleanly; `--cycles`/`--duration` end it alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from pathlib import Path

import uvicorn
from rich.console import Console

from oddsdesk import aio
from oddsdesk.config import Settings, load_settings
from oddsdesk.errors import ConfigError
from oddsdesk.logging import configure_logging
from oddsdesk.pipeline.display import headline
from oddsdesk.pipeline.progress import RunFinished
from oddsdesk.pipeline.server import server_app
from oddsdesk.pipeline.simproc import SimulatorProcess, free_port, port_is_free
from oddsdesk.runtime import Runtime

console = Console(stderr=True)


def run_demo(
    *,
    events: int,
    seed: int,
    interval: float,
    cycles: int | None,
    duration: float | None,
    port: int,
    db: Path,
    shallow: bool,
) -> int:
    """Run the demo until Ctrl-C, `cycles` finished runs or `duration` seconds; the exit code."""
    work = db.resolve().parent / ".oddsdesk-demo"
    work.mkdir(parents=True, exist_ok=True)
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        path.unlink(missing_ok=True)
    simulator = SimulatorProcess(
        events=events,
        seed=seed,
        drift=0.05,
        tick_seconds=interval,
        shallow=shallow,
        log_path=work / "simulator.log",
    )
    console.print(f"starting the simulator ({events} matches, seed {seed})…")
    try:
        simulator.start()
    except RuntimeError as exc:
        console.print(f"[red]{exc}")
        return 1
    try:
        settings = _demo_settings(simulator, db, work, port)
        code = aio.run(_serve(settings, interval, cycles, duration, simulator))
    except KeyboardInterrupt:
        code = 0
    finally:
        simulator.stop()
    console.print("demo stopped.")
    return code


def _demo_settings(simulator: SimulatorProcess, db: Path, work: Path, port: int) -> Settings:
    if not port_is_free("127.0.0.1", port):
        port = free_port()
    try:
        settings = load_settings(
            database_url=f"sqlite:///{db.resolve()}",
            spool_dir=work / "spool",
            api_host="127.0.0.1",
            api_port=port,
            api_key=os.environ.get("ODDSDESK_API_KEY") or secrets.token_urlsafe(18),
            **simulator.settings(),
        )
    except ConfigError as exc:
        raise SystemExit(f"{exc}") from exc
    configure_logging(fmt=settings.log_format, level="warning")
    return settings


async def _serve(
    settings: Settings,
    interval: float,
    cycles: int | None,
    duration: float | None,
    simulator: SimulatorProcess,
) -> int:
    runtime = Runtime(settings, schedule=True, serve=True, scrape_interval_minutes=interval / 60)
    server = uvicorn.Server(
        uvicorn.Config(
            server_app(runtime),
            host=settings.api_host,
            port=settings.api_port,
            log_level="warning",
            access_log=False,
        )
    )
    subscription = runtime.progress.subscribe(maxsize=10_000)
    base = f"http://{settings.api_host}:{settings.api_port}"
    finished: list[RunFinished] = []

    async def narrate() -> None:
        for _ in range(600):
            if server.started:
                break
            await asyncio.sleep(0.05)
        console.print(
            "\n[bold]oddsdesk demo[/bold] is running\n"
            + f"  dashboard   {base}/#key={settings.api_key}\n"
            + f"  API docs    {base}/api/docs\n"
            + f"  API key     {settings.api_key}   (X-API-Key header, for control endpoints)\n"
            + f"  simulator   {simulator.base_url}\n"
            + f"  database    {settings.database_url.split(':///', 1)[1]}\n"
            + f"scraping every {interval:g} s; Ctrl-C to stop\n"
        )
        async for event in subscription:
            if isinstance(event, RunFinished):
                finished.append(event)
                console.print(headline(event))
                if cycles is not None and len(finished) >= cycles:
                    server.should_exit = True
                    return

    async def stop_after(seconds: float) -> None:
        await asyncio.sleep(seconds)
        server.should_exit = True

    tasks = [asyncio.create_task(narrate())]
    if duration is not None:
        tasks.append(asyncio.create_task(stop_after(duration)))
    try:
        await server.serve()
    finally:
        for task in tasks:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*tasks)
        subscription.close()
        if runtime.running:  # uvicorn skips the lifespan's shutdown when stopped twice at once
            await runtime.stop()
    failed = [run for run in finished if run.status != "succeeded"]
    return 1 if failed and len(failed) == len(finished) else 0
