"""Measures as signals of outlet ratings: cross-validated classifiers of factuality and bias
from the feature table (outlets kept out of their own test folds), permutation importances,
and correlations of each measure with a rating.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from analysis.compare.outlets import measure_columns

# Rating scales, as ordinal codes and as the 3 classes of Baly et al. (2018, 2020)
FACTUALITY_ORDER = {"very low": 0, "low": 1, "mixed": 2, "mostly factual": 3, "high": 4, "very high": 5}


FACTUALITY_CLASS = {"very low": "low", "low": "low", "mixed": "mixed", "mostly factual": "mixed",
                    "high": "high", "very high": "high"}


BIAS_CLASS = {"left": "left", "lean left": "left", "left-center": "left", "far left": "left",
              "center": "center", "least biased": "center",
              "lean right": "right", "right-center": "right", "right": "right", "far right": "right",
              "extreme right": "right"}


def rating_classes(values: pd.Series, scheme: str) -> pd.Series:
    """Ratings as 3 classes: ``scheme="factuality"`` (MBFC/Baly: low, mixed, high) or
    ``"bias"`` (left, center, right). Unknown or missing values become missing."""
    table = {"factuality": FACTUALITY_CLASS, "bias": BIAS_CLASS}.get(scheme)
    if table is None:
        raise ValueError(f"scheme must be 'factuality' or 'bias', got {scheme!r}")
    return values.astype("string").str.strip().str.lower().map(table).astype("string")


@dataclass(frozen=True, eq=False)
class SignalResult:
    """A rating predicted from article measures, cross-validated by outlet.

    ``macro_f1`` and ``baseline_f1`` (majority class) are 0..1, the mean over folds;
    ``importance`` has one row per measure: ``measure``, ``importance`` (mean drop in macro-F1
    on the test folds when the measure is shuffled) and ``std``.
    """

    target: str
    level: str
    classes: tuple[str, ...]
    n_samples: int
    n_outlets: int
    n_splits: int
    macro_f1: float
    baseline_f1: float
    fold_f1: tuple[float, ...]
    fold_baseline_f1: tuple[float, ...]
    importance: pd.DataFrame = field(repr=False)


def _outlet_means(frame: pd.DataFrame, measures: list[str], target: str, group_column: str) -> pd.DataFrame:
    means = frame.groupby(group_column)[measures].mean()
    labels = frame.groupby(group_column)[target].agg(lambda s: s.mode().iloc[0])
    return means.assign(**{target: labels, group_column: means.index}).reset_index(drop=True)


def macro_f1(truth: np.ndarray, predicted: np.ndarray, n_classes: int) -> float:
    """Macro-averaged F1 (0..1) over classes ``0..n_classes-1`` given as integer codes; a class
    with no true and no predicted member scores 0 (as scikit-learn's ``zero_division=0``)."""
    pairs = np.bincount(truth * n_classes + predicted, minlength=n_classes * n_classes)
    confusion = pairs.reshape(n_classes, n_classes)
    hits = np.diag(confusion).astype(float)
    denominator = confusion.sum(axis=0) + confusion.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(denominator > 0, 2 * hits / denominator, 0.0)
    return float(f1.mean())


def _signal_model() -> Pipeline:
    return make_pipeline(SimpleImputer(strategy="median", keep_empty_features=True), StandardScaler(),
                         LogisticRegression(C=0.1, class_weight="balanced", max_iter=2000))


def _scores(model: Pipeline, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The standardised inputs and the decision scores (n, classes) of the fitted model."""
    standardised = model[:-1].transform(X)
    classifier = model[-1]
    scores = standardised @ classifier.coef_.T + classifier.intercept_
    if scores.shape[1] == 1:  # binary: column 0 scores the second class against the first
        scores = np.hstack([np.zeros_like(scores), scores])
    return standardised, scores


def permutation_drops(model: Pipeline, X: np.ndarray, codes: np.ndarray, n_classes: int, *,
                      n_repeats: int, rng: np.random.Generator) -> np.ndarray:
    """Permutation importance of each column for a fitted :func:`_signal_model`: the drop in
    macro-F1 when the column is shuffled, ``(columns, n_repeats)``. The imputer and scaler
    work column by column and the model is linear, so shuffling a column shifts every score by
    the coefficient times the shuffled difference: computed directly, without re-predicting."""
    standardised, scores = _scores(model, X)
    classifier = model[-1]
    model_classes = classifier.classes_.astype(int)
    coef = classifier.coef_
    if coef.shape[0] == 1:
        coef = np.vstack([np.zeros_like(coef), coef])
    base = macro_f1(codes, model_classes[scores.argmax(axis=1)], n_classes)
    drops = np.zeros((X.shape[1], n_repeats))
    for column in range(X.shape[1]):
        for repeat in range(n_repeats):
            shift = standardised[rng.permutation(len(codes)), column] - standardised[:, column]
            shuffled = scores + shift[:, None] * coef[:, column][None, :]
            drops[column, repeat] = base - macro_f1(codes, model_classes[shuffled.argmax(axis=1)], n_classes)
    return drops


def reliability_signals(features: pd.DataFrame, target: str, *, group_column: str = "outlet",
                        measures: Sequence[str] | None = None, level: str = "article",
                        n_splits: int = 5, n_repeats: int = 5, seed: int = 0) -> SignalResult:
    """How well article measures predict the outlet rating in column ``target``.

    A standardised logistic regression (class-balanced) is cross-validated with ``GroupKFold``
    on ``group_column``: no outlet is in both training and test. ``level="article"`` predicts
    each article's outlet rating; ``"outlet"`` first averages each outlet's articles (as in
    Baly et al. 2018). Macro-F1 is over every class of the target, per test fold, averaged;
    the baseline predicts the training folds' majority class. Rows with a missing target or an
    ``error`` are left out. Raises ``ValueError`` with fewer than 2 classes or 2 outlets.
    """
    measures = list(measures) if measures is not None else measure_columns(features)
    frame = features[features[target].notna()]
    if "error" in frame.columns:
        frame = frame[frame["error"].isna()]
    frame = frame[frame[group_column].notna()]
    if level == "outlet":
        frame = _outlet_means(frame, measures, target, group_column)
    elif level != "article":
        raise ValueError(f"level must be 'article' or 'outlet', got {level!r}")
    labels = frame[target].astype(str).to_numpy()
    groups = frame[group_column].astype(str).to_numpy()
    classes = tuple(sorted(set(labels)))
    n_outlets = len(set(groups))
    if len(classes) < 2 or n_outlets < 2:
        raise ValueError(f"{target}: need 2 classes and 2 outlets, have {len(classes)} and {n_outlets}")
    codes = np.searchsorted(np.array(classes), labels)
    X = np.array(frame[measures].to_numpy(dtype=float), copy=True)
    rng = np.random.default_rng(seed)
    splits = min(n_splits, n_outlets)
    f1s, baselines, drops = [], [], []
    # one BLAS thread: many small fits on a shared machine run several times faster than threaded
    with threadpool_limits(limits=1):
        for train, test in GroupKFold(n_splits=splits).split(X, codes, groups):
            if len(set(codes[train])) < 2:  # one class in training: the model is the baseline
                majority = np.bincount(codes[train]).argmax()
                f1s.append(macro_f1(codes[test], np.full(len(test), majority), len(classes)))
                baselines.append(f1s[-1])
                drops.append(np.zeros((len(measures), n_repeats)))
                continue
            model = _signal_model().fit(X[train], codes[train])
            f1s.append(macro_f1(codes[test], model.predict(X[test]), len(classes)))
            majority = np.bincount(codes[train]).argmax()
            baselines.append(macro_f1(codes[test], np.full(len(test), majority), len(classes)))
            drops.append(permutation_drops(model, X[test], codes[test], len(classes), n_repeats=n_repeats, rng=rng))
    all_drops = np.concatenate(drops, axis=1)
    importance = pd.DataFrame({"measure": measures, "importance": all_drops.mean(axis=1),
                               "std": all_drops.std(axis=1)}).sort_values("importance", ascending=False)
    return SignalResult(target, level, classes, len(labels), n_outlets, splits, float(np.mean(f1s)),
                        float(np.mean(baselines)), tuple(map(float, f1s)), tuple(map(float, baselines)),
                        importance.reset_index(drop=True))


def rating_correlations(features: pd.DataFrame, rating: pd.Series, *, group_column: str = "outlet",
                        measures: Sequence[str] | None = None) -> pd.DataFrame:
    """Pearson r (-1..1) between each measure and an ordinal rating (numbers, e.g. from
    :data:`FACTUALITY_ORDER`), over articles (``r_articles``) and over outlet means
    (``r_outlets``), with the counts behind each."""
    measures = list(measures) if measures is not None else measure_columns(features)
    frame = features.assign(_rating=pd.to_numeric(rating, errors="coerce"))
    frame = frame[frame["_rating"].notna()]
    outlets = frame.groupby(group_column)[measures + ["_rating"]].mean()
    records = []
    for measure in measures:
        records.append({"measure": measure,
                        "r_articles": frame[measure].corr(frame["_rating"]),
                        "n_articles": int(frame[measure].notna().sum()),
                        "r_outlets": outlets[measure].corr(outlets["_rating"]),
                        "n_outlets": int(outlets[measure].notna().sum())})
    return pd.DataFrame.from_records(records, columns=["measure", "r_articles", "n_articles",
                                                       "r_outlets", "n_outlets"])
