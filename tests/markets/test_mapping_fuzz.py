"""Whatever a book sends, mapping answers: a quote or a reported reason, never an exception."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oddsdesk.domain import Book, BookEvent, BookMarket, BookOutcome, EventRef
from oddsdesk.markets.catalogue import load_catalogue
from oddsdesk.markets.mapping import map_lines

CATALOGUE = load_catalogue()
KNOWN = {book: sorted({v.market for _, v in CATALOGUE.variants(book)}) for book in Book}
CODES = sorted({c.code for book in Book for _, v in CATALOGUE.variants(book) for c in v.outcomes})
TEXT = st.text(alphabet="0123456789.:-+=|abtotalhcpgoalnrminute ", max_size=14)

outcomes = st.builds(
    BookOutcome,
    code=st.one_of(st.sampled_from(CODES), st.text(max_size=6)),
    name=st.one_of(st.text(max_size=20), st.sampled_from(["Over 2.5", "Home (0:1)", "1"])),
    price=st.one_of(st.none(), st.floats(min_value=1.01, max_value=500)),
    available=st.booleans(),
)


@st.composite
def events(draw, book: Book) -> BookEvent:
    markets = draw(
        st.lists(
            st.builds(
                BookMarket,
                market_id=st.one_of(st.sampled_from(KNOWN[book]), st.text(max_size=8)),
                name=st.just("m"),
                specifier=st.one_of(
                    st.none(),
                    TEXT,
                    st.sampled_from(["total=2.5", "hcp=0:1", "goalnr=1", "2.25", "-1", "0:3"]),
                ),
                outcomes=st.lists(outcomes, max_size=6).map(tuple),
            ),
            max_size=12,
        )
    )
    return BookEvent(ref=replace(REF, book=book), markets=tuple(markets))


REF = EventRef(
    book=Book.BETPAWA,
    book_event_id="1",
    sr_id="1",
    home="Home FC",
    away="Away FC",
    kickoff=datetime(2026, 5, 6, 11, tzinfo=UTC),
    tournament="T",
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mapping_never_raises_and_accounts_for_every_line(data) -> None:
    book = data.draw(st.sampled_from(list(Book)))
    event = data.draw(events(book))
    for line in map_lines(event, CATALOGUE):
        assert line.quotes or line.problems
