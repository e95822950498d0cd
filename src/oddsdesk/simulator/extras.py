"""Book markets no catalogue row covers, priced from the same model.

Real books publish many markets a comparison cannot line up (goalscorers, "lead by N at any
time", SportyBet's minute totals beyond 0.5, Bet9ja's multi-scores and chance mixes). They are
here so that every detail is as deep as a real one and so that mapping has honest misses to count
as "unmapped". `tests/simulator` checks that none of them is in the catalogue.
"""

from __future__ import annotations

from oddsdesk.domain import Book
from oddsdesk.simulator.lines import fixed
from oddsdesk.simulator.model import MatchModel, Outcomes
from oddsdesk.simulator.offering import BookMarket, SimMarket, _yes

BP, SB, B9 = Book.BETPAWA, Book.SPORTYBET, Book.BET9JA
YN_SB = (("yes", "74", "Yes"), ("no", "76", "No"))
YN_SB9 = (("yes", "39", "Yes"), ("no", "40", "No"))
YN_B9 = (("yes", "Y", "Yes"), ("no", "N", "No"))
R3_SB = (("home", "1", "Home"), ("draw", "2", "Draw"), ("away", "3", "Away"))
R3_B9 = (("home", "1", "1"), ("draw", "X", "X"), ("away", "2", "2"))
FIRST_SB = (("home", "6", "Home"), ("none", "7", "None"), ("away", "8", "Away"))
PLAYER_SHARES = (0.24, 0.18, 0.14, 0.11, 0.09, 0.07, 0.06, 0.05, 0.04, 0.03, 0.02, 0.01)


def _players(m: MatchModel, first: bool) -> Outcomes:
    """Goalscorers: each squad member takes a share of the team's goal rate. Outcome keys are
    "home:3" / "away:0"; the renderer names them from the match's squads."""
    g = m.rates.goals
    rates = {"home": g.home1 + g.home2, "away": g.away1 + g.away2}
    total = sum(rates.values())
    out: Outcomes = {}
    for side, rate in rates.items():
        for i, share in enumerate(PLAYER_SHARES):
            r = rate * share
            if first:
                p = (r / total) * (1.0 - 2.718281828459045 ** (-total)) if total else 0.0
            else:
                p = 1.0 - 2.718281828459045 ** (-r)
            out[f"{side}:{i}"] = (p, 0.0)
    return out


def _first_goal_window(m: MatchModel, bounds: tuple[tuple[int, int], ...]) -> Outcomes:
    out: Outcomes = {}
    for lo, hi in bounds:
        before = m.goals.window(lo - 1).total[0] if lo > 1 else 1.0
        out[f"{lo}-{hi}"] = (before - m.goals.window(hi).total[0], 0.0)
    out["none"] = (m.goals.period("ft").total[0], 0.0)
    return out


def _three_way(m: MatchModel, line: float) -> Outcomes:
    """1X2 + both teams to score + over/under."""
    ft = m.goals.period("ft")
    out: dict[str, float] = {}
    for h, a, p in ft.cells():
        r = "1" if h > a else "X" if h == a else "2"
        gg = "GG" if h and a else "NG"
        side = "O" if h + a > line else "U"
        out[f"{r}{gg}{side}"] = out.get(f"{r}{gg}{side}", 0.0) + p
    return {k: (v, 0.0) for k, v in out.items()}


def _htft_groups(m: MatchModel, groups: dict[str, tuple[str, ...]]) -> Outcomes:
    htft = m.goals.htft()
    return {name: (sum(htft[c][0] for c in cells), 0.0) for name, cells in groups.items()}


def _dc_ht_ft() -> dict[str, tuple[str, ...]]:
    dc = {"1X": "1X", "12": "12", "X2": "X2"}
    groups = {}
    for d in dc:
        for f in ("1", "X", "2"):
            groups[f"{d}{f}"] = tuple(f"{h}/{f}" for h in d)
    return groups


