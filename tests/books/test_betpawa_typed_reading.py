"""BetPawa's typed reading (`read_event` on the raw body) on the values where msgspec and orjson
part ways: it declines, or reads exactly what `parse_event(orjson.loads(body))` reads."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from oddsdesk.books import betpawa
from oddsdesk.domain import BookEvent
from oddsdesk.errors import BookError

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def base(load_capture) -> dict[str, Any]:
    """1X2 (plain labels) and Over/Under (`{formattedHandicap}` labels) of the May capture."""
    raw = load_capture("betpawa_event_detail.json")
    raw["markets"] = [m for m in raw["markets"] if m["marketType"]["id"] in {"3743", "5000"}]
    return raw


def _read_both(payload: dict[str, Any]) -> tuple[BookEvent | None, BookEvent | None]:
    body = json.dumps(payload).encode()  # the stdlib writes integers beyond 64 bits, orjson not
    try:
        checked = betpawa.parse_event(orjson.loads(body))
    except BookError:
        checked = None
    fast = betpawa.read_event(body)
    assert fast is None or fast == checked
    return fast, checked


def _price(payload: dict[str, Any], market: int = 1, row: int = 0, p: int = 0) -> dict[str, Any]:
    return payload["markets"][market]["row"][row]["prices"][p]


def _set(key: str, value: Any, **where: int) -> Edit:
    return lambda payload: _price(payload, **where).__setitem__(key, value)


BEYOND_64_BITS = 2**64  # orjson reads it as a float, msgspec as an int

ALIKE: dict[str, Edit] = {
    "numeric code": _set("name", 12),
    "float code": _set("name", 1.5),
    "empty code": _set("name", ""),
    "price as text": _set("price", " 2.5 "),
    "price as integer": _set("price", 3),
    "price 1.0 is no price": _set("price", 1.0),
    "null suspended": _set("suspended", None),
    "missing suspended": lambda p: _price(p).pop("suspended"),
    "null label": _set("displayName", None),
    "numeric side": _set("handicap", 2),
    "empty side": _set("handicap", ""),
    "suspended without a price": lambda p: (
        _price(p).update(suspended=True, price=None),
        _price(p).pop("odds", None),
    ),
    "numeric line": lambda p: p["markets"][1]["row"][0].update(formattedHandicap=3),
    "integer market id": lambda p: p["markets"][0]["marketType"].update(id=3743),
    "August specifier": lambda p: p["markets"][1]["row"][0].update(specifier={"total": "4.5"}),
    "specifier true is no line": lambda p: p["markets"][1]["row"][0].update(
        specifier={"x": True, "total": "4.5"}
    ),
}


@pytest.mark.parametrize("edit", ALIKE.values(), ids=ALIKE.keys())
def test_unusual_but_valid_values_are_read_alike(base, edit: Edit) -> None:
    edit(base)
    fast, checked = _read_both(base)
    assert checked is not None
    assert fast is not None


DECLINED: dict[str, Edit] = {
    "code beyond 64 bits": _set("name", BEYOND_64_BITS),
    "line beyond 64 bits": lambda p: p["markets"][1]["row"][0].update(handicap=BEYOND_64_BITS),
    "price not finite": _set("price", "inf"),
    "price missing and not suspended": lambda p: (_price(p).pop("price"), _price(p).pop("odds", 0)),
    "price true": _set("price", True),
    "suspended as text": _set("suspended", "no"),
    "empty market id": lambda p: p["markets"][0]["marketType"].update(id=""),
    "prices null": lambda p: p["markets"][0]["row"][0].update(prices=None),
    "markets an object": lambda p: p.update(markets={}),
    "start time missing": lambda p: p.pop("startTime"),
    "position beyond 64 bits": lambda p: p["participants"][0].update(position=BEYOND_64_BITS),
}


@pytest.mark.parametrize("edit", DECLINED.values(), ids=DECLINED.keys())
def test_values_it_cannot_vouch_for_are_declined(base, edit: Edit) -> None:
    edit(base)
    fast, _ = _read_both(base)
    assert fast is None


def test_team_labels_are_filled_per_event_and_line_labels_shared(base) -> None:
    """Labels naming only the line are cached across events; a label naming a team is not."""
    _price(base)["displayName"] = "{home} over {formattedHandicap}"
    first, _ = _read_both(base)
    base["participants"][0]["name"] = "Another Home FC"
    second, _ = _read_both(base)
    assert first is not None and second is not None
    labels = [{o.name for m in e.markets for o in m.outcomes} for e in (first, second)]
    assert "Wuhan Three Towns FC over 0.5" in labels[0] - labels[1]
    assert "Another Home FC over 0.5" in labels[1] - labels[0]
    assert "Under 0.5" in labels[0] & labels[1]


def test_nesting_too_deep_for_msgspec_is_declined_not_raised(base) -> None:
    """msgspec stops at a lower depth than orjson, even in a field it skips."""
    deep = b"[" * 1000 + b"]" * 1000
    body = orjson.dumps(base)[:-1] + b',"unread":' + deep + b"}"
    assert betpawa.read_event(body) in (None, betpawa.parse_event(orjson.loads(body)))
