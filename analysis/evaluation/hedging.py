"""Accuracy of the hedged-sentence classifier: ``python -m analysis evaluate hedging [FILE]``.

Prints precision, recall and F1 of the hedged class:

- on each CoNLL-2010 training set of ``../shared/eval/hedging`` by 5-fold cross-validation
  (the folds, thresholds and news prior of ``analysis.scorers.hedging.classifier``: every prediction and every
  routing decision comes from models, hedging and router, fitted without that sentence;
  thresholds are chosen on the same out-of-fold probabilities);
- on our own news dev set ``data/eval/news_hedging_dev.csv`` with the shipped model;
- on ``FILE`` if given: a CSV with a ``sentence`` column and an ``uncertain`` or ``hedged``
  column of 0/1 labels, with the shipped model.

Each set also gets the word-list baseline: a sentence is hedged when the lexicon finds a cue of
one of the six hedge categories in it (approximators and boosters do not count).

Then the share of sentences the router sends to each route (news, wikipedia, bio): out-of-fold
for the training sets and the router's news sample, and with the shipped model for the disjoint
AllSides check sample (``load_news("check")``) and the news dev set.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.evaluation.figures import FIGURES_PATH, record_figures
from analysis.paths import DATA_DIR, SharedDataMissing
from analysis.scorers.hedging import classifier
from analysis.scorers.hedging import training as trainer
from analysis.scorers.hedging.cues import HEDGE_CATEGORIES, find_hedges
from analysis.scorers.hedging.measures import hedged_sentences

NEWS_DEV_PATH = DATA_DIR / "eval" / "news_hedging_dev.csv"
LABEL_COLUMNS = ("uncertain", "hedged")


def scores(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class, each in [0, 1] (0 where undefined)."""
    labels, predicted = np.asarray(labels) == 1, np.asarray(predicted, dtype=bool)
    true_positive = float(np.sum(labels & predicted))
    precision = true_positive / predicted.sum() if predicted.sum() else 0.0
    recall = true_positive / labels.sum() if labels.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def cue_baseline(sentences: pd.Series) -> np.ndarray:
    """True where a sentence holds a cue of one of the six hedge categories."""
    return np.array([any(c.category in HEDGE_CATEGORIES for c in find_hedges(s)) for s in sentences])


def read_labelled(path: Path) -> pd.DataFrame:
    """A labelled CSV as columns ``sentence`` (str) and ``label`` (0/1).

    Raises ``ValueError`` naming the problem: no ``sentence`` column, no label column, or rows
    with a missing sentence or a label other than 0/1 (their row numbers are listed).
    """
    frame = pd.read_csv(path)
    if "sentence" not in frame.columns:
        raise ValueError(f"{path}: needs a 'sentence' column, has {list(frame.columns)}")
    label_column = next((c for c in LABEL_COLUMNS if c in frame.columns), None)
    if label_column is None:
        raise ValueError(f"{path}: needs an 'uncertain' or 'hedged' column of 0/1 labels")
    labels = frame[label_column].map({0: 0, 1: 1, "0": 0, "1": 1, True: 1, False: 0,
                                      "True": 1, "False": 0, "true": 1, "false": 0})
    bad = frame.index[frame["sentence"].isna() | labels.isna()].tolist()
    if bad:
        raise ValueError(f"{path}: {len(bad)} rows with a missing sentence or a label not 0/1 "
                         f"(row numbers {bad[:10]}{' ...' if len(bad) > 10 else ''})")
    return pd.DataFrame({"sentence": frame["sentence"].astype(str), "label": labels.astype(int)})


def _line(name: str, method: str, labels: np.ndarray, predicted: np.ndarray) -> str:
    precision, recall, f1 = scores(labels, predicted)
    return (f"{name:<26} {method:<34} {precision:6.3f} {recall:6.3f} {f1:6.3f} "
            f"{len(labels):6d} {int(np.sum(labels)):6d}")


def _routing_line(name: str, routes: np.ndarray) -> str:
    shares = " ".join(f"{np.mean(routes == r):9.3f}" for r in classifier.ROUTES)
    return f"{name:<44} {shares} {len(routes):6d}"


ROUTING_HEADER = f"{'routing: share of sentences sent to':<44} " + " ".join(f"{r:>9}" for r in classifier.ROUTES) + f" {'n':>6}"


