"""The hedged-sentence classifier: features, training, and the shipped model.

A logistic regression over binary features of a sentence: its lowercased word unigrams and
bigrams (a fixed vocabulary of the :data:`VOCABULARY_SIZE` most frequent in training) and the
categories of the lexicon cues ``analysis.hedging.find_cues`` finds in it (``cue:<category>``,
``cue:any``, ``cue:several``). It is trained on the CoNLL-2010 task 1 training sentences of
``../shared/eval/hedging`` (Wikipedia and biomedical), each domain given the same total weight.
The decision threshold is the one that maximises the mean of the two domains' F1 over
out-of-fold probabilities of a 5-fold cross-validation on those training sentences only.

The shipped model is ``analysis/models/hedging_lr.json``: vocabulary, weights, intercept and
threshold as plain JSON (no pickle). ``python -m analysis train hedging`` rebuilds it exactly.
"""
from __future__ import annotations

import argparse
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from analysis.hedging import CATEGORIES, HEDGE_CATEGORIES, find_cues
from analysis.paths import MODEL_DIR, shared_path

MODEL_PATH = MODEL_DIR / "hedging_lr.json"
TRAINING_FILES: dict[str, str] = {
    "wikipedia": "eval/hedging/conll2010_wikipedia_train.csv",
    "bio": "eval/hedging/conll2010_bio_train.csv",
}
VOCABULARY_SIZE = 6000
"""Word n-grams kept (the most frequent in training, ties broken alphabetically)."""
MIN_DOCUMENT_FREQUENCY = 3
C = 0.5
"""Inverse regularisation strength of the logistic regression."""
FOLDS = 5
SEED = 0
THRESHOLD_GRID = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))
FORMAT = "analysis.hedging_model/1"

_PTB = re.compile(r"-[LR][RSC]B-|``|''")
_TOKEN = re.compile(r"[a-z]+|\d+")


def tokens(sentence: str) -> list[str]:
    """Lowercased word tokens; digits become ``0``; Penn Treebank brackets dropped."""
    return ["0" if t[0].isdigit() else t for t in _TOKEN.findall(_PTB.sub(" ", sentence.lower()))]


def cue_features(categories: Sequence[str]) -> set[str]:
    """Feature names from the categories of a sentence's cues (one entry per cue)."""
    features = {f"cue:{category}" for category in categories}
    n_hedges = sum(category in HEDGE_CATEGORIES for category in categories)
    if n_hedges:
        features.add("cue:any")
    if n_hedges > 1:
        features.add("cue:several")
    return features


def ngram_features(words: Sequence[str]) -> set[str]:
    """Unigrams and bigrams (``"a b"``) of ``words``."""
    grams = set(words)
    grams.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return grams


def sentence_features(sentence: str, categories: Sequence[str]) -> set[str]:
    """Every candidate feature name of one sentence (before the vocabulary filter)."""
    return ngram_features(tokens(sentence)) | cue_features(categories)


CUE_FEATURES: tuple[str, ...] = (*(f"cue:{c}" for c in CATEGORIES), "cue:any", "cue:several")


@dataclass(frozen=True)
class HedgingModel:
    """A trained classifier: ``weights`` by feature name, ``intercept``, decision ``threshold``."""

    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, sentence: str, categories: Sequence[str]) -> float:
        """Probability in [0, 1] that ``sentence`` is hedged, given its cues' categories."""
        weights = self.weights
        score = self.intercept + sum(weights.get(f, 0.0) for f in sentence_features(sentence, categories))
        return 1.0 / (1.0 + math.exp(-score)) if score > -700 else 0.0

    def to_json(self) -> str:
        """The model as JSON text (sorted keys, weights rounded to 6 decimals)."""
        payload = {
            "format": FORMAT,
            "intercept": round(self.intercept, 6),
            "threshold": self.threshold,
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())},
        }
        return json.dumps(payload, indent=0, sort_keys=True) + "\n"


def model_from_json(text: str) -> HedgingModel:
    """Parse and check a model written by :meth:`HedgingModel.to_json`; ``ValueError`` if malformed."""
    payload = json.loads(text)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError(f"not a hedging model of format {FORMAT}")
    weights = payload.get("weights")
    if not isinstance(weights, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, float)) for k, v in weights.items()):
        raise ValueError("hedging model: weights must map feature names to numbers")
    intercept, threshold = payload.get("intercept"), payload.get("threshold")
    if not isinstance(intercept, (int, float)) or not isinstance(threshold, (int, float)) \
            or not 0.0 <= threshold <= 1.0:
        raise ValueError("hedging model: intercept must be a number and threshold in [0, 1]")
    return HedgingModel({k: float(v) for k, v in weights.items()}, float(intercept), float(threshold))


