from __future__ import annotations

import pytest
from typer.testing import CliRunner

from oddsdesk.cli import app
from oddsdesk.store.migrate import head_revision


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def invoke(url: str, *args: str):
        monkeypatch.setenv("ODDSDESK_DATABASE_URL", url)
        monkeypatch.setenv("ODDSDESK_SPOOL_DIR", str(tmp_path / "spool"))
        return CliRunner().invoke(app, ["db", *args])

    return invoke


def test_upgrade_then_status_on_sqlite(run, tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    before = run(url, "status")
    assert before.exit_code == 0 and "needs `oddsdesk db upgrade`" in before.output
    result = run(url, "upgrade")
    assert result.exit_code == 0, result.output
    assert f"empty → {head_revision()}" in result.output
    status = run(url, "status")
    assert "up to date" in status.output
    assert "market_odds_history" in status.output


@pytest.mark.postgres
def test_upgrade_status_and_cleanup_on_postgres(run, postgres_url) -> None:
    from tests.store.conftest import postgres_database

    for url in postgres_database(postgres_url, "store_cli"):
        assert run(url, "upgrade").exit_code == 0
        status = run(url, "status")
        assert "up to date" in status.output and "market_odds_current" in status.output
        preview = run(url, "cleanup", "--preview")
        assert preview.exit_code == 0 and "would delete" in preview.output
        applied = run(url, "cleanup", "--days", "3")
        assert applied.exit_code == 0 and "deleted (completed)" in applied.output


def test_an_unreachable_database_is_a_clear_error(run) -> None:
    result = run("postgresql://nobody@127.0.0.1:1/none", "upgrade")
    assert result.exit_code == 1
    assert "error:" in result.output


def test_spool_shows_and_revives(run, tmp_path) -> None:
    from oddsdesk.store.batch import WriteBatch
    from oddsdesk.store.spool import Spool

    spool = Spool(tmp_path / "spool")
    spool.write(1, WriteBatch())
    spool.bury(1, "refused")
    url = f"sqlite:///{tmp_path}/cli.db"
    assert "pending: 0  rejected: 1" in run(url, "spool").output
    assert "pending: 1  rejected: 0" in run(url, "spool", "--revive").output
