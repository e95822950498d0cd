"""Latency of the API's events list (page of 50) and event detail with 2,000 events stored.

The events are written through the real storage writer (SQLite file by default, or
`--database-url postgresql://…`), each with the catalogue's markets on three books at several
lines (`--lines` market-lines per book). Then:

* in process: the app over ASGI (no network), its view warmed from the database;
* over loopback: `oddsdesk serve` in a subprocess on 127.0.0.1, over the same database;
* baseline, measured in the same run: the same answers computed straight from the database for
  each request (read the page's events, links and current odds, then compare), which is what an
  API without the in-memory view does. pawaRisk's recorded figure is 24 ms p50 for its list.

Event detail is reported cold (the first read of an event since its odds changed: every line
compared) and warm (read again). Targets on this machine: list p50 ≤ 10 ms, detail p50 ≤ 15 ms.

    PYTHONPATH=src:. python benchmarks/bench_api.py [--events 2000] [--lines 60] [--rounds 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import sqlalchemy as sa

from oddsdesk.api import create_app
from oddsdesk.api.runtime import ReadOnlyRuntime
from oddsdesk.config import Settings
from oddsdesk.domain import Book, MarketQuote, OutcomePrice
from oddsdesk.markets.catalogue import MarketDef, load_catalogue
from oddsdesk.pipeline.changes import CurrentState, apply_changes, detect_changes
from oddsdesk.readmodel import events as read
from oddsdesk.readmodel import feed
from oddsdesk.readmodel.precompute import Precomputer
from oddsdesk.readmodel.values import Seen
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store import models as m
from oddsdesk.store.batch import EventRecord, LinkRecord, TournamentRef, WriteBatch, event_key
from oddsdesk.store.db import create_engine, session_factory
from oddsdesk.store.migrate import prepare_database
from oddsdesk.store.writer import BatchWriter

KEY = "bench-key"
COUNTRIES = ("England", "Spain", "Italy", "Germany", "France", "Nigeria", "Ghana", "Brazil")
LEAGUES = ("Premier League", "Cup", "Championship", "Super League", "Division 2")
TOTALS = (0.5, 1.5, 2.5, 3.5, 4.5, 5.5)
HANDICAPS = (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def market_lines(
    catalogue: list[MarketDef], lines: int, rng: random.Random
) -> list[tuple[MarketDef, float | None]]:
    """The headline markets, then catalogue markets (several lines where they have lines)."""
    chosen: list[tuple[MarketDef, float | None]] = []
    by_id = {market.id: market for market in catalogue}
    for market_id, line in (("1x2_ft", None), ("double_chance_ft", None), ("btts_ft", None)):
        chosen.append((by_id[market_id], line))
    chosen += [(by_id["over_under_ft"], total) for total in TOTALS]
    for market in rng.sample(catalogue, len(catalogue)):
        if len(chosen) >= lines:
            break
        if market.id in {"1x2_ft", "double_chance_ft", "btts_ft", "over_under_ft"}:
            continue
        if market.line_kind == "total":
            chosen += [(market, total) for total in TOTALS[:3]]
        elif market.line_kind in {"handicap", "handicap_3way"}:
            chosen += [(market, hcp) for hcp in HANDICAPS[:3]]
        elif market.line_kind == "none":
            chosen.append((market, None))
    return chosen[:lines]


def prices(market: MarketDef, rng: random.Random, vig: float) -> list[float]:
    weights = [rng.random() + 0.1 for _ in market.outcomes]
    winners = 2 if market.id.startswith("double_chance") else 1
    total = sum(weights) / winners
    return [round(max(1.01, total / (w * vig) * rng.uniform(0.97, 1.03)), 2) for w in weights]


def populate(url: str, events: int, lines: int, spool: Path) -> tuple[float, int]:
    """Store the world through the real writer; returns (seconds, market-lines written)."""
    rng = random.Random(20260506)
    catalogue = list(load_catalogue().markets)
    engine = create_engine(url)
    prepare_database(engine)
    now = datetime.now(UTC)
    started = time.perf_counter()
    written = 0
    state = CurrentState()
    with BatchWriter(engine, spool) as writer:
        for first in range(0, events, 100):
            records, links, books_of = [], [], {}
            for n in range(first, min(first + 100, events)):
                roll = rng.random()
                books = (
                    tuple(Book)
                    if roll < 0.7
                    else (Book.SPORTYBET, Book.BET9JA)
                    if roll < 0.85
                    else (Book.BETPAWA, Book.SPORTYBET)
                )
                country, league = COUNTRIES[n % len(COUNTRIES)], LEAGUES[n % len(LEAGUES)]
                kickoff = now + timedelta(minutes=30 + 5 * n)
                record = EventRecord(
                    key=event_key(sr_id=str(70_000_000 + n)),
                    sr_id=str(70_000_000 + n),
                    home=f"{country} Club {n} A",
                    away=f"{country} Club {n} B",
                    kickoff=kickoff,
                    tournament=TournamentRef(books[0], f"{country}/{league}", league, country),
                )
                records.append(record)
                books_of[record.key] = books
            ids = writer.ensure_events(records)
            change_sets = []
            for record in records:
                event_id = ids[record.key]
                for book in books_of[record.key]:
                    links.append(
                        LinkRecord(
                            event_id=event_id,
                            book=book,
                            book_event_id=f"{book.value}-{record.sr_id}",
                            home=record.home,
                            away=record.away,
                            kickoff=record.kickoff,
                            seen_at=now,
                            tournament=record.tournament,
                        )
                    )
                    vig = 1 + rng.uniform(0.03, 0.09)
                    quotes = [
                        MarketQuote(
                            market.id,
                            line,
                            tuple(
                                OutcomePrice(o.id, p, True)
                                for o, p in zip(
                                    market.outcomes, prices(market, rng, vig), strict=True
                                )
                            ),
                        )
                        for market, line in market_lines(catalogue, lines, rng)
                        if rng.random() < 0.9
                    ]
                    cs = detect_changes(state, event_id=event_id, book=book, quotes=quotes, now=now)
                    apply_changes(state, cs)
                    change_sets.append(cs)
                    written += len(cs.changes)
            writer.submit(
                WriteBatch(changes=tuple(change_sets), events=tuple(records), links=tuple(links))
            )
        assert writer.flush(timeout=600)
    engine.dispose()
    return time.perf_counter() - started, written


def timed(call: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def report(name: str, times: list[float], rows: list[tuple[str, float, float, int]]) -> None:
    rows.append((name, pct(times, 0.5), pct(times, 0.95), len(times)))


def baseline_list(sessions: Callable, page: int) -> bytes:
    """The list from the database: the page's events by kickoff, then their odds, compared."""
    e, link, book = m.EventRow, m.EventLinkRow, m.BookRow
    with sessions() as session:
        ids = list(
            session.scalars(
                sa.select(e.id)
                .where(
                    e.kickoff > datetime.now(UTC),
                    sa.exists()
                    .where(link.event_id == e.id, link.book_id == book.id)
                    .where(book.slug == "betpawa"),
                )
                .order_by(e.kickoff, e.id)
                .limit(50)
                .offset((page - 1) * 50)
            )
        )
        events, quotes, seen = feed.load(session, event_ids=ids)
    view = OddsView()
    view.apply(events=events, quotes=quotes, seen=seen)
    return read.list_events_json(view, read.EventQuery(page=1, page_size=50))


