"""The hedged-sentence classifier: features, training, and the shipped model.

A logistic regression over binary features of a sentence: its lowercased word unigrams and
bigrams (a fixed vocabulary of the :data:`VOCABULARY_SIZE` most frequent in training; lexicon
matches ruled out by their context are masked) and the categories of the lexicon cues
(``cue:<category>``, ``cue:any``, ``cue:several``; see ``analysis.hedging.scan_cues``).

It is trained on the CoNLL-2010 task 1 training sentences of ``../shared/eval/hedging``
(Wikipedia and biomedical), each domain given the same total weight, with easy domain adaptation
(:func:`augment`): a shared weight per feature plus a Wikipedia and a biomedical copy. A second
logistic regression (the router) tells biomedical sentences from the rest. Prediction
(:meth:`HedgingModel.predict`) uses shared + biomedical weights for sentences routed to ``bio``
and the shared weights alone for every other one (news); ``domain`` can force a choice. The
thresholds maximise F1 over out-of-fold probabilities of a 5-fold cross-validation on the
training sentences only (:func:`choose_thresholds`).

The shipped model is ``analysis/models/hedging_lr.json``: feature names, weight lists,
intercepts and thresholds as plain JSON (no pickle), checked on load.
``python -m analysis train hedging`` rebuilds it byte for byte.
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

from analysis.hedging import CATEGORIES, HEDGE_CATEGORIES, scan_cues
from analysis.paths import MODEL_DIR, shared_path

MODEL_PATH = MODEL_DIR / "hedging_lr.json"
TRAINING_FILES: dict[str, str] = {
    "wikipedia": "eval/hedging/conll2010_wikipedia_train.csv",
    "bio": "eval/hedging/conll2010_bio_train.csv",
}
VOCABULARY_SIZE = 6000
"""Word n-grams kept (the most frequent in training, ties broken alphabetically)."""
MIN_DOCUMENT_FREQUENCY = 3
C = 0.05
"""Inverse regularisation strength of the hedging logistic regression, chosen by the mean of the
two domains' out-of-fold F1 on the training sentences (0.025: 0.767, 0.05: 0.769, 0.1: 0.768,
0.15: 0.764, 0.25: 0.758)."""
ROUTER_C = 1.0
"""Inverse regularisation strength of the biomedical-or-not router."""
FOLDS = 5
SEED = 0
THRESHOLD_GRID = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))
FORMAT = "analysis.hedging_model/1"

_PTB = re.compile(r"-[lr][rsc]b-|``|''")
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


REJECTED_TOKEN = "notacue"
"""Stands in the n-grams for a lexicon match its context ruled out ("in May", "appeared on")."""


def mask(sentence: str, rejected: Sequence[tuple[int, int]]) -> str:
    """``sentence`` with each ``(start, end)`` span replaced by :data:`REJECTED_TOKEN`."""
    for start, end in sorted(rejected, reverse=True):
        sentence = f"{sentence[:start]} {REJECTED_TOKEN} {sentence[end:]}"
    return sentence


def sentence_features(sentence: str, categories: Sequence[str],
                      rejected: Sequence[tuple[int, int]] = ()) -> set[str]:
    """Every candidate feature name of one sentence (before the vocabulary filter): n-grams of
    the sentence with ruled-out matches masked, and the cue features."""
    return ngram_features(tokens(mask(sentence, rejected) if rejected else sentence)) | cue_features(categories)


CUE_FEATURES: tuple[str, ...] = (*(f"cue:{c}" for c in CATEGORIES), "cue:any", "cue:several")
BIAS = "bias"
"""Feature present in every sentence: its domain copies carry each domain's intercept shift."""
TRAINING_DOMAINS: tuple[str, ...] = ("wikipedia", "bio")
GENERAL = "general"
AUTO = "auto"
DOMAINS: tuple[str, ...] = (AUTO, GENERAL, *TRAINING_DOMAINS)
"""Values of ``domain``: ``auto`` routes biomedical sentences to ``bio`` and every other one
(news included) to ``general``; ``wikipedia`` and ``bio`` force those domains' weights."""


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-score)) if score > -700 else 0.0


