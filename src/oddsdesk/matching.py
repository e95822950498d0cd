"""Cross-book event matching: one target per football match from every book's event list.

Ids first, names last:

1. **SportRadar id.** Events sharing one join one target (`sr_id`). Two different SportRadar ids
   are never merged, whatever else agrees.
2. **Genius Sports id** (BetPawa's GENIUSSPORTS widget, SportyBet's BET_GENIUS source) joins an
   event without a SportRadar id, or with the same one, to a target (`genius_id`). Where the
   Genius ids agree but the SportRadar ids differ, both stay apart and the event is reported.
3. **Scored fallback** for a target still without a SportRadar id (typically a Bet9ja event
   without EXTID): candidates within the kickoff window (±1 h: Bet9ja's STARTDATE time zone is
   not certain) are scored on normalised team names, kickoff closeness and tournament/country
   similarity; the best is taken only above `min_score` and by a clear `min_margin` over the
   best alternative that excludes it (the runner-up), and only if no other event of the same
   book wants it as much (`fallback`, with the score as confidence).

Every input event ends in exactly one target, and a target holds at most one event per book.
Events left alone after the fallback, and id conflicts, are reported with their reason.
Candidates are blocked by kickoff bucket and by name-token keys shared on both teams
(`benchmarks/bench_matching.py`); `blocking=False` scores all pairs, the reference.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz

from oddsdesk.domain import REFERENCE_BOOK, Book, EventRef

__all__ = [
    "Candidate",
    "Link",
    "MatchConfig",
    "MatchMethod",
    "MatchResult",
    "MatchTarget",
    "Unmatched",
    "UnmatchedReason",
    "match_events",
    "normalise_team",
    "team_similarity",
]


class MatchMethod(StrEnum):
    SR_ID = "sr_id"
    GENIUS_ID = "genius_id"
    FALLBACK = "fallback"
    BOOK_ID = "book_id"
    """The event founded a target that has no shared id: keyed by the book's own event id."""


class UnmatchedReason(StrEnum):
    NO_CANDIDATE = "no_candidate"
    BELOW_THRESHOLD = "below_threshold"
    AMBIGUOUS = "ambiguous"
    ID_CONFLICT = "id_conflict"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class MatchConfig:
    window: timedelta = timedelta(hours=1)
    min_score: float = 0.75
    min_margin: float = 0.10
    min_side: float = 0.65
    """Each team's name similarity must reach this, or the pair is no candidate: below it, two
    short names agree by shared letters alone ("molde" / "tromsoe" scores 0.5)."""

    def __post_init__(self) -> None:
        if self.window <= timedelta(0):
            raise ValueError("window must be positive")
        if not 0.0 <= self.min_score <= 1.0 or not 0.0 <= self.min_side <= 1.0:
            raise ValueError("min_score and min_side are between 0 and 1")
        if self.min_margin < 0.0:
            raise ValueError("min_margin must not be negative")


@dataclass(frozen=True, slots=True)
class Link:
    ref: EventRef
    method: MatchMethod
    confidence: float


@dataclass(frozen=True, slots=True)
class MatchTarget:
    """One match across books. `key` is "sr:<id>", "gs:<id>" or "<book>:<book event id>"."""

    key: str
    sr_id: str | None
    genius_id: str | None
    links: tuple[Link, ...]

    def link(self, book: Book) -> Link | None:
        return next((lk for lk in self.links if lk.ref.book is book), None)

    @property
    def books(self) -> tuple[Book, ...]:
        return tuple(lk.ref.book for lk in self.links)

    @property
    def primary(self) -> EventRef:
        """The reference book's event when it has one: its names and kickoff lead."""
        return (self.link(REFERENCE_BOOK) or self.links[0]).ref

    @property
    def kickoff(self) -> datetime:
        return self.primary.kickoff


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str
    ref: EventRef
    score: float


@dataclass(frozen=True, slots=True)
class Unmatched:
    ref: EventRef
    reason: UnmatchedReason
    detail: str
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True, slots=True)
class MatchResult:
    targets: tuple[MatchTarget, ...]
    unmatched: tuple[Unmatched, ...] = field(default=())

    def by_key(self) -> dict[str, MatchTarget]:
        return {t.key: t for t in self.targets}

    def target_of(self, book: Book, book_event_id: str) -> MatchTarget | None:
        return next(
            (
                t
                for t in self.targets
                if (lk := t.link(book)) is not None and lk.ref.book_event_id == book_event_id
            ),
            None,
        )


