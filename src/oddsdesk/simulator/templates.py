"""What the books offer: every simulated market, with its meaning and its form on each book.

A `MarketDef` pairs a price function of the match model (the meaning) with up to three book
forms (BetPawa market type, SportyBet market id, Bet9ja key prefix), each with that book's own
outcome codes, labels, order and lines, taken from the real captures. The market catalogue
decides which of these the canonical layer knows; defs marked `canonical=False` are markets no
catalogue row covers, so the mapping's "unmapped" path has real work to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from oddsdesk.simulator.lines import Lines, fixed
from oddsdesk.simulator.model import MatchModel, Outcomes

PriceFn = Callable[[MatchModel, float | None], Outcomes]
Out = tuple[str, str, str]  # (model outcome key, book code, book label)


@dataclass(frozen=True, slots=True)
class BetPawaForm:
    id: str
    name: str
    display: str
    outcomes: tuple[Out, ...]  # code = price `name`, label = `displayName`
    handicap_type: str = ""  # "", NORMAL, ASIAN, EUROPEAN, NUMBER_SPECIFIER
    lines: Lines | None = None
    per_row: int = 0  # lineless markets spread over rows of this many prices
    tabs: tuple[str, ...] = ("all",)
    priority: int = 500


@dataclass(frozen=True, slots=True)
class SportyForm:
    id: str
    desc: str  # may use {line} {home} {away}
    name: str
    group: str
    outcomes: tuple[Out, ...]  # code = outcome `id`, label = `desc` template
    spec: str | None = None  # specifier template: "total={line}", "hcp={hcp}", or fixed text
    lines: Lines | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Bet9jaForm:
    key: str
    ds: str
    outcomes: tuple[Out, ...]  # code = key suffix, label = SGN
    lines: Lines | None = None
    gcat: str = "OTHER"
    cnt: str = "GR"
    marketid: str = "0"


@dataclass(frozen=True, slots=True)
class MarketDef:
    key: str
    price: PriceFn
    family: str  # margin family: main, lines, half, combo, exotic, corners, players
    betpawa: BetPawaForm | None = None
    sportybet: SportyForm | None = None
    bet9ja: Bet9jaForm | None = None
    core: bool = False
    canonical: bool = True
    # model outcome → (canonical market, canonical outcome) when one book market carries several
    # canonical markets (Bet9ja's combined home/away totals).
    split: dict[str, tuple[str, str]] = field(default_factory=dict)


# -- outcome sets -----------------------------------------------------------------------------
R3 = ("home", "draw", "away")
YN = ("yes", "no")
OU = ("over", "under")


def _o(keys, codes, labels=None) -> tuple[Out, ...]:
    labels = labels if labels is not None else codes
    return tuple(zip(keys, codes, labels, strict=True))


BP_R3 = _o(R3, ("1", "X", "2"))
BP_YN = _o(YN, ("Yes", "No"))
BP_OU = _o(OU, ("Over", "Under"), ("Over {formattedHandicap}", "Under {formattedHandicap}"))
BP_DC = _o(("home_draw", "draw_away", "home_away"), ("1X", "X2", "12"))
BP_2W = _o(("home", "away"), ("1", "2"))
BP_OE = _o(("odd", "even"), ("Odd", "Even"))
BP_HALF = _o(("1st", "2nd", "equal"), ("First Half", "Second Half", "Equal"))
SB_R3 = _o(R3, ("1", "2", "3"), ("Home", "Draw", "Away"))
SB_YN = _o(YN, ("74", "76"), ("Yes", "No"))
SB_YN9 = _o(YN, ("39", "40"), ("Yes", "No"))
SB_OU = _o(OU, ("12", "13"), ("Over {line}", "Under {line}"))
SB_OU30 = _o(OU, ("30", "31"), ("Over {line}", "Under {line}"))
SB_DC = _o(
    ("home_draw", "home_away", "draw_away"),
    ("9", "10", "11"),
    ("Home or Draw", "Home or Away", "Draw or Away"),
)
SB_DNB = _o(("home", "away"), ("4", "5"), ("Home", "Away"))
SB_AH = _o(("home", "away"), ("1714", "1715"), ("Home ({hh})", "Away ({ha})"))
SB_EH = _o(R3, ("1711", "1712", "1713"), ("Home ({hcp})", "Draw ({hcp})", "Away ({hcp})"))
SB_OE = _o(("odd", "even"), ("70", "72"), ("Odd", "Even"))
SB_HALF = _o(("1st", "2nd", "equal"), ("436", "438", "440"), ("1st half", "2nd half", "Equal"))
SB_FIRST = _o(("home", "none", "away"), ("6", "7", "8"), ("Home", "None", "Away"))
B9_R3 = _o(R3, ("1", "X", "2"))
B9_YN = _o(YN, ("Y", "N"))
B9_OU = _o(OU, ("O", "U"), ("Over", "Under"))
B9_DC = _o(("home_draw", "home_away", "draw_away"), ("1X", "12", "X2"))
B9_2W = _o(("home", "away"), ("1", "2"))
B9_OE = _o(("odd", "even"), ("OD", "EV"))
B9_HALF = _o(("1st", "equal", "2nd"), ("1", "E", "2"), ("1st", "Tie", "2nd"))

SB_MAIN, SB_GOALS, SB_HALF_G, SB_COMBO, SB_CORNERS, SB_MINUTES, SB_PLAYERS = (
    "Main",
    "Goals",
    "Half",
    "Combo",
    "Corners",
    "Minutes",
    "Players",
)

PERIOD_BP = {"ft": "FT", "1h": "1H", "2h": "2H"}
PERIOD_TEXT = {"ft": "Full Time", "1h": "First Half", "2h": "Second Half"}

# -- lines --------------------------------------------------------------------------------------
BP_TOTALS = fixed(0.5, 1.5, 2.5, 3.5, 4.5, 5.5)
SB_TOTALS = fixed(0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5)
B9_TOTALS = fixed(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5)
B9_ASIAN_TOTALS = fixed(
    0.75, 1, 1.25, 1.75, 2, 2.25, 2.75, 3, 3.25, 3.75, 4, 4.25, 4.75, 5, 5.25, 5.75
)
HALF_TOTALS = fixed(0.5, 1.5, 2.5)
SB_HALF_TOTALS = fixed(0.5, 1, 1.5, 2, 2.5, 3)
TEAM_TOTALS = fixed(0.5, 1.5, 2.5)
SB_TEAM_TOTALS = fixed(0.5, 1.5, 2.5, 3.5)
COMBO_TOTALS = fixed(1.5, 2.5, 3.5, 4.5)
BP_AH_LINES = Lines("half", count=4)
BP_AH_HALF_LINES = Lines("half", count=2)
SB_AH_LINES = Lines("whole_half", span=1.5)
SB_AH_HALF_LINES = Lines("whole_half", span=0.5)
B9_AH_LINES = Lines("quarter", span=0.25)
BP_EH_LINES = fixed(-2, -1, 1, 2)
SB_EH_LINES = fixed(-1, -2, -3, 1, 2)
SB_EH_HALF_LINES = fixed(-1, -2, 1)
B9_EH_LINES = fixed(-1, 1)

CS_FT = [(h, a) for h in range(5) for a in range(5)]
CS_HALF = [(0, 0), (1, 0), (0, 1), (1, 1), (2, 0), (0, 2), (2, 1), (1, 2), (2, 2)]


def _cs_key(h: int, a: int) -> str:
    return f"{h}:{a}"


def correct_score_def(
    period: str, bp_id: str, sb_id: str, b9_key: str, scores, core=False
) -> MarketDef:
    keys = [_cs_key(h, a) for h, a in scores]
    bp_scores = ["other", *keys]
    bp = BetPawaForm(
        bp_id,
        f"Correct Score - {PERIOD_BP[period]}",
        f"Correct Score | {PERIOD_TEXT[period]}",
        tuple(
            (
                k,
                "Other" if k == "other" else k.replace(":", "-"),
                "Other" if k == "other" else k.replace(":", "-"),
            )
            for k in bp_scores
        ),
        per_row=2,
        tabs=("goals", "all"),
        priority=120,
    )
    sb_base = {"ft": 274, "1h": 462, "2h": 546}[period]
    sb = SportyForm(
        sb_id,
        "Correct Score"
        if period == "ft"
        else f"{'1st' if period == '1h' else '2nd'} Half - Correct Score",
        "Correct Score",
        SB_MAIN if period == "ft" else SB_HALF_G,
        tuple(
            (k, str(sb_base + 2 * i), "Other" if k == "other" else k)
            for i, k in enumerate([*keys, "other"])
        ),
    )
    b9 = Bet9jaForm(
        b9_key,
        "Correct Score"
        if period == "ft"
        else f"{'1st' if period == '1h' else '2nd'} Half - Correct Score",
        tuple(
            (k, "OTH" if k == "other" else k, "Any Other Score" if k == "other" else k)
            for k in [*keys, "other"]
        ),
        gcat="POPULAR" if period == "ft" else ("HT" if period == "1h" else "2T"),
        marketid="306",
    )
    return MarketDef(
        f"correct_score_{period}",
        lambda m, _l, s=tuple(scores), p=period: m.goals.correct_score(p, s),
        "exotic",
        bp,
        sb,
        b9,
        core=core,
    )


def _period_defs(period: str) -> list[MarketDef]:
    """1X2, double chance, BTTS, draw no bet, odd/even, totals, handicaps for one period."""
    P, T = PERIOD_BP[period], PERIOD_TEXT[period]
    ft = period == "ft"
    sb_prefix = "" if ft else ("1st Half - " if period == "1h" else "2nd Half - ")
    b9_sfx = "" if ft else ("1T" if period == "1h" else "2T")
    b9_ds = "" if ft else ("1st Half - " if period == "1h" else "2nd Half - ")
    b9_cat = "POPULAR" if ft else ("HT" if period == "1h" else "2T")
    fam = "main" if ft else "half"
    ids = {
        "ft": {
            "r": "3743",
            "dc": "4693",
            "btts": "3795",
            "dnb": "4703",
            "oe": "4833",
            "ou": "5000",
            "ah": "3774",
            "eh": "4724",
        },
        "1h": {
            "r": "3668",
            "dc": "4673",
            "btts": "3789",
            "dnb": "4697",
            "oe": "4794",
            "ou": "4958",
            "ah": "3747",
            "eh": "4716",
        },
        "2h": {
            "r": "3685",
            "dc": "4681",
            "btts": "3792",
            "dnb": "4700",
            "oe": "4809",
            "ou": "4976",
            "ah": "3756",
            "eh": "4720",
        },
    }[period]
    sb = {
        "ft": {
            "r": "1",
            "dc": "10",
            "btts": "29",
            "dnb": "11",
            "oe": "26",
            "ou": "18",
            "ah": "16",
            "eh": "14",
        },
        "1h": {
            "r": "60",
            "dc": "63",
            "btts": "75",
            "dnb": "64",
            "oe": "74",
            "ou": "68",
            "ah": "66",
            "eh": "65",
        },
        "2h": {
            "r": "83",
            "dc": "85",
            "btts": "95",
            "dnb": "86",
            "oe": "94",
            "ou": "90",
            "ah": "88",
            "eh": "87",
        },
    }[period]
    b9_eh = {"ft": "S_1X2HND", "1h": "S_1X2HNDHT", "2h": "S_1X2HND2TN"}[period]
    b9_eh_out = _o(R3, ("1H", "XH", "2H")) if ft else B9_R3
    defs = [
        MarketDef(
            f"1x2_{period}",
            lambda m, _l, p=period: m.goals.result(p),
            fam,
            BetPawaForm(
                ids["r"],
                f"1X2 - {P}",
                f"1X2 | {T}",
                BP_R3,
                tabs=("popular", "all"),
                priority=1 if ft else 75,
            ),
            SportyForm(
                sb["r"],
                f"{sb_prefix}1X2",
                f"{sb_prefix}1X2",
                SB_MAIN if ft else SB_HALF_G,
                SB_R3,
                title="1,X,2" if ft else "",
            ),
            Bet9jaForm(
                f"S_1X2{b9_sfx}", f"{b9_ds}1X2", B9_R3, gcat=b9_cat, marketid="1" if ft else "101"
            ),
            core=period in ("ft", "1h"),
        ),
        MarketDef(
            f"double_chance_{period}",
            lambda m, _l, p=period: m.goals.double_chance(p),
            fam,
            BetPawaForm(
                ids["dc"],
                f"Double Chance - {P}",
                f"Double Chance | {T}",
                BP_DC,
                tabs=("popular", "all"),
                priority=20 if ft else 300,
            ),
            SportyForm(
                sb["dc"],
                f"{sb_prefix}Double Chance",
                f"{sb_prefix}Double Chance",
                SB_MAIN if ft else SB_HALF_G,
                SB_DC,
                title="1X,12,X2",
            ),
            Bet9jaForm(
                f"S_DC{b9_sfx}",
                f"{b9_ds}Double Chance",
                B9_DC,
                gcat=b9_cat,
                marketid="2" if ft else "102",
            ),
            core=ft,
        ),
        MarketDef(
            f"btts_{period}",
            lambda m, _l, p=period: m.goals.btts(p),
            fam,
            BetPawaForm(
                ids["btts"],
                f"Both Teams To Score - {P}",
                f"Both Teams To Score | {T}",
                BP_YN,
                tabs=("goals", "popular", "all"),
                priority=30 if ft else 320,
            ),
            SportyForm(
                sb["btts"],
                f"{sb_prefix}GG/NG",
                f"{sb_prefix}GG/NG",
                SB_MAIN if ft else SB_GOALS,
                SB_YN,
                title="GG,NG" if ft else "",
            ),
            Bet9jaForm(
                f"S_GGNG{b9_sfx}",
                f"{b9_ds}Goal/No Goal",
                B9_YN,
                gcat=b9_cat,
                marketid="3" if ft else "103",
            ),
            core=ft,
        ),
        MarketDef(
            f"draw_no_bet_{period}",
            lambda m, _l, p=period: m.goals.draw_no_bet(p),
            fam,
            BetPawaForm(
                ids["dnb"],
                f"Draw No Bet - {P}",
                f"Draw No Bet | {T}",
                BP_2W,
                tabs=("specials", "all"),
                priority=111,
            ),
            SportyForm(
                sb["dnb"],
                f"{sb_prefix}Draw No Bet",
                f"{sb_prefix}Draw No Bet",
                SB_MAIN if ft else SB_HALF_G,
                SB_DNB,
                title="1,2",
            ),
            Bet9jaForm(
                f"S_DNB{b9_sfx}",
                f"{b9_ds}Draw No Bet",
                B9_2W,
                gcat=b9_cat,
                marketid="4" if ft else "104",
            ),
            core=ft,
        ),
        MarketDef(
            f"odd_even_{period}",
            lambda m, _l, p=period: m.goals.odd_even(p),
            fam,
            BetPawaForm(
                ids["oe"],
                f"Odd / Even - {P}",
                f"Odd/Even | {T}",
                BP_OE,
                tabs=("specials", "all"),
                priority=180,
            ),
            SportyForm(
                sb["oe"],
                f"{sb_prefix}Odd/Even",
                f"{sb_prefix}Odd/Even",
                SB_MAIN if ft else SB_GOALS,
                SB_OE,
                title="Odd,Even",
            ),
            Bet9jaForm(
                f"S_OE{b9_sfx}",
                f"{b9_ds}Odd/Even",
                B9_OE,
                gcat=b9_cat,
                cnt="G",
                marketid="5" if ft else "105",
            ),
        ),
        MarketDef(
            f"over_under_{period}",
            lambda m, line, p=period: m.goals.total(p, line),
            "lines" if ft else "half",
            BetPawaForm(
                ids["ou"],
                f"Total Score Over/Under - {P}",
                f"Over/Under | {T}",
                BP_OU,
                "NORMAL",
                BP_TOTALS if ft else HALF_TOTALS,
                tabs=("goals", "popular", "all"),
                priority=40 if ft else 78,
            ),
            SportyForm(
                sb["ou"],
                f"{sb_prefix}Over/Under",
                f"{sb_prefix}Over/Under",
                SB_MAIN if ft else SB_HALF_G,
                SB_OU,
                "total={line}",
                SB_TOTALS if ft else SB_HALF_TOTALS,
                title="Goals,Over,Under",
            ),
            Bet9jaForm(
                f"S_OU{b9_sfx}",
                f"{b9_ds}Over/Under",
                B9_OU,
                B9_TOTALS if ft else HALF_TOTALS,
                gcat=b9_cat,
                cnt="G",
                marketid="6" if ft else "106",
            ),
            core=period in ("ft", "1h"),
        ),
        MarketDef(
            f"asian_handicap_{period}",
            lambda m, line, p=period: m.goals.asian_handicap(p, line),
            "lines" if ft else "half",
            BetPawaForm(
                ids["ah"],
                f"Asian Handicap - {P}",
                f"2-Way Handicap | {T}",
                _o(("home", "away"), ("1", "2"), ("{formattedHandicap}", "{formattedHandicap}")),
                "ASIAN",
                BP_AH_LINES if ft else BP_AH_HALF_LINES,
                tabs=("specials", "all"),
                priority=105,
            ),
            SportyForm(
                sb["ah"],
                f"{sb_prefix}Asian Handicap {{hcp}}" if ft else f"{sb_prefix}Asian Handicap",
                "Handicap",
                SB_MAIN if ft else SB_HALF_G,
                SB_AH,
                "hcp={hcp}",
                SB_AH_LINES if ft else SB_AH_HALF_LINES,
                title="1,2" if ft else "",
            ),
            Bet9jaForm(
                "S_AH",
                "Asian Handicap",
                B9_2W,
                B9_AH_LINES,
                gcat="POPULAR",
                cnt="G",
                marketid="14697",
            )
            if ft
            else None,
            core=ft,
        ),
        MarketDef(
            f"handicap_3way_{period}",
            lambda m, line, p=period: m.goals.european_handicap(p, int(line)),
            "lines" if ft else "half",
            BetPawaForm(
                ids["eh"],
                f"Handicap 1X2 - {P}",
                f"3-Way Handicap | {T}",
                _o(R3, ("1", "X", "2"), ("{formattedHandicap}",) * 3),
                "EUROPEAN",
                BP_EH_LINES,
                tabs=("popular", "all"),
                priority=65,
            ),
            SportyForm(
                sb["eh"],
                f"{sb_prefix}Handicap {{hcp}}",
                f"{sb_prefix}Handicap",
                SB_MAIN if ft else SB_HALF_G,
                SB_EH,
                "hcp={hcp}",
                SB_EH_LINES if ft else SB_EH_HALF_LINES,
                title="Handicap,1,X,2" if ft else "",
            ),
            Bet9jaForm(
                b9_eh,
                f"{b9_ds}Handicap",
                b9_eh_out,
                B9_EH_LINES,
                gcat=b9_cat,
                cnt="G",
                marketid="13" if ft else "113",
            ),
        ),
    ]
    return defs


def _team_defs() -> list[MarketDef]:
    defs: list[MarketDef] = []
    for team, bp_ou, sb_ou, bp_cs, sb_cs, b9_cs, bp_wtn, sb_wtn, b9_wtn, bp_oe, sb_oe, b9_oe in (
        (
            "home",
            "5006",
            "19",
            "3816",
            "31",
            "S_CLEANSH",
            "5051",
            "33",
            "S_HOMEWINNIL",
            "4842",
            "27",
            "S_OEHOME",
        ),
        (
            "away",
            "5003",
            "20",
            "3807",
            "32",
            "S_CLEANSA",
            "5042",
            "34",
            "S_AWAYWINNIL",
            "4836",
            "28",
            "S_OEAWAY",
        ),
    ):
        T = team.capitalize()
        who = "{home}" if team == "home" else "{away}"
        defs += [
            MarketDef(
                f"{team}_over_under_ft",
                lambda m, line, t=team: m.goals.total("ft", line, t),
                "lines",
                BetPawaForm(
                    bp_ou,
                    f"Total Score Over/Under - FT - {T} Team",
                    f"{T} Team Over/Under | Full Time",
                    BP_OU,
                    "NORMAL",
                    TEAM_TOTALS,
                    tabs=("goals", "popular", "all"),
                    priority=50 if team == "home" else 60,
                ),
                SportyForm(
                    sb_ou,
                    f"{who} Over/Under",
                    f"{T} O/U",
                    SB_GOALS,
                    SB_OU,
                    "total={line}",
                    SB_TEAM_TOTALS,
                ),
            ),
            MarketDef(
                f"{team}_clean_sheet_ft",
                lambda m, _l, t=team: m.goals.clean_sheet("ft", t),
                "main",
                BetPawaForm(
                    bp_cs,
                    f"Clean Sheet {T} Team - FT",
                    f"{T} Clean Sheet | Full Time",
                    BP_YN,
                    tabs=("goals", "all"),
                    priority=130,
                ),
                SportyForm(
                    sb_cs, f"{T} Team Clean Sheet", f"{T} Team Clean Sheet", SB_GOALS, SB_YN
                ),
                Bet9jaForm(b9_cs, f"Clean Sheet {T}", B9_YN, gcat="HOMEAWAY"),
            ),
            MarketDef(
                f"{team}_win_to_nil_ft",
                lambda m, _l, t=team: m.goals.win_to_nil("ft", t),
                "main",
                BetPawaForm(
                    bp_wtn,
                    f"Win to Nil {T} Team - FT",
                    f"{T} Win to Nil | Full Time",
                    BP_YN,
                    tabs=("specials", "goals", "all"),
                    priority=670,
                ),
                SportyForm(
                    sb_wtn, f"{T} Team to Win to Nil", f"{T} Team Win To Nil", SB_COMBO, SB_YN
                ),
                Bet9jaForm(b9_wtn, f"{T} Win to Nil", B9_YN, gcat="HOMEAWAY"),
            ),
            MarketDef(
                f"{team}_odd_even_ft",
                lambda m, _l, t=team: m.goals.odd_even("ft", t),
                "main",
                BetPawaForm(
                    bp_oe,
                    f"Odd / Even - FT - {T} Team",
                    f"{T} Odd/Even | Full Time",
                    BP_OE,
                    tabs=("specials", "all"),
                    priority=183,
                ),
                SportyForm(
                    sb_oe,
                    f"{T} Team Odd/Even",
                    f"{T} Team Odd/Even",
                    SB_GOALS,
                    SB_OE,
                    title="Odd,Even",
                ),
                Bet9jaForm(b9_oe, f"Odd/Even - {T}", B9_OE, gcat="HOMEAWAY", cnt="G"),
            ),
        ]
        for period, bp_id, sb_id in (
            ("1h", "3810" if team == "home" else "3801", "76" if team == "home" else "77"),
            ("2h", "3813" if team == "home" else "3804", "96" if team == "home" else "97"),
        ):
            defs.append(
                MarketDef(
                    f"{team}_clean_sheet_{period}",
                    lambda m, _l, t=team, p=period: m.goals.clean_sheet(p, t),
                    "half",
                    BetPawaForm(
                        bp_id,
                        f"Clean Sheet {T} Team - {PERIOD_BP[period]}",
                        f"{T} Clean Sheet | {PERIOD_TEXT[period]}",
                        BP_YN,
                        tabs=("halves", "all"),
                        priority=420,
                    ),
                    SportyForm(
                        sb_id,
                        f"{'1st' if period == '1h' else '2nd'} Half - {T} Team Clean Sheet",
                        f"{'1st' if period == '1h' else '2nd'} Half - {T} Clean Sheet",
                        SB_GOALS,
                        SB_YN,
                    ),
                )
            )
        for period, sb_id, bp_id in (
            ("1h", "69" if team == "home" else "70", "4964" if team == "home" else "4961"),
            ("2h", "91" if team == "home" else "92", "4982" if team == "home" else "4979"),
        ):
            half = "1st half" if period == "1h" else "2nd Half"
            defs.append(
                MarketDef(
                    f"{team}_over_under_{period}",
                    lambda m, line, t=team, p=period: m.goals.total(p, line, t),
                    "half",
                    BetPawaForm(
                        bp_id,
                        f"Total Score Over/Under - {PERIOD_BP[period]} - {T} Team",
                        f"{T} Team Over/Under | {PERIOD_TEXT[period]}",
                        BP_OU,
                        "NORMAL",
                        fixed(0.5, 1.5),
                        tabs=("halves", "goals", "all"),
                        priority=470,
                    ),
                    SportyForm(
                        sb_id,
                        f"{half} - {who} Over/Under",
                        f"{half} - {T} O/U",
                        SB_GOALS,
                        SB_OU,
                        "total={line}",
                        fixed(0.5, 1.5, 2.5),
                    ),
                )
            )
    # Bet9ja prices the home and away totals of a period in one market with four suffixes.
    for period, key, codes, lines in (
        ("ft", "S_HAOU", ("OH", "UH", "OA", "UA"), TEAM_TOTALS),
        ("1h", "S_HA1HOU", ("HO", "HU", "AO", "AU"), fixed(0.5, 1.5)),
        ("2h", "S_HA2HOU", ("HO", "HU", "AO", "AU"), fixed(0.5, 1.5)),
    ):
        keys = ("home_over", "home_under", "away_over", "away_under")
        defs.append(
            MarketDef(
                f"home_away_over_under_{period}",
                lambda m, line, p=period: {
                    **{f"home_{k}": v for k, v in m.goals.total(p, line, "home").items()},
                    **{f"away_{k}": v for k, v in m.goals.total(p, line, "away").items()},
                },
                "lines" if period == "ft" else "half",
                bet9ja=Bet9jaForm(
                    key,
                    "Home/Away - Over/Under"
                    if period == "ft"
                    else f"{'1st' if period == '1h' else '2nd'} Half - Home/Away Over/Under",
                    _o(keys, codes, ("Home Over", "Home Under", "Away Over", "Away Under")),
                    lines,
                    gcat="HOMEAWAY" if period == "ft" else ("HT" if period == "1h" else "2T"),
                    cnt="G",
                ),
                split={
                    k: (f"{k.split('_')[0]}_over_under_{period}", k.split("_")[1]) for k in keys
                },
            )
        )
    return defs


def _halves_defs() -> list[MarketDef]:
    defs = [
        MarketDef(
            "htft",
            lambda m, _l: m.goals.htft(),
            "exotic",
            BetPawaForm(
                "4706",
                "HT / FT",
                "Half Time/Full Time",
                _o(
                    [f"{a}/{b}" for a in "1X2" for b in "1X2"],
                    [f"{a}/{b}" for a in "1X2" for b in "1X2"],
                ),
                per_row=3,
                tabs=("halves", "popular", "all"),
                priority=64,
            ),
            SportyForm(
                "47",
                "Half Time/Full Time",
                "Halftime/Fulltime",
                SB_MAIN,
                _o(
                    [f"{a}/{b}" for a in "1X2" for b in "1X2"],
                    [str(418 + 2 * i) for i in range(9)],
                    [
                        f"{x}/{y}"
                        for x in ("Home", "Draw", "Away")
                        for y in ("Home", "Draw", "Away")
                    ],
                ),
            ),
            Bet9jaForm(
                "S_HTFT",
                "Half-Time/Full-Time",
                _o(
                    [f"{a}/{b}" for a in "1X2" for b in "1X2"],
                    [f"{a}/{b}" for a in "1X2" for b in "1X2"],
                ),
                gcat="POPULAR",
            ),
        ),
        MarketDef(
            "highest_scoring_half",
            lambda m, _l: m.goals.highest_scoring_half(),
            "main",
            BetPawaForm(
                "4728",
                "Half More Goals - Total",
                "Highest Scoring Half",
                BP_HALF,
                tabs=("goals", "all"),
                priority=108,
            ),
            SportyForm("52", "Highest Scoring Half", "Highest Scoring Half", SB_HALF_G, SB_HALF),
            Bet9jaForm("S_HIGHHALF", "Highest Scoring Half", B9_HALF, gcat="GOAL"),
        ),
        MarketDef(
            "btts_both_halves",
            lambda m, _l: m.goals.btts_both_halves(),
            "exotic",
            sportybet=SportyForm(
                "900027",
                "Both Teams to Score in Both Halves Yes/No",
                "GG in Both Halves Yes/No",
                SB_HALF_G,
                SB_YN9,
            ),
        ),
        MarketDef(
            "both_halves_over_1_5",
            lambda m, _l: m.goals.both_halves_total(1.5, True),
            "exotic",
            sportybet=SportyForm(
                "58", "Both Halves Over 1.5", "Both Halves Over X.5", SB_GOALS, SB_YN, "total=1.5"
            ),
            canonical=False,
        ),
        MarketDef(
            "both_halves_under_1_5",
            lambda m, _l: m.goals.both_halves_total(1.5, False),
            "exotic",
            sportybet=SportyForm(
                "59", "Both Halves Under 1.5", "Both Halves Under X.5", SB_GOALS, SB_YN, "total=1.5"
            ),
            canonical=False,
        ),
    ]
    for team, bp, sb, b9 in (
        ("home", "4736", "53", "S_HOMEHIGHHALF"),
        ("away", "4732", "54", "S_AWAYHIGHHALF"),
    ):
        T = team.capitalize()
        defs.append(
            MarketDef(
                f"{team}_highest_scoring_half",
                lambda m, _l, t=team: m.goals.highest_scoring_half(t),
                "main",
                BetPawaForm(
                    bp,
                    f"Half More Goals - {T} Team",
                    f"{T} Highest Scoring Half",
                    BP_HALF,
                    tabs=("goals", "all"),
                    priority=900,
                ),
                SportyForm(
                    sb,
                    f"{T} Team Highest Scoring Half",
                    f"{T} Highest Scoring Half",
                    SB_HALF_G,
                    SB_HALF,
                ),
                Bet9jaForm(b9, f"Highest Scoring Half {T} Team", B9_HALF, gcat="HOMEAWAY"),
            )
        )
    for what, label, ids in (
        (
            "win_both",
            "Both halves win",
            {
                "home": ("1096805", "48", "S_HOMEWINBOTH"),
                "away": ("1096808", "49", "S_AWAYWINBOTH"),
            },
        ),
        (
            "win_either",
            "Either half win",
            {
                "home": ("1096806", "50", "S_HOMEWINHALF"),
                "away": ("1096809", "51", "S_AWAYWINHALF"),
            },
        ),
        (
            "score_both",
            "Score in both halves",
            {
                "home": ("1096807", "56", "S_HOMESCOREBOTH"),
                "away": ("1096814", "57", "S_AWAYSCOREBOTH"),
            },
        ),
    ):
        for team, (bp, sb, b9) in ids.items():
            T = team.capitalize()
            sb_text = {
                "win_both": "to Win Both Halves",
                "win_either": "to Win Either Half",
                "score_both": "to Score In Both Halves",
            }[what]
            b9_text = {
                "win_both": "Win Both Halves",
                "win_either": "Win Either Half",
                "score_both": "Score Both Halves",
            }[what]
            defs.append(
                MarketDef(
                    f"{team}_{what}_halves" if what != "win_either" else f"{team}_win_either_half",
                    lambda m, _l, w=what, t=team: m.goals.halves(w, t),
                    "main",
                    BetPawaForm(
                        bp,
                        f"{label} {T} - FT",
                        f"{T} {label.split(' ', 1)[1].capitalize()}",
                        BP_YN,
                        tabs=("goals", "all"),
                        priority=340,
                    ),
                    SportyForm(
                        sb,
                        f"{T} Team {sb_text}",
                        f"{T} To {sb_text.split(' ', 1)[1]}",
                        SB_HALF_G if what != "score_both" else SB_GOALS,
                        SB_YN,
                    ),
                    Bet9jaForm(b9, f"{T} {b9_text}", B9_YN, gcat="HOMEAWAY"),
                )
            )
    return defs


def _goals_defs() -> list[MarketDef]:
    defs: list[MarketDef] = [
        MarketDef(
            "exact_goals_ft",
            lambda m, _l: m.goals.exact("ft", 6),
            "exotic",
            BetPawaForm(
                "4926",
                "Total Goals Exact - FT",
                "Exact Goals | Full Time",
                _o(("6+", "0", "1", "2", "3", "4", "5"), ("6+", "0", "1", "2", "3", "4", "5")),
                per_row=2,
                tabs=("goals", "all"),
                priority=150,
            ),
            SportyForm(
                "21",
                "Exact Goals",
                "Exact Goals",
                SB_MAIN,
                _o(
                    ("0", "1", "2", "3", "4", "5", "6+"),
                    tuple(f"sr:exact_goals:6+:{68 + i}" for i in range(7)),
                    ("0", "1", "2", "3", "4", "5", "6+"),
                ),
                "variant=sr:exact_goals:6+",
            ),
            Bet9jaForm(
                "S_EXACTGOAL",
                "Exact Goals",
                _o(
                    ("1", "2", "3", "4", "5", "6+"),
                    ("1", "2", "3", "4", "5", "6"),
                    ("1", "2", "3", "4", "5", "6"),
                ),
                gcat="POPULAR",
                cnt="G",
            ),
        ),
        MarketDef(
            "exact_goals_1h",
            lambda m, _l: m.goals.exact("1h", 3),
            "exotic",
            sportybet=SportyForm(
                "71",
                "1st Half - Exact Goals",
                "1st Half - Exact Goals",
                SB_GOALS,
                _o(
                    ("0", "1", "2", "3+"),
                    tuple(f"sr:exact_goals:3+:{88 + i}" for i in range(4)),
                    ("0", "1", "2", "3+"),
                ),
                "variant=sr:exact_goals:3+",
            ),
            bet9ja=Bet9jaForm(
                "S_GOALS1T",
                "1st Half - Exact Goals",
                _o(("1", "2", "3+"), ("1", "2", "3")),
                gcat="HT",
                cnt="G",
            ),
        ),
        MarketDef(
            "exact_goals_2h",
            lambda m, _l: m.goals.exact("2h", 2),
            "exotic",
            sportybet=SportyForm(
                "93",
                "2nd Half - Exact Goals",
                "2nd Half - Exact Goals",
                SB_GOALS,
                _o(
                    ("0", "1", "2+"),
                    tuple(f"sr:exact_goals:2+:{85 + i}" for i in range(3)),
                    ("0", "1", "2+"),
                ),
                "variant=sr:exact_goals:2+",
            ),
        ),
        MarketDef(
            "which_team_to_score",
            lambda m, _l: m.goals.which_team_scores("ft"),
            "main",
            BetPawaForm(
                "1096782",
                "Team To Score (4 way) - FT",
                "Team To Score | Full Time",
                _o(
                    ("neither", "home_only", "away_only", "both"),
                    ("No Goal", "Home", "Away", "Both"),
                ),
                per_row=2,
                tabs=("specials", "goals", "all"),
                priority=190,
            ),
            SportyForm(
                "30",
                "Teams to Score",
                "Which Team To Score",
                SB_MAIN,
                _o(
                    ("neither", "home_only", "away_only", "both"),
                    ("784", "788", "790", "792"),
                    ("None", "Only Home", "Only Away", "Both teams"),
                ),
            ),
            Bet9jaForm(
                "S_SCORET",
                "Team to Score",
                _o(
                    ("both", "home_only", "away_only", "neither"),
                    ("GG", "1", "2", "NG"),
                    ("GG", "Only Home", "Only Away", "No Goal"),
                ),
                marketid="13193",
            ),
        ),
        MarketDef(
            "winning_margin",
            lambda m, _l: m.goals.winning_margin("ft"),
            "exotic",
            BetPawaForm(
                "28000209",
                "Winning Margin - FT",
                "Winning Margin | Full Time",
                _o(
                    ("home_1", "home_2", "home_3+", "away_1", "away_2", "away_3+", "draw"),
                    (
                        "Home by 1",
                        "Home by 2",
                        "Home by 3+",
                        "Away by 1",
                        "Away by 2",
                        "Away by 3+",
                        "Draw",
                    ),
                ),
                per_row=2,
                tabs=("specials", "all"),
                priority=10000,
            ),
            SportyForm(
                "15",
                "Winning Margin",
                "Winning Margin",
                SB_MAIN,
                _o(
                    ("home_1", "home_2", "home_3+", "away_1", "away_2", "away_3+", "draw"),
                    tuple(f"sr:winning_margin:3+:{113 + i}" for i in range(7)),
                    (
                        "Home by 1",
                        "Home by 2",
                        "Home by 3+",
                        "Away by 1",
                        "Away by 2",
                        "Away by 3+",
                        "Draw",
                    ),
                ),
                "variant=sr:winning_margin:3+",
            ),
            Bet9jaForm(
                "S_WINMARGIN",
                "Winning Margins",
                _o(
                    ("home_1", "home_2", "home_3+", "draw", "away_1", "away_2", "away_3+"),
                    ("HT1", "HT2", "HT>2", "X", "AT1", "AT2", "AT>2"),
                    (
                        "Home by 1",
                        "Home by 2",
                        "Home by > 2",
                        "Draw",
                        "Away by 1",
                        "Away by 2",
                        "Away by > 2",
                    ),
                ),
                marketid="100",
            ),
        ),
        MarketDef(
            "multiscores_ft",
            lambda m, _l: m.goals.score_groups("ft", MULTISCORES),
            "exotic",
            BetPawaForm(
                "28000035",
                "Multiscores - FT",
                "Multiscores | Full Time",
                _o(
                    [g for g, _ in MULTISCORES] + ["other_home", "other_away", "draw"],
                    [MULTISCORE_LABELS[g] for g, _ in MULTISCORES]
                    + ["Other Home Win", "Other Away Win", "Draw"],
                ),
                per_row=3,
                tabs=("specials", "goals", "all"),
                priority=124,
            ),
            SportyForm(
                "551",
                "Multiscores",
                "Multiscores",
                SB_GOALS,
                _o(
                    [g for g, _ in MULTISCORES] + ["other_home", "other_away", "draw"],
                    [str(1750 + i) for i in range(10)] + ["1803"],
                    [MULTISCORE_LABELS[g] for g, _ in MULTISCORES]
                    + ["Other Homewin", "Other Awaywin", "Draw"],
                ),
            ),
        ),
        MarketDef(
            "first_goal_ft",
            lambda m, _l: m.goals.first_to_score("ft"),
            "main",
            BetPawaForm(
                "28000224",
                "{handicap} Goal",
                "Next Goal (Goal {handicap})",
                _o(("home", "none", "away"), ("1", "None", "2"), ("1", "No Goal", "2")),
                "NUMBER_SPECIFIER",
                fixed(1),
                tabs=("goals", "popular", "all"),
                priority=35,
            ),
            SportyForm(
                "8", "1st Goal", "Next Goal", SB_MAIN, SB_FIRST, "goalnr=1", title="1,None,2"
            ),
            Bet9jaForm(
                "S_1STGOAL",
                "First Team to Score",
                _o(("home", "none", "away"), ("1", "X", "2"), ("1", "No Goal", "2")),
                gcat="POPULAR",
                marketid="2287",
            ),
        ),
        MarketDef(
            "last_goal_ft",
            lambda m, _l: m.goals.first_to_score("ft"),
            "main",
            BetPawaForm(
                "4870",
                "Team To Score Last (3 way)",
                "Last Team To Score | Full Time",
                _o(("home", "away", "none"), ("1", "2", "No Goal")),
                tabs=("goals", "all"),
                priority=189,
            ),
            SportyForm("9", "Last Goal", "Last Goal", SB_MAIN, SB_FIRST),
            Bet9jaForm(
                "S_LASTSCORE",
                "Last Team to Score",
                _o(("home", "none", "away"), ("1", "N", "2"), ("1", "No Goal", "2")),
                gcat="GOAL",
                marketid="26",
            ),
        ),
        MarketDef(
            "btts_2plus_ft",
            lambda m, _l: _btts_two_plus(m),
            "exotic",
            sportybet=SportyForm(
                "60000", "GG/NG 2+", "GG/NG 2+", SB_MAIN, SB_YN, title="GG 2+, NG 2+"
            ),
            bet9ja=Bet9jaForm("S_GGNG2PLUS", "GG/NG 2+", _o(YN, ("GG", "NG")), gcat="POPULAR"),
        ),
        MarketDef(
            "1x2_1up_ft",
            lambda m, _l: m.goals.early_payout(1),
            "main",
            BetPawaForm("28000810", "1X2 1UP - FT", "1X2 1UP | Full Time", BP_R3, priority=10000),
            SportyForm("60200", "1X2 - 1UP", "1X2 - 1UP", SB_MAIN, SB_R3),
            Bet9jaForm(
                "S_1X21",
                "1X2 1UP",
                _o(R3, ("11", "X1", "21"), ("1 - 1UP", "X - 1UP", "2 - 1UP")),
                gcat="POPULAR",
            ),
        ),
        MarketDef(
            "1x2_2up_ft",
            lambda m, _l: m.goals.early_payout(2),
            "main",
            BetPawaForm("28000850", "1X2 2UP - FT", "1X2 2UP | Full Time", BP_R3, priority=10000),
            SportyForm("60100", "1X2 - 2UP", "1X2 - 2UP", SB_MAIN, SB_R3),
            Bet9jaForm(
                "S_1X22",
                "1X2 2UP",
                _o(R3, ("12", "X2", "22"), ("1 - 2UP", "X - 2UP", "2 - 2UP")),
                gcat="POPULAR",
            ),
        ),
        MarketDef(
            "home_no_bet_ft",
            lambda m, _l: m.goals.team_no_bet("ft", "home"),
            "main",
            sportybet=SportyForm(
                "12",
                "Home No Bet",
                "Home No Bet",
                SB_MAIN,
                _o(("draw", "away"), ("776", "778"), ("Draw", "Away")),
                title="X,2",
            ),
            bet9ja=Bet9jaForm(
                "S_HOMENOBET", "Home No Bet", _o(("draw", "away"), ("X", "2")), gcat="HOMEAWAY"
            ),
        ),
        MarketDef(
            "away_no_bet_ft",
            lambda m, _l: m.goals.team_no_bet("ft", "away"),
            "main",
            sportybet=SportyForm(
                "13",
                "Away No Bet",
                "Away No Bet",
                SB_MAIN,
                _o(("home", "draw"), ("780", "782"), ("Home", "Draw")),
                title="1,X",
            ),
            bet9ja=Bet9jaForm(
                "S_AWAYNOBET", "Away No Bet", _o(("home", "draw"), ("1", "X")), gcat="HOMEAWAY"
            ),
        ),
        MarketDef(
            "1x2_10min",
            lambda m, _l: m.goals.window_result(10),
            "exotic",
            BetPawaForm(
                "28000173",
                "1X2 - from 1 to 10 minutes",
                "1X2 | 1-10 Minutes",
                BP_R3,
                tabs=("specials", "popular", "all"),
                priority=77,
            ),
            SportyForm(
                "105",
                "10 minutes - 1X2 from 1 to 10",
                "10 Minutes - 1X2",
                SB_MINUTES,
                SB_R3,
                "from=1|to=10",
            ),
            Bet9jaForm("S_1X21ST10MIN", "1X2 - 10 Minutes", B9_R3),
        ),
    ]
    for team, bp, sb, b9, _b9_codes in (
        ("home", "4942", "23", "S_GOALSHOME", None),
        ("away", "4938", "24", "S_GOALSAWAY", None),
    ):
        T = team.capitalize()
        defs.append(
            MarketDef(
                f"{team}_exact_goals_ft",
                lambda m, _l, t=team: m.goals.exact("ft", 3, t),
                "exotic",
                BetPawaForm(
                    bp,
                    f"Total Goals Exact - FT - {T} Team",
                    f"{T} Exact Goals | Full Time",
                    _o(("2", "3+", "0", "1"), ("2", "3+", "0", "1")),
                    per_row=3,
                    tabs=("specials", "goals", "all"),
                    priority=690,
                ),
                SportyForm(
                    sb,
                    f"{T} Team Goals",
                    f"{T} Team Exact Goals",
                    SB_GOALS,
                    _o(
                        ("0", "1", "2", "3+"),
                        tuple(f"sr:exact_goals:3+:{88 + i}" for i in range(4)),
                        ("0", "1", "2", "3+"),
                    ),
                    "variant=sr:exact_goals:3+",
                ),
                Bet9jaForm(
                    b9,
                    f"Exact Goals {T}",
                    _o(("0", "1", "2", "3+"), ("0", "1", "2", "3+")),
                    gcat="GOAL",
                    cnt="G",
                ),
            )
        )
    return defs


MULTISCORES = (
    ("home_123", ((1, 0), (2, 0), (3, 0))),
    ("away_123", ((0, 1), (0, 2), (0, 3))),
    ("home_456", ((4, 0), (5, 0), (6, 0))),
    ("away_456", ((0, 4), (0, 5), (0, 6))),
    ("home_2141", ((2, 1), (3, 1), (4, 1))),
    ("away_1214", ((1, 2), (1, 3), (1, 4))),
    ("home_3243", ((3, 2), (4, 2), (4, 3), (5, 1))),
    ("away_2334", ((2, 3), (2, 4), (3, 4), (1, 5))),
)
MULTISCORE_LABELS = {
    "home_123": "1:0, 2:0 or 3:0",
    "away_123": "0:1, 0:2 or 0:3",
    "home_456": "4:0, 5:0 or 6:0",
    "away_456": "0:4, 0:5 or 0:6",
    "home_2141": "2:1, 3:1 or 4:1",
    "away_1214": "1:2, 1:3 or 1:4",
    "home_3243": "3:2, 4:2, 4:3 or 5:1",
    "away_2334": "2:3, 2:4, 3:4 or 1:5",
}


def _btts_two_plus(m: MatchModel) -> Outcomes:
    ft = m.goals.period("ft")
    p = (1 - ft.home[0] - ft.home[1]) * (1 - ft.away[0] - ft.away[1])
    return {"yes": (p, 0.0), "no": (1 - p, 0.0)}


def _multigoal_defs() -> list[MarketDef]:
    ft_bands = [
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
    ]
    half_bands = [(1, 2), (1, 3), (2, 3)]
    team_bands = [(1, 2), (1, 3), (2, 3)]

    def keys(bands):
        return [f"{lo}-{hi}" for lo, hi in bands]

    ft_all = [*ft_bands, (7, None), (0, 0)]
    defs = [
        MarketDef(
            "multigoals_ft",
            lambda m, _l: m.goals.ranges("ft", ft_all),
            "exotic",
            BetPawaForm(
                "28000047",
                "Multigoals - FT",
                "Multigoals | Full Time",
                _o([*keys(ft_bands), "7+", "none"], [*keys(ft_bands), "7+", "No goal"]),
                per_row=3,
                tabs=("specials", "goals", "all"),
                priority=999,
            ),
            SportyForm(
                "548",
                "Multigoals",
                "Multigoals",
                SB_GOALS,
                _o(
                    [*keys(ft_bands), "7+", "none"],
                    [str(1730 + i) for i in range(16)] + ["1804"],
                    [*keys(ft_bands), "7+", "No goal"],
                ),
            ),
            Bet9jaForm(
                "S_NGOALS",
                "Multi Goal",
                _o(keys(ft_bands), keys(ft_bands), [f"{k} " for k in keys(ft_bands)]),
                gcat="GOAL",
                cnt="G",
                marketid="96",
            ),
        ),
    ]
    for period, bp, sb, b9 in (
        ("1h", "28000065", "552", "S_MGOAL1T"),
        ("2h", "28000071", "553", "S_MGOAL2T"),
    ):
        bands = [*half_bands, (4, None), (0, 0)]
        defs.append(
            MarketDef(
                f"multigoals_{period}",
                lambda m, _l, p=period, b=tuple(bands): m.goals.ranges(p, b),
                "exotic",
                BetPawaForm(
                    bp,
                    f"Multigoals - {PERIOD_BP[period]}",
                    f"Multigoals | {PERIOD_TEXT[period]}",
                    _o([*keys(half_bands), "4+", "none"], [*keys(half_bands), "4+", "No goal"]),
                    per_row=3,
                    tabs=("specials", "halves", "goals", "all"),
                    priority=1000,
                ),
                SportyForm(
                    sb,
                    f"{'1st' if period == '1h' else '2nd'} Half - Multigoals",
                    f"{'1st' if period == '1h' else '2nd'} Half - Multigoals",
                    SB_GOALS,
                    _o(
                        [*keys(half_bands), "4+", "none"],
                        ["1746", "1747", "1748", "1749", "1805"],
                        [*keys(half_bands), "4+", "No goal"],
                    ),
                ),
                Bet9jaForm(
                    b9,
                    f"{'1st' if period == '1h' else '2nd'} Half - Multi Goal",
                    _o(keys(half_bands), ("12", "13", "23"), keys(half_bands)),
                    gcat="HT" if period == "1h" else "2T",
                ),
            )
        )
    for team, bp, sb, b9, pre in (
        ("home", "28000077", "549", "S_TMGHO", "HO"),
        ("away", "28000083", "550", "S_TMGAW", "AW"),
    ):
        T = team.capitalize()
        bands = [*team_bands, (4, None), (0, 0)]
        defs.append(
            MarketDef(
                f"{team}_multigoals_ft",
                lambda m, _l, t=team, b=tuple(bands): m.goals.ranges("ft", b, t),
                "exotic",
                BetPawaForm(
                    bp,
                    f"Multigoals - FT - {T} Team",
                    f"{T} Multigoals | Full Time",
                    _o([*keys(team_bands), "4+", "none"], [*keys(team_bands), "4+", "No goal"]),
                    per_row=2,
                    tabs=("specials", "goals", "all"),
                    priority=1002,
                ),
                SportyForm(
                    sb,
                    f"{T} Multigoals",
                    f"{T} Team Multigoals",
                    SB_GOALS,
                    _o(
                        [*keys(team_bands), "4+", "none"],
                        ["1746", "1747", "1748", "1749", "1805"],
                        [*keys(team_bands), "4+", "No goal"],
                    ),
                ),
                Bet9jaForm(
                    b9,
                    f"Multi Goal {T}",
                    _o(
                        keys(team_bands),
                        [f"{pre}{k.replace('-', '')}" for k in keys(team_bands)],
                        [f"{k} Goals" for k in keys(team_bands)],
                    ),
                    gcat="GOAL",
                    cnt="G",
                ),
            )
        )
    return defs


def _combo_defs() -> list[MarketDef]:
    dc_keys = ("home_draw", "home_away", "draw_away")
    defs = [
        MarketDef(
            "1x2_over_under_ft",
            lambda m, line: m.goals.result_total("ft", line),
            "combo",
            BetPawaForm(
                "1096755",
                "1X2 and Totals - FT",
                "1X2 and Over/Under | Full Time",
                _o(
                    (
                        "home_over",
                        "draw_over",
                        "away_over",
                        "home_under",
                        "draw_under",
                        "away_under",
                    ),
                    ("1 - Over", "X - Over", "2 - Over", "1 - Under", "X - Under", "2 - Under"),
                    ("Over {formattedHandicap}",) * 3 + ("Under {formattedHandicap}",) * 3,
                ),
                "NORMAL",
                COMBO_TOTALS,
                per_row=3,
                tabs=("popular", "combos", "all"),
                priority=110,
            ),
            SportyForm(
                "37",
                "1X2 & Over/Under {line}",
                "1X2 & Over/Under",
                SB_COMBO,
                _o(
                    (
                        "home_under",
                        "home_over",
                        "draw_under",
                        "draw_over",
                        "away_under",
                        "away_over",
                    ),
                    ("794", "796", "798", "800", "802", "804"),
                    (
                        "Home & Under {line}",
                        "Home & Over {line}",
                        "Draw & Under {line}",
                        "Draw & Over {line}",
                        "Away & Under {line}",
                        "Away & Over {line}",
                    ),
                ),
                "total={line}",
                COMBO_TOTALS,
            ),
            Bet9jaForm(
                "S_1X2OU",
                "1X2 + Over/Under",
                _o(
                    (
                        "home_over",
                        "draw_over",
                        "away_over",
                        "home_under",
                        "draw_under",
                        "away_under",
                    ),
                    ("1O", "XO", "2O", "1U", "XU", "2U"),
                    ("1 + Over", "X + Over", "2 + Over", "1 + Under", "X + Under", "2 + Under"),
                ),
                COMBO_TOTALS,
                gcat="COMBINED",
                cnt="G",
            ),
        ),
        MarketDef(
            "1x2_btts_ft",
            lambda m, _l: m.goals.result_btts("ft"),
            "combo",
            BetPawaForm(
                "3591790",
                "1X2 and Both Teams To Score - FT",
                "1X2 and Both Teams To Score | Full Time",
                _o(
                    ("home_yes", "home_no", "draw_yes", "draw_no", "away_yes", "away_no"),
                    ("1 - Yes", "1 - No", "X - Yes", "X - No", "2 - Yes", "2 - No"),
                    ("1", "1", "X", "X", "2", "2"),
                ),
                per_row=2,
                tabs=("popular", "combos", "all"),
                priority=510,
            ),
            SportyForm(
                "35",
                "1X2 & GG/NG",
                "1X2 & GG/NG",
                SB_COMBO,
                _o(
                    ("home_yes", "home_no", "draw_yes", "draw_no", "away_yes", "away_no"),
                    ("78", "80", "82", "84", "86", "88"),
                    (
                        "Home & yes",
                        "Home & no",
                        "Draw & yes",
                        "Draw & no",
                        "Away & yes",
                        "Away & no",
                    ),
                ),
            ),
            Bet9jaForm(
                "S_1X2GGNG",
                "1X2 + Goal/No Goal",
                _o(
                    ("home_yes", "draw_yes", "away_yes", "home_no", "draw_no", "away_no"),
                    ("1ANDGG", "XANDGG", "2ANDGG", "1ANDNG", "XANDNG", "2ANDNG"),
                    ("1 + GG", "X + GG", "2 + GG", "1 + NG", "X + NG", "2 + NG"),
                ),
                gcat="COMBINED",
            ),
        ),
        MarketDef(
            "over_under_btts_ft",
            lambda m, line: m.goals.total_btts("ft", line),
            "combo",
            BetPawaForm(
                "4613062",
                "Total Goals and Both Teams To Score - FT",
                "Over/Under and Both Teams To Score | Full Time",
                _o(
                    ("over_yes", "over_no", "under_yes", "under_no"),
                    ("Over - Yes", "Over - No", "Under - Yes", "Under - No"),
                    (
                        "Over {formattedHandicap}",
                        "Over {formattedHandicap}",
                        "Under {formattedHandicap}",
                        "Under {formattedHandicap}",
                    ),
                ),
                "NORMAL",
                fixed(2.5),
                per_row=2,
                tabs=("combos", "all"),
                priority=515,
            ),
            SportyForm(
                "36",
                "Over/Under & GG/NG",
                "Over/Under & GG/NG",
                SB_COMBO,
                _o(
                    ("over_yes", "under_yes", "over_no", "under_no"),
                    ("90", "92", "94", "96"),
                    (
                        "Over {line} & Yes",
                        "Under {line} & Yes",
                        "Over {line} & No",
                        "Under {line} & No",
                    ),
                ),
                "total={line}",
                fixed(2.5),
            ),
            Bet9jaForm(
                "S_GGNGOU",
                "Goal/No Goal + Over/Under",
                _o(
                    ("over_yes", "under_yes", "over_no", "under_no"),
                    ("GGOVER", "GGUNDER", "NGOVER", "NGUNDER"),
                    ("GG + Over", "GG + Under", "NG + Over", "NG + Under"),
                ),
                fixed(2.5),
                gcat="COMBINED",
                cnt="G",
            ),
        ),
        MarketDef(
            "double_chance_over_under_ft",
            lambda m, line: m.goals.double_chance_total("ft", line),
            "combo",
            BetPawaForm(
                "28000089",
                "Double Chance and Totals - FT",
                "Double Chance and Over/Under | Full Time",
                _o(
                    (
                        "home_draw_under",
                        "home_away_under",
                        "draw_away_under",
                        "home_draw_over",
                        "home_away_over",
                        "draw_away_over",
                    ),
                    (
                        "1X - Under",
                        "12 - Under",
                        "X2 - Under",
                        "1X - Over",
                        "12 - Over",
                        "X2 - Over",
                    ),
                    ("Under {formattedHandicap}",) * 3 + ("Over {formattedHandicap}",) * 3,
                ),
                "NORMAL",
                COMBO_TOTALS,
                per_row=3,
                tabs=("popular", "combos", "all"),
                priority=10000,
            ),
            SportyForm(
                "547",
                "Double Chance & Over/Under {line}",
                "Double Chance & Total",
                SB_COMBO,
                _o(
                    (
                        "home_draw_under",
                        "home_away_under",
                        "draw_away_under",
                        "home_draw_over",
                        "home_away_over",
                        "draw_away_over",
                    ),
                    ("1724", "1725", "1726", "1727", "1728", "1729"),
                    (
                        "Home/Draw & Under {line}",
                        "Home/Away & Under {line}",
                        "Draw/Away & Under {line}",
                        "Home/Draw & Over {line}",
                        "Home/Away & Over {line}",
                        "Draw/Away & Over {line}",
                    ),
                ),
                "total={line}",
                COMBO_TOTALS,
            ),
            Bet9jaForm(
                "S_DCOU",
                "Double Chance + Over/Under",
                _o(
                    (
                        "home_draw_over",
                        "home_away_over",
                        "draw_away_over",
                        "home_draw_under",
                        "home_away_under",
                        "draw_away_under",
                    ),
                    ("1XO", "12O", "X2O", "1XU", "12U", "X2U"),
                    (
                        "1X + Over",
                        "12 + Over",
                        "X2 + Over",
                        "1X + Under",
                        "12 + Under",
                        "X2 + Under",
                    ),
                ),
                COMBO_TOTALS,
                gcat="COMBINED",
                cnt="G",
            ),
        ),
        MarketDef(
            "htft_over_under",
            lambda m, line: m.goals.htft_total(line),
            "combo",
            sportybet=SportyForm(
                "818",
                "Halftime/Fulltime & Over/Under {line}",
                "Halftime/Fulltime & Total",
                SB_COMBO,
                _o(
                    [f"{a}/{b}_{s}" for s in ("under", "over") for a in "1X2" for b in "1X2"],
                    [str(1836 + i) for i in range(18)],
                    [
                        f"{_sb_side(a)}/{_sb_side(b)} & {s} {{line}}"
                        for s in ("under", "over")
                        for a in "1X2"
                        for b in "1X2"
                    ],
                ),
                "total={line}",
                COMBO_TOTALS,
            ),
            bet9ja=Bet9jaForm(
                "S_HTFTOU",
                "HT/FT & O/U",
                _o(
                    [f"{a}/{b}_{s}" for a in "1X2" for b in "1X2" for s in OU],
                    [f"{a}/{b}{s[0].upper()}" for a in "1X2" for b in "1X2" for s in OU],
                    [f"{a}/{b} + {s.capitalize()}" for a in "1X2" for b in "1X2" for s in OU],
                ),
                COMBO_TOTALS,
                gcat="COMBINED",
                cnt="G",
            ),
        ),
        MarketDef(
            "htft_correct_score",
            lambda m, _l: m.goals.htft_correct_score(HTFT_CS),
            "exotic",
            BetPawaForm(
                "28000228",
                "HT/FT Correct Score - FT",
                "HT/FT Correct Score",
                _o([_htft_key(p) for p in HTFT_CS], [_htft_key(p) for p in HTFT_CS]),
                per_row=2,
                tabs=("specials", "all"),
                priority=10000,
            ),
            SportyForm(
                "46",
                "Half Time/Full Time Correct Score",
                "Halftime/fulltime correct score",
                SB_HALF_G,
                _o(
                    [_htft_key(p) for p in HTFT_CS],
                    [str(326 + 2 * i) for i in range(len(HTFT_CS))],
                    [_htft_key(p).replace("-", ":").replace("/", " ") for p in HTFT_CS],
                ),
            ),
            Bet9jaForm(
                "S_HTFTCS",
                "HT / FT Correct Score",
                _o(
                    [_htft_key(p) for p in HTFT_CS],
                    [_htft_key(p) for p in HTFT_CS],
                    [_htft_key(p).replace("/", " / ") for p in HTFT_CS],
                ),
                marketid="126",
            ),
        ),
    ]
    for period, bp, sb, b9, b9_sfx in (
        ("ft", "28000014", "546", "S_DCGGNG", ""),
        ("1h", "28000021", "542", "S_DCGGNGHT", "HT"),
        ("2h", "28000028", "545", "S_DCGGNG2T", "2T"),
    ):
        keys = [f"{dc}_{b}" for dc in ("home_draw", "home_away", "draw_away") for b in YN]
        bp_keys = [f"{dc}_{b}" for dc in ("home_draw", "home_away", "draw_away") for b in YN]
        defs.append(
            MarketDef(
                f"double_chance_btts_{period}",
                lambda m, _l, p=period: m.goals.double_chance_btts(p),
                "combo",
                BetPawaForm(
                    bp,
                    f"Double Chance and Both Teams To Score - {PERIOD_BP[period]}",
                    f"Double Chance and Both Teams To Score | {PERIOD_TEXT[period]}",
                    _o(
                        bp_keys,
                        [f"{c} - {b}" for c in ("1X", "12", "X2") for b in ("Yes", "No")],
                        [c for c in ("1X", "12", "X2") for _ in (0, 1)],
                    ),
                    per_row=2,
                    tabs=("combos", "all"),
                    priority=123,
                ),
                SportyForm(
                    sb,
                    f"{'' if period == 'ft' else ('1st Half - ' if period == '1h' else '2nd Half -  ')}Double Chance & GG/NG",
                    "Double Chance & GG/NG",
                    SB_COMBO if period == "ft" else SB_HALF_G,
                    _o(
                        keys,
                        [str(1718 + i) for i in range(6)],
                        [
                            f"{d} & {b.capitalize()}"
                            for d in ("Home/Draw", "Home/Away", "Draw/Away")
                            for b in YN
                        ],
                    ),
                ),
                Bet9jaForm(
                    b9,
                    f"{'' if period == 'ft' else ('1st Half - ' if period == '1h' else '2nd Half - ')}Double Chance + Goal/No Goal",
                    _o(
                        [f"{dc}_{b}" for b in YN for dc in dc_keys],
                        [f"{c}{g}{b9_sfx}" for g in ("GG", "NG") for c in ("1X", "12", "X2")],
                        [f"{c} + {g}" for g in ("GG", "NG") for c in ("1X", "12", "X2")],
                    ),
                    gcat="COMBINED",
                ),
            )
        )
    return defs


HTFT_CS: tuple[tuple[tuple[int, int], tuple[int, int] | None], ...] = tuple(
    [
        ((0, 0), ft)
        for ft in (
            (0, 0),
            (0, 1),
            (0, 2),
            (0, 3),
            (1, 0),
            (1, 1),
            (1, 2),
            (2, 0),
            (2, 1),
            (3, 0),
            None,
        )
    ]
    + [((0, 1), ft) for ft in ((0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (2, 1), None)]
    + [((0, 2), ft) for ft in ((0, 2), (0, 3), (1, 2), None)]
    + [((0, 3), ft) for ft in ((0, 3), None)]
    + [((1, 0), ft) for ft in ((1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (3, 0), None)]
    + [((1, 1), ft) for ft in ((1, 1), (1, 2), (2, 1), None)]
    + [((1, 2), ft) for ft in ((1, 2), None)]
    + [((2, 0), ft) for ft in ((2, 0), (2, 1), (3, 0), None)]
    + [((2, 1), ft) for ft in ((2, 1), None)]
    + [((3, 0), ft) for ft in ((3, 0), None)]
)


def _htft_key(pair) -> str:
    (h1, a1), ft = pair
    return f"{h1}-{a1}/" + ("4+" if ft is None else f"{ft[0]}-{ft[1]}")


def _sb_side(code: str) -> str:
    return {"1": "{home}", "X": "draw", "2": "{away}"}[code]


def _corner_defs() -> list[MarketDef]:
    c = "corners"
    return [
        MarketDef(
            "corners_over_under_ft",
            lambda m, line: m.corners.total("ft", line),
            c,
            BetPawaForm(
                "1096783",
                "Total Corners Over/Under - FT",
                "Corners Over/Under | Full Time",
                BP_OU,
                "NORMAL",
                fixed(7.5, 8.5, 9.5, 10.5, 11.5),
                tabs=("corners", "all"),
                priority=572,
            ),
            SportyForm(
                "166",
                "Corners - Over/Under",
                "Corners - Over/Under",
                SB_CORNERS,
                SB_OU,
                "total={line}",
                fixed(7.5, 8.5, 9.5, 10.5, 11.5),
                title=",Over,Under",
            ),
            Bet9jaForm(
                "S_OUCORNERS",
                "Corners - Over/Under",
                B9_OU,
                fixed(8.5, 9.5, 10.5),
                gcat="CORNER",
                cnt="CO",
                marketid="9",
            ),
        ),
        MarketDef(
            "corners_over_under_1h",
            lambda m, line: m.corners.total("1h", line),
            c,
            BetPawaForm(
                "1096784",
                "Total Corners Over/Under - 1H",
                "Corners Over/Under | First Half",
                BP_OU,
                "NORMAL",
                fixed(3.5, 4.5, 5.5),
                tabs=("corners", "halves", "all"),
                priority=573,
            ),
            SportyForm(
                "177",
                "1st Half Corners - Over/Under",
                "1st Half - Total Corners",
                SB_CORNERS,
                SB_OU,
                "total={line}",
                fixed(3.5, 4.5, 5.5),
            ),
            Bet9jaForm(
                "S_C1HTOU",
                "1st Half - Over/Under Corners",
                B9_OU,
                fixed(3.5, 4.5, 5.5),
                gcat="CORNER",
                cnt="CO",
            ),
        ),
        MarketDef(
            "corners_1x2_ft",
            lambda m, _l: m.corners.result("ft"),
            c,
            BetPawaForm(
                "1096787",
                "Corner Count 1X2 - FT",
                "Corners 1X2 | Full Time",
                BP_R3,
                tabs=("corners", "all"),
                priority=570,
            ),
            SportyForm("162", "Corners - 1X2", "Corners 1X2", SB_CORNERS, SB_R3, title="1,X,2"),
            Bet9jaForm(
                "S_TEAMCORNER", "Corners - 1X2", B9_R3, gcat="CORNER", cnt="CO", marketid="130"
            ),
        ),
        MarketDef(
            "corners_1x2_1h",
            lambda m, _l: m.corners.result("1h"),
            c,
            BetPawaForm(
                "1096788",
                "Corner Count 1X2 - 1H",
                "Corners 1X2 | First Half",
                BP_R3,
                tabs=("corners", "halves", "all"),
                priority=571,
            ),
            SportyForm("173", "1st Half - Corner 1X2", "1st Half - Corner 1X2", SB_CORNERS, SB_R3),
            Bet9jaForm("S_TEAMCORNER1T", "1st Half - 1X2 Corners", B9_R3, gcat="CORNER", cnt="CO"),
        ),
        MarketDef(
            "corner_handicap_ft",
            lambda m, line: m.corners.asian_handicap("ft", line),
            c,
            sportybet=SportyForm(
                "165",
                "Corner Handicap",
                "Corner Handicap",
                SB_CORNERS,
                SB_AH,
                "hcp={hcp}",
                fixed(-1.5, -0.5, 0.5),
            ),
            bet9ja=Bet9jaForm(
                "S_CAH", "Corner Asian Handicap", B9_2W, fixed(-1.5, -0.5), gcat="CORNER", cnt="HCO"
            ),
        ),
        MarketDef(
            "home_corners_ft",
            lambda m, line: m.corners.total("ft", line, "home"),
            c,
            sportybet=SportyForm(
                "900300",
                "Home Team Total Corners",
                "Home Team Total Corners",
                SB_CORNERS,
                SB_OU30,
                "total={line}",
                fixed(3.5, 4.5, 5.5, 6.5, 7.5),
            ),
            bet9ja=Bet9jaForm(
                "S_CORNERSHOMEOU",
                "Corners - Over/Under Home",
                _o(OU, ("HCO", "HCU"), ("Over", "Under")),
                fixed(4.5, 5.5, 6.5),
                gcat="CORNER",
                cnt="CO",
            ),
        ),
        MarketDef(
            "away_corners_ft",
            lambda m, line: m.corners.total("ft", line, "away"),
            c,
            sportybet=SportyForm(
                "900301",
                "Away Team Total Corners",
                "Away Team Total Corners",
                SB_CORNERS,
                SB_OU30,
                "total={line}",
                fixed(2.5, 3.5, 4.5, 5.5, 6.5),
            ),
            bet9ja=Bet9jaForm(
                "S_CORNERSAWAYOU",
                "Corners - Over/Under Away",
                _o(OU, ("ACO", "ACU"), ("Over", "Under")),
                fixed(3.5, 4.5, 5.5),
                gcat="CORNER",
                cnt="C",
            ),
        ),
        MarketDef(
            "corners_odd_even_ft",
            lambda m, _l: m.corners.odd_even("ft"),
            c,
            BetPawaForm(
                "1096789",
                "Corner Count Odd/Even - FT",
                "Corners Odd/Even | Full Time",
                BP_OE,
                tabs=("corners", "all"),
                priority=610,
            ),
            SportyForm("172", "Odd/Even Corners", "Odd/Even Corners", SB_CORNERS, SB_OE),
            Bet9jaForm("S_OECORNER", "Corners - Odd/Even", B9_OE, gcat="CORNER", cnt="CO"),
        ),
        MarketDef(
            "corners_range_ft",
            lambda m, _l: m.corners.ranges("ft", ((0, 8), (9, 11), (12, None))),
            c,
            BetPawaForm(
                "1096803",
                "Total Corners - FT",
                "Corners Range | Full Time",
                _o(("0-8", "9-11", "12+"), ("0-8", "9-11", "12+")),
                tabs=("corners", "all"),
                priority=576,
            ),
            SportyForm(
                "169",
                "Corner Range",
                "Corner Range",
                SB_CORNERS,
                _o(
                    ("0-8", "9-11", "12+"),
                    (
                        "sr:point_range:12+:1141",
                        "sr:point_range:12+:1142",
                        "sr:point_range:12+:1143",
                    ),
                    ("0-8", "9-11", "12+"),
                ),
                "variant=sr:point_range:12+",
            ),
        ),
        MarketDef(
            "corners_range_1h",
            lambda m, _l: m.corners.ranges("1h", ((0, 4), (5, 6), (7, None))),
            c,
            BetPawaForm(
                "1096804",
                "Total Corners - 1H",
                "Corners Range | First Half",
                _o(("0-4", "5-6", "7+"), ("0-4", "5-6", "7+")),
                tabs=("corners", "halves", "all"),
                priority=574,
            ),
            SportyForm(
                "182",
                "1st Half - Corner Range",
                "1st Half - Corner Range",
                SB_CORNERS,
                _o(
                    ("0-4", "5-6", "7+"),
                    (
                        "sr:point_range:7+_2:1148",
                        "sr:point_range:7+_2:1149",
                        "sr:point_range:7+_2:1150",
                    ),
                    ("0-4", "5-6", "7+"),
                ),
                "variant=sr:point_range:7+_2",
            ),
        ),
        MarketDef(
            "first_corner_ft",
            lambda m, _l: m.corners.first_to_score("ft"),
            c,
            sportybet=SportyForm(
                "163", "1st Corner", "Xth Corner", SB_CORNERS, SB_FIRST, "cornernr=1"
            ),
            bet9ja=Bet9jaForm(
                "S_1STCORNER",
                "First Corner",
                _o(("home", "none", "away"), ("1", "X", "2")),
                gcat="CORNER",
            ),
        ),
        MarketDef(
            "last_corner_ft",
            lambda m, _l: m.corners.first_to_score("ft"),
            c,
            sportybet=SportyForm("164", "Last Corner", "Last Corner", SB_CORNERS, SB_FIRST),
            bet9ja=Bet9jaForm(
                "S_LASTCORNER",
                "Last Corner",
                _o(("home", "none", "away"), ("1", "X", "2")),
                gcat="CORNER",
            ),
        ),
    ]


def _unmapped_defs() -> list[MarketDef]:
    """Markets no catalogue row covers: real book markets that give the mapper honest misses."""
    defs = [
        MarketDef(
            "x_over_under_asian_ft",
            lambda m, line: m.goals.total("ft", line),
            "lines",
            bet9ja=Bet9jaForm(
                "S_OUA",
                "Over/Under Asian",
                B9_OU,
                B9_ASIAN_TOTALS,
                gcat="POPULAR",
                cnt="G",
                marketid="14696",
            ),
            canonical=False,
        ),
        MarketDef(
            "x_minutes_1x2",
            lambda m, line: m.goals.window_result(int(line)),
            "exotic",
            sportybet=SportyForm(
                "900069",
                "1X2 from 1 to {line} minute",
                "Match Result after X Minutes",
                SB_MINUTES,
                SB_R3,
                "minute={line}",
                fixed(5, 15, 20, 25, 30, 35, 40, 50, 55, 60, 65, 70, 75, 80, 85),
            ),
            canonical=False,
        ),
        MarketDef(
            "x_minutes_total",
            lambda m, line: m.goals.window_total(int(line // 10), line % 10),
            "exotic",
            sportybet=SportyForm(
                "900313",
                "Total Goals Over/Under from 1 to {minute} minute",
                "Total Goals from 1 to X min",
                SB_MINUTES,
                SB_OU30,
                "minute={minute}|total={total}",
                fixed(
                    *[
                        mi * 10 + t
                        for mi in (5, 10, 15, 20, 25, 30, 35, 40, 50, 55, 60, 65, 70, 75, 80, 85)
                        for t in (0.5, 1.5, 2.5, 3.5, 4.5, 5.5)
                        if t <= 1.5 + mi / 16
                    ]
                ),
            ),
            canonical=False,
        ),
        MarketDef(
            "x_goalscorer_anytime",
            lambda m, _l: _players(m, "anytime"),
            "players",
            BetPawaForm(
                "129108",
                "Anytime Goalscorer",
                "Anytime Goalscorer",
                (),
                per_row=1,
                tabs=("players", "all"),
                priority=210,
            ),
            SportyForm(
                "40", "Anytime Goalscorer", "Anytime Goalscorer", SB_PLAYERS, (), "type=prematch"
            ),
            canonical=False,
        ),
        MarketDef(
            "x_goalscorer_first",
            lambda m, _l: _players(m, "first"),
            "players",
            sportybet=SportyForm(
                "38", "1st Goalscorer", "Xth Goalscorer", SB_PLAYERS, (), "goalnr=1|type=prematch"
            ),
            canonical=False,
        ),
        MarketDef(
            "x_goalscorer_last",
            lambda m, _l: _players(m, "first"),
            "players",
            sportybet=SportyForm(
                "39", "Last Goalscorer", "Last Goalscorer", SB_PLAYERS, (), "type=prematch"
            ),
            canonical=False,
        ),
        MarketDef(
            "x_1x2_minutes",
            lambda m, line: m.goals.window_result(int(line)),
            "exotic",
            bet9ja=Bet9jaForm(
                "S_1X21ST{line}MIN", "1X2 - {line} Minutes", B9_R3, fixed(5, 15, 20, 30, 60)
            ),
            canonical=False,
        ),
        MarketDef(
            "x_score_minutes",
            lambda m, line: _scored_by(m, int(line)),
            "exotic",
            bet9ja=Bet9jaForm(
                "S_S{line}MIN",
                "Score {line} Minutes",
                _o(YN, ("YS{line}M", "NS{line}M"), ("Yes", "No")),
                fixed(20, 30),
                gcat="POPULAR",
            ),
            canonical=False,
        ),
        MarketDef(
            "x_chance_mix_ou",
            lambda m, line: _chance_mix_ou(m, line),
            "combo",
            bet9ja=Bet9jaForm(
                "S_CHANCEMIXOU",
                "1X2 or Over/Under",
                _o(
                    (
                        "home_or_over",
                        "draw_or_over",
                        "away_or_over",
                        "home_or_under",
                        "draw_or_under",
                        "away_or_under",
                    ),
                    ("1orOv", "XorOv", "2orOv", "1orUn", "XorUn", "2orUn"),
                    (
                        "1 or Over",
                        "X or Over",
                        "2 or Over",
                        "1 or Under",
                        "X or Under",
                        "2 or Under",
                    ),
                ),
                fixed(1.5, 2.5, 3.5),
                gcat="COMBINED",
                cnt="G",
            ),
            canonical=False,
        ),
        MarketDef(
            "x_dc_multigoal",
            lambda m, line: _dc_band(m, int(line)),
            "combo",
            bet9ja=Bet9jaForm(
                "S_DCMULTI{band}",
                "DC + Multi Goal {band}",
                _o(("home_draw", "home_away", "draw_away"), ("1X", "12", "X2")),
                fixed(12, 13, 14, 15, 23, 24, 25, 34, 35, 45),
                gcat="COMBINED",
            ),
            canonical=False,
        ),
        MarketDef(
            "x_1x2_multigoal",
            lambda m, line: _r3_band(m, int(line)),
            "combo",
            bet9ja=Bet9jaForm(
                "S_1X2MULTI{band}",
                "1X2 + Multi Goal {band}",
                B9_R3,
                fixed(12, 13, 14, 15, 23, 24, 25, 34, 35, 45),
                gcat="COMBINED",
            ),
            canonical=False,
        ),
        MarketDef(
            "x_htft_ou_half",
            lambda m, line: _htft_first_half_total(m, line),
            "combo",
            bet9ja=Bet9jaForm(
                "S_HTFTOUHT",
                "HT/FT & O/U 1,5 HT",
                _o(
                    [f"{a}/{b}_{s}" for a in "1X2" for b in "1X2" for s in OU],
                    [f"{a}{b}{s[0].upper()}" for a in "1X2" for b in "1X2" for s in OU],
                    [f"{a}/{b} + {s.capitalize()}" for a in "1X2" for b in "1X2" for s in OU],
                ),
                fixed(1.5),
                gcat="COMBINED",
                cnt="G",
            ),
            canonical=False,
        ),
    ]
    for team, ids in (
        ("any", ("60300", "60301", "60302")),
        ("home", ("60303", "60304", "60305")),
        ("away", ("60306", "60307", "60308")),
    ):
        for k, mid in enumerate(ids, start=1):
            T = {"any": "Any Team", "home": "Home Team", "away": "Away Team"}[team]
            defs.append(
                MarketDef(
                    f"x_lead_by_{team}_{k}",
                    lambda m, _l, t=team, n=k: m.goals.lead_at_any_time(
                        None if t == "any" else t, n
                    ),
                    "exotic",
                    sportybet=SportyForm(
                        mid,
                        f"{T} to lead by {k} Goal{'s' if k > 1 else ''} at any time",
                        f"{T} to lead by {k} Goal{'s' if k > 1 else ''}",
                        SB_MAIN,
                        SB_YN,
                    ),
                    canonical=False,
                )
            )
    return defs


def _scored_by(m: MatchModel, minutes: int) -> Outcomes:
    p = 1.0 - m.goals.window(minutes).total[0]
    return {"yes": (p, 0.0), "no": (1.0 - p, 0.0)}


def _chance_mix_ou(m: MatchModel, line: float) -> Outcomes:
    rt = m.goals.result_total("ft", line)
    over = sum(rt[f"{r}_over"][0] for r in R3)
    out = {}
    for r in R3:
        p_r = rt[f"{r}_over"][0] + rt[f"{r}_under"][0]
        out[f"{r}_or_over"] = (p_r + over - rt[f"{r}_over"][0], 0.0)
        out[f"{r}_or_under"] = (p_r + (1 - over) - rt[f"{r}_under"][0], 0.0)
    return out


def _band_of(code: int) -> tuple[int, int]:
    return code // 10, code % 10


def _dc_band(m: MatchModel, code: int) -> Outcomes:
    lo, hi = _band_of(code)
    ft = m.goals.period("ft")
    res = [0.0, 0.0, 0.0]
    for h, a, p in ft.cells():
        if lo <= h + a <= hi:
            res[0 if h > a else 1 if h == a else 2] += p
    return {
        "home_draw": (res[0] + res[1], 0.0),
        "home_away": (res[0] + res[2], 0.0),
        "draw_away": (res[1] + res[2], 0.0),
    }


def _r3_band(m: MatchModel, code: int) -> Outcomes:
    out = _dc_band(m, code)
    hd, ha, da = out["home_draw"][0], out["home_away"][0], out["draw_away"][0]
    total = (hd + ha + da) / 2
    return {"home": (total - da, 0.0), "draw": (total - ha, 0.0), "away": (total - hd, 0.0)}


def _htft_first_half_total(m: MatchModel, line: float) -> Outcomes:
    htft = m.goals.htft()
    first = m.goals.period("1h")
    over = 1.0 - first.p_total_le(int(line))
    out = {}
    for key, (p, _) in htft.items():
        # Approximation: the first-half total is treated as independent of the HT/FT pair.
        out[f"{key}_over"] = (p * over, 0.0)
        out[f"{key}_under"] = (p * (1 - over), 0.0)
    return out


def _players(m: MatchModel, kind: str) -> Outcomes:
    """Goalscorer markets: a squad's share of the team's goal rate per player (names added by
    the renderer from the event's squads)."""
    goals = m.rates.goals
    out: Outcomes = {}
    for side, rate in (("home", goals.home1 + goals.home2), ("away", goals.away1 + goals.away2)):
        for i, share in enumerate(PLAYER_SHARES):
            r = rate * share
            p = 1.0 - 2.718281828459045 ** (-r)
            if kind == "first":
                total = sum((goals.home1 + goals.home2, goals.away1 + goals.away2))
                p = (r / total) * (1.0 - 2.718281828459045 ** (-total)) if total else 0.0
            out[f"{side}:{i}"] = (p, 0.0)
    return out


PLAYER_SHARES = (0.24, 0.18, 0.14, 0.11, 0.09, 0.07, 0.06, 0.05, 0.04, 0.03, 0.02, 0.01)


def all_defs() -> tuple[MarketDef, ...]:
    defs: list[MarketDef] = []
    for period in ("ft", "1h", "2h"):
        defs += _period_defs(period)
    defs += _team_defs()
    defs += _halves_defs()
    defs += _goals_defs()
    defs += _multigoal_defs()
    defs += [
        correct_score_def("ft", "4429", "45", "S_CSFT", CS_FT),
        correct_score_def("1h", "3819", "81", "S_CS1T", CS_HALF),
        correct_score_def("2h", "4063", "98", "S_CS2T", CS_HALF),
    ]
    defs += _combo_defs()
    defs += _corner_defs()
    defs += _unmapped_defs()
    return tuple(defs)


MARKETS: tuple[MarketDef, ...] = all_defs()
