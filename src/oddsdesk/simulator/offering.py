"""What the simulated books offer, built from the market catalogue.

Every canonical market of the catalogue that the model can price is published by each book that
carries it (one `BookMarket` per non-live catalogue variant), in that book's own market id,
specifier, line form, outcome codes and labels — the catalogue's, so that a market the books
share is written exactly as the catalogue says each book writes it. This module adds what the
catalogue does not hold: the price function of each canonical market (`MODEL`), the lines each
book offers (`LINES`), presentation details seen in the captures (`presentation`), and book
markets no catalogue row covers (`extras`), so that mapping meets honest "unmapped" markets.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from oddsdesk.domain import Book
from oddsdesk.markets.catalogue import Catalogue
from oddsdesk.simulator.lines import Lines, fixed
from oddsdesk.simulator.model import CountModel, MatchModel, Outcomes

PriceFn = Callable[[MatchModel, float | None], Outcomes]


@dataclass(frozen=True, slots=True)
class BookMarket:
    """One book market the simulator publishes.

    `outcomes` are (outcome id, book code, label template). `lines` are the canonical lines the
    book offers (None: the market has no line of its own); `fixed_line` is the canonical line
    of a book market that does not write it (Bet9ja `S_1STGOAL` is goal 1).
    """

    book: Book
    market: str
    name: str
    outcomes: tuple[tuple[str, str, str], ...]
    lines: Lines | None = None
    specifier: str | None = None
    line_format: str = "decimal"
    fixed_line: float | None = None
    handicap_type: str = ""
    residual: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class SimMarket:
    """A market the simulator prices: its meaning (`price`) and the book markets carrying it.
    `canonical` is False for markets no catalogue row covers."""

    key: str
    price: PriceFn
    family: str
    books: dict[Book, tuple[BookMarket, ...]] = field(default_factory=dict)
    core: bool = False
    canonical: bool = True
    category: str = "Other"


# -- price functions of the catalogue's markets, in its outcome ids ---------------------------
def _rename(out: Outcomes, names: dict[str, str]) -> Outcomes:
    return {names.get(k, k): v for k, v in out.items()}


_DC = {"home_draw": "1X", "home_away": "12", "draw_away": "X2"}
_HALF = {"1st": "first", "2nd": "second"}


def _yes(p: float) -> Outcomes:
    return {"yes": (p, 0.0), "no": (max(0.0, 1.0 - p), 0.0)}


def _combo(out: Outcomes, first: dict[str, str] | None = None) -> Outcomes:
    """ "home_over" → "home+over"; double-chance prefixes renamed to the catalogue's."""
    renamed = {}
    for key, value in out.items():
        for long, short in (first or {}).items():
            if key.startswith(long + "_"):
                key = short + key[len(long) :]
                break
        head, _, tail = key.rpartition("_")
        renamed[f"{head}+{tail}"] = value
    return renamed


def _exact(
    counts: CountModel, period: str, tops: tuple[int, ...], team: str | None = None
) -> Outcomes:
    per = counts.period(period)
    pmf = per.total if team is None else per.home if team == "home" else per.away
    out = {str(k): (pmf[k] if k < len(pmf) else 0.0, 0.0) for k in range(max(tops))}
    for top in tops:
        out[f"{top}+"] = (max(0.0, 1.0 - sum(pmf[:top])), 0.0)
    return out


def _bands(counts: CountModel, period: str, bands, team: str | None = None) -> Outcomes:
    out = counts.ranges(period, bands, team)
    return _rename(out, {"none": "0"})


def _first_goal_result(m: MatchModel) -> Outcomes:
    """Given the goals (h, a), the first is home's with probability h / (h + a)."""
    out = {f"{g}+{r}": 0.0 for g in ("home", "away") for r in ("home", "draw", "away")}
    none = 0.0
    for h, a, p in m.goals.period("ft").cells():
        if h + a == 0:
            none += p
            continue
        r = "home" if h > a else "draw" if h == a else "away"
        out[f"home+{r}"] += p * h / (h + a)
        out[f"away+{r}"] += p * a / (h + a)
    return {**{k: (v, 0.0) for k, v in out.items()}, "none": (none, 0.0)}


