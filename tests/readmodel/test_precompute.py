from __future__ import annotations

from datetime import timedelta

from oddsdesk.domain import Book
from oddsdesk.readmodel.events import event_detail
from oddsdesk.readmodel.precompute import Precomputer
from oddsdesk.readmodel.view import OddsView
from tests.support.odds import T0, quote, world


def test_every_line_is_compared_before_anyone_asks_and_again_only_when_it_changes() -> None:
    events, quotes, seen = world(30, lines=3)
    view = OddsView(clock=lambda: T0 - timedelta(hours=1))
    view.apply(events=events, quotes=quotes, seen=seen)
    lines = len({(k[0], k[2], k[3]) for k, _ in quotes})
    computer = Precomputer(view).start()
    try:
        assert computer.settle(timeout=30)
        assert view.lines.computed == lines
        assert computer.computed_events == 30

        for event_id in range(1, 31):
            event_detail(view, event_id)
        assert view.lines.computed == lines  # every detail came from what was precomputed

        view.apply(quotes=[quote(7, Book.SPORTYBET, "btts_ft", {"yes": 1.5, "no": 2.6})])
        assert computer.settle(timeout=30)
        assert view.lines.computed == lines + 1
    finally:
        computer.stop()