@dataclass(frozen=True)
class HedgingModel:
    """A trained classifier.

    ``tables["general"]`` holds the shared weights; ``tables["wikipedia"]`` and
    ``tables["bio"]`` the domain-specific weights added to them; ``tables["router"]`` the
    weights of the biomedical-or-not router. ``intercepts`` has the same keys;
    ``thresholds`` has ``general``, ``wikipedia`` and ``bio`` (probabilities in [0, 1]).
    """

    tables: dict[str, dict[str, float]]
    intercepts: dict[str, float]
    thresholds: dict[str, float]

    def _score(self, table: str, features: set[str]) -> float:
        weights = self.tables[table]
        return self.intercepts[table] + sum(weights.get(f, 0.0) for f in features)

    def route(self, features: set[str]) -> str:
        """``bio`` where the router takes the sentence for biomedical text, else ``general``."""
        return "bio" if self._score("router", features) >= 0.0 else GENERAL

    def predict(self, sentence: str, categories: Sequence[str], rejected: Sequence[tuple[int, int]] = (),
                domain: str = AUTO) -> tuple[float, bool]:
        """Probability in [0, 1] that ``sentence`` is hedged and the hedged decision, given the
        categories of its cues and the spans of ruled-out matches (``analysis.hedging.scan_cues``),
        with the weights and threshold of ``domain`` (see :data:`DOMAINS`)."""
        features = sentence_features(sentence, categories, rejected)
        chosen = self.route(features) if domain == AUTO else domain
        if chosen not in self.thresholds:
            raise ValueError(f"unknown domain {domain!r}; use one of {DOMAINS}")
        score = self._score(GENERAL, features)
        if chosen != GENERAL:
            score += self._score(chosen, features)
        probability = _sigmoid(score)
        return probability, probability >= self.thresholds[chosen]

    def to_json(self) -> str:
        """The model as JSON text: sorted feature names, one weight list per table (6 decimals)."""
        names = sorted(set().union(*self.tables.values()))
        payload = {
            "format": FORMAT,
            "features": names,
            "weights": {t: [round(self.tables[t].get(n, 0.0), 6) for n in names] for t in sorted(self.tables)},
            "intercepts": {t: round(v, 6) for t, v in sorted(self.intercepts.items())},
            "thresholds": dict(sorted(self.thresholds.items())),
        }
        return json.dumps(payload, sort_keys=True, separators=(",", ":")) + "\n"


TABLES: tuple[str, ...] = (GENERAL, *TRAINING_DOMAINS, "router")


def model_from_json(text: str) -> HedgingModel:
    """Parse and check a model written by :meth:`HedgingModel.to_json`; ``ValueError`` if malformed."""
    payload = json.loads(text)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError(f"not a hedging model of format {FORMAT}")
    names, weights = payload.get("features"), payload.get("weights")
    intercepts, thresholds = payload.get("intercepts"), payload.get("thresholds")
    if not (isinstance(names, list) and all(isinstance(n, str) for n in names)
            and isinstance(weights, dict) and set(weights) == set(TABLES)
            and all(isinstance(w, list) and len(w) == len(names)
                    and all(isinstance(x, (int, float)) for x in w) for w in weights.values())
            and isinstance(intercepts, dict) and set(intercepts) == set(TABLES)
            and all(isinstance(x, (int, float)) for x in intercepts.values())
            and isinstance(thresholds, dict) and set(thresholds) == {GENERAL, *TRAINING_DOMAINS}
            and all(isinstance(x, (int, float)) and 0.0 <= x <= 1.0 for x in thresholds.values())):
        raise ValueError("hedging model: features, weights, intercepts or thresholds malformed")
    tables = {t: {n: float(x) for n, x in zip(names, w) if x} for t, w in weights.items()}
    return HedgingModel(tables, {t: float(x) for t, x in intercepts.items()},
                        {t: float(x) for t, x in thresholds.items()})


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
    """The feature sets of ``sentences`` (with the lexicon cues found in each)."""
    features = []
    for sentence in sentences:
        cues, rejected = scan_cues(sentence)
        features.append(sentence_features(sentence, [c.category for c in cues], rejected))
    return features


