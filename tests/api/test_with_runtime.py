"""The API over the real runtime (`oddsdesk run`'s): a scrape of the simulated books started
through the API, and the prices the API then shows are the simulator's truth."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from oddsdesk.api import create_app
from tests.pipeline.simworld import runtime_for, small_world, true_quotes
from tests.support.runtime import API_KEY


async def test_a_scrape_started_through_the_api_shows_the_truth(tmp_path: Path) -> None:
    world = small_world(events=12, seed=3)
    runtime = runtime_for(world, f"sqlite:///{tmp_path / 'run.db'}", tmp_path, api_key=API_KEY)
    app = create_app(runtime)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = {"X-API-Key": API_KEY}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://oddsdesk", headers=headers
        ) as client:
            started = await client.post("/api/scrape")
            assert started.status_code == 202, started.text
            result = await runtime.scraper.wait()
            assert result is not None and result.status == "succeeded"
            await asyncio.to_thread(runtime.writer.flush)

            run = (await client.get(f"/api/runs/{started.json()['run_id']}")).json()
            assert run["status"] == "succeeded"

            page = (
                await client.get("/api/events", params={"mode": "all", "page_size": 200})
            ).json()
            assert page["total"] > 0
            truth = true_quotes(world)
            shown = 0
            for item in page["items"]:
                for row in item["rows"]:
                    for market in row["markets"]:
                        expected = truth[item["sr_id"]][
                            (row["book"], market["market"], market["line"])
                        ]
                        assert {p["outcome"]: p["price"] for p in market["prices"]} == expected
                        shown += 1
            assert shown > 0

            detail = (await client.get(f"/api/events/{page['items'][0]['id']}")).json()
            lines = [m for group in detail["categories"] for m in group["markets"]]
            assert len(lines) >= 4

            metrics = (await client.get("/metrics")).text
            assert 'oddsdesk_book_requests_total{book="betpawa"}' in metrics
            assert "oddsdesk_writer_written_total" in metrics
