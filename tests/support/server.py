"""The app served by uvicorn on a free loopback port, in a thread, for tests that need real HTTP
(server-sent events stream, which an in-process transport would buffer whole)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LoopbackServer:
    def __init__(self, app: Any) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve())
        self.loop.close()

    def call(self, fn: Callable[[], Any]) -> None:
        """Run `fn` on the server's event loop (where the bus and the scraper live)."""
        assert self.loop is not None
        self.loop.call_soon_threadsafe(fn)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)


@contextmanager
def serve(app: Any) -> Iterator[LoopbackServer]:
    server = LoopbackServer(app)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def sse_events(response: httpx.Response) -> Iterator[tuple[str, str]]:
    """(event, data) pairs from a text/event-stream response, as they arrive."""
    kind, data = "message", []
    for line in response.iter_lines():
        if not line:
            if data:
                yield kind, "\n".join(data)
            kind, data = "message", []
        elif line.startswith("event:"):
            kind = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())


REPO = Path(__file__).resolve().parents[2]


def cli_env(database_url: str, **extra: str) -> dict[str, str]:
    """This checkout's oddsdesk on a database, with no ODDSDESK_ setting of the caller's shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODDSDESK_")}
    env.update(
        PYTHONPATH=str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", ""),
        ODDSDESK_DATABASE_URL=database_url,
        ODDSDESK_LOG_LEVEL="warning",
        **extra,
    )
    return env


@contextmanager
def serve_process(
    database_url: str,
    cwd: Path,
    *args: str,
    ready: str = "/health",
    timeout_s: float = 30,
    **env: str,
) -> Iterator[str]:
    """`oddsdesk serve` as a real process on a free loopback port; yields its base URL once
    `ready` answers 200, and fails with the process's output if it never does."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oddsdesk", "serve", "--port", str(port), *args],
        env=cli_env(database_url, **env),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(f"{url}{ready}", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()  # reading the output of a live server would wait forever
                output = process.communicate(timeout=15)[0].decode()
                raise AssertionError(f"oddsdesk serve did not answer {ready}:\n{output}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)
        if process.stdout is not None:
            process.stdout.close()
