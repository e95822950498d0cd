"""Server render time of every dashboard page with 2,000 upcoming matches stored.

Each page is requested in process through the ASGI app (no network), `--rounds` times after a
warm-up; p50/p95 are printed next to a baseline measured in the same run: the status strip, the
smallest template, which carries the fixed cost of a request and of the base layout. The facts
come from the tests' fixture source until the read model is wired in.

    PYTHONPATH=src:. python benchmarks/bench_web.py [--events 2000] [--rounds 40]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import httpx
from fastapi import FastAPI
from tests.web.fixtures import FixtureSource

from oddsdesk.web import install_dashboard

PAGES = {
    "baseline: status strip": "/ui/status",
    "odds list (page of 50)": "/",
    "odds list, htmx region": "/?c=Italy",
    "odds list, 100 per page": "/?size=100",
    "odds list, sort by gap": "/?sort=gap",
    "match detail": "/matches/1001",
    "history json": "/matches/1001/history?market=1x2_ft",
    "coverage": "/coverage",
    "margins": "/analysis",
    "scrape runs": "/runs",
    "settings": "/settings",
    "storage": "/storage",
}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def main(events: int, rounds: int) -> None:
    started = time.perf_counter()
    source = FixtureSource(count=events)
    print(f"{events} matches generated in {time.perf_counter() - started:.1f} s")
    app = FastAPI()
    install_dashboard(app, source)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        results = {}
        for name, path in PAGES.items():
            headers = {"HX-Request": "true", "HX-Target": "results"} if "htmx" in name else {}
            for _ in range(3):
                (await client.get(path, headers=headers)).raise_for_status()
            times, size = [], 0
            for _ in range(rounds):
                t0 = time.perf_counter()
                response = await client.get(path, headers=headers)
                times.append((time.perf_counter() - t0) * 1000)
                size = len(response.content)
            results[name] = (pct(times, 0.5), pct(times, 0.95), size)
    base = results["baseline: status strip"][0]
    print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'× base':>7} {'KB':>7}")
    for name, (p50, p95, size) in results.items():
        print(f"{name:28} {p50:8.1f} {p95:8.1f} {p50 / base:7.1f} {size / 1024:7.0f}")
    print(f"mean of p50s: {statistics.mean(r[0] for r in results.values()):.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(main(args.events, args.rounds))
