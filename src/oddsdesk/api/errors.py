"""Every failure answers with `{"detail": "<what is wrong>"}` (plus `errors` for validation): a
client never has to guess, and no input produces a 500."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from oddsdesk.errors import StoreError
from oddsdesk.logging import get_logger
from oddsdesk.store.db import describe, is_transient

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


async def _database(request: Request, exc: SQLAlchemyError) -> JSONResponse:
    """The one boundary where a database error met by a read becomes an answer: unreachable or
    busy is a 503 the client may retry; anything else is our bug, logged in full."""
    if is_transient(exc):
        return await _store(request, StoreError(describe(exc), transient=True))
    log.error("database error", path=request.url.path, error=describe(exc), exc_info=exc)
    return JSONResponse(status_code=500, content={"detail": "internal error reading the database"})


async def _http(request: Request, exc: StarletteHTTPException) -> Response:
    """A 422 raised by a rule across fields has the same shape as a field's 422."""
    if exc.status_code == 422:
        detail = str(exc.detail)
        body = ValidationErrorBody(
            detail=detail, errors=[FieldError(location="request", message=detail)]
        )
        return JSONResponse(status_code=422, content=body.model_dump())
    return await http_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, _store)  # type: ignore[arg-type]
    app.add_exception_handler(SQLAlchemyError, _database)  # type: ignore[arg-type]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ValidationErrorBody, "description": "The request is invalid; see `errors`."},
}
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No API key was sent."},
    403: {"model": ErrorBody, "description": "The API key is wrong (or none is configured)."},
}
BAD_BODY: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The body could not be read (not UTF-8 JSON)."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such resource."},
}


def json_errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Error responses of a streaming route: JSON, although its success is an event stream."""
    models = {422: ValidationErrorBody}
    return {
        code: {
            "description": "The request is invalid." if code == 422 else "No such resource.",
            "content": {
                "application/json": {
                    "schema": {
                        "$ref": f"#/components/schemas/{models.get(code, ErrorBody).__name__}"
                    }
                }
            },
        }
        for code in codes
    }