# --- names ----------------------------------------------------------------------------------

# fmt: off
_TRANSLITERATE = str.maketrans({
    "ø": "oe", "Ø": "Oe", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "đ": "d",
    "Đ": "D", "ð": "d", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "Th",
})
# Club-form words and articles that one book writes and another drops ("Wuhan Three Towns FC"),
# or that many clubs of a region share ("Al Ahli", "Al Hilal").
_NOISE = frozenset({
    "fc", "afc", "cf", "sc", "sk", "fk", "bk", "if", "il", "ik", "ac", "as", "cd", "ca", "cs",
    "ss", "sv", "club", "the", "al", "el",
})
_ALIASES = {"utd": "united", "ladies": "women", "res": "reserves", "reserve": "reserves"}
# Words that make a different team of the same club: never ignored, must agree.
_QUALIFIERS = frozenset({
    "women", "youth", "reserves", "academy", "b", "ii", "iii",
    "u17", "u18", "u19", "u20", "u21", "u22", "u23",
})
# fmt: on
_NEUTRAL = re.compile(r"\((?:n|neutral)\)")
_WOMEN = re.compile(r"\((?:w|women)\)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=1 << 17)
def normalise_team(name: str) -> str:
    """Lowercase ASCII tokens, transliterated (ø → oe), without accents, club-form words (FC, SK)
    or the neutral-venue mark "(n)"."""
    text = name.translate(_TRANSLITERATE).lower()
    text = _WOMEN.sub(" women ", _NEUTRAL.sub(" ", text))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    tokens = [_ALIASES.get(t, t) for t in _NON_WORD.sub(" ", text).split()]
    kept = [t for t in tokens if t not in _NOISE]
    return " ".join(kept or tokens)


def team_similarity(a: str, b: str) -> float:
    """0–1 similarity of two normalised team names; 0 when their qualifiers (U21, Women, B…)
    differ. A name whose tokens are all in the other ("brann" / "brann bergen") scores 0.9."""
    if _qualifiers(a) != _qualifiers(b):
        return 0.0
    if a == b:
        return 1.0
    return max(fuzz.token_sort_ratio(a, b), 0.9 * fuzz.token_set_ratio(a, b)) / 100.0


@lru_cache(maxsize=65536)
def _qualifiers(normalised: str) -> frozenset[str]:
    return frozenset(t for t in normalised.split() if t in _QUALIFIERS)


# --- matching -------------------------------------------------------------------------------

_NAME_WEIGHT, _KICKOFF_WEIGHT, _CONTEXT_WEIGHT = 0.8, 0.1, 0.1


@dataclass(slots=True)
class _Member:
    """An event inside a group. Names are normalised on first use (cached), so events that are
    never compared by name cost nothing."""

    ref: EventRef
    method: MatchMethod
    confidence: float
    seconds: float

    @property
    def home(self) -> str:
        return normalise_team(self.ref.home)

    @property
    def away(self) -> str:
        return normalise_team(self.ref.away)

    @property
    def tournament(self) -> str:
        return normalise_team(self.ref.tournament or "")

    @property
    def country(self) -> str:
        return normalise_team(self.ref.country or "")


@dataclass(slots=True, eq=False)
class _Group:
    members: dict[Book, _Member]
    sr_id: str | None
    genius_id: str | None
    seeking: bool
    order: int
    parent: _Group | None = None

    def root(self) -> _Group:
        group = self
        while group.parent is not None:
            group = group.parent
        return group

    def compatible(self, other: _Group) -> bool:
        return (
            not (self.members.keys() & other.members.keys())
            and (self.sr_id is None or other.sr_id is None or self.sr_id == other.sr_id)
            and (
                self.genius_id is None
                or other.genius_id is None
                or self.genius_id == other.genius_id
            )
        )

    def absorb(self, other: _Group, confidence: float) -> None:
        for book, member in other.members.items():
            member.method, member.confidence = MatchMethod.FALLBACK, confidence
            self.members[book] = member
        self.sr_id = self.sr_id or other.sr_id
        self.genius_id = self.genius_id or other.genius_id
        other.members = {}
        other.parent = self

    def key(self) -> str:
        if self.sr_id:
            return f"sr:{self.sr_id}"
        if self.genius_id:
            return f"gs:{self.genius_id}"
        first = self.members[min(self.members, key=_BOOK_RANK.__getitem__)]
        return f"{first.ref.book.value}:{first.ref.book_event_id}"

    def rank(self) -> tuple[bool, bool, bool, int]:
        """Prefer, on equal scores, a target anchored by an id or by the reference book, then
        the one discovered first, so blocked and all-pairs runs decide alike."""
        return (
            self.sr_id is not None,
            self.genius_id is not None,
            REFERENCE_BOOK in self.members,
            -self.order,
        )


_BOOK_RANK = {book: i for i, book in enumerate(Book)}
_Found = list[tuple[_Group, float]]  # candidate targets with their scores
_Scored = dict[_Group, _Found]
_Decision = tuple[UnmatchedReason, str, _Found]
_Report = tuple[_Member, UnmatchedReason, str, _Found]


def match_events(
    events: Iterable[EventRef] | Mapping[Book, Iterable[EventRef]],
    *,
    config: MatchConfig | None = None,
    blocking: bool = True,
) -> MatchResult:
    """Merge every book's discovered events into match targets (see the module docstring).

    The same (book, book event id) listed twice counts once. Output order is by kickoff, then
    key, so a run is reproducible.
    """
    cfg = config or MatchConfig()
    refs = _unique(events.values() if isinstance(events, Mapping) else [events])
    reports: list[_Report] = []
    groups, standalone = _group_by_ids(refs, reports)

    seekers = [g for g in groups if g.seeking]
    score_pairs = _blocked_candidates if blocking else _all_candidates
    candidates = score_pairs(seekers, groups, cfg)
    proposals, seeker_reports = _decide(seekers, candidates, cfg)
    for score, seeker, target in sorted(proposals, key=lambda p: -p[0]):
        # The better-anchored side (an id, the reference book, found first) absorbs the other.
        winner, loser = sorted((target.root(), seeker.root()), key=_Group.rank, reverse=True)
        if winner is loser:
            continue
        if not winner.compatible(loser):
            seeker_reports[seeker] = (
                UnmatchedReason.AMBIGUOUS,
                "its best candidate took a stronger match from the same book",
                [(target, score)],
            )
            continue
        winner.absorb(loser, score)
        seeker_reports.pop(seeker, None)
    for seeker, (reason, detail, found) in seeker_reports.items():
        if seeker.parent is None and all(
            m.method is not MatchMethod.FALLBACK for m in seeker.members.values()
        ):
            first = min(seeker.members.values(), key=lambda m: _BOOK_RANK[m.ref.book])
            reports.append((first, reason, detail, found))

    live = [g for g in (*groups, *standalone) if g.parent is None and g.members]
    targets = sorted((_target(g) for g in live), key=lambda t: (t.kickoff, t.key))
    unmatched = tuple(
        Unmatched(
            member.ref,
            reason,
            detail,
            tuple(
                Candidate(g.root().key(), _closest(g, member), round(s, 4))
                for g, s in sorted(found, key=lambda gs: -gs[1])[:3]
            ),
        )
        for member, reason, detail, found in reports
    )
    return MatchResult(tuple(targets), unmatched)


def _unique(batches: Iterable[Iterable[EventRef]]) -> list[EventRef]:
    seen: dict[tuple[Book, str], EventRef] = {}
    for batch in batches:
        for ref in batch:
            seen.setdefault((ref.book, ref.book_event_id), ref)
    return sorted(seen.values(), key=lambda r: _BOOK_RANK[r.book])


def _clean_id(value: str | None, prefix: str = "") -> str | None:
    if value is None:
        return None
    text = value.strip()
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :]
    return text or None


