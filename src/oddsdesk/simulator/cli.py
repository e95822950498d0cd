"""`oddsdesk simulate`: one local HTTP server answering as BetPawa, SportyBet and Bet9ja."""

from __future__ import annotations

import os
import signal
import threading
import time

import typer
import uvicorn
from rich.console import Console

from oddsdesk.domain import Book
from oddsdesk.simulator.app import create_app
from oddsdesk.simulator.config import FaultConfig, SimConfig
from oddsdesk.simulator.world import World

console = Console(stderr=True)

PARENT_PID_ENV = "ODDSDESK_SIMULATOR_PARENT_PID"


def _books(value: str) -> tuple[Book, ...]:
    try:
        books = tuple(Book(part.strip()) for part in value.split(",") if part.strip())
    except ValueError as exc:
        raise typer.BadParameter(f"{exc}; choose from {', '.join(b.value for b in Book)}") from exc
    if not books:
        raise typer.BadParameter("name at least one book")
    return books


def settings_lines(base_url: str, books: tuple[Book, ...]) -> list[str]:
    """The environment a scraper needs to read the simulator instead of the real books."""
    lines = [f"ODDSDESK_{book.value.upper()}_BASE_URL={base_url}" for book in books]
    lines.append(f"ODDSDESK_ENABLED_BOOKS={','.join(b.value for b in books)}")
    return lines


def simulate(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8765, min=0, max=65535, help="Port to listen on."),
    events: int = typer.Option(300, min=1, max=50_000, help="Matches in the world."),
    seed: int = typer.Option(1, help="Seed: the same seed gives the same world and changes."),
    drift: float = typer.Option(
        0.1, min=0.0, max=1.0, help="Share of market lines that move per tick (0 freezes)."
    ),
    latency_ms: float = typer.Option(
        0.0, min=0.0, help="Median added latency per request (log-normal)."
    ),
    fault_rate: float = typer.Option(
        0.0, min=0.0, max=1.0, help="Share of requests that fail, per book."
    ),
    books: str = typer.Option("betpawa,sportybet,bet9ja", help="Books to serve, comma-separated."),
    tick_seconds: float = typer.Option(
        60.0, min=0.0, help="Advance the world every T seconds (0: never)."
    ),
    shallow: bool = typer.Option(False, "--shallow", help="Main markets only, for quick demos."),
) -> None:
    """Serve a seeded, living simulation of the three books on their real paths."""
    chosen = _books(books)
    faults = {book: FaultConfig(rate=fault_rate, latency_ms=latency_ms) for book in chosen}
    config = SimConfig(
        seed=seed,
        events=events,
        drift=drift,
        shallow=shallow,
        books=chosen,
        faults=faults,
        tick_seconds=tick_seconds or 60.0,
    )
    world = World(config)
    app = create_app(world, tick_seconds=tick_seconds or None, prewarm=True)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    base = f"http://{shown_host}:{port}"
    console.print(
        f"[bold]oddsdesk simulator[/bold]: {len(world.events)} matches, seed {seed}, drift {drift}, "
        f"{'shallow' if shallow else 'full'} markets, faults {fault_rate:.0%}, latency {latency_ms:g} ms"
    )
    console.print("Point oddsdesk at it with:")
    for line in settings_lines(base, chosen):
        typer.echo(line)
    _stop_when_parent_exits(os.environ.get(PARENT_PID_ENV))
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _stop_when_parent_exits(parent: str | None) -> None:
    """A simulator started by another process (the demo, a benchmark) stops cleanly when that
    process is gone, however it ended: it runs in its own session, so no signal reaches it."""
    if not parent or not parent.isdigit():
        return

    def watch() -> None:
        while os.getppid() == int(parent):
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
