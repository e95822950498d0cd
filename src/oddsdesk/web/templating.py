"""The Jinja environment: package templates, the formatting filters, fingerprinted static URLs."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from oddsdesk.domain import REFERENCE_BOOK, Book
from oddsdesk.web.formatting import FILTERS
from oddsdesk.web.labels import ALERT_KINDS, BOOK_SHORT, HEADLINES

STATIC_DIR = Path(str(files("oddsdesk.web") / "static"))
VENDOR_FILES = ("vendor/htmx.min.js", "vendor/uplot.min.js", "vendor/uplot.min.css")


@cache
def _fingerprint(path: str) -> str:
    target = STATIC_DIR / path
    if not target.is_file():
        return "missing"
    return hashlib.sha256(target.read_bytes()).hexdigest()[:10]


def static_url(path: str) -> str:
    """`/static/app.css?v=<content hash>`: cacheable for a year, replaced when the file changes."""
    return f"/static/{path}?v={_fingerprint(path)}"


def missing_vendor_files() -> list[str]:
    return [name for name in VENDOR_FILES if not (STATIC_DIR / name).is_file()]


def build_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("oddsdesk.web", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.globals.update(
        static_url=static_url,
        BOOKS=tuple(Book),
        REFERENCE=REFERENCE_BOOK,
        BOOK_SHORT=BOOK_SHORT,
        ALERT_KINDS=ALERT_KINDS,
        HEADLINES=HEADLINES,
        headline_map={
            h.key: {"market": h.market, "line": h.line, "label": h.label} for h in HEADLINES
        },
    )
    return env
