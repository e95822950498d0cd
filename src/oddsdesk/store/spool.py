"""Write batches on disk while the database is away: one JSON file each, replayed in order.

Files live in `<spool_dir>/pending/<sequence>.batch`, written atomically (temporary file, fsync,
rename), so a crash leaves either the whole batch or none of it. A batch the database refuses
for good (a constraint, bad data) or a file that cannot be read is moved to `dead/` with the
reason, kept for an operator — never deleted.
"""

from __future__ import annotations

import functools
import os
import types
import typing
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

import orjson

from oddsdesk.store.batch import WriteBatch

FORMAT = 1


def encode(batch: WriteBatch) -> bytes:
    return orjson.dumps({"format": FORMAT, "batch": batch}, default=_named_tuple)


def _named_tuple(value: Any) -> dict[str, Any]:
    """NamedTuples (the per-outcome values) as objects, like the dataclasses around them."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return value._asdict()
    raise TypeError(f"cannot spool a {type(value).__name__}")


def decode(data: bytes) -> WriteBatch:
    document = orjson.loads(data)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError("not a spooled batch of format 1")
    return _decode(WriteBatch, document["batch"])


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, value: Any) -> Any:
    """Rebuild a value of type `hint` from its JSON form (what orjson made of a dataclass or NamedTuple)."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = (arg for arg in typing.get_args(hint) if arg is not type(None))
        return _decode(inner, value)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in value)
        return tuple(_decode(arg, item) for arg, item in zip(args, value, strict=True))
    if hint is Any or origin in (dict, Mapping):
        return value
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        hints = _hints(hint)
        return hint(**{name: _decode(hints[name], value[name]) for name in hint._fields})
    if is_dataclass(hint) and isinstance(hint, type):
        hints = _hints(hint)
        return hint(**{f.name: _decode(hints[f.name], value[f.name]) for f in fields(hint)})
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is float:
        return float(value)
    if hint in (int, str, bool):
        return value
    raise TypeError(f"cannot decode a spooled {hint!r}")


class Spool:
    """The on-disk part of the writer's queue. Not thread-safe: the writer serialises calls."""

    def __init__(self, root: Path) -> None:
        self.pending = root / "pending"
        self.dead = root / "dead"
        self.pending.mkdir(parents=True, exist_ok=True)
        self.dead.mkdir(parents=True, exist_ok=True)

    def sequences(self) -> list[int]:
        return sorted(int(path.stem) for path in self.pending.glob("*.batch"))

    def _path(self, seq: int) -> Path:
        return self.pending / f"{seq:016d}.batch"

    def write(self, seq: int, batch: WriteBatch) -> None:
        _write_atomic(self._path(seq), encode(batch))

    def read(self, seq: int) -> WriteBatch:
        return decode(self._path(seq).read_bytes())

    def remove(self, seq: int) -> None:
        self._path(seq).unlink(missing_ok=True)

    def bury(self, seq: int, reason: str, batch: WriteBatch | None = None) -> Path:
        """Keep a batch that will never apply in `dead/`, with why. From the pending file when
        it exists (even unreadable), else from `batch`."""
        target = self.dead / f"{seq:016d}.batch"
        source = self._path(seq)
        if source.exists():
            source.replace(target)
        elif batch is not None:
            _write_atomic(target, encode(batch))
        _write_atomic(target.with_suffix(".reason"), reason.encode())
        return target

    def dead_count(self) -> int:
        return sum(1 for _ in self.dead.glob("*.batch"))

    def revive(self, next_seq: int) -> int:
        """Move every dead batch back to pending (after the operator fixed the cause), in order,
        numbered from `next_seq`. Returns how many."""
        revived = 0
        for path in sorted(self.dead.glob("*.batch")):
            path.replace(self._path(next_seq + revived))
            path.with_suffix(".reason").unlink(missing_ok=True)
            revived += 1
        return revived


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)
