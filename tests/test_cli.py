from __future__ import annotations

from typer.testing import CliRunner

from oddsdesk import __version__
from oddsdesk.cli import app


def test_version_prints_the_package_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
