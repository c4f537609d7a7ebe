"""Shared fixtures: the seeds, and ``../shared`` files that skip with a message when absent."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.paths import SEEDS_DIR, SharedDataMissing, shared_path


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_texts(seed_paths) -> dict[str, str]:
    """Raw seed pages by file stem (``000_a2f2319523fc04d1`` is 19 Dec, ``003_…`` is 9 Dec)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in seed_paths}


def require_shared(relative: str) -> Path:
    """The path of a ``../shared`` file, or skip the test naming what is missing."""
    try:
        return shared_path(relative)
    except SharedDataMissing as missing:
        pytest.skip(str(missing))
