"""The `oddsdesk` command: the front door to every job."""

from __future__ import annotations

import typer
from rich.console import Console

from oddsdesk import __version__
from oddsdesk.api.cli import serve
from oddsdesk.books.cli import parse
from oddsdesk.markets.cli import mapping_report
from oddsdesk.pipeline.cli import register as register_pipeline
from oddsdesk.simulator.cli import simulate
from oddsdesk.store.cli import db_app

app = typer.Typer(
    name="oddsdesk",
    help="Competitive odds intelligence: BetPawa against SportyBet and Bet9ja.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console()
app.add_typer(db_app, name="db")


def _version(value: bool) -> None:
    if value:
        console.print(f"oddsdesk {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Competitive odds intelligence: BetPawa against SportyBet and Bet9ja."""


app.command("parse")(parse)
app.command("mapping-report")(mapping_report)
app.command("simulate")(simulate)
app.command("serve")(serve)
register_pipeline(app)


def main() -> None:
    app()