def _htft_first_half_total(m: MatchModel, line: float) -> Outcomes:
    first, second = m.goals.period("1h"), m.goals.period("2h")
    cut = math.floor(line)
    out: dict[str, float] = {}
    for h1, a1, p1 in first.cells():
        if p1 < 1e-13:
            continue
        ht = "1" if h1 > a1 else "X" if h1 == a1 else "2"
        side = "over" if h1 + a1 > cut else "under"
        d = h1 - a1
        draw = second.p_diff_eq(-d)
        away = second.p_diff_le(-d - 1)
        for ft, q in (("1", 1 - draw - away), ("X", draw), ("2", away)):
            key = f"{ht}/{ft}+{side}"
            out[key] = out.get(key, 0.0) + p1 * q
    return {
        f"{a}/{b}+{s}": (out.get(f"{a}/{b}+{s}", 0.0), 0.0)
        for a in "1X2"
        for b in "1X2"
        for s in ("over", "under")
    }


def _half_or_match(m: MatchModel) -> Outcomes:
    htft = m.goals.htft()
    ht = {r: sum(htft[f"{r}/{f}"][0] for f in "1X2") for r in "1X2"}
    ft = {r: sum(htft[f"{h}/{r}"][0] for h in "1X2") for r in "1X2"}
    names = {"1": "home", "X": "draw", "2": "away"}
    return {names[r]: (ht[r] + ft[r] - htft[f"{r}/{r}"][0], 0.0) for r in "1X2"}


def _or_total(m: MatchModel, result: str, side: str, line: float) -> Outcomes:
    rt = m.goals.result_total("ft", line)
    p_result = rt[f"{result}_over"][0] + rt[f"{result}_under"][0]
    p_side = sum(rt[f"{r}_{side}"][0] for r in ("home", "draw", "away"))
    return _yes(p_result + p_side - rt[f"{result}_{side}"][0])


def _or_btts(m: MatchModel, result: str) -> Outcomes:
    rb = m.goals.result_btts("ft")
    p_result = rb[f"{result}_yes"][0] + rb[f"{result}_no"][0]
    p_btts = sum(rb[f"{r}_yes"][0] for r in ("home", "draw", "away"))
    return _yes(p_result + p_btts - rb[f"{result}_yes"][0])


def _btts_halves(m: MatchModel) -> Outcomes:
    b1, b2 = m.goals.period("1h").btts, m.goals.period("2h").btts
    return {
        "yes/yes": (b1 * b2, 0.0),
        "yes/no": (b1 * (1 - b2), 0.0),
        "no/yes": ((1 - b1) * b2, 0.0),
        "no/no": ((1 - b1) * (1 - b2), 0.0),
    }


def _dc_early(m: MatchModel) -> Outcomes:
    up = m.goals.early_payout(1)
    h, d, a = up["home"][0], up["draw"][0], up["away"][0]
    return {
        "1X": (min(0.99, h + d), 0.0),
        "12": (min(0.99, h + a), 0.0),
        "X2": (min(0.99, d + a), 0.0),
    }


def _correct_score(period: str) -> PriceFn:
    def price(m: MatchModel, _line: float | None) -> Outcomes:
        per = m.goals.period(period)
        return {f"{h}:{a}": (p, 0.0) for h, a, p in per.cells()}

    return price


