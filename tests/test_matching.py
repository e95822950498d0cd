"""Cross-book matching on EventRefs built from the real captures, and on the hard cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oddsdesk.domain import Book, EventRef
from oddsdesk.matching import (
    MatchConfig,
    MatchMethod,
    UnmatchedReason,
    match_events,
    normalise_team,
    team_similarity,
)

BP, SB, B9 = Book.BETPAWA, Book.SPORTYBET, Book.BET9JA


# --- EventRefs from raw captures, the way each book states them --------------------------------


def betpawa_ref(event: dict) -> EventRef:
    widgets = {w["type"]: w["id"] for w in event["widgets"]}
    home, away = sorted(event["participants"], key=lambda p: p["position"])
    return EventRef(
        BP,
        event["id"],
        widgets.get("SPORTRADAR"),
        home["name"],
        away["name"],
        datetime.fromisoformat(event["startTime"]),
        event["competition"]["name"],
        event["region"]["name"],
        genius_id=widgets.get("GENIUSSPORTS"),
    )


def sportybet_ref(data: dict) -> EventRef:
    source = data["eventSource"]["preMatchSource"]
    genius = source["sourceId"].removeprefix("1111111")
    category = data["sport"]["category"]
    return EventRef(
        SB,
        data["eventId"],
        data["eventId"].removeprefix("sr:match:"),
        data["homeTeamName"],
        data["awayTeamName"],
        datetime.fromtimestamp(data["estimateStartTime"] / 1000, UTC),
        category["tournament"]["name"],
        category["name"],
        genius_id=genius if source["sourceType"] == "BET_GENIUS" else None,
    )


def bet9ja_ref(event: dict) -> EventRef:
    home, away = event["DS"].split(" - ", 1)
    return EventRef(
        B9,
        str(event["ID"]),
        event.get("EXTID") or None,
        home,
        away,
        datetime.strptime(event["STARTDATE"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC),
        event.get("GN", ""),
        event.get("SG"),
    )


@pytest.fixture(scope="module")
def prematch(load_capture) -> dict[Book, EventRef]:
    return {
        BP: betpawa_ref(load_capture("betpawa_event_detail.json")),
        SB: sportybet_ref(load_capture("sportybet_event_detail.json")["data"]),
        B9: bet9ja_ref(load_capture("bet9ja_event_detail.json")["D"]),
    }


@pytest.fixture(scope="module")
def live(load_capture) -> dict[Book, EventRef]:
    return {
        BP: betpawa_ref(load_capture("betpawa_event_detail_live.json")),
        SB: sportybet_ref(load_capture("sportybet_event_detail_live.json")["data"]),
        B9: bet9ja_ref(load_capture("bet9ja_event_detail_live.json")["D"]["AA"]),
    }


def ref(book: Book, event_id: str, home: str, away: str, kickoff: str, **kw) -> EventRef:
    return EventRef(
        book,
        event_id,
        kw.pop("sr_id", None),
        home,
        away,
        datetime.fromisoformat(kickoff).replace(tzinfo=UTC),
        kw.pop("tournament", ""),
        **kw,
    )


# --- ids ------------------------------------------------------------------------------------


def test_the_real_triples_merge_by_sportradar_id(prematch, live) -> None:
    result = match_events([*prematch.values(), *live.values()])
    assert [t.key for t in result.targets] == ["sr:67645534", "sr:68995116"]  # by kickoff
    wuhan = result.by_key()["sr:68995116"]
    assert wuhan.books == (BP, SB, B9)
    assert wuhan.genius_id == "13599033"
    assert {(lk.method, lk.confidence) for lk in wuhan.links} == {(MatchMethod.SR_ID, 1.0)}
    assert wuhan.link(B9).ref.home == "Wuhan Three Towns"  # Bet9ja's own name is kept
    assert wuhan.primary.home == "Wuhan Three Towns FC"
    assert result.target_of(B9, "9261155").key == "sr:67645534"
    assert result.unmatched == ()


def test_input_by_book_and_repeated_listings_count_once(prematch) -> None:
    result = match_events({BP: [prematch[BP], prematch[BP]], B9: [prematch[B9]]})
    assert len(result.targets) == 1 and result.targets[0].books == (BP, B9)


def test_a_genius_only_sportybet_event_joins_by_genius_id(prematch) -> None:
    genius_only = replace(prematch[SB], sr_id=None, genius_id="13599033")
    result = match_events([prematch[BP], genius_only])
    (target,) = result.targets
    assert target.key == "sr:68995116"
    assert target.link(SB).method is MatchMethod.GENIUS_ID
    assert target.link(SB).confidence == 1.0


def test_two_sportradar_ids_are_never_merged_even_with_one_genius_id(prematch) -> None:
    # bookieskit recorded SportyBet 71453928 against BetPawa 68995116 for the same match.
    other = replace(prematch[SB], sr_id="71453928", genius_id="13599033")
    result = match_events([prematch[BP], other, prematch[B9]])
    assert sorted(t.key for t in result.targets) == ["sr:68995116", "sr:71453928"]
    assert result.by_key()["sr:68995116"].books == (BP, B9)
    (conflict,) = result.unmatched
    assert conflict.reason is UnmatchedReason.ID_CONFLICT
    assert conflict.ref is other
    assert conflict.candidates[0].key == "sr:68995116"


def test_same_teams_same_time_different_sportradar_ids_stay_apart(prematch) -> None:
    twin = replace(prematch[B9], book_event_id="1", sr_id="99999999")
    result = match_events([prematch[BP], twin])
    assert len(result.targets) == 2
    assert result.unmatched == ()  # both have ids: nothing to guess


def test_one_book_listing_one_sportradar_id_twice_is_reported(prematch) -> None:
    again = replace(prematch[B9], book_event_id="769895637")
    result = match_events([prematch[BP], prematch[B9], again])
    assert result.by_key()["sr:68995116"].link(B9).ref.book_event_id == "769895636"
    (dup,) = result.unmatched
    assert dup.reason is UnmatchedReason.DUPLICATE
    assert result.target_of(B9, "769895637").key == "bet9ja:769895637"


# --- fallback -------------------------------------------------------------------------------


def test_bet9ja_without_extid_matches_by_fallback_with_confidence(prematch) -> None:
    no_extid = replace(prematch[B9], sr_id=None)  # "Wuhan Three Towns - Qingdao Hainiu FC"
    result = match_events([prematch[BP], prematch[SB], no_extid])
    (target,) = result.targets
    assert target.key == "sr:68995116"
    link = target.link(B9)
    assert link.method is MatchMethod.FALLBACK
    assert link.confidence >= 0.95  # same names once "FC" goes, same kickoff, same league
    assert target.link(BP).method is MatchMethod.SR_ID
    assert result.unmatched == ()


def test_fallback_picks_the_right_match_among_simultaneous_kickoffs(load_capture) -> None:
    # Three Eliteserien matches kick off at 15:00 on SportyBet (captured names: "Tromsoe IL",
    # "SK Brann", "Lillestroem SK"); Bet9ja writes them its own way and has no EXTID.
    upcoming = load_capture("sportybet_upcoming.json")["data"]["tournaments"][0]
    sporty = []
    for event in upcoming["events"]:
        event.setdefault("sport", {"category": {"name": upcoming["categoryName"],
                                                "tournament": {"name": upcoming["name"]}}})  # fmt: skip
        sporty.append(sportybet_ref(event))
    bet9ja = [
        ref(B9, "1", "Molde FK", "Tromsø", "2026-08-16T15:00", tournament="Eliteserien"),
        ref(B9, "2", "Brann", "Ham-Kam", "2026-08-16T15:00", tournament="Eliteserien"),
        ref(B9, "3", "Sarpsborg", "Sandefjord", "2026-08-16T15:00", tournament="Eliteserien"),
        ref(B9, "4", "KFUM-Kameratene Oslo", "Lillestrøm", "2026-08-15T14:00"),
    ]
    result = match_events([*sporty, *bet9ja])
    expected = {"1": "67015330", "2": "67015324", "3": "67015334", "4": "67015328"}
    for b9_id, sr in expected.items():
        target = result.target_of(B9, b9_id)
        assert target.key == f"sr:{sr}", (b9_id, target)
        assert target.link(B9).method is MatchMethod.FALLBACK
        assert 0.75 <= target.link(B9).confidence <= 1.0
    assert result.unmatched == ()


def test_neutral_venue_mark_is_ignored(load_capture) -> None:
    # The reconstructed BetPawa list carries Norway – France (n), a World Cup match.
    groups = load_capture("betpawa_event_list_RECONSTRUCTED.json")["responses"]
    listed = [betpawa_ref(e) for g in groups for e in g["responses"]]
    norway = next(r for r in listed if r.home == "Norway")
    bet9ja = {"ID": 5, "DS": "Norway - France (n)", "STARTDATE": "2026-06-26 19:00:00",
              "GN": "World Cup", "SG": "International"}  # fmt: skip
    result = match_events([*listed, bet9ja_ref(bet9ja)])
    target = result.target_of(B9, "5")
    assert target.key == f"sr:{norway.sr_id}"
    assert target.link(B9).method is MatchMethod.FALLBACK
    assert len(result.targets) == len(listed)


def test_kickoff_outside_the_window_is_not_matched(prematch) -> None:
    late = replace(prematch[B9], sr_id=None, kickoff=prematch[B9].kickoff + timedelta(hours=2))
    result = match_events([prematch[BP], late])
    assert len(result.targets) == 2
    (miss,) = result.unmatched
    assert miss.reason is UnmatchedReason.NO_CANDIDATE
    # Inside a wider window it matches, with a lower confidence for the distance.
    wide = match_events([prematch[BP], late], config=MatchConfig(window=timedelta(hours=3)))
    assert wide.targets[0].link(B9).method is MatchMethod.FALLBACK
    assert wide.targets[0].link(B9).confidence < 0.97


def test_bet9ja_time_zone_shift_of_one_hour_still_matches(prematch) -> None:
    wat = replace(prematch[B9], sr_id=None, kickoff=prematch[B9].kickoff + timedelta(hours=1))
    (target,) = match_events([prematch[BP], wat]).targets
    assert target.link(B9).method is MatchMethod.FALLBACK


def test_ambiguous_double_header_is_left_unmatched_and_reported() -> None:
    bp = [
        ref(BP, "1", "Sydney FC", "Rockdale Ilinden FC", "2026-08-21T09:30", sr_id="1"),
        ref(BP, "2", "Sydney FC", "Rockdale Ilinden FC", "2026-08-21T10:00", sr_id="2"),
    ]
    b9 = ref(B9, "9", "Sydney", "Rockdale Ilinden", "2026-08-21T09:30")
    result = match_events([*bp, b9])
    assert result.target_of(B9, "9").books == (B9,)
    (amb,) = result.unmatched
    assert amb.reason is UnmatchedReason.AMBIGUOUS
    assert [c.key for c in amb.candidates] == ["sr:1", "sr:2"]
    assert "margin" in amb.detail


def test_two_unidentified_listings_cannot_both_take_one_target() -> None:
    bp = ref(BP, "1", "Sydney FC", "Rockdale Ilinden FC", "2026-08-21T09:30", sr_id="1")
    b9 = [
        ref(B9, "8", "Sydney", "Rockdale Ilinden", "2026-08-21T09:30"),
        ref(B9, "9", "Sydney FC", "Rockdale", "2026-08-21T09:30"),
    ]
    result = match_events([bp, *b9])
    assert result.by_key()["sr:1"].books == (BP,)
    assert {u.ref.book_event_id for u in result.unmatched} == {"8", "9"}
    assert {u.reason for u in result.unmatched} == {UnmatchedReason.AMBIGUOUS}


def test_youth_and_women_teams_are_other_teams(load_capture) -> None:
    groups = load_capture("betpawa_event_list_RECONSTRUCTED.json")["responses"]
    youth = next(betpawa_ref(e) for g in groups for e in g["responses"] if e["id"] == "36552873")
    assert youth.home == "Sydney FC Youth"
    first_team = ref(B9, "7", "Sydney FC", "Rockdale Ilinden", "2026-08-21T09:30")
    result = match_events([youth, first_team])
    assert len(result.targets) == 2
    assert result.unmatched[0].reason is UnmatchedReason.NO_CANDIDATE
    assert team_similarity(normalise_team("Arsenal (W)"), normalise_team("Arsenal")) == 0.0
    assert team_similarity(normalise_team("Arsenal Ladies"), normalise_team("Arsenal (W)")) == 1.0


def test_weak_names_are_below_threshold_and_reported() -> None:
    bp = ref(BP, "1", "Al Ahli", "Al Hilal", "2026-05-01T18:00", sr_id="1")
    b9 = ref(B9, "2", "Al Ahli SC", "Al Nassr", "2026-05-01T18:00")
    result = match_events([bp, b9])
    assert len(result.targets) == 2
    (low,) = result.unmatched
    assert low.reason in (UnmatchedReason.BELOW_THRESHOLD, UnmatchedReason.NO_CANDIDATE)


def test_events_without_any_id_on_two_books_match_each_other() -> None:
    sb = ref(SB, "s", "Hønefoss BK", "Strømmen IF", "2026-05-01T16:00", tournament="1. divisjon")
    b9 = ref(B9, "b", "Honefoss", "Strommen", "2026-05-01T16:00", tournament="1. Divisjon")
    (target,) = match_events([b9, sb]).targets
    assert target.key == "sportybet:s"
    assert target.link(SB).method is MatchMethod.BOOK_ID
    assert target.link(B9).method is MatchMethod.FALLBACK


def test_three_books_two_without_ids_all_join_one_target(prematch) -> None:
    sb = replace(prematch[SB], sr_id=None)
    b9 = replace(prematch[B9], sr_id=None)
    (target,) = match_events([prematch[BP], sb, b9]).targets
    assert target.key == "sr:68995116"
    assert [lk.method for lk in target.links] == [
        MatchMethod.SR_ID,
        MatchMethod.FALLBACK,
        MatchMethod.FALLBACK,
    ]


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Wuhan Three Towns FC", "wuhan three towns"),
        ("Tromsø IL", "tromsoe"),
        ("Lillestrøm SK", "lillestroem"),
        ("Atlético Madrid", "atletico madrid"),
        ("France (n)", "france"),
        ("Manchester Utd", "manchester united"),
        ("AFC Bournemouth", "bournemouth"),
        ("Bayern München II", "bayern munchen ii"),
        ("FC", "fc"),
    ],
)
def test_team_names_normalise(name: str, normalised: str) -> None:
    assert normalise_team(name) == normalised


def test_blocked_and_all_pairs_decide_alike(prematch, live) -> None:
    events = [
        *prematch.values(),
        *live.values(),
        replace(prematch[B9], book_event_id="x", sr_id=None),
        ref(B9, "y", "FC Tokyo", "JEF United", "2026-05-06T06:30"),
        ref(SB, "z", "Tokyo", "Chiba", "2026-05-06T06:00"),
    ]
    assert match_events(events) == match_events(events, blocking=False)  # reports too, here


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="window"):
        MatchConfig(window=timedelta(0))
    with pytest.raises(ValueError, match="between 0 and 1"):
        MatchConfig(min_score=1.5)


TEAMS = ["Molde", "Molde FK", "Brann", "SK Brann", "Tromsø", "Tromsoe IL", "Bodø/Glimt", "Viking"]
event_refs = st.builds(
    lambda book, n, sr, genius, home, away, minutes: EventRef(
        book,
        str(n),
        sr,
        home,
        away,
        datetime(2026, 5, 1, 15, tzinfo=UTC) + timedelta(minutes=minutes),
        "Eliteserien",
        genius_id=genius,
    ),
    st.sampled_from(list(Book)),
    st.integers(0, 30),
    st.sampled_from([None, None, "1", "2", "3"]),
    st.sampled_from([None, None, "g1", "g2"]),
    st.sampled_from(TEAMS),
    st.sampled_from(TEAMS),
    st.sampled_from([0, 0, 15, 45, 90]),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(event_refs, max_size=25))
def test_matching_invariants(events: list[EventRef]) -> None:
    result = match_events(events)
    unique = {(e.book, e.book_event_id): e for e in reversed(events)}  # the first listing counts
    placed = [(lk.ref.book, lk.ref.book_event_id) for t in result.targets for lk in t.links]
    assert sorted(placed) == sorted(unique)  # every event in exactly one target
    for target in result.targets:
        assert len(set(target.books)) == len(target.books)  # one event per book
        sr_ids = {lk.ref.sr_id for lk in target.links} - {None}
        assert len(sr_ids) <= 1  # two SportRadar ids never merged
        if target.sr_id is not None:
            assert sr_ids == {target.sr_id} and target.key == f"sr:{target.sr_id}"
        elif sr_ids:  # a book's second listing of one SportRadar id stands alone, reported
            (link,) = target.links
            assert any(
                u.reason is UnmatchedReason.DUPLICATE and u.ref is link.ref
                for u in result.unmatched
            )
        assert all(0.0 < lk.confidence <= 1.0 for lk in target.links)
    assert len({t.key for t in result.targets}) == len(result.targets)
    # Blocking may only drop candidates that decide nothing (a report may differ).
    assert result.targets == match_events(events, blocking=False).targets
