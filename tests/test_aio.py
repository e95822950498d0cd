"""The commands' event loop."""

from __future__ import annotations

import asyncio

import pytest

from oddsdesk import aio


def test_commands_run_on_uvloop_when_it_is_installed() -> None:
    uvloop = pytest.importorskip("uvloop")

    async def main() -> type:
        await asyncio.sleep(0)
        return type(asyncio.get_running_loop())

    assert issubclass(aio.run(main()), uvloop.Loop)
