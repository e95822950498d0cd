"""The fast event readers accept exactly what the checked parsers accept, with the same result.

`read_event` reads the raw body of every answer of every cycle (typed decoding); `parse_event`
runs only when the fast one declines. So the fast one must (a) handle real answers itself, or
the speed is imaginary, and (b) never accept a payload the checked parser rejects, or return
anything different.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from oddsdesk.books import bet9ja, betpawa, sportybet
from oddsdesk.domain import Book, BookEvent
from oddsdesk.errors import BookError
from oddsdesk.simulator import render_sportybet
from oddsdesk.simulator.app import create_app
from oddsdesk.simulator.config import SimConfig
from oddsdesk.simulator.world import World
from tests.books.test_malformed import _small_bet9ja, _small_betpawa, _small_sportybet
from tests.support.damage import damaged_copies

READERS: dict[str, tuple[Callable[[bytes], BookEvent | None], Callable[[Any], BookEvent]]] = {
    "betpawa": (betpawa.read_event, betpawa.parse_event),
    "sportybet": (sportybet.read_event, sportybet.parse_event),
    "bet9ja": (bet9ja.read_event, bet9ja.parse_event),
}

DETAIL_CAPTURES = {
    "betpawa": ["betpawa_event_detail.json", "betpawa_event_detail_dc_1up.json", "betpawa_event_detail_live.json"],
    "sportybet": ["sportybet_event_detail.json", "sportybet_event_detail_2way_handicap.json"],
    "bet9ja": [
        "bet9ja_event_detail.json",
        "bet9ja_event_detail_next_goal_team_ou.json",
        "bet9ja_event_detail_live.json",
    ],
}  # fmt: skip


def _checked(check: Callable[[Any], BookEvent], payload: Any) -> BookEvent | None:
    try:
        return check(payload)
    except BookError:
        return None


@pytest.mark.parametrize(
    ("book", "name"), [(book, name) for book, names in DETAIL_CAPTURES.items() for name in names]
)
def test_real_answers_take_the_fast_path_with_the_checked_result(captures_dir, book, name) -> None:
    read, check = READERS[book]
    body = (captures_dir / name).read_bytes()
    payload = orjson.loads(body)
    fast = read(body)
    assert fast is not None, f"{name}: the fast reader declined a real answer"
    assert fast == check(payload)
    assert fast.markets


def _simulated(book: str, events: int = 6) -> list[Any]:
    world = World(SimConfig(seed=11, events=events))
    app = create_app(world)
    listed = list(world.listed(Book(book)))
    if book == "betpawa":
        return [app.betpawa.event(e, shape) for e in listed for shape in ("v3", "v4")]
    if book == "sportybet":
        return [render_sportybet.envelope(app.sportybet.event(e, product=3)) for e in listed]
    return [app.bet9ja.event(e) for e in listed]


@pytest.mark.parametrize("book", READERS)
def test_simulated_answers_take_the_fast_path(book: str) -> None:
    read, check = READERS[book]
    bodies = [orjson.dumps(p) for p in _simulated(book)]
    assert bodies
    for body in bodies:
        payload = orjson.loads(body)
        fast = read(body)
        assert fast is not None
        assert fast == check(payload)


@pytest.mark.parametrize(
    ("book", "build"),
    [("betpawa", _small_betpawa), ("sportybet", _small_sportybet), ("bet9ja", _small_bet9ja)],
)
def test_damaged_answers_are_declined_or_read_alike(load_capture, book, build) -> None:
    """Delete, retype or truncate one random node: the fast reader declines, or its event is
    exactly the checked parser's (which must then accept it too)."""
    read, check = READERS[book]
    rng = random.Random(f"{book}-fast")
    declined = agreed = 0
    for payload, path in damaged_copies(build(load_capture), rng, 500):
        fast = read(orjson.dumps(payload))
        expected = _checked(check, payload)
        if fast is None:
            declined += 1
        else:
            assert fast == expected, (path, payload if len(str(payload)) < 400 else "…")
            agreed += 1
    assert declined > 20 and agreed > 50, (declined, agreed)
