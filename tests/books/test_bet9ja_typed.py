"""Bet9ja's typed reading of raw bodies on the traps where msgspec and orjson part ways.

`read_event(body)` must decline a body or return exactly `parse_event(orjson.loads(body))`.
Bodies are written with the standard library, which (unlike orjson) writes integers beyond
64 bits: orjson reads those as floats, msgspec as ints, so an id would read differently.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from oddsdesk.books import bet9ja
from oddsdesk.errors import BookError
from tests.books.test_malformed import _small_bet9ja

BIG = 10**30
Change = Callable[[dict[str, Any]], None]


def _body(load_capture, change: Change) -> bytes:
    payload = _small_bet9ja(load_capture)
    change(payload)
    return json.dumps(payload).encode()


def _checked(body: bytes) -> Any:
    try:
        return bet9ja.parse_event(orjson.loads(body))
    except BookError as exc:
        return exc


def _odds(payload: dict[str, Any]) -> dict[str, Any]:
    return payload["D"]["O"]


READ_ALIKE: dict[str, Change] = {
    "integer price": lambda p: _odds(p).update(S_1X2_1=3),
    "float price": lambda p: _odds(p).update(S_1X2_1=2.35),
    "wrapped price": lambda p: _odds(p).update(S_1X2_1={"v": "2.1", "t": 1}),
    "locked price": lambda p: _odds(p).update(S_1X2_1="1"),
    "price beyond 64 bits": lambda p: _odds(p).update(S_1X2_1=BIG),
    "float id": lambda p: p["D"].update(ID=769895636.0),
    "odd TRANS values": lambda p: p["D"]["TRANS"].update(
        {"X#1": 5, "X#2": [1, {"a": BIG}], "X#3": None, "X#4": True, "X#5": BIG, "X#6": 0.5}
    ),
    "market name not text": lambda p: p["D"]["TRANS"].update({"M#S_1X2": {"NAME": 7}}),
    "TRANS null": lambda p: p["D"].update(TRANS=None),
    "no TRANS": lambda p: p["D"].pop("TRANS"),
    "R is D": lambda p: p.update(R="D"),
    "sr id from A": lambda p: (p["D"].pop("EXTID"), p["D"].update(A={"BRMATCHID": 4411})),
    "integer priority": lambda p: p["D"]["MK"][0].update(P=7),
}

DECLINED: dict[str, Change] = {
    "id beyond 64 bits": lambda p: p["D"].update(ID=BIG),
    "sr id beyond 64 bits": lambda p: p["D"].update(EXTID=-BIG),
    "priority beyond 64 bits": lambda p: p["D"]["MK"][0].update(P=BIG),
    "label beyond 64 bits": lambda p: p["D"]["MK"][0].update(SGN=[BIG, "X", "2"]),
    "rejected": lambda p: p.update(R="E"),
    "text not a price": lambda p: _odds(p).update(S_1X2_1="evens"),
    "infinite price": lambda p: _odds(p).update(S_1X2_1="1e999"),
    "nan price": lambda p: _odds(p).update(S_1X2_1="nan"),
    "true as a price": lambda p: _odds(p).update(S_1X2_1=True),
    "null price": lambda p: _odds(p).update(S_1X2_1=None),
    "wrapped null": lambda p: _odds(p).update(S_1X2_1={"v": None}),
    "live header null": lambda p: p["D"].update(AA=None),
    "A not an object": lambda p: p["D"].update(A="x"),
    "superscript priority": lambda p: p["D"]["MK"][0].update(P="²"),
    "catalogue id empty": lambda p: p["D"]["MK"][0].update(ID=""),
    "odds null": lambda p: p["D"].update(O=None),
    "TRANS a list": lambda p: p["D"].update(TRANS=[{"M#S_1X2_1": "Home"}]),
}


@pytest.mark.parametrize("change", READ_ALIKE.values(), ids=READ_ALIKE)
def test_typed_reading_takes_what_the_checked_parser_takes(load_capture, change: Change) -> None:
    body = _body(load_capture, change)
    fast = bet9ja.read_event(body)
    assert fast is not None, "declined a body the checked parser reads"
    assert fast == _checked(body)


@pytest.mark.parametrize("change", DECLINED.values(), ids=DECLINED)
def test_typed_reading_declines_what_it_would_read_differently(load_capture, change) -> None:
    body = _body(load_capture, change)
    assert bet9ja.read_event(body) is None
    # Declined bodies go to the checked parser; the ones it reads still read alike there.
    checked = _checked(body)
    assert isinstance(checked, BookError) or checked.markets


def test_remembered_prices_keep_text_and_numbers_apart(load_capture) -> None:
    """The price cache is keyed by the raw value: "2" and 2 are separate keys, same price."""
    texts = bet9ja.read_event(_body(load_capture, lambda p: _odds(p).update(S_1X2_1="2")))
    numbers = bet9ja.read_event(_body(load_capture, lambda p: _odds(p).update(S_1X2_1=2)))
    locked = bet9ja.read_event(_body(load_capture, lambda p: _odds(p).update(S_1X2_1=1.0)))
    assert texts is not None and texts == numbers
    assert locked is not None and locked != texts
    (one,) = [
        o for m in locked.markets if m.market_id == "S_1X2" for o in m.outcomes if o.code == "1"
    ]
    assert one.price is None and not one.available


def test_a_new_label_catalogue_is_read_afresh(load_capture) -> None:
    """TRANS is decoded once per distinct body and shared: a body whose catalogue differs by one
    label must get that label, and the first catalogue must still give its own afterwards."""
    market, line, code = bet9ja.split_key(next(iter(_odds(_small_bet9ja(load_capture)))))

    def label(event: Any) -> str:
        (name,) = [
            o.name
            for m in event.markets
            if (m.market_id, m.specifier) == (market, line)
            for o in m.outcomes
            if o.code == code
        ]
        return name

    original = _body(load_capture, lambda p: None)
    relabelled = _body(
        load_capture, lambda p: p["D"]["TRANS"].update({f"M#{market}_{code}": "Hosts"})
    )
    first = bet9ja.read_event(original)
    assert first is not None and label(first) != "Hosts"
    renamed = bet9ja.read_event(relabelled)
    assert renamed is not None and label(renamed) == "Hosts" == label(_checked(relabelled))
    again = bet9ja.read_event(original)
    assert again == first == _checked(original)


def test_a_remembered_layout_follows_its_catalogue_and_keeps_prices_apart(load_capture) -> None:
    """The layout (which keys make which market, in what order) is remembered per odds keys and
    `MK`: the same keys under a reordered `MK` must be laid out afresh, and new prices on the
    same keys and `MK` must be read, not remembered."""
    first_key = next(iter(_odds(_small_bet9ja(load_capture))))
    bodies = [
        _body(load_capture, lambda p: None),
        _body(
            load_capture, lambda p: [m.update(P=str(900 - i)) for i, m in enumerate(p["D"]["MK"])]
        ),
        _body(load_capture, lambda p: _odds(p).update({first_key: "7.77"})),
        _body(load_capture, lambda p: None),
    ]
    read = [bet9ja.read_event(body) for body in bodies]
    assert read == [_checked(body) for body in bodies]
    assert [m.market_id for m in read[1].markets] != [m.market_id for m in read[0].markets]
    assert read[2] != read[0] and read[3] == read[0]


def test_bodies_that_are_no_answer_are_declined_not_raised(load_capture) -> None:
    overflowing = _body(load_capture, lambda p: _odds(p).update(S_1X2_1=10**400))
    for body in (
        b"",
        b"<html></html>",
        b"[]",
        b'{"R": "OK"}',
        b'{"R": "OK", "D": []}',
        overflowing,
    ):
        assert bet9ja.read_event(body) is None, body[:40]
