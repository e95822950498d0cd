"""SportyBet: the market `id` and the shape of its `specifier` pick the catalogue rows; outcomes
are read from their `desc`, which embeds the line and the team names ("Home & Under 1.5",
"Wuhan Three Towns FC/draw & over 1.5"), and only then from the outcome id. European handicaps
("hcp=0:1") are converted to the home line (−1) by the row's `line_format`."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from operator import itemgetter

from oddsdesk.domain import Book, BookMarket, BookOutcome, EventRef
from oddsdesk.markets.catalogue import Catalogue
from oddsdesk.markets.lines import parse_line, render
from oddsdesk.markets.mapping import (
    Row,
    Target,
    Unmappable,
    index_rows,
    outcome_code,
    rows_for,
)

_code_and_name = itemgetter(0, 1)
"""A BookOutcome's code and name, read by a C-level getter for plan keys."""
_name = itemgetter(1)


@dataclass(frozen=True, slots=True)
class _Form:
    """A specifier template split once: the fixed key=value parts and the key carrying the line."""

    row: Row
    fixed: tuple[tuple[str, str], ...]
    keys: frozenset[str]
    line_key: str | None

    @classmethod
    def of(cls, row: Row) -> _Form:
        parts = _split(row.variant.specifier)
        line_key = next((k for k, v in parts.items() if v == "{line}"), None)
        fixed = tuple((k, v) for k, v in parts.items() if k != line_key)
        return cls(row, fixed, frozenset(parts), line_key)

    def line_text(self, parts: dict[str, str]) -> str | bool | None:
        """The line text this form reads from `parts`; None if it reads none; False: no fit."""
        if parts.keys() != self.keys or any(parts[k] != v for k, v in self.fixed):
            return False
        return parts[self.line_key] if self.line_key else None


class SportyBetMapper:
    book = Book.SPORTYBET

    def __init__(self, catalogue: Catalogue) -> None:
        self._forms = {
            market: tuple(_Form.of(row) for row in rows)
            for market, rows in index_rows(catalogue, self.book).items()
        }
        self._by_team = frozenset(
            market
            for market, forms in self._forms.items()
            if any(_names_teams(c.label) for f in forms for c in f.row.variant.outcomes)
        )

    def targets(self, market: BookMarket, ref: EventRef) -> list[Target]:
        forms = rows_for(self._forms, market.market_id)
        parts = _split(market.specifier)
        targets = []
        for form in forms:
            text = form.line_text(parts)
            if text is False:
                continue
            row = form.row
            if text is None:
                line = row.variant.fixed_line
            else:
                try:
                    line = parse_line(text, row.variant.line_format)
                except ValueError:
                    raise Unmappable("unreadable line") from None
            identify = self._reader(row, text or "", line, ref)
            targets.append(Target(row.market, line, identify))
        if not targets:
            raise Unmappable("specifier matches no catalogue form")
        return targets

    def plan_key(self, market: BookMarket, ref: EventRef) -> Hashable:
        """Descs name the teams only in a few markets (HT/FT & totals): only those plans are
        per match; the rest are shared by every match with the same lines and descs."""
        if market.market_id not in self._forms:
            return market.market_id
        outcomes = market.outcomes
        if market.market_id in self._by_team:  # flat tuples: a third of the memory per plan
            codes, names = tuple(map(outcome_code, outcomes)), tuple(map(_name, outcomes))
            return (market.market_id, market.specifier, codes, names, ref.home, ref.away)
        return (market.market_id, market.specifier, tuple(map(_code_and_name, outcomes)))

    def _reader(
        self, row: Row, text: str, line: float | None, ref: EventRef
    ) -> Callable[[BookOutcome], str | None]:
        """Desc first (rendered from the row's templates for this line and these teams), then the
        outcome id: the desc is what the punter sees, the id survives a renamed team."""
        descs = {
            _normal(render(c.label, line_text=text, line=line, home=ref.home, away=ref.away)): (
                c.outcome
            )
            for c in row.variant.outcomes
        }
        codes = row.codes

        def identify(outcome: BookOutcome) -> str | None:
            return descs.get(_normal(outcome.name)) or codes.get(outcome.code)

        return identify


def _split(specifier: str | None) -> dict[str, str]:
    if not specifier:
        return {}
    parts = {}
    for part in specifier.split("|"):
        key, _, value = part.partition("=")
        parts[key.strip()] = value.strip()
    return parts


def _names_teams(template: str) -> bool:
    return "{home}" in template or "{away}" in template


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()
