"""One probability model per match: independent Poisson counts per team and per half.

Goals, corners and bookings are each a `CountModel` built from four rates (home and away, first
and second half). Every market is priced from the same model, so 1X2, totals at every line,
handicaps, correct scores, half-time/full-time and the combinations are mutually consistent —
which is what makes the simulated books comparable the way real ones are.

A market function returns, per outcome, the pair (win, push): the probability the bet wins and
the probability the stake comes back (whole-number Asian lines, draw-no-bet). Quarter lines
(±0.25, ±0.75) split the stake over the two neighbouring lines, so their pair is the average of
the two halves. The fair decimal price of an outcome is (1 − push) / win.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

Fair = tuple[float, float]  # (win, push)
Outcomes = dict[str, Fair]


@dataclass(frozen=True, slots=True)
class Rates:
    """Expected counts: home and away, first (1) and second (2) half."""

    home1: float
    away1: float
    home2: float
    away2: float


def poisson_pmf(rate: float, cap: int) -> list[float]:
    """P(0..cap) of a Poisson count, renormalised so the truncated tail is spread, not lost."""
    p = math.exp(-rate)
    pmf = [p]
    for k in range(1, cap + 1):
        p *= rate / k
        pmf.append(p)
    total = sum(pmf)
    return [x / total for x in pmf]


def convolve(a: Sequence[float], b: Sequence[float]) -> list[float]:
    out = [0.0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


def fair_price(fair: Fair) -> float:
    """Decimal odds at zero margin; infinite when the outcome cannot win."""
    win, push = fair
    return (1.0 - push) / win if win > 1e-12 else math.inf


class Period:
    """The joint distribution of (home, away) counts over one period."""

    def __init__(self, home: Sequence[float], away: Sequence[float]) -> None:
        self.home = list(home)
        self.away = list(away)
        self.grid = [[h * a for a in self.away] for h in self.home]
        self.total = convolve(self.home, self.away)
        n_a = len(self.away)
        self.diff_offset = n_a - 1
        self.diff = convolve(self.home, list(reversed(self.away)))  # index d + offset
        self._cum_total = _cumulative(self.total)
        self._cum_diff = _cumulative(self.diff)

    def cells(self):
        for h, row in enumerate(self.grid):
            for a, p in enumerate(row):
                yield h, a, p

    # -- primitive probabilities ------------------------------------------------------------
    def p_total_le(self, t: int) -> float:
        if t < 0:
            return 0.0
        return self._cum_total[min(t, len(self.total) - 1)]

    def p_total_eq(self, t: int) -> float:
        return self.total[t] if 0 <= t < len(self.total) else 0.0

    def p_diff_le(self, d: int) -> float:
        i = d + self.diff_offset
        if i < 0:
            return 0.0
        return self._cum_diff[min(i, len(self.diff) - 1)]

    def p_diff_eq(self, d: int) -> float:
        i = d + self.diff_offset
        return self.diff[i] if 0 <= i < len(self.diff) else 0.0

    @cached_property
    def result(self) -> tuple[float, float, float]:
        draw = self.p_diff_eq(0)
        away = self.p_diff_le(-1)
        return (1.0 - draw - away, draw, away)

    @cached_property
    def btts(self) -> float:
        return (1.0 - self.home[0]) * (1.0 - self.away[0])

    @cached_property
    def result_by_total(self) -> list[list[float]]:
        """[result][total] with result 0 home, 1 draw, 2 away."""
        out = [[0.0] * len(self.total) for _ in range(3)]
        for h, a, p in self.cells():
            out[0 if h > a else 1 if h == a else 2][h + a] += p
        return out

    @cached_property
    def btts_by_total(self) -> list[list[float]]:
        """[both scored][total]."""
        out = [[0.0] * len(self.total) for _ in range(2)]
        for h, a, p in self.cells():
            out[1 if h and a else 0][h + a] += p
        return out

    @cached_property
    def result_btts(self) -> list[list[float]]:
        """[result][both scored]."""
        out = [[0.0, 0.0] for _ in range(3)]
        for h, a, p in self.cells():
            out[0 if h > a else 1 if h == a else 2][1 if h and a else 0] += p
        return out

    def score(self, h: int, a: int) -> float:
        if h < len(self.home) and a < len(self.away):
            return self.grid[h][a]
        return 0.0


def _cumulative(pmf: Sequence[float]) -> list[float]:
    out, acc = [], 0.0
    for x in pmf:
        acc += x
        out.append(acc)
    return out


def _diff_total(period: Period) -> dict[tuple[int, int], float]:
    out: dict[tuple[int, int], float] = {}
    for h, a, p in period.cells():
        if p > 1e-12:
            out[(h - a, h + a)] = out.get((h - a, h + a), 0.0) + p
    return out


def _line_parts(line: float) -> tuple[float, ...]:
    """A quarter line is half a bet on each neighbouring half/whole line."""
    quarter = round(line * 4) % 2 == 1
    return (line - 0.25, line + 0.25) if quarter else (line,)


def _avg(parts: Sequence[Fair]) -> Fair:
    n = len(parts)
    return (sum(p[0] for p in parts) / n, sum(p[1] for p in parts) / n)


def _over_under(
    p_le: Callable[[int], float], p_eq: Callable[[int], float], line: float
) -> Outcomes:
    overs, unders = [], []
    for part in _line_parts(line):
        if float(part).is_integer():
            t = int(part)
            push = p_eq(t)
            under = p_le(t - 1)
            overs.append((1.0 - under - push, push))
            unders.append((under, push))
        else:
            under = p_le(math.floor(part))
            overs.append((1.0 - under, 0.0))
            unders.append((under, 0.0))
    return {"over": _avg(overs), "under": _avg(unders)}


class CountModel:
    """Goals (or corners, or bookings) of one match: periods "ft", "1h", "2h"."""

    def __init__(self, rates: Rates, cap: int) -> None:
        self.rates = rates
        h1, a1 = poisson_pmf(rates.home1, cap), poisson_pmf(rates.away1, cap)
        h2, a2 = poisson_pmf(rates.home2, cap), poisson_pmf(rates.away2, cap)
        self.periods = {
            "1h": Period(h1, a1),
            "2h": Period(h2, a2),
            "ft": Period(convolve(h1, h2), convolve(a1, a2)),
        }

        self._windows: dict[int, Period] = {}
        self._team_cum: dict[tuple[str, str], list[float]] = {}

    def period(self, name: str) -> Period:
        return self.periods[name]

    # -- one-period markets -----------------------------------------------------------------
    def result(self, period: str) -> Outcomes:
        h, d, a = self.periods[period].result
        return {"home": (h, 0.0), "draw": (d, 0.0), "away": (a, 0.0)}

    def double_chance(self, period: str) -> Outcomes:
        h, d, a = self.periods[period].result
        return {"home_draw": (h + d, 0.0), "home_away": (h + a, 0.0), "draw_away": (d + a, 0.0)}

    def draw_no_bet(self, period: str) -> Outcomes:
        h, d, a = self.periods[period].result
        return {"home": (h, d), "away": (a, d)}

    def team_no_bet(self, period: str, team: str) -> Outcomes:
        """ "Home No Bet" refunds a home win and is settled on draw/away, and vice versa."""
        h, d, a = self.periods[period].result
        if team == "home":
            return {"draw": (d, h), "away": (a, h)}
        return {"home": (h, a), "draw": (d, a)}

    def btts(self, period: str) -> Outcomes:
        p = self.periods[period].btts
        return {"yes": (p, 0.0), "no": (1.0 - p, 0.0)}

    def total(self, period: str, line: float, team: str | None = None) -> Outcomes:
        per = self.periods[period]
        if team is None:
            return _over_under(per.p_total_le, per.p_total_eq, line)
        pmf = per.home if team == "home" else per.away
        cum = self._team_cum.get((period, team))
        if cum is None:
            cum = self._team_cum[(period, team)] = _cumulative(pmf)

        def le(t: int) -> float:
            return 0.0 if t < 0 else cum[min(t, len(cum) - 1)]

        def eq(t: int) -> float:
            return pmf[t] if 0 <= t < len(pmf) else 0.0

        return _over_under(le, eq, line)

    def asian_handicap(self, period: str, line: float) -> Outcomes:
        """`line` is the home side's handicap: home wins when diff + line > 0."""
        per = self.periods[period]
        homes, aways = [], []
        for part in _line_parts(line):
            if float(part).is_integer():
                d = -int(part)  # diff at which the bet is pushed
                push = per.p_diff_eq(d)
                away = per.p_diff_le(d - 1)
                homes.append((1.0 - away - push, push))
                aways.append((away, push))
            else:
                away = per.p_diff_le(math.floor(-part))
                homes.append((1.0 - away, 0.0))
                aways.append((away, 0.0))
        return {"home": _avg(homes), "away": _avg(aways)}

    def european_handicap(self, period: str, line: int) -> Outcomes:
        """Three-way handicap, `line` added to the home score (−1: home gives one goal)."""
        per = self.periods[period]
        draw = per.p_diff_eq(-line)
        away = per.p_diff_le(-line - 1)
        return {"home": (1.0 - draw - away, 0.0), "draw": (draw, 0.0), "away": (away, 0.0)}

    def correct_score(self, period: str, scores: Sequence[tuple[int, int]]) -> Outcomes:
        per = self.periods[period]
        out = {f"{h}:{a}": (per.score(h, a), 0.0) for h, a in scores}
        out["other"] = (max(0.0, 1.0 - sum(p for p, _ in out.values())), 0.0)
        return out

    def odd_even(self, period: str, team: str | None = None) -> Outcomes:
        per = self.periods[period]
        pmf = per.total if team is None else per.home if team == "home" else per.away
        odd = sum(p for t, p in enumerate(pmf) if t % 2)
        return {"odd": (odd, 0.0), "even": (1.0 - odd, 0.0)}

    def exact(self, period: str, top: int, team: str | None = None) -> Outcomes:
        """Exact counts 0..top-1 and "top+"."""
        per = self.periods[period]
        pmf = per.total if team is None else per.home if team == "home" else per.away
        out = {str(k): (pmf[k] if k < len(pmf) else 0.0, 0.0) for k in range(top)}
        out[f"{top}+"] = (max(0.0, 1.0 - sum(p for p, _ in out.values())), 0.0)
        return out

    def ranges(
        self, period: str, bands: Sequence[tuple[int, int | None]], team: str | None = None
    ) -> Outcomes:
        """Independent yes-bets on count bands: (1, 3) is "1-3", (7, None) is "7+", (0, 0) no goal."""
        per = self.periods[period]
        pmf = per.total if team is None else per.home if team == "home" else per.away
        out = {}
        for lo, hi in bands:
            top = len(pmf) - 1 if hi is None else min(hi, len(pmf) - 1)
            out[band_key(lo, hi)] = (sum(pmf[lo : top + 1]), 0.0)
        return out

    def winning_margin(self, period: str) -> Outcomes:
        per = self.periods[period]
        out = {}
        for side, sign in (("home", 1), ("away", -1)):
            out[f"{side}_1"] = (per.p_diff_eq(sign), 0.0)
            out[f"{side}_2"] = (per.p_diff_eq(2 * sign), 0.0)
            if sign > 0:
                out[f"{side}_3+"] = (1.0 - per.p_diff_le(2), 0.0)
            else:
                out[f"{side}_3+"] = (per.p_diff_le(-3), 0.0)
        out["draw"] = (per.p_diff_eq(0), 0.0)
        return out

    def clean_sheet(self, period: str, team: str) -> Outcomes:
        per = self.periods[period]
        p = per.away[0] if team == "home" else per.home[0]
        return {"yes": (p, 0.0), "no": (1.0 - p, 0.0)}

    def win_to_nil(self, period: str, team: str) -> Outcomes:
        per = self.periods[period]
        if team == "home":
            p = (1.0 - per.home[0]) * per.away[0]
        else:
            p = (1.0 - per.away[0]) * per.home[0]
        return {"yes": (p, 0.0), "no": (1.0 - p, 0.0)}

    def team_to_score(self, period: str, team: str) -> Outcomes:
        per = self.periods[period]
        p = 1.0 - (per.home[0] if team == "home" else per.away[0])
        return {"yes": (p, 0.0), "no": (1.0 - p, 0.0)}

    def result_total(self, period: str, line: float) -> Outcomes:
        """1X2 and over/under at a half line."""
        table = self.periods[period].result_by_total
        cut = math.floor(line)
        out = {}
        for r, name in enumerate(("home", "draw", "away")):
            under = sum(table[r][: cut + 1])
            out[f"{name}_over"] = (sum(table[r]) - under, 0.0)
            out[f"{name}_under"] = (under, 0.0)
        return out

    def double_chance_total(self, period: str, line: float) -> Outcomes:
        rt = self.result_total(period, line)
        out = {}
        for dc, (x, y) in (
            ("home_draw", ("home", "draw")),
            ("home_away", ("home", "away")),
            ("draw_away", ("draw", "away")),
        ):
            for side in ("over", "under"):
                out[f"{dc}_{side}"] = (rt[f"{x}_{side}"][0] + rt[f"{y}_{side}"][0], 0.0)
        return out

    def total_btts(self, period: str, line: float) -> Outcomes:
        table = self.periods[period].btts_by_total
        cut = math.floor(line)
        out = {}
        for b, name in ((1, "yes"), (0, "no")):
            under = sum(table[b][: cut + 1])
            out[f"over_{name}"] = (sum(table[b]) - under, 0.0)
            out[f"under_{name}"] = (under, 0.0)
        return out

    def result_btts(self, period: str) -> Outcomes:
        table = self.periods[period].result_btts
        out = {}
        for r, name in enumerate(("home", "draw", "away")):
            out[f"{name}_yes"] = (table[r][1], 0.0)
            out[f"{name}_no"] = (table[r][0], 0.0)
        return out

    def double_chance_btts(self, period: str) -> Outcomes:
        rb = self.result_btts(period)
        out = {}
        for dc, (x, y) in (
            ("home_draw", ("home", "draw")),
            ("home_away", ("home", "away")),
            ("draw_away", ("draw", "away")),
        ):
            for b in ("yes", "no"):
                out[f"{dc}_{b}"] = (rb[f"{x}_{b}"][0] + rb[f"{y}_{b}"][0], 0.0)
        return out

    def which_team_scores(self, period: str) -> Outcomes:
        per = self.periods[period]
        h0, a0 = per.home[0], per.away[0]
        return {
            "neither": (h0 * a0, 0.0),
            "home_only": ((1 - h0) * a0, 0.0),
            "away_only": (h0 * (1 - a0), 0.0),
            "both": ((1 - h0) * (1 - a0), 0.0),
        }

    def score_groups(
        self, period: str, groups: Sequence[tuple[str, Sequence[tuple[int, int]]]]
    ) -> Outcomes:
        """Yes-bets on named groups of scores; "other_home"/"other_away" take the remaining wins."""
        per = self.periods[period]
        out: Outcomes = {}
        listed: set[tuple[int, int]] = set()
        for name, scores in groups:
            listed.update(scores)
            out[name] = (sum(per.score(h, a) for h, a in scores), 0.0)
        other_home = sum(p for h, a, p in per.cells() if h > a and (h, a) not in listed)
        other_away = sum(p for h, a, p in per.cells() if h < a and (h, a) not in listed)
        out["other_home"] = (other_home, 0.0)
        out["other_away"] = (other_away, 0.0)
        out["draw"] = (per.p_diff_eq(0), 0.0)
        return out

    def first_to_score(
        self, period: str, team_rates: tuple[float, float] | None = None
    ) -> Outcomes:
        """First (or, by symmetry of a Poisson process, last) team to score."""
        per = self.periods[period]
        none = per.home[0] * per.away[0]
        if period == "1h":
            rh, ra = self.rates.home1, self.rates.away1
        elif period == "2h":
            rh, ra = self.rates.home2, self.rates.away2
        else:
            rh, ra = self.rates.home1 + self.rates.home2, self.rates.away1 + self.rates.away2
        share = rh / (rh + ra) if rh + ra else 0.5
        return {
            "home": ((1 - none) * share, 0.0),
            "none": (none, 0.0),
            "away": ((1 - none) * (1 - share), 0.0),
        }

    # -- markets over both halves -----------------------------------------------------------
    def htft(self) -> Outcomes:
        first, second = self.periods["1h"], self.periods["2h"]
        out = {f"{a}/{b}": 0.0 for a in "1X2" for b in "1X2"}
        for d1i, p1 in enumerate(first.diff):
            if p1 < 1e-15:
                continue
            d1 = d1i - first.diff_offset
            ht = "1" if d1 > 0 else "X" if d1 == 0 else "2"
            draw = second.p_diff_eq(-d1)
            away = second.p_diff_le(-d1 - 1)
            out[f"{ht}/1"] += p1 * (1 - draw - away)
            out[f"{ht}/X"] += p1 * draw
            out[f"{ht}/2"] += p1 * away
        return {k: (v, 0.0) for k, v in out.items()}

    @cached_property
    def _htft_by_total(self) -> dict[str, list[float]]:
        """P(HT/FT result pair, total goals), from (diff, total) aggregates of each half."""
        first, second = _diff_total(self.periods["1h"]), _diff_total(self.periods["2h"])
        size = len(self.periods["ft"].total)
        out = {f"{a}/{b}": [0.0] * size for a in "1X2" for b in "1X2"}
        for (d1, t1), p1 in first.items():
            ht = "1" if d1 > 0 else "X" if d1 == 0 else "2"
            for (d2, t2), p2 in second.items():
                d = d1 + d2
                ft = "1" if d > 0 else "X" if d == 0 else "2"
                out[f"{ht}/{ft}"][t1 + t2] += p1 * p2
        return out

    def htft_total(self, line: float) -> Outcomes:
        cut = math.floor(line)
        out: Outcomes = {}
        for key, by_total in self._htft_by_total.items():
            under = sum(by_total[: cut + 1])
            out[f"{key}_over"] = (sum(by_total) - under, 0.0)
            out[f"{key}_under"] = (under, 0.0)
        return out

    def htft_correct_score(
        self, pairs: Sequence[tuple[tuple[int, int], tuple[int, int] | None]]
    ) -> Outcomes:
        """(ht score, ft score) pairs; a None ft score means "4+ goals at full time" after that HT."""
        first, second = self.periods["1h"], self.periods["2h"]
        out = {}
        for (h1, a1), ft in pairs:
            p1 = first.score(h1, a1)
            if ft is None:
                p = p1 * (1.0 - second.p_total_le(3 - h1 - a1))
                key = f"{h1}-{a1}/4+"
            else:
                p = (
                    p1 * second.score(ft[0] - h1, ft[1] - a1)
                    if ft[0] >= h1 and ft[1] >= a1
                    else 0.0
                )
                key = f"{h1}-{a1}/{ft[0]}-{ft[1]}"
            out[key] = (p, 0.0)
        return out

    def highest_scoring_half(self, team: str | None = None) -> Outcomes:
        def pmf(period: Period) -> list[float]:
            return period.total if team is None else period.home if team == "home" else period.away

        first, second = pmf(self.periods["1h"]), pmf(self.periods["2h"])
        p1 = sum(x * sum(second[:i]) for i, x in enumerate(first))
        eq = sum(x * (second[i] if i < len(second) else 0.0) for i, x in enumerate(first))
        return {"1st": (p1, 0.0), "equal": (eq, 0.0), "2nd": (1.0 - p1 - eq, 0.0)}

    def halves(self, what: str, team: str) -> Outcomes:
        """ "win_both", "win_either" or "score_both" halves, for one team."""
        idx = 0 if team == "home" else 2
        first, second = self.periods["1h"], self.periods["2h"]
        if what == "score_both":
            p1 = 1.0 - (first.home[0] if team == "home" else first.away[0])
            p2 = 1.0 - (second.home[0] if team == "home" else second.away[0])
            p = p1 * p2
        else:
            w1, w2 = first.result[idx], second.result[idx]
            p = w1 * w2 if what == "win_both" else 1.0 - (1 - w1) * (1 - w2)
        return {"yes": (p, 0.0), "no": (1.0 - p, 0.0)}

    def both_halves_total(self, line: float, over: bool) -> Outcomes:
        first, second = self.periods["1h"], self.periods["2h"]
        cut = math.floor(line)
        if over:
            p = (1.0 - first.p_total_le(cut)) * (1.0 - second.p_total_le(cut))
        else:
            p = first.p_total_le(cut) * second.p_total_le(cut)
        return {"yes": (p, 0.0), "no": (1.0 - p, 0.0)}

    def btts_both_halves(self) -> Outcomes:
        p = self.periods["1h"].btts * self.periods["2h"].btts
        return {"yes": (p, 0.0), "no": (1.0 - p, 0.0)}

    # -- time windows (a Poisson process is uniform within each half) ----------------------
    def window(self, minutes: int) -> Period:
        """Counts from kick-off to `minutes` (first half is 45', second 45')."""
        cached = self._windows.get(minutes)
        if cached is not None:
            return cached
        r = self.rates
        f1 = min(minutes, 45) / 45.0
        f2 = max(0, min(minutes - 45, 45)) / 45.0
        cap = len(self.periods["1h"].home) - 1
        period = Period(
            poisson_pmf(r.home1 * f1 + r.home2 * f2, cap),
            poisson_pmf(r.away1 * f1 + r.away2 * f2, cap),
        )
        self._windows[minutes] = period
        return period

    def window_result(self, minutes: int) -> Outcomes:
        h, d, a = self.window(minutes).result
        return {"home": (h, 0.0), "draw": (d, 0.0), "away": (a, 0.0)}

    def window_total(self, minutes: int, line: float) -> Outcomes:
        per = self.window(minutes)
        return _over_under(per.p_total_le, per.p_total_eq, line)

    # -- early payout and lead markets (approximations on top of the exact ones) -----------
    def early_payout(self, lead: int) -> Outcomes:
        """1X2 that pays when a side goes `lead` goals up at any time: roughly its win
        probability plus the chance it leads by `lead` and is caught (a quarter of the leads)."""
        ft = self.periods["ft"]
        h, d, a = ft.result
        lead_h = 1.0 - ft.p_diff_le(lead - 1)
        lead_a = ft.p_diff_le(-lead)
        extra_h = max(0.0, min(1 - h, 0.35 * lead_h))
        extra_a = max(0.0, min(1 - a, 0.35 * lead_a))
        return {
            "home": (min(0.99, h + extra_h), 0.0),
            "draw": (d, 0.0),
            "away": (min(0.99, a + extra_a), 0.0),
        }

    def lead_at_any_time(self, team: str | None, margin: int) -> Outcomes:
        ft = self.periods["ft"]
        home = 1.0 - ft.p_diff_le(margin - 1)
        away = ft.p_diff_le(-margin)
        p = home if team == "home" else away if team == "away" else home + away
        p = min(0.98, p * 1.3)
        return {"yes": (p, 0.0), "no": (1.0 - p, 0.0)}


def band_key(lo: int, hi: int | None) -> str:
    if hi is None:
        return f"{lo}+"
    if lo == hi:
        return "none" if lo == 0 else str(lo)
    return f"{lo}-{hi}"


@dataclass(frozen=True, slots=True)
class MatchRates:
    goals: Rates
    corners: Rates
    bookings: Rates


class MatchModel:
    """All three count models of one match, built once and shared by every book's pricing."""

    def __init__(self, rates: MatchRates) -> None:
        self.rates = rates
        self.goals = CountModel(rates.goals, cap=7)
        self.corners = CountModel(rates.corners, cap=10)
        self.bookings = CountModel(rates.bookings, cap=6)

    def counts(self, target: str) -> CountModel:
        return {"goals": self.goals, "corners": self.corners, "bookings": self.bookings}[target]

    def main_handicap(self) -> float:
        """The Asian line nearest to even money for the home side, in quarter steps."""
        best, best_gap = 0.0, math.inf
        for q in range(-12, 13):
            line = q / 4
            home = self.goals.asian_handicap("ft", line)["home"]
            gap = abs(fair_price(home) - 2.0)
            if gap < best_gap:
                best, best_gap = line, gap
        return best
