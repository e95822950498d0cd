"""Cross-book matching at 5,000 events per book: blocked candidates against all pairs.

A synthetic but realistic world: 5,000 matches clustered on the usual kickoff slots (up to a few
hundred in one hour), BetPawa listing every one with its SportRadar id, SportyBet 90 % of them
(a tenth Genius-only) plus its own, Bet9ja 90 % plus its own, writing names its own way
("FC" dropped, ø → o, "United" → "Utd", a letter lost) and leaving EXTID out on a share of its
events. Two scenarios: 15 % of Bet9ja without EXTID (typical) and all of it (worst case).

For each it prints the CPU time of the blocked matcher and of the all-pairs baseline (the same
decisions with every pair scored; at 1,000 matches in the worst case, where all pairs at 5,000
would take minutes), whether both decide alike, and the fallback's precision and recall
against the ground truth.

    .venv/bin/python benchmarks/bench_matching.py [--events 5000] [--baseline-events N]
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from oddsdesk.domain import Book, EventRef
from oddsdesk.matching import MatchMethod, MatchResult, match_events, normalise_team

SYLLABLES = (
    "ber lin mol de trom so sar ps borg ka ma ra to ki no va le ri an dor sta hel vik "
    "por go za bu lu mi ne sa ro ta ho fe ga ju ol ek"
)
SUFFIXES = ["", "", "", "United", "City", "Rovers", "Athletic", "Wanderers", "Town", "Stars"]
FORMS = ["FC ", "", "", "", "SK ", "AC "]
# fmt: off
SLOTS = [(12, 0), (13, 0), (14, 0), (14, 30), (15, 0), (15, 0), (15, 0), (16, 0), (17, 0),
         (18, 0), (19, 0), (19, 0), (19, 45), (20, 0)]  # the weekend's crowded kickoffs
# fmt: on
START = datetime(2026, 5, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Match:
    sr_id: str
    genius_id: str
    home: str
    away: str
    kickoff: datetime
    tournament: str
    country: str


def team_names(rng: random.Random, count: int) -> list[str]:
    """About two clubs per city ("Kamara United", "FC Kamara"), as in real football."""
    syllables = SYLLABLES.split()
    cities: set[str] = set()
    while len(cities) < count // 2:
        city = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 3)))).capitalize()
        cities.add(city.replace("o", "ø", 1) if rng.random() < 0.15 else city)
    ordered = sorted(cities)
    names: set[str] = set()
    while len(names) < count:
        names.add(f"{rng.choice(FORMS)}{rng.choice(ordered)} {rng.choice(SUFFIXES)}".strip())
    return sorted(names)


def world(rng: random.Random, count: int) -> list[Match]:
    teams = team_names(rng, count * 2)
    rng.shuffle(teams)
    leagues = [(f"League {i}", f"Country {i % 60}") for i in range(250)]
    matches = []
    for i in range(count):
        hour, minute = rng.choice(SLOTS)
        day = rng.randrange(7)
        tournament, country = rng.choice(leagues)
        matches.append(
            Match(
                sr_id=str(60_000_000 + i),
                genius_id=str(13_000_000 + i),
                home=teams[2 * i],
                away=teams[2 * i + 1],
                kickoff=START + timedelta(days=day, hours=hour, minutes=minute),
                tournament=tournament,
                country=country,
            )
        )
    return matches


def bet9ja_name(rng: random.Random, name: str) -> str:
    text = name
    for form in ("FC ", "SK ", "AC "):
        text = text.removeprefix(form)
    text = text.replace("ø", "o").replace("United", "Utd")
    if rng.random() < 0.1 and len(text) > 6:
        cut = rng.randrange(1, len(text) - 1)
        text = text[:cut] + text[cut + 1 :]
    return text


def listed(
    book: Book,
    event_id: str,
    m: Match,
    sr_id: str | None,
    names: tuple[str, str],
    *,
    shift: timedelta = timedelta(0),
    genius_id: str | None = None,
) -> EventRef:
    home, away = names
    kickoff = m.kickoff + shift
    return EventRef(book, event_id, sr_id, home, away, kickoff, m.tournament, m.country,
                    genius_id=genius_id)  # fmt: skip


def listings(
    rng: random.Random, matches: list[Match], missing_extid: float
) -> tuple[list[EventRef], dict[str, str]]:
    """Every book's EventRefs, and the truth: Bet9ja id without EXTID → SportRadar id."""
    refs: list[EventRef] = []
    truth: dict[str, str] = {}

    def bet9ja(event_id: str, m: Match, sr_id: str, shift: timedelta = timedelta(0)) -> None:
        no_extid = rng.random() < missing_extid
        names = (bet9ja_name(rng, m.home), bet9ja_name(rng, m.away))
        refs.append(listed(Book.BET9JA, event_id, m, None if no_extid else sr_id, names,
                           shift=shift))  # fmt: skip
        if no_extid:
            truth[event_id] = sr_id

    for i, m in enumerate(matches):
        refs.append(listed(Book.BETPAWA, f"bp{i}", m, m.sr_id, (m.home, m.away),
                           genius_id=m.genius_id))  # fmt: skip
        if rng.random() < 0.9:
            genius_only = rng.random() < 0.1
            names = (m.home.replace("ø", "oe"), m.away.replace("ø", "oe"))
            refs.append(listed(Book.SPORTYBET, f"sb{i}", m, None if genius_only else m.sr_id,
                               names, genius_id=m.genius_id if genius_only else None))  # fmt: skip
        if rng.random() < 0.9:
            bet9ja(f"b9{i}", m, m.sr_id)
    # Competitor-only matches, five minutes off the usual slots.
    for j, m in enumerate(world(random.Random(rng.random()), len(matches) // 9)):
        shift = timedelta(minutes=5)
        refs.append(listed(Book.SPORTYBET, f"sbx{j}", m, f"7{m.sr_id}", (m.home, m.away),
                           shift=shift))  # fmt: skip
        bet9ja(f"b9x{j}", m, f"7{m.sr_id}", shift)
    rng.shuffle(refs)
    return refs, truth


def quality(result: MatchResult, truth: dict[str, str]) -> tuple[float, float, int]:
    linked = right = 0
    for target in result.targets:
        link = target.link(Book.BET9JA)
        if link is None or link.method is not MatchMethod.FALLBACK:
            continue
        linked += 1
        right += truth.get(link.ref.book_event_id) == target.sr_id
    precision = right / linked if linked else 1.0
    recall = right / len(truth) if truth else 1.0
    return precision, recall, linked


def timed(refs: list[EventRef], *, blocking: bool) -> tuple[MatchResult, float]:
    """CPU seconds of one run from a cold name cache: the figure that moves least with the
    machine's other load."""
    normalise_team.cache_clear()
    started = time.process_time()
    result = match_events(refs, blocking=blocking)
    return result, time.process_time() - started


def run(events: int, baseline_events: int, missing: float, seed: int) -> None:
    rng = random.Random(seed)
    refs, truth = listings(rng, world(rng, events), missing)
    per_book = {b: sum(r.book is b for r in refs) for b in Book}
    print(
        f"\n## {missing:.0%} of Bet9ja without EXTID: "
        + ", ".join(f"{b.label} {n}" for b, n in per_book.items())
        + f"; {len(truth)} to find by fallback"
    )
    match_events(refs[:200])  # imports and first-call costs
    blocked, seconds = timed(refs, blocking=True)
    precision, recall, linked = quality(blocked, truth)
    print(
        f"blocked    {events:>5}/book  {seconds * 1000:8.0f} ms CPU  targets {len(blocked.targets)}"
        f"  fallback links {linked}  precision {precision:.4f}  recall {recall:.4f}"
        f"  unmatched {len(blocked.unmatched)}"
    )
    if baseline_events < events:
        sub_rng = random.Random(seed)
        refs, truth = listings(sub_rng, world(sub_rng, baseline_events), missing)
        blocked, seconds = timed(refs, blocking=True)
        print(
            f"blocked    {baseline_events:>5}/book  {seconds * 1000:8.0f} ms CPU  (baseline size)"
        )
    naive, naive_seconds = timed(refs, blocking=False)
    print(
        f"all pairs  {baseline_events:>5}/book  {naive_seconds * 1000:8.0f} ms CPU  "
        f"speed-up ×{naive_seconds / seconds:.0f}  same targets: {naive.targets == blocked.targets}"
        f"  same reports: {naive.unmatched == blocked.unmatched}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--baseline-events", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"# matching benchmark, {args.events} matches, seed {args.seed}")
    run(args.events, args.baseline_events or args.events, 0.15, args.seed)
    run(args.events, args.baseline_events or args.events // 5, 1.0, args.seed)


if __name__ == "__main__":
    main()
