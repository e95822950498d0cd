"""SportyBet's typed reading of raw bodies, on the values where msgspec and orjson could part:
numbers standing in for strings, ints too long for 64 bits, non-finite prices, bad UTF-8."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from oddsdesk.books import sportybet
from oddsdesk.domain import BookEvent
from oddsdesk.errors import BadPayload, BookRejected

LONG_INTS = [2**64, 2**63, -(2**63) - 1, 10**30]
"""orjson decodes the first, third and fourth as floats; msgspec would keep them exact ints."""
_MARK = "__number__"


def _small(load_capture) -> dict[str, Any]:
    raw = load_capture("sportybet_event_detail.json")
    raw["data"]["markets"] = raw["data"]["markets"][:6]
    return raw


def _body(payload: dict[str, Any], path: list, number: int | None = None) -> bytes:
    """`payload` with the node at `path` set to `number` written as JSON (orjson cannot
    write ints beyond 64 bits)."""
    node = payload
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = _MARK
    return orjson.dumps(payload).replace(f'"{_MARK}"'.encode(), str(number).encode())


def _held(body: bytes) -> BookEvent | None:
    """The fast reading, after checking it declines or equals the checked one."""
    fast = sportybet.read_event(body)
    if fast is not None:
        assert fast == sportybet.parse_event(orjson.loads(body))
    return fast


@pytest.mark.parametrize(
    "path",
    [
        ["bizCode"],
        ["data", "status"],
        ["data", "estimateStartTime"],
        ["data", "sport", "category", "name"],
        ["data", "sport", "category", "tournament", "id"],
        ["data", "sport", "category", "tournament", "name"],
        ["data", "eventSource", "preMatchSource", "sourceId"],
        ["data", "markets", 0, "id"],
        ["data", "markets", 0, "status"],
        ["data", "markets", 0, "desc"],
        ["data", "markets", 1, "outcomes", 0, "id"],
        ["data", "markets", 1, "outcomes", 0, "isActive"],
        ["data", "markets", 1, "outcomes", 0, "desc"],
        ["data", "markets", 1, "outcomes", 0, "odds"],
    ],
)
def test_long_ints_are_declined_or_read_alike(load_capture, path: list) -> None:
    for number in LONG_INTS:
        _held(_body(_small(load_capture), path, number))


def test_a_long_market_status_is_not_read_as_a_closed_market(load_capture) -> None:
    """orjson makes it a float, which the checked reader refuses; the fast one must decline."""
    body = _body(_small(load_capture), ["data", "markets", 0, "status"], 2**64)
    with pytest.raises(BadPayload, match="status"):
        sportybet.parse_event(orjson.loads(body))
    assert sportybet.read_event(body) is None


def test_numbers_for_ids_labels_and_prices_take_the_fast_path(load_capture) -> None:
    raw = _small(load_capture)
    market = raw["data"]["markets"][0]
    market["id"], market["desc"] = 1, 7.5
    market["outcomes"][0].update(id=1, desc=0, odds=2)
    market["outcomes"][1].update(id=2.0, odds=3.25)
    raw["bizCode"] = "10000"

    event = _held(orjson.dumps(raw))

    assert event is not None
    first = event.markets[0]
    assert (first.market_id, first.name) == ("1", "7.5")
    assert [(o.code, o.name, o.price) for o in first.outcomes[:2]] == [
        ("1", "1", 2.0),  # a falsy desc falls back to the code
        ("2.0", market["outcomes"][1]["desc"], 3.25),
    ]


@pytest.mark.parametrize("odds", ["inf", "nan", "-Infinity", "two", True])
def test_unreadable_prices_are_left_to_the_checked_reader(load_capture, odds) -> None:
    raw = _small(load_capture)
    market = next(m for m in raw["data"]["markets"] if m["status"] == 0)
    outcome = next(o for o in market["outcomes"] if o["isActive"] == 1)
    outcome["odds"] = odds
    body = orjson.dumps(raw)
    assert sportybet.read_event(body) is None
    with pytest.raises(BadPayload, match="odds"):
        sportybet.parse_event(orjson.loads(body))


def test_a_book_error_code_is_left_to_the_checked_reader(load_capture) -> None:
    raw = _small(load_capture)
    raw["bizCode"] = 19000
    body = orjson.dumps(raw)
    assert sportybet.read_event(body) is None
    with pytest.raises(BookRejected):
        sportybet.parse_event(orjson.loads(body))


@pytest.mark.parametrize(
    "body",
    [b"", b"[]", b"null", b'{"bizCode": 10000}', b'{"bizCode": 10000, "data": null}'],
)
def test_what_is_not_an_event_answer_is_declined(body: bytes) -> None:
    assert sportybet.read_event(body) is None


def test_bad_utf8_in_a_read_field_is_declined_not_raised(load_capture) -> None:
    body = orjson.dumps(_small(load_capture))
    home = orjson.dumps(load_capture("sportybet_event_detail.json")["data"]["homeTeamName"])
    assert sportybet.read_event(body.replace(home, home[:-1] + b'\xff"', 1)) is None
