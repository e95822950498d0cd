"""Payloads with one random node damaged: deleted, retyped, or a list cut in half."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any

import orjson

REPLACEMENTS = [None, "garbage", "", 12345, -1.5, True, [], {}, {"v": "x"}]


def paths(tree: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from paths(value, (*prefix, index))


def damaged_copies(original: Any, rng: random.Random, count: int) -> Iterator[tuple[Any, list]]:
    """`count` fresh copies of `original`, each with one node damaged, and that node's path."""
    frozen = orjson.dumps(original)
    nodes = [p for p in paths(original) if p]
    for _ in range(count):
        payload = orjson.loads(frozen)
        path = list(rng.choice(nodes))
        action = rng.random()
        parent = payload
        for step in path[:-1]:
            parent = parent[step]
        if action < 0.3:
            del parent[path[-1]]
        elif action < 0.4 and isinstance(parent[path[-1]], list):
            parent[path[-1]] = parent[path[-1]][: len(parent[path[-1]]) // 2]
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(REPLACEMENTS))
        yield payload, path
