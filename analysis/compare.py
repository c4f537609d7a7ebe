"""Comparisons: articles on one story, claims aligned across articles, outlet profiles, and the
article measures that separate outlets of different ratings.

- :func:`group_stories`: articles on the same story, by TF-IDF cosine similarity of title and
  text within a window of days (average-link clustering).
- :func:`align_claims`: the sentences of two or more articles aligned into claims; for each,
  which article asserts it, which hedges it (and how), whom it cites and through which outlets.
- :func:`outlet_profiles`: per outlet and measure, the number of articles, mean with a
  bootstrap confidence interval, and quartiles; outlets under ``min_articles`` are marked.
- :func:`effect_sizes`: differences between outlets (or groups) as Hedges' g with a CI.
- :func:`reliability_signals`: a scikit-learn model predicting an outlet rating from article
  measures, cross-validated by outlet (``GroupKFold``), macro-F1 beside a majority baseline,
  with permutation importance; :func:`rating_correlations` for single measures.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.stats import norm
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from analysis.attribution import extract_attributions
from analysis.hedging import find_hedges
from analysis.language import find_loaded_language
from analysis.render import chain_text
from analysis.sentences import sentence_spans

MEASURE_PREFIXES = ("hedge_", "src_", "lang_", "read_", "style_")

# Story grouping defaults: the threshold is the best F1 on the dev half of the story triplets
# (stories at even positions of the sorted ids, compared on text alone), reported on the other
# half (``python -m analysis evaluate stories``); the window is one day either side.
STORY_THRESHOLD = 0.2
STORY_WINDOW_DAYS = 1
# Claim alignment: set by reading the alignments of the two seeds (no gold set exists for it)
CLAIM_THRESHOLD = 0.12

# Rating scales, as ordinal codes and as the 3 classes of Baly et al. (2018, 2020)
FACTUALITY_ORDER = {"very low": 0, "low": 1, "mixed": 2, "mostly factual": 3, "high": 4, "very high": 5}
FACTUALITY_CLASS = {"very low": "low", "low": "low", "mixed": "mixed", "mostly factual": "mixed",
                    "high": "high", "very high": "high"}
BIAS_CLASS = {"left": "left", "lean left": "left", "left-center": "left", "far left": "left",
              "center": "center", "least biased": "center",
              "lean right": "right", "right-center": "right", "right": "right", "far right": "right",
              "extreme right": "right"}


def measure_columns(frame: pd.DataFrame) -> list[str]:
    """The numeric measure columns of a feature table (prefixes :data:`MEASURE_PREFIXES`)."""
    return [c for c in frame.columns
            if c.startswith(MEASURE_PREFIXES) and pd.api.types.is_numeric_dtype(frame[c])
            and not pd.api.types.is_bool_dtype(frame[c])]


# ---------------------------------------------------------------------------------------------
# Same story


def _story_texts(articles: pd.DataFrame, text_column: str, title_column: str) -> list[str]:
    texts = articles[text_column].fillna("").astype(str)
    if title_column in articles.columns:
        texts = articles[title_column].fillna("").astype(str) + "\n" + texts
    return texts.tolist()


def _date_blocks(days: np.ndarray, window: int) -> np.ndarray:
    """Block ids such that articles whose dates (in days) are at most ``window`` apart share a
    block: runs of sorted dates with no gap over ``window``. Undated articles (NaN) are one
    block of their own."""
    block = np.full(len(days), -1, dtype=int)
    dated = np.flatnonzero(~np.isnan(days))
    order = dated[np.argsort(days[dated], kind="stable")]
    current = 0
    for n, this in enumerate(order):
        if n and days[this] - days[order[n - 1]] > window:
            current += 1
        block[this] = current
    return block


def _cluster(similarity: np.ndarray, threshold: float) -> np.ndarray:
    if len(similarity) == 1:
        return np.zeros(1, dtype=int)
    distance = np.clip(1.0 - similarity, 0.0, 1.0)
    return AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                   distance_threshold=1.0 - threshold + 1e-9).fit_predict(distance)


def group_stories(articles: pd.DataFrame, *, text_column: str = "text", title_column: str = "title",
                  date_column: str = "published", threshold: float = STORY_THRESHOLD,
                  window_days: int = STORY_WINDOW_DAYS) -> pd.Series:
    """A story id (int, from 0, in order of first appearance) for every article, same index as
    ``articles``.

    Articles are one story when the average TF-IDF cosine similarity (of title and text,
    English stop words removed, sublinear term frequency; 0..1) between their groups is at
    least ``threshold`` and their dates are at most ``window_days`` days apart (pairs further
    apart count as similarity 0). Articles without a date are compared only with one another;
    a text with no words is a story of its own. Memory grows with the square of the largest
    run of articles with no gap of more than ``window_days`` between their dates.
    """
    if len(articles) == 0:
        return pd.Series([], index=articles.index, dtype=int, name="story")
    texts = _story_texts(articles, text_column, title_column)
    has_words = np.array([any(ch.isalnum() for ch in t) for t in texts])
    labels: list[tuple] = [("alone", i) for i in range(len(texts))]
    if has_words.any():
        kept = np.flatnonzero(has_words)
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [texts[i] for i in kept])
        if date_column in articles.columns:
            dates = pd.to_datetime(articles[date_column], errors="coerce").to_numpy()[kept]
            days = dates.astype("datetime64[D]").astype("int64").astype(float)
            days[np.isnat(dates)] = np.nan
        else:
            days = np.zeros(len(kept))
        blocks = _date_blocks(days, window_days)
        for block in np.unique(blocks):
            members = np.flatnonzero(blocks == block)
            part = vectors[members]
            similarity = (part @ part.T).toarray()
            gap = np.abs(days[members][:, None] - days[members][None, :])
            similarity[gap > window_days] = 0.0  # NaN gaps compare False: undated stay linked
            for member, cluster in zip(members, _cluster(similarity, threshold)):
                labels[kept[member]] = ("story", int(block), int(cluster))
    order = {key: n for n, key in enumerate(dict.fromkeys(labels))}
    return pd.Series([order[key] for key in labels], index=articles.index, name="story")


def similarity_ranking(text: str, others: Sequence[str]) -> list[int]:
    """Indexes of ``others`` from the most to the least similar to ``text`` (TF-IDF cosine,
    English stop words removed); ties keep their order. Texts with no words rank last."""
    if not others:
        return []
    corpus = [text or ""] + [o if isinstance(o, str) else "" for o in others]
    if not any(any(ch.isalnum() for ch in t) for t in corpus):
        return list(range(len(others)))
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(corpus)
    scores = (vectors[1:] @ vectors[0].T).toarray().ravel()
    return [int(i) for i in np.argsort(-scores, kind="stable")]


@dataclass(frozen=True)
class PairScores:
    """Pairwise clustering scores: a pair of articles is predicted "same story" when both get
    one story id; precision/recall/F1 over those pairs (0..1)."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def _pairs(labels: Sequence) -> set[tuple[int, int]]:
    groups: dict = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    return {(a, b) for members in groups.values() for n, a in enumerate(members) for b in members[n + 1:]}


