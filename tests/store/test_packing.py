from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oddsdesk.domain import OutcomePrice
from oddsdesk.store.packing import NO_LINE, key_line, line_key, pack_prices, unpack_prices


@pytest.mark.parametrize("line", [None, 0.0, 2.5, -0.75, 0.25, 1.0, -3.5, 45.5, 327.67, -327.67])
def test_line_key_round_trips(line: float | None) -> None:
    assert key_line(line_key(line)) == line


def test_no_line_cannot_collide_with_a_real_line() -> None:
    assert line_key(None) == NO_LINE
    assert line_key(-327.67) != NO_LINE
    with pytest.raises(ValueError):
        line_key(-327.68)


def test_typical_prices_take_two_or_three_bytes_each() -> None:
    three_way = (
        OutcomePrice("home", 1.85, True),
        OutcomePrice("draw", 3.4, True),
        OutcomePrice("away", 4.2, True),
    )
    assert len(pack_prices(three_way)) == 6  # odds up to 8.19 fit in two bytes
    assert len(pack_prices((OutcomePrice("over", 1.01, True),))) == 2
    assert len(pack_prices((OutcomePrice("0_5", 251.0, True),))) == 3


def test_no_price_and_suspension_survive() -> None:
    outcomes = (
        OutcomePrice("a", None, False),
        OutcomePrice("b", None, True),
        OutcomePrice("c", 2.25, False),
        OutcomePrice("d", 1000.0, True),
    )
    assert unpack_prices(pack_prices(outcomes), ("a", "b", "c", "d")) == outcomes


def test_an_empty_blob_is_a_vanished_market() -> None:
    assert unpack_prices(b"", ("home", "away")) == ()


def test_a_blob_that_does_not_fit_its_names_is_an_error() -> None:
    blob = pack_prices((OutcomePrice("x", 2.0, True), OutcomePrice("y", 2.0, True)))
    with pytest.raises(ValueError, match="2 values for 3 outcomes"):
        unpack_prices(blob, ("x", "y", "z"))
    with pytest.raises(ValueError):
        unpack_prices(blob[:-1] + b"\x80", ("x", "y"))


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(1, 10**9).map(lambda n: n / 1000)), st.booleans()
        ),
        min_size=1,
        max_size=40,
    )
)
def test_pack_round_trips_at_thousandths(values: list[tuple[float | None, bool]]) -> None:
    outcomes = tuple(OutcomePrice(f"o{i}", p, a) for i, (p, a) in enumerate(values))
    names = tuple(o.outcome for o in outcomes)
    assert unpack_prices(pack_prices(outcomes), names) == outcomes