def _htft_cs(m: MatchModel, _line: float | None) -> Outcomes:
    first, second = m.goals.period("1h"), m.goals.period("2h")
    out: Outcomes = {}
    for h1, a1, p1 in first.cells():
        if h1 + a1 >= 4:
            continue
        for h2 in range(4 - h1 - a1):
            for a2 in range(4 - h1 - a1 - h2):
                out[f"{h1}:{a1}/{h1 + h2}:{a1 + a2}"] = (p1 * second.score(h2, a2), 0.0)
        out[f"{h1}:{a1}/4+"] = (p1 * (1.0 - second.p_total_le(3 - h1 - a1)), 0.0)
    out["4+/4+"] = (1.0 - first.p_total_le(3), 0.0)
    return out


def _multiscores(m: MatchModel, _line: float | None) -> Outcomes:
    groups = [
        ("1:0|2:0|3:0", ((1, 0), (2, 0), (3, 0))),
        ("0:1|0:2|0:3", ((0, 1), (0, 2), (0, 3))),
        ("4:0|5:0|6:0", ((4, 0), (5, 0), (6, 0))),
        ("0:4|0:5|0:6", ((0, 4), (0, 5), (0, 6))),
        ("2:1|3:1|4:1", ((2, 1), (3, 1), (4, 1))),
        ("1:2|1:3|1:4", ((1, 2), (1, 3), (1, 4))),
        ("3:2|4:2|4:3|5:1", ((3, 2), (4, 2), (4, 3), (5, 1))),
        ("2:3|2:4|3:4|1:5", ((2, 3), (2, 4), (3, 4), (1, 5))),
    ]
    return m.goals.score_groups("ft", groups)


def _goal_by(m: MatchModel, minute: float | None) -> Outcomes:
    return _yes(1.0 - m.goals.window(int(minute or 0)).total[0])


def _period_markets(period: str) -> dict[str, PriceFn]:
    p = period
    return {
        f"1x2_{p}": lambda m, _l: m.goals.result(p),
        f"double_chance_{p}": lambda m, _l: _rename(m.goals.double_chance(p), _DC),
        f"btts_{p}": lambda m, _l: m.goals.btts(p),
        f"over_under_{p}": lambda m, line: m.goals.total(p, line),
        f"draw_no_bet_{p}": lambda m, _l: m.goals.draw_no_bet(p),
        f"odd_even_{p}": lambda m, _l: m.goals.odd_even(p),
        f"asian_handicap_{p}": lambda m, line: m.goals.asian_handicap(p, line),
        f"handicap_{p}": lambda m, line: m.goals.european_handicap(p, int(line)),
        f"home_total_{p}": lambda m, line: m.goals.total(p, line, "home"),
        f"away_total_{p}": lambda m, line: m.goals.total(p, line, "away"),
        f"home_clean_sheet_{p}": lambda m, _l: m.goals.clean_sheet(p, "home"),
        f"away_clean_sheet_{p}": lambda m, _l: m.goals.clean_sheet(p, "away"),
        f"home_win_to_nil_{p}": lambda m, _l: m.goals.win_to_nil(p, "home"),
        f"away_win_to_nil_{p}": lambda m, _l: m.goals.win_to_nil(p, "away"),
        f"home_to_score_{p}": lambda m, _l: m.goals.team_to_score(p, "home"),
        f"away_to_score_{p}": lambda m, _l: m.goals.team_to_score(p, "away"),
        f"1x2_over_under_{p}": lambda m, line: _combo(m.goals.result_total(p, line)),
        f"1x2_btts_{p}": lambda m, _l: _combo(m.goals.result_btts(p)),
        f"double_chance_btts_{p}": lambda m, _l: _combo(m.goals.double_chance_btts(p), _DC),
        f"double_chance_over_under_{p}": lambda m, line: _combo(
            m.goals.double_chance_total(p, line), _DC
        ),
        f"correct_score_{p}": _correct_score(p),
        f"corners_over_under_{p}": lambda m, line: m.corners.total(p, line),
        f"corners_1x2_{p}": lambda m, _l: m.corners.result(p),
        f"corners_odd_even_{p}": lambda m, _l: m.corners.odd_even(p),
        f"corner_handicap_{p}": lambda m, line: m.corners.asian_handicap(p, line),
    }


