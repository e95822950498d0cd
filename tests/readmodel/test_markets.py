from __future__ import annotations

from oddsdesk.markets.catalogue import load_catalogue
from oddsdesk.readmodel.markets import HEADLINE, catalogue_lookup


def test_headline_markets_are_catalogue_markets() -> None:
    catalogue = load_catalogue()
    for head in HEADLINE:
        market = catalogue.market(head.market)
        assert market.has_line == (head.line is not None)


def test_meta_follows_the_catalogue() -> None:
    lookup = catalogue_lookup()
    x12 = lookup("1x2_ft")
    assert (x12.name, x12.category, x12.outcomes, x12.winners) == (
        "1X2",
        "Popular",
        ("home", "draw", "away"),
        1,
    )
    assert x12.label("draw") == "Draw"
    assert lookup("double_chance_ft").winners == 2  # two of 1X / 12 / X2 always win
    assert lookup("multigoals_ft").winners is None  # overlapping ranges: no partition
    ranks = [lookup(m.id).rank for m in load_catalogue().markets]
    assert ranks == sorted(ranks)
    unknown = lookup("not_in_catalogue")
    assert (unknown.category, unknown.name) == ("Other", "Not in catalogue")
