"""Start-up: what the pipeline must know before its first cycle, read from the database.

The last known quotes of every upcoming event (so the first cycle diffs instead of rewriting
everything), their kickoffs (so events that left the listings while the process was down are
recognised), and the ids of known events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oddsdesk.pipeline.memory import KnownOdds
from oddsdesk.store import models as m
from oddsdesk.store.db import store_errors
from oddsdesk.store.warmup import load_current_state, load_event_ids


@dataclass(frozen=True, slots=True)
class Warm:
    memory: KnownOdds
    event_ids: dict[str, int]


def warm_up(engine: Engine, *, now: datetime) -> Warm:
    with store_errors("warm up"), engine.connect() as conn:
        state = load_current_state(conn, since=now)
        event_ids = load_event_ids(conn, since=now)
        events = m.EventRow.__table__
        query = sa.select(events.c.id, events.c.kickoff).where(
            events.c.kickoff >= now, events.c.status != "finished"
        )
        kickoffs = dict(conn.execute(query).all())
    memory = KnownOdds(state)
    for event_id, kickoff in kickoffs.items():
        memory.note_kickoff(event_id, kickoff)
    return Warm(memory, event_ids)
