"""The payload reader: path-named errors, line text, templates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from oddsdesk.books.payload import (
    INT,
    STR,
    Reader,
    fill_template,
    is_pure_template,
    line_text,
    split_teams,
)
from oddsdesk.domain import Book
from oddsdesk.errors import BadPayload

R = Reader(Book.BETPAWA)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2.5", "2.5"),
        ("+0.5", "0.5"),
        ("-1.50", "-1.5"),
        (Decimal(-8) / 4, "-2"),
        (Decimal(10) / 4, "2.5"),
        (Decimal(-3) / 4, "-0.75"),
        (10, "10"),
        ("-0", "0"),
        (1.0, "1"),
    ],
)
def test_line_text(value, text: str) -> None:
    assert line_text(value) == text


@pytest.mark.parametrize("value", ["Home -1", "", "nan", "inf"])
def test_line_text_rejects_non_numbers(value: str) -> None:
    with pytest.raises(ValueError):
        line_text(value)


def test_reader_names_the_path() -> None:
    data = {"a": {"b": [{"c": "x"}]}}
    assert R.get(data, "a", "b", 0, "c", kind=STR) == "x"
    assert R.opt(data, "a", "b", 3, "c") is None
    assert R.opt(data, "a", "z") is None
    with pytest.raises(BadPayload, match=r"a\.b\[0\]\.c should be an integer, not a string"):
        R.get(data, "a", "b", 0, "c", kind=INT)
    with pytest.raises(BadPayload, match=r"a\.b\[0\]\.d is missing"):
        R.get(data, "a", "b", 0, "d")
    with pytest.raises(BadPayload, match=r"a\.b is not an object"):
        R.get(data, "a", "b", "c")
    with pytest.raises(BadPayload, match="should be an integer, not true or false"):
        R.get({"n": True}, "n", kind=INT)


def test_context_prefixes_and_guard_translates() -> None:
    with pytest.raises(BadPayload, match=r"markets\[2\]: x is missing"), R.context("markets[2]"):
        R.get({}, "x")
    with pytest.raises(BadPayload, match="unreadable payload"), R.guard():
        _ = {}["missing"]


def test_number() -> None:
    assert R.number("3.1", "odds") == 3.1
    for bad in ("evens", None, True, "nan", [1]):
        with pytest.raises(BadPayload):
            R.number(bad, "odds")


def test_templates() -> None:
    assert fill_template("Over {formattedHandicap}", {"formattedHandicap": "2.5"}) == "Over 2.5"
    assert fill_template("{home} or {unknown}", {"home": "Wuhan"}) == "Wuhan or {unknown}"
    assert is_pure_template("{formattedHandicap}") and not is_pure_template("Over {x}")


def test_split_teams_on_the_first_separator() -> None:
    assert split_teams(R, "Wuhan Three Towns - Qingdao Hainiu FC") == (
        "Wuhan Three Towns",
        "Qingdao Hainiu FC",
    )
    assert split_teams(R, "Al-Ahli - Al-Hilal - B") == ("Al-Ahli", "Al-Hilal - B")
    with pytest.raises(BadPayload):
        split_teams(R, "Wuhan v Qingdao")
