"""Order-independent randomness: a value drawn from a hash of its coordinates.

The world is built with one sequential `random.Random(seed)`, but prices are computed lazily,
in whatever order requests arrive. Drawing them from a hash of (seed, book, event, slot, …)
makes every price a pure function of its coordinates, so the same seed always publishes the same
prices whatever was asked first.
"""

from __future__ import annotations

import math
import zlib

_MASK = (1 << 64) - 1


def _splitmix(x: int) -> int:
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def text_key(text: str) -> int:
    """A stable integer for a string coordinate (Python's own hash is salted per process)."""
    return zlib.crc32(text.encode())


def mix(*keys: int) -> int:
    """A 64-bit hash of integer coordinates."""
    h = 0x2545F4914F6CDD1D
    for key in keys:
        h = _splitmix(h ^ (key & _MASK))
    return h


def unit(*keys: int) -> float:
    """A uniform draw in [0, 1) fixed by its coordinates."""
    return (mix(*keys) >> 11) * (1.0 / (1 << 53))


def normal(*keys: int) -> float:
    """A standard normal draw fixed by its coordinates (Box–Muller on two hashed uniforms)."""
    u1 = unit(*keys, 1) or 1e-12
    u2 = unit(*keys, 2)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
