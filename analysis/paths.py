"""Where things are: the package's own data, the repository's data folder, and ``../shared``.

Paths are resolved from the package, never from the working directory, so notebooks, tests and
the command line find the same files wherever they are started.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
DATA_DIR = REPO_ROOT / "data"
SEEDS_DIR = DATA_DIR / "seeds"
LEXICON_DIR = PACKAGE_DIR / "lexicons"
REGISTRY_DIR = PACKAGE_DIR / "registry"
MODEL_DIR = PACKAGE_DIR / "models"
REPORTS_DIR = REPO_ROOT / "reports"

SHARED_ENV = "NEWSBIAS_SHARED"


class SharedDataMissing(FileNotFoundError):
    """Raised when a file of ``../shared`` is needed and not there."""


def shared_dir() -> Path | None:
    """The ``shared`` folder: ``$NEWSBIAS_SHARED`` if set, else ``../shared`` beside the checkout.

    Returns ``None`` when the folder does not exist.
    """
    configured = os.environ.get(SHARED_ENV)
    candidate = Path(configured) if configured else REPO_ROOT.parent / "shared"
    return candidate if candidate.is_dir() else None


def shared_path(relative: str) -> Path:
    """The path of ``relative`` inside the shared folder; raises :class:`SharedDataMissing`
    with a message naming the file when the folder or the file is absent."""
    base = shared_dir()
    if base is None:
        raise SharedDataMissing(
            f"needs {relative} from the shared data folder, which is absent: put it at "
            f"{REPO_ROOT.parent / 'shared'} or point ${SHARED_ENV} at it"
        )
    path = base / relative
    if not path.exists():
        raise SharedDataMissing(f"needs {path}, which does not exist")
    return path
