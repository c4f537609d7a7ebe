"""The evaluation figures file, ``data/eval_figures.json``: each ``evaluate`` command records
what it measured under its own key, so the method-validation page can show the figures on a
fresh clone where the gold sets (``../shared``) are absent."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from analysis.paths import DATA_DIR

FIGURES_PATH = DATA_DIR / "eval_figures.json"


def read_figures(path: Path = FIGURES_PATH) -> dict:
    """All recorded figures by key, ``{}`` when the file does not exist."""
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def record_figures(key: str, figures: dict, path: Path = FIGURES_PATH) -> None:
    """Store ``figures`` (JSON-serialisable) under ``key`` with the UTC time they were measured,
    keeping every other key of the file."""
    everything = read_figures(path)
    everything[key] = {**figures, "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(everything, indent=2, sort_keys=True) + "\n", encoding="utf-8")
