"""The simulated world: competitions, clubs, matches on each book, and time.

Everything is drawn from one seed. Building the world and every `advance()` use a sequential
`random.Random`, so the same seed and the same number of ticks give the same world; prices are
computed lazily from hashes of their coordinates (see `rng`), so they do not depend on the order
in which they are requested.

What moves with time (`advance`): the clock; matches kick off (they leave the prematch lists and
their details turn live), finish and disappear; new matches are scheduled at the far end of the
horizon; and on every book a share `drift` of market lines change price while a few suspend and
later return. Each (book, match) carries a revision number that changes whenever anything it
publishes changes, which is what the HTTP layer keys its caches on.
"""

from __future__ import annotations

import math
import random
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from oddsdesk.domain import Book
from oddsdesk.markets.catalogue import Catalogue, load_catalogue
from oddsdesk.simulator import names, pricing
from oddsdesk.simulator.config import SimConfig
from oddsdesk.simulator.model import MatchModel, MatchRates, Outcomes, Rates
from oddsdesk.simulator.offering import BookMarket, SimMarket, build

LIVE_MINUTES = 115  # kick-off to the end of the listing, stoppage time and half-time included
_PRESENT = 0.94  # share of (book, match) pairs that carry a non-core market


@dataclass(frozen=True, slots=True)
class Player:
    first: str
    last: str
    sr_id: str
    bp_id: str


@dataclass(frozen=True, slots=True)
class Team:
    key: int
    name: str
    fc: bool
    sporty_style: int  # 0 as BetPawa, 1 transliterated, 2 without " FC"
    bet9ja_keeps_fc: bool
    bp_id: str
    sr_id: str

    @property
    def players(self) -> tuple[Player, ...]:
        """Twelve squad members, drawn from the club's key (only goalscorer markets need them)."""
        return _squad(self.key)

    def spelling(self, book: Book) -> str:
        """How each book spells the club (bookmaker-apis.md: names do not agree)."""
        betpawa = f"{self.name} FC" if self.fc else self.name
        if book is Book.BETPAWA:
            return betpawa
        if book is Book.SPORTYBET:
            if self.sporty_style == 1:
                return names.transliterate(betpawa)
            if self.sporty_style == 2:
                return names.transliterate(self.name)
            return betpawa
        return names.shorten(betpawa) if not self.bet9ja_keeps_fc else names.strip_accents(betpawa)


@dataclass(frozen=True, slots=True)
class Tournament:
    key: int
    country: names.Country
    name: str
    bp_id: str
    bp_region_id: str
    sb_id: str
    sb_category_id: str
    b9_id: int
    b9_country_id: int
    teams: tuple[Team, ...]
    priority: int


@dataclass(slots=True)
class SimEvent:
    """One match and how each book lists it."""

    key: int
    tournament: Tournament
    home: Team
    away: Team
    kickoff: datetime
    neutral: bool
    books: frozenset[Book]
    sr_id: str
    genius_id: str
    sporty_sr_id: str
    bp_id: str
    sb_game_id: str
    b9_id: int
    b9_code: str
    b9_has_extid: bool
    rates: MatchRates
    bp_participants: tuple[str, str]

    def status(self, now: datetime) -> str:
        if now < self.kickoff:
            return "prematch"
        if now < self.kickoff + timedelta(minutes=LIVE_MINUTES):
            return "live"
        return "ended"

    def minute(self, now: datetime) -> int:
        elapsed = (now - self.kickoff).total_seconds() / 60
        return int(elapsed if elapsed < 45 else min(max(45, elapsed - 15), 90 + (elapsed - 105)))


@dataclass(slots=True)
class MarketState:
    """What drift and suspensions changed on one book's side of one match."""

    tilts: dict[int, int] = field(default_factory=dict)
    suspended: set[int] = field(default_factory=set)
    changed_at: dict[int, int] = field(default_factory=dict)  # slot → tick of its last move
    revision: int = 0