def _member(ref: EventRef, method: MatchMethod) -> _Member:
    return _Member(ref=ref, method=method, confidence=1.0, seconds=ref.kickoff.timestamp())


def _group_by_ids(
    refs: list[EventRef],
    reports: list[_Report],
) -> tuple[list[_Group], list[_Group]]:
    """Groups by shared ids, and the duplicates that stand alone outside the fallback."""
    groups: list[_Group] = []
    standalone: list[_Group] = []
    by_sr: dict[str, _Group] = {}
    by_genius: dict[str, _Group] = {}

    def alone(member: _Member, sr: str | None, genius: str | None, seeking: bool) -> _Group:
        group = _Group({member.ref.book: member}, sr, genius, seeking, len(groups))
        groups.append(group)
        return group

    # SportRadar ids first, so a Genius-only event finds its SportRadar target whatever the order.
    for ref in sorted(refs, key=lambda r: _clean_id(r.sr_id, "sr:match:") is None):
        sr = _clean_id(ref.sr_id, "sr:match:")
        genius = _clean_id(ref.genius_id)
        by_id = by_sr.get(sr) if sr else None
        by_gs = by_genius.get(genius) if genius else None
        if by_id is not None:
            group, method = by_id, MatchMethod.SR_ID
        elif by_gs is not None and (sr is None or by_gs.sr_id is None):
            group, method = by_gs, MatchMethod.GENIUS_ID
        else:
            group, method = None, MatchMethod.SR_ID if sr else MatchMethod.BOOK_ID
            if genius and not sr:
                method = MatchMethod.GENIUS_ID
        member = _member(ref, method)
        if by_gs is not None and by_gs.sr_id is not None and sr is not None and by_gs.sr_id != sr:
            reports.append(
                (
                    member,
                    UnmatchedReason.ID_CONFLICT,
                    f"Genius id {genius} is shared with SportRadar {by_gs.sr_id}, but this event "
                    f"has SportRadar {sr}: never merged",
                    [(by_gs, 1.0)],
                )
            )
        if group is not None and ref.book in group.members:
            twin = group.members[ref.book].ref.book_event_id
            reports.append(
                (
                    member,
                    UnmatchedReason.DUPLICATE,
                    f"{ref.book.label} lists this match twice ({twin} and {ref.book_event_id})",
                    [(group, 1.0)],
                )
            )
            # Kept whole but out of the fallback: its SportRadar id belongs to another target.
            member.method = MatchMethod.BOOK_ID
            standalone.append(_Group({ref.book: member}, None, None, False, -1))
            continue
        if group is None:
            group = alone(member, sr, genius, seeking=sr is None)
        else:
            group.members[ref.book] = member
            group.sr_id = group.sr_id or sr
            group.genius_id = group.genius_id or genius
        if sr:
            by_sr.setdefault(sr, group)
        if genius:
            by_genius.setdefault(genius, group)
    return groups, standalone