MODEL: dict[str, PriceFn] = {
    **_period_markets("ft"),
    **_period_markets("1h"),
    **_period_markets("2h"),
    "next_goal": lambda m, _l: m.goals.first_to_score("ft"),
    "last_goal_ft": lambda m, _l: m.goals.first_to_score("ft"),
    "htft": lambda m, _l: m.goals.htft(),
    "1x2_1up_ft": lambda m, _l: m.goals.early_payout(1),
    "1x2_2up_ft": lambda m, _l: m.goals.early_payout(2),
    "double_chance_1up_ft": lambda m, _l: _dc_early(m),
    "home_odd_even_ft": lambda m, _l: m.goals.odd_even("ft", "home"),
    "away_odd_even_ft": lambda m, _l: m.goals.odd_even("ft", "away"),
    "exact_goals_ft": lambda m, _l: _exact(m.goals, "ft", (6,)),
    "home_exact_goals_ft": lambda m, _l: _exact(m.goals, "ft", (3,), "home"),
    "away_exact_goals_ft": lambda m, _l: _exact(m.goals, "ft", (3,), "away"),
    "exact_goals_1h": lambda m, _l: _exact(m.goals, "1h", (3,)),
    "exact_goals_2h": lambda m, _l: _exact(m.goals, "2h", (2, 3)),
    "which_team_to_score_ft": lambda m, _l: _rename(
        m.goals.which_team_scores("ft"), {"neither": "none"}
    ),
    "btts_2plus_ft": lambda m, _l: _yes(
        (1 - sum(m.goals.period("ft").home[:2])) * (1 - sum(m.goals.period("ft").away[:2]))
    ),
    "multigoals_ft": lambda m, _l: _bands(
        m.goals,
        "ft",
        [
            (1, 2),
            (1, 3),
            (1, 4),
            (1, 5),
            (1, 6),
            (2, 3),
            (2, 4),
            (2, 5),
            (2, 6),
            (3, 4),
            (3, 5),
            (3, 6),
            (4, 5),
            (4, 6),
            (5, 6),
            (7, None),
            (0, 0),
        ],
    ),
    "multigoals_1h": lambda m, _l: _bands(
        m.goals, "1h", [(1, 2), (1, 3), (2, 3), (4, None), (0, 0)]
    ),
    "multigoals_2h": lambda m, _l: _bands(
        m.goals, "2h", [(1, 2), (1, 3), (2, 3), (4, None), (0, 0)]
    ),
    "home_multigoals_ft": lambda m, _l: _bands(
        m.goals, "ft", [(1, 2), (1, 3), (2, 3), (4, None), (0, 0)], "home"
    ),
    "away_multigoals_ft": lambda m, _l: _bands(
        m.goals, "ft", [(1, 2), (1, 3), (2, 3), (4, None), (0, 0)], "away"
    ),
    "goal_to_minute": _goal_by,
    "both_halves_over": lambda m, line: m.goals.both_halves_total(line, True),
    "both_halves_under": lambda m, line: m.goals.both_halves_total(line, False),
    "winning_margin_ft": lambda m, _l: {
        k.replace("home_", "home_by_").replace("away_", "away_by_"): v
        for k, v in m.goals.winning_margin("ft").items()
    },
    "home_no_bet_ft": lambda m, _l: m.goals.team_no_bet("ft", "home"),
    "away_no_bet_ft": lambda m, _l: m.goals.team_no_bet("ft", "away"),
    "highest_scoring_half": lambda m, _l: _rename(m.goals.highest_scoring_half(), _HALF),
    "home_highest_scoring_half": lambda m, _l: _rename(m.goals.highest_scoring_half("home"), _HALF),
    "away_highest_scoring_half": lambda m, _l: _rename(m.goals.highest_scoring_half("away"), _HALF),
    "home_win_both_halves": lambda m, _l: m.goals.halves("win_both", "home"),
    "away_win_both_halves": lambda m, _l: m.goals.halves("win_both", "away"),
    "home_win_either_half": lambda m, _l: m.goals.halves("win_either", "home"),
    "away_win_either_half": lambda m, _l: m.goals.halves("win_either", "away"),
    "home_score_both_halves": lambda m, _l: m.goals.halves("score_both", "home"),
    "away_score_both_halves": lambda m, _l: m.goals.halves("score_both", "away"),
    "btts_1h_2h": lambda m, _l: _btts_halves(m),
    "half_or_match_result": lambda m, _l: _half_or_match(m),
    "over_under_btts_ft": lambda m, line: _combo(m.goals.total_btts("ft", line)),
    "htft_over_under_ft": lambda m, line: {
        k.replace("_", "+"): v for k, v in m.goals.htft_total(line).items()
    },
    "htft_over_under_1h": lambda m, line: _htft_first_half_total(m, line),
    "first_goal_1x2_ft": lambda m, _l: _first_goal_result(m),
    **{
        f"{r}_or_{s}": (lambda m, line, r=r, s=s: _or_total(m, r, s, line))
        for r in ("home", "draw", "away")
        for s in ("over", "under")
    },
    **{f"{r}_or_btts": (lambda m, _l, r=r: _or_btts(m, r)) for r in ("home", "draw", "away")},
    "htft_correct_score": _htft_cs,
    "multiscores_ft": _multiscores,
    "1x2_to_minute": lambda m, minute: m.goals.window_result(int(minute or 0)),
    "corner_range_ft": lambda m, _l: m.corners.ranges("ft", ((0, 8), (9, 11), (12, None))),
    "corner_range_1h": lambda m, _l: m.corners.ranges("1h", ((0, 4), (5, 6), (7, None))),
    "first_corner": lambda m, _l: m.corners.first_to_score("ft"),
    "first_corner_1h": lambda m, _l: m.corners.first_to_score("1h"),
    "last_corner_ft": lambda m, _l: m.corners.first_to_score("ft"),
    "last_corner_1h": lambda m, _l: m.corners.first_to_score("1h"),
    "home_corners_ft": lambda m, line: m.corners.total("ft", line, "home"),
    "away_corners_ft": lambda m, line: m.corners.total("ft", line, "away"),
}

