"""Prometheus exposition."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from oddsdesk.api.deps import ReadAccess

router = APIRouter(tags=["metrics"], dependencies=[ReadAccess])


@router.get(
    "/metrics",
    response_class=Response,
    summary="Prometheus metrics",
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Text exposition."}},
)
def get_metrics(request: Request) -> Response:
    body = generate_latest(request.app.state.metrics.registry)
    return Response(content=body, media_type=CONTENT_TYPE_LATEST)