def pair_scores(gold: Sequence, predicted: Sequence) -> PairScores:
    """Pairwise precision and recall of ``predicted`` story ids against ``gold`` ones."""
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} labels, predicted {len(predicted)}")
    true, found = _pairs(list(gold)), _pairs(list(predicted))
    correct = len(true & found)
    precision = correct / len(found) if found else 0.0
    recall = correct / len(true) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision, recall, f1, len(true), len(found), correct)


# ---------------------------------------------------------------------------------------------
# Article against article


@dataclass(frozen=True)
class ArticleAnnotations:
    """One article with what the scorers found in it (offsets into ``text``)."""

    label: str
    text: str
    outlet: str | None = None
    hedges: tuple = ()
    attributions: tuple = ()
    loaded: tuple = ()


def _sentence_of(spans: list[tuple[int, int]], offset: int) -> int | None:
    for index, (start, end) in enumerate(spans):
        if start <= offset < end:
            return index
    return None


def _claim_groups(sentences: list[list[str]], threshold: float) -> list[np.ndarray]:
    """Connected claims: mutual best matches between the sentences of every pair of articles
    whose TF-IDF cosine similarity is at least ``threshold``."""
    flat = [s for article in sentences for s in article]
    offsets = np.cumsum([0] + [len(a) for a in sentences])
    rows, cols = [], []
    if len(flat) >= 2 and any(any(ch.isalnum() for ch in s) for s in flat):
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(flat)
        for i in range(len(sentences)):
            for j in range(i + 1, len(sentences)):
                a = vectors[offsets[i]:offsets[i + 1]]
                b = vectors[offsets[j]:offsets[j + 1]]
                if a.shape[0] == 0 or b.shape[0] == 0:
                    continue
                sim = (a @ b.T).toarray()
                best_b, best_a = sim.argmax(axis=1), sim.argmax(axis=0)
                for x, y in enumerate(best_b):
                    if best_a[y] == x and sim[x, y] >= threshold:
                        rows.append(offsets[i] + x)
                        cols.append(offsets[j] + y)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(flat), len(flat)))
    _, component = connected_components(graph, directed=False)
    return [component[offsets[i]:offsets[i + 1]] for i in range(len(sentences))]


