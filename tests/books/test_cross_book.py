"""The capture triples are one match on three books: the parsers must agree on who and when."""

from __future__ import annotations

from datetime import UTC, datetime

from oddsdesk.books import bet9ja, betpawa, sportybet


def test_prematch_triple_agrees_on_sportradar_id_and_kickoff(load_capture) -> None:
    refs = [
        betpawa.parse_event(load_capture("betpawa_event_detail.json")).ref,
        sportybet.parse_event(load_capture("sportybet_event_detail.json")).ref,
        bet9ja.parse_event(load_capture("bet9ja_event_detail.json")).ref,
    ]
    assert {r.sr_id for r in refs} == {"68995116"}
    assert {r.kickoff for r in refs} == {datetime(2026, 5, 6, 11, 0, tzinfo=UTC)}
    assert {r.kickoff.isoformat() for r in refs} == {"2026-05-06T11:00:00+00:00"}
    assert {r.country for r in refs} == {"China"}
    assert {r.tournament for r in refs} == {"Chinese Super League"}
    assert not any(r.live for r in refs)


def test_live_triple_agrees_and_nothing_is_priced(load_capture) -> None:
    events = [
        betpawa.parse_event(load_capture("betpawa_event_detail_live.json")),
        sportybet.parse_event(load_capture("sportybet_event_detail_live.json")),
        bet9ja.parse_event(load_capture("bet9ja_event_detail_live.json")),
    ]
    assert {e.ref.sr_id for e in events} == {"67645534"}
    assert {e.ref.kickoff for e in events} == {datetime(2026, 5, 6, 6, 0, tzinfo=UTC)}
    assert all(e.ref.live for e in events)
    assert not any(o.available for e in events for m in e.markets for o in m.outcomes)