@dataclass(frozen=True, slots=True)
class PublishedMarket:
    """One book market at one line, as the book publishes it. `line` is the canonical line
    (None for a market without one); `outcomes` are (outcome id, book code, label template);
    `prices[i]` is None where the book offers no price; `fairs[i]` is (win, push)."""

    market: SimMarket
    book_market: BookMarket
    slot: int
    line: float | None
    tilt: int
    suspended: bool
    outcomes: tuple[tuple[str, str, str], ...]
    prices: tuple[float | None, ...]
    fairs: tuple[tuple[float, float], ...]

    @property
    def available(self) -> bool:
        return not self.suspended

    @property
    def written_line(self) -> float | None:
        """The line as the book writes it: None when the book market fixes it (Bet9ja
        `S_1X21ST15MIN` is minute 15 without saying so)."""
        return None if self.book_market.fixed_line is not None else self.line


@dataclass(frozen=True, slots=True)
class Offer:
    """Everything one book publishes for one match at one revision."""

    book: Book
    event: SimEvent
    revision: int
    markets: tuple[PublishedMarket, ...]


Entry = tuple[int, SimMarket, BookMarket]


def _slot_table(
    markets: tuple[SimMarket, ...], book: Book, shallow: bool
) -> tuple[list[Entry], dict[tuple[int, int], int]]:
    """The book's market lines, numbered once for every match (a "slot" is a book market at one
    line position), so drift can pick slots without pricing the match."""
    entries: list[Entry] = []
    slots: dict[tuple[int, int], int] = {}
    for market in markets:
        if shallow and not market.core:
            continue
        for bm in market.books.get(book, ()):
            index = len(entries)
            entries.append((index, market, bm))
            lines = bm.lines
            if lines is None:
                count = 1
            elif lines.kind == "fixed":
                count = len(lines.values)
            elif lines.kind == "half":
                count = lines.count
            else:
                step = 0.5 if lines.kind == "whole_half" else 0.25
                count = 2 * round(lines.span / step) + 1
            if shallow:
                count = min(count, 3)
            for pos in range(count):
                slots[(index, pos)] = len(slots)
    return entries, slots


