from __future__ import annotations

from datetime import UTC, datetime, timedelta

from oddsdesk.domain import Book, OutcomePrice
from oddsdesk.pipeline.changes import ChangeKind, ChangeSet, QuoteChange, QuoteState, RejectedQuote
from oddsdesk.store.batch import (
    ErrorRecord,
    EventRecord,
    EventScrape,
    LinkRecord,
    MatchMethod,
    MatchStatus,
    RunRecord,
    TournamentRef,
    WriteBatch,
)
from oddsdesk.store.spool import Spool, decode, encode

T = datetime(2026, 5, 6, 9, 0, 0, 123456, tzinfo=UTC)


def full_batch() -> WriteBatch:
    tournament = TournamentRef(Book.SPORTYBET, "sr:tournament:17", "Premier League", None)
    outcomes = (OutcomePrice("home", 1.85, True), OutcomePrice("draw", None, False))
    return WriteBatch(
        changes=(
            ChangeSet(
                event_id=3,
                book=Book.BET9JA,
                at=T,
                changes=(
                    QuoteChange("1x2_ft", None, ChangeKind.NEW, QuoteState(outcomes, True, T)),
                    QuoteChange(
                        "asian_handicap_ft",
                        -0.75,
                        ChangeKind.VANISHED,
                        QuoteState(outcomes, False, T, unavailable_since=T),
                    ),
                ),
                unchanged=(("over_under_ft", 2.5), ("btts_ft", None)),
                duplicates=(("x", 0.0),),
                rejected=(RejectedQuote("y", 2.333, "not a hundredth"),),
            ),
        ),
        events=(
            EventRecord("sr:1", "1", "A", "B", T, tournament, MatchStatus.LIVE),
            EventRecord("fb:x", None, "C", "D", T + timedelta(days=1)),
        ),
        links=(
            LinkRecord(
                3, Book.BET9JA, "99", "A", "B", T, T, MatchMethod.FALLBACK, 0.87, tournament
            ),
        ),
        runs=(
            RunRecord(1, "scheduled", "running", T, books={"bet9ja": {"events": 3, "errors": [1]}}),
        ),
        statuses=(
            EventScrape(1, 3, "partial", {"bet9ja": "ok", "sportybet": "timeout"}, 140, 812, "x"),
        ),
        errors=(ErrorRecord(T, "timeout", "read timed out", "ReadTimeout", 1, Book.SPORTYBET, 3),),
    )


def test_every_value_survives_the_disk() -> None:
    batch = full_batch()
    assert decode(encode(batch)) == batch


def test_spool_keeps_order_and_buries_with_a_reason(tmp_path) -> None:
    spool = Spool(tmp_path)
    first, second = full_batch(), WriteBatch()
    spool.write(7, second)
    spool.write(3, first)
    assert spool.sequences() == [3, 7]
    assert spool.read(3) == first
    spool.bury(3, "constraint says no")
    assert spool.sequences() == [7]
    assert spool.dead_count() == 1
    assert (tmp_path / "dead" / f"{3:016d}.reason").read_text() == "constraint says no"
    assert spool.revive(8) == 1
    assert spool.sequences() == [7, 8]
    assert spool.read(8) == first
