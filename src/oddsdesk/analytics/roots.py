"""A bounded scalar root finder for the de-vig solvers, so the analytics need no SciPy."""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["NoRoot", "brent"]


class NoRoot(ArithmeticError):
    """The bracket holds no sign change, or the iteration budget ran out."""


def brent(
    f: Callable[[float], float],
    lo: float,
    hi: float,
    *,
    xtol: float = 1e-14,
    max_iter: int = 200,
) -> float:
    """A root of `f` in [lo, hi] by Brent's method (inverse quadratic, secant, bisection).

    The bisection fallback guarantees convergence on any sign-changing bracket; `max_iter`
    bounds the work so a bad function can never spin.
    """
    a, b = lo, hi
    fa, fb = f(a), f(b)
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    if math.isnan(fa) or math.isnan(fb) or (fa > 0) == (fb > 0):
        raise NoRoot(f"no sign change on [{lo}, {hi}]: f = {fa}, {fb}")
    if abs(fa) < abs(fb):
        a, b, fa, fb = b, a, fb, fa
    c, fc, d = a, fa, a
    bisected = True
    for _ in range(max_iter):
        tol = xtol * max(1.0, abs(b))
        if fb == 0.0 or abs(b - a) <= tol:
            return b
        if fa != fc and fb != fc:
            s = (
                a * fb * fc / ((fa - fb) * (fa - fc))
                + b * fa * fc / ((fb - fa) * (fb - fc))
                + c * fa * fb / ((fc - fa) * (fc - fb))
            )
        else:
            s = b - fb * (b - a) / (fb - fa)
        edge = (3 * a + b) / 4
        if (
            not (min(edge, b) < s < max(edge, b))
            or (bisected and abs(s - b) >= abs(b - c) / 2)
            or (not bisected and abs(s - b) >= abs(c - d) / 2)
            or (bisected and abs(b - c) < tol)
            or (not bisected and abs(c - d) < tol)
        ):
            s = (a + b) / 2
            bisected = True
        else:
            bisected = False
        fs = f(s)
        d, c, fc = c, b, fb
        if (fa > 0) != (fs > 0):
            b, fb = s, fs
        else:
            a, fa = s, fs
        if abs(fa) < abs(fb):
            a, b, fa, fb = b, a, fb, fa
    raise NoRoot(f"no convergence in {max_iter} iterations on [{lo}, {hi}]")
