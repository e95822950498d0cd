"""The issue's targets on the capture triple of match 68995116, asserted on behaviour."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from oddsdesk.cli import app
from oddsdesk.domain import Book
from oddsdesk.markets.report import build_report
from tests.markets.conftest import TRIPLE


@pytest.fixture(scope="module")
def report(triple):
    return build_report(triple)


def _book(report, book: Book):
    return next(b for b in report.books if b.book is book)


@pytest.mark.parametrize("book", [Book.SPORTYBET, Book.BET9JA])
def test_competitor_lines_of_markets_betpawa_offers_map(report, book) -> None:
    shared = _book(report, book).shared_mapped
    assert shared.whole > 100
    assert shared.share >= 0.98


def test_no_disagreement_between_the_books(report) -> None:
    assert report.check.compared > 1000
    assert report.check.disagreements == ()


@pytest.mark.parametrize(("book", "floor"), [(Book.SPORTYBET, 0.90), (Book.BET9JA, 0.75)])
def test_betpawa_lines_are_found_on_each_competitor(report, book, floor) -> None:
    found = _book(report, Book.BETPAWA).found_on[book]
    assert found.whole == 118  # every BetPawa market type and line, rows merged
    assert found.share >= floor


@pytest.mark.parametrize(("book", "pawarisk"), [(Book.SPORTYBET, 173), (Book.BET9JA, 95)])
def test_total_coverage_beats_pawarisk(report, book, pawarisk) -> None:
    assert _book(report, book).mapped > pawarisk


def test_mapping_report_command(captures_dir) -> None:
    files = [str(captures_dir / name) for name in TRIPLE]
    result = CliRunner().invoke(app, ["mapping-report", *files, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert [b["book"] for b in document["books"]] == ["betpawa", "sportybet", "bet9ja"]
    assert document["one_match"] and document["errors"] == []
    sporty = document["books"][1]
    assert sporty["markets_seen"] == sporty["markets_mapped"] + sporty["markets_unmapped"]
    assert document["check"]["disagreements"] == []
    text = CliRunner().invoke(app, ["mapping-report", *files])
    assert "no disagreement" in text.output and "pawaRisk" in text.output


def test_mapping_report_keeps_going_past_a_bad_file(captures_dir, tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    files = [str(captures_dir / TRIPLE[0]), str(bad)]
    result = CliRunner().invoke(app, ["mapping-report", *files, "--json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["errors"][0]["file"] == str(bad)
    assert [b["book"] for b in document["books"]] == ["betpawa"]


def test_event_document_is_the_canonical_parse_output(triple) -> None:
    from oddsdesk.markets.mapping import map_event
    from oddsdesk.markets.report import event_document

    document = json.loads(json.dumps(event_document(map_event(triple[1]))))
    over = next(
        m for m in document["markets"] if m["market"] == "over_under_1h" and m["line"] == 0.5
    )
    assert over["name"] == "Over/Under | 1st Half" and over["book_market"] == "68"
    assert over["outcomes"] == [
        {"outcome": "over", "price": 1.41, "available": True},
        {"outcome": "under", "price": 2.85, "available": True},
    ]
    assert sum(u["count"] for u in document["unmapped"]) == 118