CORE = frozenset(
    {
        "1x2_ft",
        "double_chance_ft",
        "btts_ft",
        "over_under_ft",
        "asian_handicap_ft",
        "draw_no_bet_ft",
        "1x2_1h",
        "over_under_1h",
    }
)


def family(market_id: str, category: str) -> str:
    """The margin family: main markets carry the book's base margin, exotics several times it."""
    if market_id in CORE:
        return "main" if "over_under" not in market_id and "handicap" not in market_id else "lines"
    if category == "Corners":
        return "corners"
    if category == "Combos" or "+" in market_id:
        return "combo"
    if (
        "correct_score" in market_id
        or "exact" in market_id
        or "multi" in market_id
        or "htft" in market_id
    ):
        return "exotic"
    if market_id.endswith(("_1h", "_2h")):
        return "half"
    return "main"


# -- the lines each book offers (from the captures) --------------------------------------------
BP, SB, B9 = Book.BETPAWA, Book.SPORTYBET, Book.BET9JA
_HALVES = fixed(0.5, 1.5, 2.5)
_SB_HALVES = fixed(0.5, 1, 1.5, 2, 2.5, 3)
_COMBO = fixed(1.5, 2.5, 3.5, 4.5)
_MINUTES = fixed(5, 15, 20, 25, 30, 35, 40, 50, 55, 60, 65, 70, 75, 80, 85)
_ASIAN_TOTALS = fixed(
    0.75, 1, 1.25, 1.75, 2, 2.25, 2.75, 3, 3.25, 3.75, 4, 4.25, 4.75, 5, 5.25, 5.75
)

