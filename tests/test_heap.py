"""The runtime's collector tuning: survivors frozen after a settle, cycles still collected."""

from __future__ import annotations

import gc

from oddsdesk.heap import BUSY_YOUNG_THRESHOLD, HeapKeeper, collector_paused


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_settle_freezes_survivors() -> None:
    keeper = HeapKeeper(full_every=2)
    kept = [_Node() for _ in range(100)]
    keeper.settle()
    assert gc.get_freeze_count() >= len(kept)
    assert gc.get_count()[0] < len(kept)  # none of them waits in the young generation


def test_cycles_made_after_a_settle_are_still_collected() -> None:
    keeper = HeapKeeper(full_every=2)
    keeper.settle()
    found: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "stop":
            found.append(info["collected"])

    for _ in range(50):
        _Node()
    gc.callbacks.append(seen)
    try:
        keeper.settle()  # the second settle is not a full one: only the young are looked at
    finally:
        gc.callbacks.remove(seen)
    assert sum(found) >= 50


def test_every_nth_settle_unfreezes_first() -> None:
    keeper = HeapKeeper(full_every=2)
    keeper.settle()  # full
    doomed = [_Node() for _ in range(200)]
    keeper.settle()  # young only: the cycles are alive, so they are frozen
    frozen = gc.get_freeze_count()
    del doomed  # frozen cycles: a young settle can never free them
    keeper.settle()  # full: unfreeze, collect everything, freeze what lives
    assert gc.get_freeze_count() <= frozen - 200


def test_collection_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_busy_spaces_young_collections_and_puts_the_thresholds_back() -> None:
    before = gc.get_threshold()
    keeper = HeapKeeper()
    with keeper.busy():
        assert gc.get_threshold() == (BUSY_YOUNG_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before
