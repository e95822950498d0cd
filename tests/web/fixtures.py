"""Hand-made facts for the dashboard: a small, deterministic world the tests can reason about."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from oddsdesk.domain import Book, OutcomePrice
from oddsdesk.web.source import ListQuery, Mode, Sort
from oddsdesk.web.views import (
    BookFact,
    BookHealth,
    CoverageFact,
    CoverageRow,
    EventFact,
    EventPage,
    HistoryPoint,
    HistorySeries,
    MarginStat,
    MissingEvent,
    QuoteFact,
    RunBookFact,
    RunErrorFact,
    RunFact,
    SettingsFact,
    StatusFact,
    StorageAlert,
    StorageFact,
    StorageSample,
    TableSize,
    TournamentMargins,
    TournamentOption,
)

NOW = datetime.now(UTC).replace(second=0, microsecond=0)

TEAMS = [
    "Arsenal",
    "Chelsea",
    "Everton",
    "Fulham",
    "Brentford",
    "Wolves",
    "Leeds",
    "Burnley",
    "Bologna",
    "Torino",
    "Sevilla",
    "Getafe",
    "Lyon",
    "Nantes",
    "Ajax",
    "Utrecht",
    "Enyimba",
    "Rivers United",
    "Kano Pillars",
    "Shooting Stars",
    "Porto",
    "Braga",
]
TOURNAMENTS = [
    ("Premier League", "England"),
    ("Serie A", "Italy"),
    ("LaLiga", "Spain"),
    ("Ligue 1", "France"),
    ("Eredivisie", "Netherlands"),
    ("NPFL", "Nigeria"),
]
MARKETS = [
    # market, line, name, category, outcomes, winners
    ("1x2_ft", None, "1X2", "popular", ("home", "draw", "away"), 1),
    (
        "double_chance_ft",
        None,
        "Double Chance",
        "popular",
        ("home_draw", "home_away", "draw_away"),
        2,
    ),
    ("btts_ft", None, "Both Teams To Score", "goals", ("yes", "no"), 1),
    ("over_under_ft", 1.5, "Over/Under", "goals", ("over", "under"), 1),
    ("over_under_ft", 2.5, "Over/Under", "goals", ("over", "under"), 1),
    ("over_under_ft", 3.5, "Over/Under", "goals", ("over", "under"), 1),
    ("asian_handicap_ft", -0.5, "Asian Handicap", "handicaps", ("home", "away"), 1),
    ("1x2_1h", None, "1X2 First Half", "halves", ("home", "draw", "away"), 1),
    ("odd_even_ft", None, "Odd/Even", "other", ("odd", "even"), 1),
]


def overround(prices: list[float], winners: int) -> float:
    return sum(1 / p for p in prices) / winners - 1


def _prices(rng: random.Random, n: int, winners: int, margin: float) -> list[float]:
    weights = [rng.uniform(0.5, 2.0) for _ in range(n)]
    total = sum(weights)
    probs = [w / total * winners for w in weights]
    return [round(max(1.01, 1 / (p * (1 + margin))), 2) for p in probs]


@dataclass
class FixtureSource:
    """Implements the dashboard's source over generated facts (no database)."""

    count: int = 30
    seed: int = 7
    now: datetime = NOW
    events_by_id: dict[int, EventFact] = field(default_factory=dict)
    running_run: int | None = None

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        for i in range(self.count):
            home, away = rng.sample(TEAMS, 2)
            tournament, country = TOURNAMENTS[i % len(TOURNAMENTS)]
            books = []
            for book in Book:
                if book is Book.BETPAWA and i % 10 == 9:
                    continue  # competitor-only event
                if book is Book.BET9JA and i % 7 == 3:
                    continue
                quotes = {}
                for market, line, name, category, outcomes, winners in MARKETS:
                    if book is not Book.BETPAWA and market == "odd_even_ft" and i % 2:
                        continue
                    margin = {Book.BETPAWA: 0.055, Book.SPORTYBET: 0.06, Book.BET9JA: 0.075}[book]
                    prices = _prices(
                        random.Random(f"{i}{market}{line}"), len(outcomes), winners, margin
                    )
                    prices = [round(p * rng.uniform(0.97, 1.03), 2) for p in prices]
                    gone = book is Book.BETPAWA and market == "btts_ft" and i % 6 == 1
                    quotes[(market, line)] = QuoteFact(
                        market=market,
                        line=line,
                        outcomes=tuple(
                            OutcomePrice(o, p, True) for o, p in zip(outcomes, prices, strict=True)
                        ),
                        available=not gone,
                        margin=round(overround(prices, winners), 4),
                        changed_at=self.now - timedelta(minutes=rng.randint(1, 90)),
                        unavailable_since=self.now - timedelta(minutes=17) if gone else None,
                        name=name,
                        category=category,
                    )
                seen = self.now - timedelta(
                    minutes=40 if (book is Book.BET9JA and i == 4) else rng.randint(0, 4)
                )
                books.append(
                    BookFact(book, seen, quotes, url=f"https://example.invalid/{book.value}/{i}")
                )
            fact = EventFact(
                event_id=1000 + i,
                sr_id=str(60000000 + i),
                home=home,
                away=away,
                kickoff=self.now + timedelta(hours=2 + i * 3),
                tournament=tournament,
                country=country,
                books=tuple(books),
                alerts=sum(1 for q in books[0].quotes.values() if not q.available)
                if books[0].book is Book.BETPAWA
                else 0,
            )
            self.events_by_id[fact.event_id] = fact

    # ---- queries
    def _filtered(self, query: ListQuery) -> list[EventFact]:
        out = []
        for e in sorted(self.events_by_id.values(), key=lambda e: e.kickoff):
            has_bp = e.book(Book.BETPAWA) is not None
            if query.mode is Mode.BETPAWA and not has_bp:
                continue
            if query.mode is Mode.COMPETITOR and has_bp:
                continue
            if query.mode is Mode.ALERTS and not e.alerts:
                continue
            key = f"{e.country.lower()}/{e.tournament.lower().replace(' ', '-')}"
            if query.tournaments and key not in query.tournaments:
                continue
            if query.countries and e.country not in query.countries:
                continue
            if query.search and query.search.lower() not in f"{e.home} {e.away}".lower():
                continue
            if query.kickoff_from and e.kickoff < query.kickoff_from:
                continue
            if query.kickoff_to and e.kickoff >= query.kickoff_to:
                continue
            out.append(e)
        if query.sort is Sort.TOURNAMENT:
            out.sort(key=lambda e: (e.country or "", e.tournament, e.kickoff))
        return out

    def events(self, query: ListQuery) -> EventPage:
        items = self._filtered(query)
        start = (query.page - 1) * query.page_size
        return EventPage(
            tuple(items[start : start + query.page_size]), len(items), query.page, query.page_size
        )

    def alert_count(self) -> int:
        return sum(1 for e in self.events_by_id.values() if e.alerts)

    def tournaments(self, mode: Mode) -> tuple[TournamentOption, ...]:
        return tuple(
            TournamentOption(f"{c.lower()}/{t.lower().replace(' ', '-')}", t, c)
            for t, c in TOURNAMENTS
        )

    def countries(self, mode: Mode) -> tuple[str, ...]:
        return tuple(sorted({c for _, c in TOURNAMENTS}))

    def event(self, event_id: int) -> EventFact | None:
        return self.events_by_id.get(event_id)

    def history(self, event_id, market, line, books) -> tuple[HistorySeries, ...]:
        event = self.events_by_id.get(event_id)
        if event is None:
            return ()
        out = []
        for book in books:
            fact = event.book(book)
            quote = fact.quotes.get((market, line)) if fact else None
            if quote is None:
                continue
            rng = random.Random(f"{event_id}{book}{market}")
            points = []
            for k in range(8):
                at = self.now - timedelta(hours=8 - k)
                prices = {
                    o.outcome: round(o.price * rng.uniform(0.94, 1.06), 2) for o in quote.outcomes
                }
                available = not (book is Book.BETPAWA and k == 4)
                points.append(
                    HistoryPoint(at, prices, overround(list(prices.values()), 1), available)
                )
            out.append(HistorySeries(book, tuple(points), confirmed_at=self.now))
        return tuple(out)

    def coverage(self) -> CoverageFact:
        rows = []
        for t, c in TOURNAMENTS:
            evs = [e for e in self.events_by_id.values() if e.tournament == t]
            per_book = {b: sum(1 for e in evs if e.book(b)) for b in Book}
            bp = [e for e in evs if e.book(Book.BETPAWA)]
            rows.append(
                CoverageRow(
                    t, c, per_book, len(bp), len(evs) - len(bp), 0, key=f"{c.lower()}/{t.lower()}"
                )
            )
        rows.append(
            CoverageRow("Super League", "China", {Book.SPORTYBET: 4, Book.BET9JA: 3}, 0, 4, 0)
        )
        missing = tuple(
            MissingEvent(
                e.event_id,
                e.home,
                e.away,
                e.kickoff,
                e.tournament,
                e.country,
                tuple(b.book for b in e.books),
            )
            for e in self.events_by_id.values()
            if not e.book(Book.BETPAWA)
        )
        totals = {b: sum(1 for e in self.events_by_id.values() if e.book(b)) for b in Book}
        return CoverageFact(tuple(rows), missing, totals)

    def margins(self, tournament=None) -> tuple[TournamentMargins, ...]:
        out = []
        for i, (t, c) in enumerate(TOURNAMENTS):
            stats = tuple(
                MarginStat(
                    b, 40, base + i * 0.002, base - 0.01, base + 0.03, base + 0.01, base - 0.004
                )
                for b, base in (
                    (Book.BETPAWA, 0.058),
                    (Book.SPORTYBET, 0.055),
                    (Book.BET9JA, 0.071),
                )
            )
            buckets = {
                label: {
                    Book.BETPAWA: 0.07 - k * 0.005,
                    Book.SPORTYBET: 0.065 - k * 0.004,
                    Book.BET9JA: 0.08 - k * 0.003,
                }
                for k, label in enumerate(("7d+", "3–7d", "24–72h", "<24h"))
            }
            out.append(TournamentMargins(t, c, 5 + i, stats, buckets))
        return tuple(out)

    def _runs(self) -> list[RunFact]:
        runs = []
        for k in range(12):
            started = self.now - timedelta(minutes=5 * (k + 1))
            status = "partial" if k == 2 else "ok"
            runs.append(
                RunFact(
                    run_id=120 - k,
                    trigger="scheduled" if k else "manual",
                    status=status,
                    started_at=started,
                    finished_at=started + timedelta(seconds=41 + k),
                    events=self.count,
                    failed=3 if status == "partial" else 0,
                    changes=200 + k * 13,
                    books=tuple(
                        RunBookFact(
                            b,
                            self.count,
                            self.count - (3 if status == "partial" and b is Book.BET9JA else 0),
                            3 if status == "partial" and b is Book.BET9JA else 0,
                            900,
                            12.5,
                        )
                        for b in Book
                    ),
                    errors=(
                        RunErrorFact(
                            started + timedelta(seconds=9),
                            "timeout",
                            "read timed out after 15 s",
                            Book.BET9JA,
                            "Arsenal v Chelsea",
                        ),
                    )
                    if status == "partial"
                    else (),
                    error_count=3 if status == "partial" else 0,
                )
            )
        return runs

    def runs(self, limit: int, offset: int):
        runs = self._runs()
        return tuple(runs[offset : offset + limit]), len(runs)

    def run(self, run_id: int) -> RunFact | None:
        return next((r for r in self._runs() if r.run_id == run_id), None)

    def status(self) -> StatusFact:
        return StatusFact(
            scheduler="running",
            interval_minutes=5,
            next_run=self.now + timedelta(minutes=3),
            last_run_id=120,
            last_run_status="ok",
            last_run_finished=self.now - timedelta(minutes=4),
            last_run_events=self.count,
            running_run_id=self.running_run,
            books=(
                BookHealth(Book.BETPAWA, "ok", self.now - timedelta(minutes=4)),
                BookHealth(Book.SPORTYBET, "ok", self.now - timedelta(minutes=4)),
                BookHealth(
                    Book.BET9JA,
                    "partial",
                    self.now - timedelta(minutes=4),
                    errors=3,
                    message="3 timeouts",
                ),
            ),
        )

    def settings(self) -> SettingsFact:
        return SettingsFact(
            5,
            tuple(Book),
            {Book.BETPAWA: (50, 0), Book.SPORTYBET: (50, 0), Book.BET9JA: (15, 25)},
            14,
            "running",
        )

    def storage(self) -> StorageFact:
        samples = tuple(
            StorageSample(
                self.now - timedelta(days=10 - d), 40_000_000 + d * 6_000_000, 300_000 + d * 40_000
            )
            for d in range(11)
        )
        return StorageFact(
            tables=(
                TableSize("market_odds_history", 412_000, 61_000_000),
                TableSize("market_odds_current", 96_000, 22_000_000),
                TableSize("events", 2_000, 600_000),
                TableSize("scrape_runs", 300, 90_000),
            ),
            samples=samples,
            alerts=(
                StorageAlert(
                    self.now - timedelta(hours=3),
                    "growth_warning",
                    "Database grew 24% since the previous sample.",
                ),
            ),
            database_bytes=104_000_000,
        )


def with_event(source: FixtureSource, event: EventFact) -> FixtureSource:
    source.events_by_id[event.event_id] = event
    return source


__all__ = ["NOW", "FixtureSource", "replace", "with_event"]