LINES: dict[tuple[Book, str], Lines] = {
    (BP, "5000"): fixed(0.5, 1.5, 2.5, 3.5, 4.5, 5.5),
    (SB, "18"): fixed(0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5),
    (B9, "S_OU"): fixed(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5),
    (B9, "S_OUA"): _ASIAN_TOTALS,
    (BP, "28000224"): fixed(1),
    (SB, "8"): fixed(1),
    (SB, "184"): fixed(1),
    (SB, "163"): fixed(1),
    (SB, "174"): fixed(1),
    (BP, "5006"): fixed(0.5, 1.5, 2.5),
    (BP, "5003"): fixed(0.5, 1.5, 2.5),
    (SB, "19"): fixed(0.5, 1.5, 2.5, 3.5),
    (SB, "20"): fixed(0.5, 1.5, 2.5, 3.5),
    (B9, "S_HAOU"): fixed(0.5, 1.5, 2.5),
    (SB, "900313"): _MINUTES,
    (SB, "900069"): _MINUTES,
    (SB, "58"): fixed(1.5),
    (SB, "59"): fixed(1.5),
    (BP, "3774"): Lines("half", count=4),
    (SB, "16"): Lines("whole_half", span=1.5),
    (B9, "S_AH"): Lines("quarter", span=0.25),
    (BP, "3747"): Lines("half", count=2),
    (BP, "3756"): Lines("half", count=2),
    (SB, "66"): Lines("whole_half", span=0.5),
    (SB, "88"): Lines("whole_half", span=0.5),
    (B9, "S_AHH"): Lines("quarter", span=0.25),
    (B9, "S_AH2"): Lines("quarter", span=0.25),
    (BP, "4724"): fixed(-2, -1, 1, 2),
    (BP, "4716"): fixed(-2, -1, 1, 2),
    (BP, "4720"): fixed(-2, -1, 1, 2),
    (SB, "14"): fixed(-1, -2, -3, 1, 2),
    (SB, "65"): fixed(-1, -2, 1),
    (SB, "87"): fixed(-1, -2, 1),
    (B9, "S_1X2HND"): fixed(-1, 1),
    (B9, "S_1X2HNDHT"): fixed(-1, 1),
    (B9, "S_1X2HND2TN"): fixed(-1, 1),
    (BP, "4958"): _HALVES,
    (BP, "4976"): _HALVES,
    (SB, "68"): _SB_HALVES,
    (SB, "90"): _SB_HALVES,
    (B9, "S_OU1T"): _HALVES,
    (B9, "S_OU2T"): _HALVES,
    (B9, "S_OUAH"): fixed(0.75, 1, 1.25),
    (B9, "S_OUA2"): fixed(0.75, 1, 1.25),
    (SB, "69"): _HALVES,
    (SB, "70"): _HALVES,
    (SB, "91"): _HALVES,
    (SB, "92"): _HALVES,
    (B9, "S_HA1HOU"): fixed(0.5, 1.5),
    (B9, "S_HA2HOU"): fixed(0.5, 1.5),
    (BP, "1096755"): _COMBO,
    (SB, "37"): _COMBO,
    (B9, "S_1X2OU"): _COMBO,
    (SB, "79"): fixed(1.5),
    (SB, "544"): fixed(1.5),
    (B9, "S_1X2HTOU"): fixed(1.5),
    (B9, "S_1X22TOU"): fixed(1.5),
    (BP, "28000089"): _COMBO,
    (SB, "547"): _COMBO,
    (B9, "S_DCOU"): _COMBO,
    (SB, "900042"): fixed(1.5),
    (SB, "900043"): fixed(1.5),
    (B9, "S_HTDCOU"): fixed(1.5),
    (B9, "S_2TDCOU"): fixed(1.5),
    (SB, "36"): fixed(2.5),
    (B9, "S_GGNGOU"): fixed(2.5),
    (B9, "S_GGNGOUN"): fixed(3.5),
    (SB, "818"): _COMBO,
    (B9, "S_HTFTOU"): _COMBO,
    (SB, "819"): _HALVES,
    (B9, "S_HTFTOUHT"): fixed(1.5),
    **{(SB, m): fixed(2.5) for m in ("854", "855", "856", "857", "858", "859")},
    (B9, "S_CHANCEMIXOU"): fixed(1.5, 3.5),
    (B9, "S_CHANCEMIXGGOU"): fixed(2.5),
    (BP, "1096783"): fixed(7.5, 8.5, 9.5, 10.5, 11.5),
    (SB, "166"): fixed(7.5, 8.5, 9.5, 10.5, 11.5),
    (B9, "S_OUCORNERS"): fixed(8.5, 9.5, 10.5),
    (BP, "1096784"): fixed(3.5, 4.5, 5.5),
    (SB, "177"): fixed(3.5, 4.5, 5.5),
    (B9, "S_C1HTOU"): fixed(3.5, 4.5, 5.5),
    (SB, "165"): fixed(-1.5, -0.5, 0.5),
    (B9, "S_CAH"): fixed(-1.5, -0.5),
    (SB, "176"): fixed(-0.5),
    (B9, "S_CAHH"): fixed(-1.5, -0.5, 0.5),
    (SB, "900300"): fixed(3.5, 4.5, 5.5, 6.5, 7.5),
    (SB, "900301"): fixed(2.5, 3.5, 4.5, 5.5, 6.5),
    (B9, "S_CORNERSHOMEOU"): fixed(4.5, 5.5, 6.5),
    (B9, "S_CORNERSAWAYOU"): fixed(3.5, 4.5, 5.5),
}

