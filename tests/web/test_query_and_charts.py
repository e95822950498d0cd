"""URL parameters of the odds list, and history shaped for the chart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

from oddsdesk.domain import Book
from oddsdesk.web.charts import history_chart
from oddsdesk.web.query import list_params, parse_list_query
from oddsdesk.web.source import Mode, Sort
from oddsdesk.web.views import HistoryPoint, HistorySeries


def test_query_round_trips_and_bad_values_fall_back():
    q = parse_list_query(
        {
            "mode": ["alerts"],
            "t": ["england/premier-league"],
            "c": ["England"],
            "from": ["2026-05-06"],
            "to": ["2026-05-07"],
            "q": [" ars "],
            "sort": ["gap"],
            "page": ["3"],
            "size": ["25"],
        }
    )
    assert q.mode is Mode.ALERTS and q.sort is Sort.GAP and q.search == "ars"
    assert q.kickoff_from == datetime(2026, 5, 6, tzinfo=UTC)
    assert q.kickoff_to == datetime(2026, 5, 8, tzinfo=UTC)  # the "to" day is included
    assert parse_list_query(parse_qs(list_params(q))) == q
    bad = parse_list_query(
        {"mode": ["x"], "sort": ["?"], "page": ["-4"], "size": ["7"], "from": ["soon"]}
    )
    assert (bad.mode, bad.sort, bad.page, bad.page_size, bad.kickoff_from) == (
        Mode.BETPAWA,
        Sort.KICKOFF,
        1,
        50,
        None,
    )
    assert parse_list_query({}, sort_default="tournament").sort is Sort.TOURNAMENT
    assert "page" not in list_params(q, page=1)


def test_history_is_stepped_with_unavailable_periods_apart():
    t0 = datetime(2026, 5, 6, 10, tzinfo=UTC)
    points = (
        HistoryPoint(t0, {"home": 2.0}, 0.05, True),
        HistoryPoint(t0 + timedelta(hours=1), {"home": 2.1}, 0.05, False),
        HistoryPoint(t0 + timedelta(hours=2), {"home": 2.2}, 0.04, True),
    )
    other = (HistoryPoint(t0 + timedelta(minutes=30), {"home": 1.9}, 0.06, True),)
    chart = history_chart(
        [HistorySeries(Book.BETPAWA, points), HistorySeries(Book.SPORTYBET, other)],
        now=t0 + timedelta(hours=3),
    )
    assert chart["x"] == [t0.timestamp() + s for s in (0, 1800, 3600, 7200, 10800)]
    bp = chart["books"][0]["prices"]["home"]
    assert bp["live"] == [2.0, 2.0, None, 2.2, 2.2]
    # the dashed stretch joins the solid line on both sides
    assert bp["off"] == [None, 2.0, 2.1, 2.2, None]
    sb = chart["books"][1]["prices"]["home"]
    assert sb["live"] == [None, 1.9, 1.9, 1.9, 1.9]
    assert chart["books"][0]["margin"]["live"][0] == 5.0
    assert chart["outcomes"] == [{"key": "home", "label": "1"}]
