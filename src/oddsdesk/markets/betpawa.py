"""BetPawa: `marketType.id` picks the catalogue rows, the row line is the line, the price name
is the outcome. The parser has already divided BetPawa's ×4 `row.handicap`, and BetPawa states
Asian and European lines from the home side, so a line is read as a plain decimal. Rows of one
line (1X2 & Totals puts Over and Under in two rows) are merged before mapping."""

from __future__ import annotations

from oddsdesk.domain import Book
from oddsdesk.markets.mapping import KeyedMapper


class BetPawaMapper(KeyedMapper):
    book = Book.BETPAWA
