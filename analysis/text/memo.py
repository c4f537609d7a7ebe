"""A bounded memo for per-word facts that a scorer looks up many times per article."""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class FirstSightMemo(dict, Generic[Key, Value]):
    """``memo[key]`` is ``function(key)``, computed on first sight and kept for the next ones;
    once ``limit`` keys are kept, further keys are computed on every sight (memory stays
    bounded). Look-ups of kept keys run at the speed of a plain ``dict``."""

    def __init__(self, function: Callable[[Key], Value], limit: int) -> None:
        super().__init__()
        self._function = function
        self._limit = limit

    def __missing__(self, key: Key) -> Value:
        value = self._function(key)
        if len(self) < self._limit:
            self[key] = value
        return value
