"""Event details per second the simulator serves on one core, against serialising on every request.

Two real uvicorn servers run in their own processes on 127.0.0.1, each one worker (one core),
over the same frozen world (drift 0, no ticking, so nothing invalidates a cached body):

* **cached** — the simulator as shipped: each detail body serialised once, then served as bytes;
* **baseline** — the same app with the cache off: each request builds the detail and serialises
  it with orjson (the event's priced markets are still held in memory, so this is the cost of
  rendering and serialising alone).

A separate client process drives each server with a fixed number of keep-alive connections over
raw asyncio streams (a light client, so the client is not what is measured), round-robin over
the details of every listed match of one book, for a bounded time after one warm-up pass.
Reported per book and mode: requests/s, MB/s, the server's CPU use over the run (psutil), and
requests per server CPU-second — the one-core figure that stays meaningful even if the client
ran out of CPU first.

    .venv/bin/python benchmarks/bench_simulator.py [--events 200] [--seconds 5] [--connections 16]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import socket
import time
from datetime import UTC, datetime

import httpx
import psutil

BRAND = "betpawa-nigeria"
START = datetime(2026, 5, 6, 9, 0, tzinfo=UTC)


def _serve(port: int, events: int, cache: bool) -> None:
    import uvicorn

    from oddsdesk.simulator.app import create_app
    from oddsdesk.simulator.config import SimConfig
    from oddsdesk.simulator.world import World

    world = World(SimConfig(seed=1, events=events, drift=0.0, start=START))
    app = create_app(world, cache=cache)
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        loop="uvloop",
        http="httptools",
        lifespan="on",
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _detail_paths(base: str) -> dict[str, list[str]]:
    """Every listed match's detail path, per book, read from the server's own lists."""
    import json
    from urllib.parse import quote

    with httpx.Client(base_url=base, timeout=30) as client:
        paths: dict[str, list[str]] = {"betpawa": [], "sportybet": [], "bet9ja": []}
        q = {
            "queries": [
                {
                    "query": {"eventType": "UPCOMING", "categories": ["2"], "zones": {}},
                    "skip": 0,
                    "take": 100,
                }
            ]
        }
        skip = 0
        while True:
            q["queries"][0]["skip"] = skip
            page = client.get(
                f"/api/sportsbook/v4/events/lists/by-queries?q={quote(json.dumps(q))}",
                headers={"x-pawa-brand": BRAND, "accept": "application/json"},
            ).json()
            items = page["responses"][0]["responses"]
            paths["betpawa"] += [f"/api/sportsbook/v4/events/{e['id']}" for e in items]
            if len(items) < 100:
                break
            skip += 100
        page_num, total, seen = 1, None, 0
        while total is None or seen < total:
            data = client.get(
                "/api/ng/factsCenter/pcUpcomingEvents",
                params={
                    "sportId": "sr:sport:1",
                    "marketId": "1",
                    "pageSize": 100,
                    "pageNum": page_num,
                    "option": 2,
                },
            ).json()["data"]
            total = data["totalNum"]
            for t in data["tournaments"]:
                seen += len(t["events"])
                paths["sportybet"] += [
                    f"/api/ng/factsCenter/event?eventId={e['eventId']}&productId=3"
                    for e in t["events"]
                ]
            page_num += 1
        tree = client.get(
            "/desktop/feapi/PalimpsestAjax/GetSports?DISP=0&v_cache_version=1.301.2.225"
        ).json()
        for country in tree["D"]["PAL"]["1"]["SG"].values():
            for group in country["G"]:
                events = client.get(
                    f"/desktop/feapi/PalimpsestAjax/GetEventsInGroupV2?GROUPID={group}&DISP=0&GROUPMARKETID=1"
                    "&matches=true&v_cache_version=1.301.2.225"
                ).json()["D"]["E"]
                paths["bet9ja"] += [
                    f"/desktop/feapi/PalimpsestAjax/GetEvent?EVENTID={e['ID']}&v_cache_version=1.301.2.225"
                    for e in events
                ]
        return paths


async def _connection(
    port: int, paths: list[str], offset: int, stop: float, out: list[int]
) -> None:
    """One keep-alive connection sending GETs back to back; counts responses and bytes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    count = size = 0
    i = offset
    try:
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += 1
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                f"x-pawa-brand: {BRAND}\r\n\r\n".encode()
            )
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}")
            count += 1
            size += length
    finally:
        writer.close()
    out.append(count)
    out.append(size)


def _load(port: int, paths: list[str], seconds: float, connections: int, queue: mp.Queue) -> None:
    async def main() -> tuple[int, int, float]:
        stop = time.perf_counter() + seconds
        results: list[int] = []
        started = time.perf_counter()
        await asyncio.gather(
            *(_connection(port, paths, k * 7, stop, results) for k in range(connections))
        )
        elapsed = time.perf_counter() - started
        return sum(results[0::2]), sum(results[1::2]), elapsed

    queue.put(asyncio.run(main()))


def _run_mode(
    cache: bool, args: argparse.Namespace
) -> dict[str, tuple[float, float, float, float]]:
    port = _free_port()
    ctx = mp.get_context("spawn")
    server = ctx.Process(target=_serve, args=(port, args.events, cache), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/_simulator/status", timeout=1).raise_for_status()
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    proc = psutil.Process(server.pid)
    results = {}
    try:
        paths = _detail_paths(base)
        with httpx.Client(
            base_url=base, timeout=60, headers={"x-pawa-brand": BRAND, "accept": "application/json"}
        ) as c:
            for book_paths in paths.values():
                for path in book_paths:  # warm-up: every body rendered (and, if cached, kept) once
                    c.get(path).raise_for_status()
        for book in args.books.split(","):
            queue = ctx.Queue()
            cpu_before = sum(proc.cpu_times()[:2])
            client = ctx.Process(
                target=_load, args=(port, paths[book], args.seconds, args.connections, queue)
            )
            client.start()
            count, size, elapsed = queue.get(timeout=args.seconds + 120)
            client.join()
            cpu = sum(proc.cpu_times()[:2]) - cpu_before
            results[book] = (
                count / elapsed,
                size / elapsed / 1e6,
                cpu / elapsed,
                count / cpu if cpu else float("inf"),
            )
    finally:
        server.terminate()
        server.join(timeout=10)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--books", default="betpawa,sportybet,bet9ja")
    args = parser.parse_args()
    print(
        f"simulator event details: {args.events} matches, {args.connections} keep-alive connections, "
        f"{args.seconds:g} s per book and mode, server = 1 uvicorn worker (uvloop, httptools)"
    )
    modes = {
        "cached": _run_mode(True, args),
        "baseline (serialise per request)": _run_mode(False, args),
    }
    print(
        f"{'book':<10} {'mode':<34} {'req/s':>9} {'MB/s':>8} {'server CPU':>11} {'req/CPU-s':>10}"
    )
    for book in args.books.split(","):
        for mode, results in modes.items():
            rps, mbs, cpu, per_cpu = results[book]
            print(f"{book:<10} {mode:<34} {rps:>9.0f} {mbs:>8.1f} {cpu:>10.0%} {per_cpu:>10.0f}")
        speedup = modes["cached"][book][3] / modes["baseline (serialise per request)"][book][3]
        print(f"{'':<10} {'cached / baseline per CPU-second':<34} {speedup:>8.1f}x")


if __name__ == "__main__":
    main()
