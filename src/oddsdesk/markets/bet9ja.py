"""Bet9ja: the key prefix (`S_OU`, live `LIVES_OU`) picks the catalogue rows, the `@param` is the
line, the key suffix is the outcome. Suffixes are Bet9ja's own and read only from the catalogue,
never guessed by analogy (`S_DC1X21` uses X1 for X2). One key may feed several rows, each taking
its own suffixes: `S_HAOU@1.5` is the home total (OH/UH) and the away total (OA/UA)."""

from __future__ import annotations

from oddsdesk.domain import Book
from oddsdesk.markets.mapping import KeyedMapper


class Bet9jaMapper(KeyedMapper):
    book = Book.BET9JA
