"""Detail bodies re-rendered market by market stay byte for byte what a fresh render gives."""

from __future__ import annotations

import random
from functools import partial

import httpx
import orjson

from oddsdesk.domain import Book
from oddsdesk.simulator import splice
from oddsdesk.simulator.app import create_app
from oddsdesk.simulator.render_bet9ja import Bet9jaRenderer
from oddsdesk.simulator.render_betpawa import BetPawaRenderer
from oddsdesk.simulator.render_sportybet import SportyBetRenderer, envelope
from oddsdesk.simulator.world import World
from tests.simulator.conftest import BRAND, CACHE_VERSION, make_world


def _lively(**overrides: object) -> World:
    """Ten-minute ticks: matches kick off, turn live and end within a few ticks, while many
    lines move and suspend."""
    values: dict[str, object] = {
        "events": 24,
        "tick_seconds": 600.0,
        "drift": 0.1,
        "suspend_rate": 0.05,
    }
    values.update(overrides)
    return make_world(**values)


def test_assemble_copies_unchanged_pieces_and_renders_the_rest() -> None:
    pieces = {"a": [1, "x"], "b": {"k": None}, "c": 2.5}
    head = {"id": "e1", "markets": splice.HOLE, "tail": [True]}
    keys = [(name,) for name in pieces]
    first = splice.assemble(lambda: head, keys, lambda j: orjson.dumps(pieces[keys[j][0]]), None)
    assert first.body == orjson.dumps({**head, "markets": list(pieces.values())})

    built: list[int] = []
    pieces["b"] = {"k": "moved"}
    keys2 = [("a",), ("b", 2), ("c",)]

    def build(j: int) -> bytes:
        built.append(j)
        return orjson.dumps(pieces[keys[j][0]])

    second = splice.assemble(lambda: {**head, "id": "e-longer"}, keys2, build, first)
    assert built == [1]  # only the piece whose key changed
    assert orjson.loads(second.body) == {
        "id": "e-longer",
        "markets": [[1, "x"], {"k": "moved"}, 2.5],
        "tail": [True],
    }


def test_assemble_joins_dict_entries_and_skips_empty_pieces() -> None:
    parts = [b'"a":"1"', b"", b'"b":"2"']
    head = {"O": splice.HOLE, "Z": 1}
    done = splice.assemble(
        lambda: head, [(1,), (2,), (3,)], lambda j: parts[j], None, brackets=b"{}"
    )
    assert done.body == b'{"O":{"a":"1","b":"2"},"Z":1}'
    again = splice.assemble(lambda: head, [(1,), (2,), (4,)], lambda j: b"", done, brackets=b"{}")
    assert again.body == b'{"O":{"a":"1"},"Z":1}'


def test_assemble_matches_a_plain_join_through_random_changes() -> None:
    """Pieces appear, vanish, empty out, fill up and change length between rounds; every round
    is compared with joining the pieces afresh."""
    r = random.Random(5)

    def piece() -> bytes:
        return b"" if r.random() < 0.2 else orjson.dumps({"v": "x" * r.randrange(12)})

    values = [piece() for _ in range(30)]
    keys = [(i, 0) for i in range(30)]
    previous = None
    for version in range(1, 200):
        for _ in range(r.randrange(6)):
            i = r.randrange(len(values))
            action = r.random()
            if action < 0.15 and len(values) > 1:
                del values[i], keys[i]
            elif action < 0.3:
                values.insert(i, piece())
                keys.insert(i, (-version, i))
            else:
                values[i], keys[i] = piece(), (i, version)
        head = {"n": version // 3, "O": splice.HOLE, "z": "x" * (version // 3 % 4)}
        done = splice.assemble(
            lambda h=head: h,
            list(keys),
            values.__getitem__,
            previous,
            head_key=version // 3,  # the head is copied two rounds in three
            brackets=b"{}",
        )
        want = orjson.Fragment(b"{" + b",".join(v for v in values if v) + b"}")
        assert done.body == orjson.dumps({**head, "O": want}), version
        previous = done


def test_incremental_bodies_equal_fresh_renders_over_ticks() -> None:
    world = _lively()
    betpawa, sportybet, bet9ja = (
        BetPawaRenderer(world),
        SportyBetRenderer(world),
        Bet9jaRenderer(world),
    )
    kept: dict[tuple, splice.Spliced] = {}
    seen = {"live": 0, "suspended": 0, "reused": 0, "changed": 0}

    def check(key: tuple, fresh: dict, render) -> None:
        before = kept.get(key)
        now = render(before)
        assert now.body == orjson.dumps(fresh), key
        if before is not None:
            same = sum(a == b for a, b in zip(before.keys, now.keys, strict=False))
            seen["reused"] += same
            seen["changed"] += len(now.keys) - same
        kept[key] = now

    for _tick in range(5):
        for event in list(world.events.values()):
            if event.status(world.now) == "live":
                seen["live"] += 1
            for book in event.books:
                seen["suspended"] += bool(world.state[(book, event.key)].suspended)
            if Book.BETPAWA in event.books:
                for shape in ("v3", "v4"):
                    check(
                        (Book.BETPAWA, shape, event.key),
                        betpawa.event(event, shape),
                        partial(betpawa.detail, event, shape),
                    )
            if Book.SPORTYBET in event.books:
                for product in (3, 1):
                    check(
                        (Book.SPORTYBET, product, event.key),
                        envelope(sportybet.event(event, product=product)),
                        partial(sportybet.detail, event, product),
                    )
            if Book.BET9JA in event.books:
                check((Book.BET9JA, event.key), bet9ja.event(event), partial(bet9ja.detail, event))
        world.advance(1)
    # The run went through what matters: live matches, suspensions, copied and re-rendered
    # markets.
    assert all(seen.values()), seen
    assert seen["reused"] > seen["changed"] > 0, seen


async def test_cached_app_serves_the_bytes_the_uncached_app_serves() -> None:
    cached_world, fresh_world = _lively(events=20), _lively(events=20)
    cached, fresh = create_app(cached_world), create_app(fresh_world, cache=False)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=cached), base_url="http://s") as a,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=fresh), base_url="http://s") as b,
    ):
        for _tick in range(4):
            paths = []
            for event in cached_world.events.values():
                paths += [
                    f"/api/sportsbook/v3/events/{event.bp_id}",
                    f"/api/sportsbook/v4/events/{event.bp_id}",
                    f"/api/ng/factsCenter/event?eventId=sr:match:{event.sporty_sr_id}&productId=3",
                    f"/desktop/feapi/PalimpsestAjax/GetEvent?EVENTID={event.b9_id}"
                    f"&v_cache_version={CACHE_VERSION}",
                ]
            for path in paths:
                got, want = await a.get(path, headers=BRAND), await b.get(path, headers=BRAND)
                assert (got.status_code, got.content) == (want.status_code, want.content), path
            cached.advance(1)
            fresh.advance(1)
