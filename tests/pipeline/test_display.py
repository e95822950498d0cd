from __future__ import annotations

from rich.console import Console

from oddsdesk.domain import Book
from oddsdesk.pipeline.display import RunView, headline, summary_table
from oddsdesk.pipeline.progress import (
    CycleError,
    DiscoveryDone,
    EventDone,
    EventsQueued,
    RunFinished,
    RunStarted,
)
from oddsdesk.pipeline.stats import RunStats


def rendered(renderable) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_the_live_view_shows_discovery_per_book_outcomes_and_errors() -> None:
    view = RunView()
    view.fold(RunStarted(run_id=4, trigger="manual", books=["betpawa", "bet9ja"]))
    view.fold(DiscoveryDone(run_id=4, book="betpawa", count=120, seconds=1.2))
    view.fold(
        DiscoveryDone(
            run_id=4, book="bet9ja", count=None, seconds=0.3, error_kind="blocked", error="HTTP 403"
        )
    )
    view.fold(EventsQueued(run_id=4, total=2, by_book={"betpawa": 2}, by_method={"sr_id": 2}))
    view.fold(
        EventDone(
            run_id=4,
            index=1,
            total=2,
            event_id=1,
            sr_id="1",
            name="A - B",
            books={"betpawa": "ok", "bet9ja": "timeout"},
            changed=3,
        )
    )
    view.fold(
        CycleError(run_id=4, kind="timeout", message="read timeout", book="bet9ja", sr_id="1")
    )
    text = rendered(view.render())
    assert "run 4 (manual)" in text
    assert "120 events" in text and "blocked: HTTP 403" in text
    assert "timeout 1" in text and "bet9ja sr:1 timeout: read timeout" in text
    assert "1/2" in text and "prices changed: 3" in text


def test_the_summary_table_has_a_row_per_book_with_failures_by_kind() -> None:
    stats = RunStats.for_books([Book.BETPAWA, Book.SPORTYBET])
    stats.books[Book.BETPAWA].discovered = 10
    stats.books[Book.BETPAWA].requested = 10
    stats.books[Book.BETPAWA].ok = 8
    stats.books[Book.BETPAWA].errors.update({"server_error": 1, "timeout": 1})
    stats.books[Book.SPORTYBET].discovery_error = "blocked"
    stats.events_ok = 8
    text = rendered(summary_table(stats.to_dict()))
    assert "BetPawa" in text and "8/10" in text and "server_error 1, timeout 1" in text
    assert "SportyBet" in text and "blocked" in text
    line = headline(RunFinished(run_id=9, status="succeeded", seconds=2.0, summary=stats.to_dict()))
    assert "8 events (4.0/s)" in line
