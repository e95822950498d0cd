"""A migrated database per test module (SQLite file, or a fresh database on the test
PostgreSQL cluster), and a writer that stores read-model worlds the way the pipeline does:
`ensure_events`, then `detect_changes` → `WriteBatch` → `BatchWriter`, fed to a view too."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from oddsdesk.config import normalise_database_url
from oddsdesk.domain import Book, MarketQuote
from oddsdesk.pipeline.changes import CurrentState, apply_changes, detect_changes
from oddsdesk.readmodel.feed import feed_batch
from oddsdesk.readmodel.values import EventInfo
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store import migrate
from oddsdesk.store.batch import (
    EventRecord,
    LinkRecord,
    MatchMethod,
    RunRecord,
    TournamentRef,
    WriteBatch,
    event_key,
)
from oddsdesk.store.db import create_engine
from oddsdesk.store.writer import BatchWriter


@dataclass
class Database:
    url: str
    engine: Engine

    @property
    def sessions(self) -> sessionmaker[Session]:
        return sessionmaker(self.engine, expire_on_commit=False)


def sqlite_database(path: Path) -> Iterator[str]:
    yield f"sqlite+pysqlite:///{path}"


def postgres_database(base_url: str, name: str) -> Iterator[str]:
    """A fresh database on the test cluster, dropped afterwards."""
    admin = sa.create_engine(normalise_database_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(normalise_database_url(base_url))
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def open_database(urls: Iterator[str]) -> Iterator[Database]:
    url = next(urls)
    engine = create_engine(url)
    migrate.upgrade(engine)
    try:
        yield Database(url, engine)
    finally:
        engine.dispose()
        next(urls, None)


def database_for(kind: str, tmp: Path, postgres_url: str | None) -> Iterator[Database]:
    if kind == "sqlite":
        return open_database(sqlite_database(tmp / "oddsdesk.db"))
    assert postgres_url is not None
    return open_database(postgres_database(postgres_url, f"api_{uuid.uuid4().hex[:10]}"))


def _tournament(book: Book, name: str, country: str | None) -> TournamentRef:
    return TournamentRef(book, f"name:{country or ''}|{name}", name, country)


@dataclass
class Store:
    """Writes worlds through the real writer, keeping the pipeline's state and the view in step."""

    writer: BatchWriter
    view: OddsView | None = None
    state: CurrentState = field(default_factory=CurrentState)
    ids: dict[str, int] = field(default_factory=dict)

    def events(self, infos: Sequence[EventInfo], *, at: datetime) -> dict[int, int]:
        """Store the events and their links; returns the test's event id → stored id."""
        records = [
            EventRecord(
                key=event_key(sr_id=info.sr_id),
                sr_id=info.sr_id,
                home=info.home,
                away=info.away,
                kickoff=info.kickoff,
                tournament=_tournament(
                    info.links[0].book if info.links else Book.BETPAWA,
                    info.tournament,
                    info.country,
                ),
            )
            for info in infos
        ]
        self.ids.update(self.writer.ensure_events(records))
        mapping = {
            info.event_id: self.ids[record.key] for info, record in zip(infos, records, strict=True)
        }
        links = tuple(
            LinkRecord(
                event_id=mapping[info.event_id],
                book=link.book,
                book_event_id=link.book_event_id,
                home=link.home,
                away=link.away,
                kickoff=info.kickoff,
                seen_at=at,
                method=MatchMethod.SR_ID,
                tournament=_tournament(link.book, link.tournament, link.country),
            )
            for info in infos
            for link in info.links
        )
        self.submit(WriteBatch(events=tuple(records), links=links))
        return mapping

    def cycle(
        self,
        quotes: Iterable[tuple[int, Book, MarketQuote]],
        *,
        at: datetime,
        pairs: Iterable[tuple[int, Book]] = (),
    ) -> WriteBatch:
        """One scrape of the given (stored event id, book) pairs: the quotes each book showed."""
        shown: dict[tuple[int, Book], list[MarketQuote]] = {pair: [] for pair in pairs}
        for event_id, book, quote in quotes:
            shown.setdefault((event_id, book), []).append(quote)
        change_sets = []
        for (event_id, book), seen in shown.items():
            cs = detect_changes(self.state, event_id=event_id, book=book, quotes=seen, now=at)
            apply_changes(self.state, cs)
            change_sets.append(cs)
        return self.submit(WriteBatch(changes=tuple(change_sets)))

    def run(self, record: RunRecord) -> None:
        self.submit(WriteBatch(runs=(record,)))

    def submit(self, batch: WriteBatch) -> WriteBatch:
        self.writer.submit(batch)
        assert self.writer.flush(timeout=30), "the writer did not drain"
        if self.view is not None:
            feed_batch(self.view, batch, self.ids)
        return batch
