"""Server-sent events over real loopback HTTP: a run's progress to its end, and odds changes."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta

import httpx

from oddsdesk.api import create_app
from oddsdesk.domain import Book
from tests.support.odds import quote
from tests.support.runtime import API_KEY, ApiRuntime
from tests.support.server import serve, sse_events

KEY = {"X-API-Key": API_KEY}


def test_a_run_stream_delivers_progress_and_ends_with_the_run(runtime: ApiRuntime) -> None:
    with (
        serve(create_app(runtime)) as server,
        httpx.Client(base_url=server.url, timeout=10, headers=KEY) as http,
    ):
        started = http.post("/api/scrape")
        assert started.status_code == 202
        run_id = started.json()["run_id"]
        seen: list[tuple[str, dict]] = []
        with http.stream("GET", started.json()["stream"]) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            server.call(runtime.cycle.release)  # subscribed: let the cycle go on
            for kind, data in sse_events(response):
                seen.append((kind, json.loads(data)))
        # the stream ended by itself after run_finished
        assert [k for k, _ in seen] == ["event_done", "run_finished"]
        assert all(d["run_id"] == run_id for _, d in seen)
        assert seen[0][1]["index"] == 2
        assert seen[1][1]["status"] == "succeeded"

        # a finished run's stream says how it ended, and ends
        with http.stream("GET", f"/api/runs/{run_id}/stream") as response:
            replay = [(k, json.loads(d)) for k, d in sse_events(response)]
        assert [k for k, _ in replay] == ["run_finished"]
        assert (replay[0][1]["id"], replay[0][1]["status"]) == (run_id, "succeeded")

        missing = http.get("/api/runs/123/stream")
        assert (missing.status_code, missing.json()["detail"]) == (404, "run 123 does not exist")


def test_the_general_stream_carries_odds_changes_and_progress(
    runtime: ApiRuntime, stored: dict[str, int]
) -> None:
    view = runtime.view
    listeners = len(view._listeners)
    with (
        serve(create_app(runtime)) as server,
        httpx.Client(base_url=server.url, timeout=10, headers=KEY) as http,
    ):
        got: list[tuple[str, dict]] = []
        with http.stream("GET", "/api/stream") as response:
            assert response.status_code == 200
            events = sse_events(response)
            assert next(events)[0] == "hello"

            def change() -> None:
                time.sleep(0.1)
                event_id = stored["lazio"]
                state = view.snapshot.events[event_id]
                at = state.seen[Book.BETPAWA] + timedelta(minutes=1)
                view.apply(
                    quotes=[
                        quote(
                            event_id,
                            Book.BETPAWA,
                            "1x2_ft",
                            {"home": 2.6, "draw": 3.1, "away": 3.0},
                            at=at,
                        )
                    ]
                )

            threading.Thread(target=change).start()
            for kind, data in events:
                got.append((kind, json.loads(data)))
                if kind == "odds_changed":
                    break
            http.post("/api/scrape")
            for kind, data in events:
                got.append((kind, json.loads(data)))
                if kind == "event_done":
                    break
        assert got[0] == ("odds_changed", {**got[0][1], "event_ids": [stored["lazio"]]})
        assert got[-1][0] == "event_done"
        assert "run_started" in [k for k, _ in got]
        server.call(runtime.cycle.release)
        time.sleep(0.2)
    assert len(view._listeners) == listeners


def test_unknown_topics_are_refused_before_streaming(runtime: ApiRuntime) -> None:
    with (
        serve(create_app(runtime)) as server,
        httpx.Client(base_url=server.url, timeout=10) as http,
    ):
        response = http.get("/api/stream", params={"topic": "gossip"})
        assert response.status_code == 422
        assert "query topic.0" in response.json()["detail"]
