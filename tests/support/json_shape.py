"""The structure of JSON documents, and where a simulated one departs from a real one.

`shape(doc)` summarises a document: at every path, the JSON types seen, the object keys seen and
which of them every sample carried, and the merged shape of list items. `differences(real, sim)`
walks the real shape and reports, by path, what a parser written against the real payload would
trip over in the simulated one: a key the real payload always has but the simulation lacks, a
type the real payload never uses, and (optionally) keys the real payload never has.

Objects whose keys are data, not names (Bet9ja's `O` odds, `TRANS`, `AUX`, tree levels keyed by
id), are compared as maps: pass their paths in `maps` ("D.O", "D.AUX.*"; `*` is any map key), and
every value is compared against every other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any


@dataclass
class Shape:
    types: set[str] = field(default_factory=set)
    keys: dict[str, Shape] = field(default_factory=dict)
    always: set[str] | None = None  # keys present in every object sample
    items: Shape | None = None
    values: Shape | None = None  # for maps: the merged shape of every value


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    raise TypeError(f"not JSON: {type(value).__name__}")


def shape(
    doc: Any, *, maps: tuple[str, ...] = (), path: str = "", into: Shape | None = None
) -> Shape:
    """The shape of `doc`, merged into `into` when given (to summarise many samples)."""
    out = into if into is not None else Shape()
    kind = _type(doc)
    out.types.add(kind)
    if kind == "object":
        if any(fnmatchcase(path, pattern) for pattern in maps):
            for key, value in doc.items():
                out.values = shape(
                    value, maps=maps, path=f"{path}.{key}" if path else key, into=out.values
                )
            return out
        present = set(doc)
        out.always = present if out.always is None else out.always & present
        for key, value in doc.items():
            child = f"{path}.{key}" if path else key
            out.keys[key] = shape(value, maps=maps, path=child, into=out.keys.get(key))
    elif kind == "array":
        for item in doc:
            out.items = shape(item, maps=maps, path=f"{path}[]", into=out.items)
    return out


def differences(real: Shape, sim: Shape, *, path: str = "$", extra_keys: bool = True) -> list[str]:
    """What in `sim` departs from `real`. Empty when a parser of `real` reads `sim` alike."""
    problems: list[str] = []
    if not sim.types <= real.types:
        problems.append(
            f"{path}: type {sorted(sim.types - real.types)} where the real payload has {sorted(real.types)}"
        )
    if "object" in sim.types and "object" in real.types:
        if real.values is not None or sim.values is not None:
            if real.values is not None and sim.values is not None:
                problems += differences(
                    real.values, sim.values, path=f"{path}.*", extra_keys=extra_keys
                )
        else:
            missing = (real.always or set()) - set(sim.keys)
            problems += [f"{path}.{key}: missing" for key in sorted(missing)]
            if extra_keys:
                problems += [
                    f"{path}.{key}: not in the real payload"
                    for key in sorted(set(sim.keys) - set(real.keys))
                ]
            for key in sorted(set(sim.keys) & set(real.keys)):
                problems += differences(
                    real.keys[key], sim.keys[key], path=f"{path}.{key}", extra_keys=extra_keys
                )
    if real.items is not None and sim.items is not None:
        problems += differences(real.items, sim.items, path=f"{path}[]", extra_keys=extra_keys)
    return problems
