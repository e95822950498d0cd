"""Text for numbers and times, as the templates print them (Jinja filters).

Times are rendered in UTC on the server inside `<time datetime=…>`; the page's script rewrites
them to the browser's time zone, so a page without script is still right, only in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def odds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage: 0.0512 → "5.1%"."""
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def signed_percent(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:+.{digits}f}%"


def points(value: float | None, digits: int = 2) -> str:
    """A difference of two percentages, in percentage points."""
    return "–" if value is None else f"{value * 100:+.{digits}f} pp"


def integer(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def size(value: int | None) -> str:
    if value is None:
        return "–"
    amount = float(value)
    for unit in ("B", "KB", "MB", "GB"):
        if amount < 1024 or unit == "GB":
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    raise AssertionError("unreachable")


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """ "just now", "4 min ago", "3 h ago", "2 d ago"; or "in 5 min" for the future."""
    if moment is None:
        return "never"
    delta = (now or datetime.now(UTC)) - moment
    future = delta < timedelta(0)
    seconds = abs(delta.total_seconds())
    if seconds < 45:
        text = "now" if not future else "in a moment"
        return "just now" if not future else text
    if seconds < 3600:
        text = f"{max(1, round(seconds / 60))} min"
    elif seconds < 86400:
        text = f"{seconds / 3600:.0f} h"
    else:
        text = f"{seconds / 86400:.0f} d"
    return f"in {text}" if future else f"{text} ago"


def short_ago(moment: datetime | None, now: datetime | None = None) -> str:
    """Compact age for dense cells: "40s", "4m", "3h", "2d"."""
    if moment is None:
        return "–"
    seconds = max(0.0, ((now or datetime.now(UTC)) - moment).total_seconds())
    if seconds < 60:
        return f"{seconds:.0f}s"
    if seconds < 3600:
        return f"{seconds // 60:.0f}m"
    if seconds < 86400:
        return f"{seconds // 3600:.0f}h"
    return f"{seconds // 86400:.0f}d"


def iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def clock(moment: datetime | None) -> str:
    return "–" if moment is None else moment.astimezone(UTC).strftime("%H:%M")


def day(moment: datetime | None) -> str:
    return "–" if moment is None else moment.astimezone(UTC).strftime("%a %d %b")


def stamp(moment: datetime | None) -> str:
    return "–" if moment is None else moment.astimezone(UTC).strftime("%d %b %H:%M:%S")


def line(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def alert_text(message: str) -> str:
    """An analytics alert without its "<market> <line> <outcome>: " prefix, which the page
    already shows around it."""
    _, sep, rest = message.partition(": ")
    return rest if sep else message


FILTERS = {
    "odds": odds,
    "percent": percent,
    "signed_percent": signed_percent,
    "points": points,
    "integer": integer,
    "size": size,
    "duration": duration,
    "ago": ago,
    "short_ago": short_ago,
    "iso": iso,
    "clock": clock,
    "day": day,
    "stamp": stamp,
    "line": line,
    "alert_text": alert_text,
}
