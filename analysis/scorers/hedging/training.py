"""Training the hedged-sentence classifier: ``python -m analysis train hedging`` rebuilds
``analysis/models/hedging_lr.json`` exactly from the CoNLL-2010 training sets of ``../shared`` and
a sample of AllSides training-split news sentences (for the router), with fixed folds and seeds.
The model format and inference are in ``analysis.scorers.hedging.classifier``.
"""
from __future__ import annotations

import argparse
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold

from analysis.paths import shared_path
from analysis.scorers.hedging.classifier import (
    BIAS,
    CUE_FEATURES,
    FORM_PATTERNS,
    GENERAL,
    MODEL_PATH,
    NEWS,
    ROUTE_WEIGHTS,
    ROUTER_TABLES,
    ROUTES,
    TRAINING_DOMAINS,
    HedgingModel,
    _sigmoid,
    form_features,
    sentence_features,
)
from analysis.scorers.hedging.cues import scan_cues
from analysis.text.sentences import sentence_spans

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
"""Inverse regularisation strength of the router (0.3, 1 and 3 tried: at an out-of-fold news
routing accuracy of at least 0.97 on the training sample, 1 sends the most Wikipedia sentences to
the Wikipedia weights)."""


NEWS_FILE = "corpora/allsides_articles.parquet"


NEWS_SPLIT = "train"
"""Only articles of this ``split_random`` value are read (never ``valid`` or ``test``)."""


NEWS_ARTICLES = 1000
"""Articles of the router's news sample: the first in the order of :func:`stable_key` of their id."""


NEWS_CHECK_ARTICLES = 500
"""The next articles in that order: a disjoint sample to check news routing (never trained on)."""


NEWS_SENTENCES_PER_ARTICLE = 4


NEWS_ROUTING_ACCURACY = 0.97
"""Out-of-fold share of the training news sample that the router must keep on news."""


PRIOR_GRID = tuple(0.5 * i for i in range(11))
"""Candidate additions to the news score of the router (log-odds)."""


FOLDS = 5


SEED = 0


THRESHOLD_GRID = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))


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


