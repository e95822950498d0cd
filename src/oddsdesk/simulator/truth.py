"""Ground truth: what each simulated book publishes now, in oddsdesk's own domain values.

`listing` says which matches a book lists (with its ids, SportRadar id, spelling and kick-off);
`book_event` gives every market and price the book publishes for a match as a `BookEvent`
(the level the adapters produce); `quotes` gives the same prices on the catalogue's canonical
markets as `MarketQuote`s (the level the mapping produces). A test fetches through the HTTP
app, runs oddsdesk on the bodies and compares with these — truth never passes through the
code under test.

Conventions follow `oddsdesk.domain`: an outcome the book does not let you bet (a suspended
market, a locked outcome) has `price=None, available=False`; lines are decimal text as the
book writes them (BetPawa rows already divided by four).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from oddsdesk.domain import (
    Book,
    BookEvent,
    BookMarket,
    BookOutcome,
    EventRef,
    MarketQuote,
    OutcomePrice,
)
from oddsdesk.simulator import presentation
from oddsdesk.simulator.lines import plain
from oddsdesk.simulator.offering import BETPAWA_SHAPE_ONLY
from oddsdesk.simulator.render_sportybet import fill, line_text
from oddsdesk.simulator.world import PublishedMarket, SimEvent, World


def sr_id(event: SimEvent, book: Book) -> str | None:
    """The SportRadar id this book shows for the match (None: Bet9ja without `EXTID`)."""
    if book is Book.SPORTYBET:
        return event.sporty_sr_id
    if book is Book.BET9JA and not event.b9_has_extid:
        return None
    return event.sr_id


def book_event_id(event: SimEvent, book: Book) -> str:
    """What the book's detail endpoint takes."""
    if book is Book.BETPAWA:
        return event.bp_id
    if book is Book.SPORTYBET:
        return f"sr:match:{event.sporty_sr_id}"
    return str(event.b9_id)


def event_ref(world: World, event: SimEvent, book: Book) -> EventRef:
    home, away = event.home.spelling(book), event.away.spelling(book)
    tournament = event.tournament
    tournament_id = {
        Book.BETPAWA: tournament.bp_id,
        Book.SPORTYBET: f"sr:tournament:{tournament.sb_id}",
        Book.BET9JA: str(tournament.b9_id),
    }[book]
    return EventRef(
        book=book,
        book_event_id=book_event_id(event, book),
        sr_id=sr_id(event, book),
        home=home,
        away=away,
        kickoff=event.kickoff,
        tournament=tournament.name,
        country=tournament.country.name,
        tournament_id=tournament_id,
        genius_id=_genius_id(event, book),
        live=event.status(world.now) == "live",
    )


def _genius_id(event: SimEvent, book: Book) -> str | None:
    """BetPawa always shows the Genius widget; SportyBet only on a Genius-sourced listing
    (`BET_GENIUS` with the "1111111" prefix); Bet9ja never."""
    if book is Book.BETPAWA:
        return event.genius_id
    if book is Book.SPORTYBET and event.sporty_sr_id != event.sr_id:
        return event.genius_id
    return None


def listing(world: World, book: Book, *, live: bool = False) -> list[EventRef]:
    """Every match `book` lists now (prematch by default), in kick-off order."""
    return [event_ref(world, e, book) for e in world.listed(book, live=live)]


def _specifier(book: Book, m: PublishedMarket) -> str | None:
    line = m.written_line
    bm = m.book_market
    if book is Book.SPORTYBET:
        return (
            bm.specifier.replace("{line}", line_text(line, bm.line_format))
            if bm.specifier
            else None
        )
    return None if line is None else plain(line)


def _outcomes(book: Book, event: SimEvent, m: PublishedMarket) -> list[BookOutcome]:
    home, away = event.home.spelling(book), event.away.spelling(book)
    text = line_text(m.written_line, m.book_market.line_format)
    out = []
    if book is Book.SPORTYBET and m.book_market.market in presentation.SPORTYBET_PLAYERS:
        out.append(BookOutcome(code="1716", name="No Goal", price=None, available=False))
    for (_oid, code, label), price in zip(m.outcomes, m.prices, strict=True):
        shown = None if m.suspended else price
        name = (
            fill(label, line=m.line, line_text=text, home=home, away=away)
            if book is Book.SPORTYBET
            else label
        )
        out.append(BookOutcome(code=code, name=name, price=shown, available=shown is not None))
    return out


def book_event(world: World, event: SimEvent, book: Book, *, shape: str = "v4") -> BookEvent:
    """Every market `book` publishes for `event`, one BookMarket per market and line (BetPawa's
    rows of a lineless market merged; a Bet9ja key shared by several markets, like `S_HAOU@1.5`
    with home and away totals, is one market). `shape` picks BetPawa's v3 or v4 market set."""
    merged: dict[tuple[str, str | None], tuple[str, list[BookOutcome]]] = {}
    for m in world.offer(book, event).markets:
        bm = m.book_market
        if book is Book.BETPAWA and BETPAWA_SHAPE_ONLY.get(bm.market, shape) != shape:
            continue
        outcomes = _outcomes(book, event, m)
        if book is Book.BET9JA:
            outcomes = [o for o in outcomes if not _omitted(world, event, m, o)]
        key = (bm.market, _specifier(book, m))
        merged.setdefault(key, (bm.name, []))[1].extend(outcomes)
    markets = [
        BookMarket(market_id=market_id, name=name, specifier=specifier, outcomes=tuple(outcomes))
        for (market_id, specifier), (name, outcomes) in merged.items()
        if outcomes
    ]
    return BookEvent(ref=event_ref(world, event, book), markets=tuple(markets))


def _omitted(world: World, event: SimEvent, m: PublishedMarket, outcome: BookOutcome) -> bool:
    """Bet9ja leaves out about half of its too-short outcomes instead of locking them."""
    if m.suspended or outcome.available:
        return False
    index = [code for _o, code, _l in m.outcomes].index(outcome.code)
    draws = world.draws
    return draws.unit(draws.line_key(Book.BET9JA, event.key, m.slot), index) >= 0.5


def quotes(world: World, event: SimEvent, book: Book, *, shape: str = "v4") -> list[MarketQuote]:
    """The same prices on the catalogue's markets: (canonical market, line) → outcome prices."""
    out: list[MarketQuote] = []
    be = {
        (bm.market_id, bm.specifier): bm
        for bm in book_event(world, event, book, shape=shape).markets
    }
    for m in world.offer(book, event).markets:
        if not m.market.canonical:
            continue
        bm = m.book_market
        if book is Book.BETPAWA and BETPAWA_SHAPE_ONLY.get(bm.market, shape) != shape:
            continue
        shown = {o.code: o for o in be[(bm.market, _specifier(book, m))].outcomes}
        prices = []
        for oid, code, _label in m.outcomes:
            outcome = shown.get(code)
            if outcome is not None:
                prices.append(
                    OutcomePrice(outcome=oid, price=outcome.price, available=outcome.available)
                )
        if prices:
            out.append(
                MarketQuote(
                    market=m.market.key, line=m.line, outcomes=tuple(prices), book_market=bm.market
                )
            )
    return out


def bet9ja_start(world: World, event: SimEvent) -> str:
    """Bet9ja's naive STARTDATE text in the world's configured Bet9ja time zone."""
    return event.kickoff.astimezone(ZoneInfo(world.config.bet9ja_timezone)).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
