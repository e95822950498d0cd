"""`oddsdesk mapping-report FILE...`: how well the catalogue maps the payloads of one match."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from oddsdesk.domain import Book, BookEvent
from oddsdesk.errors import OddsdeskError
from oddsdesk.markets.report import PAWARISK, MappingReport, build_report, is_partial


def detect_book(payload: Any) -> Book:
    """Which book wrote an event-detail payload, from its shape alone."""
    if isinstance(payload, dict):
        if "bizCode" in payload:
            return Book.SPORTYBET
        if "R" in payload and "D" in payload:
            return Book.BET9JA
        if "markets" in payload and "participants" in payload:
            return Book.BETPAWA
    raise ValueError("not a BetPawa, SportyBet or Bet9ja event detail")


def parse_payload(payload: Any) -> BookEvent:
    """The BookEvent of any book's event-detail payload."""
    from oddsdesk.books import bet9ja, betpawa, sportybet

    parsers = {
        Book.BETPAWA: betpawa.parse_event,
        Book.SPORTYBET: sportybet.parse_event,
        Book.BET9JA: bet9ja.parse_event,
    }
    return parsers[detect_book(payload)](payload)


def mapping_report(
    files: list[Path] = typer.Argument(..., help="Event-detail payloads of one match (any books)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Map payloads of one match: per book markets seen / mapped / unmapped, coverage, and every
    disagreement between the books' fair probabilities."""
    console = Console()
    events: list[BookEvent] = []
    errors: list[dict[str, str]] = []
    for path in files:
        try:
            events.append(parse_payload(orjson.loads(path.read_bytes())))
        except (OSError, ValueError, OddsdeskError) as exc:
            errors.append({"file": str(path), "error": str(exc)})
    report = build_report(events) if events else None
    if as_json:
        document = report.to_dict() if report else {"books": []}
        document["errors"] = errors
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for error in errors:
            console.print(f"[red]{error['file']}: {error['error']}[/red]")
        if report:
            _print(console, report)
    if errors or report is None:
        raise typer.Exit(1)


def _print(console: Console, report: MappingReport) -> None:
    if not report.one_match:
        console.print(f"[yellow]payloads of several matches (SR {', '.join(report.sr_ids)})[/]")
    for book in report.books:
        console.print(f"{book.book.label}: {book.event} (SR {book.sr_id or '?'})")
    table = Table(title="Market-lines per book (one book market at one line)")
    for column in ("book", "seen", "mapped", "unmapped", "quotes", "coverage", "pawaRisk"):
        table.add_column(column)
    for book in report.books:
        table.add_row(
            book.book.label,
            str(book.seen),
            str(book.mapped),
            str(book.not_mapped),
            str(book.quotes),
            f"{book.coverage.share or 0:.1%}",
            PAWARISK.get(book.book, ""),
        )
    console.print(table)
    for book in report.books:
        if book.shared_mapped is not None:
            console.print(
                f"{book.book.label}: lines whose market BetPawa also quotes, mapped: "
                f"{book.shared_mapped}"
            )
        for other, ratio in book.found_on.items():
            console.print(
                f"{book.book.label} lines found on {other.label} (same key, outcomes in common): "
                f"{ratio}"
            )
    for book in report.books:
        if not book.unmapped:
            continue
        table = Table(title=f"{book.book.label}: not mapped")
        for column in ("book market", "name", "reason", "count"):
            table.add_column(column)
        for item in book.unmapped:
            style = "dim" if is_partial(item) else ""
            table.add_row(item.book_market, item.name, item.reason, str(item.count), style=style)
        console.print(table)
    result = report.check
    if result.ok:
        console.print(f"[green]check: {result.compared} outcome comparisons, no disagreement[/]")
        return
    table = Table(title=f"check: {len(result.disagreements)} disagreements")
    for column in ("market", "line", "outcome", "books", "probabilities", "method"):
        table.add_column(column)
    for d in result.disagreements:
        table.add_row(
            d.market,
            "" if d.line is None else f"{d.line:g}",
            d.outcome,
            f"{d.books[0].label} {d.book_markets[0]} / {d.books[1].label} {d.book_markets[1]}",
            f"{d.probabilities[0]:.3f} / {d.probabilities[1]:.3f}",
            d.method,
        )
    console.print(table)
