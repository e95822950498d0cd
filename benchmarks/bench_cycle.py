"""End-to-end scrape cycles against the simulator in its own process.

For each simulated latency: events per second of whole cycles (discovery to last write), next to
the bound the per-book limits imply and pawaRisk's 2.6 events/s; CPU time of the oddsdesk process
per event (fetch, parse, map, diff, write: all threads), with the share of the stages that can be
timed apart; RSS after each cycle and the peak. The simulator's CPU per event is shown too: on
a two-core machine it shares the cores with oddsdesk, so it can cap events/s.

    .venv/bin/python benchmarks/bench_cycle.py                      # 2,000 events, 0 and 100 ms
    .venv/bin/python benchmarks/bench_cycle.py --events 300 --latency-ms 100 --cycles 2
    .venv/bin/python benchmarks/bench_cycle.py --profile cycle.prof # cProfile of the last cycle

The first cycle of a fresh database writes every quote (all new); later ones are the steady
state (the simulator drifts a few percent of prices per minute).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import os
import resource
import shutil
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

import oddsdesk.runtime as runtime_module
from oddsdesk import aio
from oddsdesk.books import bet9ja, betpawa, sportybet
from oddsdesk.books import http as book_http
from oddsdesk.config import Settings, load_settings
from oddsdesk.domain import Book
from oddsdesk.logging import configure_logging
from oddsdesk.markets import mapping
from oddsdesk.pipeline import process
from oddsdesk.pipeline.simproc import SimulatorProcess
from oddsdesk.runtime import Runtime

CAPTURES = Path(
    os.environ.get(
        "ODDSDESK_CAPTURES", Path(__file__).resolve().parents[2] / "shared/reference/captures"
    )
)
REFERENCE = (
    (betpawa.read_event, "betpawa_event_detail.json"),
    (sportybet.read_event, "sportybet_event_detail.json"),
    (bet9ja.read_event, "bet9ja_event_detail.json"),
)
PAWARISK_EVENTS_PER_S = 2.6
TARGET_SHARE_OF_FLOOR = 0.8
TARGET_CPU_MS = 15.0


class StageClock:
    """CPU time spent in named stages (wrapped functions), for the breakdown."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.thread_time() - started

        return timed

    def collector(self) -> Callable[[str, dict[str, int]], None]:
        """A `gc.callbacks` hook adding the cyclic collector's time to the "gc" stage (it
        overlaps the others: a collection is paid by whatever allocated when it fell due)."""
        started = [0.0]

        def heard(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                started[0] = time.thread_time()
            else:
                self.seconds["gc"] += time.thread_time() - started[0]

        return heard


def reference_ms(rounds: int = 20) -> float:
    """CPU ms to read and map the three real captures of one match, timed just before a cycle:
    a fixed workload, so that each cycle's figures can be read against how fast the machine
    was at the time (on a shared two-core VM the same work was seen to vary by ±30 % within
    the hour)."""
    missing = [name for _, name in REFERENCE if not (CAPTURES / name).is_file()]
    if missing:
        raise SystemExit(f"captures missing under {CAPTURES}: {', '.join(missing)}")
    work = [(read, (CAPTURES / name).read_bytes()) for read, name in REFERENCE]
    started = time.thread_time()
    for _ in range(rounds):
        for read, body in work:
            mapping.map_event(read(body))
    return 1000 * (time.thread_time() - started) / rounds


def bound_events_per_s(settings: Settings, requests: dict[str, int], events: int, latency_s: float):
    """The fastest a cycle's fetching can go under the per-book limits: each book needs
    requests / (its request rate), rate = min(concurrency / latency, 1 / spacing); the slowest
    book sets the pace. None when no book is bounded (no latency and no spacing)."""
    slowest = 0.0
    for book, count in requests.items():
        limits = settings.limits(Book(book))
        rates = []
        if latency_s > 0:
            rates.append(limits.concurrency / latency_s)
        if limits.spacing_ms > 0:
            rates.append(1000 / limits.spacing_ms)
        if rates:
            slowest = max(slowest, count / min(rates))
    return events / slowest if slowest else None


async def run_cycles(
    settings: Settings, cycles: int, profile: Path | None, simulator: psutil.Process
) -> list[dict[str, Any]]:
    clock = StageClock()
    process.detect_changes = clock.wrap("diff", process.detect_changes)  # type: ignore[attr-defined]
    book_http.decode_response = clock.wrap("read", book_http.decode_response)  # type: ignore[attr-defined]
    runtime_module.map_event = clock.wrap("map", runtime_module.map_event)  # type: ignore[attr-defined]
    gc.callbacks.append(clock.collector())
    runtime = Runtime(settings)
    await runtime.start()
    me = psutil.Process()
    reference_ms(rounds=1)  # plans, layouts and memos made once, outside the figures
    rows = []
    try:
        for index in range(cycles):
            clock.seconds.clear()
            others = _other_threads_cpu(me)
            served = _cpu(simulator)
            asked = {b.value: m.requests for b, m in runtime.book_metrics().items()}
            reference = reference_ms()
            profiler = cProfile.Profile() if profile and index == cycles - 1 else None
            wall, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            result = await runtime.scraper.run("manual")
            await asyncio.to_thread(runtime.writer.flush)
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            clock.seconds["write"] = _other_threads_cpu(me) - others
            simulator_cpu = _cpu(simulator) - served
            summary = result.summary
            events = summary["targets"]
            rows.append(
                {
                    "cycle": index + 1,
                    "status": result.status,
                    "events": events,
                    "wall_s": wall,
                    "fetch_s": summary["phases"].get("fetch_and_process", 0.0),
                    "events_per_s": events / wall,
                    "cpu_ms_per_event": 1000 * cpu / max(events, 1),
                    "stages_ms": {k: 1000 * v / max(events, 1) for k, v in clock.seconds.items()},
                    "simulator_ms_per_event": 1000 * simulator_cpu / max(events, 1),
                    "history_rows": summary["history_rows"],
                    "requests": {b: s["requested"] for b, s in summary["books"].items()},
                    "all_requests": {
                        b.value: m.requests - asked.get(b.value, 0)
                        for b, m in runtime.book_metrics().items()
                    },
                    "phases": summary["phases"],
                    "failed": sum(s["failed"] for s in summary["books"].values()),
                    "rss_mb": me.memory_info().rss / 2**20,
                    "reference_ms": reference,
                }
            )
    finally:
        await runtime.stop()
    return rows


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def _other_threads_cpu(me: psutil.Process) -> float:
    """CPU seconds of every thread but the event loop's: the storage writer and the worker
    threads that create new events."""
    main_id = threading.main_thread().native_id
    return sum(t.user_time + t.system_time for t in me.threads() if t.id != main_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--latency-ms", type=float, action="append")
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="default: a fresh SQLite file per latency")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the last cycle here")
    args = parser.parse_args()
    latencies = args.latency_ms or [0.0, 100.0]
    configure_logging(level="warning")

    for latency in latencies:
        work = Path(tempfile.mkdtemp(prefix="oddsdesk-bench-"))
        simulator = SimulatorProcess(
            events=args.events, seed=args.seed, drift=0.03, latency_ms=latency,
            log_path=work / "simulator.log",
        )  # fmt: skip
        with simulator:
            simulator.wait_prewarmed()
            settings = load_settings(
                database_url=args.database_url or f"sqlite:///{work / 'bench.db'}",
                spool_dir=work / "spool",
                **simulator.settings(),
            )
            serving = psutil.Process(simulator.process.pid)
            rows = aio.run(run_cycles(settings, args.cycles, args.profile, serving))
        shutil.rmtree(work, ignore_errors=True)
        report(settings, latency, rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the oddsdesk process: {peak:.0f} MB")


def report(settings: Settings, latency_ms: float, rows: list[dict[str, Any]]) -> None:
    """Two bounds: `bound` counts the event-detail requests only (what the fetch phase can do);
    `e2e bound` counts every request the cycle made, listings and retries included (what a
    whole cycle can do), and `e2e share` is the cycle's own events/s against it."""
    print(f"\n== simulated latency {latency_ms:g} ms ({rows[0]['events']} events) ==")
    print(
        f"{'cycle':>5} {'events/s':>9} {'e2e bound':>9} {'e2e share':>9} {'bound':>7} "
        f"{'share':>6} {'pawaRisk':>8} {'cpu ms/ev':>9} {'read':>5} {'map':>5} {'diff':>5} "
        f"{'write':>5} {'rest':>5} {'gc':>5} "
        f"{'history':>8} {'failed':>6} {'RSS MB':>7} {'sim ms/ev':>9} {'ref ms':>6}"
    )
    latency_s = latency_ms / 1000
    for row in rows:
        events = row["events"]
        bound = bound_events_per_s(settings, row["requests"], events, latency_s)
        whole = bound_events_per_s(settings, row["all_requests"], events, latency_s)
        share = events / row["fetch_s"] / bound if bound and row["fetch_s"] else None
        whole_share = row["events_per_s"] / whole if whole else None
        stages = row["stages_ms"]
        rest = row["cpu_ms_per_event"] - sum(
            stages.get(k, 0) for k in ("read", "map", "diff", "write")
        )
        print(
            f"{row['cycle']:>5} {row['events_per_s']:>9.1f} "
            f"{(f'{whole:.1f}' if whole else 'none'):>9} "
            f"{(f'{whole_share:.2f}' if whole_share else '-'):>9} "
            f"{(f'{bound:.1f}' if bound else 'none'):>7} "
            f"{(f'{share:.2f}' if share else '-'):>6} "
            f"{row['events_per_s'] / PAWARISK_EVENTS_PER_S:>7.1f}x "
            f"{row['cpu_ms_per_event']:>9.1f} {stages.get('read', 0):>5.1f} "
            f"{stages.get('map', 0):>5.1f} {stages.get('diff', 0):>5.1f} "
            f"{stages.get('write', 0):>5.1f} {rest:>5.1f} "
            f"{stages.get('gc', 0):>5.1f} "
            f"{row['history_rows']:>8} {row['failed']:>6} "
            f"{row['rss_mb']:>7.0f} {row['simulator_ms_per_event']:>9.1f} "
            f"{row['reference_ms']:>6.2f}"
        )
    for row in rows:
        phases = " ".join(f"{name} {seconds:.1f}" for name, seconds in row["phases"].items())
        requests = " ".join(f"{book} {count}" for book, count in row["all_requests"].items())
        print(f"cycle {row['cycle']}: seconds {phases}; requests {requests}")
    print(
        "read/map/diff/write: CPU ms per event in those stages (read: decoding and reading the "
        "answers; write: the writer's thread); rest: HTTP, the event loop, discovery, the read "
        "model; gc: the cyclic collector, wherever it ran (inside the others)\n"
        "sim ms/ev: the simulator process's CPU per event (it shares the machine's cores)\n"
        "ref ms: reading and mapping the three real captures of one match, timed before the "
        "cycle (how fast the machine was then)\n"
        "e2e share = events/s of the whole cycle ÷ the bound of all its requests (listings too); "
        "share = fetch-phase events/s ÷ the bound of its detail requests\n"
        f"targets: e2e share ≥ {TARGET_SHARE_OF_FLOOR} at 100 ms; "
        f"cpu ≤ {TARGET_CPU_MS:g} ms/event; pawaRisk {PAWARISK_EVENTS_PER_S} events/s"
    )


if __name__ == "__main__":
    main()