def _pair_score(a: _Member, b: _Member, cfg: MatchConfig) -> float:
    gap = abs(a.seconds - b.seconds)
    window = cfg.window.total_seconds()
    if gap > window:
        return 0.0
    home = team_similarity(a.home, b.home)
    if home < cfg.min_side:
        return 0.0
    away = team_similarity(a.away, b.away)
    if away < cfg.min_side:
        return 0.0
    context = [
        fuzz.token_set_ratio(x, y) / 100.0
        for x, y in ((a.tournament, b.tournament), (a.country, b.country))
        if x and y
    ]
    return (
        _NAME_WEIGHT * (home + away) / 2.0
        + _KICKOFF_WEIGHT * (1.0 - gap / window)
        + _CONTEXT_WEIGHT * (sum(context) / len(context) if context else 0.0)
    )


def _group_score(seeker: _Group, other: _Group, cfg: MatchConfig) -> float:
    return max(
        _pair_score(a, b, cfg) for a in seeker.members.values() for b in other.members.values()
    )


def _all_candidates(seekers: list[_Group], groups: list[_Group], cfg: MatchConfig) -> _Scored:
    scored: _Scored = {}
    for seeker in seekers:
        found = []
        for other in groups:
            if other is not seeker and seeker.compatible(other):
                score = _group_score(seeker, other, cfg)
                if score > 0.0:
                    found.append((other, score))
        scored[seeker] = found
    return scored


def _name_keys(name: str) -> set[str]:
    """First and last three letters of each token and of its consonants: a name spelled another
    way ("tromso" / "tromsoe", "kamara" / "kmara", "hoeho" / "hoho") keeps at least one."""
    keys = set()
    for token in name.split():
        if token in _QUALIFIERS:
            continue
        consonants = _VOWELS.sub("", token)
        keys.update((token[:3], token[-3:], "~" + consonants[:3], "~" + consonants[-3:]))
    return keys


