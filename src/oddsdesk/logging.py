"""Structured logging: readable on a terminal, JSON lines when asked.

Context (book, event, run) is bound with `structlog.contextvars.bound_contextvars`, so every line
written inside that block carries it.
"""

from __future__ import annotations

import logging
import sys

import structlog


def configure_logging(*, fmt: str = "console", level: str = "info") -> None:
    """Configure structlog and the stdlib root logger once, at process start."""
    renderer: structlog.typing.Processor
    if fmt == "json":
        renderer = structlog.processors.JSONRenderer()
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper())),
        logger_factory=_stderr_logger,
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(
        level=getattr(logging, level.upper()), stream=sys.stderr, format="%(message)s"
    )


def _stderr_logger(*args: object) -> structlog.PrintLogger:
    """A logger writing to `sys.stderr` as it is when the line is written, not as it was when
    logging was configured (a command run inside a test captures, then closes, its stderr)."""
    return structlog.PrintLogger(file=sys.stderr)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
