"""The simulator as a child process on loopback, for the demo and the benchmarks.

A process of its own, not a thread: on a small machine the simulator and the scraper each get
a core, and the scraper's figures are its own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from oddsdesk.domain import Book
from oddsdesk.simulator.cli import PARENT_PID_ENV

READY_PATH = "/_simulator/status"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


@dataclass
class SimulatorProcess:
    """`oddsdesk simulate` in a child process; `start()` returns once it answers."""

    events: int = 300
    seed: int = 1
    drift: float = 0.1
    latency_ms: float = 0.0
    tick_seconds: float = 60.0
    shallow: bool = False
    host: str = "127.0.0.1"
    port: int = 0
    log_path: Path | None = None
    extra: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def settings(self) -> dict[str, object]:
        """Settings that point oddsdesk at this simulator."""
        return {f"{book.value}_base_url": self.base_url for book in Book}

    def command(self) -> list[str]:
        command = [
            sys.executable, "-m", "oddsdesk", "simulate",
            "--host", self.host, "--port", str(self.port),
            "--events", str(self.events), "--seed", str(self.seed),
            "--drift", str(self.drift), "--latency-ms", str(self.latency_ms),
            "--tick-seconds", str(self.tick_seconds),
        ]  # fmt: skip
        if self.shallow:
            command.append("--shallow")
        return command + self.extra

    def start(self, *, timeout_s: float = 120.0) -> SimulatorProcess:
        if not self.port:
            self.port = free_port(self.host)
        with contextlib.ExitStack() as files:
            log = files.enter_context(self.log_path.open("ab")) if self.log_path else None
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log or subprocess.DEVNULL,
                stderr=log or subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C in the terminal reaches us; we stop it cleanly
                env={**os.environ, "PYTHONUNBUFFERED": "1", PARENT_PID_ENV: str(os.getpid())},
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the simulator exited with code {self.process.returncode}"
                    + (f" (see {self.log_path})" if self.log_path else "")
                )
            try:
                httpx.get(self.base_url + READY_PATH, timeout=2.0)
            except httpx.HTTPError:
                time.sleep(0.2)
                continue
            return self
        self.stop()
        raise RuntimeError(f"the simulator did not answer within {timeout_s:.0f} s")

    def wait_prewarmed(self, *, timeout_s: float = 1800.0) -> None:
        """Block until the simulator has rendered every listed detail once: a benchmark's first
        cycle then measures the scraper, not the simulator's first renders (about 35 ms of CPU
        per book and event, on the core the scraper would otherwise have to itself)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError("the simulator is not running")
            if httpx.get(self.base_url + READY_PATH, timeout=5.0).json().get("prewarmed"):
                return
            time.sleep(0.5)
        raise RuntimeError(f"the simulator did not finish its first renders in {timeout_s:.0f} s")

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> SimulatorProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