def general_vocabulary(feature_sets: Sequence[set[str]]) -> list[str]:
    """The cue features plus the :data:`VOCABULARY_SIZE` n-grams seen in the most sentences
    (at least :data:`MIN_DOCUMENT_FREQUENCY`; ties alphabetical); sorted."""
    counts = Counter(f for features in feature_sets for f in features if not f.startswith("cue:"))
    frequent = sorted((f for f, n in counts.items() if n >= MIN_DOCUMENT_FREQUENCY),
                      key=lambda f: (-counts[f], f))[:VOCABULARY_SIZE]
    return sorted({*CUE_FEATURES, *frequent})


def augment(features: set[str], domain: str) -> set[str]:
    """Easy domain adaptation (Daumé 2007): the shared features plus a ``domain|`` copy of
    each and of :data:`BIAS`."""
    return features | {f"{domain}|{f}" for f in features} | {f"{domain}|{BIAS}"}


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
    return (len(domains) / (domains.nunique() * sizes)).to_numpy(dtype=float)


def fit_tables(feature_sets: Sequence[set[str]], labels: np.ndarray, domains: pd.Series
               ) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Weights and intercepts of every table (see :class:`HedgingModel`) fitted on these sentences."""
    vocabulary = general_vocabulary(feature_sets)
    full = [*vocabulary, *(f"{d}|{f}" for d in TRAINING_DOMAINS for f in [BIAS, *vocabulary])]
    augmented = [augment(f, d) for f, d in zip(feature_sets, domains)]
    hedging = LogisticRegression(C=C, max_iter=3000).fit(
        design_matrix(augmented, full), labels, sample_weight=domain_weights(domains))
    coefficients = dict(zip(full, hedging.coef_[0].tolist()))
    tables = {GENERAL: {f: coefficients[f] for f in vocabulary}}
    intercepts = {GENERAL: float(hedging.intercept_[0])}
    for domain in TRAINING_DOMAINS:
        tables[domain] = {f: coefficients[f"{domain}|{f}"] for f in vocabulary}
        intercepts[domain] = coefficients[f"{domain}|{BIAS}"]
    router = LogisticRegression(C=ROUTER_C, max_iter=3000).fit(
        design_matrix(feature_sets, vocabulary), (domains == "bio").to_numpy().astype(int))
    tables["router"] = dict(zip(vocabulary, router.coef_[0].tolist()))
    intercepts["router"] = float(router.intercept_[0])
    return tables, intercepts


def _predictions(model: HedgingModel, feature_sets: Sequence[set[str]]) -> dict[str, np.ndarray]:
    """Probabilities with the weights of each domain, and the router's choice (``routed_bio``)."""
    out = {name: np.zeros(len(feature_sets)) for name in (GENERAL, *TRAINING_DOMAINS)}
    out["routed_bio"] = np.zeros(len(feature_sets), dtype=bool)
    for i, features in enumerate(feature_sets):
        general = model._score(GENERAL, features)
        out[GENERAL][i] = _sigmoid(general)
        for domain in TRAINING_DOMAINS:
            out[domain][i] = _sigmoid(general + model._score(domain, features))
        out["routed_bio"][i] = model.route(features) == "bio"
    return out