def stable_key(text: str) -> str:
    """SHA-256 hex digest of ``text``: a sampling order that depends on no library or seed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_news(part: str = "train") -> list[str]:
    """Unlabelled news sentences of AllSides articles whose ``split_random`` is
    :data:`NEWS_SPLIT`, taken in :func:`stable_key` order of the article id: ``part="train"``
    the first :data:`NEWS_ARTICLES` articles (the router's news sample), ``part="check"`` the
    next :data:`NEWS_CHECK_ARTICLES` (disjoint; to check news routing). From each article its
    :data:`NEWS_SENTENCES_PER_ARTICLE` sentences (``analysis.text.sentences.sentence_spans``) of lowest
    ``stable_key("<id>:<index>")``, in text order.

    Raises ``SharedDataMissing`` when ``../shared`` is absent, ``ValueError`` for another part.
    """
    if part not in ("train", "check"):
        raise ValueError(f"part must be 'train' or 'check', got {part!r}")
    frame = pd.read_parquet(shared_path(NEWS_FILE), columns=["id", "text", "split_random"],
                            filters=[("split_random", "==", NEWS_SPLIT)]).dropna(subset=["id", "text"])
    articles = sorted(zip(frame["id"].map(stable_key), frame["id"], frame["text"]))
    start = 0 if part == "train" else NEWS_ARTICLES
    stop = NEWS_ARTICLES if part == "train" else NEWS_ARTICLES + NEWS_CHECK_ARTICLES
    sentences = []
    for _, article_id, text in articles[start:stop]:
        spans = sentence_spans(text)
        kept = sorted(range(len(spans)), key=lambda i: stable_key(f"{article_id}:{i}"))
        sentences.extend(text[spans[i][0]:spans[i][1]] for i in sorted(kept[:NEWS_SENTENCES_PER_ARTICLE]))
    return sentences


def candidate_features(sentences: Iterable[str]) -> list[set[str]]:
    """The feature sets of ``sentences`` (with the lexicon cues found in each)."""
    features = []
    for sentence in sentences:
        cues, rejected = scan_cues(sentence)
        features.append(sentence_features(sentence, [c.category for c in cues], rejected))
    return features


def router_features(sentences: Iterable[str], feature_sets: Sequence[set[str]]) -> list[set[str]]:
    """The router's feature sets: each sentence's features plus its :func:`form_features`."""
    return [features | form_features(sentence) for sentence, features in zip(sentences, feature_sets)]


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


def fit_hedging(feature_sets: Sequence[set[str]], labels: np.ndarray, domains: pd.Series
                ) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Weights and intercepts of the ``general``, ``wikipedia`` and ``bio`` tables fitted on
    these sentences."""
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
    return tables, intercepts


def fit_router(router_sets: Sequence[set[str]], routes: Sequence[str]
               ) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """The router's tables (:data:`ROUTER_TABLES`) and intercepts, without the news prior: a
    multinomial logistic regression over the n-grams frequent in these sentences, the cue and
    the form features; every route (one of :data:`ROUTES`) given the same total weight."""
    vocabulary = sorted({*general_vocabulary(router_sets), *FORM_PATTERNS})
    routes = pd.Series(list(routes))
    router = LogisticRegression(C=ROUTER_C, max_iter=3000).fit(
        design_matrix(router_sets, vocabulary), routes.to_numpy(), sample_weight=domain_weights(routes))
    classes = router.classes_.tolist()
    tables = {f"route_{r}": dict(zip(vocabulary, router.coef_[classes.index(r)].tolist())) for r in ROUTES}
    intercepts = {f"route_{r}": float(router.intercept_[classes.index(r)]) for r in ROUTES}
    return tables, intercepts


def route_names(scores: np.ndarray, prior: float) -> np.ndarray:
    """The route (one of :data:`ROUTES`) of each row of router ``scores`` (sentences x
    :data:`ROUTES`, log-odds) after adding ``prior`` to the news score (ties go to news)."""
    shifted = np.asarray(scores, dtype=float) + np.array([prior] + [0.0] * (len(ROUTES) - 1))
    return np.array(ROUTES)[shifted.argmax(axis=1)]


def choose_news_prior(news_scores: np.ndarray) -> float:
    """The smallest :data:`PRIOR_GRID` value that keeps at least :data:`NEWS_ROUTING_ACCURACY`
    of the news sample on news (out-of-fold router scores); the largest if none does."""
    for prior in PRIOR_GRID:
        if np.mean(route_names(news_scores, prior) == NEWS) >= NEWS_ROUTING_ACCURACY:
            return prior
    return PRIOR_GRID[-1]


def _predictions(model: HedgingModel, router_sets: Sequence[set[str]]) -> dict[str, np.ndarray]:
    """Probabilities with the weights of each domain and the router's scores (``route_*``) of
    sentences with these router features (the form features carry no hedging weight)."""
    out = {name: np.zeros(len(router_sets)) for name in (GENERAL, *TRAINING_DOMAINS, *ROUTER_TABLES)}
    for i, routing in enumerate(router_sets):
        scores = model.table_scores(routing)
        out[GENERAL][i] = _sigmoid(scores[GENERAL])
        for domain in TRAINING_DOMAINS:
            out[domain][i] = _sigmoid(scores[GENERAL] + scores[domain])
        for table in ROUTER_TABLES:
            out[table][i] = scores[table]
    return out


def out_of_fold(training: pd.DataFrame, feature_sets: Sequence[set[str]], news: Sequence[str],
                news_sets: Sequence[set[str]]) -> tuple[pd.DataFrame, np.ndarray]:
    """Out-of-fold predictions: for every training sentence, from models (hedging and router)
    fitted without its fold, the probabilities with the ``general``, ``wikipedia`` and ``bio``
    weights and the router's scores (``route_*`` columns, no prior); and the router's out-of-fold
    scores of the ``news`` sentences (array sentences x :data:`ROUTES`; the news sample is split
    into :data:`FOLDS` folds too)."""
    labels = training["label"].to_numpy()
    domains = training["domain"]
    strata = (domains + ":" + training["label"].astype(str)).to_numpy()
    routing = router_features(training["sentence"], feature_sets)
    news_routing = router_features(news, news_sets)
    result = pd.DataFrame(index=training.index, columns=[GENERAL, *TRAINING_DOMAINS, *ROUTER_TABLES], dtype=float)
    news_scores = np.zeros((len(news), len(ROUTES)))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    news_folds = KFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for (train_index, test_index), (news_train, news_test) in zip(
            folds.split(np.zeros(len(training)), strata), news_folds.split(np.zeros(len(news)))):
        tables, intercepts = fit_hedging([feature_sets[i] for i in train_index], labels[train_index],
                                         domains.iloc[train_index])
        router_tables, router_intercepts = fit_router(
            [routing[i] for i in train_index] + [news_routing[i] for i in news_train],
            [*domains.iloc[train_index], *[NEWS] * len(news_train)])
        fold_model = HedgingModel({**tables, **router_tables}, {**intercepts, **router_intercepts}, {})
        predictions = _predictions(fold_model, [routing[i] for i in test_index])
        for column, values in predictions.items():
            result.iloc[test_index, result.columns.get_loc(column)] = values
        news_scores[news_test] = [fold_model.route_scores(news_routing[i]) for i in news_test]
    return result, news_scores


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


def routed_decisions(oof: pd.DataFrame, thresholds: dict[str, float], prior: float) -> np.ndarray:
    """Hedged decisions of ``domain="auto"`` from out-of-fold predictions: each sentence with
    the weights and threshold of its route (router scores plus the news ``prior``)."""
    weights = pd.Series(route_names(oof[list(ROUTER_TABLES)].to_numpy(), prior)).map(ROUTE_WEIGHTS).to_numpy()
    decisions = np.zeros(len(oof), dtype=bool)
    for name in (GENERAL, *TRAINING_DOMAINS):
        chosen = weights == name
        decisions[chosen] = oof[name].to_numpy()[chosen] >= thresholds[name]
    return decisions


def train(training: pd.DataFrame, news: Sequence[str]) -> tuple[HedgingModel, pd.DataFrame, np.ndarray]:
    """Fit the shipped model on ``training`` (labelled) and ``news`` (unlabelled router sample);
    also returns the out-of-fold predictions of :func:`out_of_fold`."""
    feature_sets = candidate_features(training["sentence"])
    news_sets = candidate_features(news)
    oof, news_scores = out_of_fold(training, feature_sets, news, news_sets)
    thresholds = choose_thresholds(training, oof)
    prior = choose_news_prior(news_scores)
    tables, intercepts = fit_hedging(feature_sets, training["label"].to_numpy(), training["domain"])
    router_tables, router_intercepts = fit_router(
        router_features(training["sentence"], feature_sets) + router_features(news, news_sets),
        [*training["domain"], *[NEWS] * len(news)])
    router_intercepts[f"route_{NEWS}"] += prior
    return HedgingModel({**tables, **router_tables}, {**intercepts, **router_intercepts}, thresholds), oof, news_scores


def main(argv: list[str]) -> int:
    """``python -m analysis train hedging [--out PATH]``: rebuild the shipped model."""
    parser = argparse.ArgumentParser(prog="python -m analysis train hedging",
                                     description="Rebuild the hedged-sentence classifier from ../shared.")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model JSON")
    args = parser.parse_args(argv)
    training = load_training()
    news = load_news("train")
    model, _, news_scores = train(training, news)
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(f"trained on {len(training)} labelled sentences and {len(news)} news sentences (router); "
          f"{len(model.tables[GENERAL])} hedging features; news prior {choose_news_prior(news_scores)}; "
          f"thresholds {model.thresholds}; wrote {args.out}")
    return 0
