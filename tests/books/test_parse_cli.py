"""`oddsdesk parse` on every event-detail capture, through the real command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from oddsdesk.cli import app

DETAILS = {
    "betpawa_event_detail.json": "betpawa",
    "betpawa_event_detail_dc_1up.json": "betpawa",
    "betpawa_event_detail_live.json": "betpawa",
    "sportybet_event_detail.json": "sportybet",
    "sportybet_event_detail_2way_handicap.json": "sportybet",
    "sportybet_event_detail_live.json": "sportybet",
    "bet9ja_event_detail.json": "bet9ja",
    "bet9ja_event_detail_next_goal_team_ou.json": "bet9ja",
    "bet9ja_event_detail_live.json": "bet9ja",
}
EVENT_KEYS = [
    "book",
    "book_event_id",
    "sr_id",
    "home",
    "away",
    "kickoff",
    "tournament",
    "country",
    "live",
]


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, ["parse", *args], env=env)


@pytest.mark.parametrize(("name", "book"), DETAILS.items())
def test_json_document_on_every_capture(captures_dir, name: str, book: str) -> None:
    result = _run("--book", book, str(captures_dir / name), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document)[: len(EVENT_KEYS)] == EVENT_KEYS
    assert {"markets", "unmapped"} <= set(document)
    assert document["book"] == book
    assert document["kickoff"].endswith("Z")
    for market in document["markets"]:
        assert set(market) == {"market", "name", "line", "book_market", "outcomes"}
        assert market["line"] is None or isinstance(market["line"], int | float)
        for outcome in market["outcomes"]:
            assert set(outcome) == {"outcome", "price", "available"}
            assert (outcome["price"] is not None) == outcome["available"]
    for item in document["unmapped"]:
        assert {"book_market", "name", "count"} <= set(item)
    if "live" in name:
        assert document["live"] is True
        assert not any(o["available"] for m in document["markets"] for o in m["outcomes"])


def test_the_prematch_triple_agrees(captures_dir) -> None:
    documents = [
        json.loads(
            _run("--book", book, str(captures_dir / f"{book}_event_detail.json"), "--json").stdout
        )
        for book in ("betpawa", "sportybet", "bet9ja")
    ]
    assert {d["sr_id"] for d in documents} == {"68995116"}
    assert {d["kickoff"] for d in documents} == {"2026-05-06T11:00:00Z"}
    assert [(d["home"], d["away"]) for d in documents] == [
        ("Wuhan Three Towns FC", "Qingdao Hainiu FC"),
        ("Wuhan Three Towns FC", "Qingdao Hainiu FC"),
        ("Wuhan Three Towns", "Qingdao Hainiu FC"),
    ]
    for document in documents:
        (one_x_two,) = [m for m in document["markets"] if m["market"] == "1x2_ft"]
        assert [o["outcome"] for o in one_x_two["outcomes"]] == ["home", "draw", "away"]
    prices = [
        [o["price"] for o in m["outcomes"]]
        for d in documents
        for m in d["markets"]
        if m["market"] == "1x2_ft"
    ]
    assert prices == [[2.41, 3.29, 3.02], [2.40, 3.30, 3.00], [2.42, 3.1, 2.93]]  # reference table


def test_book_markets_view(load_capture, captures_dir) -> None:
    raw = load_capture("sportybet_event_detail.json")
    result = _run(
        "--book",
        "sportybet",
        str(captures_dir / "sportybet_event_detail.json"),
        "--json",
        "--book-markets",
    )
    document = json.loads(result.stdout)
    assert document["unmapped"] == []
    assert [(m["book_market"], m["specifier"]) for m in document["markets"]] == [
        (m["id"], m.get("specifier")) for m in raw["data"]["markets"]
    ]
    first = document["markets"][0]
    assert first["outcomes"][0] == {"code": "1", "name": "Home", "price": 2.4, "available": True}


def test_summary_reads_well(captures_dir) -> None:
    result = _run("--book", "betpawa", str(captures_dir / "betpawa_event_detail.json"))
    assert result.exit_code == 0, result.output
    for text in (
        "Wuhan Three Towns FC",
        "Qingdao Hainiu FC",
        "68995116",
        "Chinese Super League",
        "2026-05-06 11:00 UTC",
        "over_under_ft",
    ):
        assert text in result.stdout
    raw_view = _run(
        "--book", "bet9ja", str(captures_dir / "bet9ja_event_detail.json"), "--book-markets"
    )
    assert "S_HTFTCS" in raw_view.stdout and "Book markets" in raw_view.stdout


def test_bet9ja_start_time_zone_comes_from_settings(captures_dir) -> None:
    path = str(captures_dir / "bet9ja_event_detail.json")
    lagos = _run(
        "--book", "bet9ja", path, "--json", env={"ODDSDESK_BET9JA_TIMEZONE": "Africa/Lagos"}
    )
    assert json.loads(lagos.stdout)["kickoff"] == "2026-05-06T10:00:00Z"
    bad = _run("--book", "bet9ja", path, env={"ODDSDESK_BET9JA_TIMEZONE": "Mars/Olympus"})
    assert bad.exit_code == 2
    assert "ODDSDESK_BET9JA_TIMEZONE" in bad.stderr


def _damaged(load_capture) -> dict[str, bytes]:
    betpawa = load_capture("betpawa_event_detail.json")
    del betpawa["startTime"]
    raw = load_capture("betpawa_event_detail.json", raw=True)
    return {
        "truncated.json": raw[: len(raw) // 2],
        "partial.json": json.dumps(betpawa).encode(),
        "empty.json": b"",
    }


@pytest.mark.parametrize(
    ("file", "book", "message"),
    [
        ("missing.json", "betpawa", "cannot read"),
        ("truncated.json", "betpawa", "is not JSON"),
        ("empty.json", "sportybet", "is not JSON"),
        ("partial.json", "betpawa", "startTime is missing"),
        ("partial.json", "sportybet", "bizCode is missing"),
        ("partial.json", "bet9ja", "R is missing"),
    ],
)
def test_errors_are_one_line_and_exit_2(tmp_path, load_capture, file, book, message) -> None:
    for name, content in _damaged(load_capture).items():
        (tmp_path / name).write_bytes(content)
    result = _run("--book", book, str(tmp_path / file), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_unknown_book_is_a_usage_error(captures_dir) -> None:
    result = _run("--book", "bet365", str(captures_dir / "betpawa_event_detail.json"))
    assert result.exit_code == 2
