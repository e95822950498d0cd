from __future__ import annotations

import asyncio

import orjson

from oddsdesk.pipeline.progress import (
    DiscoveryDone,
    EventDone,
    ProgressBus,
    RunFinished,
    RunStarted,
)


def _event(index: int) -> EventDone:
    return EventDone(
        run_id=1,
        index=index,
        total=10,
        event_id=index,
        sr_id=str(index),
        name="A - B",
        books={"betpawa": "ok", "bet9ja": "timeout"},
        changed=0,
    )


async def test_every_subscriber_gets_every_event_in_order() -> None:
    bus = ProgressBus()
    first, second = bus.subscribe(), bus.subscribe()
    for index in range(1, 4):
        bus.publish(_event(index))
    for sub in (first, second):
        got = [await sub.get(max_wait=1) for _ in range(3)]
        assert [e.index for e in got] == [1, 2, 3]  # type: ignore[union-attr]


async def test_a_slow_subscriber_loses_its_oldest_events_and_counts_them() -> None:
    bus = ProgressBus()
    slow = bus.subscribe(maxsize=3)
    for index in range(1, 8):
        bus.publish(_event(index))  # never blocks, however far behind the subscriber is
    assert slow.dropped == 4
    assert [e.index for e in slow.drain()] == [5, 6, 7]  # type: ignore[attr-defined]


async def test_get_times_out_and_a_closed_subscription_ends_iteration() -> None:
    bus = ProgressBus()
    sub = bus.subscribe()
    assert await sub.get(max_wait=0.01) is None

    async def collect() -> list[int]:
        return [e.run_id async for e in sub]

    task = asyncio.create_task(collect())
    bus.publish(RunStarted(run_id=7, trigger="manual", books=["betpawa"]))
    await asyncio.sleep(0)
    sub.close()
    assert await asyncio.wait_for(task, 1) == [7]
    bus.publish(RunStarted(run_id=8, trigger="manual", books=[]))
    assert bus.subscriber_count == 0


def test_events_are_json_with_their_type_and_a_utc_timestamp() -> None:
    event = DiscoveryDone(
        run_id=3, book="bet9ja", count=None, seconds=1.5, error_kind="blocked", error="403"
    )
    data = orjson.loads(orjson.dumps(event.to_dict()))
    assert data["type"] == "discovery"
    assert data["error_kind"] == "blocked"
    assert data["at"].endswith("Z")


def test_the_heartbeat_follows_a_run_until_it_finishes() -> None:
    bus = ProgressBus()
    assert bus.idle_seconds(5) is None
    bus.publish(RunStarted(run_id=5, trigger="scheduled", books=[]))
    idle = bus.idle_seconds(5)
    assert idle is not None and idle < 1
    bus.publish(RunFinished(run_id=5, status="ok", seconds=1.0, summary={}))
    assert bus.idle_seconds(5) is None