def align_claims(articles: Sequence[ArticleAnnotations], *, threshold: float = CLAIM_THRESHOLD,
                 shared_only: bool = False) -> pd.DataFrame:
    """The sentences of ``articles`` aligned into claims.

    Two sentences of different articles state one claim when each is the other's most similar
    sentence in that article and their TF-IDF cosine similarity (words, English stop words
    removed, IDF over the sentences given) is at least ``threshold`` (0..1); alignment is
    transitive across articles. One row per article
    sentence: ``claim`` (int, numbered in order of first appearance), ``article`` (label),
    ``start``/``end`` (offsets of the sentence in its article), ``sentence``, ``n_articles``
    (how many articles state the claim), ``hedges`` (``"text (category, voice)"``),
    ``hedge_spans`` (``(start, end, category)`` in article offsets), ``chains`` (whom the
    sentence cites, as ``source → relay → outlet``) and ``sources`` (resolved names).
    ``shared_only`` keeps claims stated by two articles or more.
    """
    labels = [a.label for a in articles]
    if len(set(labels)) != len(labels):
        raise ValueError(f"article labels must be unique, got {labels}")
    spans = [sentence_spans(a.text or "") for a in articles]
    sentences = [[a.text[s:e] for s, e in sp] for a, sp in zip(articles, spans)]
    components = _claim_groups(sentences, threshold)
    records = []
    for article, sentence_list, comp in zip(articles, spans, components):
        hedges: dict[int, list] = {}
        for hedge in article.hedges:
            index = _sentence_of(sentence_list, hedge.start)
            if index is not None:
                hedges.setdefault(index, []).append(hedge)
        cited: dict[int, list] = {}
        for item in article.attributions:
            anchor = item.content_start if item.content_start is not None else item.cue_start
            for offset in (anchor, item.cue_start):
                index = _sentence_of(sentence_list, offset) if offset is not None else None
                if index is not None and item not in cited.get(index, []):
                    cited.setdefault(index, []).append(item)
        for index, (start, end) in enumerate(sentence_list):
            found = hedges.get(index, [])
            records.append({
                "component": int(comp[index]), "article": article.label, "start": start, "end": end,
                "sentence": article.text[start:end],
                "hedges": tuple(f"{h.text} ({h.category}, {getattr(h, 'voice', 'writer')})" for h in found),
                "hedge_spans": tuple((h.start, h.end, h.category) for h in found),
                "chains": tuple(chain_text(a.chain) for a in cited.get(index, [])),
                "sources": tuple(a.resolved or "(unnamed)" for a in cited.get(index, [])),
            })
    columns = ["claim", "article", "start", "end", "sentence", "n_articles", "hedges", "hedge_spans",
               "chains", "sources"]
    if not records:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(records)
    frame["n_articles"] = frame.groupby("component")["article"].transform("nunique")
    if shared_only:
        frame = frame[frame["n_articles"] >= 2]
    first_seen = {c: n for n, c in enumerate(dict.fromkeys(frame["component"]), start=1)}
    frame["claim"] = frame["component"].map(first_seen)
    return frame[columns].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Outlet profiles


def bootstrap_means(values: np.ndarray, *, n_boot: int = 1000, seed: int = 0) -> np.ndarray:
    """Bootstrap means of each column of ``values`` (rows = articles, NaN = missing):
    an ``(n_boot, n_columns)`` array; a resample's mean skips its NaNs (NaN where it has none)."""
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    if n == 0:
        return np.full((n_boot, values.shape[1]), np.nan)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(n_boot, n)) + (np.arange(n_boot) * n)[:, None]
    weights = np.bincount(draws.ravel(), minlength=n_boot * n).reshape(n_boot, n).astype(float)
    present = ~np.isnan(values)
    totals = weights @ np.where(present, values, 0.0)
    counts = weights @ present.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals / counts


def _column_quantiles(values: np.ndarray, q: Sequence[float]) -> np.ndarray:
    """Quantiles ``q`` of each column, NaNs skipped (NaN for an all-NaN column): a
    ``(len(q), columns)`` array. Columns without NaN take the fast path."""
    result = np.full((len(q), values.shape[1]), np.nan)
    missing = np.isnan(values)
    whole = ~missing.any(axis=0)
    if whole.any() and values.shape[0]:
        result[:, whole] = np.quantile(values[:, whole], q, axis=0)
    partial = missing.any(axis=0) & ~missing.all(axis=0)
    if partial.any():
        result[:, partial] = np.nanquantile(values[:, partial], q, axis=0)
    return result


