"""`oddsdesk serve`, a real process on loopback, serves the dashboard at `/` over the database.

(`oddsdesk run` and `demo` serve `pipeline.server.server_app`, which the browser tests drive.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support.server import free_port
from tests.web.conftest import World

REPO = Path(__file__).resolve().parents[2]


def test_serve_answers_the_dashboard_from_the_database(world: World, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODDSDESK_")}
    env.update(
        PYTHONPATH=str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", ""),
        ODDSDESK_DATABASE_URL=world.db.url,
        ODDSDESK_LOG_LEVEL="warning",
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oddsdesk", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(f"{url}/", timeout=2)
                if page.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                raise AssertionError(f"oddsdesk serve did not serve the dashboard:\n{output}")
            time.sleep(0.2)
        assert f'data-event="{world.ids["arsenal"]}"' in page.text  # warmed from the database
        assert "Read-only server" in page.text
        assert httpx.get(f"{url}/static/app.css", timeout=5).status_code == 200
        assert httpx.get(f"{url}/matches/{world.ids['lazio']}", timeout=5).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=15)
        if process.stdout is not None:
            process.stdout.close()
