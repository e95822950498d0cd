"""How each book dresses a market, where the captures show it and the catalogue does not say:
BetPawa's display name, tabs, priority and prices per row; SportyBet's group and title; Bet9ja's
market category. Markets not listed here get plain defaults from their catalogue category."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BetPawaLook:
    display: str
    tabs: tuple[str, ...] = ("all",)
    priority: int = 500
    per_row: int = 0  # lineless markets spread over rows of this many prices (0: one row)


_BP_ROWS = {  # BetPawa type id → prices per row, as the captures lay them out
    "4706": 3,
    "4926": 2,
    "1096782": 2,
    "28000209": 2,
    "28000035": 3,
    "4942": 3,
    "4938": 3,
    "28000047": 3,
    "28000065": 3,
    "28000071": 3,
    "28000077": 2,
    "28000083": 2,
    "4429": 2,
    "28000869": 2,
    "3819": 2,
    "4063": 2,
    "1096755": 3,
    "3591790": 2,
    "28000089": 3,
    "28000228": 2,
    "28000014": 2,
    "28000021": 2,
    "28000028": 2,
    "129108": 1,
}
_BP_TABS = {
    "Popular": ("popular", "all"),
    "Goals": ("goals", "all"),
    "Handicaps": ("specials", "all"),
    "Halves": ("halves", "all"),
    "Combos": ("combos", "all"),
    "Corners": ("corners", "all"),
    "Specials": ("specials", "all"),
    "Other": ("all",),
}
_BP_PRIORITY = {
    "3743": 1,
    "4693": 20,
    "3795": 30,
    "28000224": 35,
    "5000": 40,
    "5006": 50,
    "5003": 60,
    "4706": 64,
    "4724": 65,
    "3668": 75,
    "3685": 76,
    "28000173": 77,
    "4958": 78,
    "4976": 79,
    "3774": 105,
    "1096755": 110,
    "4703": 111,
    "4429": 120,
    "28000869": 120,
    "129108": 210,
}


def betpawa(type_id: str, name: str, category: str) -> BetPawaLook:
    """BetPawa shows "1X2 | Full Time" where its type name is "1X2 - FT"."""
    base, _, period = name.rpartition(" - ")
    period_text = {"FT": "Full Time", "1H": "First Half", "2H": "Second Half"}.get(period)
    display = f"{base} | {period_text}" if base and period_text else name
    return BetPawaLook(
        display,
        _BP_TABS.get(category, ("all",)),
        _BP_PRIORITY.get(type_id, 500),
        _BP_ROWS.get(type_id, 0),
    )


SPORTYBET_GROUP = {
    "Popular": "Main",
    "Goals": "Goals",
    "Handicaps": "Main",
    "Halves": "Half",
    "Combos": "Combo",
    "Corners": "Corners",
    "Cards": "Bookings",
    "Specials": "Main",
    "Other": "Main",
}
SPORTYBET_PLAYERS = frozenset({"38", "39", "40"})
SPORTYBET_MINUTES = frozenset({"105", "900069", "900313", "100", "101"})
SPORTYBET_TITLE = {
    "1": "1,X,2",
    "10": "1X,12,X2",
    "29": "GG,NG",
    "11": "1,2",
    "26": "Odd,Even",
    "18": "Goals,Over,Under",
    "16": "1,2",
    "14": "Handicap,1,X,2",
    "8": "1,None,2",
    "166": ",Over,Under",
    "162": "1,X,2",
    "12": "X,2",
    "13": "1,X",
    "60000": "GG 2+, NG 2+",
}
SPORTYBET_GROUP_IDS = {
    "Main": "171121135724MGI11262166",
    "Goals": "171121144758MGI11271357",
    "Half": "171121154448MGI11275318",
    "Combo": "171124164932MGI11390628",
    "Corners": "171121181907MGI11283762",
    "Minutes": "250317121745MGI79463943",
    "Players": "221127141545MGI46492952",
    "Bookings": "171121183519MGI11285871",
}

BET9JA_GCAT = {
    "Popular": "POPULAR",
    "Goals": "GOAL",
    "Handicaps": "POPULAR",
    "Halves": "HT",
    "Combos": "COMBINED",
    "Corners": "CORNER",
    "Cards": "OTHER",
    "Specials": "OTHER",
    "Other": "OTHER",
}
BET9JA_MARKETID = {
    "S_1X2": "1",
    "S_DC": "2",
    "S_GGNG": "3",
    "S_DNB": "4",
    "S_OE": "5",
    "S_OU": "6",
    "S_AH": "14697",
    "S_OUA": "14696",
    "S_1X2HND": "13",
    "S_CSFT": "306",
    "S_SCORET": "13193",
    "S_WINMARGIN": "100",
    "S_1STGOAL": "2287",
    "S_LASTSCORE": "26",
    "S_NGOALS": "96",
    "S_HTFTCS": "126",
    "S_OUCORNERS": "9",
    "S_TEAMCORNER": "130",
}