def cross_validated_lines() -> tuple[list[str], list[str]]:
    """Report lines of the cross-validation on the shared training sets, and routing lines
    (out-of-fold) of the training sets and of the router's news sample."""
    training = trainer.load_training()
    news = trainer.load_news("train")
    features = trainer.candidate_features(training["sentence"])
    oof, news_scores = trainer.out_of_fold(training, features, news, trainer.candidate_features(news))
    thresholds = trainer.choose_thresholds(training, oof)
    prior = trainer.choose_news_prior(news_scores)
    routed = trainer.routed_decisions(oof, thresholds, prior)
    routes = trainer.route_names(oof[list(classifier.ROUTER_TABLES)].to_numpy(), prior)
    labels = training["label"].to_numpy()
    lines = []
    for domain in classifier.TRAINING_DOMAINS:
        mask = (training["domain"] == domain).to_numpy()
        name = f"{domain} (5-fold CV)"
        lines.append(_line(name, "classifier, domain=auto", labels[mask], routed[mask]))
        own = oof[domain].to_numpy()[mask] >= thresholds[domain]
        lines.append(_line(name, f"classifier, domain={domain}", labels[mask], own))
        lines.append(_line(domain, "word list (any hedge cue)", labels[mask],
                           cue_baseline(training["sentence"][mask])))
    routing = [_routing_line(f"{d} (5-fold CV, news prior {prior})", routes[(training["domain"] == d).to_numpy()])
               for d in classifier.TRAINING_DOMAINS]
    routing.append(_routing_line("AllSides news sample (5-fold CV)", trainer.route_names(news_scores, prior)))
    return lines, routing


def shipped_routes(sentences: list[str]) -> np.ndarray:
    """The route (one of ``ROUTES``) the shipped model gives each sentence."""
    model = classifier.load_model()
    routing = trainer.router_features(sentences, trainer.candidate_features(sentences))
    return trainer.route_names(np.array([model.route_scores(r) for r in routing]).reshape(-1, len(classifier.ROUTES)), 0.0)


def labelled_lines(name: str, frame: pd.DataFrame, domain: str) -> list[str]:
    """Report lines for a labelled frame with the shipped model and the word list."""
    labels = frame["label"].to_numpy()
    predicted = hedged_sentences(frame["sentence"], domain=domain)["hedged"].to_numpy()
    return [_line(name, f"classifier, domain={domain}", labels, predicted),
            _line(name, "word list (any hedge cue)", labels, cue_baseline(frame["sentence"]))]


def main(argv: list[str]) -> int:
    """Print the evaluation table; exit code 2 on an unreadable FILE."""
    parser = argparse.ArgumentParser(prog="python -m analysis evaluate hedging", description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", type=Path, help="labelled CSV (sentence, uncertain|hedged)")
    parser.add_argument("--domain", default=classifier.AUTO, choices=classifier.DOMAINS,
                        help="weights used for the news dev set and FILE (default: auto)")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation on ../shared")
    parser.add_argument("--record", action="store_true", help=f"store the figures in {FIGURES_PATH}")
    args = parser.parse_args(argv)
    printed: list[str] = []
    header = f"{'set':<26} {'method':<34} {'P':>6} {'R':>6} {'F1':>6} {'n':>6} {'hedged':>6}"
    print("Hedged class: precision (P), recall (R) and F1")
    print(header)
    routing: list[str] = []
    if not args.no_cv:
        try:
            lines, routing = cross_validated_lines()
        except SharedDataMissing as missing:
            lines = [f"(cross-validation skipped: {missing})"]
        print("\n".join(lines), flush=True)
        printed += lines
    news_dev = read_labelled(NEWS_DEV_PATH)
    news_lines = labelled_lines("news dev (ours)", news_dev, args.domain)
    printed += news_lines
    print("\n".join(news_lines))
    if args.file is not None:
        try:
            frame = read_labelled(args.file)
        except (OSError, ValueError, pd.errors.ParserError) as problem:
            print(f"cannot evaluate {args.file}: {problem}")
            return 2
        file_lines = labelled_lines(args.file.name, frame, args.domain)
        printed += file_lines
        print("\n".join(file_lines))
    try:
        routing.append(_routing_line("AllSides check sample (shipped model)", shipped_routes(trainer.load_news("check"))))
    except SharedDataMissing as missing:
        routing.append(f"(AllSides check sample skipped: {missing})")
    routing.append(_routing_line("news dev (ours; shipped model)", shipped_routes(news_dev["sentence"].tolist())))
    print()
    print(ROUTING_HEADER)
    print("\n".join(routing))
    if args.record:
        record_figures("hedging", _figures_of(printed))
        print(f"recorded in {FIGURES_PATH}")
    return 0


def _figures_of(lines: list[str]) -> dict[str, dict[str, float]]:
    """The printed result rows as ``{"set / method": {"P": .., "R": .., "F1": ..}}``."""
    figures: dict[str, dict[str, float]] = {}
    for line in lines:
        numbers = line[61:].split()
        if len(numbers) >= 3 and line[:26].strip():
            try:
                p, r, f1 = (float(v) for v in numbers[:3])
            except ValueError:
                continue
            figures[f"{line[:26].strip()} / {line[27:61].strip()}"] = {"P": p, "R": r, "F1": f1}
    return figures
