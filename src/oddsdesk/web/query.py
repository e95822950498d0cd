"""The odds list's URL parameters ↔ `ListQuery`: forgiving on the way in, canonical on the way out.

A shared link reproduces the view; a bad value falls back to its default rather than an error page,
since the URL is typed by people and kept in bookmarks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from oddsdesk.web.source import ListQuery, Mode, Sort

PAGE_SIZES = (25, 50, 100)


def _one(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = params.get(name) or []
    for value in values:
        if value.strip():
            return value.strip()
    return None


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(text))) if text else default
    except ValueError:
        return default


def parse_list_query(
    params: Mapping[str, Sequence[str]], *, sort_default: str | None = None
) -> ListQuery:
    """Read `mode`, `t` (tournament keys), `c` (countries), `from`/`to` (dates, UTC days),
    `q`, `sort`, `page`, `size` from a multi-valued query mapping."""
    try:
        mode = Mode(_one(params, "mode") or Mode.BETPAWA)
    except ValueError:
        mode = Mode.BETPAWA
    try:
        sort = Sort(_one(params, "sort") or sort_default or Sort.KICKOFF)
    except ValueError:
        sort = Sort.KICKOFF
    start, end = _day(_one(params, "from")), _day(_one(params, "to"))
    size = _int(_one(params, "size"), 50, 1, 100)
    return ListQuery(
        mode=mode,
        tournaments=frozenset(v for v in params.get("t", []) if v),
        countries=frozenset(v for v in params.get("c", []) if v),
        kickoff_from=datetime.combine(start, time(), UTC) if start else None,
        kickoff_to=datetime.combine(end, time(), UTC) + timedelta(days=1) if end else None,
        search=_one(params, "q"),
        sort=sort,
        page=_int(_one(params, "page"), 1, 1, 100_000),
        page_size=size if size in PAGE_SIZES else 50,
    )


def day_fields(query: ListQuery) -> tuple[str, str]:
    """The date inputs' values: the first and the last kickoff day (inclusive)."""
    start = query.kickoff_from.date().isoformat() if query.kickoff_from else ""
    end = (query.kickoff_to - timedelta(days=1)).date().isoformat() if query.kickoff_to else ""
    return start, end


def list_params(query: ListQuery, **changes: object) -> str:
    """The canonical query string for `query` with `changes` applied (defaults left out)."""
    values: dict[str, object] = {
        "mode": query.mode.value,
        "t": sorted(query.tournaments),
        "c": sorted(query.countries),
        "from": day_fields(query)[0] or None,
        "to": day_fields(query)[1] or None,
        "q": query.search,
        "sort": query.sort.value,
        "page": query.page,
        "size": query.page_size,
    }
    values.update(changes)
    defaults = {"mode": "betpawa", "sort": "kickoff", "page": 1, "size": 50}
    pairs: list[tuple[str, str]] = []
    for key, value in values.items():
        if value is None or value == [] or value == "" or defaults.get(key) == value:
            continue
        if isinstance(value, list):
            pairs.extend((key, str(v)) for v in value)
        else:
            pairs.append((key, str(value)))
    return urlencode(pairs)