# BetPawa payload shapes carry different market types: the May 2026 (v3) capture has
# 4429, the August 2026 (v4) capture 28000869 "Correct Score (26 Outcomes)", 80000 and the 2UP.
BETPAWA_SHAPE_ONLY = {"4429": "v3", "28000869": "v4", "80000": "v4", "28000850": "v4"}
# Declared in Bet9ja's TRANS but never priced (bookieskit c4722d5: S_DC1X21 on 0 of 160 events).
UNPRICED = frozenset({(B9, "S_DC1X21")})


def build(catalogue: Catalogue) -> tuple[tuple[SimMarket, ...], tuple[str, ...]]:
    """The simulator's markets from the catalogue (plus `extras`), and the ids of catalogue
    markets it cannot price (none, when every row has a price function)."""
    from oddsdesk.simulator.extras import EXTRAS

    markets: list[SimMarket] = []
    missing: list[str] = []
    for cat in catalogue.markets:
        price = MODEL.get(cat.id)
        if price is None:
            missing.append(cat.id)
            continue
        residual = frozenset(o.id for o in cat.outcomes if o.residual)
        books: dict[Book, tuple[BookMarket, ...]] = {}
        for book, variants in cat.variants.items():
            chosen = []
            for v in variants:
                if v.live or (book, v.market) in UNPRICED or (book is BP and not v.verified):
                    continue
                lines = None
                if cat.has_line and v.fixed_line is None:
                    lines = LINES.get((book, v.market))
                    if lines is None:
                        continue  # a lined market without a known line set is not offered
                chosen.append(
                    BookMarket(
                        book=book,
                        market=v.market,
                        name=v.name,
                        outcomes=tuple((o.outcome, o.code, o.label) for o in v.outcomes),
                        lines=lines,
                        specifier=v.specifier,
                        line_format=v.line_format,
                        fixed_line=v.fixed_line,
                        handicap_type=v.handicap_type or "",
                        residual=residual,
                    )
                )
            if chosen:
                books[book] = tuple(chosen)
        if books:
            markets.append(
                SimMarket(
                    cat.id,
                    price,
                    family(cat.id, cat.category),
                    books,
                    core=cat.id in CORE,
                    category=cat.category,
                )
            )
    markets.extend(EXTRAS)
    return tuple(markets), tuple(missing)