def _band_result(m: MatchModel, lo: int, hi: int) -> dict[str, float]:
    res = {"1": 0.0, "X": 0.0, "2": 0.0}
    for h, a, p in m.goals.period("ft").cells():
        if lo <= h + a <= hi:
            res["1" if h > a else "X" if h == a else "2"] += p
    return res


def _dc_band(m: MatchModel, lo: int, hi: int) -> Outcomes:
    r = _band_result(m, lo, hi)
    return {
        "1X": (r["1"] + r["X"], 0.0),
        "12": (r["1"] + r["2"], 0.0),
        "X2": (r["X"] + r["2"], 0.0),
    }


def _r3_band(m: MatchModel, lo: int, hi: int) -> Outcomes:
    r = _band_result(m, lo, hi)
    return {"home": (r["1"], 0.0), "draw": (r["X"], 0.0), "away": (r["2"], 0.0)}


def _corner_exact(m: MatchModel) -> Outcomes:
    pmf = m.corners.period("ft").total
    out: Outcomes = {"LT7Corner": (sum(pmf[:7]), 0.0)}
    for n in range(7, 20):
        out[f"{n}Corner"] = (pmf[n] if n < len(pmf) else 0.0, 0.0)
    out["20PCorner"] = (max(0.0, 1.0 - sum(pmf[:20])), 0.0)
    return out


def _mcs(m: MatchModel) -> Outcomes:
    groups = {
        "0011": ((0, 0), (1, 1)),
        "223344": ((2, 2), (3, 3), (4, 4)),
        "102021": ((1, 0), (2, 0), (2, 1)),
        "010212": ((0, 1), (0, 2), (1, 2)),
        "303132": ((3, 0), (3, 1), (3, 2)),
        "031323": ((0, 3), (1, 3), (2, 3)),
        "414243": ((4, 1), (4, 2), (4, 3)),
        "142434": ((1, 4), (2, 4), (3, 4)),
    }
    ft = m.goals.period("ft")
    out = {k: (sum(ft.score(h, a) for h, a in v), 0.0) for k, v in groups.items()}
    out["4004O"] = (max(0.0, 1.0 - sum(p for p, _ in out.values())), 0.0)
    return out


def _sb(
    market: str, name: str, outcomes, lines=None, specifier=None
) -> dict[Book, tuple[BookMarket, ...]]:
    return {SB: (BookMarket(SB, market, name, tuple(outcomes), lines=lines, specifier=specifier),)}


def _b9(market: str, name: str, outcomes, lines=None) -> dict[Book, tuple[BookMarket, ...]]:
    return {B9: (BookMarket(B9, market, name, tuple(outcomes), lines=lines),)}


