"""The event loop oddsdesk's commands run on: uvloop where it is installed, as uvicorn picks for
`oddsdesk run`, so that a CLI cycle, the demo and the benchmarks run the loop production runs.
uvloop's loop costs less CPU per callback and per socket read than asyncio's pure-Python one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on the preferred loop."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:  # not on Windows; asyncio's default loop then
        return None
    return uvloop.new_event_loop
