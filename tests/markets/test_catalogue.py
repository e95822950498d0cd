"""The shipped catalogue loads, and every book code it names is real where the book shows it."""

from __future__ import annotations

import copy
import json

import pytest

from oddsdesk.domain import Book
from oddsdesk.errors import ConfigError
from oddsdesk.markets.catalogue import CATALOGUE_PATH, load_catalogue, parse_catalogue


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))


def test_shipped_catalogue_loads_once_and_covers_every_book() -> None:
    catalogue = load_catalogue()
    assert load_catalogue() is catalogue
    for market in catalogue.markets:
        for book in Book:
            assert (book in market.variants) != (book in market.absent), market.id


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["markets"].append(copy.deepcopy(d["markets"][0])), "duplicate market ids"),
        (
            lambda d: d["markets"][0]["books"]["betpawa"][0]["outcomes"].update(nope="Q"),
            "outcome 'nope' is not one of the market's outcomes",
        ),
        (lambda d: d["markets"][0].update(category="Misc"), "category 'Misc'"),
        (lambda d: d["markets"][0]["books"].pop("bet9ja"), "neither mapped nor recorded as absent"),
        (
            lambda d: d["markets"][0]["books"]["sportybet"][0]["outcomes"].update(
                draw=["1", "Draw"]
            ),
            "one code used for two outcomes",
        ),
    ],
)
def test_a_broken_catalogue_is_refused_with_the_place_named(document, mutate, message) -> None:
    broken = copy.deepcopy(document)
    mutate(broken)
    with pytest.raises(ConfigError, match=message) as info:
        parse_catalogue(broken)
    assert "market" in str(info.value)


BETPAWA = (
    "betpawa_event_detail.json",
    "betpawa_event_detail_dc_1up.json",
    "betpawa_event_detail_live.json",
)
SPORTYBET = ("sportybet_event_detail.json", "sportybet_event_detail_2way_handicap.json")
BET9JA = (
    "bet9ja_event_detail.json",
    "bet9ja_event_detail_next_goal_team_ou.json",
    "bet9ja_event_detail_dc_1x2_1up.json",
    "bet9ja_event_detail_live.json",
)


def _betpawa_names(load_capture) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for name in BETPAWA:
        for market in load_capture(name)["markets"]:
            prices = {p["name"] for row in market["row"] for p in row["prices"]}
            names.setdefault(str(market["marketType"]["id"]), set()).update(prices)
    return names


def _bet9ja_suffixes(load_capture) -> dict[str, set[str]]:
    """Every suffix a Bet9ja capture declares for a key: priced in O, listed in MK, or in TRANS."""
    suffixes: dict[str, set[str]] = {}
    for name in BET9JA:
        data = load_capture(name)["D"]
        for key in data.get("O", {}):
            head, _, code = key.rpartition("_")
            suffixes.setdefault(head.partition("@")[0], set()).add(code)
        for entry in data.get("MK", []):
            suffixes.setdefault(entry["ID"], set()).update(map(str, entry.get("SGNK", [])))
        for key, value in data.get("TRANS", {}).items():
            if key.startswith("M#") and isinstance(value, str):
                head, _, code = key[2:].rpartition("_")
                suffixes.setdefault(head, set()).add(code)
    return suffixes


def test_betpawa_price_names_are_real_both_ways(load_capture) -> None:
    """Where a BetPawa market type is in a capture, the catalogue's names are its price names,
    and every price name it shows has a meaning in the catalogue."""
    real = _betpawa_names(load_capture)
    checked = 0
    for market, variant in load_catalogue().variants(Book.BETPAWA):
        if variant.market not in real:
            assert not variant.verified, f"{market.id}: {variant.market} is in no capture"
            continue
        codes = {
            c.code
            for m, v in load_catalogue().variants(Book.BETPAWA)
            if v.market == variant.market
            for c in v.outcomes
        }
        assert {c.code for c in variant.outcomes} <= real[variant.market], market.id
        assert real[variant.market] <= codes, (market.id, real[variant.market] - codes)
        checked += 1
    assert checked >= 70


def test_bet9ja_suffixes_exist_in_bet9jas_own_catalogue(load_capture) -> None:
    real = _bet9ja_suffixes(load_capture)
    checked = 0
    for market, variant in load_catalogue().variants(Book.BET9JA):
        assert variant.market in real, f"{market.id}: key {variant.market} is in no capture"
        missing = {c.code for c in variant.outcomes} - real[variant.market]
        assert not missing, f"{market.id}: {variant.market} has no suffixes {missing}"
        checked += 1
    assert checked >= 100


def _spec_matches(template: str | None, specifier: str | None) -> str | bool | None:
    """The raw line text when `specifier` fits `template`, None for a lineless fit, False else."""
    if template is None or specifier is None:
        return None if template is specifier else False
    want = dict(part.split("=", 1) for part in template.split("|"))
    got = dict(part.split("=", 1) for part in specifier.split("|"))
    if want.keys() != got.keys():
        return False
    raw = None
    for key, value in want.items():
        if value == "{line}":
            raw = got[key]
        elif value != got[key]:
            return False
    return raw


def test_sportybet_ids_and_desc_templates_match_every_capture(load_capture) -> None:
    """Each SportyBet outcome id exists where the market appears, and its desc template renders
    the exact desc, line and team names included, at every line in the captures."""
    from oddsdesk.markets.lines import parse_line, render

    events = [load_capture(name)["data"] for name in SPORTYBET]
    rendered = 0
    for market, variant in load_catalogue().variants(Book.SPORTYBET):
        seen_ids: set[str] = set()
        for event in events:
            for raw in event["markets"]:
                if raw["id"] != variant.market:
                    continue
                line_text = _spec_matches(variant.specifier, raw.get("specifier"))
                if line_text is False:
                    continue
                line = (
                    parse_line(line_text, variant.line_format) if line_text else variant.fixed_line
                )
                descs = {o["id"]: o["desc"] for o in raw["outcomes"]}
                seen_ids.update(descs)
                for code in variant.outcomes:
                    if code.code in descs:
                        text = render(
                            code.label,
                            line_text=line_text or "",
                            line=line,
                            home=event["homeTeamName"],
                            away=event["awayTeamName"],
                        )
                        assert text.casefold() == descs[code.code].casefold(), (market.id, code)
                        rendered += 1
        if seen_ids:
            missing = {c.code for c in variant.outcomes} - seen_ids
            assert not missing, (
                f"{market.id}: SportyBet {variant.market} has no outcome ids {missing}"
            )
        else:
            assert not variant.verified, f"{market.id}: SportyBet {variant.market} is in no capture"
    assert rendered > 1000