class World:
    """The whole simulation, in process. Not thread-safe: drive it from one thread or loop."""

    def __init__(self, config: SimConfig, catalogue: Catalogue | None = None) -> None:
        self.config = config
        self.catalogue = catalogue if catalogue is not None else load_catalogue()
        self.markets, self.unpriced = build(self.catalogue)
        self.seed = config.seed
        self._rand = random.Random(config.seed)
        self.tick = 0
        self.now = config.start_time()
        self.start = self.now
        self.revision = 0
        self.tournaments: list[Tournament] = []
        self.events: dict[int, SimEvent] = {}
        self.state: dict[tuple[Book, int], MarketState] = {}
        self.by_betpawa: dict[str, SimEvent] = {}
        self.by_sportybet: dict[str, SimEvent] = {}
        self.by_bet9ja: dict[int, SimEvent] = {}
        self._slots = {book: _slot_table(self.markets, book, config.shallow) for book in Book}
        self.draws = pricing.Draws(config.seed)
        self._models: OrderedDict[int, tuple[MatchModel, float, dict]] = OrderedDict()
        self._offers: OrderedDict[tuple[Book, int], Offer] = OrderedDict()
        self._next_event = 0
        self._ids = {"bp": 33_200_000, "sr": 68_100_000, "genius": 13_400_000, "b9": 769_100_000}
        self._team_keys = 0
        self._build()

    # -- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        r = self._rand
        target = self.config.tournaments or max(12, min(600, self.config.events // 6))
        variants = ("", " U21", " Women", " Reserves")
        countries = list(names.COUNTRIES)
        pairs = [(c, league) for c in countries for league in c.leagues]
        r.shuffle(pairs)
        region_ids = {c.name: str(_between(r, 1, 320)) for c in countries}
        category_ids = {c.name: str(_between(r, 1, 2000)) for c in countries}
        b9_country = {c.name: _between(r, 10_000, 99_999) for c in countries}
        clubs: dict[str, list[Team]] = {}
        n = 0
        for variant in variants:
            for country, league in pairs:
                if n >= target:
                    break
                base = clubs.setdefault(country.name + league, self._clubs(country))
                teams = tuple(t if not variant else self._variant(t, variant) for t in base)
                self.tournaments.append(
                    Tournament(
                        key=n,
                        country=country,
                        name=f"{league}{variant}",
                        bp_id=str(_between(r, 10_000, 29_999)),
                        bp_region_id=region_ids[country.name],
                        sb_id=str(_between(r, 1, 40_000)),
                        sb_category_id=category_ids[country.name],
                        b9_id=_between(r, 170_000, 1_999_999),
                        b9_country_id=b9_country[country.name],
                        teams=teams,
                        priority=_between(r, 1, 100),
                    )
                )
                n += 1
        weights = [3.0 if not t.name.endswith(variants[1:]) else 1.0 for t in self.tournaments]
        horizon = self.config.horizon_hours * 3600
        for i in range(self.config.events):
            if i < max(2, self.config.events // 50):
                offset = r.uniform(-90 * 60, -5 * 60)  # already playing
            elif i < max(4, self.config.events // 20):
                offset = r.uniform(5 * 60, 90 * 60)  # kicks off soon
            else:
                offset = r.uniform(90 * 60, horizon)
            self._add_event(r.choices(self.tournaments, weights)[0], offset)

    def _clubs(self, country: names.Country) -> list[Team]:
        r = self._rand
        places = list(country.places)
        r.shuffle(places)
        teams = []
        for place in places[: _between(r, max(8, len(places) - 6), len(places))]:
            name = r.choice(country.patterns).format(p=place)
            teams.append(self._team(name, national=country.name == "International"))
        return teams

    def _team(self, name: str, *, national: bool) -> Team:
        r = self._rand
        self._team_keys += 1
        fc = (
            not national
            and not name.endswith(("FC", "FK", "IL", "BK", "SC", "CF"))
            and not name.startswith(("FC ", "1. FC"))
            and r.random() < 0.35
        )
        return Team(
            key=self._team_keys,
            name=name,
            fc=fc,
            sporty_style=r.choices((0, 1, 2), (0.8, 0.12, 0.08))[0],
            bet9ja_keeps_fc=r.random() < 0.5,
            bp_id=str(_between(r, 600_000, 699_999)),
            sr_id=f"sr:competitor:{_between(r, 1_000, 999_999)}",
        )

    def _variant(self, team: Team, variant: str) -> Team:
        self._team_keys += 1
        return Team(
            key=self._team_keys,
            name=team.name + variant,
            fc=False,
            sporty_style=team.sporty_style,
            bet9ja_keeps_fc=team.bet9ja_keeps_fc,
            bp_id=str(int(team.bp_id) + 100_000),
            sr_id=f"sr:competitor:{int(team.sr_id.rsplit(':', 1)[1]) + 1_000_000}",
        )

    def _next_id(self, kind: str, low: int, high: int) -> int:
        self._ids[kind] += _between(self._rand, low, high)
        return self._ids[kind]

    def _add_event(self, tournament: Tournament, offset_s: float) -> SimEvent:
        r = self._rand
        home, away = r.sample(tournament.teams, 2)
        kickoff = self.now + timedelta(seconds=offset_s)
        kickoff = kickoff.replace(minute=(kickoff.minute // 15) * 15, second=0, microsecond=0)
        roll = r.random()
        books = (
            {Book.BETPAWA, Book.SPORTYBET, Book.BET9JA}
            if roll < 0.80
            else {Book.BETPAWA}
            if roll < 0.85
            else {Book.SPORTYBET, Book.BET9JA}
            if roll < 0.90
            else {Book.BETPAWA, Book.SPORTYBET}
            if roll < 0.94
            else {Book.BETPAWA, Book.BET9JA}
            if roll < 0.98
            else {r.choice((Book.SPORTYBET, Book.BET9JA))}
        )
        books &= set(self.config.books)
        if not books:
            books = {self.config.books[0]}
        sr_id = str(self._next_id("sr", 1, 4_000))
        genius = str(self._next_id("genius", 1, 900))
        sporty_sr = (
            sr_id if r.random() > 0.01 else str(int(sr_id) + _between(r, 2_000_000, 3_000_000))
        )
        strength = r.gauss(0.15, 0.45)
        mu = min(3.9, max(1.5, r.gauss(2.65, 0.35)))
        home_share = min(0.8, max(0.2, 1 / (1 + math.exp(-strength))))
        first = r.uniform(0.42, 0.46)
        corners_mu = min(14.0, max(6.0, r.gauss(10.0, 1.3)))
        corner_share = min(0.7, max(0.3, 0.5 + (home_share - 0.5) * 0.5))
        cards_mu = min(7.0, max(2.0, r.gauss(4.2, 0.8)))
        rates = MatchRates(
            goals=Rates(
                mu * home_share * first,
                mu * (1 - home_share) * first,
                mu * home_share * (1 - first),
                mu * (1 - home_share) * (1 - first),
            ),
            corners=Rates(
                corners_mu * corner_share * 0.47,
                corners_mu * (1 - corner_share) * 0.47,
                corners_mu * corner_share * 0.53,
                corners_mu * (1 - corner_share) * 0.53,
            ),
            bookings=Rates(cards_mu * 0.2, cards_mu * 0.22, cards_mu * 0.28, cards_mu * 0.3),
        )
        event = SimEvent(
            key=self._next_event,
            tournament=tournament,
            home=home,
            away=away,
            kickoff=kickoff,
            neutral=tournament.country.name in names.NEUTRAL_COUNTRIES and r.random() < 0.4,
            books=frozenset(books),
            sr_id=sr_id,
            genius_id=genius,
            sporty_sr_id=sporty_sr,
            bp_id=str(self._next_id("bp", 1, 40)),
            sb_game_id=str(_between(r, 10_000, 49_999)),
            b9_id=self._next_id("b9", 1, 5_000),
            b9_code=str(_between(r, 1_000, 9_999)),
            b9_has_extid=r.random() > 0.03,
            rates=rates,
            bp_participants=(home.bp_id, away.bp_id),
        )
        self._next_event += 1
        self.events[event.key] = event
        self.by_betpawa[event.bp_id] = event
        self.by_sportybet[f"sr:match:{event.sporty_sr_id}"] = event
        self.by_bet9ja[event.b9_id] = event
        for book in event.books:
            self.state[(book, event.key)] = MarketState()
        return event

    def _remove(self, event: SimEvent) -> None:
        del self.events[event.key]
        self.by_betpawa.pop(event.bp_id, None)
        self.by_sportybet.pop(f"sr:match:{event.sporty_sr_id}", None)
        self.by_bet9ja.pop(event.b9_id, None)
        for book in event.books:
            self.state.pop((book, event.key), None)
            self._offers.pop((book, event.key), None)
        self._models.pop(event.key, None)

    # -- time --------------------------------------------------------------------------------
    def advance(self, ticks: int = 1) -> None:
        """Move simulated time on by `ticks` × `tick_seconds`, with everything that follows."""
        for _ in range(ticks):
            for _chunk in self.stepping():
                pass

    def stepping(self, chunk: int = 2_000) -> Iterator[None]:
        """One tick, yielding after every `chunk` (book, match) states, so a server can advance
        a 5,000-match world between requests instead of stalling them. The result does not
        depend on how the steps are interleaved with requests."""
        yield from self._step(chunk)

    def _step(self, chunk: int) -> Iterator[None]:
        r = self._rand
        self.tick += 1
        self.now = self.now + timedelta(seconds=self.config.tick_seconds)
        for event in list(self.events.values()):
            status = event.status(self.now)
            if status == "ended":
                self._remove(event)
                far = self.config.horizon_hours * 3600 - r.uniform(0, 6 * 3600)
                self._add_event(r.choice(self.tournaments), far)
            elif status == "live":
                # A live detail changes every tick (clock, score); prematch drift stops.
                for book in event.books:
                    self.state[(book, event.key)].revision += 1
        drift = self.config.drift
        # `--drift 0` freezes the books: no price moves and no suspensions.
        suspend_rate = self.config.suspend_rate if drift > 0 else 0.0
        resume_rate = self.config.resume_rate
        n_slots = {book: len(self._slots[book][1]) for book in Book}
        now, tick, rand, next_tilt = self.now, self.tick, r.random, pricing.next_tilt
        events = self.events
        for done, ((book, key), state) in enumerate(list(self.state.items())):
            if done and done % chunk == 0:
                yield
            if events[key].kickoff <= now:
                continue
            n = n_slots[book]
            tilts, changed_at = state.tilts, state.changed_at
            changed = False
            for slot in _bernoulli_positions(r, n, drift):
                tilts[slot] = next_tilt(tilts.get(slot, 0), rand())
                changed_at[slot] = tick
                changed = True
            if state.suspended:
                for slot in sorted(state.suspended):
                    if rand() < resume_rate:
                        state.suspended.discard(slot)
                        changed = True
            for slot in _bernoulli_positions(r, n, suspend_rate):
                state.suspended.add(slot)
                changed = True
            if changed:
                state.revision += 1
        self.revision += 1

    # -- queries -------------------------------------------------------------------------------
    def listed(self, book: Book, *, live: bool = False) -> Iterator[SimEvent]:
        """The matches a book lists now, prematch (default) or live, in kick-off order."""
        wanted = "live" if live else "prematch"
        for event in sorted(self.events.values(), key=lambda e: (e.kickoff, e.key)):
            if book in event.books and event.status(self.now) == wanted:
                yield event

    def model(self, event: SimEvent) -> tuple[MatchModel, float, dict]:
        """The match's model, its main Asian line and a memo of priced markets (LRU)."""
        cached = self._models.get(event.key)
        if cached is not None:
            self._models.move_to_end(event.key)
            return cached
        model = MatchModel(event.rates)
        entry = (model, model.main_handicap(), {})
        self._models[event.key] = entry
        if len(self._models) > 3_000:
            self._models.popitem(last=False)
        return entry

    def fair(self, event: SimEvent, market: SimMarket, line: float | None) -> Outcomes:
        model, _main, memo = self.model(event)
        key = (market.key, line)
        out = memo.get(key)
        if out is None:
            out = market.price(model, line)
            memo[key] = out
        return out

    def revision_of(self, book: Book, event: SimEvent) -> int:
        return self.state[(book, event.key)].revision

    def offer(self, book: Book, event: SimEvent) -> Offer:
        """What `book` publishes for `event` now (cached until its revision changes; lines whose
        tilt and suspension did not change are carried over from the previous revision)."""
        state = self.state[(book, event.key)]
        cached = self._offers.get((book, event.key))
        if cached is not None and cached.revision == state.revision:
            self._offers.move_to_end((book, event.key))
            return cached
        previous = {m.slot: m for m in cached.markets} if cached is not None else {}
        offer = Offer(
            book, event, state.revision, tuple(self._publish(book, event, state, previous))
        )
        self._offers[(book, event.key)] = offer
        if len(self._offers) > 6_000:
            self._offers.popitem(last=False)
        return offer

    def published(
        self, book: Book, event: SimEvent, only: set[str] | None = None
    ) -> tuple[PublishedMarket, ...]:
        """Every market line the book publishes, or only the named book markets."""
        return self.offer(book, event).markets if only is None else self.offer_of(book, event, only)

    def present(self, book: Book, event: SimEvent) -> list[tuple[SimMarket, BookMarket]]:
        """The book markets this match carries on this book, without pricing them."""
        draws = self.draws
        return [
            (market, bm)
            for index, market, bm in self._slots[book][0]
            if market.core or draws.unit(draws.line_key(book, event.key, index), 3) <= _PRESENT
        ]

    def offer_of(
        self, book: Book, event: SimEvent, markets: set[str]
    ) -> tuple[PublishedMarket, ...]:
        """Only the named book markets (what an event list carries): taken from the cached full
        offer when it is current, else priced on their own, so listing a large world does not
        price every market of every match."""
        state = self.state[(book, event.key)]
        cached = self._offers.get((book, event.key))
        if cached is not None and cached.revision == state.revision:
            return tuple(m for m in cached.markets if m.book_market.market in markets)
        return tuple(self._publish(book, event, state, {}, markets))

    def _publish(
        self,
        book: Book,
        event: SimEvent,
        state: MarketState,
        previous: dict[int, PublishedMarket],
        only: set[str] | None = None,
    ) -> Iterator[PublishedMarket]:
        entries, slots = self._slots[book]
        draws, ekey = self.draws, event.key
        main = -99.0
        for index, market, bm in entries:
            if only is not None and bm.market not in only:
                continue
            if not market.core and draws.unit(draws.line_key(book, ekey, index), 3) > _PRESENT:
                continue
            if bm.lines is None:
                lines: tuple[float | None, ...] = (bm.fixed_line,)
            else:
                if main == -99.0:
                    main = self.model(event)[1]
                lines = bm.lines.resolve(main)
                if self.config.shallow and len(lines) > 3:
                    mid = len(lines) // 2
                    lines = lines[mid - 1 : mid + 2]
            for pos, line in enumerate(lines):
                slot = slots[(index, pos)]
                tilt = state.tilts.get(slot, 0)
                suspended = slot in state.suspended
                before = previous.get(slot)
                if before is not None and before.tilt == tilt and before.line == line:
                    yield (
                        before
                        if before.suspended == suspended
                        else PublishedMarket(
                            market,
                            bm,
                            slot,
                            line,
                            tilt,
                            suspended,
                            before.outcomes,
                            before.prices,
                            before.fairs,
                        )
                    )
                    continue
                fair = self.fair(event, market, line)
                line_key = draws.line_key(book, ekey, index * 1_000 + pos)
                if bm.outcomes:
                    outcomes = bm.outcomes
                    fairs = [fair.get(oid, (0.0, 0.0)) for oid, _code, _label in outcomes]
                    if bm.residual:  # "other": whatever this book's own list leaves out
                        listed = sum(
                            f[0]
                            for (oid, _c, _l), f in zip(outcomes, fairs, strict=True)
                            if oid not in bm.residual
                        )
                        fairs = [
                            (max(0.0, 1.0 - listed), 0.0) if oid in bm.residual else f
                            for (oid, _c, _l), f in zip(outcomes, fairs, strict=True)
                        ]
                else:  # goalscorers: one outcome per squad member
                    outcomes = tuple((key, *_player(key, event, book)) for key in fair)
                    fairs = list(fair.values())
                prices = pricing.market_prices(
                    book,
                    fairs,
                    draws.margin(book, market.family, line_key),
                    [draws.noise(line_key, i) for i in range(len(fairs))],
                    tilt,
                )
                yield PublishedMarket(
                    market, bm, slot, line, tilt, suspended, outcomes, tuple(prices), tuple(fairs)
                )


def _player(key: str, event: SimEvent, book: Book) -> tuple[str, str]:
    side, _, index = key.partition(":")
    team = event.home if side == "home" else event.away
    player = team.players[int(index)]
    if book is Book.BETPAWA:
        return f"{player.first} {player.last}", f"{player.first} {player.last}"
    return player.sr_id, f"{player.last}, {player.first} ({team.spelling(Book.SPORTYBET)})"


def _between(r: random.Random, low: int, high: int) -> int:
    """`randint` without its overhead (the world draws hundreds of thousands of ids)."""
    return low + int(r.random() * (high - low + 1))


@lru_cache(maxsize=4_096)
def _squad(team_key: int) -> tuple[Player, ...]:
    r = random.Random(team_key * 7_919 + 17)
    return tuple(
        Player(
            r.choice(_FIRST),
            r.choice(_LAST),
            f"sr:player:{100_000 + int(r.random() * 3_400_000)}",
            str(30_000_000 + int(r.random() * 1_999_999)),
        )
        for _ in range(12)
    )


def _bernoulli_positions(r: random.Random, n: int, p: float) -> Iterator[int]:
    """Positions in range(n) each chosen with probability p, in O(chosen) draws (geometric gaps)."""
    if p <= 0.0 or n <= 0:
        return
    if p >= 1.0:
        yield from range(n)
        return
    log_q = math.log1p(-p)
    i = -1
    while True:
        i += 1 + int(math.log(1.0 - r.random()) / log_q)
        if i >= n:
            return
        yield i


_FIRST = (
    "Ade",
    "Bruno",
    "Carlos",
    "Daniel",
    "Emeka",
    "Felix",
    "Gustavo",
    "Hakim",
    "Ivan",
    "Jonas",
    "Kwame",
    "Luis",
    "Mohamed",
    "Nils",
    "Oscar",
    "Pedro",
    "Rafael",
    "Samuel",
    "Tomas",
    "Victor",
    "Wei",
    "Yusuf",
)
_LAST = (
    "Adeyemi",
    "Berg",
    "Cadiz",
    "Diallo",
    "Eriksen",
    "Ferreira",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kone",
    "Lopez",
    "Mensah",
    "Novak",
    "Okafor",
    "Petrov",
    "Quaresma",
    "Rossi",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Weber",
    "Yilmaz",
    "Zhang",
)
