"""Training the CRF attribution taggers: ``python -m analysis train attribution`` rebuilds
``analysis/models/attribution_crf_{cue,source,content}.crfsuite.gz`` from PolNeAR train
(``../shared/eval/attribution/polnear_train.jsonl``) alone. Features, sequences and linking are
in :mod:`analysis.scorers.attribution.learned`.

Determinism: the sequences are appended in file order (every annotated copy of a document, its
paragraphs in text order), L-BFGS runs a fixed number of iterations with fixed parameters, so a
retrain writes the same model files byte for byte (checked with ``cmp``).
"""
from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from analysis.paths import shared_path
from analysis.scorers.attribution.learned import (
    KINDS,
    MODEL_PATHS,
    STACKED,
    _mark,
    cue_context,
    paragraph_structure,
    paragraphs,
    token_features,
)
from analysis.text.document import ArticleDoc, parse_articles

C1 = 1.0
"""L1 weight of the CRFs. Chosen on PolNeAR dev (the model-selection set; only train is fitted),
c2 = 0.01, source exact F1 / content overlap F1 with the linking of
:mod:`~analysis.scorers.attribution.learned` (no orphan cues): c1 0.05 (not stacked) 0.678 /
0.791, c1 0.05 (stacked) 0.689 / 0.794, c1 0.3 (not stacked) 0.702 / 0.800, c1 1.0 (stacked)
0.721 / 0.813 (0.726 / 0.825 with the orphan cues, shipped).
A larger c1 also zeroes more weights, and crfsuite stores only
features with a weight, so the model files shrink (about 3.3, 2.0 and 1.0 MB per cue model)."""

C2 = 0.01
"""L2 weight of the CRFs (not varied)."""

MAX_ITERATIONS = 150
"""L-BFGS iterations (fixed, so that training is reproducible and bounded in time)."""

MIN_FREQ = 2
"""Features (attribute strings) seen fewer times in training are dropped (model size)."""

_EDGE = " \t\n\r,.;:\"'“”‘’()—–-"

FOLDS = 2
"""Folds (by document, alternating in file order) for the cue labels the source and content
taggers train on when stacked: each fold's cue labels come from a cue tagger fitted on the other
folds, so training sees cue errors like those at inference."""

Sequence_ = dict
"""One paragraph: ``x`` (features per token), ``y`` (``{kind: labels}``), ``heads``, ``sents``
(:func:`paragraph_structure`) and ``doc`` (index of the document in file order)."""


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def gold_labels(article: ArticleDoc, attributions: Sequence[dict]) -> dict[str, list[str]]:
    """B/I/O per token of the doc for each kind, from PolNeAR gold (each part of a
    discontinuous span is its own run; nested spans of one kind: the longest wins)."""
    text = article.text
    labels = {kind: ["O"] * len(article.doc) for kind in KINDS}
    for kind in KINDS:
        spans = [_trimmed(text, p["start"], p["end"]) for a in attributions for p in a[kind] if p["end"] > p["start"]]
        _mark(article, [s for s in spans if s[1] > s[0]], labels[kind])
    return labels


def build_sequences(rows: Sequence[dict], *, use_rules: bool = True) -> list[Sequence_]:
    """One record per paragraph of every annotated copy, in file order (see :data:`Sequence_`)."""
    texts = list(dict.fromkeys(r["text"] for r in rows))
    number = {text: n for n, text in enumerate(texts)}
    features: dict[str, tuple] = {}
    for article in parse_articles(texts):
        parts = paragraphs(article)
        features[article.text] = (article, token_features(article, use_rules=use_rules), parts,
                                  [paragraph_structure(article, p) for p in parts])
    out: list[Sequence_] = []
    for row in rows:
        article, feats, parts, structures = features[row["text"]]
        gold = gold_labels(article, row["attributions"])
        for paragraph, (heads, sents) in zip(parts, structures):
            out.append({"x": [feats[i] for i in paragraph.tokens],
                        "y": {kind: [gold[kind][i] for i in paragraph.tokens] for kind in KINDS},
                        "heads": heads, "sents": sents, "doc": number[row["text"]]})
    return out


def _params(c1: float, c2: float, max_iterations: int, min_freq: float) -> dict:
    return {"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.minfreq": min_freq,
            "feature.possible_transitions": True}


def _fit(xs: Sequence[list[list[str]]], ys: Sequence[list[str]], path: Path, params: dict) -> Path:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for xseq, yseq in zip(xs, ys, strict=True):
        trainer.append(xseq, yseq)
    trainer.set_params(params)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = path.with_name(path.name + ".raw")
    try:
        trainer.train(str(raw))
        path.write_bytes(gzip.compress(raw.read_bytes(), mtime=0))
    finally:
        raw.unlink(missing_ok=True)
    return path


