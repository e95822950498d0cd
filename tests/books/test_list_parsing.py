"""Pure list/tree parsing into EventRef and Competition, on the list-level captures."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from oddsdesk.books import bet9ja, betpawa, sportybet
from oddsdesk.books.base import Competition
from oddsdesk.errors import BadPayload, BookRejected


def test_betpawa_event_list(load_capture) -> None:
    page = betpawa.parse_event_list(load_capture("betpawa_event_list_RECONSTRUCTED.json"))
    assert page.size == 4 and not page.rejected
    by_id = {ref.book_event_id: ref for ref in page.refs}
    assert {i: r.sr_id for i, r in by_id.items()} == {
        "33289995": "68995116",
        "36552873": "67691078",
        "35429065": "66457014",
        "33247830": "67645534",
    }
    assert [i for i, r in by_id.items() if r.live] == ["33247830"]
    neutral = by_id["35429065"]
    assert (neutral.home, neutral.away) == ("Norway", "France")
    assert neutral.kickoff == datetime(2026, 6, 26, 19, 0, tzinfo=UTC)
    assert (neutral.tournament, neutral.country) == ("FIFA World Cup", "International")


def test_betpawa_bad_list_item_is_rejected_alone(load_capture) -> None:
    raw = load_capture("betpawa_event_list_RECONSTRUCTED.json")
    del raw["responses"][0]["responses"][1]["startTime"]
    page = betpawa.parse_event_list(raw)
    assert page.size == 4 and len(page.refs) == 3
    (error,) = page.rejected
    assert "startTime" in str(error)


def test_betpawa_competitions() -> None:
    """No recorded tree exists; this follows the documented shape."""
    tree = {
        "withRegions": [
            {
                "regions": [
                    {
                        "region": {"id": "150", "name": "China"},
                        "competitions": [
                            {
                                "competition": {"id": "13344", "name": "Chinese Super League"},
                                "eventCounts": {"upcoming": 8},
                            },
                            {
                                "competition": {"id": "13345", "name": "China League One"},
                                "eventCounts": {"upcoming": 0},
                            },
                        ],
                    },
                    {
                        "region": {"id": "1", "name": "International"},
                        "competitions": [
                            {"competition": {"id": "258194", "name": "FIFA World Cup"}}
                        ],
                    },
                ]
            }
        ]
    }
    assert betpawa.parse_competitions(tree) == [
        Competition("13344", "Chinese Super League", "China"),
        Competition("258194", "FIFA World Cup", "International"),
    ]
    assert betpawa.parse_competitions({"withRegions": []}) == []
    with pytest.raises(
        BadPayload, match=r"regions\[0\]: competitions\[0\]: competition\.name is missing"
    ):
        betpawa.parse_competitions(
            {"withRegions": [{"regions": [{"competitions": [{"competition": {"id": "1"}}]}]}]}
        )


def test_sportybet_upcoming(load_capture) -> None:
    page = sportybet.parse_upcoming(load_capture("sportybet_upcoming.json"))
    assert page.total == 1432 and page.size == 5 and not page.rejected
    assert [(r.sr_id, r.home, r.away) for r in page.refs] == [
        ("67015328", "KFUM Oslo", "Lillestroem SK"),
        ("67015330", "Molde", "Tromsoe IL"),
        ("67015334", "Sarpsborg 08", "Sandefjord Fotball"),
        ("67015324", "SK Brann", "HamKam"),
        ("67015326", "Fredrikstad FK", "Kristiansund BK"),
    ]
    assert page.refs[0].kickoff == datetime(2026, 8, 15, 14, 0, tzinfo=UTC)
    assert page.refs[-1].kickoff == datetime(2026, 8, 16, 17, 15, tzinfo=UTC)
    assert {(r.tournament, r.country) for r in page.refs} == {("Eliteserien", "Norway")}


def test_sportybet_upcoming_edges(load_capture) -> None:
    raw = load_capture("sportybet_upcoming.json")
    raw["data"]["tournaments"][0]["events"][2]["estimateStartTime"] = "later"
    page = sportybet.parse_upcoming(raw)
    assert (page.size, len(page.refs), len(page.rejected)) == (5, 4, 1)
    assert sportybet.parse_upcoming({"bizCode": 10000, "message": "0#0"}).size == 0
    with pytest.raises(BookRejected):
        sportybet.parse_upcoming({"bizCode": 4000, "message": "bad request"})


def test_bet9ja_list_level_event_from_search(load_capture) -> None:
    """SearchV2's events are the only recorded list-level Bet9ja items; GetEventsInGroupV2
    carries the same objects in `D.E`."""
    items = load_capture("bet9ja_search_v2.json")["D"]["S"]["1"]["E"]
    for events in (items, {str(item["ID"]): item for item in items}):
        page = bet9ja.parse_group_events({"R": "OK", "D": {"E": events}})
        (ref,) = page.refs
        assert (ref.book_event_id, ref.sr_id) == ("594248600", "60323257")
        assert (ref.home, ref.away) == ("CS Sfaxien", "CA Bizertin")
        assert ref.kickoff == datetime(2025, 5, 11, 14, 0, tzinfo=UTC)
        assert (ref.tournament, ref.country) == ("Ligue 1", "Tunisia")
    lagos = bet9ja.parse_group_events({"R": "OK", "D": {"E": items}}, tz=ZoneInfo("Africa/Lagos"))
    assert lagos.refs[0].kickoff == datetime(2025, 5, 11, 13, 0, tzinfo=UTC)


def test_bet9ja_group_names_fill_in_missing_item_fields(load_capture) -> None:
    (item,) = load_capture("bet9ja_search_v2.json")["D"]["S"]["1"]["E"]
    del item["GN"], item["SG"]
    page = bet9ja.parse_group_events(
        {"R": "OK", "D": {"E": [item]}}, tournament="Ligue 1", country="Tunisia"
    )
    assert (page.refs[0].tournament, page.refs[0].country) == ("Ligue 1", "Tunisia")
    assert bet9ja.parse_group_events({"R": "OK", "D": {}}).size == 0


def test_bet9ja_sports_tree() -> None:
    tree = {
        "R": "OK",
        "D": {
            "PAL": {
                "1": {
                    "S_DESC": "Soccer",
                    "SG": {
                        "12016": {
                            "SG_DESC": "China",
                            "G": {"1414963": {"G_DESC": "Chinese Super League", "NUM": 8}},
                        },
                        "11420": {
                            "SG_DESC": "Tunisia",
                            "G": {"967783": {"G_DESC": "Ligue 1", "NUM": 0}},
                        },
                    },
                },
                "2": {
                    "S_DESC": "Basketball",
                    "SG": {"1": {"SG_DESC": "USA", "G": {"5": {"G_DESC": "NBA", "NUM": 3}}}},
                },
            }
        },
    }
    assert bet9ja.parse_sports(tree) == [Competition("1414963", "Chinese Super League", "China")]
    with pytest.raises(BookRejected):
        bet9ja.parse_sports({"R": "E"})
