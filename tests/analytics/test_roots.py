from __future__ import annotations

import math

import pytest

from oddsdesk.analytics.roots import NoRoot, brent


def test_finds_a_root_to_full_precision() -> None:
    assert brent(lambda x: x * x - 2.0, 0.0, 2.0) == pytest.approx(math.sqrt(2.0), abs=1e-14)
    assert brent(lambda x: math.cos(x) - x, 0.0, 1.0) == pytest.approx(0.7390851332151607)


def test_accepts_a_reversed_bracket_and_exact_ends() -> None:
    assert brent(lambda x: x - 0.25, 1.0, 0.0) == pytest.approx(0.25)
    assert brent(lambda x: x, 0.0, 1.0) == 0.0


def test_flat_then_steep_functions_still_converge() -> None:
    # Secant steps crawl on this shape; the bisection safeguard must take over.
    root = brent(lambda x: x**9 - 1e-9, 0.0, 4.0)
    assert root == pytest.approx(1e-1, rel=1e-9)


def test_no_sign_change_is_an_error_not_a_guess() -> None:
    with pytest.raises(NoRoot, match="no sign change"):
        brent(lambda x: x * x + 1.0, -1.0, 1.0)
    with pytest.raises(NoRoot, match="no sign change"):
        brent(lambda x: float("nan"), 0.0, 1.0)


def test_the_iteration_budget_is_a_hard_bound() -> None:
    calls = []

    def f(x: float) -> float:
        calls.append(x)
        return x**9 - 1e-9

    with pytest.raises(NoRoot, match="no convergence in 3"):
        brent(f, 0.0, 1e6, max_iter=3)
    assert len(calls) == 2 + 3
