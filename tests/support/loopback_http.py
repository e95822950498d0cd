"""A small scriptable HTTP/1.1 server on 127.0.0.1, for tests that need real sockets: it
records when each request arrived and how many were in flight, and can answer late, answer
with any status, or drop the connection without answering.

It runs its own event loop in its own thread, so the arrival times it records are not held
back by whatever the client's loop is busy with."""

from __future__ import annotations

import asyncio
import inspect
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    drop: bool = False


@dataclass(frozen=True)
class Arrival:
    at: float
    method: str
    target: str
    headers: dict[str, str]
    connection: int


Handler = Callable[[Arrival], Reply | Awaitable[Reply]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LoopbackServer:
    def __init__(self, handler: Handler, *, port: int | None = None) -> None:
        self.handler = handler
        self.port = port or free_port()
        self.arrivals: list[Arrival] = []
        self.connections = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task] = set()
        self._loop: asyncio.AbstractEventLoop
        self._thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LoopbackServer:
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            try:
                self._server = self._loop.run_until_complete(
                    asyncio.start_server(self._serve, "127.0.0.1", self.port)
                )
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                return
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name=f"loopback-{self.port}", daemon=True)
        self._thread.start()
        ready.wait(5)
        if failure:
            self._thread.join(5)
            self._loop.close()
            raise failure[0]
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        connection = self.connections
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                request_line, *lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
                method, target, _ = request_line.split(" ", 2)
                headers = {}
                for line in lines:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                if int(headers.get("content-length", "0")):
                    await reader.readexactly(int(headers["content-length"]))
                arrival = Arrival(time.monotonic(), method, target, headers, connection)
                self.arrivals.append(arrival)
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                try:
                    reply = self.handler(arrival)
                    if inspect.isawaitable(reply):
                        reply = await reply
                    if reply.delay_s:
                        await asyncio.sleep(reply.delay_s)
                    if reply.drop:
                        return
                    writer.write(_encode(reply))
                    await writer.drain()
                finally:
                    self.in_flight -= 1
        finally:
            writer.close()
            self._tasks.discard(task)


def _encode(reply: Reply) -> bytes:
    reason = HTTPStatus(reply.status).phrase
    headers = {
        "content-type": "application/json",
        **reply.headers,
        "content-length": str(len(reply.body)),
    }
    head = f"HTTP/1.1 {reply.status} {reason}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()
    )
    return head.encode("latin-1") + b"\r\n" + reply.body
