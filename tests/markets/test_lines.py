"""Every book's way of writing a line comes to one convention and back."""

from __future__ import annotations

import pytest

from oddsdesk.markets.lines import format_line, parse_line, render, signed


@pytest.mark.parametrize(
    ("text", "line_format", "line"),
    [
        ("2.5", "decimal", 2.5),
        ("-0.75", "decimal", -0.75),
        ("3.0", "decimal", 3.0),
        ("0:1", "score", -1.0),  # SportyBet European: home gives one goal
        ("2:0", "score", 2.0),
        ("0:3", "score_next", 4.0),  # Bet9ja live next goal at 0:3 is the 4th goal
    ],
)
def test_lines_are_read_into_the_home_side_convention(text, line_format, line) -> None:
    assert parse_line(text, line_format) == line


@pytest.mark.parametrize("line", [-2.0, -1.0, 0.0, 1.0, 3.0])
def test_european_handicap_text_round_trips(line) -> None:
    assert parse_line(format_line(line, "score"), "score") == line


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", "1:x", "-1:0"])
def test_unreadable_lines_raise_value_error(text) -> None:
    with pytest.raises(ValueError):
        parse_line(text, "score" if ":" in text else "decimal")


def test_sportybet_signed_handicaps_and_templates() -> None:
    assert [signed(v) for v in (-1.0, 0.0, 0.5, -0.75)] == ["-1.0", "0", "+0.5", "-0.75"]
    text = render("{home}/draw & over {line}", line_text="1.5", home="Wuhan", away="Qingdao")
    assert text == "Wuhan/draw & over 1.5"
    assert render("Away ({hcp_away})", line=-1.5) == "Away (+1.5)"