@cache
def load_model(path: Path = MODEL_PATH) -> HedgingModel:
    """The shipped model (read once per process)."""
    return model_from_json(Path(path).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- training

def load_training() -> pd.DataFrame:
    """The shared training sentences: columns ``sentence``, ``label`` (0/1), ``domain``.

    Raises ``SharedDataMissing`` when ``../shared`` is absent.
    """
    frames = []
    for domain, relative in TRAINING_FILES.items():
        frame = pd.read_csv(shared_path(relative), usecols=["sentence", "uncertain"])
        frames.append(pd.DataFrame({"sentence": frame["sentence"].astype(str),
                                    "label": frame["uncertain"].astype(int), "domain": domain}))
    return pd.concat(frames, ignore_index=True)


def candidate_features(sentences: Iterable[str]) -> list[set[str]]:
    """The feature sets of ``sentences`` (lexicon cues found here)."""
    return [sentence_features(s, [c.category for c in find_cues(s)]) for s in sentences]


def build_vocabulary(feature_sets: Sequence[set[str]]) -> list[str]:
    """The cue features plus the :data:`VOCABULARY_SIZE` most frequent n-grams seen in at least
    :data:`MIN_DOCUMENT_FREQUENCY` sentences; deterministic order."""
    counts = Counter(f for features in feature_sets for f in features if not f.startswith("cue:"))
    frequent = sorted((f for f, n in counts.items() if n >= MIN_DOCUMENT_FREQUENCY),
                      key=lambda f: (-counts[f], f))[:VOCABULARY_SIZE]
    return [*CUE_FEATURES, *sorted(frequent)]


def design_matrix(feature_sets: Sequence[set[str]], vocabulary: Sequence[str]) -> sparse.csr_matrix:
    """Binary sentence x feature matrix."""
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, cols = [], []
    for row, features in enumerate(feature_sets):
        hits = sorted(index[f] for f in features if f in index)
        rows.extend([row] * len(hits))
        cols.extend(hits)
    data = np.ones(len(rows), dtype=np.float64)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(feature_sets), len(vocabulary)))


def domain_weights(domains: pd.Series) -> np.ndarray:
    """Sample weights giving every domain the same total weight (mean weight 1)."""
    sizes = domains.map(domains.value_counts())
    n_domains = domains.nunique()
    return (len(domains) / (n_domains * sizes)).to_numpy(dtype=float)


def fit(feature_sets: Sequence[set[str]], labels: np.ndarray, weights: np.ndarray
        ) -> tuple[list[str], LogisticRegression]:
    """Vocabulary and fitted logistic regression for these training sentences."""
    vocabulary = build_vocabulary(feature_sets)
    classifier = LogisticRegression(C=C, max_iter=2000, solver="lbfgs")
    classifier.fit(design_matrix(feature_sets, vocabulary), labels, sample_weight=weights)
    return vocabulary, classifier


def out_of_fold_probabilities(training: pd.DataFrame, feature_sets: Sequence[set[str]]) -> np.ndarray:
    """Probabilities of each training sentence from a model fitted without its fold."""
    labels = training["label"].to_numpy()
    strata = (training["domain"] + ":" + training["label"].astype(str)).to_numpy()
    weights = domain_weights(training["domain"])
    result = np.zeros(len(training))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train_index, test_index in folds.split(np.zeros(len(training)), strata):
        train_sets = [feature_sets[i] for i in train_index]
        vocabulary, classifier = fit(train_sets, labels[train_index], weights[train_index])
        test_matrix = design_matrix([feature_sets[i] for i in test_index], vocabulary)
        result[test_index] = classifier.predict_proba(test_matrix)[:, 1]
    return result


def f1_score(labels: np.ndarray, predicted: np.ndarray) -> float:
    """F1 of the positive class in [0, 1] (0 when nothing is predicted or present)."""
    true_positive = float(np.sum((labels == 1) & predicted))
    denominator = float(np.sum(labels == 1) + np.sum(predicted))
    return 2 * true_positive / denominator if denominator else 0.0


def choose_threshold(training: pd.DataFrame, probabilities: np.ndarray) -> float:
    """The grid threshold maximising the mean per-domain F1 (lowest wins ties)."""
    labels = training["label"].to_numpy()
    domains = training["domain"].to_numpy()

    def mean_f1(threshold: float) -> float:
        return float(np.mean([f1_score(labels[domains == d], probabilities[domains == d] >= threshold)
                              for d in sorted(set(domains))]))

    return max(THRESHOLD_GRID, key=lambda t: (round(mean_f1(t), 9), -t))


def train(training: pd.DataFrame) -> tuple[HedgingModel, np.ndarray]:
    """Fit the shipped model on ``training``; also returns the out-of-fold probabilities."""
    feature_sets = candidate_features(training["sentence"])
    probabilities = out_of_fold_probabilities(training, feature_sets)
    threshold = choose_threshold(training, probabilities)
    vocabulary, classifier = fit(feature_sets, training["label"].to_numpy(), domain_weights(training["domain"]))
    weights = {f: float(w) for f, w in zip(vocabulary, classifier.coef_[0]) if round(float(w), 6) != 0.0}
    return HedgingModel(weights, float(classifier.intercept_[0]), threshold), probabilities


def main(argv: list[str]) -> int:
    """``python -m analysis train hedging [--out PATH]``: rebuild the shipped model."""
    parser = argparse.ArgumentParser(prog="python -m analysis train hedging",
                                     description="Rebuild the hedged-sentence classifier from ../shared.")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model JSON")
    args = parser.parse_args(argv)
    training = load_training()
    model, _ = train(training)
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(f"trained on {len(training)} sentences; {len(model.weights)} weights; "
          f"threshold {model.threshold:.2f}; wrote {args.out}")
    return 0
