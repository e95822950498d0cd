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
from itertools import compress, count
from operator import ne

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
    keys: Sequence[tuple],
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
    the same `head_key` (not None): give one only when it holds all the head depends on.

    Keys are tuples, so comparing them runs in C and takes identical members as equal without
    calling their `__eq__`; unchanged neighbours are copied as one run."""
    if previous is not None and head_key is not None and previous.head_key == head_key:
        view = memoryview(previous.body)
        before: bytes | memoryview = view[: previous.hole[0]]
        after: bytes | memoryview = view[previous.hole[1] :]
    else:
        text = orjson.dumps(head())
        cut = text.index(_HOLE_BYTES)
        before, after = text[:cut], text[cut + len(_HOLE_BYTES) :]
        view = memoryview(previous.body) if previous is not None else memoryview(b"")
    old_keys = previous.keys if previous is not None else ()
    old = previous.bounds if previous is not None else array("q")
    n = len(keys)
    changed = list(compress(count(), map(ne, keys, old_keys)))
    changed.extend(range(min(n, len(old_keys)), n))
    changed.append(n)
    chunks: list[bytes | memoryview] = [before, brackets[:1]]
    hole_at = len(before)
    pos = hole_at + 1
    bounds = array("q")
    empty = True
    j = 0
    for c in changed:
        if c > j:  # pieces j..c-1 are unchanged: copy what they wrote in one go
            first, last = j, c - 1
            while first <= last and old[2 * first] == old[2 * first + 1]:
                first += 1
            while last >= first and old[2 * last] == old[2 * last + 1]:
                last -= 1
            if first <= last:
                if not empty:
                    chunks.append(b",")
                    pos += 1
                empty = False
                start, end = old[2 * first], old[2 * last + 1]
                chunks.append(view[start:end])
                delta = pos - start
                pos += end - start
            else:
                delta = pos - old[2 * j]
            run = old[2 * j : 2 * c]
            bounds.extend(run if delta == 0 else array("q", [x + delta for x in run]))
        if c < n:
            part = build(c)
            if part:
                if not empty:
                    chunks.append(b",")
                    pos += 1
                empty = False
                chunks.append(part)
            bounds.append(pos)
            pos += len(part)
            bounds.append(pos)
        j = c + 1
    chunks.append(brackets[1:])
    chunks.append(after)
    return Spliced(b"".join(chunks), head_key, tuple(keys), bounds, (hole_at, pos + 1))