def _blocked_candidates(seekers: list[_Group], groups: list[_Group], cfg: MatchConfig) -> _Scored:
    """Only pairs in neighbouring kickoff buckets whose home names share a token key and whose
    away names share one too: a team sharing none cannot reach `min_side` in practice."""
    width = cfg.window.total_seconds()
    homes: dict[tuple[int, str], list[int]] = defaultdict(list)
    aways: dict[tuple[int, str], list[int]] = defaultdict(list)
    for position, group in enumerate(groups):
        if len(group.members) == len(Book):
            continue  # every book is taken: no seeker can join it
        for member in group.members.values():
            bucket = int(member.seconds // width)
            for key in _name_keys(member.home):
                homes[(bucket, key)].append(position)
            for key in _name_keys(member.away):
                aways[(bucket, key)].append(position)

    def near(index: dict[tuple[int, str], list[int]], seeker: _Group, side: str) -> set[int]:
        found: set[int] = set()
        for member in seeker.members.values():
            bucket = int(member.seconds // width)
            for key in _name_keys(getattr(member, side)):
                for b in (bucket - 1, bucket, bucket + 1):
                    found.update(index.get((b, key), ()))
        return found

    scored: _Scored = {}
    for seeker in seekers:
        found = []
        for position in sorted(near(homes, seeker, "home") & near(aways, seeker, "away")):
            other = groups[position]
            if other is not seeker and seeker.compatible(other):
                score = _group_score(seeker, other, cfg)
                if score > 0.0:
                    found.append((other, score))
        scored[seeker] = found
    return scored


def _decide(
    seekers: list[_Group], scored: _Scored, cfg: MatchConfig
) -> tuple[list[tuple[float, _Group, _Group]], dict[_Group, _Decision]]:
    """Each seeker's clear best candidate, or the reason it has none."""
    chosen: dict[_Group, tuple[_Group, float]] = {}
    reports: dict[_Group, _Decision] = {}
    for seeker in seekers:
        found = sorted(scored[seeker], key=lambda gs: (gs[1], gs[0].rank()), reverse=True)
        if not found:
            reports[seeker] = (
                UnmatchedReason.NO_CANDIDATE,
                "no event in the kickoff window with similar team names on another book",
                [],
            )
            continue
        best, score = found[0]
        if score < cfg.min_score:
            reports[seeker] = (
                UnmatchedReason.BELOW_THRESHOLD,
                f"best score {score:.2f} is below {cfg.min_score:.2f}",
                found,
            )
            continue
        rival = next((s for g, s in found if g is not best and not best.compatible(g)), 0.0)
        if score - rival < cfg.min_margin:
            reports[seeker] = (
                UnmatchedReason.AMBIGUOUS,
                f"best score {score:.2f} vs runner-up {rival:.2f}: margin below "
                f"{cfg.min_margin:.2f}",
                found,
            )
            continue
        chosen[seeker] = (best, score)

    # Contested: another event of the same book wants the same target about as much.
    wanted: dict[_Group, _Found] = defaultdict(list)
    for seeker, found in scored.items():
        for other, score in found:
            wanted[other].append((seeker, score))
    proposals = []
    for seeker, (best, score) in chosen.items():
        rivals = [
            s
            for g, s in wanted[best]
            if g is not seeker and g.members.keys() & seeker.members.keys()
        ]
        if rivals and score - max(rivals) < cfg.min_margin:
            reports[seeker] = (
                UnmatchedReason.AMBIGUOUS,
                f"another {_books(seeker)} event scores {max(rivals):.2f} against "
                f"the same target (this one {score:.2f})",
                [(best, score)],
            )
            continue
        proposals.append((score, seeker, best))
    return proposals, reports


def _books(group: _Group) -> str:
    return "/".join(b.label for b in group.members)


def _closest(group: _Group, member: _Member) -> EventRef:
    root = group.root()
    other = root.members.get(REFERENCE_BOOK) or next(iter(root.members.values()), None)
    return other.ref if other is not None else member.ref


def _target(group: _Group) -> MatchTarget:
    members = sorted(group.members.values(), key=lambda m: _BOOK_RANK[m.ref.book])
    return MatchTarget(
        key=group.key(),
        sr_id=group.sr_id,
        genius_id=group.genius_id,
        links=tuple(Link(m.ref, m.method, round(m.confidence, 4)) for m in members),
    )
