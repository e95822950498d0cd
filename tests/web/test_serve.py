"""`oddsdesk serve`, a real process on loopback, serves the dashboard at `/` over the database.

(`oddsdesk run` and `demo` serve `pipeline.server.server_app`, which the browser tests drive.)
"""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.support.server import serve_process
from tests.web.conftest import World


def test_serve_answers_the_dashboard_from_the_database(world: World, tmp_path: Path):
    with serve_process(world.db.url, tmp_path, ready="/", timeout_s=60) as url:
        page = httpx.get(f"{url}/", timeout=5)
        assert f'data-event="{world.ids["arsenal"]}"' in page.text  # warmed from the database
        assert "Read-only server" in page.text
        assert httpx.get(f"{url}/static/app.css", timeout=5).status_code == 200
        assert httpx.get(f"{url}/matches/{world.ids['lazio']}", timeout=5).status_code == 200