def out_of_fold(training: pd.DataFrame, feature_sets: Sequence[set[str]]) -> pd.DataFrame:
    """For every training sentence, from a model fitted without its fold: probabilities with
    the ``general``, ``wikipedia`` and ``bio`` weights and the router's choice ``routed_bio``."""
    labels = training["label"].to_numpy()
    strata = (training["domain"] + ":" + training["label"].astype(str)).to_numpy()
    result = pd.DataFrame(index=training.index, columns=[GENERAL, *TRAINING_DOMAINS, "routed_bio"])
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train_index, test_index in folds.split(np.zeros(len(training)), strata):
        tables, intercepts = fit_tables([feature_sets[i] for i in train_index], labels[train_index],
                                        training["domain"].iloc[train_index])
        fold_model = HedgingModel(tables, intercepts, {})
        predictions = _predictions(fold_model, [feature_sets[i] for i in test_index])
        for column, values in predictions.items():
            result.iloc[test_index, result.columns.get_loc(column)] = values
    return result.astype({GENERAL: float, "wikipedia": float, "bio": float, "routed_bio": bool})


def f1_score(labels: np.ndarray, predicted: np.ndarray) -> float:
    """F1 of the positive class in [0, 1] (0 when nothing is predicted or present)."""
    true_positive = float(np.sum((labels == 1) & predicted))
    denominator = float(np.sum(labels == 1) + np.sum(predicted))
    return 2 * true_positive / denominator if denominator else 0.0


def best_threshold(label_groups: Sequence[np.ndarray], probability_groups: Sequence[np.ndarray]) -> float:
    """The :data:`THRESHOLD_GRID` value maximising the mean F1 over the groups (lowest wins ties)."""
    def mean_f1(threshold: float) -> float:
        return round(float(np.mean([f1_score(y, p >= threshold)
                                    for y, p in zip(label_groups, probability_groups)])), 9)

    return max(THRESHOLD_GRID, key=lambda t: (mean_f1(t), -t))


def choose_thresholds(training: pd.DataFrame, oof: pd.DataFrame) -> dict[str, float]:
    """Thresholds from out-of-fold probabilities: ``general`` maximises the mean F1 of the two
    domains with the shared weights; each domain's its own F1 with its own weights."""
    labels = training["label"].to_numpy()
    masks = {d: (training["domain"] == d).to_numpy() for d in TRAINING_DOMAINS}
    thresholds = {GENERAL: best_threshold([labels[m] for m in masks.values()],
                                          [oof[GENERAL].to_numpy()[m] for m in masks.values()])}
    for domain, mask in masks.items():
        thresholds[domain] = best_threshold([labels[mask]], [oof[domain].to_numpy()[mask]])
    return thresholds


def routed_decisions(oof: pd.DataFrame, thresholds: dict[str, float]) -> np.ndarray:
    """Hedged decisions of ``domain="auto"``: bio weights where routed there, else general."""
    bio = oof["routed_bio"].to_numpy()
    return np.where(bio, oof["bio"].to_numpy() >= thresholds["bio"],
                    oof[GENERAL].to_numpy() >= thresholds[GENERAL])


def train(training: pd.DataFrame) -> tuple[HedgingModel, pd.DataFrame]:
    """Fit the shipped model on ``training``; also returns the out-of-fold predictions."""
    feature_sets = candidate_features(training["sentence"])
    oof = out_of_fold(training, feature_sets)
    thresholds = choose_thresholds(training, oof)
    tables, intercepts = fit_tables(feature_sets, training["label"].to_numpy(), training["domain"])
    return HedgingModel(tables, intercepts, thresholds), oof


def main(argv: list[str]) -> int:
    """``python -m analysis train hedging [--out PATH]``: rebuild the shipped model."""
    parser = argparse.ArgumentParser(prog="python -m analysis train hedging",
                                     description="Rebuild the hedged-sentence classifier from ../shared.")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model JSON")
    args = parser.parse_args(argv)
    training = load_training()
    model, _ = train(training)
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(f"trained on {len(training)} sentences; {len(model.tables[GENERAL])} features; "
          f"thresholds {model.thresholds}; wrote {args.out}")
    return 0
