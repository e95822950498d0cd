"""`oddsdesk db …`: upgrade the schema, show its state, clean up, inspect the writer's spool."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from oddsdesk.config import Settings, load_settings
from oddsdesk.errors import OddsdeskError
from oddsdesk.store import migrate
from oddsdesk.store.db import create_engine, session_factory
from oddsdesk.store.queries import table_sizes
from oddsdesk.store.retention import apply_retention, preview_retention
from oddsdesk.store.spool import Spool

db_app = typer.Typer(
    help="Database: schema upgrades, status, retention, spool.", no_args_is_help=True
)
console = Console()


def _settings() -> Settings:
    try:
        return load_settings()
    except OddsdeskError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


def _fail(exc: OddsdeskError) -> typer.Exit:
    console.print(f"[red]error:[/red] {exc}")
    return typer.Exit(1)


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply the schema migrations (and create the history partitions ahead on PostgreSQL)."""
    engine = create_engine(_settings().database_url)
    try:
        before = migrate.current_revision(engine)
        migrate.upgrade(engine, revision)
        created = migrate.ensure_partitions(engine)
        after = migrate.current_revision(engine)
    except OddsdeskError as exc:
        raise _fail(exc) from exc
    finally:
        engine.dispose()
    console.print(f"schema: {before or 'empty'} → [bold]{after}[/bold]")
    if created:
        console.print(f"history partitions created: {created}")


@db_app.command("status")
def status() -> None:
    """Show the schema revision and the rows and bytes of every table."""
    settings = _settings()
    engine = create_engine(settings.database_url)
    try:
        current = migrate.current_revision(engine)
        head = migrate.head_revision()
        sizes = []
        if current is not None:
            with session_factory(engine)() as session:
                sizes = table_sizes(session)
    except OddsdeskError as exc:
        raise _fail(exc) from exc
    finally:
        engine.dispose()
    state = "up to date" if current == head else "needs `oddsdesk db upgrade`"
    console.print(f"database: {engine.url.render_as_string(hide_password=True)}")
    console.print(f"schema: {current or 'empty'} (latest {head}) — {state}")
    if sizes:
        table = Table("table", "rows", "bytes")
        for size in sizes:
            table.add_row(size.table, f"{size.rows:,}", f"{size.bytes:,}")
        console.print(table)


@db_app.command("cleanup")
def cleanup(
    preview: bool = typer.Option(False, "--preview", help="Only count what would be deleted."),
    days: int | None = typer.Option(None, help="Retention in days (default: the setting)."),
) -> None:
    """Apply history retention now (or preview it)."""
    settings = _settings()
    days = days or settings.history_retention_days
    engine = create_engine(settings.database_url)
    try:
        if preview:
            plan = preview_retention(engine, retention_days=days)
            counts, title = plan.counts, f"would delete (cutoff {plan.cutoff:%Y-%m-%d %H:%M} UTC)"
        else:
            report = apply_retention(engine, retention_days=days, trigger="manual")
            counts, title = report.counts, f"deleted ({report.status})"
            if report.error:
                console.print(f"[red]{report.error}[/red]")
    except OddsdeskError as exc:
        raise _fail(exc) from exc
    finally:
        engine.dispose()
    table = Table("table", "rows", title=title)
    for name, count in counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)


@db_app.command("spool")
def spool(
    revive: bool = typer.Option(
        False,
        "--revive",
        help="Move rejected batches back for replay (fix the cause and stop oddsdesk first).",
    ),
) -> None:
    """Show the writer's spool: batches waiting for the database, and batches it rejected."""
    box = Spool(_settings().spool_dir)
    if revive:
        pending = box.sequences()
        count = box.revive((pending[-1] + 1) if pending else 1)
        console.print(f"revived {count} batch(es); the writer replays them on its next start")
    console.print(
        f"pending: {len(box.sequences())}  rejected: {box.dead_count()}  ({box.dead.parent})"
    )
