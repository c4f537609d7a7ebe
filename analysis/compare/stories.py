"""Stories: articles grouped into stories by TF-IDF similarity of title and lead within a
date window, and pairwise precision and recall of a grouping against gold.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

# Story grouping defaults: the threshold is the best F1 on the dev half of the story triplets
# (stories at even positions of the sorted ids, compared on text alone), reported on the other
# half (``python -m analysis evaluate stories``); the window is one day either side.
STORY_THRESHOLD = 0.2


STORY_WINDOW_DAYS = 1


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
