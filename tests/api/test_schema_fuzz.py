"""No input produces a 500: a property-based run of schemathesis over the whole OpenAPI schema,
against the app with real data (stored through the real writer) and the real control parts.

Every generated request, valid or not, must get a documented status with a body matching its
schema; invalid ones must be refused with a 4xx. The run is bounded (examples per operation) so
it stays well under two minutes. The general stream (`/api/stream`) never ends by design and is
tested on its own in `test_stream.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from oddsdesk.api import create_app
from oddsdesk.config import Settings
from oddsdesk.readmodel.view import OddsView
from oddsdesk.store.writer import BatchWriter
from tests.support.odds import world
from tests.support.runtime import API_KEY, ApiRuntime
from tests.support.stored import Store, database_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    for db in database_for("sqlite", tmp, None):
        with BatchWriter(db.engine, tmp / "spool") as writer:
            view = OddsView()
            store = Store(writer, view=view)
            events, _, _ = world(12, lines=2)
            store.events(events, at=events[0].kickoff)
            runtime = ApiRuntime(
                settings=Settings(database_url=db.url, api_key=API_KEY, _env_file=None),
                session_factory=db.sessions,
                view=view,
                writer=writer,
            )
            app = create_app(runtime)
            yield schemathesis.openapi.from_asgi("/api/openapi.json", app)
            schemathesis.python.asgi.shutdown_lifespans()


EXAMPLES = 15
SKIPPED = {"/api/stream"}


def _can_be_invalid(api_schema: object, operation: object) -> bool:
    """Whether anything but the optional key header can be sent wrong (else there is no
    negative case to make)."""
    spec = api_schema.raw_schema["paths"][operation.path][operation.method.lower()]
    params = [p for p in spec.get("parameters", []) if p["name"] != "X-API-Key"]
    return bool(params or spec.get("requestBody"))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_gets_a_server_error(api_schema: object, mode: GenerationMode) -> None:
    """Each operation, with generated valid (positive) or invalid (negative) requests."""
    failures: list[str] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.path in SKIPPED:
            continue
        operations += 1
        if mode is GenerationMode.NEGATIVE and not _can_be_invalid(api_schema, operation):
            continue

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"X-API-Key": API_KEY}, checks=CHECKS)

        try:
            check()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert operations >= 20
    assert not failures, "\n\n".join(failures)
