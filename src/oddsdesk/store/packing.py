"""The compact stored form of lines and prices, the same on SQLite and PostgreSQL.

A line is a SMALLINT of hundredths, with `NO_LINE` for lineless markets (so the unique key has no
NULL in it). A market's prices are one small binary value: per outcome, in the order of its
outcome set, an unsigned LEB128 varint of `thousandths << 1 | suspended`, where thousandths is
0 for "no price". Typical odds take 2–3 bytes, against ~40 bytes of JSON per outcome.
"""

from __future__ import annotations

from oddsdesk.domain import OutcomePrice
from oddsdesk.pipeline.changes import (
    LINE_SCALE,
    PRICE_LIMIT,
    PRICE_SCALE,
    line_units,
    price_units,
)

NO_LINE = -32_768
"""The line key of a market without a line; outside the range `line_units` can produce."""


def line_key(line: float | None) -> int:
    units = line_units(line)
    return NO_LINE if units is None else units


def key_line(key: int) -> float | None:
    return None if key == NO_LINE else key / LINE_SCALE


def pack_prices(outcomes: tuple[OutcomePrice, ...]) -> bytes:
    out: list[int] = []
    for outcome in outcomes:
        price = outcome.price
        if price is None:
            value = 0
        else:
            value = round(price * PRICE_SCALE) << 1 if 0 < price <= PRICE_LIMIT else 0
            if not value:  # out of range, NaN, or rounds to nothing
                price_units(price)  # raises the ValueError that says why
        if not outcome.available:
            value |= 1
        if value < 0x4000:  # odds up to 8.19: the common case, unrolled
            out.extend((value & 0x7F | 0x80, value >> 7) if value >= 0x80 else (value,))
            continue
        while value >= 0x80:
            out.append(value & 0x7F | 0x80)
            value >>= 7
        out.append(value)
    return bytes(out)


def unpack_prices(blob: bytes, names: tuple[str, ...]) -> tuple[OutcomePrice, ...]:
    """Rebuild the outcomes; an empty blob (a vanished market in history) gives none."""
    if not blob:
        return ()
    values: list[int] = []
    value = shift = 0
    for byte in blob:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        values.append(value)
        value = shift = 0
    if len(values) != len(names) or shift:
        raise ValueError(f"packed prices hold {len(values)} values for {len(names)} outcomes")
    return tuple(
        OutcomePrice(name, (v >> 1) / PRICE_SCALE if v >> 1 else None, not v & 1)
        for name, v in zip(names, values, strict=True)
    )
