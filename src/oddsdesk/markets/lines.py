"""Lines as the books write them, and the one convention oddsdesk keeps.

Canonical convention: a total is its goal (or corner) line; a handicap is the home side's
(home −1 is −1 on every book); an "nth" line is the number of the goal or corner; a "minute"
line is the minute an interval ends. Books write these three ways, named by `line_format`:

* ``decimal`` — the number itself: SportyBet "total=2.5", "hcp=-0.75"; Bet9ja "@-1"; BetPawa
  rows (already divided by 4 by the parser).
* ``score`` — SportyBet's European "hcp=X:Y" (a head start of X goals to home, Y to away), whose
  home line is X − Y: "0:1" is home −1.
* ``score_next`` — Bet9ja live "NEXTGOAL@h:a" (the score now), which is goal number h + a + 1.

Label templates (SportyBet descs, simulator output) use {line} (the line as the book writes it),
{home}/{away} (team names) and {hcp_home}/{hcp_away} (signed handicap as SportyBet shows it in
descs: "-1.0", "+0.5", "0").
"""

from __future__ import annotations

LINE_FORMATS = ("decimal", "score", "score_next")


def parse_line(text: str, line_format: str = "decimal") -> float:
    """The canonical line for a book's line text; ValueError when it is not one."""
    text = text.strip()
    if line_format == "decimal":
        value = float(text)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"line {text!r} is not a finite number")
        return canonical(value)
    home, sep, away = text.partition(":")
    if not sep:
        raise ValueError(f"line {text!r} is not a score 'X:Y'")
    h, a = int(home), int(away)
    if h < 0 or a < 0:
        raise ValueError(f"line {text!r} has a negative score")
    if line_format == "score":
        return float(h - a)
    if line_format == "score_next":
        return float(h + a + 1)
    raise ValueError(f"unknown line format {line_format!r}")


def format_line(value: float, line_format: str = "decimal") -> str:
    """The book's text for a canonical line: the inverse of `parse_line`."""
    if line_format == "decimal":
        return format_decimal(value)
    if line_format == "score":
        whole = int(value)
        return f"{max(whole, 0)}:{max(-whole, 0)}"
    if line_format == "score_next":
        return f"{int(value) - 1}:0"
    raise ValueError(f"unknown line format {line_format!r}")


def canonical(value: float) -> float:
    """Lines are quarters at finest; rounding removes float noise so equal lines compare equal."""
    return round(value, 2) + 0.0


def format_decimal(value: float) -> str:
    """2.0 → "2", 2.5 → "2.5", -0.75 → "-0.75"."""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0")


def signed(value: float) -> str:
    """A handicap as SportyBet descs show it: "0", "-1.0", "+0.5", "-0.75"."""
    if value == 0:
        return "0"
    text = f"{value:+.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def render(
    template: str, *, line_text: str = "", line: float | None = None, home: str = "", away: str = ""
) -> str:
    """Fill a label template; placeholders absent from the template cost nothing."""
    if "{" not in template:
        return template
    text = template.replace("{line}", line_text).replace("{home}", home).replace("{away}", away)
    if line is not None and "{hcp_" in text:
        text = text.replace("{hcp_home}", signed(line)).replace("{hcp_away}", signed(-line))
    return text