def baseline_detail(sessions: Callable, event_id: int) -> bytes | None:
    with sessions() as session:
        events, quotes, seen = feed.load(session, event_ids=[event_id])
    view = OddsView()
    view.apply(events=events, quotes=quotes, seen=seen)
    return read.event_detail_json(view, event_id)


async def in_process(url: str, rounds: int, rows: list, ids: list[int]) -> dict[str, float]:
    settings = Settings(database_url=url, api_key=KEY, _env_file=None)
    engine = create_engine(url)
    sessions = session_factory(engine)
    view = OddsView()
    t0 = time.perf_counter()
    count = feed.warm(view, sessions)
    warm_s = time.perf_counter() - t0
    rss = _rss_mb()
    app = create_app(ReadOnlyRuntime(settings=settings, session_factory=sessions, view=view))
    transport = httpx.ASGITransport(app=app)
    rng = random.Random(1)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

        async def get(path: str, **params: object) -> None:
            (await client.get(path, params=params)).raise_for_status()

        async def measure(
            name: str, path_of: Callable[[], str], params: dict | None = None
        ) -> None:
            times = []
            for _ in range(rounds):
                path = path_of()
                t0 = time.perf_counter()
                await get(path, **(params or {}))
                times.append((time.perf_counter() - t0) * 1000)
            report(name, times, rows)

        await get("/api/events")  # first request: routes and serializers warm up
        await measure("list, page 1 of 50", lambda: "/api/events")
        await measure("list, page 20", lambda: "/api/events", {"page": 20})
        await measure("list, country filter", lambda: "/api/events", {"country": "Italy"})
        await measure("list, team search", lambda: "/api/events", {"search": "club 1"})
        await measure(
            "list, all modes, ≥2 books", lambda: "/api/events", {"mode": "all", "min_books": 2}
        )
        await measure("list, alerts mode", lambda: "/api/events", {"mode": "alerts"})
        sample = rng.sample(ids, min(len(ids), rounds))
        cold_ids = iter(sample)
        await measure("detail, cold (lines compared now)", lambda: f"/api/events/{next(cold_ids)}")
        t0 = time.perf_counter()
        computer = Precomputer(view).start()
        computer.settle()
        precompute_s = time.perf_counter() - t0
        rss_precomputed = _rss_mb()
        view.apply(seen=[Seen(i, Book.BETPAWA, datetime.now(UTC)) for i in ids])
        computer.settle()  # a cycle confirmed every event: nothing to recompare, only re-index
        after = iter(rng.sample(ids, min(len(ids), rounds)))
        await measure("detail, after a cycle (precomputed)", lambda: f"/api/events/{next(after)}")
        warm_id = ids[len(ids) // 2]
        await get(f"/api/events/{warm_id}")
        await measure("detail, unchanged since last read", lambda: f"/api/events/{warm_id}")
        await measure("coverage", lambda: "/api/coverage")
        computer.stop()
    baseline_rounds = max(10, rounds // 5)
    report(
        "baseline: list from the database",
        timed(lambda: baseline_list(sessions, 1), baseline_rounds),
        rows,
    )
    detail_ids = iter(rng.sample(ids, baseline_rounds))
    report(
        "baseline: detail from the database",
        timed(lambda: baseline_detail(sessions, next(detail_ids)), baseline_rounds),
        rows,
    )
    engine.dispose()
    return {
        "events": count,
        "warm_s": warm_s,
        "rss_mb": rss,
        "rss_precomputed_mb": rss_precomputed,
        "precompute_s": precompute_s,
    }


def loopback(url: str, rounds: int, rows: list, ids: list[int], settle_s: float) -> float:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODDSDESK_")}
    env.update(
        PYTHONPATH="src" + os.pathsep + env.get("PYTHONPATH", ""),
        ODDSDESK_DATABASE_URL=url,
        ODDSDESK_API_KEY=KEY,
        ODDSDESK_LOG_LEVEL="warning",
    )
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "oddsdesk", "serve", "--port", str(port), "--follow-every", "60"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            while True:
                try:
                    if http.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
                if server.poll() is not None:
                    raise RuntimeError("oddsdesk serve exited")
            ready = time.perf_counter() - started
            time.sleep(settle_s)  # let its precomputer compare every event first
            http.get("/api/events").raise_for_status()
            report(
                "loopback: list, page 1 of 50",
                timed(lambda: http.get("/api/events").raise_for_status(), rounds),
                rows,
            )
            first = iter(random.Random(2).sample(ids, min(len(ids), rounds)))
            report(
                "loopback: detail, first read",
                timed(lambda: http.get(f"/api/events/{next(first)}").raise_for_status(), rounds),
                rows,
            )
            warm_id = ids[len(ids) // 3]
            http.get(f"/api/events/{warm_id}").raise_for_status()
            report(
                "loopback: detail, read again",
                timed(lambda: http.get(f"/api/events/{warm_id}").raise_for_status(), rounds),
                rows,
            )
    finally:
        server.terminate()
        server.wait(timeout=20)
    return ready


def _rss_mb() -> float:
    """Resident memory of this process now (the view, its caches and the interpreter)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=60, help="market-lines per book and event")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        url = Settings(database_url=url, _env_file=None).database_url
        seconds, written = populate(url, args.events, args.lines, Path(tmp) / "spool")
        print(
            f"stored {args.events} events, {written} market-lines in {seconds:.1f} s ({url.split(':')[0]})"
        )
        engine = create_engine(url)
        with engine.connect() as conn:
            ids = list(conn.scalars(sa.select(m.EventRow.id).order_by(m.EventRow.id)))
        engine.dispose()
        rows: list[tuple[str, float, float, int]] = []
        facts = asyncio.run(in_process(url, args.rounds, rows, ids))
        ready = loopback(url, args.rounds, rows, ids, settle_s=facts["precompute_s"] * 1.5 + 2)
    print(
        f"view warmed from the database: {facts['events']} events in {facts['warm_s']:.1f} s; "
        f"RSS {facts['rss_mb']:.0f} MB; every line compared in the background in "
        f"{facts['precompute_s']:.1f} s (at half duty), RSS then {facts['rss_precomputed_mb']:.0f}"
        f" MB; `oddsdesk serve` answering after {ready:.1f} s"
    )
    print(f"{'request':36} {'p50 ms':>8} {'p95 ms':>8} {'n':>5}")
    for name, p50, p95, n in rows:
        print(f"{name:36} {p50:8.2f} {p95:8.2f} {n:5d}")
    by = {name: p50 for name, p50, _, _ in rows}
    print(
        f"list p50 {by['list, page 1 of 50']:.2f} ms (target ≤ 10; pawaRisk 24; database path "
        f"{by['baseline: list from the database']:.1f}) · detail p50 warm "
        f"{by['detail, after a cycle (precomputed)']:.2f} / cold "
        f"{by['detail, cold (lines compared now)']:.2f} ms (target ≤ 15; database path "
        f"{by['baseline: detail from the database']:.1f})"
    )
    print(f"load average during the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