def _extras() -> list[SimMarket]:
    x: list[SimMarket] = []

    def add(key, price, fam, books):
        category = {
            "corners": "Corners",
            "combo": "Combos",
            "half": "Halves",
            "players": "Other",
        }.get(fam, "Specials")
        x.append(SimMarket(key, price, fam, books, canonical=False, category=category))

    add(
        "x_goalscorer_anytime",
        lambda m, _l: _players(m, False),
        "players",
        {
            BP: (BookMarket(BP, "129108", "Anytime Goalscorer", ()),),
            SB: (BookMarket(SB, "40", "Anytime Goalscorer", (), specifier="type=prematch"),),
        },
    )
    add(
        "x_goalscorer_first",
        lambda m, _l: _players(m, True),
        "players",
        _sb("38", "1st Goalscorer", (), specifier="goalnr=1|type=prematch"),
    )
    add(
        "x_goalscorer_last",
        lambda m, _l: _players(m, True),
        "players",
        _sb("39", "Last Goalscorer", (), specifier="type=prematch"),
    )
    minutes = (5, 10, 15, 20, 25, 30, 35, 40, 50, 55, 60, 65, 70, 75, 80, 85)
    for total in (1.5, 2.5, 3.5, 4.5, 5.5):
        add(
            f"x_goals_by_minute_{total}",
            lambda m, minute, t=total: m.goals.window_total(int(minute), t),
            "exotic",
            _sb(
                "900313",
                "Total Goals Over/Under from 1 to {line} minute",
                (("over", "30", f"Over {total}"), ("under", "31", f"Under {total}")),
                fixed(*[mi for mi in minutes if total <= 1.5 + mi / 16]),
                f"minute={{line}}|total={total}",
            ),
        )
    for team, ids in (
        ("any", ("60300", "60301", "60302")),
        ("home", ("60303", "60304", "60305")),
        ("away", ("60306", "60307", "60308")),
    ):
        for k, mid in enumerate(ids, start=1):
            who = {"any": "Any Team", "home": "Home Team", "away": "Away Team"}[team]
            add(
                f"x_lead_by_{team}_{k}",
                lambda m, _l, t=team, n=k: m.goals.lead_at_any_time(None if t == "any" else t, n),
                "exotic",
                _sb(mid, f"{who} to lead by {k} Goal{'s' if k > 1 else ''} at any time", YN_SB),
            )
    add(
        "x_first_goal_1h",
        lambda m, _l: m.goals.first_to_score("1h"),
        "half",
        {
            SB: (BookMarket(SB, "62", "1st Half - 1st Goal", FIRST_SB, fixed(1), "goalnr={line}"),),
            B9: (
                BookMarket(
                    B9,
                    "S_1STGHT",
                    "Half 1st Goal",
                    (("home", "1", "1"), ("none", "NG", "No Goal"), ("away", "2", "2")),
                ),
            ),
        },
    )
    add(
        "x_first_goal_2h",
        lambda m, _l: m.goals.first_to_score("2h"),
        "half",
        {SB: (BookMarket(SB, "84", "2nd Half - 1st Goal", FIRST_SB, fixed(1), "goalnr={line}"),)},
    )
    bounds10 = tuple((lo, lo + 9) for lo in range(1, 90, 10))
    add(
        "x_first_goal_10min",
        lambda m, _l: _first_goal_window(m, bounds10),
        "exotic",
        _sb(
            "101",
            "When will the {line}st goal be scored (10 min interval)",
            [
                *[
                    (f"{lo}-{hi}", str(598 + 2 * i), f"{lo}-{hi}")
                    for i, (lo, hi) in enumerate(bounds10)
                ],
                ("none", "616", "None"),
            ],
            fixed(1),
            "goalnr={line}",
        ),
    )
    bounds15 = tuple((lo, lo + 14) for lo in range(1, 90, 15))
    add(
        "x_first_goal_15min",
        lambda m, _l: _first_goal_window(m, bounds15),
        "exotic",
        _sb(
            "100",
            "When will the {line}st goal be scored (15 min interval)",
            [
                *[
                    (f"{lo}-{hi}", str(584 + 2 * i), f"{lo}-{hi}")
                    for i, (lo, hi) in enumerate(bounds15)
                ],
                ("none", "596", "None"),
            ],
            fixed(1),
            "goalnr={line}",
        ),
    )
    for team, mid in (("home", "900032"), ("away", "900031")):
        add(
            f"x_{team}_odd_even_1h",
            lambda m, _l, t=team: m.goals.odd_even("1h", t),
            "half",
            _sb(
                mid,
                f"Half-time {team.capitalize()} Team Total Goals Odd or Even",
                (("even", "32", "Even"), ("odd", "33", "Odd")),
            ),
        )
    for team, mid, lines in (
        ("home", "900302", fixed(0.5, 1.5, 2.5, 3.5, 4.5, 5.5)),
        ("away", "900303", fixed(0.5, 1.5, 2.5, 3.5, 4.5)),
    ):
        add(
            f"x_{team}_corners_1h",
            lambda m, line, t=team: m.corners.total("1h", line, t),
            "corners",
            _sb(
                mid,
                f"1st Half {team.capitalize()} Team Corners",
                (("over", "30", "Over {line}"), ("under", "31", "Under {line}")),
                lines,
                "total={line}",
            ),
        )
    # Bet9ja's own combinations.
    for line in (1.5, 2.5, 3.5):
        codes = (
            "1GGO",
            "1GGU",
            "1NGO",
            "1NGU",
            "XGGO",
            "XGGU",
            "XNGU",
            "2GGO",
            "2GGU",
            "2NGO",
            "2NGU",
        )
        sfx = {"1NGO": "1NGOV", "2NGO": "2NGOV"}
        add(
            f"x_3combo_{line}",
            lambda m, _l, ln=line: _three_way(m, ln),
            "combo",
            {
                B9: (
                    BookMarket(
                        B9,
                        "S_3COMBO1",
                        "1X2 + Goal/No Goal + Over/Under",
                        tuple(
                            (
                                c,
                                sfx.get(c, c),
                                " + ".join((c[0], c[1:3], "Over" if c.endswith("O") else "Under")),
                            )
                            for c in codes
                        ),
                        fixed(line),
                    ),
                )
            },
        )
    add(
        "x_multi_cs",
        lambda m, _l: _mcs(m),
        "exotic",
        _b9(
            "S_MCS3",
            "Multi C.Score (1)",
            [
                (k, k, k)
                for k in (
                    "0011",
                    "223344",
                    "102021",
                    "010212",
                    "303132",
                    "031323",
                    "414243",
                    "142434",
                    "4004O",
                )
            ],
        ),
    )
    add(
        "x_corner_exact",
        lambda m, _l: _corner_exact(m),
        "corners",
        _b9(
            "S_NCORN",
            "Number Corner",
            [
                ("LT7Corner", "LT7Corner", "< 7 Corner"),
                *[(f"{n}Corner", f"{n}Corner", f"{n} Corner") for n in range(7, 20)],
                ("20PCorner", "20PCorner", "20+ Corner"),
            ],
        ),
    )
    dc_ht_ft = _dc_ht_ft()
    add(
        "x_dc_ht_1x2_ft",
        lambda m, _l: _htft_groups(m, dc_ht_ft),
        "exotic",
        _b9("S_DCH1X2FT", "Double Chance Half Time/1X2 Full Time", [(k, k, k) for k in dc_ht_ft]),
    )
    add(
        "x_least_one_half_draw",
        lambda m, _l: _yes(
            1 - (1 - m.goals.period("1h").result[1]) * (1 - m.goals.period("2h").result[1])
        ),
        "exotic",
        _b9("S_LEASTX", "At Least a Half X", YN_B9),
    )
    for lo, hi in ((1, 2), (1, 3), (1, 4), (1, 5), (2, 3), (2, 4), (2, 5), (3, 4), (3, 5), (4, 5)):
        add(
            f"x_dc_multi_{lo}{hi}",
            lambda m, _l, a=lo, b=hi: _dc_band(m, a, b),
            "combo",
            _b9(
                f"S_DCMULTI{lo}-{hi}",
                f"DC + Multi Goal {lo}-{hi}",
                (("1X", "1X", "1X"), ("12", "12", "12"), ("X2", "X2", "X2")),
            ),
        )
        add(
            f"x_1x2_multi_{lo}{hi}",
            lambda m, _l, a=lo, b=hi: _r3_band(m, a, b),
            "combo",
            _b9(f"S_1X2MULTI{lo}-{hi}", f"1X2 + Multi Goal {lo}-{hi}", R3_B9),
        )
    add(
        "x_corners_1x2_2h",
        lambda m, _l: m.corners.result("2h"),
        "corners",
        _b9("S_1X2C2HT", "2nd Half - 1X2 Corner", R3_B9),
    )
    add(
        "x_corners_ou_2h",
        lambda m, line: m.corners.total("2h", line),
        "corners",
        _b9(
            "S_C2HTOU",
            "2nd Half - Corner Over/Under",
            (("over", "O", "Over"), ("under", "U", "Under")),
            fixed(4.5, 5.5),
        ),
    )
    add(
        "x_corner_half",
        lambda m, _l: m.corners.highest_scoring_half(),
        "corners",
        _b9(
            "S_HALFCORNER",
            "Half Most Corner",
            (("1st", "1", "1"), ("equal", "X", "X"), ("2nd", "2", "2")),
        ),
    )
    add(
        "x_corner_10min",
        lambda m, _l: _yes(1.0 - m.corners.window(10).total[0]),
        "corners",
        _b9("S_CORN10", "Corner 10 Minutes", (("yes", "YC10MIN", "Yes"), ("no", "NC10MIN", "No"))),
    )
    htft_dc = {f"{a}{b}": (a, b) for a in ("1X", "12", "X2") for b in ("1X", "12", "X2")}
    add(
        "x_dc_ht_dc_ft",
        lambda m, _l: _htft_groups(
            m, {k: tuple(f"{h}/{f}" for h in a for f in b) for k, (a, b) in htft_dc.items()}
        ),
        "exotic",
        _b9(
            "S_DCHTFT",
            "Double Chance Half Time/Full Time",
            [(k, k, f"{a}/{b}") for k, (a, b) in htft_dc.items()],
        ),
    )
    ht_dc = {f"{a}{b}": (a, b) for a in "1X2" for b in ("1X", "12", "X2")}
    add(
        "x_ht_dc_ft",
        lambda m, _l: _htft_groups(
            m, {k: tuple(f"{a}/{f}" for f in b) for k, (a, b) in ht_dc.items()}
        ),
        "exotic",
        _b9(
            "S_1X2HDCFT",
            "1X2 Half Time/Double Chance Full Time",
            [(k, k, f"{a}/{b}") for k, (a, b) in ht_dc.items()],
        ),
    )
    add(
        "x_corners_htft",
        lambda m, _l: {k.replace("/", ""): v for k, v in m.corners.htft().items()},
        "corners",
        _b9(
            "S_CORNERHTFT",
            "Corners HT/FT",
            [(f"{a}{b}", f"{a}{b}", f"{a}/{b}") for a in "1X2" for b in "1X2"],
        ),
    )
    add(
        "x_corner_handicap_3way",
        lambda m, line: m.corners.european_handicap("ft", int(line)),
        "corners",
        _b9(
            "S_HNDCORNER",
            "Corners - Handicap",
            (("home", "1H", "1"), ("draw", "XH", "X"), ("away", "2H", "2")),
            fixed(-2, -1),
        ),
    )
    for period, key, name in (
        ("1h", "S_CHH", "Corner Handicap HT"),
        ("2h", "S_CH2", "Corner Handicap 2HT"),
    ):
        add(
            f"x_corner_handicap_3way_{period}",
            lambda m, line, p=period: m.corners.european_handicap(p, int(line)),
            "corners",
            _b9(key, name, R3_B9, fixed(-1)),
        )
    add(
        "x_corner_asian_2h",
        lambda m, line: m.corners.asian_handicap("2h", line),
        "corners",
        _b9(
            "S_CAH2",
            "Corner Asian Handicap 2HT",
            (("home", "1", "1"), ("away", "2", "2")),
            fixed(-1.5, -0.5, 0.5),
        ),
    )
    for team, key in (("home", "S_1STGHTH"), ("away", "S_1STGHTA")):
        add(
            f"x_first_goal_half_{team}",
            lambda m, _l, t=team: _first_goal_half(m, t),
            "exotic",
            _b9(
                key,
                f"Half 1st Goal {team.capitalize()}",
                (("1", "1", "1"), ("none", "NG", "No Goal"), ("2", "2", "2")),
            ),
        )
    return x


def _first_goal_half(m: MatchModel, team: str) -> Outcomes:
    """In which half a team scores its first goal."""
    first, second = m.goals.period("1h"), m.goals.period("2h")
    none1 = first.home[0] if team == "home" else first.away[0]
    none2 = second.home[0] if team == "home" else second.away[0]
    return {"1": (1 - none1, 0.0), "2": (none1 * (1 - none2), 0.0), "none": (none1 * none2, 0.0)}


EXTRAS: tuple[SimMarket, ...] = tuple(_extras())
