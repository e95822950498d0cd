"""The demo's simulator child never outlives the process that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]
STARTER = """
import time
from oddsdesk.pipeline.simproc import SimulatorProcess
simulator = SimulatorProcess(events=5, shallow=True).start()
print(simulator.process.pid, flush=True)
time.sleep(120)
"""


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_the_simulator_stops_when_its_parent_is_killed() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    parent = subprocess.Popen(
        [sys.executable, "-c", STARTER], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        line = parent.stdout.readline() if parent.stdout else ""
        assert line.strip().isdigit(), f"the starter printed {line!r}"
        simulator = int(line)
        assert not _gone(simulator)
        parent.send_signal(signal.SIGKILL)  # no chance to clean up: the child must notice alone
        parent.wait(timeout=10)
        deadline = time.monotonic() + 30
        while not _gone(simulator):
            assert time.monotonic() < deadline, "the simulator outlived its parent"
            time.sleep(0.2)
    finally:
        if parent.poll() is None:
            parent.kill()
        if parent.stdout is not None:
            parent.stdout.close()
