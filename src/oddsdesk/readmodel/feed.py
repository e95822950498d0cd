"""How the view is filled: warmed from the database at start, then fed each committed write
batch by the pipeline in the same process (`feed_batch`), so it never re-reads what the pipeline
just wrote; or, when the pipeline runs in another process (`oddsdesk serve` beside
`oddsdesk run`), following the database (`follow`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from oddsdesk.domain import Book
from oddsdesk.readmodel.values import BookLink, EventInfo, Seen
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store.batch import LinkRecord, WriteBatch
from oddsdesk.store.view_queries import (
    StoredEvent,
    stored_confirmations,
    stored_events,
    stored_quotes,
    touched_events,
)

UrlOf = Callable[[Book, str], str | None]
KEEP_STARTED = timedelta(hours=3)
"""Started events stay in the view this long (the list can still show them when asked)."""


def no_url(book: Book, book_event_id: str) -> None:
    return None


def _info(event: StoredEvent, url_of: UrlOf) -> EventInfo:
    links = tuple(
        BookLink(
            book=link.book,
            book_event_id=link.book_event_id,
            home=link.home,
            away=link.away,
            tournament=link.tournament or event.tournament or "",
            country=link.country,
            url=url_of(link.book, link.book_event_id),
            matched_by=link.method,
            confidence=link.confidence,
        )
        for link in event.links
    )
    return EventInfo(
        event_id=event.id,
        sr_id=event.sr_id,
        home=event.home,
        away=event.away,
        kickoff=event.kickoff,
        tournament=event.tournament or "",
        country=event.country,
        links=links,
    )


def load(
    session: Session,
    *,
    since: datetime | None = None,
    event_ids: Collection[int] | None = None,
    url_of: UrlOf = no_url,
) -> tuple[list[EventInfo], list, list[Seen]]:
    """Events, quotes and confirmations as the view takes them."""
    events = [_info(e, url_of) for e in stored_events(session, since=since, event_ids=event_ids)]
    quotes = list(stored_quotes(session, since=since, event_ids=event_ids))
    seen = [
        Seen(event_id, book, at)
        for event_id, book, at in stored_confirmations(session, since=since, event_ids=event_ids)
    ]
    return events, quotes, seen


def warm(
    view: OddsView,
    session_factory: Callable[[], Session],
    *,
    url_of: UrlOf = no_url,
    keep_started: timedelta = KEEP_STARTED,
) -> int:
    """Fill the view with every current event (kicked off at most `keep_started` ago)."""
    with session_factory() as session:
        events, quotes, seen = load(session, since=view.clock() - keep_started, url_of=url_of)
    view.replace(events=events, quotes=quotes, seen=seen)
    return len(events)


def _link(record: LinkRecord, url_of: UrlOf) -> BookLink:
    tournament = record.tournament
    return BookLink(
        book=record.book,
        book_event_id=record.book_event_id,
        home=record.home,
        away=record.away,
        tournament=tournament.name if tournament else "",
        country=tournament.country if tournament else None,
        url=url_of(record.book, record.book_event_id),
        matched_by=str(record.method),
        confidence=record.confidence,
    )


def feed_batch(
    view: OddsView,
    batch: WriteBatch,
    event_ids: Mapping[str, int],
    *,
    url_of: UrlOf = no_url,
    keep_started: timedelta = KEEP_STARTED,
) -> frozenset[int]:
    """Fold one committed `WriteBatch` into the view (call it once the writer has written it).

    `event_ids` maps the batch's event keys to their database ids (the pipeline knows them from
    `BatchWriter.ensure_events`). Links accumulate: a book missing from this batch keeps the
    link the view already had. Events kicked off over `keep_started` ago leave the view.
    """
    snapshot = view.snapshot
    infos: dict[int, EventInfo] = {}
    for record in batch.events:
        event_id = event_ids.get(record.key)
        if event_id is None:
            continue
        current = snapshot.events.get(event_id)
        tournament = record.tournament
        infos[event_id] = EventInfo(
            event_id=event_id,
            sr_id=record.sr_id,
            home=record.home,
            away=record.away,
            kickoff=record.kickoff,
            tournament=tournament.name if tournament else "",
            country=tournament.country if tournament else None,
            links=current.info.links if current else (),
        )
    by_event: dict[int, dict[Book, BookLink]] = {}
    for link in batch.links:
        by_event.setdefault(link.event_id, {})[link.book] = _link(link, url_of)
    for event_id, new_links in by_event.items():
        info = infos.get(event_id)
        if info is None:
            current = snapshot.events.get(event_id)
            if current is None:
                continue
            info = current.info
        merged = {link.book: link for link in info.links}
        merged.update(new_links)
        infos[event_id] = EventInfo(
            event_id=info.event_id,
            sr_id=info.sr_id,
            home=info.home,
            away=info.away,
            kickoff=info.kickoff,
            tournament=info.tournament,
            country=info.country,
            links=tuple(merged[book] for book in Book if book in merged),
        )
    changed = view.apply_changes(batch.changes, events=infos.values())
    return changed | view.prune(kicked_off_before=view.clock() - keep_started)


def follow(
    view: OddsView,
    session_factory: Callable[[], Session],
    *,
    since: datetime,
    url_of: UrlOf = no_url,
    keep_started: timedelta = KEEP_STARTED,
) -> frozenset[int]:
    """Bring the view up to what another process (`oddsdesk run`) wrote from `since` on: events
    and links touched, quotes changed, books' answers. Quotes equal to the view's are skipped, so
    an overlapping `since` costs reads, never recomputation. Returns the events changed."""
    window = view.clock() - keep_started
    with session_factory() as session:
        touched = touched_events(session, since=since)
        stored = stored_events(session, event_ids=touched) if touched else []
        quotes = list(stored_quotes(session, since=window, changed_since=since))
        answers = stored_confirmations(session, since=window, confirmed_since=since)
    events = [_info(e, url_of) for e in stored if e.kickoff >= window and e.status != "finished"]
    current = view.snapshot.events
    fresh = []
    for key, state in quotes:
        event_id, book, market, line = key
        known = current.get(event_id)
        if known is None or known.quotes.get((book, market, line)) != state:
            fresh.append((key, state))
    changed = view.apply(
        events=events,
        quotes=fresh,
        seen=[Seen(event_id, book, at) for event_id, book, at in answers],
    )
    return changed | view.prune(kicked_off_before=window)