def outlet_profiles(features: pd.DataFrame, *, outlet_column: str = "outlet",
                    measures: Sequence[str] | None = None, min_articles: int = 10,
                    n_boot: int = 1000, confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Per outlet and measure: ``n`` (articles with a value), ``mean`` and its percentile
    bootstrap interval ``ci_low``..``ci_high`` (``confidence``, resampling articles), ``median``,
    ``q25``, ``q75``, ``sd``, and ``too_few`` (True where ``n < min_articles``: marked, kept).
    Rows with an ``error`` are left out of the numbers. Outlets missing a name are "(unknown)"."""
    measures = list(measures) if measures is not None else measure_columns(features)
    frame = features
    if "error" in frame.columns:
        frame = frame[frame["error"].isna()]
    outlets = frame[outlet_column].astype("string").fillna("(unknown)")
    alpha = (1.0 - confidence) / 2.0
    grouped = frame[measures].astype(float).groupby(outlets, sort=True)
    stats = {"n": grouped.count(), "mean": grouped.mean(), "sd": grouped.std(ddof=1)}
    quartiles = grouped.quantile([0.25, 0.5, 0.75])
    for name, level in (("q25", 0.25), ("median", 0.5), ("q75", 0.75)):
        stats[name] = quartiles.xs(level, level=-1)
    low, high = {}, {}
    for outlet, part in grouped:
        boots = bootstrap_means(part.to_numpy(dtype=float), n_boot=n_boot, seed=seed)
        low[outlet], high[outlet] = _column_quantiles(boots, [alpha, 1 - alpha])
    stats["ci_low"] = pd.DataFrame.from_dict(low, orient="index", columns=measures)
    stats["ci_high"] = pd.DataFrame.from_dict(high, orient="index", columns=measures)
    long = pd.concat({name: table.stack() for name, table in stats.items()}, axis=1)
    long.index.names = ["outlet", "measure"]
    long = long.reset_index()
    long["n"] = long["n"].astype(int)
    long["too_few"] = long["n"] < min_articles
    return long[["outlet", "measure", "n", "mean", "ci_low", "ci_high", "median", "q25", "q75", "sd", "too_few"]]


def hedges_g(a: Sequence[float], b: Sequence[float], *, confidence: float = 0.95) -> tuple[float, float, float]:
    """Hedges' g of ``a`` against ``b`` (mean difference over the pooled SD, small-sample
    corrected; positive when ``a`` is higher) and its normal-approximation interval.
    NaNs are ignored; NaN where either side has fewer than 2 values or no spread."""
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    n1, n2 = len(x), len(y)
    if n1 < 2 or n2 < 2:
        return (np.nan, np.nan, np.nan)
    pooled = np.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
    if pooled == 0:
        return (np.nan, np.nan, np.nan)
    correction = 1 - 3 / (4 * (n1 + n2) - 9)
    g = (x.mean() - y.mean()) / pooled * correction
    se = np.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
    z = norm.ppf(0.5 + confidence / 2)
    return (float(g), float(g - z * se), float(g + z * se))


def effect_sizes(features: pd.DataFrame, measure: str, *, group_column: str = "outlet",
                 reference: str | None = None, groups: Sequence[str] | None = None) -> pd.DataFrame:
    """Hedges' g of ``measure`` for each group (outlet, rating class) against ``reference``
    (a group), or against all other articles when ``reference`` is None. Columns ``label``,
    ``group``, ``n_a``, ``n_b``, ``mean_a``, ``mean_b``, ``g``, ``g_low``, ``g_high``."""
    frame = features[features["error"].isna()] if "error" in features.columns else features
    keys = frame[group_column].astype("string").fillna("(unknown)")
    chosen = list(groups) if groups is not None else sorted(keys.unique())
    if reference is not None and reference not in set(keys):
        raise ValueError(f"reference {reference!r} is not a value of {group_column}")
    records = []
    for group in chosen:
        if group == reference:
            continue
        a = frame.loc[keys == group, measure]
        b = frame.loc[keys == reference, measure] if reference is not None else frame.loc[keys != group, measure]
        g, low, high = hedges_g(a, b)
        against = reference if reference is not None else "all others"
        records.append({"label": f"{group} vs {against}", "group": group, "n_a": int(a.notna().sum()),
                        "n_b": int(b.notna().sum()), "mean_a": a.mean(), "mean_b": b.mean(),
                        "g": g, "g_low": low, "g_high": high})
    return pd.DataFrame.from_records(records, columns=["label", "group", "n_a", "n_b", "mean_a", "mean_b",
                                                       "g", "g_low", "g_high"])


# ---------------------------------------------------------------------------------------------
# Signals of reliability


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


def annotate(texts: Iterable[str], labels: Iterable[str], outlets: Iterable[str | None]) -> list[ArticleAnnotations]:
    """Run the hedge, attribution and loaded-language scorers on each text (a missing text is
    analysed as empty)."""
    annotated = []
    for text, label, outlet in zip(texts, labels, outlets):
        text = text if isinstance(text, str) else ""
        outlet = outlet if isinstance(outlet, str) else None
        annotated.append(ArticleAnnotations(label, text, outlet, tuple(find_hedges(text)),
                                            tuple(extract_attributions(text, outlet=outlet)),
                                            tuple(find_loaded_language(text))))
    return annotated
