"""Small builders of read-model values, and a seeded synthetic world for view-only tests."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from oddsdesk.domain import Book, OutcomePrice
from oddsdesk.readmodel.values import BookLink, EventInfo, QuoteKey, Seen

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class State:
    """Shaped like the pipeline's QuoteState."""

    outcomes: tuple[OutcomePrice, ...]
    available: bool
    changed_at: datetime
    unavailable_since: datetime | None = None


Quote = tuple[QuoteKey, State]


def link(
    book: Book,
    event_id: int,
    *,
    home: str = "Home FC",
    away: str = "Away FC",
    tournament: str = "Premier League",
    country: str | None = "England",
) -> BookLink:
    return BookLink(
        book=book,
        book_event_id=f"{book.value}-{event_id}",
        home=home,
        away=away,
        tournament=tournament,
        country=country,
        url=f"https://{book.value}.example/event/{event_id}",
    )


def event(
    event_id: int,
    *,
    books: Iterable[Book] = tuple(Book),
    home: str = "Home FC",
    away: str = "Away FC",
    kickoff: datetime | None = None,
    tournament: str = "Premier League",
    country: str | None = "England",
    links: Mapping[Book, BookLink] | None = None,
) -> EventInfo:
    links = dict(links or {})
    for book in books:
        links.setdefault(
            book,
            link(book, event_id, home=home, away=away, tournament=tournament, country=country),
        )
    return EventInfo(
        event_id=event_id,
        sr_id=str(50_000_000 + event_id),
        home=home,
        away=away,
        kickoff=kickoff or T0 + timedelta(hours=event_id),
        tournament=tournament,
        country=country,
        links=tuple(links[book] for book in Book if book in links),
    )


def quote(
    event_id: int,
    book: Book,
    market: str,
    prices: Mapping[str, float | None],
    *,
    line: float | None = None,
    available: bool = True,
    at: datetime = T0,
    unavailable_since: datetime | None = None,
    suspended: Iterable[str] = (),
) -> Quote:
    off = set(suspended)
    state = State(
        outcomes=tuple(
            OutcomePrice(outcome=name, price=price, available=price is not None and name not in off)
            for name, price in prices.items()
        ),
        available=available,
        changed_at=at,
        unavailable_since=unavailable_since if not available else None,
    )
    return (event_id, book, market, line), state


COUNTRIES = ("England", "Spain", "Italy", "Germany", "France", "Nigeria", "Ghana", "Brazil")
NAMES = ("Premier League", "Cup", "Championship", "Super League")


def world(
    n: int, *, seed: int = 7, start: datetime = T0, lines: int = 6
) -> tuple[list[EventInfo], list[Quote], list[Seen]]:
    """n events over the coming days, most on all three books, some competitor-only or
    BetPawa-only, each with 1X2, Double Chance, BTTS, totals and Asian handicaps."""
    rng = random.Random(seed)
    events, quotes, seen = [], [], []
    for event_id in range(1, n + 1):
        roll = rng.random()
        if roll < 0.7:
            books = tuple(Book)
        elif roll < 0.85:
            books = (Book.SPORTYBET, Book.BET9JA)
        elif roll < 0.93:
            books = (Book.BETPAWA, Book.SPORTYBET)
        else:
            books = (Book.BETPAWA,)
        country = COUNTRIES[event_id % len(COUNTRIES)]
        info = event(
            event_id,
            books=books,
            home=f"Team {event_id} A",
            away=f"Team {event_id} B",
            kickoff=start + timedelta(minutes=7 * event_id),
            tournament=NAMES[event_id % len(NAMES)],
            country=country,
        )
        events.append(info)
        p_home = rng.uniform(0.2, 0.6)
        p_draw = rng.uniform(0.2, 0.3)
        p_away = 1 - p_home - p_draw
        for book in books:
            vig = 1 + rng.uniform(0.03, 0.09)

            def price(p: float, vig: float = vig) -> float:
                return round(1 / (p * vig) * rng.uniform(0.98, 1.02), 2)

            quotes.append(
                quote(
                    event_id,
                    book,
                    "1x2_ft",
                    {"home": price(p_home), "draw": price(p_draw), "away": price(p_away)},
                )
            )
            quotes.append(
                quote(
                    event_id,
                    book,
                    "double_chance_ft",
                    {
                        "1X": price(p_home + p_draw),
                        "X2": price(p_draw + p_away),
                        "12": price(p_home + p_away),
                    },
                )
            )
            quotes.append(quote(event_id, book, "btts_ft", {"yes": price(0.55), "no": price(0.45)}))
            for i in range(lines):
                total = 0.5 + i
                p_over = max(0.05, min(0.95, 1 - total / 6))
                quotes.append(
                    quote(
                        event_id,
                        book,
                        "over_under_ft",
                        {"over": price(p_over), "under": price(1 - p_over)},
                        line=total,
                    )
                )
                hcp = -1.5 + 0.5 * i
                quotes.append(
                    quote(
                        event_id,
                        book,
                        "asian_handicap_ft",
                        {"home": price(0.5), "away": price(0.5)},
                        line=hcp,
                    )
                )
            seen.append(Seen(event_id=event_id, book=book, at=start))
    return events, quotes, seen
