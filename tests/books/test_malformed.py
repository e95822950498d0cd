"""Malformed and partial payloads, built from the captures, are BadPayload and nothing else."""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from typing import Any

import pytest

from oddsdesk.books import bet9ja, betpawa, sportybet
from oddsdesk.domain import BookEvent
from oddsdesk.errors import BadPayload, BookError
from tests.support.damage import damaged_copies

Parse = Callable[[Any], BookEvent]


def _small_betpawa(load_capture) -> dict:
    raw = load_capture("betpawa_event_detail.json")
    keep = {"3743", "5000", "3774", "4724", "4429", "28000224", "5006"}
    raw["markets"] = [m for m in raw["markets"] if m["marketType"]["id"] in keep]
    return raw


def _small_sportybet(load_capture) -> dict:
    raw = load_capture("sportybet_event_detail.json")
    raw["data"]["markets"] = raw["data"]["markets"][:12]
    return raw


def _small_bet9ja(load_capture) -> dict:
    raw = load_capture("bet9ja_event_detail.json")
    data = raw["D"]
    data["O"] = dict(list(data["O"].items())[:40])
    markets = {bet9ja.split_key(key)[0] for key in data["O"]}
    data["MK"] = [m for m in data["MK"] if m["ID"] in markets]
    data["TRANS"] = {
        k: v for k, v in data["TRANS"].items() if k.split("#", 1)[-1].startswith(tuple(markets))
    }
    for key in ("AUX", "CATMARKET"):
        data.pop(key)
    return raw


def _set(tree: Any, path: list, value: Any) -> None:
    for step in path[:-1]:
        tree = tree[step]
    tree[path[-1]] = value


def _delete(tree: Any, path: list) -> None:
    for step in path[:-1]:
        tree = tree[step]
    del tree[path[-1]]


CASES: list[tuple[str, Callable[[Any], Any], Callable[[Any], None], str]] = [
    ("betpawa", _small_betpawa, lambda p: p.pop("startTime"), "startTime is missing"),
    ("betpawa", _small_betpawa, lambda p: p.update(startTime="tomorrow"), "not ISO 8601"),
    (
        "betpawa",
        _small_betpawa,
        lambda p: p.update(startTime="2026-05-06T11:00:00"),
        "no time zone",
    ),
    (
        "betpawa",
        _small_betpawa,
        lambda p: (p.pop("participants"), p.update(name="Wuhan")),
        "Home - Away",
    ),
    ("betpawa", _small_betpawa, lambda p: p.update(markets="none"), "markets should be a list"),
    (
        "betpawa",
        _small_betpawa,
        lambda p: p["markets"][0].pop("marketType"),
        "markets[0]: marketType",
    ),
    ("betpawa", _small_betpawa, lambda p: p["markets"][1].pop("row"), "markets[1]: row is missing"),
    (
        "betpawa",
        _small_betpawa,
        lambda p: _set(p, ["markets", 0, "row", 0, "prices", 1, "price"], "abc"),
        "markets[0]: row[0]: prices[1]: price should be a number",
    ),
    (
        "betpawa",
        _small_betpawa,
        lambda p: _delete(p, ["markets", 0, "row", 0, "prices", 0, "price"]),
        "neither price nor odds",
    ),
    (
        "betpawa",
        _small_betpawa,
        lambda p: _set(p, ["competition"], "CSL"),
        "competition is not an object",
    ),
    ("sportybet", _small_sportybet, lambda p: p.pop("data"), "data is missing"),
    ("sportybet", _small_sportybet, lambda p: p["data"].pop("markets"), "markets is missing"),
    (
        "sportybet",
        _small_sportybet,
        lambda p: p["data"].update(estimateStartTime="soon"),
        "estimateStartTime",
    ),
    (
        "sportybet",
        _small_sportybet,
        lambda p: p["data"].update(homeTeamName=42),
        "homeTeamName should be",
    ),
    (
        "sportybet",
        _small_sportybet,
        lambda p: _delete(p, ["data", "markets", 2, "outcomes", 0, "isActive"]),
        "markets[2]: outcomes[0]: isActive is missing",
    ),
    (
        "sportybet",
        _small_sportybet,
        lambda p: _set(p, ["data", "markets", 0, "outcomes"], {}),
        "outcomes should",
    ),
    ("sportybet", _small_sportybet, lambda p: p.pop("bizCode"), "bizCode is missing"),
    ("bet9ja", _small_bet9ja, lambda p: p["D"].pop("O"), "O is missing"),
    ("bet9ja", _small_bet9ja, lambda p: p["D"].update(O=[]), "O should be an object"),
    ("bet9ja", _small_bet9ja, lambda p: p["D"].update(STARTDATE="06/05/2026 11:00"), "STARTDATE"),
    ("bet9ja", _small_bet9ja, lambda p: p["D"].update(DS="Wuhan v Qingdao"), "Home - Away"),
    ("bet9ja", _small_bet9ja, lambda p: p["D"]["O"].update(S_1X2_1="evens"), "S_1X2_1"),
    ("bet9ja", _small_bet9ja, lambda p: p["D"]["O"].update(S_1X2_1={"x": 2}), "no value"),
    (
        "bet9ja",
        _small_bet9ja,
        lambda p: p["D"]["O"].update(S_NOLINE="2.0"),
        "MARKET[@LINE]_OUTCOME",
    ),
    ("bet9ja", _small_bet9ja, lambda p: p.update(R="MAYBE"), "unknown status"),
    ("bet9ja", _small_bet9ja, lambda p: p["D"].update(MK=[{"SGN": []}]), "MK[0]: ID is missing"),
]

PARSERS: dict[str, Parse] = {
    "betpawa": betpawa.parse_event,
    "sportybet": sportybet.parse_event,
    "bet9ja": bet9ja.parse_event,
}


@pytest.mark.parametrize(("book", "build", "mutate", "message"), CASES)
def test_malformed_payload_is_bad_payload(load_capture, book, build, mutate, message) -> None:
    payload = build(load_capture)
    PARSERS[book](copy.deepcopy(payload))  # the unmutated small payload parses
    mutate(payload)
    with pytest.raises(BadPayload, match=re.escape(message)) as caught:
        PARSERS[book](payload)
    assert caught.value.book == book


@pytest.mark.parametrize("book", PARSERS)
@pytest.mark.parametrize("payload", [None, [], "text", 3, {}])
def test_not_an_event_at_all(book: str, payload: Any) -> None:
    with pytest.raises(BadPayload):
        PARSERS[book](payload)


@pytest.mark.parametrize(
    ("book", "build"),
    [("betpawa", _small_betpawa), ("sportybet", _small_sportybet), ("bet9ja", _small_bet9ja)],
)
def test_random_damage_never_escapes_as_another_exception(load_capture, book, build) -> None:
    """Delete, retype or truncate one random node at a time: the parser returns an event or
    raises a BookError, never KeyError/TypeError/ValueError."""
    rng = random.Random(f"{book}-damage")
    outcomes = {"parsed": 0, "rejected": 0}
    for payload, path in damaged_copies(build(load_capture), rng, 300):
        try:
            PARSERS[book](payload)
            outcomes["parsed"] += 1
        except BookError as exc:
            outcomes["rejected"] += 1
            # Explicit checks name the place; the catch-all guard is only a last resort.
            assert "unreadable payload" not in str(exc), (path, str(exc))
        except Exception as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{book}: {type(exc).__name__} escaped after damaging {path}: {exc}")
    assert outcomes["rejected"] > 20 and outcomes["parsed"] > 20, outcomes
