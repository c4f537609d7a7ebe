"""Story grouping against the AllSides same-story triplets (``python -m analysis evaluate stories``).

``../shared/corpora/allsides_same_story_triplets.csv`` has 239 stories, each covered by one left,
one centre and one right outlet on one day (its ``story`` column; built from date, topic and
TF-IDF similarity, not checked by hand). The stories are split in two by their sorted ids:
the even-numbered half ("dev") is where :data:`analysis.compare.STORY_THRESHOLD` was chosen,
the odd-numbered half ("test") is where it is reported. Scores are pairwise: precision is the
share of article pairs put in one story that are one story in the file, recall the share of the
file's same-story pairs that were put together.

Two settings are reported: with the date window (as :func:`analysis.compare.group_stories` runs
by default) and with text alone (no dates: every article compared with every other), the harder
case of a busy news day.
"""
from __future__ import annotations

import argparse

import pandas as pd

from analysis.compare.stories import (
    STORY_THRESHOLD,
    STORY_WINDOW_DAYS,
    group_stories,
    pair_scores,
)
from analysis.evaluation.figures import FIGURES_PATH, record_figures
from analysis.paths import SharedDataMissing, shared_path

TRIPLETS = "corpora/allsides_same_story_triplets.csv"
NO_WINDOW_DAYS = 10**6


def load_triplets(path: str | None = None) -> pd.DataFrame:
    """The triplets file with ``published`` parsed from its ``date`` column."""
    frame = pd.read_csv(path or shared_path(TRIPLETS))
    missing = {"story", "text", "date"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path or TRIPLETS}: missing columns {sorted(missing)}")
    return frame.assign(published=pd.to_datetime(frame["date"], errors="coerce"))


def split_stories(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``{"dev": ..., "test": ...}``: the stories at even and at odd positions of the sorted ids."""
    stories = sorted(frame["story"].unique())
    dev = set(stories[::2])
    return {"dev": frame[frame["story"].isin(dev)].reset_index(drop=True),
            "test": frame[~frame["story"].isin(dev)].reset_index(drop=True)}


def evaluate(frame: pd.DataFrame, *, threshold: float, window_days: int) -> dict[str, float]:
    """Pairwise precision, recall and F1 (0..1) and pair counts of grouping ``frame``."""
    predicted = group_stories(frame, threshold=threshold, window_days=window_days)
    scores = pair_scores(frame["story"].tolist(), predicted.tolist())
    return {"precision": round(scores.precision, 4), "recall": round(scores.recall, 4),
            "f1": round(scores.f1, 4), "articles": len(frame), "stories": int(frame["story"].nunique()),
            "predicted_stories": int(predicted.nunique()), "true_pairs": scores.true_pairs,
            "predicted_pairs": scores.predicted_pairs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis evaluate stories", description=__doc__.split("\n")[0])
    parser.add_argument("--path", help=f"triplets csv (default ../shared/{TRIPLETS})")
    parser.add_argument("--threshold", type=float, default=STORY_THRESHOLD, help="cosine similarity 0..1")
    parser.add_argument("--window-days", type=int, default=STORY_WINDOW_DAYS)
    parser.add_argument("--sweep", action="store_true", help="also print the dev half at several thresholds")
    parser.add_argument("--record", action="store_true", help=f"store the figures in {FIGURES_PATH}")
    args = parser.parse_args(argv)
    try:
        frame = load_triplets(args.path)
    except SharedDataMissing as missing:
        print(missing)
        return 1
    halves = split_stories(frame)
    results = {}
    print(f"story grouping, threshold {args.threshold}, pairwise scores")
    print(f"{'half':5} {'setting':22} {'precision':>9} {'recall':>7} {'F1':>6} {'articles':>8} {'stories':>7} {'found':>6}")
    for half, part in halves.items():
        for setting, window in ((f"date window {args.window_days} d", args.window_days), ("text alone", NO_WINDOW_DAYS)):
            result = evaluate(part, threshold=args.threshold, window_days=window)
            results[f"{half} / {setting}"] = result
            print(f"{half:5} {setting:22} {result['precision']:9.3f} {result['recall']:7.3f} {result['f1']:6.3f} "
                  f"{result['articles']:8d} {result['stories']:7d} {result['predicted_stories']:6d}")
    if args.sweep:
        print("dev half, text alone, by threshold")
        for threshold in (0.1, 0.15, 0.2, 0.25, 0.3):
            result = evaluate(halves["dev"], threshold=threshold, window_days=NO_WINDOW_DAYS)
            print(f"  {threshold:4.2f}  precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}")
    if args.record:
        record_figures("stories", {"threshold": args.threshold, "window_days": args.window_days, "results": results})
        print(f"recorded in {FIGURES_PATH}")
    return 0
