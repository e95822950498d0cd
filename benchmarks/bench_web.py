"""Server render time of every dashboard page with 2,000 upcoming matches stored.

The matches are stored the way the pipeline stores them (the real writer into a SQLite file, the
read model fed each committed batch), scraped twice so history exists. Each page is requested in
process through the API app with the dashboard mounted (`create_app(runtime,
**dashboard_parts(runtime))`, no network), `--rounds` times after a warm-up; p50/p95 are printed
next to baselines measured in the same run: the API's own JSON events list over the same read
model, and the status strip (the fixed cost of a request and the base layout).

"cold" rows clear the dashboard's fragment cache before every request: the cost of the first view
of a page of matches just changed by a scrape.

    PYTHONPATH=src:. python benchmarks/bench_web.py [--events 2000] [--rounds 40]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from tests.support.odds import world
from tests.support.stored import Store, database_for

from oddsdesk.api import create_app
from oddsdesk.api.runtime import ReadOnlyRuntime
from oddsdesk.config import Settings
from oddsdesk.domain import MarketQuote
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store.batch import RunRecord
from oddsdesk.store.writer import BatchWriter
from oddsdesk.web.readmodel_source import ReadModelSource
from oddsdesk.web.routes import Dashboard, build_router


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def store_world(db_dir: Path, events: int) -> tuple[ReadOnlyRuntime, list[int]]:
    """`events` matches with 1X2, DC, BTTS, six totals and six handicaps per book, scraped twice
    (a tenth of the prices move in the second scrape), two runs recorded."""
    db = next(database_for("sqlite", db_dir, None))
    view = OddsView()
    now = datetime.now(UTC).replace(microsecond=0)
    infos, quotes, _ = world(events, start=now + timedelta(minutes=30))
    by_pair: dict[tuple[int, object], list[MarketQuote]] = defaultdict(list)
    for (event_id, book, market, line), state in quotes:
        by_pair[(event_id, book)].append(MarketQuote(market, line, state.outcomes))
    rng = random.Random(3)
    with BatchWriter(db.engine, db_dir / "spool") as writer:
        store = Store(writer, view=view)
        ids = store.events(infos, at=now - timedelta(minutes=20))
        first = [(ids[e], b, q) for (e, b), qs in by_pair.items() for q in qs]
        store.cycle(first, at=now - timedelta(minutes=20))
        moved = []
        for event_id, book, quote in first:
            if rng.random() < 0.1:
                outcomes = tuple(
                    type(o)(o.outcome, round(o.price * rng.uniform(0.97, 1.03), 2), True)
                    for o in quote.outcomes
                )
                quote = MarketQuote(quote.market, quote.line, outcomes)
            moved.append((event_id, book, quote))
        store.cycle(moved, at=now - timedelta(minutes=5))
        for i, at in enumerate((now - timedelta(minutes=20), now - timedelta(minutes=5))):
            store.run(
                RunRecord(
                    1_800_000_000_000 + i,
                    "scheduled",
                    "succeeded",
                    at,
                    finished_at=at + timedelta(seconds=40),
                    events_total=events,
                    events_ok=events,
                )
            )
    settings = Settings(database_url=db.url, _env_file=None)
    runtime = ReadOnlyRuntime(settings=settings, session_factory=db.sessions, view=view)
    return runtime, sorted(ids.values())


async def main(events: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        runtime, ids = store_world(Path(tmp), events)
        print(f"{events} matches stored and in the view in {time.perf_counter() - started:.1f} s")
        dash = Dashboard(source=ReadModelSource(runtime))
        app = create_app(runtime, routers=[build_router(dash)])
        match = ids[len(ids) // 3]
        pages = {
            "baseline: API /api/events (50)": ("/api/events?page_size=50", False),
            "baseline: status strip": ("/ui/status", False),
            "odds list (page of 50)": ("/", False),
            "odds list, cold": ("/", True),
            "odds list, htmx region": ("/?c=Italy", False),
            "odds list, 100 per page": ("/?size=100", False),
            "odds list, sort by gap": ("/?sort=gap", False),
            "odds list, alerts mode": ("/?mode=alerts", False),
            "match detail": (f"/matches/{match}", False),
            "match detail, cold": (f"/matches/{match}", True),
            "history json": (f"/matches/{match}/history?market=1x2_ft", False),
            "coverage": ("/coverage", False),
            "margins": ("/analysis", False),
            "scrape runs": ("/runs", False),
            "settings": ("/settings", False),
            "storage": ("/storage", False),
        }
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            results = {}
            for name, (path, cold) in pages.items():
                headers = {"HX-Request": "true", "HX-Target": "results"} if "htmx" in name else {}
                for _ in range(3):
                    (await client.get(path, headers=headers)).raise_for_status()
                times, size = [], 0
                for _ in range(rounds):
                    if cold:
                        dash.fragments = type(dash.fragments)()
                    t0 = time.perf_counter()
                    response = await client.get(path, headers=headers)
                    times.append((time.perf_counter() - t0) * 1000)
                    size = len(response.content)
                results[name] = (pct(times, 0.5), pct(times, 0.95), size)
    api = results["baseline: API /api/events (50)"][0]
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'× API':>7} {'KB':>7}")
    for name, (p50, p95, size) in results.items():
        print(f"{name:32} {p50:8.1f} {p95:8.1f} {p50 / api:7.1f} {size / 1024:7.0f}")
    print(f"mean of p50s: {statistics.mean(r[0] for r in results.values()):.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(main(args.events, args.rounds))
