"""The commands a user types: `oddsdesk demo` and `oddsdesk scrape`, over real loopback HTTP."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from oddsdesk.cli import app
from oddsdesk.pipeline.simproc import SimulatorProcess


def test_demo_scrapes_the_simulator_serves_the_api_and_stops_by_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["demo", "--events", "15", "--shallow", "--interval", "5", "--cycles", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "API docs    http://127.0.0.1:" in result.output
    assert "dashboard   http://127.0.0.1:" in result.output
    assert "API key" in result.output and "succeeded" in result.output
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'oddsdesk-demo.db'}")
    with engine.connect() as conn:
        runs = conn.execute(sa.text("SELECT status FROM scrape_runs")).scalars().all()
        events = conn.execute(sa.text("SELECT count(*) FROM events")).scalar_one()
    engine.dispose()
    assert "succeeded" in runs and events > 5


def test_scrape_once_prints_a_json_summary_and_stores_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SimulatorProcess(events=12, seed=4, shallow=True, tick_seconds=0) as simulator:
        for name, value in simulator.settings().items():
            monkeypatch.setenv(f"ODDSDESK_{name.upper()}", str(value))
        monkeypatch.setenv("ODDSDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
        monkeypatch.setenv("ODDSDESK_SPOOL_DIR", str(tmp_path / "spool"))
        result = CliRunner().invoke(app, ["scrape", "--once", "--json"])
    assert result.exit_code == 0, result.output
    summary = orjson.loads(result.stdout[result.stdout.index("{") :])
    assert summary["status"] == "succeeded" and summary["targets"] > 5
    assert set(summary["books"]) == {"betpawa", "sportybet", "bet9ja"}
    assert all(book["failed"] == 0 for book in summary["books"].values())
