"""The markets come from the catalogue: every market the books share is published by each of
them in its own form, the details are as deep as the real ones, and some markets are not in the
catalogue at all."""

from __future__ import annotations

import statistics

from oddsdesk.domain import Book
from oddsdesk.simulator import truth
from oddsdesk.simulator.offering import UNPRICED
from oddsdesk.simulator.world import World
from tests.simulator.conftest import make_world


def test_every_catalogue_market_has_a_price(world: World) -> None:
    assert world.unpriced == ()


def test_every_shared_catalogue_market_is_published_by_each_book_that_carries_it(
    world: World,
) -> None:
    published = {
        (book, bm.market)
        for m in world.markets
        if m.canonical
        for book, bms in m.books.items()
        for bm in bms
    }
    for market in world.catalogue.markets:
        variants = {
            (book, v.market)
            for book, vs in market.variants.items()
            for v in vs
            if not v.live and (book is not Book.BETPAWA or v.verified)
        }
        if len({book for book, _ in variants}) < 2:
            continue
        missing = variants - published - UNPRICED
        assert not missing, f"{market.id}: {sorted(missing)}"


def test_markets_outside_the_catalogue_exist_on_every_book(world: World) -> None:
    in_catalogue = {
        (b, v.market) for m in world.catalogue.markets for b, vs in m.variants.items() for v in vs
    }
    extras = [
        (b, bm)
        for m in world.markets
        if not m.canonical
        for b, bms in m.books.items()
        for bm in bms
    ]
    assert {b for b, _ in extras} == set(Book)
    for book, bm in extras:
        # SportyBet 900313 is in the catalogue at total=0.5 only; its other totals are not.
        assert (book, bm.market) not in in_catalogue or (
            bm.specifier and "total=0.5" not in bm.specifier
        )


def test_details_are_as_deep_as_the_real_ones(world: World) -> None:
    def mean(values):
        return statistics.mean(values)

    events = {book: list(world.listed(book))[:6] for book in Book}
    betpawa = [truth.book_event(world, e, Book.BETPAWA, shape="v3") for e in events[Book.BETPAWA]]
    assert 65 < mean(len({m.market_id for m in be.markets}) for be in betpawa) < 130  # capture: 79
    assert (
        400 < mean(sum(len(m.outcomes) for m in be.markets) for be in betpawa) < 650
    )  # capture: 506
    assert (
        260
        < mean(len(world.offer(Book.SPORTYBET, e).markets) for e in events[Book.SPORTYBET])
        < 450
    )  # 360
    bet9ja = [truth.book_event(world, e, Book.BET9JA) for e in events[Book.BET9JA]]
    assert (
        750 < mean(sum(len(m.outcomes) for m in be.markets) for be in bet9ja) < 1_100
    )  # capture: 923


def test_shallow_details_carry_the_main_markets_only() -> None:
    world = make_world(events=10, shallow=True)
    event = next(e for e in world.listed(Book.BETPAWA) if len(e.books) == 3)
    for book in Book:
        keys = {m.market.key for m in world.offer(book, event).markets}
        assert {"1x2_ft", "over_under_ft", "btts_ft"} <= keys
        assert len(world.offer(book, event).markets) < 25
