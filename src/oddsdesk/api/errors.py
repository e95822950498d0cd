"""Every failure answers with `{"detail": "<what is wrong>"}` (plus `errors` for validation): a
client never has to guess, and no input produces a 500."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from oddsdesk.errors import StoreError
from oddsdesk.logging import get_logger

log = get_logger(__name__)


class ErrorBody(BaseModel):
    detail: str


class FieldError(BaseModel):
    location: str
    message: str


class ValidationErrorBody(BaseModel):
    detail: str
    errors: list[FieldError]


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"query", "path", "header", "body", "cookie"}:
        head, *rest = parts
        return f"{head} {'.'.join(rest)}" if rest else head
    return ".".join(parts)


def _message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "invalid value"))
    if error.get("type") == "missing":
        return "is required"
    if "input" in error and error.get("type") not in {"missing", "json_invalid"}:
        value = repr(error["input"])
        if len(value) > 60:
            value = value[:57] + "..."
        message = f"{message} (got {value})"
    return message


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        FieldError(location=_location(tuple(e.get("loc", ()))), message=_message(e))
        for e in exc.errors()
    ]
    summary = "; ".join(f"{e.location}: {e.message}" for e in errors) or "invalid request"
    body = ValidationErrorBody(detail=summary, errors=errors)
    return JSONResponse(status_code=422, content=body.model_dump())


async def _store(request: Request, exc: StoreError) -> JSONResponse:
    log.warning("store unavailable", path=request.url.path, error=str(exc))
    return JSONResponse(status_code=503, content={"detail": f"database unavailable: {exc}"})


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, _store)  # type: ignore[arg-type]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ValidationErrorBody, "description": "The request is invalid; see `errors`."},
}
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No API key was sent."},
    403: {"model": ErrorBody, "description": "The API key is wrong (or none is configured)."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such resource."},
}
