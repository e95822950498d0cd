"""Re-serialise a detail body by copying the pieces that did not change from its last bytes.

A detail body is a small head around one large container of per-market pieces (BetPawa's and
SportyBet's `markets` list, Bet9ja's flat `O` odds). After a tick only a few pieces change, so a
body is kept as its bytes plus, per piece, a key and where the piece sits in them. The next
revision serialises the head and the pieces whose key changed and copies the others from the
previous bytes: no second copy of the body is held, and the result is byte for byte what
`orjson.dumps` of the whole body gives. A piece's key must hold everything its rendering reads
(the renderers key on the `PublishedMarket`s, which `World.offer` carries over unchanged, plus
their own inputs); keys are compared by value, identity first.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import orjson

# Stands where the container goes while the head is serialised: orjson writes "\x00pieces" so,
# and no string a renderer writes contains it.
_HOLE_BYTES = orjson.dumps("\x00pieces")
HOLE = orjson.Fragment(_HOLE_BYTES)


@dataclass(frozen=True, slots=True)
class Spliced:
    """One serialised body: its container spans `body[hole[0]:hole[1]]`, piece j (key
    `keys[j]`) spans `body[bounds[2j]:bounds[2j + 1]]` (empty for a piece that writes nothing),
    and `head_key` names what the rest was serialised from (None: nothing to reuse it by)."""

    body: bytes
    head_key: object
    keys: tuple
    bounds: array
    hole: tuple[int, int]


def assemble(
    head: Callable[[], dict],
    keys: Sequence,
    build: Callable[[int], bytes],
    previous: Spliced | None,
    *,
    head_key: object = None,
    brackets: bytes = b"[]",
) -> Spliced:
    """Serialise the body `head()` gives, its container value `HOLE`, around the pieces `keys`
    name. Piece j is copied from `previous` when its key is the one at the same position there,
    else it is `build(j)` (its JSON; a dict's entries without the braces). Non-empty pieces are
    joined with commas inside `brackets`. The head is copied from `previous` too when both have
    the same `head_key` (not None): give one only when it holds all the head depends on."""
    if previous is not None and head_key is not None and previous.head_key == head_key:
        view = memoryview(previous.body)
        start, end = previous.hole
        before: bytes | memoryview = view[:start]
        after: bytes | memoryview = view[end:]
    else:
        text = orjson.dumps(head())
        start = text.index(_HOLE_BYTES)
        before, after = text[:start], text[start + len(_HOLE_BYTES) :]
        view = memoryview(previous.body) if previous is not None else None
    chunks: list[bytes | memoryview] = [before, brackets[:1]]
    hole_at = pos = len(before)
    pos += 1
    bounds: list[int] = []
    add = bounds.append
    old_keys: Sequence = previous.keys if previous is not None else ()
    old_bounds = previous.bounds if previous is not None else array("q")
    reusable = len(old_keys)
    empty = True
    for j, key in enumerate(keys):
        part: bytes | memoryview
        if j < reusable and ((old := old_keys[j]) is key or old == key):
            part = view[old_bounds[2 * j] : old_bounds[2 * j + 1]]  # type: ignore[index]
        else:
            part = build(j)
        size = len(part)
        if size:
            if empty:
                empty = False
            else:
                chunks.append(b",")
                pos += 1
            chunks.append(part)
        add(pos)
        pos += size
        add(pos)
    chunks.append(brackets[1:])
    chunks.append(after)
    return Spliced(b"".join(chunks), head_key, tuple(keys), array("q", bounds), (hole_at, pos + 1))
