"""`oddsdesk parse --book BOOK FILE [--json]`: one saved event-detail response, parsed and mapped.

The JSON document is read by other tools, so its keys are stable: the event facts, then
`markets` (canonical quotes) and `unmapped` (book markets the catalogue does not cover).
"""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path
from typing import Any, NoReturn

import orjson
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from oddsdesk.domain import Book, BookEvent, BookMarket, MappedEvent
from oddsdesk.errors import OddsdeskError


def parse(
    file: Path = typer.Argument(
        ..., help="A saved event-detail response (JSON).", show_default=False
    ),
    book: Book = typer.Option(..., "--book", help="The book that answered it.", show_default=False),
    as_json: bool = typer.Option(
        False, "--json", help="Print one JSON object instead of a summary."
    ),
    book_markets: bool = typer.Option(
        False, "--book-markets", help="Show the book's own markets instead of canonical ones."
    ),
) -> None:
    """Parse one saved event-detail response and print the event and its markets."""
    try:
        payload = orjson.loads(file.read_bytes())
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    except orjson.JSONDecodeError as exc:
        _fail(f"{file} is not JSON: {exc}")
    try:
        event = parse_payload(book, payload)
        mapped = None if book_markets else _map(event)
    except OddsdeskError as exc:
        _fail(f"{file}: {exc}")
    document = event_json(event, mapped)
    if as_json:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        _print_summary(Console(), event, mapped)


def parse_payload(book: Book, payload: Any) -> BookEvent:
    """The BookEvent of one detail payload; Bet9ja's naive start times are read in the
    configured zone (`ODDSDESK_BET9JA_TIMEZONE`)."""
    from oddsdesk.books import bet9ja, betpawa, sportybet

    if book is Book.BET9JA:
        from zoneinfo import ZoneInfo

        from oddsdesk.config import load_settings

        return bet9ja.parse_event(payload, ZoneInfo(load_settings().bet9ja_timezone))
    return (betpawa.parse_event if book is Book.BETPAWA else sportybet.parse_event)(payload)


def event_json(event: BookEvent, mapped: MappedEvent | None) -> dict[str, Any]:
    """The `--json` document: canonical markets when `mapped` is given, else the book's own."""
    ref = event.ref
    document: dict[str, Any] = {
        "book": ref.book.value,
        "book_event_id": ref.book_event_id,
        "sr_id": ref.sr_id,
        "home": ref.home,
        "away": ref.away,
        "kickoff": ref.kickoff.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tournament": ref.tournament,
        "country": ref.country,
        "live": ref.live,
    }
    if mapped is not None:
        from oddsdesk.markets.report import event_document

        document.update(event_document(mapped))
    else:
        document["markets"] = [_book_market(market) for market in event.markets]
        document["unmapped"] = []
    return document


def _map(event: BookEvent) -> MappedEvent:
    from oddsdesk.markets.mapping import map_event

    return map_event(event)


def _book_market(market: BookMarket) -> dict[str, Any]:
    return {
        "book_market": market.market_id,
        "name": market.name,
        "specifier": market.specifier,
        "outcomes": [
            {"code": o.code, "name": o.name, "price": o.price, "available": o.available}
            for o in market.outcomes
        ],
    }


def _print_summary(console: Console, event: BookEvent, mapped: MappedEvent | None) -> None:
    ref = event.ref
    outcomes = [o for market in event.markets for o in market.outcomes]
    console.print(
        Text.assemble(
            (f"{ref.book.label} {ref.book_event_id}", "bold"),
            "  ",
            (f"{ref.home} – {ref.away}", "bold cyan"),
            ("  LIVE" if ref.live else "", "bold red"),
        )
    )
    facts = [
        ("Kickoff", ref.kickoff.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Tournament", f"{ref.tournament} ({ref.country})" if ref.country else ref.tournament),
        ("SportRadar", ref.sr_id or "—"),
        ("Genius", ref.genius_id or "—"),
        (
            "Book markets",
            f"{len(event.markets)} market-lines, {len(outcomes)} outcomes, "
            f"{sum(o.available for o in outcomes)} priced",
        ),
    ]
    if mapped is not None:
        unmapped = sum(u.count for u in mapped.unmapped)
        facts.append(
            ("Canonical", f"{len(mapped.quotes)} quotes, {unmapped} market-lines unmapped")
        )
    for label, value in facts:
        console.print(Text.assemble((f"{label:>12}  ", "dim"), value))
    if mapped is None:
        table = Table("book market", "name", "line", "outcomes", title="Book markets")
        for market in event.markets:
            prices = [(o.code, o.price) for o in market.outcomes]
            table.add_row(
                Text(market.market_id),
                Text(market.name),
                Text(market.specifier or ""),
                _prices(prices),
            )
    else:
        table = Table("market", "line", "outcomes", "book market", title="Canonical markets")
        for quote in mapped.quotes:
            prices = [(o.outcome, o.price) for o in quote.outcomes]
            line = "" if quote.line is None else f"{quote.line:g}"
            table.add_row(Text(quote.market), line, _prices(prices), Text(quote.book_market))
    console.print(table)
    if mapped is not None and mapped.unmapped:
        rest = Table("book market", "name", "count", "reason", title="Not mapped")
        for item in mapped.unmapped:
            rest.add_row(
                Text(item.book_market), Text(item.name), str(item.count), Text(item.reason)
            )
        console.print(rest)


def _prices(prices: list[tuple[str, float | None]]) -> Text:
    text = Text()
    for index, (label, price) in enumerate(prices):
        if index:
            text.append("  ")
        text.append(f"{label} ", "dim")
        text.append(
            f"{price:.2f}" if price is not None else "—", "" if price is not None else "red"
        )
    return text


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    raise typer.Exit(2)