def _stacked_x(seq: Sequence_, cues: Sequence[str]) -> list[list[str]]:
    return [x + extra for x, extra in zip(seq["x"], cue_context(cues, seq["heads"], seq["sents"]))]


_SHARED: dict = {}


def _job(task: tuple) -> str:
    """One fit in a forked worker: ``(kind, path, params, fold)``; ``fold`` >= 0 fits the cue
    tagger on the other folds; the source/content fits use the stacked cue labels of ``_SHARED``."""
    kind, path, params, fold = task
    sequences = _SHARED["sequences"]
    if fold >= 0:
        chosen = [s for s in sequences if s["doc"] % FOLDS != fold]
        _fit([s["x"] for s in chosen], [s["y"]["cue"] for s in chosen], Path(path), params)
    elif kind == "cue" or not _SHARED["stacked"]:
        _fit([s["x"] for s in sequences], [s["y"][kind] for s in sequences], Path(path), params)
    else:
        cues = _SHARED["cues"]
        _fit([_stacked_x(s, c) for s, c in zip(sequences, cues)], [s["y"][kind] for s in sequences], Path(path), params)
    return path


def _run(tasks: list[tuple], jobs: int) -> None:
    if jobs <= 1:
        for task in tasks:
            _job(task)
        return
    with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks))) as pool:
        pool.map(_job, tasks, chunksize=1)


def train_all(sequences: list[Sequence_], paths: dict[str, Path], *, c1: float = C1, c2: float = C2,
              max_iterations: int = MAX_ITERATIONS, min_freq: float = MIN_FREQ, jobs: int = 1,
              stacked: bool = STACKED) -> None:
    """Fit the three CRFs (in ``jobs`` forked processes; the result does not depend on it). When
    ``stacked``, first the :data:`FOLDS` held-out cue taggers, whose labels the source and
    content taggers then train on."""
    import pycrfsuite

    params = _params(c1, c2, max_iterations, min_freq)
    _SHARED.update(sequences=sequences, stacked=stacked)
    try:
        cue_tasks = [("cue", str(paths["cue"]), params, -1)]
        if stacked:
            with tempfile.TemporaryDirectory() as scratch:
                folds = [("cue", str(Path(scratch) / f"fold{f}.crfsuite"), params, f) for f in range(FOLDS)]
                _run(folds + cue_tasks, jobs)
                taggers, models = [], []
                for _, path, _, _ in folds:
                    models.append(gzip.decompress(Path(path).read_bytes()))  # kept: crfsuite reads from it
                    tagger = pycrfsuite.Tagger()
                    tagger.open_inmemory(models[-1])
                    taggers.append(tagger)
                _SHARED["cues"] = [taggers[s["doc"] % FOLDS].tag(s["x"]) for s in sequences]
                for tagger in taggers:
                    tagger.close()
            _run([(kind, str(paths[kind]), params, -1) for kind in ("source", "content")], jobs)
        else:
            _run(cue_tasks + [(kind, str(paths[kind]), params, -1) for kind in ("source", "content")], jobs)
    finally:
        _SHARED.clear()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis train attribution", description=__doc__)
    parser.add_argument("--train", type=Path, help="PolNeAR jsonl (default: shared polnear_train.jsonl)")
    parser.add_argument("--out-dir", type=Path, help="where the model files go (default: analysis/models/)")
    parser.add_argument("--c1", type=float, default=C1)
    parser.add_argument("--c2", type=float, default=C2)
    parser.add_argument("--max-iterations", type=int, default=MAX_ITERATIONS)
    parser.add_argument("--min-freq", type=float, default=MIN_FREQ)
    parser.add_argument("--no-rules", action="store_true", help="leave out the rule extractor's guesses as features")
    parser.add_argument("--no-stack", action="store_true", help="source/content taggers without the cue labels")
    parser.add_argument("--jobs", type=int, default=1, help="processes (one CRF each, at most 3)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = args.train or shared_path("eval/attribution/polnear_train.jsonl")
    sequences = build_sequences(_read_jsonl(path), use_rules=not args.no_rules)
    featured = time.perf_counter()
    print(f"{len(sequences)} sequences, {sum(len(s['x']) for s in sequences)} tokens "
          f"(parse and features {featured - started:.0f} s)")
    paths = {kind: (args.out_dir / p.name if args.out_dir else p) for kind, p in MODEL_PATHS.items()}
    train_all(sequences, paths, c1=args.c1, c2=args.c2, max_iterations=args.max_iterations,
              min_freq=args.min_freq, jobs=args.jobs, stacked=not args.no_stack)
    print(f"trained in {time.perf_counter() - featured:.0f} s (c1={args.c1}, c2={args.c2}, "
          f"{args.max_iterations} iterations, min freq {args.min_freq})")
    for kind in KINDS:
        print(f"  {paths[kind]}: {paths[kind].stat().st_size / 1e6:.2f} MB")
    return 0
